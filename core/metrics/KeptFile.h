#pragma once

#include <QtGlobal>

#include <string>
#include <vector>

namespace fd::metrics {

/**
 * One file read on every sample, kept open between samples: on the machines this runs on, an
 * open/read/close of a cgroup file costs about 11 µs (the path walk dominates), a pread() at
 * offset 0 on a kept descriptor about 1.6 µs (bench/RESULTS.md). cgroup and /proc files are
 * seq_files, which regenerate their content on every read from offset 0.
 *
 * When the cgroup is removed (the container stopped) a kept descriptor reads ENODEV; the reader
 * then closes all of the container's files and the caller locates it again. Descriptors are kept
 * only within a process-wide budget (half the RLIMIT_NOFILE soft limit); past it a file is
 * opened and closed on every read instead.
 * Move-only: it owns the descriptor.
 */
class KeptFile
{
public:
    KeptFile() = default;
    explicit KeptFile(std::string path) : m_path(std::move(path)) {}
    KeptFile(KeptFile &&other) noexcept;
    KeptFile &operator=(KeptFile &&other) noexcept;
    KeptFile(const KeptFile &) = delete;
    KeptFile &operator=(const KeptFile &) = delete;
    ~KeptFile();

    const std::string &path() const { return m_path; }
    bool isEmpty() const { return m_path.empty(); }
    bool isOpen() const { return m_fd >= 0; }
    void close();

    /// Reads the whole file from offset 0 into `buf` (grown as needed), opening it first when
    /// needed and keeping it open when the budget allows. Returns the number of bytes, or -1 when
    /// the file cannot be opened or read (it is then closed). One retry with a fresh open covers
    /// a descriptor that went stale.
    qint64 read(std::vector<char> &buf);

    /// Descriptors kept open right now by all KeptFiles of the process, and the most allowed.
    static int keptCount();
    static int keptBudget();

private:
    std::string m_path;
    int m_fd = -1;
};

} // namespace fd::metrics
