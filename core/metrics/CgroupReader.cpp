#include "metrics/CgroupReader.h"

#include "metrics/MetricsLogging.h"
#include "metrics/StatsMath.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <charconv>
#include <optional>
#include <unistd.h>

namespace fd::metrics {

namespace {

// Big enough for memory.stat (about 1.2 KiB on v1, 1.5 KiB on v2) and /proc/stat of a small
// host; KeptFile::read() doubles it for anything larger, so it settles after the first round.
constexpr std::size_t kInitialBuffer = 8192;

std::string nativePath(const QString &path)
{
    return QFile::encodeName(path).toStdString();
}

bool isDir(const QString &path)
{
    return QFileInfo(path).isDir();
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

std::optional<quint64> parseU64(std::string_view s)
{
    s = trim(s);
    quint64 v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return v;
}

/// Splits off the next line (without its '\n').
std::string_view nextLine(std::string_view *rest)
{
    const std::size_t nl = rest->find('\n');
    std::string_view line = rest->substr(0, nl);
    rest->remove_prefix(nl == std::string_view::npos ? rest->size() : nl + 1);
    return line;
}

/// Splits off the next whitespace-separated field.
std::string_view nextField(std::string_view *rest)
{
    std::size_t i = 0;
    while (i < rest->size() && ((*rest)[i] == ' ' || (*rest)[i] == '\t'))
        ++i;
    std::size_t j = i;
    while (j < rest->size() && (*rest)[j] != ' ' && (*rest)[j] != '\t')
        ++j;
    std::string_view field = rest->substr(i, j - i);
    rest->remove_prefix(j);
    return field;
}

/// "key value" lines (memory.stat, cpu.stat): the value of `key`, if present.
std::optional<quint64> keyedValue(std::string_view text, std::string_view key)
{
    while (!text.empty()) {
        std::string_view line = nextLine(&text);
        if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ' ')
            return parseU64(line.substr(key.size() + 1));
    }
    return std::nullopt;
}

QString firstExistingDir(const QString &root, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        const QString dir = root + u'/' + QLatin1String(name);
        if (isDir(dir))
            return dir;
    }
    return {};
}

} // namespace

QString toString(CgroupVersion v)
{
    switch (v) {
    case CgroupVersion::Unknown:
        return QStringLiteral("unknown");
    case CgroupVersion::V1:
        return QStringLiteral("v1");
    case CgroupVersion::V2:
        return QStringLiteral("v2");
    }
    return QStringLiteral("unknown");
}

QString toString(CgroupLayout l)
{
    switch (l) {
    case CgroupLayout::V1Cgroupfs:
        return QStringLiteral("v1 cgroupfs");
    case CgroupLayout::V1Systemd:
        return QStringLiteral("v1 systemd");
    case CgroupLayout::V2Systemd:
        return QStringLiteral("v2 systemd");
    case CgroupLayout::V2Cgroupfs:
        return QStringLiteral("v2 cgroupfs");
    case CgroupLayout::FromProcCgroup:
        return QStringLiteral("from /proc/<pid>/cgroup");
    }
    return QStringLiteral("unknown");
}

void ContainerCgroup::closeFiles()
{
    for (KeptFile *f : {&cpu, &memUsage, &memLimit, &memStat, &block, &netDev})
        f->close();
    memLimitBytes = 0; // a restarted container may have a new limit
}

CgroupReader::CgroupReader() : CgroupReader(Roots{})
{}

CgroupReader::CgroupReader(Roots roots) : m_roots(std::move(roots)), m_buf(kInitialBuffer)
{
    while (m_roots.cgroup.endsWith(u'/') && m_roots.cgroup.size() > 1)
        m_roots.cgroup.chop(1);
    while (m_roots.proc.endsWith(u'/') && m_roots.proc.size() > 1)
        m_roots.proc.chop(1);

    if (QFileInfo::exists(m_roots.cgroup + QStringLiteral("/cgroup.controllers"))) {
        m_version = CgroupVersion::V2;
    } else {
        // cpu and cpuacct are mounted together on most distributions ("cpu,cpuacct", with
        // "cpuacct" a symlink to it) and separately on some (this project's CI machines).
        m_cpuacctDir = firstExistingDir(m_roots.cgroup, {"cpuacct", "cpu,cpuacct", "cpuacct,cpu"});
        m_memoryDir = firstExistingDir(m_roots.cgroup, {"memory"});
        m_blkioDir = firstExistingDir(m_roots.cgroup, {"blkio"});
        if (!m_cpuacctDir.isEmpty() && !m_memoryDir.isEmpty())
            m_version = CgroupVersion::V1;
    }
    if (m_version == CgroupVersion::Unknown)
        qCWarning(lcMetrics) << "no cgroup v1 or v2 hierarchy under" << m_roots.cgroup;

    m_procStat = KeptFile(nativePath(m_roots.proc + QStringLiteral("/stat")));
    const long ticks = sysconf(_SC_CLK_TCK);
    if (ticks > 0)
        m_nsPerTick = quint64(1000000000 / ticks);

    QFile meminfo(m_roots.proc + QStringLiteral("/meminfo"));
    if (meminfo.open(QIODevice::ReadOnly)) {
        // "MemTotal:       24681720 kB"
        const QByteArray text = meminfo.readAll();
        std::string_view rest(text.constData(), std::size_t(text.size()));
        while (!rest.empty()) {
            std::string_view line = nextLine(&rest);
            if (line.substr(0, 9) == "MemTotal:") {
                line.remove_prefix(9);
                std::string_view number = nextField(&line);
                if (const auto kb = parseU64(number))
                    m_hostMemory = *kb * 1024;
                break;
            }
        }
    }
    if (m_hostMemory == 0)
        qCWarning(lcMetrics) << "cannot read MemTotal from" << meminfo.fileName();
}

