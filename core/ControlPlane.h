#pragma once

#include "Clock.h"
#include "Result.h"
#include "model/Event.h"
#include "state/ChangeSet.h"

#include <QObject>

#include <memory>

namespace fd {

namespace state {
class Transaction;
}
namespace tags {
class TagRegistry;
}
namespace metrics {
class MetricStore;
}
namespace ops {
class AccountSettings;
class Alarms;
class AutoScaling;
class Clusters;
class Engines;
class Instances;
class ListenerRules;
class LoadBalancers;
class Services;
class TargetGroups;
class TaskDefinitions;
class Tasks;
} // namespace ops

// The one entry for the console, the AWS-compatible API and the tests: a thin composition of one
// registry per domain (core/registries) and the operations on them (core/ops). Each mutation opens a
// state::Transaction, commits it once (SQLite, with its cause in the journal), patches memory, then
// announces one state::ChangeSet through changed(). Lives on the GUI (or main) thread.
class ControlPlane final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ControlPlane)

public:
    // Opens (or creates) the state in `dataDir`; fails with a clear message when the directory is
    // unusable, in use by another Fleetdeck, or holds a database it cannot read (never overwritten).
    static Result<std::unique_ptr<ControlPlane>> open(const QString &dataDir, std::shared_ptr<Clock> clock);
    ~ControlPlane() override;

    const Clock &clock() const;
    QString dataDir() const;
    QString defaultRegion() const; // ARNs in the console; API requests use their credential scope's
    // The latest control-plane time in the stored state when opened: a restarted clock catches up.
    QDateTime lastRecordedTime() const;

    // The operations of each domain. Reads are cheap; each write is one committed transaction.
    ops::Clusters &clusters() const;
    ops::TaskDefinitions &taskDefinitions() const;
    ops::Engines &engines() const;
    ops::Instances &instances() const; // container instances
    ops::Tasks &tasks() const;
    ops::Services &services() const;
    tags::TagRegistry &tagRegistry() const; // read here; change through tags/Tagging.h
    // Load balancing (ELBv2): load balancers with their listeners, listener rules, target groups
    // with their targets (and the health checker's and draining's interface).
    ops::LoadBalancers &loadBalancers() const;
    ops::ListenerRules &listenerRules() const;
    ops::TargetGroups &targetGroups() const;
    // CloudWatch-shaped metrics on this control plane's clock (memory only, not in the store): what
    // the controllers publish (AWS/ECS, AWS/ApplicationELB) and what clients put (PutMetricData).
    metrics::MetricStore &metricStore() const;
    // Container Insights' per-task performance records (namespace ECS/ContainerInsights, dimensions
    // ClusterName, TaskDefinitionFamily, TaskId), kept for every task of a cluster with
    // containerInsights enabled: what the console charts for a task. Not served by the CloudWatch
    // API. With enhanced they are CloudWatch metrics in metricStore() instead. One hour kept.
    metrics::MetricStore &taskPerformanceStore() const;
    // CloudWatch metric alarms (stored, with state and history); AlarmController evaluates them.
    ops::Alarms &alarms() const;
    // Application Auto Scaling: scalable targets with their policies, scheduled actions and
    // activities (stored); AutoScalingController acts on them.
    ops::AutoScaling &autoScaling() const;
    // ECS account settings per principal (stored).
    ops::AccountSettings &accountSettings() const;

    bool isPristine() const; // nothing was ever stored (a first start)
    // The first-start layout: cluster "default" with one instance per availability zone on `engineId`.
    Status createDefaultLayout(const QString &engineId, const QString &instanceType = QStringLiteral("t3.medium"));

    QList<Event> events(int limit = 10000) const; // the journal's events, oldest first
    // Committed transactions with causes, changes and events, oldest first: the newest `limit` after `afterId`.
    Result<QList<state::ChangeSet>> journal(qint64 afterId = 0, int limit = 1000) const;

    // Who the mutations made while a scope lives are attributed to (without one: the console).
    class CauseScope
    {
    public:
        CauseScope(ControlPlane &cp, state::Cause cause);
        ~CauseScope();
        Q_DISABLE_COPY_MOVE(CauseScope)

    private:
        ControlPlane &m_cp;
    };
    state::Cause currentCause() const;
    // Work across registries: open a transaction, stage writes through the registries, commit once.
    // On failure nothing is applied.
    state::Transaction begin() const;
    Status commit(state::Transaction &&tx);

signals:
    // Once per committed transaction, after memory follows it: what changed and who caused it.
    void changed(const fd::state::ChangeSet &changes);

private:
    struct Parts;
    ControlPlane(QString dataDir, std::unique_ptr<Parts> parts);
    Status load();

    QString m_dataDir;
    std::unique_ptr<Parts> m_parts;
};

} // namespace fd
