#pragma once

#include "services/DeploymentMath.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace fd {

class ControlPlane;
struct Service;

// The service scheduler: for every service, keeps its tasks at the desired count, replaces the ones
// that stop or fail their health checks, rolls deployments out within minimumHealthyPercent and
// maximumPercent, trips the circuit breaker and drains deleted services. Level-triggered (STYLE.md
// points 6-9): each pass re-reads the control plane, asks services::reconcileService() for one step
// per service and applies it through the control plane, whose calls commit before they return; a
// restart in the middle of a deployment simply observes where it was and takes the next step.
// Decisions read time from the control plane's clock, so teaching speed scales them all.
class ServiceController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceController)

public:
    explicit ServiceController(ControlPlane &cp, QObject *parent = nullptr);
    ~ServiceController() override;

    // Passes run on every change of services, tasks or instances, at least every `interval`, and
    // when a decision is due on time alone (a task turning healthy 40 s after RUNNING).
    void start(std::chrono::milliseconds interval = std::chrono::milliseconds(500));
    void stop();
    void reconcileNow();

    // The circuit breaker's minimum threshold: 3 (current AWS documentation) or 10 (2023 mode).
    void setCircuitBreakerMinimum(int minimum) { m_breakerMinimum = minimum; }
    int circuitBreakerMinimum() const { return m_breakerMinimum; }

signals:
    void reconciled();

private:
    void scheduleReconcile();
    void reconcile();
    void reconcileService(const Service &service);
    void launch(const Service &service, int count, const QStringList &onInstances, const QString &suffix);

    ControlPlane &m_cp;
    QTimer m_timer;
    QTimer m_kick;
    bool m_inPass = false;
    bool m_again = false;
    int m_breakerMinimum = services::kCircuitBreakerMinimum;
};

} // namespace fd
