// Renders the Alarms page, the alarm wizard and the glass box of a busy simulated service to PNG
// (offscreen) at 1280x800 and 1920x1080:
//   fleetdeck-alarm-shot <out-dir>
//
// Fleetdeck runs on a manual clock with the simulated runtime: service "web" (2 tasks of 512 CPU
// units) idles at 20 % of its reservation for 4 minutes, then runs at 83 %; the metrics publisher
// writes AWS/ECS CPUUtilization every minute and the alarm controller evaluates the alarms, so the
// boxes and states are the real ones. The scaling half shows a target tracking panel computed with
// the pure autoscaling functions (the auto-scaling controller is on another branch): 83 % ÷ 50 % ×
// 2 tasks, a scale-out cooldown running and a deployment in progress holding scale-in.

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "DrivenSystem.h"
#include "MainWindow.h"
#include "autoscaling/ScalingDecision.h"
#include "controllers/AlarmController.h"
#include "controllers/MetricsPublisher.h"
#include "controllers/ServiceController.h"
#include "controllers/TaskController.h"
#include "json/TaskDefinitionJson.h"
#include "metrics/MetricStore.h"
#include "ops/Alarms.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/Services.h"
#include "ops/TaskDefinitions.h"
#include "runtime/SimulatedRuntime.h"
#include "views/AlarmsView.h"
#include "views/GlassBoxView.h"
#include "wizards/CreateAlarmDialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace std::chrono_literals;

