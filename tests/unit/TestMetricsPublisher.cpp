// The published metrics on a manual clock: a simulated service at a set load publishes the
// CPUUtilization and MemoryUtilization of the documented formulas (above 100 % included), the cluster
// its reservation and utilization, one statistic set per minute of control-plane time; the
// application load balancer's metrics count the requests really sent through the proxy on 127.0.0.1,
// per minute. The simulated usage reaches the publisher the way Docker's does: raw samples through a
// StatsCollector.

#include "ControlPlane.h"
#include "DrivenSystem.h"
#include "LbTestBackend.h"
#include "TestSupport.h"
#include "controllers/ElbMetricsReader.h"
#include "controllers/LoadBalancerController.h"
#include "controllers/MetricsPublisher.h"
#include "lb/Proxy.h"
#include "metrics/EcsMetrics.h"
#include "metrics/MetricStore.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/ListenerRules.h"
#include "ops/LoadBalancers.h"
#include "ops/Services.h"
#include "ops/TargetGroups.h"
#include "ops/Tasks.h"
#include "runtime/SimulatedRuntime.h"

#include <QTest>

#include <functional>
#include <memory>

using namespace fd;
using namespace fd::metrics;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMinute = 60'000;
const QString kCluster = u"metrics"_s;

MetricId elbId(const QString &name, std::vector<Dimension> dims)
{
    return MetricId{u"AWS/ApplicationELB"_s, name, std::move(dims)};
}

} // namespace

class TestMetricsPublisher final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void serviceAtLoadPublishesTheFormulaEveryMinute();
    void loadIsValidated();
    void fargateServiceCountsForItsServiceOnly();
    void loadBalancerCountsTheRequestsSentPerMinute();
    void targetGroupsBehindOneListenerCountApart();

private:
    void step(qint64 ms) { m_sim->step(ms); }
    void runFor(qint64 ms)
    {
        for (qint64 t = 0; t < ms; t += 1000)
            step(1000);
    }
    bool runUntil(const std::function<bool()> &done, qint64 limitMs) { return m_sim->runUntil(done, limitMs, 500); }
    void runToNextMinute();
    std::vector<StatisticsDatapoint> minutes(const MetricId &id, qint64 fromMs, int count) const;
    qint64 now() const { return m_clock->now().toMSecsSinceEpoch(); }

    std::unique_ptr<test::DrivenSimulation> m_sim;
    System *m_system = nullptr;
    ManualClock *m_clock = nullptr; // 2026-01-01 00:00:00 UTC at first, a minute boundary
    runtime::SimulatedRuntime *m_rt = nullptr;
    ControlPlane *m_cp = nullptr;
};

void TestMetricsPublisher::init()
{
    m_sim = std::make_unique<test::DrivenSimulation>(kCluster, 1); // one t3.medium: 2,048 CPU units, 4,096 MiB
    m_system = &m_sim->system();
    m_clock = &m_sim->clock();
    m_rt = &m_sim->runtime();
    m_cp = &m_sim->cp();
    QVERIFY(m_sim->registerTaskDefinition(R"({"family": "busy", "containerDefinitions": [{"name": "app",
        "image": "fleetdeck/demo-web:1", "cpu": 512, "memory": 1024}]})"));
}

void TestMetricsPublisher::cleanup()
{
    m_cp = nullptr;
    m_rt = nullptr;
    m_clock = nullptr;
    m_system = nullptr;
    m_sim.reset();
}

void TestMetricsPublisher::runToNextMinute()
{
    const qint64 next = now() - now() % kMinute + kMinute;
    while (now() < next)
        step(std::min<qint64>(1000, next - now()));
}

std::vector<StatisticsDatapoint> TestMetricsPublisher::minutes(const MetricId &id, qint64 fromMs, int count) const
{
    StatisticsQuery q;
    q.metric = id;
    q.startMs = fromMs;
    q.endMs = fromMs + count * kMinute;
    q.periodSeconds = 60;
    q.statistics = {Statistic::Average, Statistic::Minimum, Statistic::Maximum, Statistic::SampleCount, Statistic::Sum};
    auto r = m_cp->metricStore().statistics(q);
    if (!r)
        qFatal("statistics: %s", qPrintable(r.error().message));
    return r.value();
}

