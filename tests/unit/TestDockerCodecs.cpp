// TestDockerCodecs: the Docker client's pure parts — the log frame demuxer, the ustar writer,
// DTO conversion from the engine's JSON, endpoint strings and Pending<T> delivery.

#include "docker/DockerEndpoint.h"
#include "docker/DockerJson.h"
#include "docker/LogDemuxer.h"
#include "docker/Pending.h"
#include "docker/TarWriter.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace fd::docker;

namespace {

QByteArray frame(char stream, const QByteArray &payload)
{
    QByteArray h(8, '\0');
    h[0] = stream;
    const quint32 n = quint32(payload.size());
    h[4] = char((n >> 24) & 0xff);
    h[5] = char((n >> 16) & 0xff);
    h[6] = char((n >> 8) & 0xff);
    h[7] = char(n & 0xff);
    return h + payload;
}

QString render(const QList<LogLine> &lines)
{
    QStringList out;
    for (const LogLine &l : lines)
        out.append((l.source == LogSource::Stderr ? QStringLiteral("E:") : QStringLiteral("O:")) +
                   QString::fromUtf8(l.text));
    return out.join(u'|');
}

QList<LogLine> demux(const QList<QByteArray> &pieces, bool tty, bool *failed = nullptr)
{
    LogDemuxer d(tty, false);
    QList<LogLine> lines;
    for (const QByteArray &p : pieces) {
        if (!d.feed(p)) {
            if (failed)
                *failed = true;
            return lines;
        }
        lines += d.takeLines();
    }
    d.finish();
    lines += d.takeLines();
    return lines;
}

} // namespace

class TestDockerCodecs final : public QObject
{
    Q_OBJECT

private slots:
    void demuxEveryBoundary_data();
    void demuxEveryBoundary();
    void demuxRejectsGarbage();
    void demuxTimestamps();

    void tarIsReadByTar();
    void tarLongPaths();

    void timestamps_data();
    void timestamps();
    void unixNanoParam();
    void inspectWithNullsAndPorts();
    void eventShapes();
    void errorMessages();
    void malformedJsonIsProtocol();
    void networkBodies();
    void networkAnswers();
    void createBodyAttachesNetwork();

    void endpoints_data();
    void endpoints();

    void pendingDeliversFromTheEventLoop();
    void pendingCancelAndDeadContext();
};

void TestDockerCodecs::demuxEveryBoundary_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<bool>("tty");
    QTest::addColumn<QString>("expected");

    QTest::newRow("frames") << frame(1, "a\nb\n") + frame(2, "err\n") + frame(1, "c") + frame(1, "d\n") << false
                            << QStringLiteral("O:a|O:b|E:err|O:cd");
    QTest::newRow("interleaved partial lines")
        << frame(1, "out ") + frame(2, "err ") + frame(1, "line\n") + frame(2, "line\n") << false
        << QStringLiteral("O:out line|E:err line");
    QTest::newRow("stdin type is stdout") << frame(0, "x\n") << false << QStringLiteral("O:x");
    QTest::newRow("empty frame") << frame(1, "") + frame(1, "y\n") << false << QStringLiteral("O:y");
    QTest::newRow("no final newline") << frame(2, "tail") << false << QStringLiteral("E:tail");
    QTest::newRow("crlf") << frame(1, "dos\r\n") << false << QStringLiteral("O:dos");
    QTest::newRow("tty raw") << QByteArray("raw one\r\nraw two\n\x01\x02") << true
                             << QStringLiteral("O:raw one|O:raw two|O:\x01\x02");
}

void TestDockerCodecs::demuxEveryBoundary()
{
    QFETCH(QByteArray, stream);
    QFETCH(bool, tty);
    QFETCH(QString, expected);
    QCOMPARE(render(demux({stream}, tty)), expected);
    for (qsizetype i = 0; i <= stream.size(); ++i)
        QCOMPARE(render(demux({stream.left(i), stream.mid(i)}, tty)), expected);
    QList<QByteArray> bytes;
    for (char c : stream)
        bytes.append(QByteArray(1, c));
    QCOMPARE(render(demux(bytes, tty)), expected);
}

void TestDockerCodecs::demuxRejectsGarbage()
{
    bool failed = false;
    demux({QByteArray("hello world, not frames\n")}, false, &failed);
    QVERIFY(failed); // 'h' is not a stream type: a TTY stream read as frames
}

