#pragma once

#include "ListenerError.h"
#include "models/ScalingTargetView.h"

#include <QList>
#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <memory>

namespace fd {
class AlarmController;
class AutoScalingController;
class ControlPlane;
class EngineMonitor;
class MetricsController;
class ScaledClock;
} // namespace fd

namespace fd::traffic {
class TrafficGenerator;
}

namespace fd::ui {

class ChangeFeed;

/**
 * What every console page may use, in one place: the control plane and its change feed, the
 * engines' monitor, live metrics, the control plane's clock, where the AWS API listens, the
 * console's traffic generator, the data plane's in-flight counts and listener errors, and a way to
 * go to another page. Pages get it at construction and follow its change
 * signals, so a dependency set (or cleared) later reaches every page without setter chains.
 *
 * app/main.cpp builds one with everything; tests build one with only a control plane and set
 * what they need.
 */
class ConsoleContext final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleContext)

public:
    /// Shows page `pageKey` for `key` (a cluster, a family; empty: the whole page) and, when
    /// `item` is not empty, selects it there. False when the page or key is unknown.
    using Navigator = std::function<bool(const QString &pageKey, const QString &key, const QString &item)>;

    explicit ConsoleContext(fd::ControlPlane &cp, QObject *parent = nullptr);
    ~ConsoleContext() override;

    fd::ControlPlane &controlPlane() const { return m_cp; }
    /// The control plane's changes, by kind (watch() them rather than the control plane's signals).
    ChangeFeed &changes() const;

    /// The agents' connection to Docker (images, logs, containers, Engines ▸ Check now).
    /// Null: those pages say there is no engine connection.
    fd::EngineMonitor *engineMonitor() const { return m_engineMonitor; }
    void setEngineMonitor(fd::EngineMonitor *monitor);

    /// Live container metrics. Null: the Containers page says there are none.
    fd::MetricsController *metricsController() const { return m_metrics; }
    void setMetricsController(fd::MetricsController *metrics);

    /// The CloudWatch alarms at work: the glass-box panel follows its evaluated() signal. Null: the
    /// panel shows the alarms' stored state only.
    fd::AlarmController *alarmController() const { return m_alarmController; }
    void setAlarmController(fd::AlarmController *controller);

    /// The scalable targets as the glass-box panel shows them (app/main.cpp: from the auto-scaling
    /// controller's panels() and the targets' activities), in ResourceId order. Empty: no target.
    using ScalingTargets = std::function<QList<ScalingTargetView>()>;
    void setScalingTargets(ScalingTargets source);
    /// The source's list now (empty without a source).
    QList<ScalingTargetView> scalingTargets() const;
    /// Says the source's list may have changed (app/main.cpp: on AutoScalingController::panelChanged).
    void notifyScalingTargetsChanged() { emit scalingTargetsChanged(); }
    /// The source from Application Auto Scaling at work: `controller`'s panels() with each target's
    /// activities from cp.autoScaling(), followed on panelChanged(). Null: no source.
    void setAutoScalingController(fd::AutoScalingController *controller);

    /// The control plane's clock, for the Teaching speed toolbar. Null: no toolbar.
    const std::shared_ptr<fd::ScaledClock> &teachingClock() const { return m_teachingClock; }
    void setTeachingClock(std::shared_ptr<fd::ScaledClock> clock);

    /// Requests in flight to a target of the load balancers' data plane, by target group id and the
    /// proxy's target id ("i-0abc…:32768"). Empty: the Load balancers page shows "—".
    using TargetInFlight = std::function<std::uint64_t(const QString &targetGroupId, const QString &proxyTargetId)>;
    const TargetInFlight &targetInFlight() const { return m_targetInFlight; }
    void setTargetInFlight(TargetInFlight inFlight) { m_targetInFlight = std::move(inFlight); }

    /// The listeners the load balancers' data plane could not open (port in use, privileged port),
    /// as of its last update. Empty: every listener is taken as serving.
    using ListenerErrors = std::function<QList<ListenerError>()>;
    void setListenerErrors(ListenerErrors source);
    /// The source's list now (empty without a source).
    QList<ListenerError> listenerErrors() const;
    /// Says the source's list may have changed (app/main.cpp: after each routing apply).
    void notifyListenerErrorsChanged() { emit listenerErrorsChanged(); }

    /// Where the AWS-compatible API listens ("http://127.0.0.1:4566"); empty: the API is off.
    QString apiEndpoint() const { return m_apiEndpoint; }
    void setApiEndpoint(const QString &endpoint);

    /// The console's one traffic generator, on the control plane's clock: the Traffic page starts
    /// and stops it, deployment views read its snapshots for their scoreboard. Always there.
    fd::traffic::TrafficGenerator &traffic() const { return *m_traffic; }

    /// Set by the window that shows the pages.
    void setNavigator(Navigator navigator) { m_navigator = std::move(navigator); }
    /// Goes to another page (see Navigator); false when nothing shows pages or it is unknown.
    bool navigate(const QString &pageKey, const QString &key = {}, const QString &item = {}) const;

signals:
    void engineMonitorChanged(fd::EngineMonitor *monitor);
    void metricsControllerChanged(fd::MetricsController *metrics);
    void alarmControllerChanged(fd::AlarmController *controller);
    void teachingClockChanged();
    void apiEndpointChanged(const QString &endpoint);
    void listenerErrorsChanged();
    void scalingTargetsChanged();

private:
    fd::ControlPlane &m_cp;
    fd::EngineMonitor *m_engineMonitor = nullptr;
    fd::MetricsController *m_metrics = nullptr;
    fd::AlarmController *m_alarmController = nullptr;
    std::shared_ptr<fd::ScaledClock> m_teachingClock;
    QString m_apiEndpoint;
    TargetInFlight m_targetInFlight;
    ListenerErrors m_listenerErrors;
    ScalingTargets m_scalingTargets;
    QMetaObject::Connection m_panelConnection;
    Navigator m_navigator;
    std::unique_ptr<fd::traffic::TrafficGenerator> m_traffic;
};

} // namespace fd::ui
