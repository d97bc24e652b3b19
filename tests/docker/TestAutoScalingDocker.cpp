// Service auto scaling on the real Docker engine at teaching speed x20 (a control-plane minute is 3
// real seconds): a demo-web service (cpu 512) with a target tracking policy on
// ECSServiceAverageCPUUtilization at 60 %. A bounded burner busy-loops its task through the demo
// app's /burn?ms= on the instance's loopback address; the high alarm goes to ALARM after its 3
// datapoints, a scaling activity in AWS's words raises the desired count, the 300 s scale-out cooldown
// holds (no second scale-out inside it; the panel's cooldown end is the activity's start + 300 s on
// the control plane's clock), and with the burn stopped the low alarm (15 of 15) fires and the
// service scales back in toward its minimum.

#include "ControlPlane.h"
#include "System.h"
#include "TestSupport.h"
#include "alarms/MetricAlarm.h"
#include "autoscaling/ScalableTarget.h"
#include "controllers/AutoScalingController.h"
#include "json/TaskDefinitionJson.h"
#include "ops/Alarms.h"
#include "ops/AutoScaling.h"
#include "ops/Instances.h"
#include "ops/Services.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "registries/InstanceRegistry.h"
#include "registries/TaskRegistry.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace fd;
using namespace fd::autoscaling;
using namespace Qt::StringLiterals;

namespace {

constexpr double kSpeed = 20;
constexpr int kBurnLimitMs = 180'000; // the burner stops by itself after 3 real minutes at most

// The state transitions of an alarm to `state`, newest first, from its history.
QList<alarms::AlarmHistoryItem> transitionsTo(const ControlPlane &cp, const QString &alarm, const QString &state)
{
    QList<alarms::AlarmHistoryItem> out;
    if (const std::optional<alarms::MetricAlarm> a = cp.alarms().find(alarm)) {
        for (const alarms::AlarmHistoryItem &h : a->history) {
            if (h.historyItemType == u"StateUpdate"_s && h.historySummary.endsWith(u" to "_s + state))
                out.append(h);
        }
    }
    return out;
}

} // namespace

class TestAutoScalingDocker : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<System> m_system;
    QString m_service = u"scale-%1"_s.arg(QCoreApplication::applicationPid());

    struct Burner
    {
        std::atomic<bool> stop{false};
        std::atomic<int> answered{0};
        std::thread thread;
        void halt()
        {
            stop = true;
            if (thread.joinable())
                thread.join();
        }
        ~Burner() { halt(); }
    };

    ControlPlane &cp() { return m_system->controlPlane(); }
    QString resourceId() const { return u"service/default/"_s + m_service; }
    ops::TargetKey key() const { return {kEcsNamespace, resourceId(), kDesiredCountDimension}; }
    int desired() { return cp().services().find(u"default"_s, m_service)->desiredCount; }
    const ScalableTarget &target() { return *cp().autoScaling().find(resourceId()); }

    // The target's activities that the policy's alarms started, oldest first.
    QList<ScalingActivity> policyActivities()
    {
        QList<ScalingActivity> out;
        for (const ScalingActivity &a : target().activities) {
            if (a.cause.startsWith(u"monitor alarm "_s))
                out.prepend(a);
        }
        return out;
    }