void TestDockerCodecs::demuxTimestamps()
{
    LogDemuxer d(false, true);
    QVERIFY(d.feed(frame(1, "2026-11-24T23:55:52.123456789Z demo-web listening\n")).ok());
    const auto lines = d.takeLines();
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines[0].text, QByteArray("demo-web listening"));
    QCOMPARE(lines[0].timestamp, QDateTime(QDate(2026, 11, 24), QTime(23, 55, 52, 123), Qt::UTC));
}

void TestDockerCodecs::tarIsReadByTar()
{
    const QString tarProgram = QStandardPaths::findExecutable(QStringLiteral("tar"));
    if (tarProgram.isEmpty())
        QSKIP("no tar program to read the archive back");
    QTemporaryDir src;
    QVERIFY(src.isValid());
    QVERIFY(QDir(src.path()).mkpath(QStringLiteral("app/static")));
    auto write = [&](const QString &rel, const QByteArray &data) {
        QFile f(src.filePath(rel));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(data);
    };
    write(QStringLiteral("Dockerfile"), "FROM scratch\nCOPY app /app\n");
    write(QStringLiteral("app/static/index.html"), QByteArray(1000, 'x'));
    write(QStringLiteral(".hidden"), "h");
    QVERIFY(QFile::link(QStringLiteral("static/index.html"), src.filePath(QStringLiteral("app/link"))));

    const auto tar = TarWriter::tarDirectory(src.path());
    QVERIFY(tar.ok());
    QCOMPARE(tar->size() % 512, 0);
    QTemporaryDir out;
    QFile archive(out.filePath(QStringLiteral("ctx.tar")));
    QVERIFY(archive.open(QIODevice::WriteOnly));
    archive.write(*tar);
    archive.close();

    QProcess p;
    p.start(tarProgram, {QStringLiteral("-tvf"), archive.fileName()});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    const QString listing = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(listing.contains(QStringLiteral("Dockerfile")), qPrintable(listing));
    QVERIFY2(listing.contains(QStringLiteral("app/static/index.html")), qPrintable(listing));
    QVERIFY2(listing.contains(QStringLiteral("app/link -> static/index.html")), qPrintable(listing));
    QVERIFY2(listing.contains(QStringLiteral(".hidden")), qPrintable(listing));

    QProcess x;
    x.setWorkingDirectory(out.path());
    x.start(tarProgram, {QStringLiteral("-xf"), archive.fileName()});
    QVERIFY(x.waitForFinished(10000));
    QCOMPARE(x.exitCode(), 0);
    QFile extracted(out.filePath(QStringLiteral("app/static/index.html")));
    QVERIFY(extracted.open(QIODevice::ReadOnly));
    QCOMPARE(extracted.readAll(), QByteArray(1000, 'x'));
}

void TestDockerCodecs::tarLongPaths()
{
    const QString tarProgram = QStandardPaths::findExecutable(QStringLiteral("tar"));
    if (tarProgram.isEmpty())
        QSKIP("no tar program to read the archive back");
    const QString splittable = QString(120, u'd') + QStringLiteral("/") + QString(80, u'f'); // ustar prefix + name
    const QString pax = QString(300, u'p');                                                  // needs a PAX header
    TarWriter w;
    w.addFile(splittable, "one");
    w.addFile(pax, "two");
    QTemporaryDir out;
    QFile archive(out.filePath(QStringLiteral("long.tar")));
    QVERIFY(archive.open(QIODevice::WriteOnly));
    archive.write(w.finish());
    archive.close();
    QProcess p;
    p.start(tarProgram, {QStringLiteral("-tf"), archive.fileName()});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    const QStringList names = QString::fromUtf8(p.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(names, QStringList({splittable, pax}));
}

void TestDockerCodecs::timestamps_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("expected");
    QTest::newRow("nanoseconds") << QStringLiteral("2026-11-24T23:55:52.123456789Z")
                                 << QDateTime(QDate(2026, 11, 24), QTime(23, 55, 52, 123), Qt::UTC);
    QTest::newRow("whole seconds") << QStringLiteral("2026-11-24T23:55:52Z")
                                   << QDateTime(QDate(2026, 11, 24), QTime(23, 55, 52), Qt::UTC);
    QTest::newRow("offset") << QStringLiteral("2026-11-25T01:55:52.5+02:00")
                            << QDateTime(QDate(2026, 11, 24), QTime(23, 55, 52, 500), Qt::UTC);
    QTest::newRow("Go zero time means never") << QStringLiteral("0001-01-01T00:00:00Z") << QDateTime();
    QTest::newRow("garbage") << QStringLiteral("yesterday") << QDateTime();
}

void TestDockerCodecs::timestamps()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, expected);
    QCOMPARE(json::parseTimestamp(text), expected);
}

