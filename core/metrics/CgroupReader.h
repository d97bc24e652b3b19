#pragma once

#include "Result.h"
#include "metrics/KeptFile.h"
#include "metrics/RawSample.h"

#include <QString>

#include <string>
#include <string_view>
#include <vector>

namespace fd::metrics {

enum class CgroupVersion {
    Unknown, ///< neither layout found under the root (no cgroups mounted, or a wrong root)
    V1,      ///< one hierarchy per controller (also "hybrid" hosts with cgroup2 on /sys/fs/cgroup/unified)
    V2,      ///< the unified hierarchy: <root>/cgroup.controllers exists
};

/// Where a container's cgroup was found.
enum class CgroupLayout {
    V1Cgroupfs,     ///< <root>/<controller>/docker/<id>/            (dockerd --exec-opt native.cgroupdriver=cgroupfs)
    V1Systemd,      ///< <root>/<controller>/system.slice/docker-<id>.scope/
    V2Systemd,      ///< <root>/system.slice/docker-<id>.scope/
    V2Cgroupfs,     ///< <root>/docker/<id>/
    FromProcCgroup, ///< somewhere else (e.g. --cgroup-parent), found through /proc/<pid>/cgroup
};

QString toString(CgroupVersion v);
QString toString(CgroupLayout l);

/// The files of one container, resolved once by CgroupReader::locate() and reused (kept open) for
/// every sample. Paths are native byte strings, so a sample does no string conversion.
struct ContainerCgroup
{
    QString id;
    qint64 pid = 0; ///< the container's init pid (0: no network readings)
    CgroupVersion version = CgroupVersion::Unknown;
    CgroupLayout layout = CgroupLayout::V1Cgroupfs;

    KeptFile cpu;      ///< v1 cpuacct.usage (ns) | v2 cpu.stat (usage_usec)
    KeptFile memUsage; ///< v1 memory.usage_in_bytes | v2 memory.current
    KeptFile memLimit; ///< v1 memory.limit_in_bytes | v2 memory.max
    KeptFile memStat;  ///< memory.stat
    KeptFile block;    ///< v1 blkio.throttle.io_service_bytes_recursive | v2 io.stat
    KeptFile netDev;   ///< <proc>/<pid>/net/dev; empty without a pid

    quint64 memLimitBytes = 0; ///< last limit read (0: read it on the next sample)
    int samplesSinceLimit = 0;

    /// Closes every kept descriptor (they reopen on the next read) and forgets the cached limit.
    void closeFiles();
};

/// Host CPU time like the daemon's `system_cpu_usage`: the first seven fields of the `cpu` line of
/// /proc/stat (user nice system idle iowait irq softirq) in ns, and the number of `cpuN` lines.
struct HostCpu
{
    quint64 totalNs = 0;
    quint32 onlineCpus = 0;
};

/**
 * Reads a container's counters straight from its cgroup files and from /proc, the way the Docker
 * daemon does for `docker stats`, without asking the daemon.
 *
 * Cheap by design: a sample is six pread() calls on descriptors kept open (see KeptFile) into one
 * reused buffer, and parsing over string_views; nothing is allocated per sample. One reader is
 * used by one thread.
 *
 * The roots are injectable so tests can point it at a fake tree in a temporary directory.
 */
class CgroupReader
{
public:
    struct Roots
    {
        QString cgroup = QStringLiteral("/sys/fs/cgroup");
        QString proc = QStringLiteral("/proc");
    };

    /// Detects the cgroup version and the v1 controller directories, and reads the host's
    /// MemTotal and clock tick rate.
    CgroupReader();
    explicit CgroupReader(Roots roots);

    /// A container's memory limit is re-read every this many samples (it changes only with
    /// `docker update`, and then shows within 10 s at 1 Hz).
    static constexpr int kLimitRefreshSamples = 10;

    CgroupVersion version() const { return m_version; }
    const Roots &roots() const { return m_roots; }
    /// Host RAM in bytes (/proc/meminfo MemTotal), 0 when unreadable. Used as the limit of a
    /// container without one, like the daemon does.
    quint64 hostMemoryBytes() const { return m_hostMemory; }

    /**
     * Finds a container's cgroup from its full id: the cgroupfs layout first, then systemd; when
     * neither exists and a pid is given, the paths listed in /proc/<pid>/cgroup. `pid` also names
     * the network namespace read for rx/tx (0: none).
     * Fails with code "CgroupNotFound" (e.g. the container is not running yet, or already gone).
     */
    Result<ContainerCgroup> locate(const QString &containerId, qint64 pid = 0) const;

    /**
     * Reads one sample's container counters: CPU, memory, and when readable network and block I/O
     * (RawSample::parts says which). The timestamp and the host CPU fields are left for the caller,
     * which reads readHostCpu() once per round for all containers.
     * Fails with "CgroupReadFailed" when the CPU or memory files cannot be read or make no sense
     * (the container stopped); its files are then closed.
     */
    Result<RawSample> read(ContainerCgroup &c);

    /// Reads /proc/stat. Fails with "ProcReadFailed" / "ProcParseFailed".
    Result<HostCpu> readHostCpu();

private:
    /// Reads a whole file into m_buf, keeping it open when the budget allows; the view is valid
    /// until the next call. False when the file cannot be opened or read.
    bool readFile(KeptFile &file, std::string_view *out);
    /// pread() from offset 0 to the end into m_buf; -1 on error.
    qint64 readAll(int fd);
    bool readCpu(ContainerCgroup &c, RawSample *s);
    bool readMemory(ContainerCgroup &c, RawSample *s);
    bool readBlock(ContainerCgroup &c, RawSample *s);
    bool readNetwork(ContainerCgroup &c, RawSample *s);
    bool fillPaths(ContainerCgroup *c, const QString &cpuDir, const QString &memDir, const QString &blkDir) const;
    bool locateFromProc(ContainerCgroup *c) const;

    Roots m_roots;
    CgroupVersion m_version = CgroupVersion::Unknown;
    QString m_cpuacctDir; ///< v1: <root>/cpuacct (or cpu,cpuacct)
    QString m_memoryDir;  ///< v1: <root>/memory
    QString m_blkioDir;   ///< v1: <root>/blkio
    KeptFile m_procStat;
    quint64 m_hostMemory = 0;
    quint64 m_nsPerTick = 10000000; ///< 1e9 / sysconf(_SC_CLK_TCK)
    std::vector<char> m_buf;
};

} // namespace fd::metrics
