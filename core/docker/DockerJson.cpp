#include "docker/DockerJson.h"

// Reading the engine's answers into the DTOs: version and info, containers, images, networks,
// stats frames, events, pull and build progress, error bodies, timestamps. The tolerant accessors
// are in DockerJsonReader.cpp, the request bodies Fleetdeck writes in DockerJsonBodies.cpp.

#include "docker/DockerJsonReader.h"

#include <QRegularExpression>
#include <QTimeZone>

namespace fd::docker {

namespace {

using namespace json::detail;

// "8080/tcp" -> (8080, "tcp")
std::pair<quint16, QString> splitPortKey(const QString &key)
{
    const qsizetype slash = key.indexOf(u'/');
    const QString number = slash < 0 ? key : key.left(slash);
    const QString proto = slash < 0 ? QStringLiteral("tcp") : key.mid(slash + 1);
    bool ok = false;
    const uint port = number.toUInt(&ok);
    return {ok && port <= 65535 ? quint16(port) : quint16(0), proto};
}

HealthcheckSpec healthcheckFrom(const Json &h)
{
    HealthcheckSpec hc;
    hc.test = strList(h, "Test");
    hc.interval = std::chrono::nanoseconds(int64(h, "Interval"));
    hc.timeout = std::chrono::nanoseconds(int64(h, "Timeout"));
    hc.startPeriod = std::chrono::nanoseconds(int64(h, "StartPeriod"));
    hc.retries = int(int64(h, "Retries"));
    return hc;
}

} // namespace

namespace json {

using namespace detail;

QDateTime parseTimestamp(const QString &text)
{
    // 2026-11-24T23:55:52.123456789Z, 2026-11-24T23:55:52Z, 2026-11-24T23:55:52.5+01:00
    static const QRegularExpression re(
        QStringLiteral(R"(^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$)"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return {};
    const int year = m.capturedView(1).toInt();
    if (year <= 1)
        return {}; // Go's zero time: "never"
    const QDate date(year, m.capturedView(2).toInt(), m.capturedView(3).toInt());
    QString frac = m.captured(7);
    frac = frac.left(3).leftJustified(3, u'0');
    const QTime time(m.capturedView(4).toInt(), m.capturedView(5).toInt(), m.capturedView(6).toInt(), frac.toInt());
    if (!date.isValid() || !time.isValid())
        return {};
    const QString zone = m.captured(8);
    if (zone == QLatin1String("Z"))
        return QDateTime(date, time, Qt::UTC);
    const int sign = zone.startsWith(u'-') ? -1 : 1;
    const int offset = sign * (zone.mid(1, 2).toInt() * 3600 + zone.mid(4, 2).toInt() * 60);
    return QDateTime(date, time, Qt::OffsetFromUTC, offset).toUTC();
}

QByteArray unixNanoParam(qint64 timeNano)
{
    const qint64 secs = timeNano / 1000000000;
    const qint64 nanos = timeNano % 1000000000;
    return QByteArray::number(secs) + '.' + QByteArray::number(nanos).rightJustified(9, '0');
}

Result<VersionInfo> parseVersion(const QByteArray &body)
{
    return parseWith<VersionInfo>(body, QStringLiteral("a version"), [](const Json &j) {
        VersionInfo v;
        v.version = str(j, "Version");
        v.apiVersion = str(j, "ApiVersion");
        v.minApiVersion = str(j, "MinAPIVersion");
        v.os = str(j, "Os");
        v.arch = str(j, "Arch");
        v.kernelVersion = str(j, "KernelVersion");
        v.gitCommit = str(j, "GitCommit");
        v.goVersion = str(j, "GoVersion");
        return Result<VersionInfo>(v);
    });
}

Result<EngineInfo> parseInfo(const QByteArray &body)
{
    return parseWith<EngineInfo>(body, QStringLiteral("system information"), [](const Json &j) {
        EngineInfo i;
        i.id = str(j, "ID");
        i.name = str(j, "Name");
        i.serverVersion = str(j, "ServerVersion");
        i.operatingSystem = str(j, "OperatingSystem");
        i.cgroupVersion = str(j, "CgroupVersion");
        i.cgroupDriver = str(j, "CgroupDriver");
        i.loggingDriver = str(j, "LoggingDriver");
        i.ncpu = int(int64(j, "NCPU"));
        i.memTotal = int64(j, "MemTotal");
        i.containers = int(int64(j, "Containers"));
        i.containersRunning = int(int64(j, "ContainersRunning"));
        i.images = int(int64(j, "Images"));
        return Result<EngineInfo>(i);
    });
}

Result<CreatedContainer> parseCreated(const QByteArray &body)
{
    return parseWith<CreatedContainer>(
        body, QStringLiteral("a create answer"), [](const Json &j) -> Result<CreatedContainer> {
            CreatedContainer c;
            c.id = str(j, "Id");
            c.warnings = strList(j, "Warnings");
            if (c.id.isEmpty())
                return makeError(QStringLiteral("Protocol"),
                                 QStringLiteral("The Docker engine created a container but sent no id."));
            return c;
        });
}

Result<ContainerInspect> parseContainerInspect(const QByteArray &body)
{
    return parseWith<ContainerInspect>(body, QStringLiteral("a container description"), [](const Json &j) {
        ContainerInspect c;
        c.id = str(j, "Id");
        c.name = stripSlash(str(j, "Name"));
        c.imageId = str(j, "Image");
        c.created = parseTimestamp(str(j, "Created"));
        c.restartCount = int(int64(j, "RestartCount"));

        const Json &config = obj(j, "Config");
        c.image = str(config, "Image");
        c.labels = strMap(config, "Labels");
        c.env = strList(config, "Env");
        c.tty = boolean(config, "Tty");
        c.networkMode = str(obj(j, "HostConfig"), "NetworkMode");

        const Json &st = obj(j, "State");
        c.state.status = str(st, "Status");
        c.state.running = boolean(st, "Running");
        c.state.paused = boolean(st, "Paused");
        c.state.restarting = boolean(st, "Restarting");
        c.state.oomKilled = boolean(st, "OOMKilled");
        c.state.dead = boolean(st, "Dead");
        c.state.exitCode = int(int64(st, "ExitCode"));
        c.state.pid = int64(st, "Pid");
        c.state.error = str(st, "Error");
        c.state.startedAt = parseTimestamp(str(st, "StartedAt"));
        c.state.finishedAt = parseTimestamp(str(st, "FinishedAt"));
        if (const Json *h = member(st, "Health"); h && h->is_object()) {
            HealthState hs;
            hs.status = str(*h, "Status");
            hs.failingStreak = int(int64(*h, "FailingStreak"));
            const Json &log = arr(*h, "Log");
            if (!log.empty()) {
                hs.lastOutput = str(log.back(), "Output");
                hs.lastExitCode = int(int64(log.back(), "ExitCode"));
            }
            c.state.health = hs;
        }

        for (const auto &[key, bindings] : obj(obj(j, "NetworkSettings"), "Ports").items()) {
            const auto [port, proto] = splitPortKey(QString::fromStdString(key));
            if (!bindings.is_array())
                continue; // null: exposed but not published
            for (const Json &b : bindings) {
                PublishedPort p;
                p.containerPort = port;
                p.protocol = proto;
                p.hostIp = str(b, "HostIp");
                const qint64 hp = int64(b, "HostPort");
                p.hostPort = hp > 0 && hp <= 65535 ? quint16(hp) : quint16(0);
                c.ports.append(p);
            }
        }
        return Result<ContainerInspect>(c);
    });
}

Result<QList<ContainerSummary>> parseContainerList(const QByteArray &body)
{
    return parseWith<QList<ContainerSummary>>(body, QStringLiteral("a container list"),
                                              [](const Json &j) -> Result<QList<ContainerSummary>> {
                                                  if (!j.is_array())
                                                      return protocolError(QStringLiteral("a container list"));
                                                  QList<ContainerSummary> out;
                                                  for (const Json &c : j) {
                                                      ContainerSummary s;
                                                      s.id = str(c, "Id");
                                                      for (const QString &n : strList(c, "Names"))
                                                          s.names.append(stripSlash(n));
                                                      s.image = str(c, "Image");
                                                      s.imageId = str(c, "ImageID");
                                                      s.command = str(c, "Command");
                                                      s.created = fromUnixSeconds(int64(c, "Created"));
                                                      s.state = str(c, "State");
                                                      s.status = str(c, "Status");
                                                      s.labels = strMap(c, "Labels");
                                                      for (const Json &p : arr(c, "Ports")) {
                                                          PublishedPort pp;
                                                          pp.containerPort = quint16(int64(p, "PrivatePort"));
                                                          pp.hostPort = quint16(int64(p, "PublicPort"));
                                                          pp.protocol = str(p, "Type");
                                                          pp.hostIp = str(p, "IP");
                                                          s.ports.append(pp);
                                                      }
                                                      out.append(s);
                                                  }
                                                  return out;
                                              });
}

Result<QList<ImageSummary>> parseImageList(const QByteArray &body)
{
    return parseWith<QList<ImageSummary>>(body, QStringLiteral("an image list"),
                                          [](const Json &j) -> Result<QList<ImageSummary>> {
                                              if (!j.is_array())
                                                  return protocolError(QStringLiteral("an image list"));
                                              QList<ImageSummary> out;
                                              for (const Json &i : j) {
                                                  ImageSummary s;
                                                  s.id = str(i, "Id");
                                                  s.repoTags = strList(i, "RepoTags");
                                                  s.repoDigests = strList(i, "RepoDigests");
                                                  s.created = fromUnixSeconds(int64(i, "Created"));
                                                  s.size = int64(i, "Size");
                                                  s.labels = strMap(i, "Labels");
                                                  out.append(s);
                                              }
                                              return out;
                                          });
}

Result<ImageInspect> parseImageInspect(const QByteArray &body)
{
    return parseWith<ImageInspect>(body, QStringLiteral("an image description"), [](const Json &j) {
        ImageInspect i;
        i.id = str(j, "Id");
        i.repoTags = strList(j, "RepoTags");
        i.repoDigests = strList(j, "RepoDigests");
        i.created = parseTimestamp(str(j, "Created"));
        i.size = int64(j, "Size");
        i.os = str(j, "Os");
        i.architecture = str(j, "Architecture");
        const Json &config = obj(j, "Config");
        i.labels = strMap(config, "Labels");
        i.env = strList(config, "Env");
        i.entrypoint = strList(config, "Entrypoint");
        i.cmd = strList(config, "Cmd");
        for (const auto &item : obj(config, "ExposedPorts").items())
            i.exposedPorts.append(QString::fromStdString(item.key()));
        i.user = str(config, "User");
        i.workingDir = str(config, "WorkingDir");
        i.stopSignal = str(config, "StopSignal");
        if (const Json *h = member(config, "Healthcheck"); h && h->is_object())
            i.healthcheck = healthcheckFrom(*h);
        return Result<ImageInspect>(i);
    });
}

Result<CreatedNetwork> parseCreatedNetwork(const QByteArray &body)
{
    return parseWith<CreatedNetwork>(
        body, QStringLiteral("a network create answer"), [](const Json &j) -> Result<CreatedNetwork> {
            CreatedNetwork n;
            n.id = str(j, "Id");
            n.warning = str(j, "Warning");
            if (n.id.isEmpty())
                return makeError(QStringLiteral("Protocol"),
                                 QStringLiteral("The Docker engine created a network but sent no id."));
            return n;
        });
}

Result<QList<NetworkSummary>> parseNetworkList(const QByteArray &body)
{
    return parseWith<QList<NetworkSummary>>(body, QStringLiteral("a network list"),
                                            [](const Json &j) -> Result<QList<NetworkSummary>> {
                                                if (!j.is_array())
                                                    return protocolError(QStringLiteral("a network list"));
                                                QList<NetworkSummary> out;
                                                for (const Json &n : j) {
                                                    NetworkSummary s;
                                                    s.id = str(n, "Id");
                                                    s.name = str(n, "Name");
                                                    s.labels = strMap(n, "Labels");
                                                    s.driver = str(n, "Driver");
                                                    out.append(s);
                                                }
                                                return out;
                                            });
}

Result<ContainerStats> parseStats(const QByteArray &line)
{
    return parseWith<ContainerStats>(line, QStringLiteral("a stats frame"), [](const Json &j) {
        ContainerStats st;
        st.id = str(j, "id");
        st.name = stripSlash(str(j, "name"));
        st.read = parseTimestamp(str(j, "read"));
        st.preRead = parseTimestamp(str(j, "preread"));

        const Json &cpu = obj(j, "cpu_stats");
        st.cpuTotalUsage = uint64(obj(cpu, "cpu_usage"), "total_usage");
        st.systemCpuUsage = uint64(cpu, "system_cpu_usage");
        st.onlineCpus = int(int64(cpu, "online_cpus"));
        if (st.onlineCpus == 0) // spec 1.7: fall back to the number of per-CPU counters
            st.onlineCpus = int(arr(obj(cpu, "cpu_usage"), "percpu_usage").size());
        const Json &pre = obj(j, "precpu_stats");
        st.preCpuTotalUsage = uint64(obj(pre, "cpu_usage"), "total_usage");
        st.preSystemCpuUsage = uint64(pre, "system_cpu_usage");

        const Json &mem = obj(j, "memory_stats");
        st.memoryUsage = uint64(mem, "usage");
        st.memoryLimit = uint64(mem, "limit");
        const Json &ms = obj(mem, "stats");
        // The docker CLI's rule (stats_helpers.go), not the older "usage - cache" of the spec text:
        // cgroup v1 reports total_inactive_file, cgroup v2 inactive_file.
        if (member(ms, "total_inactive_file")) {
            st.memoryCache = uint64(ms, "total_inactive_file");
            st.cgroupVersion = 1;
        } else if (member(ms, "inactive_file")) {
            st.memoryCache = uint64(ms, "inactive_file");
            st.cgroupVersion = 2;
        }

        for (const auto &item : obj(j, "networks").items()) {
            st.networkRxBytes += uint64(item.value(), "rx_bytes");
            st.networkTxBytes += uint64(item.value(), "tx_bytes");
        }
        for (const Json &e : arr(obj(j, "blkio_stats"), "io_service_bytes_recursive")) {
            const QString op = str(e, "op").toLower(); // "Read" on cgroup v1, "read" on v2
            if (op == QLatin1String("read"))
                st.blockReadBytes += uint64(e, "value");
            else if (op == QLatin1String("write"))
                st.blockWriteBytes += uint64(e, "value");
        }
        st.pids = uint64(obj(j, "pids_stats"), "current");
        return Result<ContainerStats>(st);
    });
}

Result<DockerEvent> parseEvent(const QByteArray &line)
{
    return parseWith<DockerEvent>(line, QStringLiteral("an event"), [](const Json &j) -> Result<DockerEvent> {
        if (!j.is_object())
            return protocolError(QStringLiteral("an event"));
        DockerEvent e;
        e.type = str(j, "Type");
        e.action = str(j, "Action");
        if (e.action.isEmpty())
            e.action = str(j, "status"); // the legacy field
        const Json &actor = obj(j, "Actor");
        e.id = str(actor, "ID");
        if (e.id.isEmpty())
            e.id = str(j, "id");
        e.attributes = strMap(actor, "Attributes");
        e.scope = str(j, "scope");
        e.timeNano = int64(j, "timeNano");
        if (e.timeNano == 0)
            e.timeNano = int64(j, "time") * 1000000000;
        return e;
    });
}

Result<ProgressMessage> parseProgress(const QByteArray &line)
{
    return parseWith<ProgressMessage>(line, QStringLiteral("a progress message"), [](const Json &j) {
        ProgressMessage p;
        p.status = str(j, "status");
        p.id = str(j, "id");
        const Json &detail = obj(j, "progressDetail");
        p.current = int64(detail, "current");
        p.total = int64(detail, "total");
        p.progress = str(j, "progress");
        p.stream = str(j, "stream");
        p.auxId = str(obj(j, "aux"), "ID");
        p.error = str(j, "error");
        if (p.error.isEmpty())
            p.error = str(obj(j, "errorDetail"), "message");
        return Result<ProgressMessage>(p);
    });
}

Error errorFromResponse(int status, const QByteArray &body, const QString &context)
{
    QString message;
    const Json j = Json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
    if (!j.is_discarded())
        message = str(j, "message").trimmed();
    if (message.isEmpty() && !body.trimmed().isEmpty() && body.size() < 1000 && j.is_discarded())
        message = QString::fromUtf8(body.trimmed());
    if (message.isEmpty())
        message = QStringLiteral("The Docker engine answered HTTP %1 without a message").arg(status);

    QString code = QStringLiteral("EngineError");
    if (status == 404)
        code = QStringLiteral("NotFound");
    else if (status == 409)
        code = QStringLiteral("Conflict");
    return makeError(code, context.isEmpty() ? message : context + QStringLiteral(": ") + message);
}

} // namespace json

} // namespace fd::docker
