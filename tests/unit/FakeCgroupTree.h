#pragma once

// A fake /sys/fs/cgroup and /proc in a temporary directory, for CgroupReader and StatsCollector
// tests. File contents copy what a Linux 6.x kernel with Docker 20.10 writes (v1 captured on this
// project's CI machine; v2 from a Debian 12 host), trimmed to what matters.

#include <QDir>
#include <QFile>
#include <QString>
#include <QTemporaryDir>

#include <unistd.h>

namespace fd::test {

class FakeCgroupTree
{
public:
    enum class Layout {
        V1Cgroupfs,     ///< separate cpu and cpuacct mounts, /docker/<id>
        V1Systemd,      ///< combined "cpu,cpuacct" mount, /system.slice/docker-<id>.scope
        V2Systemd,      ///< unified, /system.slice/docker-<id>.scope
        V2Cgroupfs,     ///< unified, /docker/<id>
        V1CustomParent, ///< --cgroup-parent=/fleetdeck: only /proc/<pid>/cgroup knows where
    };

    static constexpr quint64 kHostMemKb = 24681720; // MemTotal of a 24 GiB machine
    static constexpr quint64 kUnlimitedV1 = 9223372036854771712ULL;

    explicit FakeCgroupTree(Layout layout) : m_layout(layout)
    {
        QDir root(m_dir.path());
        root.mkpath(QStringLiteral("cgroup"));
        root.mkpath(QStringLiteral("proc"));
        if (isV2()) {
            write(cgroupRoot() + QStringLiteral("/cgroup.controllers"),
                  "cpuset cpu io memory hugetlb pids rdma misc\n");
        } else {
            for (const char *c : {"memory", "blkio", "devices", "pids"})
                root.mkpath(QStringLiteral("cgroup/") + QLatin1String(c));
            if (layout == Layout::V1Systemd) {
                root.mkpath(QStringLiteral("cgroup/cpu,cpuacct"));
            } else {
                root.mkpath(QStringLiteral("cgroup/cpu"));
                root.mkpath(QStringLiteral("cgroup/cpuacct"));
            }
        }
        write(procRoot() + QStringLiteral("/meminfo"),
              "MemTotal:       " + QByteArray::number(kHostMemKb) +
                  " kB\nMemFree:        21357084 kB\nMemAvailable:   22645244 kB\nBuffers:          "
                  "103328 kB\nCached:          1523412 kB\n");
        setHostTicks(383837, 0, 90867, 175648, 944, 0, 762);
    }

    bool isValid() const { return m_dir.isValid(); }
    bool isV2() const { return m_layout == Layout::V2Systemd || m_layout == Layout::V2Cgroupfs; }
    QString cgroupRoot() const { return m_dir.path() + QStringLiteral("/cgroup"); }
    QString procRoot() const { return m_dir.path() + QStringLiteral("/proc"); }

    /// /proc/stat with 2 CPUs. The first seven fields of "cpu" are what the daemon sums; steal
    /// and guest (here non-zero) must be left out.
    void setHostTicks(quint64 user, quint64 nice, quint64 system, quint64 idle, quint64 iowait, quint64 irq,
                      quint64 softirq)
    {
        const auto n = [](quint64 v) { return QByteArray::number(v); };
        const auto half = [](quint64 v) { return QByteArray::number(v / 2); };
        const auto other = [](quint64 v) { return QByteArray::number(v - v / 2); };
        QByteArray text = "cpu  " + n(user) + ' ' + n(nice) + ' ' + n(system) + ' ' + n(idle) + ' ' + n(iowait) + ' ' +
                          n(irq) + ' ' + n(softirq) + " 37 11 0\n";
        text += "cpu0 " + half(user) + ' ' + half(nice) + ' ' + half(system) + ' ' + half(idle) + ' ' + half(iowait) +
                ' ' + half(irq) + ' ' + half(softirq) + " 18 5 0\n";
        text += "cpu1 " + other(user) + ' ' + other(nice) + ' ' + other(system) + ' ' + other(idle) + ' ' +
                other(iowait) + ' ' + other(irq) + ' ' + other(softirq) + " 19 6 0\n";
        text += "intr 1946529 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 1 10 0 0 0 0 655 203\n"
                "ctxt 3716240\nbtime 1767225000\nprocesses 48211\nprocs_running 1\nprocs_blocked 0\n"
                "softirq 1230934 0 286193 13 101245 52011 0 2036 389912 0 399524\n";
        write(procRoot() + QStringLiteral("/stat"), text);
    }

    /// Host CPU in ns as CgroupReader computes it, for ticks summed the same way.
    static quint64 ticksToNs(quint64 ticks) { return ticks * (1000000000ULL / quint64(sysconf(_SC_CLK_TCK))); }

