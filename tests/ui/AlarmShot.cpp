// Renders the Alarms page, the alarm wizard, the glass box of a busy simulated service, the
// service's Scaling tab and the scaling policy editor to PNG (offscreen) at 1280x800 and 1920x1080:
//   fleetdeck-alarm-shot <out-dir>
//
// Fleetdeck runs on a manual clock with the simulated runtime: service "web" (2 tasks of 512 CPU
// units) idles at 20 % of its reservation for 4 minutes, then runs at 83 %; the metrics publisher
// writes AWS/ECS CPUUtilization every minute, the alarm controller evaluates the alarms and the
// auto-scaling controller acts on web's target tracking policy at 50 % (and shows a step policy
// whose alarm is at 70 %), so the boxes, states, decisions and cooldowns are the real ones.

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "DrivenSystem.h"
#include "MainWindow.h"
#include "PageKeys.h"
#include "controllers/AlarmController.h"
#include "controllers/AutoScalingController.h"
#include "controllers/MetricsPublisher.h"
#include "controllers/ServiceController.h"
#include "controllers/TaskController.h"
#include "json/TaskDefinitionJson.h"
#include "metrics/MetricStore.h"
#include "ops/Alarms.h"
#include "ops/AutoScaling.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/Services.h"
#include "ops/TaskDefinitions.h"
#include "runtime/SimulatedRuntime.h"
#include "views/AlarmsView.h"
#include "views/GlassBoxView.h"
#include "views/ServiceScalingTab.h"
#include "views/ServicesView.h"
#include "wizards/CreateAlarmDialog.h"
#include "wizards/ScalingPolicyDialog.h"
#include "wizards/ScheduledActionDialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
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
        if (!scaling(cp))
            return false;
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

    // web: min 1, max 8, a target tracking policy at 50 % CPU and a step policy on an alarm at 70 %.
    static bool scaling(fd::ControlPlane &cp)
    {
        fd::ops::TargetRegistration target;
        target.key = {fd::autoscaling::kEcsNamespace, QStringLiteral("service/default/web"),
                      fd::autoscaling::kDesiredCountDimension};
        target.minCapacity = 1;
        target.maxCapacity = 8;
        if (!cp.autoScaling().registerTarget(target))
            return false;
        fd::ops::PolicyPut tracking;
        tracking.key = target.key;
        tracking.policyName = QStringLiteral("cpu50");
        tracking.policyType = QStringLiteral("TargetTrackingScaling");
        fd::autoscaling::TargetTrackingConfiguration tt;
        tt.targetValue = 50;
        tt.predefined = fd::autoscaling::PredefinedMetric{QStringLiteral("ECSServiceAverageCPUUtilization"), {}};
        tt.scaleInCooldown = 600;
        tracking.targetTracking = tt;
        if (!cp.autoScaling().putPolicy(tracking))
            return false;
        fd::ops::PolicyPut steps;
        steps.key = target.key;
        steps.policyName = QStringLiteral("burst");
        steps.policyType = QStringLiteral("StepScaling");
        fd::autoscaling::StepScalingConfiguration sc;
        sc.steps = {{0.0, 15.0, 1}, {15.0, std::nullopt, 3}};
        sc.cooldownSeconds = 120;
        steps.step = sc;
        const fd::Result<fd::autoscaling::ScalingPolicy> burst = cp.autoScaling().putPolicy(steps);
        if (!burst)
            return false;
        fd::ops::AlarmPut alarm;
        alarm.definition.name = QStringLiteral("web-cpu-burst");
        alarm.definition.metric = serviceMetric(QStringLiteral("CPUUtilization"), QStringLiteral("web"));
        alarm.definition.statistic = fd::metrics::Statistic::Average;
        alarm.definition.evaluationPeriods = 2;
        alarm.definition.comparison = fd::alarms::ComparisonOperator::GreaterThanThreshold;
        alarm.definition.threshold = 70;
        alarm.definition.alarmActions = {burst.value().arn};
        if (!cp.alarms().put(alarm))
            return false;
        // Two scheduled actions: weeknights in Berlin and a one-off sale.
        fd::ops::ScheduledPut night;
        night.key = target.key;
        night.name = QStringLiteral("weeknights");
        night.schedule = QStringLiteral("cron(0 22 ? * MON-FRI *)");
        night.timezone = QStringLiteral("Europe/Berlin");
        night.minCapacity = 1;
        night.maxCapacity = 2;
        if (!cp.autoScaling().putScheduledAction(night))
            return false;
        fd::ops::ScheduledPut sale;
        sale.key = target.key;
        sale.name = QStringLiteral("winter-sale");
        sale.schedule = QStringLiteral("rate(6 hours)");
        sale.startTime = cp.clock().now().addDays(2);
        sale.endTime = cp.clock().now().addDays(9);
        sale.minCapacity = 4;
        sale.maxCapacity = 12;
        return cp.autoScaling().putScheduledAction(sale).ok();
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
            m_system->autoScalingController()->reconcileNow();
        }
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
    context.setAutoScalingController(system.autoScalingController());
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
        auto *services = window.page<fd::ui::ServicesView>();
        ok = window.show(fd::ui::pages::Services, QStringLiteral("default"), QStringLiteral("web")) && services &&
             services->showTab(QStringLiteral("serviceScalingTab")) &&
             save(&window, out, QStringLiteral("service-scaling%1.png").arg(suffix)) && ok;
        if (auto *tab = window.findChild<fd::ui::ServiceScalingTab *>(QStringLiteral("serviceScalingTab"))) {
            tab->showList(1);
            ok = save(&window, out, QStringLiteral("service-scheduled%1.png").arg(suffix)) && ok;
            tab->showList(0);
        }
    }
    // The policy editor on web's target tracking policy and on a new step policy.
    auto *tab = window.findChild<fd::ui::ServiceScalingTab *>(QStringLiteral("serviceScalingTab"));
    using Kind = fd::ui::ScalingPolicyDialog::Kind;
    if (fd::ui::ScalingPolicyDialog *editor =
            tab ? tab->openPolicyEditor(Kind::TargetTracking, QStringLiteral("cpu50")) : nullptr) {
        editor->setEndpoint(QStringLiteral("http://127.0.0.1:7466"));
        editor->findChild<QLineEdit *>(QStringLiteral("scaleOutCooldownEdit"))->setText(QStringLiteral("60"));
        (void)QTest::qWaitForWindowExposed(editor);
        ok = save(editor, out, QStringLiteral("scaling-policy-tracking.png")) && ok;
        editor->reject();
    } else {
        ok = false;
    }
    if (fd::ui::ScalingPolicyDialog *editor = tab ? tab->openPolicyEditor(Kind::Step) : nullptr) {
        editor->setEndpoint(QStringLiteral("http://127.0.0.1:7466"));
        editor->findChild<QLineEdit *>(QStringLiteral("policyNameEdit"))->setText(QStringLiteral("queue-steps"));
        auto *table = editor->findChild<QTableWidget *>(QStringLiteral("stepsTable"));
        editor->findChild<QPushButton *>(QStringLiteral("addStepButton"))->click();
        editor->findChild<QPushButton *>(QStringLiteral("addStepButton"))->click();
        const char *cells[3][3] = {{"0", "10", "1"}, {"10", "20", "2"}, {"10", "", "4"}}; // the last overlaps
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 3; ++c)
                table->item(r, c)->setText(QLatin1String(cells[r][c]));
        (void)QTest::qWaitForWindowExposed(editor);
        ok = save(editor, out, QStringLiteral("scaling-policy-step-invalid.png")) && ok;
        table->item(2, 0)->setText(QStringLiteral("20"));
        editor->findChild<QLineEdit *>(QStringLiteral("cooldownEdit"))->setText(QStringLiteral("120"));
        ok = save(editor, out, QStringLiteral("scaling-policy-step.png")) && ok;
        editor->reject();
    } else {
        ok = false;
    }
    // A custom-metric policy, and the scheduled action editor on a stored action and on a bad one;
    // each at the dialog's size and at the two screen sizes.
    const auto sizes = [&](QDialog *d, const QString &name) {
        (void)QTest::qWaitForWindowExposed(d);
        ok = save(d, out, name + QStringLiteral(".png")) && ok;
        for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
            d->resize(size);
            ok = save(d, out, name + QStringLiteral("-%1.png").arg(size.width())) && ok;
        }
    };
    if (fd::ui::ScalingPolicyDialog *editor = tab ? tab->openPolicyEditor(Kind::TargetTracking) : nullptr) {
        editor->setEndpoint(QStringLiteral("http://127.0.0.1:7466"));
        editor->findChild<QLineEdit *>(QStringLiteral("policyNameEdit"))->setText(QStringLiteral("requests-custom"));
        auto *metric = editor->findChild<QComboBox *>(QStringLiteral("metricTypeCombo"));
        metric->setCurrentIndex(metric->findData(QStringLiteral("Custom")));
        editor->findChild<QComboBox *>(QStringLiteral("metricNameCombo"))
            ->setCurrentText(QStringLiteral("CPUUtilization"));
        auto *statistic = editor->findChild<QComboBox *>(QStringLiteral("customStatisticCombo"));
        statistic->setCurrentIndex(statistic->findData(QStringLiteral("Maximum")));
        auto *unit = editor->findChild<QComboBox *>(QStringLiteral("customUnitCombo"));
        unit->setCurrentIndex(unit->findData(QStringLiteral("Percent")));
        editor->findChild<QLineEdit *>(QStringLiteral("targetValueEdit"))->setText(QStringLiteral("70"));
        sizes(editor, QStringLiteral("scaling-policy-custom"));
        editor->findChild<QLineEdit *>(QStringLiteral("scaleInCooldownEdit"))->setText(QStringLiteral("-1"));
        ok = save(editor, out, QStringLiteral("scaling-policy-custom-invalid.png")) && ok;
        editor->reject();
    } else {
        ok = false;
    }
    if (fd::ui::ScheduledActionDialog *editor =
            tab ? tab->openScheduledEditor(QStringLiteral("weeknights")) : nullptr) {
        editor->setEndpoint(QStringLiteral("http://127.0.0.1:7466"));
        sizes(editor, QStringLiteral("scheduled-action"));
        editor->resize(1120, 600);
        editor->findChild<QLineEdit *>(QStringLiteral("scheduledMaxEdit"))->setText(QStringLiteral("0"));
        ok = save(editor, out, QStringLiteral("scheduled-action-invalid.png")) && ok;
        editor->reject();
    } else {
        ok = false;
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
