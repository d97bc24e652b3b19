// Renders a busy service's Metrics tab to PNG for a look (offscreen), at 1280x800 and 1920x1080:
// 40 minutes of control-plane time of a simulated service of 2 tasks whose CPU load rises and falls
// (the AWS/ECS metrics published by the MetricsPublisher from the simulated usage), with an alarm
// "web-cpu-high" (Average >= 70 % for 2 of 2 minutes) evaluated by the AlarmController, so its
// threshold is drawn and its ALARM periods are shaded; then the same with the hover readout shown.
//   fleetdeck-metrics-shot <out-dir>

#include "ControlPlane.h"
#include "DrivenSystem.h"
#include "charts/MetricChart.h"
#include "controllers/AlarmController.h"
#include "controllers/MetricsPublisher.h"
#include "controllers/ServiceController.h"
#include "controllers/TaskController.h"
#include "json/TaskDefinitionJson.h"
#include "metrics/EcsMetrics.h"
#include "ops/Alarms.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/Services.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "runtime/SimulatedRuntime.h"
#include "views/MetricsPanel.h"
#include "views/ServiceDetailPane.h"

#include <QApplication>
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstdio>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMinute = 60'000;
const QString kCluster = u"shop"_s;

bool save(QWidget *widget, const QString &dir, const QString &name)
{
    QTest::qWait(200);
    const QString path = QDir(dir).filePath(name);
    const bool ok = widget->grab().save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    QDir().mkpath(out);

    qint64 elapsed = 0;
    auto clock = std::make_shared<fd::ScaledClock>(1.0, [&elapsed] { return elapsed; },
                                                   QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC));
    QTemporaryDir dir;
    fd::runtime::SimulationOptions options;
    options.tickInterval = 0ms;
    options.startJitter = 0ms;
    fd::runtime::SimulatedRuntime rt(*clock, options);
    rt.setDefaultProfile(fd::runtime::ImageProfile{0, 0, 0, 0, true, 0});
    auto system = fd::test::startDrivenSystem(dir.path(), clock, [&rt](const fd::Engine &) { return &rt; });
    system->attachSimulatedRuntime(rt);
    fd::ControlPlane &cp = system->controlPlane();
    auto must = [](bool ok, const char *what) {
        if (!ok)
            qFatal("metrics shot: %s failed", what);
    };
    must(bool(cp.engines().add(u"sim"_s, fd::Engine::Kind::Simulated, {})), "engine");
    must(bool(cp.clusters().create(kCluster)), "cluster");
    fd::ops::InstanceRequest instance;
    instance.cluster = kCluster;
    instance.engineId = u"sim"_s;
    must(bool(cp.instances().registerNew(instance)), "instance");
    auto spec = fd::json::parseTaskDefinition(R"({"family": "web", "containerDefinitions": [{"name": "app",
        "image": "fleetdeck/demo-web:1", "cpu": 512, "memory": 1024}]})");
    must(bool(spec) && bool(cp.taskDefinitions().registerNew(spec.value())), "task definition");
    fd::ops::ServiceRequest request;
    request.cluster = kCluster;
    request.serviceName = u"web"_s;
    request.taskDefinition = u"web:1"_s;
    request.desiredCount = 2;
    must(bool(cp.services().create(request)), "service");

    fd::ops::AlarmPut alarm;
    alarm.definition.name = u"web-cpu-high"_s;
    alarm.definition.metric = fd::metrics::serviceMetricId(kCluster, u"web"_s, u"CPUUtilization"_s);
    alarm.definition.statistic = fd::metrics::Statistic::Average;
    alarm.definition.threshold = 70;
    alarm.definition.evaluationPeriods = 2;
    alarm.definition.comparison = fd::alarms::ComparisonOperator::GreaterThanOrEqualToThreshold;
    must(bool(cp.alarms().put(alarm)), "alarm");

    // 40 minutes, one second at a time: a slow wave of CPU load with a burst in the middle.
    for (int s = 0; s < 40 * 60; ++s) {
        elapsed += 1000;
        rt.tick();
        QCoreApplication::processEvents();
        system->taskController().reconcileNow();
        system->serviceController().reconcileNow();
        if (s % 30 == 0) {
            const double minute = s / 60.0;
            double cpu = 35 + 20 * std::sin(minute / 4.0);
            if (minute >= 14 && minute < 22)
                cpu = 88 + 6 * std::sin(minute);
            if (minute >= 31 && minute < 35)
                cpu = 76;
            const double memory = 42 + 8 * std::sin(minute / 9.0) + (minute >= 14 && minute < 22 ? 20 : 0);
            (void)system->setSimulatedLoad(kCluster, u"web"_s, cpu, memory);
        }
        rt.tick();
        QCoreApplication::processEvents();
        system->metricsPublisher()->tick();
        if (system->alarmController())
            system->alarmController()->evaluateNow();
    }

    fd::ui::ServiceDetailPane pane(cp);
    pane.showService(kCluster, cp.services().find(kCluster, u"web"_s), false);
    pane.showTab(u"serviceMetricsTab"_s);
    bool ok = true;
    for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
        pane.resize(size);
        pane.show();
        QTest::qWait(100);
        fd::ui::MetricsPanel *panel = pane.metricsPanel();
        panel->refresh();
        ok &= save(&pane, out, u"service-metrics-%1.png"_s.arg(size.width()));
        if (fd::ui::MetricChart *cpu = panel->chart(u"CPU utilization"_s)) {
            cpu->hoverAt(clock->now().toMSecsSinceEpoch() - 20 * kMinute);
            ok &= save(&pane, out, u"service-metrics-hover-%1.png"_s.arg(size.width()));
            cpu->hoverAt(std::nullopt);
        }
    }
    return ok ? 0 : 1;
}