    /// The cgroup directories of one container, and (pid > 0) its /proc/<pid>.
    void addContainer(const QString &id, qint64 pid)
    {
        for (const QString &dir : dirs(id))
            QDir().mkpath(dir);
        if (m_layout == Layout::V1CustomParent) {
            QDir().mkpath(procRoot() + u'/' + QString::number(pid));
            write(procRoot() + u'/' + QString::number(pid) + QStringLiteral("/cgroup"),
                  "12:pids:/fleetdeck/" + id.toUtf8() + "\n9:name=systemd:/fleetdeck/" + id.toUtf8() +
                      "\n7:blkio:/fleetdeck/" + id.toUtf8() + "\n4:memory:/fleetdeck/" + id.toUtf8() +
                      "\n2:cpuacct:/fleetdeck/" + id.toUtf8() + "\n1:cpu:/fleetdeck/" + id.toUtf8() + "\n0::/\n");
        }
        setCpuNs(id, 81546727);
        setMemory(id, 716800, 81920, 0);
        setBlock(id, 4096000, 8192);
        if (pid > 0)
            setNet(pid, 486, 0);
    }

    /// Like rmdir of a real cgroup: the directory goes, and a descriptor still open on one of its
    /// files reads nothing useful (the kernel says ENODEV; here the file is emptied first).
    void removeContainer(const QString &id)
    {
        for (const QString &dir : dirs(id)) {
            for (const QString &name : QDir(dir).entryList(QDir::Files))
                write(dir + u'/' + name, QByteArray());
            QDir(dir).removeRecursively();
        }
    }

    void setCpuNs(const QString &id, quint64 ns)
    {
        if (isV2()) {
            const quint64 usec = ns / 1000;
            write(cpuDir(id) + QStringLiteral("/cpu.stat"), "usage_usec " + QByteArray::number(usec) + "\nuser_usec " +
                                                                QByteArray::number(usec / 2) + "\nsystem_usec " +
                                                                QByteArray::number(usec - usec / 2) +
                                                                "\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");
        } else {
            write(cpuDir(id) + QStringLiteral("/cpuacct.usage"), QByteArray::number(ns) + '\n');
        }
    }

    /// Memory usage with `inactiveFile` bytes of inactive page cache out of `cache`; limit 0 is "none".
    void setMemory(const QString &id, quint64 usage, quint64 inactiveFile, quint64 limit, quint64 cache = 163840)
    {
        const QString dir = memDir(id);
        const auto n = [](quint64 v) { return QByteArray::number(v); };
        if (isV2()) {
            write(dir + QStringLiteral("/memory.current"), n(usage) + '\n');
            write(dir + QStringLiteral("/memory.max"), limit ? n(limit) + '\n' : QByteArray("max\n"));
            write(dir + QStringLiteral("/memory.stat"),
                  "anon 2678784\nfile " + n(cache) +
                      "\nkernel_stack 65536\npagetables 118784\npercpu 0\nsock 0\nshmem 0\nfile_mapped 1097728\n"
                      "file_dirty 0\nfile_writeback 0\nswapcached 0\nanon_thp 0\nfile_thp 0\nshmem_thp 0\n"
                      "inactive_anon 2658304\nactive_anon 20480\ninactive_file " +
                      n(inactiveFile) + "\nactive_file " + n(cache - inactiveFile) +
                      "\nunevictable 0\nslab_reclaimable 160560\nslab_unreclaimable 138768\nslab 299328\n"
                      "workingset_refault_anon 0\nworkingset_refault_file 0\npgfault 2409\npgmajfault 0\n");
        } else {
            write(dir + QStringLiteral("/memory.usage_in_bytes"), n(usage) + '\n');
            write(dir + QStringLiteral("/memory.limit_in_bytes"), n(limit ? limit : kUnlimitedV1) + '\n');
            // Non-hierarchical keys first (this cgroup only, here deliberately different), then the
            // total_* ones the CLI uses.
            write(dir + QStringLiteral("/memory.stat"),
                  "cache 81920\nrss 106496\nrss_huge 0\nshmem 0\nmapped_file 69632\ndirty 0\nwriteback 0\n"
                  "workingset_refault_anon 0\nworkingset_refault_file 20\nswap 0\nswapcached 0\npgpgin 825\n"
                  "pgpgout 779\npgfault 1059\npgmajfault 1\ninactive_anon 102400\nactive_anon 4096\n"
                  "inactive_file 4096\nactive_file 77824\nunevictable 0\n"
                  "hierarchical_memory_limit 9223372036854771712\nhierarchical_memsw_limit 9223372036854771712\n"
                  "total_cache " +
                      n(cache) +
                      "\ntotal_rss 106496\ntotal_rss_huge 0\ntotal_shmem 0\ntotal_mapped_file 69632\n"
                      "total_dirty 0\ntotal_writeback 0\ntotal_workingset_refault_anon 0\n"
                      "total_workingset_refault_file 20\ntotal_swap 0\ntotal_swapcached 0\ntotal_pgpgin 825\n"
                      "total_pgpgout 779\ntotal_pgfault 1059\ntotal_pgmajfault 1\ntotal_inactive_anon 102400\n"
                      "total_active_anon 4096\ntotal_inactive_file " +
                      n(inactiveFile) + "\ntotal_active_file " + n(cache - inactiveFile) + "\ntotal_unevictable 0\n");
        }
    }

