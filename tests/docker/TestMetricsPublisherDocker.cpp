// The published AWS/ECS metrics on the real Docker engine at teaching speed x10 (a control-plane
// minute is 6 real seconds): an idle demo-web service publishes a low CPUUtilization; the demo app's
// /burn?ms=N busy-loops a core in its container, and the service's CPUUtilization (used units over the
// task's 256 reserved units) rises far above that idle baseline in the next minutes. Container usage
// comes from the metrics controller's cgroup sampling, timestamps from the control plane's clock.

#include "ControlPlane.h"
#include "TestSupport.h"
#include "System.h"
#include "controllers/MetricsPublisher.h"
#include "json/TaskDefinitionJson.h"
#include "metrics/EcsMetrics.h"
#include "metrics/MetricStore.h"
#include "ops/Instances.h"
#include "ops/Services.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "registries/InstanceRegistry.h"
#include "registries/TaskRegistry.h"

#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace fd;
using namespace fd::metrics;
using namespace Qt::StringLiterals;

class TestMetricsPublisherDocker : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<System> m_system;
    QString m_service = u"burn-%1"_s.arg(QCoreApplication::applicationPid());

    ControlPlane &cp() { return m_system->controlPlane(); }
    qint64 now() { return cp().clock().now().toMSecsSinceEpoch(); }

    // The service's CPUUtilization per minute from `fromMs` to now: {minute start, average}.
    QList<QPair<qint64, double>> cpuMinutes(qint64 fromMs)
    {
        StatisticsQuery q;
        q.metric = serviceMetricId(u"default"_s, m_service, u"CPUUtilization"_s);
        q.startMs = fromMs - fromMs % 60'000;
        q.endMs = now() + 60'000;
        q.statistics = {Statistic::Average};
        QList<QPair<qint64, double>> out;
        if (auto r = cp().metricStore().statistics(q)) {
            for (const StatisticsDatapoint &p : r.value())
                out.append({p.timestampMs, *p.average});
        }
        return out;
    }

private slots:
    void initTestCase()
    {
        QProcess p;
        p.start(u"docker"_s, {u"image"_s, u"inspect"_s, u"fleetdeck/demo-web:1"_s});
        p.waitForFinished(30000);
        QVERIFY2(p.exitCode() == 0, "fleetdeck/demo-web:1 is missing: run resources/scripts/build-images.sh");
        SystemOptions options;
        options.dataDir = m_dir.filePath(u"state"_s);
        options.speed = 10;
        auto system = System::create(std::move(options));
        QVERIFY2(system, system ? "" : qPrintable(system.error().message));
        m_system = std::move(system).value();
        QVERIFY(m_system->metrics() && m_system->metricsPublisher());
        QTRY_VERIFY_WITH_TIMEOUT(!cp().instances().registry().all().isEmpty() &&
                                     cp().instances().registry().all().first().agentConnected,
                                 20000);
    }

    void cleanupTestCase()
    {
        if (!m_system)
            return;
        if (auto removed = cp().services().remove(u"default"_s, m_service, true); !removed)
            qWarning().noquote() << "clean-up:" << removed.error().message;
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(cp().tasks().registry().all().cbegin(),
                                             cp().tasks().registry().all().cend(),
                                             [](const Task &t) { return t.lastStatus == TaskStatus::Stopped; }),
                                 60000);
        m_system.reset();
        fd::test::removeServiceContainers(m_service);
    }

    void burnRaisesTheServiceCpuUtilization()
    {
        auto spec = json::parseTaskDefinition(uR"({"family": "burn", "containerDefinitions": [{
            "name": "web", "image": "fleetdeck/demo-web:1", "cpu": 256, "memory": 128, "stopTimeout": 5,
            "portMappings": [{"containerPort": 8080, "hostPort": 0}]}]})"_s.toUtf8());
        QVERIFY(spec);
        QVERIFY(cp().taskDefinitions().registerNew(*spec));
        ops::ServiceRequest r;
        r.serviceName = m_service;
        r.taskDefinition = u"burn"_s;
        r.desiredCount = 1;
        QVERIFY(cp().services().create(r));

        std::optional<Task> task;
        QTRY_VERIFY_WITH_TIMEOUT((task = fd::test::runningTaskWithPort(cp(), u"default"_s, m_service)), 60000);
        // Published on the instance's own loopback address (127.x.y.z).
        const NetworkBinding binding = task->containers.first().networkBindings.first();
        const QString host = binding.bindIP;
        const quint16 port = quint16(binding.hostPort);
        QVERIFY2(fd::test::httpGet(host, port, "/burn?ms=10", 5000).startsWith("HTTP/1.1 200"), qPrintable(host));

        // Idle: a whole minute with the task running gives a low baseline.
        const qint64 idleFrom = now() + 60'000;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto &[t, v] : cpuMinutes(idleFrom))
                    if (t >= idleFrom - idleFrom % 60'000)
                        return true;
                return false;
            }(),
            30000);
        double idle = 0;
        for (const auto &[t, v] : cpuMinutes(idleFrom))
            idle = std::max(idle, v);
        qInfo() << "idle CPUUtilization" << idle << "%";
        QVERIFY2(idle < 50, qPrintable(QString::number(idle)));

        // Busy: /burn keeps one core busy (1,024 units: 400 % of the task's 256) while the test waits.
        struct Burner
        {
            std::atomic<bool> stop{false};
            std::atomic<int> answered{0};
            std::thread thread;
            ~Burner()
            {
                stop = true;
                if (thread.joinable())
                    thread.join();
            }
        } burner;
        burner.thread = std::thread([&burner, host, port] {
            while (!burner.stop) {
                if (fd::test::httpGet(host, port, "/burn?ms=1000", 5000).startsWith("HTTP/1.1 200"))
                    ++burner.answered;
            }
        });
        const qint64 busyFrom = now() + 60'000;
        double busy = 0;
        QTRY_VERIFY2_WITH_TIMEOUT(
            [&] {
                for (const auto &[t, v] : cpuMinutes(busyFrom))
                    if (t >= busyFrom - busyFrom % 60'000)
                        busy = std::max(busy, v);
                return busy > idle + 100;
            }(),
            qPrintable(u"busy %1 %, idle %2 %, %3 /burn answered"_s.arg(busy).arg(idle).arg(burner.answered.load())),
            60000);
        burner.stop = true;
        qInfo() << burner.answered.load() << "/burn requests answered";
        qInfo() << "busy CPUUtilization" << busy << "%";
    }
};

QTEST_MAIN(TestMetricsPublisherDocker)
#include "TestMetricsPublisherDocker.moc"
