#include "ConsoleContext.h"

#include "ChangeFeed.h"
#include "Clock.h"
#include "ControlPlane.h"
#include "controllers/AutoScalingController.h"
#include "ops/AutoScaling.h"
#include "traffic/TrafficGenerator.h"

namespace fd::ui {

ConsoleContext::ConsoleContext(fd::ControlPlane &cp, QObject *parent)
    : QObject(parent), m_cp(cp), m_traffic(std::make_unique<fd::traffic::TrafficGenerator>(&cp.clock()))
{
    setObjectName(QStringLiteral("consoleContext"));
}

ConsoleContext::~ConsoleContext() = default;

ChangeFeed &ConsoleContext::changes() const
{
    return ChangeFeed::of(m_cp);
}

void ConsoleContext::setEngineMonitor(fd::EngineMonitor *monitor)
{
    if (monitor == m_engineMonitor)
        return;
    m_engineMonitor = monitor;
    emit engineMonitorChanged(monitor);
}

void ConsoleContext::setMetricsController(fd::MetricsController *metrics)
{
    if (metrics == m_metrics)
        return;
    m_metrics = metrics;
    emit metricsControllerChanged(metrics);
}

void ConsoleContext::setAlarmController(fd::AlarmController *controller)
{
    if (controller == m_alarmController)
        return;
    m_alarmController = controller;
    emit alarmControllerChanged(controller);
}

void ConsoleContext::setScalingTargets(ScalingTargets source)
{
    m_scalingTargets = std::move(source);
    emit scalingTargetsChanged();
}

QList<ScalingTargetView> ConsoleContext::scalingTargets() const
{
    return m_scalingTargets ? m_scalingTargets() : QList<ScalingTargetView>{};
}

void ConsoleContext::setAutoScalingController(fd::AutoScalingController *controller)
{
    disconnect(m_panelConnection);
    if (!controller) {
        setScalingTargets({});
        return;
    }
    m_panelConnection = connect(controller, &fd::AutoScalingController::panelChanged, this,
                                &ConsoleContext::notifyScalingTargetsChanged);
    setScalingTargets([controller, &cp = m_cp] {
        QList<ScalingTargetView> views;
        for (const autoscaling::TargetPanel &panel : controller->panels()) {
            ScalingTargetView view{panel, {}};
            if (const autoscaling::ScalableTarget *target = cp.autoScaling().find(panel.resourceId))
                view.activities = target->activities;
            views.append(view);
        }
        return views;
    });
}

void ConsoleContext::setTeachingClock(std::shared_ptr<fd::ScaledClock> clock)
{
    if (clock == m_teachingClock)
        return;
    m_teachingClock = std::move(clock);
    emit teachingClockChanged();
}

void ConsoleContext::setApiEndpoint(const QString &endpoint)
{
    if (endpoint == m_apiEndpoint)
        return;
    m_apiEndpoint = endpoint;
    emit apiEndpointChanged(endpoint);
}

void ConsoleContext::setListenerErrors(ListenerErrors source)
{
    m_listenerErrors = std::move(source);
    emit listenerErrorsChanged();
}

QList<ListenerError> ConsoleContext::listenerErrors() const
{
    return m_listenerErrors ? m_listenerErrors() : QList<ListenerError>();
}

bool ConsoleContext::navigate(const QString &pageKey, const QString &key, const QString &item) const
{
    return m_navigator && m_navigator(pageKey, key, item);
}

} // namespace fd::ui