void TestDockerCodecs::unixNanoParam()
{
    QCOMPARE(json::unixNanoParam(1795561807000000200LL), QByteArray("1795561807.000000200"));
    QCOMPARE(json::unixNanoParam(1795561807123456789LL), QByteArray("1795561807.123456789"));
}

void TestDockerCodecs::inspectWithNullsAndPorts()
{
    // Shapes seen from 20.10: Labels null, a port exposed but not published (null), IPv4+IPv6
    // twins with different ports (spec 1.4.4), Health present.
    const QByteArray body = R"({
      "Id":"abc","Name":"/web","Image":"sha256:1","Created":"2026-11-24T23:55:50.1Z",
      "State":{"Status":"running","Running":true,"Pid":4242,"ExitCode":0,"StartedAt":"2026-11-24T23:55:51.2Z",
               "FinishedAt":"0001-01-01T00:00:00Z","Health":{"Status":"healthy","FailingStreak":0,
               "Log":[{"ExitCode":0,"Output":"healthy: GET /health answered 200"}]}},
      "Config":{"Image":"fleetdeck/demo-web:1","Labels":null,"Env":null,"Tty":false},
      "HostConfig":{"NetworkMode":"default"},
      "NetworkSettings":{"Ports":{"8080/tcp":[{"HostIp":"0.0.0.0","HostPort":"49154"},{"HostIp":"::","HostPort":"49155"}],
                                  "9000/tcp":null,"53/udp":[{"HostIp":"127.0.0.1","HostPort":"40053"}]}}})";
    const auto r = json::parseContainerInspect(body);
    QVERIFY(r.ok());
    QCOMPARE(r->name, QStringLiteral("web"));
    QCOMPARE(r->image, QStringLiteral("fleetdeck/demo-web:1"));
    QCOMPARE(r->pid(), 4242);
    QVERIFY(r->labels.isEmpty());
    QVERIFY(r->state.startedAt.isValid());
    QVERIFY(!r->state.finishedAt.isValid());
    QCOMPARE(r->state.health->status, QStringLiteral("healthy"));
    QCOMPARE(r->state.health->lastOutput, QStringLiteral("healthy: GET /health answered 200"));
    QCOMPARE(r->ports.size(), 3);
    QCOMPARE(r->hostPort(8080), quint16(49154)); // the IPv4 entry, not the IPv6 twin
    QCOMPARE(r->hostPort(53, QStringLiteral("udp")), quint16(40053));
    QVERIFY(!r->hostPort(9000).has_value());
}

void TestDockerCodecs::eventShapes()
{
    // The legacy fields only (older engines), and a "time" without "timeNano".
    const auto legacy = json::parseEvent(R"({"status":"die","id":"c1","from":"img","time":1795561807})");
    QVERIFY(legacy.ok());
    QCOMPARE(legacy->action, QStringLiteral("die"));
    QCOMPARE(legacy->id, QStringLiteral("c1"));
    QCOMPARE(legacy->timeNano, 1795561807000000000LL);
    const auto health = json::parseEvent(
        R"({"Type":"container","Action":"health_status: unhealthy","Actor":{"ID":"c2","Attributes":{"exitCode":"1"}},"timeNano":5})");
    QVERIFY(health.ok());
    QCOMPARE(health->healthStatus(), QStringLiteral("unhealthy"));
    QCOMPARE(health->attributes.value(QStringLiteral("exitCode")), QStringLiteral("1"));
    QVERIFY(!json::parseEvent("[1,2]").ok());
}

void TestDockerCodecs::errorMessages()
{
    const fd::Error e = json::errorFromResponse(404, R"({"message":"No such container: abc"})");
    QCOMPARE(e.code, QStringLiteral("NotFound"));
    QCOMPARE(e.message, QStringLiteral("No such container: abc"));
    const fd::Error c =
        json::errorFromResponse(409, R"({"message":"Conflict. The container name \"/web\" is already in use"})",
                                QStringLiteral("Cannot create web"));
    QCOMPARE(c.code, QStringLiteral("Conflict"));
    QVERIFY(c.message.startsWith(QStringLiteral("Cannot create web: Conflict.")));
    QCOMPARE(json::errorFromResponse(400, R"({"message":"bad"})").code, QStringLiteral("EngineError"));
}

void TestDockerCodecs::malformedJsonIsProtocol()
{
    for (const QByteArray &bad : {QByteArray("{"), QByteArray(""), QByteArray("<html>"), QByteArray("{\"Id\":")}) {
        const auto r = json::parseContainerInspect(bad);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("Protocol"));
    }
    // Wrong types read as empty values instead of throwing.
    const auto odd =
        json::parseContainerInspect(R"({"Id":5,"State":"running","Config":[],"NetworkSettings":{"Ports":{"x":[1]}}})");
    QVERIFY(odd.ok());
    QCOMPARE(odd->id, QString());
    QCOMPARE(odd->state.status, QString());
    QVERIFY(!json::parseContainerList(R"({"not":"a list"})").ok());
}