namespace {

constexpr qint64 kMinute = 60'000;

bool save(QWidget *widget, const QString &dir, const QString &name)
{
    QTest::qWait(200);
    const QString path = QDir(dir).filePath(name);
    const bool ok = widget->grab().save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

fd::metrics::MetricId serviceMetric(const QString &name, const QString &service)
{
    return fd::metrics::makeMetricId(
               QStringLiteral("AWS/ECS"), name,
               {{QStringLiteral("ClusterName"), QStringLiteral("default")}, {QStringLiteral("ServiceName"), service}})
        .value();
}

bool putAlarm(fd::ControlPlane &cp, const QString &name, const fd::metrics::MetricId &metric,
              fd::alarms::ComparisonOperator op, double threshold, int m, int n,
              fd::alarms::TreatMissingData treatment = fd::alarms::TreatMissingData::Missing)
{
    fd::ops::AlarmPut p;
    p.definition.name = name;
    p.definition.metric = metric;
    p.definition.statistic = fd::metrics::Statistic::Average;
    p.definition.evaluationPeriods = n;
    p.definition.datapointsToAlarm = m;
    p.definition.comparison = op;
    p.definition.threshold = threshold;
    p.definition.treatMissingData = treatment;
    p.treatMissingDataGiven = treatment != fd::alarms::TreatMissingData::Missing;
    return cp.alarms().put(p).ok();
}

class Scene
{
public:
    bool build()
    {
        m_clock =
            std::make_shared<fd::ManualClock>(QDateTime::fromSecsSinceEpoch(1796644800, Qt::UTC)); // 2026-12-07 12:00
        fd::runtime::SimulationOptions options;
        options.tickInterval = 0ms;
        options.startJitter = 0ms;
        m_rt = std::make_unique<fd::runtime::SimulatedRuntime>(*m_clock, options);
        m_system =
            fd::test::startDrivenSystem(m_data.path(), m_clock, [this](const fd::Engine &) { return m_rt.get(); });
        m_system->attachSimulatedRuntime(*m_rt);
        fd::ControlPlane &cp = m_system->controlPlane();
        if (!cp.engines().add(QStringLiteral("sim"), fd::Engine::Kind::Simulated, {}) ||
            !cp.clusters().create(QStringLiteral("default")))
            return false;
        for (int i = 0; i < 2; ++i) {
            fd::ops::InstanceRequest instance;
            instance.cluster = QStringLiteral("default");
            instance.engineId = QStringLiteral("sim");
            if (!cp.instances().registerNew(instance))
                return false;
        }
        auto spec = fd::json::parseTaskDefinition(R"({"family": "web", "containerDefinitions": [{"name": "app",
            "image": "fleetdeck/demo-web:1", "cpu": 512, "memory": 1024}]})");
        if (!spec || !cp.taskDefinitions().registerNew(spec.value()))
            return false;
        for (const auto &[name, count] : {std::pair{QStringLiteral("web"), 2}, std::pair{QStringLiteral("api"), 1}}) {
            fd::ops::ServiceRequest r;
            r.cluster = QStringLiteral("default");
            r.serviceName = name;
            r.taskDefinition = QStringLiteral("web:1");
            r.desiredCount = count;
            if (!cp.services().create(r))
                return false;
        }
        using Op = fd::alarms::ComparisonOperator;
        return putAlarm(cp, QStringLiteral("web-cpu-high"),
                        serviceMetric(QStringLiteral("CPUUtilization"), QStringLiteral("web")),
                        Op::GreaterThanThreshold, 50, 3, 3) &&
               putAlarm(cp, QStringLiteral("web-cpu-low"),
                        serviceMetric(QStringLiteral("CPUUtilization"), QStringLiteral("web")), Op::LessThanThreshold,
                        45, 15, 15) &&
               putAlarm(cp, QStringLiteral("api-cpu-high"),
                        serviceMetric(QStringLiteral("CPUUtilization"), QStringLiteral("api")),
                        Op::GreaterThanThreshold, 70, 2, 3, fd::alarms::TreatMissingData::Breaching) &&
               putAlarm(cp, QStringLiteral("web-memory-high"),
                        serviceMetric(QStringLiteral("MemoryUtilization"), QStringLiteral("web")),
                        Op::GreaterThanOrEqualToThreshold, 80, 2, 3);
    }

    // Minutes of control-plane time, second by second: the runtime samples, the controllers run,
    // the publisher writes each minute and the alarms are evaluated.
    void run(int minutes)
    {
        for (int s = 0; s < minutes * 60; ++s) {
            m_clock->advance(1000);
            m_rt->tick();
            QCoreApplication::processEvents();
            m_system->taskController().reconcileNow();
            m_system->serviceController().reconcileNow();
            m_system->metricsPublisher()->tick();
            if (m_clock->now().toMSecsSinceEpoch() % kMinute == 0)
                m_system->alarmController()->evaluateNow();
        }
    }

    double latestCpu()
    {
        fd::metrics::StatisticsQuery q;
        q.metric = serviceMetric(QStringLiteral("CPUUtilization"), QStringLiteral("web"));
        q.endMs = m_clock->now().toMSecsSinceEpoch();
        q.startMs = q.endMs - 3 * kMinute;
        q.statistics = {fd::metrics::Statistic::Average};
        const auto r = m_system->controlPlane().metricStore().statistics(q);
        return r && !r.value().empty() ? r.value().back().average.value_or(0) : 0;
    }

    // The panel of web's target tracking policy, as the auto-scaling controller would show it
    // after scaling 2 -> 4 a minute ago, while a deployment is in progress.
    fd::ui::ScalingTargetView webTarget()
    {
        const QDateTime now = m_clock->now();
        const double cpu = latestCpu();
        const fd::autoscaling::TargetTrackingProposal p = fd::autoscaling::targetTracking(2, cpu, 50);
        fd::ui::ScalingTargetView v;
        fd::autoscaling::TargetPanel &t = v.panel;
        t.resourceId = QStringLiteral("service/default/web");
        t.cluster = QStringLiteral("default");
        t.service = QStringLiteral("web");
        t.minCapacity = 1;
        t.maxCapacity = 8;
        t.currentDesired = p.desired;
        t.lastOutcome = QStringLiteral("scale out 2 -> %1").arg(p.desired);
        t.lastReason = p.explanation;
        t.lastDecisionAt = now.addSecs(-48);
        t.scaleOutCooldownEnds = now.addSecs(252);
        t.nextDesired = p.desired;
        t.nextReason =
            QStringLiteral("scale-out cooldown: the %1 tasks added count toward the next scale-out").arg(p.desired - 2);
        t.banners = {QStringLiteral("scale-in suspended: deployment in progress")};
        fd::autoscaling::PanelPolicy policy;
        policy.name = QStringLiteral("cpu50");
        policy.type = QStringLiteral("TargetTrackingScaling");
        policy.summary = QStringLiteral("keep CPUUtilization at 50 %");
        policy.proposal = p.explanation;
        fd::autoscaling::PanelAlarm high;
        high.name = QStringLiteral("web-cpu-high");
        fd::autoscaling::PanelAlarm low;
        low.name = QStringLiteral("web-cpu-low");
        policy.alarms = {high, low};
        t.policies = {policy};
        fd::autoscaling::ScalingActivity a;
        a.startTime = t.lastDecisionAt;
        a.statusCode = QStringLiteral("Successful");
        a.statusMessage = fd::autoscaling::activitySuccessMessage(p.desired);
        a.cause = fd::autoscaling::activityCause(QStringLiteral("web-cpu-high"), QStringLiteral("cpu50"));
        v.activities = {a};
        return v;
    }

    fd::System &system() { return *m_system; }

