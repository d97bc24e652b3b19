#include "metrics/KeptFile.h"

#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#include <utility>

namespace fd::metrics {

namespace {

std::atomic<int> g_kept{0};

int computeBudget()
{
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return 4096;
    // Half the soft limit: the rest of the application (sockets, SQLite, Qt) keeps plenty.
    // With the common 1024 that is 512 descriptors, 85 containers at six files each.
    return int(std::min<rlim_t>(rl.rlim_cur / 2, 1 << 20));
}

// A seq_file read returns at most its buffer (one page, or more for a single big record), so a
// short read does not always mean the end. A read shorter than half a page cannot have been cut
// by that buffer (our records are lines well under 2 KiB), so it needs no extra read to see EOF:
// that saves one system call per file on every sample.
constexpr qint64 kSurelyComplete = 2048;

} // namespace

KeptFile::KeptFile(KeptFile &&other) noexcept : m_path(std::move(other.m_path)), m_fd(std::exchange(other.m_fd, -1))
{}

KeptFile &KeptFile::operator=(KeptFile &&other) noexcept
{
    if (this != &other) {
        close();
        m_path = std::move(other.m_path);
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

KeptFile::~KeptFile()
{
    close();
}

void KeptFile::close()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
        --g_kept;
    }
}

int KeptFile::keptCount()
{
    return g_kept.load();
}

int KeptFile::keptBudget()
{
    static const int budget = computeBudget();
    return budget;
}

namespace {

// pread() from offset 0 until the end; -1 on error.
qint64 readFrom(int fd, std::vector<char> &buf)
{
    std::size_t used = 0;
    for (;;) {
        if (used == buf.size())
            buf.resize(buf.size() * 2);
        const ssize_t n = ::pread(fd, buf.data() + used, buf.size() - used, off_t(used));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        used += std::size_t(n);
        if (n == 0 || (used < std::size_t(kSurelyComplete) && used < buf.size()))
            return qint64(used);
    }
}

} // namespace

qint64 KeptFile::read(std::vector<char> &buf)
{
    if (m_path.empty())
        return -1;
    if (buf.empty())
        buf.resize(4096);
    if (m_fd >= 0) {
        const qint64 n = readFrom(m_fd, buf);
        if (n >= 0)
            return n;
        close(); // stale (ENODEV once the cgroup is gone): try a fresh open once
    }
    const int fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    const qint64 n = readFrom(fd, buf);
    if (n >= 0 && g_kept.load() < keptBudget()) {
        m_fd = fd;
        ++g_kept;
    } else {
        ::close(fd);
    }
    return n;
}

} // namespace fd::metrics