void TestDockerCodecs::networkBodies()
{
    NetworkCreateSpec spec;
    spec.name = QStringLiteral("fd-task-3f2c");
    spec.labels = {{QStringLiteral("fleetdeck.managed"), QStringLiteral("true")},
                   {QStringLiteral("fleetdeck.task"), QStringLiteral("3f2c")}};
    const auto j = nlohmann::json::parse(json::networkCreateBody(spec).toStdString(), nullptr, false);
    QVERIFY(!j.is_discarded());
    QCOMPARE(j.value("Name", ""), std::string("fd-task-3f2c"));
    QCOMPARE(j.value("CheckDuplicate", false), true); // a second one of that name is a 409, not a twin
    QCOMPARE(j.value("Driver", ""), std::string("bridge"));
    QCOMPARE(j.value("Internal", true), false);
    QCOMPARE(j["Labels"]["fleetdeck.task"].get<std::string>(), std::string("3f2c"));

    spec.driver.clear(); // the engine's default, spelled out
    spec.internal = true;
    spec.labels.clear();
    const auto k = nlohmann::json::parse(json::networkCreateBody(spec).toStdString(), nullptr, false);
    QCOMPARE(k.value("Driver", ""), std::string("bridge"));
    QCOMPARE(k.value("Internal", false), true);
    QVERIFY(k["Labels"].is_object() && k["Labels"].empty());
}

void TestDockerCodecs::networkAnswers()
{
    const auto created = json::parseCreatedNetwork(R"({"Id":"eb56ab22a220","Warning":""})");
    QVERIFY(created.ok());
    QCOMPARE(created->id, QStringLiteral("eb56ab22a220"));
    QVERIFY(created->warning.isEmpty());
    const auto noId = json::parseCreatedNetwork(R"({"Warning":"x"})");
    QVERIFY(!noId.ok());
    QCOMPARE(noId.error().code, QStringLiteral("Protocol"));

    // The shape 20.10 sends (trimmed), with Labels {} and null, and an entry of the wrong type.
    const auto list = json::parseNetworkList(R"([
      {"Name":"fd-task-1","Id":"eb56","Created":"2026-11-25T02:23:44.885553919Z","Scope":"local","Driver":"bridge",
       "EnableIPv6":false,"IPAM":{"Driver":"default","Config":[{"Subnet":"172.20.0.0/16"}]},"Internal":false,
       "Containers":{},"Options":{},"Labels":{"fleetdeck.task":"1"}},
      {"Name":"host","Id":"48db","Driver":"host","Labels":null},
      7])");
    QVERIFY(list.ok());
    QCOMPARE(list->size(), 3);
    QCOMPARE(list->at(0).name, QStringLiteral("fd-task-1"));
    QCOMPARE(list->at(0).id, QStringLiteral("eb56"));
    QCOMPARE(list->at(0).driver, QStringLiteral("bridge"));
    QCOMPARE(list->at(0).labels.value(QStringLiteral("fleetdeck.task")), QStringLiteral("1"));
    QVERIFY(list->at(1).labels.isEmpty());
    QVERIFY(list->at(2).name.isEmpty());
    QVERIFY(!json::parseNetworkList(R"({"not":"a list"})").ok());
    QCOMPARE(json::parseNetworkList("[").error().code, QStringLiteral("Protocol"));
}

