#include "Service.h"

#include <algorithm>
#include <array>
#include <utility>

namespace fd {

namespace {

template <typename E, std::size_t N>
using NameTable = std::array<std::pair<E, const char16_t *>, N>;

template <typename E, std::size_t N>
std::optional<E> fromTable(const NameTable<E, N> &table, const QString &s)
{
    for (const auto &[value, name] : table) {
        if (s == QStringView(name))
            return value;
    }
    return std::nullopt;
}

template <typename E, std::size_t N>
QString toTable(const NameTable<E, N> &table, E e)
{
    for (const auto &[value, name] : table) {
        if (value == e)
            return QString::fromUtf16(name);
    }
    return {};
}

constexpr NameTable<ServiceStatus, 3> kServiceStatuses{{
    {ServiceStatus::Active, u"ACTIVE"},
    {ServiceStatus::Draining, u"DRAINING"},
    {ServiceStatus::Inactive, u"INACTIVE"},
}};

constexpr NameTable<DeploymentStatus, 3> kDeploymentStatuses{{
    {DeploymentStatus::Primary, u"PRIMARY"},
    {DeploymentStatus::Active, u"ACTIVE"},
    {DeploymentStatus::Inactive, u"INACTIVE"},
}};

constexpr NameTable<RolloutState, 3> kRolloutStates{{
    {RolloutState::InProgress, u"IN_PROGRESS"},
    {RolloutState::Completed, u"COMPLETED"},
    {RolloutState::Failed, u"FAILED"},
}};

constexpr NameTable<services::SchedulingStrategy, 2> kStrategies{{
    {services::SchedulingStrategy::Replica, u"REPLICA"},
    {services::SchedulingStrategy::Daemon, u"DAEMON"},
}};

} // namespace

QString toString(ServiceStatus s) { return toTable(kServiceStatuses, s); }
std::optional<ServiceStatus> serviceStatusFromString(const QString &s) { return fromTable(kServiceStatuses, s); }
QString toString(DeploymentStatus s) { return toTable(kDeploymentStatuses, s); }
std::optional<DeploymentStatus> deploymentStatusFromString(const QString &s)
{
    return fromTable(kDeploymentStatuses, s);
}
QString toString(RolloutState s) { return toTable(kRolloutStates, s); }
std::optional<RolloutState> rolloutStateFromString(const QString &s) { return fromTable(kRolloutStates, s); }
QString toString(services::SchedulingStrategy s) { return toTable(kStrategies, s); }
std::optional<services::SchedulingStrategy> schedulingStrategyFromString(const QString &s)
{
    return fromTable(kStrategies, s);
}

const Deployment *Service::deployment(const QString &id) const
{
    auto it = std::find_if(deployments.begin(), deployments.end(), [&](const Deployment &d) { return d.id == id; });
    return it == deployments.end() ? nullptr : &*it;
}

QList<const Deployment *> Service::allDeployments() const
{
    QList<const Deployment *> out;
    for (const Deployment &d : deployments)
        out.append(&d);
    for (const Deployment &d : deploymentHistory)
        out.append(&d);
    return out;
}

const Deployment *Service::anyDeployment(const QString &id) const
{
    for (const Deployment *d : allDeployments()) {
        if (d->id == id)
            return d;
    }
    return nullptr;
}

const Deployment *Service::rollbackOf(const Deployment &failed) const
{
    for (const Deployment *d : allDeployments()) {
        if (d->rolledBackFrom == failed.id)
            return d;
    }
    return nullptr;
}

int Service::runningCount() const
{
    int n = 0;
    for (const Deployment &d : deployments)
        n += d.runningCount;
    return n;
}

int Service::pendingCount() const
{
    int n = 0;
    for (const Deployment &d : deployments)
        n += d.pendingCount;
    return n;
}

bool Service::isStable() const
{
    return deployments.size() == 1 && runningCount() == desiredCount;
}

std::optional<QString> rollBackToLastCompleted(Service &v, const QString &reason, const QDateTime &now)
{
    if (v.deployments.isEmpty())
        return std::nullopt;
    auto completed = [](const Deployment &d) { return d.rolloutState == RolloutState::Completed; };
    auto it = std::find_if(v.deployments.begin() + 1, v.deployments.end(), completed);
    Deployment target;
    if (it != v.deployments.end()) {
        target = *it;
        v.deployments.erase(it);
    } else {
        auto h = std::find_if(v.deploymentHistory.begin(), v.deploymentHistory.end(), completed);
        if (h == v.deploymentHistory.end())
            return std::nullopt; // nothing to go back to
        target = *h;
        v.deploymentHistory.erase(h);
    }
    Deployment &failed = v.deployments.first();
    const QString failedId = failed.id;
    failed.rolloutState = RolloutState::Failed;
    failed.rolloutStateReason = reason;
    failed.updatedAt = now;
    failed.status = DeploymentStatus::Active;
    target.status = DeploymentStatus::Primary;
    target.rolloutState = RolloutState::InProgress;
    target.rolloutStateReason = QStringLiteral("ECS deployment %1 in progress.").arg(target.id);
    target.rolledBackFrom = failedId;
    target.failedTasks = 0;
    target.updatedAt = now;
    target.completedAt = {};
    v.deployments.prepend(target);
    v.family = target.family;
    v.revision = target.revision;
    v.throttle = v.throttle.afterServiceUpdate();
    v.stuckReported = false;
    return target.id;
}

DeploymentOutcome deploymentOutcome(const Service &v, const Deployment &d)
{
    if (d.rolloutState == RolloutState::Failed) {
        if (const Deployment *back = v.rollbackOf(d)) {
            switch (back->rolloutState) {
            case RolloutState::Completed:
                return {QStringLiteral("ROLLBACK_SUCCESSFUL"), d.rolloutStateReason, back->completedAt, false};
            case RolloutState::Failed:
                return {QStringLiteral("ROLLBACK_FAILED"), d.rolloutStateReason, back->updatedAt, false};
            case RolloutState::InProgress:
                return {QStringLiteral("ROLLBACK_IN_PROGRESS"), d.rolloutStateReason, {}, false};
            }
        }
        // A failure without a rollback: the rollout stopped where it was.
        return {QStringLiteral("STOPPED"), d.rolloutStateReason, d.updatedAt, true};
    }
    if (d.rolloutState == RolloutState::Completed || !d.rolledBackFrom.isEmpty())
        // A deployment reinstated by a rollback had completed before: that is its outcome.
        return {QStringLiteral("SUCCESSFUL"), d.rolloutStateReason, d.completedAt, false};
    if (d.status == DeploymentStatus::Primary)
        return {QStringLiteral("IN_PROGRESS"), d.rolloutStateReason, {}, false};
    return {QStringLiteral("STOPPED"), QStringLiteral("Superseded by a newer service deployment before it completed."),
            d.updatedAt, true};
}

} // namespace fd
