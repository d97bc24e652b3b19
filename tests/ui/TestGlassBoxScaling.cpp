// The glass box on Application Auto Scaling at work (the AutoScalingController on the simulated
// runtime, a manual clock): service "web" runs at 83 % of its CPU reservation under a target
// tracking policy at 50 %; the panel shows the policy's two alarms inside the target's card, the
// scale-out 2 -> 4 with its arithmetic and activity, the scale-out cooldown counting down; then a
// deployment starts while the load is gone and the panel shows "scale-in suspended: deployment in
// progress", which goes when the deployment is over.

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "DrivenSystem.h"
#include "controllers/AlarmController.h"
#include "controllers/AutoScalingController.h"
#include "ops/Alarms.h"
#include "ops/AutoScaling.h"
#include "ops/Services.h"
#include "views/GlassBoxPanel.h"
#include "views/GlassBoxView.h"
#include "widgets/AlarmCard.h"
#include "widgets/AlarmWindowBoxes.h"
#include "widgets/ScalingTargetCard.h"

#include <QLabel>
#include <QTest>

#include <algorithm>

using namespace std::chrono_literals;
using namespace fd;

namespace {

const QString kCluster = QStringLiteral("scale");
const QString kResource = QStringLiteral("service/scale/web");

} // namespace

class TestGlassBoxScaling final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void panelFollowsScalingAndTheDeploymentBanner();
    void stepPolicyAndScaleInNeedsAllPolicies();

private:
    bool runUntil(const std::function<bool()> &done, qint64 limitMs) { return m_sim->runUntil(done, limitMs); }
    int desired() const { return m_cp->services().find(kCluster, QStringLiteral("web"))->desiredCount; }

    std::unique_ptr<test::DrivenSimulation> m_sim;
    System *m_system = nullptr;
    ControlPlane *m_cp = nullptr;
};

void TestGlassBoxScaling::init()
{
    m_sim = std::make_unique<test::DrivenSimulation>(kCluster, 4);
    m_system = &m_sim->system();
    m_cp = &m_sim->cp();
    for (const char *image : {"fleetdeck/demo-web:1", "fleetdeck/demo-web:2"}) {
        QVERIFY(m_sim->registerTaskDefinition(QStringLiteral(R"({"family": "busy", "containerDefinitions": [{"name":
            "app", "image": "%1", "cpu": 512, "memory": 256}]})")
                                                  .arg(QLatin1String(image))
                                                  .toUtf8()));
    }
}

void TestGlassBoxScaling::cleanup()
{
    m_cp = nullptr;
    m_system = nullptr;
    m_sim.reset();
}

