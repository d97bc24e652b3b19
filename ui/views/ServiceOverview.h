#pragma once

#include <QCoreApplication>
#include <QString>

namespace fd {
struct Service;
}

namespace fd::ui {

/**
 * The Overview tab of a service as rich text: on the left what runs (counts, status, strategy,
 * task definition, placement), on the right how it deploys (the deployment configuration with
 * the bounds it gives, whether it can move at all, the circuit breaker, the grace period, the
 * primary deployment's rollout).
 */
class ServiceOverview
{
    Q_DECLARE_TR_FUNCTIONS(fd::ui::ServiceOverview)

public:
    static QString html(const fd::Service &service);

private:
    static QString tasksHtml(const fd::Service &service);
    static QString placementHtml(const fd::Service &service);
    static QString deploymentHtml(const fd::Service &service);
};

} // namespace fd::ui