bool CgroupReader::fillPaths(ContainerCgroup *c, const QString &cpuDir, const QString &memDir,
                             const QString &blkDir) const
{
    if (!isDir(cpuDir) || !isDir(memDir))
        return false;
    if (c->version == CgroupVersion::V2) {
        c->cpu = KeptFile(nativePath(cpuDir + QStringLiteral("/cpu.stat")));
        c->memUsage = KeptFile(nativePath(memDir + QStringLiteral("/memory.current")));
        c->memLimit = KeptFile(nativePath(memDir + QStringLiteral("/memory.max")));
        c->memStat = KeptFile(nativePath(memDir + QStringLiteral("/memory.stat")));
        c->block = KeptFile(nativePath(blkDir + QStringLiteral("/io.stat")));
    } else {
        c->cpu = KeptFile(nativePath(cpuDir + QStringLiteral("/cpuacct.usage")));
        c->memUsage = KeptFile(nativePath(memDir + QStringLiteral("/memory.usage_in_bytes")));
        c->memLimit = KeptFile(nativePath(memDir + QStringLiteral("/memory.limit_in_bytes")));
        c->memStat = KeptFile(nativePath(memDir + QStringLiteral("/memory.stat")));
        c->block = blkDir.isEmpty()
                       ? KeptFile()
                       : KeptFile(nativePath(blkDir + QStringLiteral("/blkio.throttle.io_service_bytes_recursive")));
    }
    return true;
}

bool CgroupReader::locateFromProc(ContainerCgroup *c) const
{
    // Lines are "hierarchy-id:controller-list:path"; v2 has the single line "0::/path".
    QFile f(m_roots.proc + u'/' + QString::number(c->pid) + QStringLiteral("/cgroup"));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    QString cpu, mem, blk, unified;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype first = line.indexOf(':');
        const qsizetype second = line.indexOf(':', first + 1);
        if (first < 0 || second < 0)
            continue;
        const QList<QByteArray> controllers = line.mid(first + 1, second - first - 1).split(',');
        const QString path = QFile::decodeName(line.mid(second + 1));
        if (line.mid(first + 1, second - first - 1).isEmpty() && line.left(first) == "0")
            unified = path;
        if (controllers.contains("cpuacct"))
            cpu = path;
        if (controllers.contains("memory"))
            mem = path;
        if (controllers.contains("blkio"))
            blk = path;
    }
    if (m_version == CgroupVersion::V2) {
        if (unified.isEmpty())
            return false;
        const QString dir = m_roots.cgroup + unified;
        return fillPaths(c, dir, dir, dir);
    }
    if (cpu.isEmpty() || mem.isEmpty())
        return false;
    return fillPaths(c, m_cpuacctDir + cpu, m_memoryDir + mem, blk.isEmpty() ? QString() : m_blkioDir + blk);
}