void TestGlassBoxScaling::panelFollowsScalingAndTheDeploymentBanner()
{
    QVERIFY(m_sim->createService(QStringLiteral("web"), QStringLiteral("busy:1"), 2));
    QVERIFY(m_sim->registerScalableTarget(QStringLiteral("web"), 1, 6));
    QVERIFY(m_sim->putTargetTracking(QStringLiteral("web"), QStringLiteral("cpu50"),
                                     QStringLiteral("ECSServiceAverageCPUUtilization"), 50));
    const autoscaling::ScalingPolicy stored = *m_cp->autoScaling().find(kResource)->policy(QStringLiteral("cpu50"));
    QCOMPARE(stored.alarms.size(), 2);

    ui::ConsoleContext context(*m_cp);
    context.setAlarmController(m_system->alarmController());
    context.setAutoScalingController(m_system->autoScalingController());
    ui::GlassBoxView view(context);
    view.resize(1280, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    ui::ScalingTargetCard *card = view.panel()->targetCard(kResource);
    QVERIFY(card);
    for (const autoscaling::AlarmRef &alarm : stored.alarms) {
        ui::AlarmCard *alarmCard = view.panel()->alarmCard(alarm.name);
        QVERIFY2(alarmCard, qPrintable(alarm.name));
        QVERIFY(card->isAncestorOf(alarmCard));
    }

    // Busy: the high alarm fills its 3 boxes and fires; the service scales out 2 -> 4.
    QVERIFY(m_system->setSimulatedLoad(kCluster, QStringLiteral("web"), 83, 10));
    QVERIFY(runUntil([&] { return desired() != 2; }, 10 * 60'000));
    QCOMPARE(desired(), 4);
    ui::AlarmCard *high = view.panel()->alarmCard(stored.alarms[0].name);
    QTRY_COMPARE(high->shownState(), std::optional<alarms::AlarmState>(alarms::AlarmState::Alarm));
    QCOMPARE(high->boxes()->breachingCount(), 3);
    // The card says the alarm's threshold (AWS's target tracking high alarm: the target value) and
    // how missing data is treated.
    QVERIFY2(high->valuesText().contains(QStringLiteral("threshold <b>50</b>")), qPrintable(high->valuesText()));
    const QString treatment = high->findChild<QLabel *>(QStringLiteral("alarmCardTreatment"))->text();
    QVERIFY2(treatment.startsWith(QStringLiteral("missing data: ")), qPrintable(treatment));
    // The next desired count and why, from decide() with the alarms as they are.
    QVERIFY2(card->nextText().contains(QStringLiteral("Next desired count")), qPrintable(card->nextText()));
    const auto text = [&](const char *name) { return card->findChild<QLabel *>(QLatin1String(name))->text(); };
    QTRY_VERIFY2(text("lastDecisionLabel").contains(QStringLiteral("rounded up to 4")),
                 qPrintable(text("lastDecisionLabel")));
    QVERIFY2(text("activitiesLabel").contains(QStringLiteral("Successfully set desired count to 4")),
             qPrintable(text("activitiesLabel")));
    QVERIFY2(card->cooldownText().contains(QStringLiteral("scale-out cooldown")), qPrintable(card->cooldownText()));
    QVERIFY(card->banners().isEmpty());

    // The load stops and a deployment starts: scale-in is held, and the panel says why.
    QVERIFY(m_system->setSimulatedLoad(kCluster, QStringLiteral("web"), 0, 0));
    ops::ServiceRequest deploy;
    deploy.cluster = kCluster;
    deploy.serviceName = QStringLiteral("web");
    deploy.taskDefinition = QStringLiteral("busy:2");
    QVERIFY(m_cp->services().update(deploy));
    QCoreApplication::processEvents();
    QTRY_VERIFY2(card->banners().contains(QStringLiteral("scale-in suspended: deployment in progress")),
                 qPrintable(card->banners().join(u'|')));
    const QList<QLabel *> shown = card->findChildren<QLabel *>(QStringLiteral("scalingBanner"));
    QVERIFY(std::any_of(shown.cbegin(), shown.cend(), [](const QLabel *l) {
        return l->isVisible() && l->text() == QStringLiteral("scale-in suspended: deployment in progress");
    }));

    // Once the deployment is over the banner goes.
    QVERIFY(runUntil([&] { return m_cp->services().find(kCluster, QStringLiteral("web"))->deployments.size() == 1; },
                     10 * 60'000));
    QTRY_VERIFY2(!card->banners().contains(QStringLiteral("scale-in suspended: deployment in progress")),
                 qPrintable(card->banners().join(u'|')));
}

// Three policies on one target: target tracking on CPU at 50 % and on memory at 60 %, and a step
// policy (scale-out only) driven by an alarm at CPU 70 %. Busy at 83 %, the step policy's line shows
// the matched step; idle, only the CPU policy's low alarm wants fewer tasks while memory stays at
// 57 %, and the panel says "scale in needs all policies: 1 of 2 agree" (the step policy cannot
// scale in, so it does not count).
void TestGlassBoxScaling::stepPolicyAndScaleInNeedsAllPolicies()
{
    QVERIFY(m_sim->createService(QStringLiteral("web"), QStringLiteral("busy:1"), 2));
    QVERIFY(m_sim->registerScalableTarget(QStringLiteral("web"), 1, 6));
    QVERIFY(m_sim->putTargetTracking(QStringLiteral("web"), QStringLiteral("cpu50"),
                                     QStringLiteral("ECSServiceAverageCPUUtilization"), 50));
    // Memory held between its low alarm (90 % of the target) and the target: this policy never
    // agrees to scale in.
    QVERIFY(m_sim->putTargetTracking(QStringLiteral("web"), QStringLiteral("memory60"),
                                     QStringLiteral("ECSServiceAverageMemoryUtilization"), 60));
    ops::PolicyPut steps;
    steps.key = {autoscaling::kEcsNamespace, kResource, autoscaling::kDesiredCountDimension};
    steps.policyName = QStringLiteral("burst");
    steps.policyType = QStringLiteral("StepScaling");
    autoscaling::StepScalingConfiguration sc;
    sc.steps = {{0.0, 10.0, 1}, {10.0, std::nullopt, 2}};
    steps.step = sc;
    const Result<autoscaling::ScalingPolicy> burst = m_cp->autoScaling().putPolicy(steps);
    QVERIFY(burst);
    ops::AlarmPut alarm;
    alarm.definition.name = QStringLiteral("web-cpu-burst");
    alarm.definition.metric = metrics::makeMetricId(QStringLiteral("AWS/ECS"), QStringLiteral("CPUUtilization"),
                                                    {{QStringLiteral("ClusterName"), kCluster},
                                                     {QStringLiteral("ServiceName"), QStringLiteral("web")}})
                                  .value();
    alarm.definition.statistic = metrics::Statistic::Average;
    alarm.definition.periodSeconds = 60;
    alarm.definition.evaluationPeriods = 1;
    alarm.definition.comparison = alarms::ComparisonOperator::GreaterThanThreshold;
    alarm.definition.threshold = 70;
    alarm.definition.alarmActions = {burst.value().arn};
    QVERIFY(m_cp->alarms().put(alarm));

    ui::ConsoleContext context(*m_cp);
    context.setAlarmController(m_system->alarmController());
    context.setAutoScalingController(m_system->autoScalingController());
    ui::GlassBoxView view(context);
    view.resize(1280, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    ui::ScalingTargetCard *card = view.panel()->targetCard(kResource);
    QVERIFY(card);
    QVERIFY(view.panel()->alarmCard(QStringLiteral("web-cpu-burst")));
    const auto text = [&](const char *name) { return card->findChild<QLabel *>(QLatin1String(name))->text(); };
    QVERIFY2(text("policiesLabel").contains(QStringLiteral("step scaling, ChangeInCapacity, 2 steps")),
             qPrintable(text("policiesLabel")));

    // Busy: the burst alarm fires and the step policy's line names the step that matched.
    QVERIFY(m_system->setSimulatedLoad(kCluster, QStringLiteral("web"), 83, 57));
    QVERIFY(runUntil([&] { return desired() != 2; }, 10 * 60'000));
    QTRY_VERIFY2(text("policiesLabel").contains(QStringLiteral("above the threshold (70), in the step [10,")),
                 qPrintable(text("policiesLabel")));

    // Idle: only the target tracking low alarm wants fewer tasks; the step policy does not agree.
    QVERIFY(m_system->setSimulatedLoad(kCluster, QStringLiteral("web"), 5, 57));
    const QString needsAll = QStringLiteral("scale in needs all policies: 1 of 2 agree");
    QVERIFY2(runUntil([&] { return card->banners().contains(needsAll); }, 30 * 60'000),
             qPrintable(card->banners().join(u'|')));
    const QList<QLabel *> shown = card->findChildren<QLabel *>(QStringLiteral("scalingBanner"));
    QVERIFY(std::any_of(shown.cbegin(), shown.cend(),
                        [&](const QLabel *l) { return l->isVisible() && l->text() == needsAll; }));
    QVERIFY2(card->nextText().contains(QStringLiteral("stays at")), qPrintable(card->nextText()));
}

QTEST_MAIN(TestGlassBoxScaling)
#include "TestGlassBoxScaling.moc"