private slots:
    void initTestCase()
    {
        QProcess p;
        p.start(u"docker"_s, {u"image"_s, u"inspect"_s, u"fleetdeck/demo-web:1"_s});
        p.waitForFinished(30000);
        if (p.exitCode() != 0 || p.exitStatus() != QProcess::NormalExit) {
            if (fd::test::inCi())
                QFAIL("fleetdeck/demo-web:1 is missing: run resources/scripts/build-images.sh");
            QSKIP("no Docker engine or no fleetdeck/demo-web:1 (resources/scripts/build-images.sh)");
        }
        SystemOptions options;
        options.dataDir = m_dir.filePath(u"state"_s);
        options.speed = kSpeed;
        auto system = System::create(std::move(options));
        QVERIFY2(system, system ? "" : qPrintable(system.error().message));
        m_system = std::move(system).value();
        QVERIFY(m_system->metricsPublisher() && m_system->alarmController() && m_system->autoScalingController());
        QTRY_VERIFY_WITH_TIMEOUT(!cp().instances().registry().all().isEmpty() &&
                                     cp().instances().registry().all().first().agentConnected,
                                 20000);
    }

    void cleanupTestCase()
    {
        if (!m_system)
            return;
        if (auto gone = cp().autoScaling().deregisterTarget(key()); !gone) // no scaling during the clean-up
            qWarning().noquote() << "clean-up:" << gone.error().message;
        if (auto removed = cp().services().remove(u"default"_s, m_service, true); !removed)
            qWarning().noquote() << "clean-up:" << removed.error().message;
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(cp().tasks().registry().all().cbegin(),
                                             cp().tasks().registry().all().cend(),
                                             [](const Task &t) { return t.lastStatus == TaskStatus::Stopped; }),
                                 60000);
        m_system.reset();
        fd::test::removeServiceContainers(m_service);
    }

    void burnScalesOutCoolsDownAndScalesIn()
    {
        auto spec = json::parseTaskDefinition(uR"({"family": "scale", "containerDefinitions": [{
            "name": "web", "image": "fleetdeck/demo-web:1", "cpu": 512, "memory": 128, "stopTimeout": 5,
            "portMappings": [{"containerPort": 8080, "hostPort": 0}]}]})"_s.toUtf8());
        QVERIFY(spec);
        QVERIFY(cp().taskDefinitions().registerNew(*spec));
        ops::ServiceRequest r;
        r.serviceName = m_service;
        r.taskDefinition = u"scale"_s;
        r.desiredCount = 1;
        QVERIFY(cp().services().create(r));

        std::optional<Task> task;
        QTRY_VERIFY_WITH_TIMEOUT((task = fd::test::runningTaskWithPort(cp(), u"default"_s, m_service)), 60000);
        const NetworkBinding binding = task->containers.first().networkBindings.first();
        const QString host = binding.bindIP;
        QVERIFY2(host.startsWith(u"127."_s), qPrintable(host)); // the instance's own loopback address
        const quint16 port = quint16(binding.hostPort);
        QVERIFY2(fd::test::httpGet(host, port, "/burn?ms=10", 5000).startsWith("HTTP/1.1 200"), qPrintable(host));

        ops::TargetRegistration reg;
        reg.key = key();
        reg.minCapacity = 1;
        reg.maxCapacity = 4;
        QVERIFY(cp().autoScaling().registerTarget(reg));
        ops::PolicyPut put;
        put.key = key();
        put.policyName = u"cpu60"_s;
        put.policyType = u"TargetTrackingScaling"_s;
        TargetTrackingConfiguration c;
        c.targetValue = 60;
        c.predefined = PredefinedMetric{u"ECSServiceAverageCPUUtilization"_s, {}};
        put.targetTracking = c;
        QVERIFY(cp().autoScaling().putPolicy(put));
        const ScalingPolicy policy = *target().policy(u"cpu60"_s);
        QCOMPARE(policy.alarms.size(), 2);
        const QString high = policy.alarms[0].name;
        const QString low = policy.alarms[1].name;
        QVERIFY2(high.startsWith(u"TargetTracking-%1-AlarmHigh-"_s.arg(resourceId())), qPrintable(high));
        QVERIFY2(low.startsWith(u"TargetTracking-%1-AlarmLow-"_s.arg(resourceId())), qPrintable(low));

        // Burn: one core busy in the task (about 1,024 units: far above 60 % of its 512).
        QElapsedTimer wall;
        wall.start();
        Burner burner;
        burner.thread = std::thread([&burner, host, port] {
            QElapsedTimer limit;
            limit.start();
            while (!burner.stop && limit.elapsed() < kBurnLimitMs) {
                if (fd::test::httpGet(host, port, "/burn?ms=1000", 5000).startsWith("HTTP/1.1 200"))
                    ++burner.answered;
            }
        });
        const QDateTime burnFrom = cp().clock().now();

        // The high alarm fires after 3 datapoints above 60 and the policy raises the desired count.
        QTRY_VERIFY2_WITH_TIMEOUT(
            desired() > 1,
            qPrintable(u"desired %1 after %2 s; high alarm: %3; %4 /burn answered"_s.arg(desired())
                           .arg(wall.elapsed() / 1000)
                           .arg(cp().alarms().find(high)->status.reason)
                           .arg(burner.answered.load())),
            120000);
        const int peak = desired();
        qInfo().noquote() << u"scaled out to %1 after %2 s of burn (%3 s on the control plane's clock)"_s.arg(peak)
                                 .arg(wall.elapsed() / 1000.0)
                                 .arg(burnFrom.secsTo(cp().clock().now()));
        const QList<alarms::AlarmHistoryItem> toAlarm = transitionsTo(cp(), high, u"ALARM"_s);
        QVERIFY(!toAlarm.isEmpty());
        QVERIFY2(toAlarm.first().historyData.contains(u"3 out of the last 3 datapoints"_s) &&
                     toAlarm.first().historyData.contains(u"(minimum 3 datapoints for OK -> ALARM transition)"_s),
                 qPrintable(toAlarm.first().historyData));
        QVERIFY2(toAlarm.first().historyData.contains(u"greater than the threshold (60.0)"_s),
                 qPrintable(toAlarm.first().historyData));
        QVERIFY(burnFrom.msecsTo(QDateTime::fromMSecsSinceEpoch(toAlarm.first().timestampMs, Qt::UTC)) >=
                2 * 60'000); // not before 3 one-minute datapoints could exist

        QList<ScalingActivity> activities = policyActivities();
        QCOMPARE(activities.size(), 1);
        const ScalingActivity out = activities.first();
        QCOMPARE(out.statusCode, u"Successful"_s);
        QCOMPARE(out.description, u"Setting desired count to %1."_s.arg(peak));
        QCOMPARE(out.cause, u"monitor alarm %1 in state ALARM triggered policy cpu60"_s.arg(high));
        QCOMPARE(out.statusMessage,
                 u"Successfully set desired count to %1. Change successfully fulfilled by ecs."_s.arg(peak));
        QVERIFY2(out.details.contains(u"÷ 60 % × 1 tasks"_s), qPrintable(out.details));

        // The panel's cooldown ends 300 s (control-plane time) after the scale-out.
        std::optional<TargetPanel> panel = m_system->autoScalingController()->panel(resourceId());
        QVERIFY(panel);
        QVERIFY(panel->scaleOutCooldownEnds.isValid());
        const qint64 cooldownOffMs = out.startTime.addSecs(300).msecsTo(panel->scaleOutCooldownEnds);
        QVERIFY2(std::abs(cooldownOffMs) <= 2000, qPrintable(u"cooldown ends %1, activity started %2"_s.arg(
                                                      panel->scaleOutCooldownEnds.toString(Qt::ISODateWithMs),
                                                      out.startTime.toString(Qt::ISODateWithMs))));

        // Keep burning through the cooldown: no second scale-out inside it.
        const QDateTime cooldownEnds = panel->scaleOutCooldownEnds;
        QTRY_VERIFY_WITH_TIMEOUT(cp().clock().now() > cooldownEnds.addSecs(30), 60000);
        for (const ScalingActivity &a : policyActivities()) {
            if (a.id != out.id)
                QVERIFY2(a.startTime >= cooldownEnds.addSecs(-2),
                         qPrintable(u"%1 at %2, inside the cooldown that ends %3"_s.arg(
                             a.description, a.startTime.toString(Qt::ISODate), cooldownEnds.toString(Qt::ISODate))));
        }
        QCOMPARE(desired(), peak);
        burner.halt();
        const QDateTime idleFrom = cp().clock().now();
        const int before = desired();
        qInfo().noquote() << u"burn stopped with %1 tasks desired, %2 /burn answered, %3 s wall"_s.arg(before)
                                 .arg(burner.answered.load())
                                 .arg(wall.elapsed() / 1000.0);

        // Idle: the low alarm (below 54 for 15 of 15 datapoints) fires and the service scales in.
        QTRY_VERIFY2_WITH_TIMEOUT(desired() < before,
                                  qPrintable(u"desired %1 after %2 s; low alarm: %3"_s.arg(desired())
                                                 .arg(wall.elapsed() / 1000)
                                                 .arg(cp().alarms().find(low)->status.reason)),
                                  150000);
        qInfo().noquote() << u"scaled in to %1, %2 s on the control plane's clock after the burn stopped, %3 s wall"_s
                                 .arg(desired())
                                 .arg(idleFrom.secsTo(cp().clock().now()))
                                 .arg(wall.elapsed() / 1000.0);
        QVERIFY(desired() >= 1);
        const QList<alarms::AlarmHistoryItem> lowToAlarm = transitionsTo(cp(), low, u"ALARM"_s);
        QVERIFY(!lowToAlarm.isEmpty());
        QVERIFY2(lowToAlarm.first().historyData.contains(u"out of the last 15 datapoints"_s) &&
                     lowToAlarm.first().historyData.contains(u"(minimum 15 datapoints for OK -> ALARM transition)"_s),
                 qPrintable(lowToAlarm.first().historyData));
        activities = policyActivities();
        const ScalingActivity in = activities.last();
        QCOMPARE(in.cause, u"monitor alarm %1 in state ALARM triggered policy cpu60"_s.arg(low));
        QCOMPARE(in.statusCode, u"Successful"_s);
        QCOMPARE(in.description, u"Setting desired count to %1."_s.arg(desired()));
        QCOMPARE(in.statusMessage,
                 u"Successfully set desired count to %1. Change successfully fulfilled by ecs."_s.arg(desired()));
        // The 15 datapoints below 54 all come after the scale-out (one task burning was far above).
        const QDateTime lowAt = QDateTime::fromMSecsSinceEpoch(lowToAlarm.first().timestampMs, Qt::UTC);
        QVERIFY2(out.startTime.secsTo(lowAt) >= 13 * 60, qPrintable(QString::number(out.startTime.secsTo(lowAt))));
        QVERIFY(in.startTime >= lowAt);
    }
};

QTEST_MAIN(TestAutoScalingDocker)
#include "TestAutoScalingDocker.moc"