Result<ContainerCgroup> CgroupReader::locate(const QString &containerId, qint64 pid) const
{
    ContainerCgroup c;
    c.id = containerId;
    c.pid = pid;
    c.version = m_version;
    if (pid > 0)
        c.netDev = KeptFile(nativePath(m_roots.proc + u'/' + QString::number(pid) + QStringLiteral("/net/dev")));

    // A full id is 64 hex digits; anything with a slash would escape the cgroup tree.
    if (containerId.isEmpty() || containerId.contains(u'/') || containerId.contains(u"..")) {
        return makeError(QStringLiteral("InvalidContainerId"),
                         QStringLiteral("not a container id: \"%1\"").arg(containerId));
    }

    const QString cgroupfs = QStringLiteral("/docker/") + containerId;
    const QString systemd = QStringLiteral("/system.slice/docker-") + containerId + QStringLiteral(".scope");
    if (m_version == CgroupVersion::V1) {
        c.layout = CgroupLayout::V1Cgroupfs;
        if (fillPaths(&c, m_cpuacctDir + cgroupfs, m_memoryDir + cgroupfs,
                      m_blkioDir.isEmpty() ? QString() : m_blkioDir + cgroupfs))
            return c;
        c.layout = CgroupLayout::V1Systemd;
        if (fillPaths(&c, m_cpuacctDir + systemd, m_memoryDir + systemd,
                      m_blkioDir.isEmpty() ? QString() : m_blkioDir + systemd))
            return c;
    } else if (m_version == CgroupVersion::V2) {
        c.layout = CgroupLayout::V2Systemd;
        const QString sd = m_roots.cgroup + systemd;
        if (fillPaths(&c, sd, sd, sd))
            return c;
        c.layout = CgroupLayout::V2Cgroupfs;
        const QString fs = m_roots.cgroup + cgroupfs;
        if (fillPaths(&c, fs, fs, fs))
            return c;
    }
    if (pid > 0 && m_version != CgroupVersion::Unknown) {
        c.layout = CgroupLayout::FromProcCgroup;
        if (locateFromProc(&c))
            return c;
    }
    return makeError(QStringLiteral("CgroupNotFound"),
                     QStringLiteral("no %1 cgroup for container %2 under %3")
                         .arg(toString(m_version), containerId.left(12), m_roots.cgroup));
}

bool CgroupReader::readFile(KeptFile &file, std::string_view *out)
{
    const qint64 n = file.read(m_buf);
    if (n < 0)
        return false;
    *out = std::string_view(m_buf.data(), std::size_t(n));
    return true;
}

bool CgroupReader::readCpu(ContainerCgroup &c, RawSample *s)
{
    std::string_view text;
    if (!readFile(c.cpu, &text))
        return false;
    std::optional<quint64> ns;
    if (c.version == CgroupVersion::V2) {
        if (const auto usec = keyedValue(text, "usage_usec"))
            ns = *usec * 1000;
    } else {
        ns = parseU64(text);
    }
    if (!ns)
        return false;
    s->cpuUsageNs = *ns;
    s->parts |= RawSample::Cpu;
    return true;
}

bool CgroupReader::readMemory(ContainerCgroup &c, RawSample *s)
{
    std::string_view text;
    if (!readFile(c.memUsage, &text))
        return false;
    const auto usage = parseU64(text);
    if (!usage)
        return false;

    // The limit only changes with `docker update`, so it is read on the first sample and then every
    // kLimitRefreshSamples-th: one system call less per container on nine samples out of ten.
    if (c.memLimitBytes == 0 || ++c.samplesSinceLimit >= kLimitRefreshSamples) {
        c.samplesSinceLimit = 0;
        c.memLimitBytes = m_hostMemory;
        if (readFile(c.memLimit, &text)) {
            // v1 without a limit reads 9223372036854771712 (LONG_MAX rounded down to a page), v2
            // "max". The daemon caps the limit at host RAM (daemon_unix.go): MEM % is then against
            // the machine.
            if (const auto l = parseU64(text); l && (m_hostMemory == 0 || *l < m_hostMemory))
                c.memLimitBytes = *l;
        }
    }
    const quint64 limit = c.memLimitBytes;

    if (!readFile(c.memStat, &text))
        return false;
    std::optional<quint64> totalInactiveFile, inactiveFile, totalCache, cache, file;
    std::string_view rest = text;
    while (!rest.empty()) {
        std::string_view line = nextLine(&rest);
        std::string_view key = nextField(&line);
        if (key == "total_inactive_file")
            totalInactiveFile = parseU64(line);
        else if (key == "inactive_file")
            inactiveFile = parseU64(line);
        else if (key == "total_cache")
            totalCache = parseU64(line);
        else if (key == "cache")
            cache = parseU64(line);
        else if (key == "file")
            file = parseU64(line);
    }

    s->memoryUsageBytes = *usage;
    s->memoryLimitBytes = limit;
    if (c.version == CgroupVersion::V2) {
        s->memoryUsedBytes = dockerMemoryUsed(*usage, std::nullopt, inactiveFile);
        s->memoryCacheBytes = file.value_or(0);
    } else {
        // v1 memory.stat also has the non-hierarchical "inactive_file"; the CLI reads only
        // total_inactive_file there (and "cache" before 20.10).
        const auto v1Cache = totalCache ? totalCache : cache;
        s->memoryUsedBytes = dockerMemoryUsed(*usage, totalInactiveFile, std::nullopt, v1Cache);
        s->memoryCacheBytes = v1Cache.value_or(0);
    }
    s->parts |= RawSample::Memory;
    return true;
}