void TestDockerCodecs::createBodyAttachesNetwork()
{
    ContainerCreateSpec spec;
    spec.image = QStringLiteral("fleetdeck/demo-web:1");
    spec.networkMode = QStringLiteral("bridge"); // the network wins
    spec.network = QStringLiteral("fd-task-1");
    spec.networkAliases = {QStringLiteral("web"), QStringLiteral("backend")};
    spec.dns = {QStringLiteral("127.0.0.1")};
    const auto j = nlohmann::json::parse(json::containerCreateBody(spec).toStdString(), nullptr, false);
    QVERIFY(!j.is_discarded());
    // Attached at create: NetworkMode names the network and its endpoint carries the aliases.
    QCOMPARE(j["HostConfig"]["NetworkMode"].get<std::string>(), std::string("fd-task-1"));
    const auto &aliases = j["NetworkingConfig"]["EndpointsConfig"]["fd-task-1"]["Aliases"];
    QCOMPARE(aliases.size(), size_t(2));
    QCOMPARE(aliases[1].get<std::string>(), std::string("backend"));
    QCOMPARE(j["HostConfig"]["Dns"][0].get<std::string>(), std::string("127.0.0.1"));

    // No aliases: an empty endpoint. No network: no NetworkingConfig, and NetworkMode as given.
    spec.networkAliases.clear();
    spec.dns.clear();
    const auto k = nlohmann::json::parse(json::containerCreateBody(spec).toStdString(), nullptr, false);
    QVERIFY(k["NetworkingConfig"]["EndpointsConfig"]["fd-task-1"].is_object());
    QVERIFY(!k["NetworkingConfig"]["EndpointsConfig"]["fd-task-1"].contains("Aliases"));
    QVERIFY(!k["HostConfig"].contains("Dns"));
    spec.network.clear();
    const auto m = nlohmann::json::parse(json::containerCreateBody(spec).toStdString(), nullptr, false);
    QVERIFY(!m.contains("NetworkingConfig"));
    QCOMPARE(m["HostConfig"]["NetworkMode"].get<std::string>(), std::string("bridge"));
}

void TestDockerCodecs::endpoints_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("normalised");
    QTest::newRow("unix") << QStringLiteral("unix:///var/run/docker.sock") << true
                          << QStringLiteral("unix:///var/run/docker.sock");
    QTest::newRow("bare path") << QStringLiteral("/run/user/1000/docker.sock") << true
                               << QStringLiteral("unix:///run/user/1000/docker.sock");
    QTest::newRow("tcp") << QStringLiteral("tcp://127.0.0.1:2375") << true << QStringLiteral("tcp://127.0.0.1:2375");
    QTest::newRow("tcp default port") << QStringLiteral("tcp://10.0.0.5") << true
                                      << QStringLiteral("tcp://10.0.0.5:2375");
    QTest::newRow("tls") << QStringLiteral("tcp+tls://docker.example:2376") << true
                         << QStringLiteral("tcp+tls://docker.example:2376");
    QTest::newRow("https") << QStringLiteral("https://docker.example") << true
                           << QStringLiteral("tcp+tls://docker.example:2376");
    QTest::newRow("relative unix") << QStringLiteral("unix://docker.sock") << false << QString();
    QTest::newRow("ssh unsupported") << QStringLiteral("ssh://user@host") << false << QString();
    QTest::newRow("bad port") << QStringLiteral("tcp://127.0.0.1:99999") << false << QString();
}

void TestDockerCodecs::endpoints()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QString, normalised);
    const auto ep = DockerEndpoint::parse(text);
    QCOMPARE(ep.ok(), ok);
    if (ok)
        QCOMPARE(ep->toString(), normalised);
    else
        QVERIFY(ep.error().message.contains(text));
}

void TestDockerCodecs::pendingDeliversFromTheEventLoop()
{
    Promise<int> p;
    QList<int> got;
    p.pending().then(this, [&](const fd::Result<int> &r) { got.append(r.value()); });
    p.resolve(7);
    QVERIFY(got.isEmpty()); // never inside resolve()
    QTRY_COMPARE(got, QList<int>{7});
    p.resolve(8); // the first result stays
    p.pending().then(this, [&](const fd::Result<int> &r) { got.append(r.value() * 10); });
    QCOMPARE(got.size(), 1); // never inside then()
    QTRY_COMPARE(got, QList<int>({7, 70}));
    QVERIFY(p.pending().isFinished());
    QCOMPARE(p.pending().result().value(), 7);

    const auto ready = makeReadyPending<int>(fd::makeError(QStringLiteral("NotFound"), QStringLiteral("gone")));
    QString code;
    ready.then(this, [&](const fd::Result<int> &r) { code = r.error().code; });
    QTRY_COMPARE(code, QStringLiteral("NotFound"));
}

void TestDockerCodecs::pendingCancelAndDeadContext()
{
    Promise<int> p;
    bool cancelled = false;
    p.setCanceller([&] { cancelled = true; });
    bool called = false;
    p.pending().then(this, [&](const fd::Result<int> &) { called = true; });
    p.pending().cancel();
    QVERIFY(cancelled);
    p.resolve(1);
    QTest::qWait(20);
    QVERIFY(!called);

    Promise<int> q;
    auto *context = new QObject;
    q.pending().then(context, [&](const fd::Result<int> &) { called = true; });
    q.resolve(2);
    delete context; // before the event loop delivers
    QTest::qWait(20);
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(TestDockerCodecs)
#include "TestDockerCodecs.moc"
