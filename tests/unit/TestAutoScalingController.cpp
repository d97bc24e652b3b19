// Service auto scaling at work on the simulated runtime and a manual clock (no Docker): a busy
// service's CPU crosses a target tracking target, the high alarm fires after 3 datapoints, the
// service scales out by the proportional count, the cooldown holds, and with the load off it scales
// in after the 15-of-15 low alarm; the activities read with AWS's wording. Scale-in waits while a
// deployment is in progress and happens once it completes. Step scaling and the
// several-policies rule end to end; the min/max clamp on RegisterScalableTarget; a scheduled action.

#include "ControlPlane.h"
#include "DrivenSystem.h"
#include "alarms/MetricAlarm.h"
#include "controllers/AlarmController.h"
#include "controllers/AutoScalingController.h"
#include "metrics/EcsMetrics.h"
#include "metrics/MetricStore.h"
#include "ops/Alarms.h"
#include "ops/AutoScaling.h"
#include "ops/Instances.h"
#include "ops/Services.h"

#include <QSignalSpy>
#include <QTest>

#include <functional>
#include <memory>

using namespace fd;
using namespace fd::autoscaling;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

const QString kCluster = u"scale"_s;
const QString kResource = u"service/scale/web"_s;

ops::TargetKey key()
{
    return {kEcsNamespace, kResource, kDesiredCountDimension};
}

} // namespace

class TestAutoScalingController final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void targetTrackingScalesOutHoldsAndScalesIn();
    void scaleInWaitsForTheDeployment();
    void stepScalingScalesOutByItsStep();
    void severalPoliciesScaleInOnlyWhenAllAgree();
    void percentStepsScaleByAtLeastTheMinAdjustmentMagnitude();
    void registerClampsToMinAndMax();
    void scheduledActionSetsCapacity();

private:
    void step(qint64 ms) { m_sim->step(ms); }
    bool runUntil(const std::function<bool()> &done, qint64 limitMs) { return m_sim->runUntil(done, limitMs); }
    int desired() const { return m_cp->services().find(kCluster, u"web"_s)->desiredCount; }
    void createService(int count) { QVERIFY(m_sim->createService(u"web"_s, u"busy:1"_s, count)); }
    void registerTarget(int minCapacity, int maxCapacity);
    bool putTargetTracking(const QString &name, const QString &predefinedMetric, double targetValue)
    {
        return m_sim->putTargetTracking(u"web"_s, name, predefinedMetric, targetValue);
    }
    const ScalableTarget &target() const { return *m_cp->autoScaling().find(kResource); }

    std::unique_ptr<test::DrivenSimulation> m_sim;
    System *m_system = nullptr;
    ManualClock *m_clock = nullptr;
    ControlPlane *m_cp = nullptr;
};

void TestAutoScalingController::init()
{
    m_sim = std::make_unique<test::DrivenSimulation>(kCluster, 4); // 4 x 2,048 units: room for 16 tasks of 512
    m_system = &m_sim->system();
    m_clock = &m_sim->clock();
    m_cp = &m_sim->cp();
    QVERIFY(m_sim->registerTaskDefinition(R"({"family": "busy", "containerDefinitions": [{"name": "app",
        "image": "fleetdeck/demo-web:1", "cpu": 512, "memory": 256}]})"));
}

void TestAutoScalingController::cleanup()
{
    m_cp = nullptr;
    m_clock = nullptr;
    m_system = nullptr;
    m_sim.reset();
}

void TestAutoScalingController::registerTarget(int minCapacity, int maxCapacity)
{
    QVERIFY(m_sim->registerScalableTarget(u"web"_s, minCapacity, maxCapacity));
}