bool CgroupReader::readBlock(ContainerCgroup &c, RawSample *s)
{
    std::string_view text;
    if (!readFile(c.block, &text))
        return false;
    quint64 read = 0;
    quint64 write = 0;
    std::string_view rest = text;
    if (c.version == CgroupVersion::V2) {
        // "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0", one line per device.
        while (!rest.empty()) {
            std::string_view line = nextLine(&rest);
            nextField(&line); // maj:min
            for (std::string_view kv = nextField(&line); !kv.empty(); kv = nextField(&line)) {
                if (kv.substr(0, 7) == "rbytes=")
                    read += parseU64(kv.substr(7)).value_or(0);
                else if (kv.substr(0, 7) == "wbytes=")
                    write += parseU64(kv.substr(7)).value_or(0);
            }
        }
    } else {
        // "8:0 Read 4096", "8:0 Write 0", ..., and a final "Total 4096" line without a device.
        while (!rest.empty()) {
            std::string_view line = nextLine(&rest);
            const std::string_view device = nextField(&line);
            const std::string_view op = nextField(&line);
            if (device == "Total")
                continue;
            if (op == "Read")
                read += parseU64(line).value_or(0);
            else if (op == "Write")
                write += parseU64(line).value_or(0);
        }
    }
    s->blockReadBytes = read;
    s->blockWriteBytes = write;
    s->parts |= RawSample::Block;
    return true;
}

bool CgroupReader::readNetwork(ContainerCgroup &c, RawSample *s)
{
    std::string_view text;
    if (!readFile(c.netDev, &text))
        return false;
    // Two header lines, then "  eth0: rx_bytes rx_packets errs drop fifo frame compressed multicast
    // tx_bytes ...". The daemon reports the container's endpoints, which never include lo.
    std::string_view rest = text;
    nextLine(&rest);
    nextLine(&rest);
    // A container on `--network none` has only lo: zero traffic is its true reading.
    quint64 rx = 0;
    quint64 tx = 0;
    while (!rest.empty()) {
        std::string_view line = nextLine(&rest);
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        if (trim(line.substr(0, colon)) == "lo")
            continue;
        line.remove_prefix(colon + 1);
        const auto r = parseU64(nextField(&line));
        for (int i = 0; i < 7; ++i)
            nextField(&line);
        const auto t = parseU64(nextField(&line));
        if (!r || !t)
            return false;
        rx += *r;
        tx += *t;
    }
    s->netRxBytes = rx;
    s->netTxBytes = tx;
    s->parts |= RawSample::Network;
    return true;
}

Result<RawSample> CgroupReader::read(ContainerCgroup &c)
{
    const auto failed = [&](const KeptFile &file) {
        // Stopped or removed: close everything now, rather than hold a dead cgroup or network
        // namespace open until the caller forgets the container.
        c.closeFiles();
        return makeError(QStringLiteral("CgroupReadFailed"),
                         QStringLiteral("cannot read %1 of container %2 (stopped or removed?)")
                             .arg(QFile::decodeName(QByteArray::fromStdString(file.path())), c.id.left(12)));
    };
    RawSample s;
    if (!readCpu(c, &s))
        return failed(c.cpu);
    if (!readMemory(c, &s))
        return failed(c.memUsage);
    readBlock(c, &s);
    readNetwork(c, &s);
    return s;
}

Result<HostCpu> CgroupReader::readHostCpu()
{
    std::string_view text;
    if (!readFile(m_procStat, &text)) {
        return makeError(QStringLiteral("ProcReadFailed"),
                         QStringLiteral("cannot read %1").arg(QFile::decodeName(m_procStat.path().c_str())));
    }
    HostCpu host;
    bool sawTotal = false;
    std::string_view rest = text;
    while (!rest.empty()) {
        std::string_view line = nextLine(&rest);
        if (line.substr(0, 3) != "cpu")
            break; // the cpu lines come first; the rest (intr, ctxt, ...) is not needed
        const std::string_view name = nextField(&line);
        if (name == "cpu") {
            quint64 ticks = 0;
            for (int i = 0; i < 7; ++i) {
                const auto v = parseU64(nextField(&line));
                if (!v)
                    return makeError(QStringLiteral("ProcParseFailed"), QStringLiteral("bad cpu line in /proc/stat"));
                ticks += *v;
            }
            host.totalNs = ticks * m_nsPerTick;
            sawTotal = true;
        } else {
            ++host.onlineCpus;
        }
    }
    if (!sawTotal || host.onlineCpus == 0)
        return makeError(QStringLiteral("ProcParseFailed"), QStringLiteral("no cpu lines in /proc/stat"));
    return host;
}

} // namespace fd::metrics