private:
    QTemporaryDir m_data;
    std::shared_ptr<fd::ManualClock> m_clock;
    std::unique_ptr<fd::runtime::SimulatedRuntime> m_rt;
    std::unique_ptr<fd::System> m_system;
};

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: fleetdeck-alarm-shot <out-dir>\n");
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    Scene scene;
    if (!scene.build()) {
        std::fprintf(stderr, "could not set the scene up\n");
        return 1;
    }
    fd::System &system = scene.system();
    scene.run(4);
    if (!system.setSimulatedLoad(QStringLiteral("default"), QStringLiteral("web"), 83, 30))
        return 1;
    scene.run(4);
    // A datapoint is missing for api in the last minute: its alarm treats it as breaching.

    fd::ui::ConsoleContext context(system.controlPlane());
    context.setAlarmController(system.alarmController());
    const fd::ui::ScalingTargetView web = scene.webTarget();
    context.setScalingTargets([web] { return QList<fd::ui::ScalingTargetView>{web}; });
    fd::ui::MainWindow window(context);
    bool ok = true;
    for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
        const QString suffix = QStringLiteral("-%1").arg(size.width());
        window.resize(size);
        window.show();
        if (!QTest::qWaitForWindowExposed(&window))
            return 1;
        ok = window.show(fd::ui::GlassBoxView::kPageKey) &&
             save(&window, out, QStringLiteral("glass-box%1.png").arg(suffix)) && ok;
        ok = window.show(fd::ui::AlarmsView::kPageKey, {}, QStringLiteral("web-cpu-high")) &&
             save(&window, out, QStringLiteral("alarms%1.png").arg(suffix)) && ok;
    }
    fd::ui::CreateAlarmDialog dialog(system.controlPlane(), &window);
    dialog.setEndpoint(QStringLiteral("http://127.0.0.1:7466"));
    dialog.findChild<QComboBox *>(QStringLiteral("dimensionsCombo"))
        ->setCurrentText(QStringLiteral("ClusterName=default, ServiceName=web"));
    dialog.findChild<QLineEdit *>(QStringLiteral("thresholdEdit"))->setText(QStringLiteral("50"));
    dialog.findChild<QLineEdit *>(QStringLiteral("alarmNameEdit"))->setText(QStringLiteral("web-cpu-high-2"));
    dialog.findChild<QLineEdit *>(QStringLiteral("alarmActionsEdit"))
        ->setText(QStringLiteral("arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:1b2c:resource/ecs/service/"
                                 "default/web:policyName/step-out"));
    dialog.show();
    (void)QTest::qWaitForWindowExposed(&dialog);
    ok = save(&dialog, out, QStringLiteral("alarm-wizard-1280.png")) && ok;
    return ok ? 0 : 1;
}