void TestAutoScalingController::targetTrackingScalesOutHoldsAndScalesIn()
{
    createService(2);
    registerTarget(1, 6);
    QVERIFY(putTargetTracking(u"cpu50"_s, u"ECSServiceAverageCPUUtilization"_s, 50));
    const ScalingPolicy policy = *target().policy(u"cpu50"_s);
    QCOMPARE(policy.alarms.size(), 2);
    const QString high = policy.alarms[0].name;
    QVERIFY2(high.startsWith(u"TargetTracking-service/scale/web-AlarmHigh-"_s), qPrintable(high));
    QSignalSpy panelSpy(m_system->autoScalingController(), &AutoScalingController::panelChanged);

    // 83 % of each task's reservation: 83 ÷ 50 × 2 = 3.3, rounded up to 4, after 3 datapoints.
    QVERIFY(m_system->setSimulatedLoad(kCluster, u"web"_s, 83, 10));
    const QDateTime loaded = m_clock->now();
    QVERIFY(runUntil([&] { return desired() != 2; }, 10 * 60'000));
    QCOMPARE(desired(), 4);
    const qint64 took = loaded.secsTo(m_clock->now());
    QVERIFY2(took >= 180 && took <= 300, qPrintable(QString::number(took))); // 3 one-minute datapoints
    QVERIFY(m_cp->alarms().find(high)->status.state == alarms::AlarmState::Alarm);
    QVERIFY(panelSpy.count() > 0);
    ScalingActivity a = target().activities.front();
    QCOMPARE(a.statusCode, u"Successful"_s);
    QCOMPARE(a.description, u"Setting desired count to 4."_s);
    QCOMPARE(a.cause, u"monitor alarm %1 in state ALARM triggered policy cpu50"_s.arg(high));
    QCOMPARE(a.statusMessage, u"Successfully set desired count to 4. Change successfully fulfilled by ecs."_s);
    QVERIFY2(a.details.contains(u"83 % ÷ 50 % × 2 tasks = 3.3, rounded up to 4"_s), qPrintable(a.details));
    QCOMPARE(target().activities.size(), 1); // InProgress was replaced by its outcome

    // The alarm repeats every minute: within the 300 s cooldown the 2 tasks it started from give 4 again.
    const QDateTime scaledAt = m_clock->now();
    std::optional<TargetPanel> panel = m_system->autoScalingController()->panel(kResource);
    QVERIFY(panel);
    QCOMPARE(panel->scaleOutCooldownEnds, scaledAt.addSecs(300));
    QCOMPARE(panel->currentDesired, 4);
    QCOMPARE(panel->policies.size(), 1);
    QCOMPARE(panel->policies[0].alarms.size(), 2);
    QCOMPARE(panel->policies[0].alarms[0].datapointsToAlarm, 3);
    QCOMPARE(panel->policies[0].alarms[1].evaluationPeriods, 15);
    QVERIFY(runUntil([&] { return desired() != 4; }, 270'000) == false);
    panel = m_system->autoScalingController()->panel(kResource);
    QVERIFY2(panel->lastReason.startsWith(u"scale-out cooldown"_s), qPrintable(panel->lastReason));

    // After the cooldown: 83 ÷ 50 × 4 = 6.64 -> 7, capped at the maximum 6.
    QVERIFY(runUntil([&] { return desired() != 4; }, 3 * 60'000));
    QCOMPARE(desired(), 6);
    QVERIFY(scaledAt.secsTo(m_clock->now()) >= 300);
    QVERIFY2(target().activities.front().details.contains(u"capped at the maximum capacity 6"_s),
             qPrintable(target().activities.front().details));

    // Load off: the low alarm (< 45 for 15 of 15) brings it in to the minimum.
    QVERIFY(m_system->setSimulatedLoad(kCluster, u"web"_s, 0, 0));
    const QDateTime idle = m_clock->now();
    QVERIFY(runUntil([&] { return desired() != 6; }, 25 * 60'000));
    QVERIFY2(idle.secsTo(m_clock->now()) >= 15 * 60, qPrintable(QString::number(idle.secsTo(m_clock->now()))));
    QCOMPARE(desired(), 1);
    a = target().activities.front();
    QCOMPARE(a.description, u"Setting desired count to 1."_s);
    QVERIFY(a.cause.contains(u"AlarmLow"_s));
    QCOMPARE(target().activities.size(), 3);

    // Cooldown memory and activities survive a restart.
    const ScalingMemory memory = target().memory;
    m_sim->restart();
    m_system = &m_sim->system();
    m_cp = &m_sim->cp();
    QCOMPARE(target().activities.size(), 3);
    QCOMPARE(target().memory.lastScaleInAt, memory.lastScaleInAt);
    QCOMPARE(target().policies.size(), 1);

    // Deleting the policy deletes its alarms.
    QVERIFY(m_cp->autoScaling().deletePolicy(key(), u"cpu50"_s));
    QVERIFY(!m_cp->alarms().find(high));
}

// Issue 12, end to end: busy, the service scales out 2 -> 4; the load stops and a deployment of a
// revision no instance can hold (4,096 units on 2,048-unit instances) stays IN_PROGRESS. The low
// alarm goes to ALARM on 15 datapoints of 0 % from the old tasks, which still run, but nothing scales
// in: the panel says why. Once instances that fit the new revision register, the deployment
// completes and the next minute's alarm action scales in to the minimum.
void TestAutoScalingController::scaleInWaitsForTheDeployment()
{
    QVERIFY(m_sim->registerTaskDefinition(R"({"family": "busy", "containerDefinitions": [{"name": "app",
        "image": "fleetdeck/demo-web:2", "cpu": 4096, "memory": 256}]})"));
    createService(2);
    registerTarget(1, 6);
    QVERIFY(putTargetTracking(u"cpu50"_s, u"ECSServiceAverageCPUUtilization"_s, 50));
    const ScalingPolicy policy = *target().policy(u"cpu50"_s);
    const QString low = policy.alarms[1].name;
    QVERIFY2(low.contains(u"-AlarmLow-"_s), qPrintable(low));

    QVERIFY(m_system->setSimulatedLoad(kCluster, u"web"_s, 83, 10));
    QVERIFY(runUntil([&] { return desired() != 2; }, 10 * 60'000));
    QCOMPARE(desired(), 4);
    QCOMPARE(target().activities.size(), 1);

    // The load stops and busy:2 deploys; none of its tasks can be placed.
    QVERIFY(m_system->setSimulatedLoad(kCluster, u"web"_s, 0, 0));
    ops::ServiceRequest deploy;
    deploy.cluster = kCluster;
    deploy.serviceName = u"web"_s;
    deploy.taskDefinition = u"busy:2"_s;
    QVERIFY(m_cp->services().update(deploy));
    const auto deployments = [&] { return m_cp->services().find(kCluster, u"web"_s)->deployments; };
    QCOMPARE(deployments().size(), 2);
    const qint64 deployedMs = m_clock->now().toMSecsSinceEpoch();
    const auto lowState = [&] { return m_cp->alarms().find(low)->status.state; };
    QVERIFY2(runUntil([&] { return lowState() == alarms::AlarmState::Alarm; }, 25 * 60'000),
             qPrintable(m_cp->alarms().find(low)->status.reason));
    // Two more minutes of the alarm's repeated actions: still nothing scales in.
    QVERIFY(!runUntil([&] { return desired() != 4; }, 2 * 60'000));
    QCOMPARE(alarms::toString(lowState()), u"ALARM"_s);
    QCOMPARE(deployments().size(), 2);
    QCOMPARE(toString(deployments().front().rolloutState), u"IN_PROGRESS"_s);
    QCOMPARE(deployments().front().taskDefinition(), u"busy:2"_s);
    QCOMPARE(target().activities.size(), 1);
    // The old revision's 2 tasks (the 2 more the scale-out asked for wait for the new revision) ran
    // throughout and the service's CPUUtilization has a datapoint for every minute.
    QCOMPARE(m_sim->runningTasks(u"web"_s), 2);
    metrics::StatisticsQuery q;
    q.metric = metrics::serviceMetricId(kCluster, u"web"_s, u"CPUUtilization"_s);
    q.periodSeconds = 60;
    q.startMs = metrics::alignedStart(deployedMs, 60) + 60'000;
    q.endMs = metrics::alignedStart(m_clock->now().toMSecsSinceEpoch(), 60);
    q.statistics = {metrics::Statistic::Average, metrics::Statistic::SampleCount};
    const auto points = m_cp->metricStore().statistics(q);
    QVERIFY(points);
    QVERIFY2(points->size() >= 15, qPrintable(QString::number(points->size())));
    QCOMPARE(qint64(points->size()), (q.endMs - q.startMs) / 60'000);
    for (const metrics::StatisticsDatapoint &d : *points)
        QCOMPARE(d.get(metrics::Statistic::Average).value_or(-1), 0.0);
    std::optional<TargetPanel> panel = m_system->autoScalingController()->panel(kResource);
    QVERIFY(panel);
    QVERIFY2(panel->banners.contains(u"scale-in suspended: deployment in progress"_s),
             qPrintable(panel->banners.join(u'|')));
    QCOMPARE(panel->lastOutcome, u"held"_s);
    QCOMPARE(panel->lastReason, u"scale-in suspended: deployment in progress"_s);
    QCOMPARE(panel->nextDesired, 4);

    // Room for the new revision: two 8,192-unit instances hold its 4 tasks; the rollout completes.
    ops::InstanceRequest large;
    large.cluster = kCluster;
    large.engineId = u"sim"_s;
    large.instanceType = u"m5.2xlarge"_s;
    large.count = 2;
    QVERIFY(m_cp->instances().registerNew(large));
    QVERIFY(runUntil([&] { return deployments().size() == 1; }, 10 * 60'000));
    QCOMPARE(toString(deployments().front().rolloutState), u"COMPLETED"_s);
    const QDateTime completed = m_clock->now();
    QVERIFY(runUntil([&] { return desired() != 4; }, 3 * 60'000));
    QVERIFY2(completed.secsTo(m_clock->now()) <= 65, qPrintable(QString::number(completed.secsTo(m_clock->now()))));
    QCOMPARE(desired(), 1);
    QCOMPARE(target().activities.size(), 2);
    const ScalingActivity a = target().activities.front();
    QCOMPARE(a.statusCode, u"Successful"_s);
    QCOMPARE(a.description, u"Setting desired count to 1."_s);
    QCOMPARE(a.cause, u"monitor alarm %1 in state ALARM triggered policy cpu50"_s.arg(low));
    QCOMPARE(a.statusMessage, u"Successfully set desired count to 1. Change successfully fulfilled by ecs."_s);
    QVERIFY2(a.details.contains(u"0 % ÷ 50 % × 4 tasks = 0, kept at the minimum capacity 1"_s), qPrintable(a.details));
    panel = m_system->autoScalingController()->panel(kResource);
    QVERIFY(!panel->banners.contains(u"scale-in suspended: deployment in progress"_s));
}

// A step policy on the user's own alarm scales out by its step.
void TestAutoScalingController::stepScalingScalesOutByItsStep()
{
    createService(2);
    registerTarget(1, 8);
    ops::PolicyPut p;
    p.key = key();
    p.policyName = u"steps"_s;
    p.policyType = u"StepScaling"_s;
    StepScalingConfiguration s;
    s.adjustmentType = AdjustmentType::ChangeInCapacity;
    s.steps = {{0.0, 20.0, 1}, {20.0, std::nullopt, 3}};
    s.cooldownSeconds = 60;
    p.step = s;
    auto policy = m_cp->autoScaling().putPolicy(p);
    QVERIFY2(policy, policy ? "" : qPrintable(policy.error().message));

    ops::AlarmPut alarm;
    alarm.definition.name = u"Step-Scaling-AlarmHigh-ECS:service/scale/web"_s;
    alarm.definition.metric = metrics::makeMetricId(u"AWS/ECS"_s, u"CPUUtilization"_s,
                                                    {{u"ClusterName"_s, kCluster}, {u"ServiceName"_s, u"web"_s}})
                                  .value();
    alarm.definition.statistic = metrics::Statistic::Average;
    alarm.definition.periodSeconds = 60;
    alarm.definition.evaluationPeriods = 2;
    alarm.definition.threshold = 70;
    alarm.definition.comparison = alarms::ComparisonOperator::GreaterThanOrEqualToThreshold;
    alarm.definition.alarmActions = {policy->arn};
    QVERIFY(m_cp->alarms().put(alarm));

    // 95 % is 25 above the threshold 70: the step [20, +inf) adds 3.
    QVERIFY(m_system->setSimulatedLoad(kCluster, u"web"_s, 95, 10));
    QVERIFY(runUntil([&] { return desired() != 2; }, 6 * 60'000));
    QCOMPARE(desired(), 5);
    QVERIFY2(target().activities.front().details.contains(u"in the step [20, +infinity)"_s) ||
                 target().activities.front().details.contains(u"in the step"_s),
             qPrintable(target().activities.front().details));
    QVERIFY(target().activities.front().cause.endsWith(u"triggered policy steps"_s));

    // The step policy has no scale-in step: load off, its alarm goes OK and nothing scales in.
    QVERIFY(m_system->setSimulatedLoad(kCluster, u"web"_s, 0, 0));
    QVERIFY(!runUntil([&] { return desired() != 5; }, 5 * 60'000));
}

// Two target tracking policies (CPU and memory at 50): CPU idle wants to scale in, memory at 48 %
// (between its low 45 and high 50) does not, so scale-in waits with the banner; once memory is idle
// too, both agree and it scales in.
void TestAutoScalingController::severalPoliciesScaleInOnlyWhenAllAgree()
{
    createService(4);
    registerTarget(1, 8);
    for (const auto &[name, type] : {std::pair{u"cpu50"_s, u"ECSServiceAverageCPUUtilization"_s},
                                     std::pair{u"mem50"_s, u"ECSServiceAverageMemoryUtilization"_s}}) {
        QVERIFY(putTargetTracking(name, type, 50));
    }
    QVERIFY(m_system->setSimulatedLoad(kCluster, u"web"_s, 20, 48));
    QVERIFY(!runUntil([&] { return desired() != 4; }, 18 * 60'000));
    std::optional<TargetPanel> panel = m_system->autoScalingController()->panel(kResource);
    QVERIFY(panel);
    QCOMPARE(panel->policies.size(), 2);
    QVERIFY2(panel->banners.join(u'|').contains(u"scale in needs all policies: 1 of 2 agree"_s),
             qPrintable(panel->banners.join(u'|') + u" / "_s + panel->nextReason));
    QVERIFY(!panel->policies[0].proposal.isEmpty()); // the CPU policy proposes, 20 ÷ 50 × 4 = 1.6 -> 2
    QVERIFY(panel->policies[1].proposal.isEmpty());

    QVERIFY(m_system->setSimulatedLoad(kCluster, u"web"_s, 20, 10));
    QVERIFY(runUntil([&] { return desired() != 4; }, 18 * 60'000));
    QCOMPARE(desired(), 2); // the policy that removes the fewest: both 1.6 and 0.8 -> 2 and 1, keep 2
}

// A PercentChangeInCapacity step policy with MinAdjustmentMagnitude 2, out and in, on the user's own
// alarms: +10 % of 2 tasks is 0.2, at least 1 and then at least 2 tasks: 2 -> 4; -10 % of 4 is -0.4,
// at least 2 fewer: 4 -> 2.
void TestAutoScalingController::percentStepsScaleByAtLeastTheMinAdjustmentMagnitude()
{
    createService(2);
    registerTarget(1, 8);
    const auto putStepPolicy = [&](const QString &name, QList<StepAdjustment> steps) {
        ops::PolicyPut p;
        p.key = key();
        p.policyName = name;
        p.policyType = u"StepScaling"_s;
        StepScalingConfiguration s;
        s.adjustmentType = AdjustmentType::PercentChangeInCapacity;
        s.minAdjustmentMagnitude = 2;
        s.steps = std::move(steps);
        s.cooldownSeconds = 60;
        p.step = s;
        return m_cp->autoScaling().putPolicy(p);
    };
    const auto putAlarm = [&](const QString &name, alarms::ComparisonOperator comparison, double threshold,
                              const QString &policyArn) {
        ops::AlarmPut alarm;
        alarm.definition.name = name;
        alarm.definition.metric = metrics::makeMetricId(u"AWS/ECS"_s, u"CPUUtilization"_s,
                                                        {{u"ClusterName"_s, kCluster}, {u"ServiceName"_s, u"web"_s}})
                                      .value();
        alarm.definition.statistic = metrics::Statistic::Average;
        alarm.definition.periodSeconds = 60;
        alarm.definition.evaluationPeriods = 2;
        alarm.definition.threshold = threshold;
        alarm.definition.comparison = comparison;
        alarm.definition.alarmActions = {policyArn};
        return m_cp->alarms().put(alarm);
    };
    const auto out = putStepPolicy(u"out10"_s, {{0.0, std::nullopt, 10}});
    QVERIFY2(out, out ? "" : qPrintable(out.error().message));
    const auto in = putStepPolicy(u"in10"_s, {{std::nullopt, 0.0, -10}});
    QVERIFY2(in, in ? "" : qPrintable(in.error().message));
    QVERIFY(putAlarm(u"cpu-high"_s, alarms::ComparisonOperator::GreaterThanOrEqualToThreshold, 70, out->arn));
    QVERIFY(putAlarm(u"cpu-low"_s, alarms::ComparisonOperator::LessThanThreshold, 20, in->arn));

    QVERIFY(m_system->setSimulatedLoad(kCluster, u"web"_s, 90, 10));
    QVERIFY(runUntil([&] { return desired() != 2; }, 6 * 60'000));
    QCOMPARE(desired(), 4);
    ScalingActivity a = target().activities.front();
    QCOMPARE(a.cause, u"monitor alarm cpu-high in state ALARM triggered policy out10"_s);
    QVERIFY2(a.details.contains(u"+10 %, at least 2 tasks (MinAdjustmentMagnitude), 2 -> 4"_s), qPrintable(a.details));

    // Load off: the low alarm's policy removes at least 2 (both policies are step policies: the
    // scale-out one has no scale-in step, so it does not have to agree).
    QVERIFY(m_system->setSimulatedLoad(kCluster, u"web"_s, 0, 0));
    QVERIFY(runUntil([&] { return desired() != 4; }, 6 * 60'000));
    QCOMPARE(desired(), 2);
    a = target().activities.front();
    QCOMPARE(a.cause, u"monitor alarm cpu-low in state ALARM triggered policy in10"_s);
    QVERIFY2(a.details.contains(u"-10 %, at least 2 tasks (MinAdjustmentMagnitude), 4 -> 2"_s), qPrintable(a.details));
}

void TestAutoScalingController::registerClampsToMinAndMax()
{
    createService(1);
    registerTarget(3, 5);
    QVERIFY(runUntil([&] { return desired() == 3; }, 30'000));
    ScalingActivity a = target().activities.front();
    QCOMPARE(a.description, u"Setting desired count to 3."_s);
    QCOMPARE(a.cause, u"minimum capacity was set to 3"_s);
    QCOMPARE(a.statusCode, u"Successful"_s);
    registerTarget(1, 2);
    QVERIFY(runUntil([&] { return desired() == 2; }, 30'000));
    QCOMPARE(target().activities.front().cause, u"maximum capacity was set to 2"_s);
}

void TestAutoScalingController::scheduledActionSetsCapacity()
{
    createService(1);
    registerTarget(1, 2);
    ops::ScheduledPut s;
    s.key = key();
    s.name = u"morning"_s;
    // The manual clock starts at 2026-01-01 00:00 UTC plus what createService ran; 09:00 in Tokyo is 00:00 UTC
    // on the next day.
    s.schedule = u"cron(0 9 * * ? *)"_s;
    s.timezone = u"Asia/Tokyo"_s;
    s.minCapacity = 4;
    s.maxCapacity = 6;
    QVERIFY(m_cp->autoScaling().putScheduledAction(s));
    step(1000);
    QCOMPARE(target().minCapacity, 1);
    const QDateTime due = QDateTime(QDate(2026, 1, 2), QTime(0, 0), Qt::UTC);
    m_clock->set(due.addSecs(-10));
    step(5000);
    QCOMPARE(target().minCapacity, 1);
    step(10000);
    QCOMPARE(target().minCapacity, 4);
    QCOMPARE(target().maxCapacity, 6);
    QVERIFY(runUntil([&] { return desired() == 4; }, 30'000));
    bool found = false;
    for (const ScalingActivity &a : target().activities) {
        if (a.cause == u"scheduled action name morning was triggered"_s) {
            found = true;
            QCOMPARE(a.description, u"Setting min capacity to 4 and max capacity to 6"_s);
        }
    }
    QVERIFY(found);
    QVERIFY(target().scheduledAction(u"morning"_s)->lastRunAt >= due);

    // Bad schedules are refused by name.
    s.name = u"bad"_s;
    s.schedule = u"cron(0 9 * * * *)"_s;
    Status bad = m_cp->autoScaling().putScheduledAction(s);
    QCOMPARE(bad.error().code, u"ValidationException"_s);
    QCOMPARE(bad.error().field, u"Schedule"_s);
    s.schedule = u"rate(5 fortnights)"_s;
    bad = m_cp->autoScaling().putScheduledAction(s);
    QCOMPARE(bad.error().field, u"Schedule"_s);
    s.schedule = u"at(2026-02-01T10:00:00)"_s;
    s.timezone = u"Mars/Olympus"_s;
    bad = m_cp->autoScaling().putScheduledAction(s);
    QCOMPARE(bad.error().field, u"Timezone"_s);
}

QTEST_GUILESS_MAIN(TestAutoScalingController)
#include "TestAutoScalingController.moc"
