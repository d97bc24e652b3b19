// ops::AutoScaling::check(): PutScalingPolicy's and PutScheduledAction's checks without writing.
// For every refusal putPolicy() / putScheduledAction() gives, check() gives the same code, field and
// message first; a request that passes check() is stored by the put, and check() itself stores
// nothing (no policy, no alarm, no scheduled action).

#include "ControlPlane.h"
#include "json/TaskDefinitionJson.h"
#include "ops/Alarms.h"
#include "ops/AutoScaling.h"
#include "ops/Clusters.h"
#include "ops/Services.h"
#include "ops/TaskDefinitions.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <functional>
#include <limits>

using namespace fd;
using namespace fd::autoscaling;
using namespace Qt::StringLiterals;

namespace {

const QString kResource = u"service/shop/web"_s;
// A service whose name makes the target tracking alarms' names longer than CloudWatch's 255.
const QString kLongService = QString(200, u'w');

ops::TargetKey key(const QString &resourceId = kResource)
{
    return {kEcsNamespace, resourceId, kDesiredCountDimension};
}

ops::PolicyPut tracking(const QString &name = u"cpu50"_s)
{
    ops::PolicyPut p;
    p.key = key();
    p.policyName = name;
    p.policyType = u"TargetTrackingScaling"_s;
    TargetTrackingConfiguration c;
    c.targetValue = 50;
    c.predefined = PredefinedMetric{u"ECSServiceAverageCPUUtilization"_s, {}};
    p.targetTracking = c;
    return p;
}

ops::PolicyPut custom()
{
    ops::PolicyPut p = tracking(u"queue"_s);
    p.targetTracking->predefined.reset();
    CustomizedMetricSpec m;
    m.metricNamespace = u"Shop/Orders"_s;
    m.metricName = u"QueueDepth"_s;
    m.dimensions = {{u"Queue"_s, u"orders"_s}};
    m.statistic = u"Average"_s;
    m.unit = u"Count"_s;
    p.targetTracking->customized = m;
    return p;
}

ops::PolicyPut step()
{
    ops::PolicyPut p;
    p.key = key();
    p.policyName = u"steps"_s;
    p.policyType = u"StepScaling"_s;
    StepScalingConfiguration c;
    c.adjustmentType = AdjustmentType::ChangeInCapacity;
    StepAdjustment s;
    s.lowerBound = 0;
    s.scalingAdjustment = 1;
    c.steps = {s};
    p.step = c;
    return p;
}

ops::ScheduledPut scheduled()
{
    ops::ScheduledPut a;
    a.key = key();
    a.name = u"night"_s;
    a.schedule = u"cron(0 22 * * ? *)"_s;
    a.timezone = u"Europe/Berlin"_s;
    a.minCapacity = 1;
    a.maxCapacity = 2;
    return a;
}

QString text(const Error &e)
{
    return u"%1 | %2 | %3"_s.arg(e.code, e.field, e.message);
}

} // namespace