    /// Two devices: `read`/`write` on 8:0, and 1000 bytes read on 253:0.
    void setBlock(const QString &id, quint64 read, quint64 write)
    {
        const auto n = [](quint64 v) { return QByteArray::number(v); };
        if (isV2()) {
            this->write(blkDir(id) + QStringLiteral("/io.stat"),
                        "8:0 rbytes=" + n(read) + " wbytes=" + n(write) +
                            " rios=100 wios=2 dbytes=0 dios=0\n253:0 rbytes=1000 wbytes=0 rios=1 wios=0 dbytes=0 "
                            "dios=0\n");
        } else {
            this->write(blkDir(id) + QStringLiteral("/blkio.throttle.io_service_bytes_recursive"),
                        "8:0 Read " + n(read) + "\n8:0 Write " + n(write) + "\n8:0 Sync " + n(read + write) +
                            "\n8:0 Async 0\n8:0 Discard 0\n8:0 Total " + n(read + write) +
                            "\n253:0 Read 1000\n253:0 Write 0\n253:0 Sync 1000\n253:0 Async 0\n253:0 Discard 0\n"
                            "253:0 Total 1000\nTotal " +
                            n(read + write + 1000) + "\n");
        }
    }

    /// lo carries traffic that must not count; eth0 carries `rx`/`tx`, eth1 100/50 more.
    void setNet(qint64 pid, quint64 rx, quint64 tx)
    {
        const QString dir = procRoot() + u'/' + QString::number(pid) + QStringLiteral("/net");
        QDir().mkpath(dir);
        const auto n = [](quint64 v) { return QByteArray::number(v); };
        write(dir + QStringLiteral("/dev"),
              "Inter-|   Receive                                                |  Transmit\n"
              " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo "
              "colls carrier compressed\n"
              "    lo:   99999      12    0    0    0     0          0         0    99999      12    0    0    0    "
              " 0       0          0\n"
              "  eth0:" +
                  n(rx) + "       5    0    0    0     0          0         0 " + n(tx) +
                  "       0    0    0    0     0       0          0\n"
                  "  eth1:     100       1    0    0    0     0          0         0       50       1    0    0    0 "
                  "    0       0          0\n");
    }

    QString cpuDir(const QString &id) const { return dirs(id).at(0); }
    QString memDir(const QString &id) const { return dirs(id).at(1); }
    QString blkDir(const QString &id) const { return dirs(id).at(2); }

private:
    QStringList dirs(const QString &id) const
    {
        const QString r = cgroupRoot();
        switch (m_layout) {
        case Layout::V1Cgroupfs:
            return {r + QStringLiteral("/cpuacct/docker/") + id, r + QStringLiteral("/memory/docker/") + id,
                    r + QStringLiteral("/blkio/docker/") + id};
        case Layout::V1Systemd: {
            const QString scope = QStringLiteral("/system.slice/docker-") + id + QStringLiteral(".scope");
            return {r + QStringLiteral("/cpu,cpuacct") + scope, r + QStringLiteral("/memory") + scope,
                    r + QStringLiteral("/blkio") + scope};
        }
        case Layout::V2Systemd: {
            const QString d = r + QStringLiteral("/system.slice/docker-") + id + QStringLiteral(".scope");
            return {d, d, d};
        }
        case Layout::V2Cgroupfs: {
            const QString d = r + QStringLiteral("/docker/") + id;
            return {d, d, d};
        }
        case Layout::V1CustomParent:
            return {r + QStringLiteral("/cpuacct/fleetdeck/") + id, r + QStringLiteral("/memory/fleetdeck/") + id,
                    r + QStringLiteral("/blkio/fleetdeck/") + id};
        }
        return {};
    }

    static void write(const QString &path, const QByteArray &content)
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("FakeCgroupTree: cannot write %s", qPrintable(path));
        f.write(content);
    }

    Layout m_layout;
    QTemporaryDir m_dir;
};

} // namespace fd::test