// 2 tasks of 512 units on a 2,048-unit instance, each using 150 % of its reservation (768 units):
// service CPUUtilization = 1,536 / (512 x 2) = 150 %; cluster CPUReservation = 1,024 / 2,048 = 50 %,
// CPUUtilization = 1,536 / 2,048 = 75 %. Memory at 25 %: 256 MiB per task of 1,024: service 25 %,
// cluster reservation 2,048 / 4,096 = 50 %, utilization 512 / 4,096 = 12.5 %.
void TestMetricsPublisher::serviceAtLoadPublishesTheFormulaEveryMinute()
{
    ops::ServiceRequest r;
    r.cluster = kCluster;
    r.serviceName = u"web"_s;
    r.taskDefinition = u"busy:1"_s;
    r.desiredCount = 2;
    QVERIFY(m_cp->services().create(r));
    QVERIFY(runUntil(
        [&] {
            int running = 0;
            for (const Task &t : m_cp->tasks().list(kCluster))
                running += t.lastStatus == TaskStatus::Running;
            return running == 2;
        },
        60'000));
    QVERIFY(m_system->setSimulatedLoad(kCluster, u"web"_s, 150, 25));
    QCOMPARE(m_rt->serviceLoad(kCluster, u"web"_s).cpuUnitsPerTask, 768.0);
    runToNextMinute(); // the minute in which the load began
    const qint64 full = now();
    runToNextMinute(); // a whole minute at the load

    const MetricId serviceCpu = serviceMetricId(kCluster, u"web"_s, u"CPUUtilization"_s);
    std::vector<StatisticsDatapoint> points = minutes(serviceCpu, full, 1);
    QCOMPARE(int(points.size()), 1);
    QCOMPARE(points[0].timestampMs, full);
    QCOMPARE(*points[0].sampleCount, 60.0); // one sample a second of control-plane time
    QVERIFY2(qAbs(*points[0].average - 150.0) < 1e-6, qPrintable(QString::number(*points[0].average)));
    QVERIFY(qAbs(*points[0].minimum - 150.0) < 1e-6 && qAbs(*points[0].maximum - 150.0) < 1e-6);
    QCOMPARE(toString(points[0].unit), u"Percent"_s);

    const std::pair<MetricId, double> expected[] = {
        {serviceMetricId(kCluster, u"web"_s, u"MemoryUtilization"_s), 25.0},
        {clusterMetricId(kCluster, u"CPUReservation"_s), 50.0},
        {clusterMetricId(kCluster, u"MemoryReservation"_s), 50.0},
        {clusterMetricId(kCluster, u"CPUUtilization"_s), 75.0},
        {clusterMetricId(kCluster, u"MemoryUtilization"_s), 12.5},
    };
    for (const auto &[id, value] : expected) {
        points = minutes(id, full, 1);
        QVERIFY2(points.size() == 1, qPrintable(id.metricName));
        QVERIFY2(qAbs(*points[0].average - value) < 1e-6,
                 qPrintable(id.metricName + u": "_s + QString::number(*points[0].average)));
    }

    // Nothing for the minute still running; a minute later its datapoint arrives, at the new load.
    const qint64 third = now();
    QVERIFY(m_system->setSimulatedLoad(kCluster, u"web"_s, 50, 25));
    runFor(30'000);
    QVERIFY(minutes(serviceCpu, third, 1).empty());
    runToNextMinute();
    const qint64 fourth = now();
    runToNextMinute();
    QCOMPARE(int(minutes(serviceCpu, full, 3).size()), 3);
    points = minutes(serviceCpu, fourth, 1);
    QCOMPARE(int(points.size()), 1);
    QVERIFY2(qAbs(*points[0].average - 50.0) < 1e-6, qPrintable(QString::number(*points[0].average)));
    // And back to idle.
    QVERIFY(m_system->setSimulatedLoad(kCluster, u"web"_s, 0, 0));
    runToNextMinute();
    const qint64 idle = now();
    runToNextMinute();
    points = minutes(serviceCpu, idle, 1);
    QCOMPARE(int(points.size()), 1);
    QVERIFY(qAbs(*points[0].average) < 1e-6);
}

void TestMetricsPublisher::loadIsValidated()
{
    QCOMPARE(m_system->setSimulatedLoad(kCluster, u"nope"_s, 50, 0).error().code, u"ServiceNotFoundException"_s);
    const Status negative = m_system->setSimulatedLoad(kCluster, u"web"_s, -1, 0);
    QCOMPARE(negative.error().code, u"InvalidParameterException"_s);
    QCOMPARE(negative.error().field, u"cpuPercent"_s);
    QCOMPARE(m_system->setSimulatedLoad(kCluster, u"web"_s, 10, qQNaN()).error().field, u"memoryPercent"_s);
}

// A FARGATE service (512 CPU units, 1,024 MiB a task) at 150 % CPU and 25 % memory: its service
// metrics follow the same formula, CPU capped at 100 % as for any task-level CPU (a hard limit); its
// tasks take nothing from the cluster's instances.
void TestMetricsPublisher::fargateServiceCountsForItsServiceOnly()
{
    QVERIFY(m_sim->registerTaskDefinition(R"({"family": "fg", "networkMode": "awsvpc",
        "requiresCompatibilities": ["FARGATE"], "cpu": "512", "memory": "1024", "containerDefinitions": [{
        "name": "app", "image": "fleetdeck/demo-web:1"}]})"));
    ops::ServiceRequest r;
    r.cluster = kCluster;
    r.serviceName = u"fg"_s;
    r.taskDefinition = u"fg:1"_s;
    r.desiredCount = 2;
    r.launchType = u"FARGATE"_s;
    AwsVpcConfiguration vpc;
    vpc.subnets = {u"subnet-us-east-1a"_s};
    r.networkConfiguration = vpc;
    const auto created = m_cp->services().create(r);
    QVERIFY2(created, created ? "" : qPrintable(created.error().message));
    QVERIFY(runUntil(
        [&] {
            int running = 0;
            for (const Task &t : m_cp->tasks().list(kCluster))
                running += t.lastStatus == TaskStatus::Running && t.isFargate();
            return running == 2;
        },
        60'000));
    QVERIFY(m_system->setSimulatedLoad(kCluster, u"fg"_s, 150, 25));
    runToNextMinute();
    const qint64 full = now();
    runToNextMinute();
    const std::pair<MetricId, double> expected[] = {
        {serviceMetricId(kCluster, u"fg"_s, u"CPUUtilization"_s), 100.0},
        {serviceMetricId(kCluster, u"fg"_s, u"MemoryUtilization"_s), 25.0},
        {clusterMetricId(kCluster, u"CPUReservation"_s), 0.0},
        {clusterMetricId(kCluster, u"MemoryReservation"_s), 0.0},
    };
    for (const auto &[id, value] : expected) {
        const std::vector<StatisticsDatapoint> points = minutes(id, full, 1);
        QVERIFY2(points.size() == 1, qPrintable(id.metricName));
        QVERIFY2(qAbs(*points[0].average - value) < 1e-6,
                 qPrintable(id.metricName + u": "_s + QString::number(*points[0].average)));
    }
}

void TestMetricsPublisher::loadBalancerCountsTheRequestsSentPerMinute()
{
    LoadBalancerController *lbs = m_system->loadBalancerController();
    QVERIFY(lbs);
    lbtest::Backend backend("target-a");

    ops::LoadBalancerRequest lbRequest;
    lbRequest.name = u"shop"_s;
    auto lb = m_cp->loadBalancers().create(lbRequest);
    QVERIFY(lb);
    ops::TargetGroupRequest tgRequest;
    tgRequest.name = u"shop-web"_s;
    tgRequest.port = backend.port();
    tgRequest.targetType = u"ip"_s;
    auto tg = m_cp->targetGroups().create(tgRequest);
    QVERIFY(tg);
    ops::ListenerRequest listener;
    listener.loadBalancerId = lb->id;
    listener.port = test::freeLoopbackPort();
    elb::Action forward;
    forward.type = u"forward"_s;
    forward.targetGroups = {{tg->id, std::nullopt}};
    forward.givenAsTargetGroupArn = true;
    listener.defaultActions = {forward};
    QVERIFY(m_cp->loadBalancers().createListener(listener));
    QVERIFY(m_cp->targetGroups().registerTargets(tg->id, {{u"127.0.0.1"_s, backend.port(), {}}}));
    lbs->reconcileNow();
    QVERIFY(lbs->listenerErrors().empty());

    // The backend also answers the health checks, which the metrics do not count: count what is sent.
    int sent = 0;
    auto send = [&](int n) {
        lbtest::Client client(std::uint16_t(*listener.port));
        QVERIFY(client.connected());
        for (int i = 0; i < n; ++i) {
            const auto res = client.get("/");
            QVERIFY(res && res->result_int() == 200);
            ++sent;
        }
        // The proxy counts an answer once it has been sent; wait for the counters to show all of them.
        QTRY_COMPARE_WITH_TIMEOUT(
            [&] {
                std::uint64_t answered = 0;
                for (const lb::TargetStats &t : lbs->proxy().stats().targets)
                    answered += t.responses2xx;
                return answered;
            }(),
            std::uint64_t(sent), 5000);
    };

    m_system->metricsPublisher()->tick(); // the baseline of the counters
    const qint64 first = now();
    send(7);
    runToNextMinute();
    const QString lbDim = ElbMetricsReader::loadBalancerDimension(lb->name, lb->id);
    const QString tgDim = ElbMetricsReader::targetGroupDimension(tg->name, tg->id);
    QCOMPARE(lbDim, u"app/shop/"_s + lb->id);
    const MetricId lbRequests = elbId(u"RequestCount"_s, {{u"LoadBalancer"_s, lbDim}});
    const std::vector<Dimension> both{{u"LoadBalancer"_s, lbDim}, {u"TargetGroup"_s, tgDim}};

    auto sumOf = [&](const MetricId &id, qint64 minute) {
        const auto points = minutes(id, minute, 1);
        return points.size() == 1 ? *points[0].sum : -1.0;
    };
    QCOMPARE(sumOf(lbRequests, first), 7.0);
    QCOMPARE(sumOf(elbId(u"RequestCount"_s, both), first), 7.0);
    QCOMPARE(sumOf(elbId(u"HTTPCode_Target_2XX_Count"_s, both), first), 7.0);
    QCOMPARE(sumOf(elbId(u"HTTPCode_Target_2XX_Count"_s, {{u"LoadBalancer"_s, lbDim}}), first), 7.0);
    QCOMPARE(sumOf(elbId(u"RequestCountPerTarget"_s, both), first), 7.0); // one target
    QCOMPARE(sumOf(elbId(u"RequestCountPerTarget"_s, {{u"TargetGroup"_s, tgDim}}), first), 7.0);
    QCOMPARE(sumOf(elbId(u"ActiveConnectionCount"_s, {{u"LoadBalancer"_s, lbDim}}), first), 1.0);
    QCOMPARE(sumOf(elbId(u"HTTPCode_Target_5XX_Count"_s, both), first), -1.0); // none: not reported
    const auto rt = minutes(elbId(u"TargetResponseTime"_s, both), first, 1);
    QCOMPARE(int(rt.size()), 1);
    QCOMPARE(*rt[0].sampleCount, 7.0);
    QVERIFY(*rt[0].average > 0 && *rt[0].average < 5.0);
    QCOMPARE(toString(rt[0].unit), u"Seconds"_s);
    const auto hosts = minutes(elbId(u"HealthyHostCount"_s, both), first, 1);
    QCOMPARE(int(hosts.size()), 1);
    QVERIFY(minutes(elbId(u"UnHealthyHostCount"_s, both), first, 1).size() == 1);

    // The next minute counts only its own requests (differences of the cumulative counters).
    const qint64 second = now();
    send(3);
    runToNextMinute();
    QCOMPARE(sumOf(lbRequests, second), 3.0);
    QCOMPARE(sumOf(elbId(u"RequestCount"_s, both), second), 3.0);
    // An idle minute reports RequestCount 0 and no response codes.
    const qint64 third = now();
    runToNextMinute();
    QCOMPARE(sumOf(lbRequests, third), 0.0);
    QCOMPARE(sumOf(elbId(u"HTTPCode_Target_2XX_Count"_s, both), third), -1.0);
}

// Two target groups behind one listener (a path rule sends /delay/* to the slow one): each group's
// RequestCount, 2XX count, RequestCountPerTarget and response time are its own, and the load
// balancer's are their sum.
void TestMetricsPublisher::targetGroupsBehindOneListenerCountApart()
{
    LoadBalancerController *lbs = m_system->loadBalancerController();
    QVERIFY(lbs);
    lbtest::Backend fastA("fast-a"), fastB("fast-b"), slow("slow");

    ops::LoadBalancerRequest lbRequest;
    lbRequest.name = u"shop"_s;
    auto lb = m_cp->loadBalancers().create(lbRequest);
    QVERIFY(lb);
    auto makeGroup = [&](const QString &name) {
        ops::TargetGroupRequest r;
        r.name = name;
        r.port = 80;
        r.targetType = u"ip"_s;
        return m_cp->targetGroups().create(r);
    };
    auto fast = makeGroup(u"fast"_s);
    auto delayed = makeGroup(u"delayed"_s);
    QVERIFY(fast && delayed);
    auto forwardTo = [](const QString &groupId) {
        elb::Action a;
        a.type = u"forward"_s;
        a.targetGroups = {{groupId, std::nullopt}};
        a.givenAsTargetGroupArn = true;
        return a;
    };
    ops::ListenerRequest listener;
    listener.loadBalancerId = lb->id;
    listener.port = test::freeLoopbackPort();
    listener.defaultActions = {forwardTo(fast->id)};
    auto made = m_cp->loadBalancers().createListener(listener);
    QVERIFY(made);
    ops::RuleRequest rule;
    rule.listenerId = made->id;
    rule.priority = 10;
    elb::Condition path;
    path.field = u"path-pattern"_s;
    path.values = {u"/delay/*"_s};
    rule.conditions = {path};
    rule.actions = {forwardTo(delayed->id)};
    QVERIFY(m_cp->listenerRules().create(rule));
    QVERIFY(m_cp->targetGroups().registerTargets(
        fast->id, {{u"127.0.0.1"_s, fastA.port(), {}}, {u"127.0.0.1"_s, fastB.port(), {}}}));
    QVERIFY(m_cp->targetGroups().registerTargets(delayed->id, {{u"127.0.0.1"_s, slow.port(), {}}}));
    lbs->reconcileNow();
    QVERIFY(lbs->listenerErrors().empty());

    std::uint64_t sent = 0;
    auto send = [&](const std::string &target, int n) {
        lbtest::Client client(std::uint16_t(*listener.port));
        QVERIFY(client.connected());
        for (int i = 0; i < n; ++i) {
            const auto res = client.get(target);
            QVERIFY(res && res->result_int() == 200);
            ++sent;
        }
        QTRY_COMPARE_WITH_TIMEOUT(
            [&] {
                std::uint64_t answered = 0;
                for (const lb::TargetStats &t : lbs->proxy().stats().targets)
                    answered += t.responses2xx;
                return answered;
            }(),
            sent, 5000);
    };

    m_system->metricsPublisher()->tick();
    const qint64 first = now();
    send("/", 8);
    send("/delay/60", 3);
    runToNextMinute();

    const QString lbDim = ElbMetricsReader::loadBalancerDimension(lb->name, lb->id);
    auto dims = [&](const auto &tg) {
        return std::vector<Dimension>{{u"LoadBalancer"_s, lbDim},
                                      {u"TargetGroup"_s, ElbMetricsReader::targetGroupDimension(tg->name, tg->id)}};
    };
    auto sumOf = [&](const MetricId &id) {
        const auto points = minutes(id, first, 1);
        return points.size() == 1 ? *points[0].sum : -1.0;
    };
    QCOMPARE(sumOf(elbId(u"RequestCount"_s, dims(fast))), 8.0);
    QCOMPARE(sumOf(elbId(u"RequestCount"_s, dims(delayed))), 3.0);
    QCOMPARE(sumOf(elbId(u"HTTPCode_Target_2XX_Count"_s, dims(fast))), 8.0);
    QCOMPARE(sumOf(elbId(u"HTTPCode_Target_2XX_Count"_s, dims(delayed))), 3.0);
    QCOMPARE(sumOf(elbId(u"RequestCount"_s, {{u"LoadBalancer"_s, lbDim}})), 11.0);
    QCOMPARE(sumOf(elbId(u"HTTPCode_Target_2XX_Count"_s, {{u"LoadBalancer"_s, lbDim}})), 11.0);
    // Two targets share fast's 8 (none healthy yet: every target not draining counts).
    QCOMPARE(sumOf(elbId(u"RequestCountPerTarget"_s, dims(fast))), 4.0);
    QCOMPARE(sumOf(elbId(u"RequestCountPerTarget"_s, dims(delayed))), 3.0);
    // Response times: the delayed group's answers took at least 60 ms, the fast group's far less.
    const auto slowTime = minutes(elbId(u"TargetResponseTime"_s, dims(delayed)), first, 1);
    const auto fastTime = minutes(elbId(u"TargetResponseTime"_s, dims(fast)), first, 1);
    QCOMPARE(int(slowTime.size()), 1);
    QCOMPARE(int(fastTime.size()), 1);
    QCOMPARE(*slowTime[0].sampleCount, 3.0);
    QCOMPARE(*fastTime[0].sampleCount, 8.0);
    QVERIFY2(*slowTime[0].average >= 0.06, qPrintable(QString::number(*slowTime[0].average)));
    QVERIFY2(*fastTime[0].average < 0.06, qPrintable(QString::number(*fastTime[0].average)));
    // Each group's host counts are of its own targets: two in fast, one in delayed.
    for (const auto &[group, targets] : {std::pair{&fast, 2.0}, std::pair{&delayed, 1.0}}) {
        const auto healthy = minutes(elbId(u"HealthyHostCount"_s, dims(*group)), first, 1);
        const auto unhealthy = minutes(elbId(u"UnHealthyHostCount"_s, dims(*group)), first, 1);
        QCOMPARE(int(healthy.size()), 1);
        QCOMPARE(int(unhealthy.size()), 1);
        QVERIFY(*healthy[0].maximum + *unhealthy[0].maximum <= targets);
    }
}

QTEST_GUILESS_MAIN(TestMetricsPublisher)
#include "TestMetricsPublisher.moc"