class TestAutoScalingCheck : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<ControlPlane> m_cp;

    void createService(const QString &name)
    {
        ops::ServiceRequest r;
        r.cluster = u"shop"_s;
        r.serviceName = name;
        r.taskDefinition = u"web:1"_s;
        r.desiredCount = 1;
        QVERIFY(m_cp->services().create(r));
        ops::TargetRegistration t;
        t.key = key(u"service/shop/"_s + name);
        t.minCapacity = 1;
        t.maxCapacity = 8;
        QVERIFY(m_cp->autoScaling().registerTarget(t));
    }

    qsizetype alarmCount() const { return m_cp->alarms().describe().size(); }

    // check() refuses as put refuses, and neither writes.
    template<typename Put, typename Request> void sameRefusal(const char *what, const Request &request, const Put &put)
    {
        const ScalableTarget before = *m_cp->autoScaling().find(kResource);
        const qsizetype alarms = alarmCount();
        const Status checked = m_cp->autoScaling().check(request);
        QVERIFY2(!checked, what);
        const Status stored = put(request);
        QVERIFY2(!stored, what);
        QCOMPARE(text(checked.error()), text(stored.error()));
        // Each names its field, but the limit, which is no field's.
        QVERIFY2(!checked.error().field.isEmpty() || checked.error().code == u"LimitExceededException"_s,
                 qPrintable(text(checked.error())));
        QCOMPARE(m_cp->autoScaling().find(kResource)->policies.size(), before.policies.size());
        QCOMPARE(m_cp->autoScaling().find(kResource)->scheduled.size(), before.scheduled.size());
        QCOMPARE(alarmCount(), alarms);
    }

    void samePolicyRefusal(const char *what, const ops::PolicyPut &request)
    {
        sameRefusal(what, request, [this](const ops::PolicyPut &r) -> Status {
            Result<ScalingPolicy> p = m_cp->autoScaling().putPolicy(r);
            return p ? Status(Ok{}) : Status(p.error());
        });
    }

    void sameScheduledRefusal(const char *what, const ops::ScheduledPut &request)
    {
        sameRefusal(what, request,
                    [this](const ops::ScheduledPut &r) { return m_cp->autoScaling().putScheduledAction(r); });
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_clock = std::make_shared<ManualClock>();
        auto cp = ControlPlane::open(m_dir->path(), m_clock);
        QVERIFY2(cp, cp ? "" : qPrintable(cp.error().message));
        m_cp = std::move(cp).value();
        QVERIFY(m_cp->clusters().create(u"shop"_s));
        auto spec = json::parseTaskDefinition(
            QByteArrayLiteral(R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx",
                                  "memory": 128}]})"));
        QVERIFY(spec);
        QVERIFY(m_cp->taskDefinitions().registerNew(spec.value()));
        createService(u"web"_s);
    }

    void cleanup() { m_cp.reset(); }

    void validRequestsPassAndCheckWritesNothing()
    {
        for (const ops::PolicyPut &p : {tracking(), custom(), step()}) {
            const Status s = m_cp->autoScaling().check(p);
            QVERIFY2(s, s ? "" : qPrintable(text(s.error())));
        }
        QVERIFY(m_cp->autoScaling().check(scheduled()));
        QVERIFY(m_cp->autoScaling().find(kResource)->policies.isEmpty());
        QVERIFY(m_cp->autoScaling().find(kResource)->scheduled.isEmpty());
        QCOMPARE(alarmCount(), 0);
        // What check() passed, the puts store.
        for (const ops::PolicyPut &p : {tracking(), custom(), step()})
            QVERIFY(m_cp->autoScaling().putPolicy(p));
        QVERIFY(m_cp->autoScaling().putScheduledAction(scheduled()));
        QCOMPARE(m_cp->autoScaling().find(kResource)->policies.size(), 3);
        QCOMPARE(alarmCount(), 4); // two for each target tracking policy
        // An edit of a stored policy passes too.
        ops::PolicyPut edit = custom();
        edit.targetTracking->targetValue = 12;
        QVERIFY(m_cp->autoScaling().check(edit));
    }

    void everyPolicyRefusalIsTheSame()
    {
        ops::PolicyPut r = tracking();
        r.key.serviceNamespace = u"ec2"_s;
        samePolicyRefusal("namespace", r);
        r = tracking();
        r.key.scalableDimension = u"ecs:service:Count"_s;
        samePolicyRefusal("dimension", r);
        r = tracking();
        r.key.resourceId = u"service/shop/nothing"_s;
        samePolicyRefusal("no target", r);
        r = tracking();
        r.policyType = u"PredictiveScaling"_s;
        samePolicyRefusal("type", r);
        r = tracking(QString());
        samePolicyRefusal("empty name", r);
        r = tracking(QString(257, u'n'));
        samePolicyRefusal("long name", r);

        r = tracking();
        r.targetTracking.reset();
        samePolicyRefusal("no tracking configuration", r);
        r = tracking();
        r.step = step().step;
        samePolicyRefusal("tracking with steps", r);
        r = tracking();
        r.targetTracking->targetValue = 0;
        samePolicyRefusal("target 0", r);
        r = tracking();
        r.targetTracking->targetValue = -3;
        samePolicyRefusal("target -3", r);
        r = tracking();
        r.targetTracking->targetValue = std::numeric_limits<double>::quiet_NaN();
        samePolicyRefusal("target NaN", r);
        r = tracking();
        r.targetTracking->scaleOutCooldown = -1;
        samePolicyRefusal("scale-out cooldown", r);
        r = tracking();
        r.targetTracking->scaleInCooldown = 1000000001;
        samePolicyRefusal("scale-in cooldown", r);
        r = tracking();
        r.targetTracking->predefined->type = u"ECSServiceAverageDiskUtilization"_s;
        samePolicyRefusal("predefined type", r);
        r = tracking();
        r.targetTracking->predefined = PredefinedMetric{u"ALBRequestCountPerTarget"_s, u"targetgroup/web/1"_s};
        samePolicyRefusal("resource label", r);
        r = tracking();
        r.targetTracking->customized = custom().targetTracking->customized;
        samePolicyRefusal("both metrics", r);
        r = tracking();
        r.targetTracking->predefined.reset();
        samePolicyRefusal("no metric", r);
        r = custom();
        r.targetTracking->customized->metricName.clear();
        samePolicyRefusal("custom without name", r);
        r = custom();
        r.targetTracking->customized->metricNamespace.clear();
        samePolicyRefusal("custom without namespace", r);
        r = custom();
        r.targetTracking->customized->statistic = u"p99"_s;
        samePolicyRefusal("custom statistic", r);
        r = custom();
        r.targetTracking->customized->unit = u"Parsecs"_s;
        samePolicyRefusal("custom unit", r);
        r = custom();
        r.targetTracking->customized->dimensions = {{QString(), u"orders"_s}};
        samePolicyRefusal("custom dimension", r);

        r = step();
        r.step.reset();
        samePolicyRefusal("no step configuration", r);
        r = step();
        r.targetTracking = tracking().targetTracking;
        samePolicyRefusal("steps with tracking", r);
        r = step();
        r.step->cooldownSeconds = -2;
        samePolicyRefusal("step cooldown", r);
        r = step();
        r.step->metricAggregationType = u"Sum"_s;
        samePolicyRefusal("aggregation", r);
        r = step();
        r.step->steps.clear();
        samePolicyRefusal("no steps", r);
        r = step();
        r.step->steps.append(r.step->steps.first());
        samePolicyRefusal("overlapping steps", r);
        r = step();
        r.step->minAdjustmentMagnitude = 2;
        samePolicyRefusal("magnitude with ChangeInCapacity", r);
    }

    void theAlarmsRefusalIsTheSame()
    {
        // The owned alarms' names would be longer than CloudWatch allows: only the alarm check sees it.
        createService(kLongService);
        ops::PolicyPut r = tracking();
        r.key = key(u"service/shop/"_s + kLongService);
        const Status checked = m_cp->autoScaling().check(r);
        QVERIFY(!checked);
        QCOMPARE(checked.error().field, u"AlarmName"_s);
        Result<ScalingPolicy> stored = m_cp->autoScaling().putPolicy(r);
        QVERIFY(!stored);
        QCOMPARE(text(checked.error()), text(stored.error()));
        QCOMPARE(alarmCount(), 0);
        // A step policy owns no alarm there.
        r = step();
        r.key = key(u"service/shop/"_s + kLongService);
        QVERIFY(m_cp->autoScaling().check(r));
    }

    void theLimitRefusalIsTheSame()
    {
        for (int i = 0; i < 50; ++i) {
            ops::PolicyPut p = step();
            p.policyName = u"step%1"_s.arg(i);
            QVERIFY(m_cp->autoScaling().putPolicy(p));
        }
        ops::PolicyPut r = step();
        r.policyName = u"one-more"_s;
        samePolicyRefusal("51st policy", r);
        QCOMPARE(m_cp->autoScaling().check(step()).error().code, u"LimitExceededException"_s);
        // Replacing one of the 50 is no new policy.
        r.policyName = u"step7"_s;
        QVERIFY(m_cp->autoScaling().check(r));
    }

    void everyScheduledRefusalIsTheSame()
    {
        ops::ScheduledPut a = scheduled();
        a.key.resourceId = u"service/shop/nothing"_s;
        sameScheduledRefusal("no target", a);
        a = scheduled();
        a.name = u"a/b"_s;
        sameScheduledRefusal("name", a);
        a = scheduled();
        a.schedule.reset();
        sameScheduledRefusal("no schedule", a);
        a = scheduled();
        a.schedule = u"every(5 minutes)"_s;
        sameScheduledRefusal("schedule", a);
        a = scheduled();
        a.schedule = u"cron(0 22 L * ? *)"_s;
        sameScheduledRefusal("cron L", a);
        a = scheduled();
        a.timezone = u"Mars/Olympus"_s;
        sameScheduledRefusal("time zone", a);
        a = scheduled();
        a.startTime = QDateTime(QDate(2030, 1, 2), QTime(0, 0), Qt::UTC);
        a.endTime = QDateTime(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC);
        sameScheduledRefusal("end before start", a);
        a = scheduled();
        a.minCapacity = 5;
        sameScheduledRefusal("min above max", a);
        a = scheduled();
        a.maxCapacity = -1;
        sameScheduledRefusal("negative max", a);
    }
};

QTEST_GUILESS_MAIN(TestAutoScalingCheck)
#include "TestAutoScalingCheck.moc"
