#pragma once

#include "Clock.h"
#include "Result.h"
#include "model/Cluster.h"
#include "model/Event.h"
#include "model/TaskDefinition.h"

#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace fd {

class Store;

// The one façade every client goes through: the console, the AWS-compatible API and the tests.
// It lives on the GUI thread (or the main thread when headless). Each mutating call validates,
// commits desired state and its journal event to SQLite in one transaction, then updates memory
// and emits a change signal; only then does it return success.
class ControlPlane final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ControlPlane)

public:
    // Opens (or creates) the state in `dataDir`. Fails with a clear message when the directory is
    // unusable, already in use by another Fleetdeck, or holds a database it cannot read; an
    // existing database is never overwritten.
    static Result<std::unique_ptr<ControlPlane>> open(const QString &dataDir, std::shared_ptr<Clock> clock);
    ~ControlPlane() override;

    const Clock &clock() const { return *m_clock; }
    QString dataDir() const { return m_dataDir; }
    // The region the console shows ARNs in. API requests use the region of their credential scope.
    QString defaultRegion() const { return m_defaultRegion; }

    // Clusters. Creating an existing ACTIVE name returns it unchanged (as ECS does); creating a
    // deleted (INACTIVE) name makes it ACTIVE again.
    Result<Cluster> createCluster(const QString &name);
    QList<Cluster> clusters() const; // ACTIVE clusters, by name
    std::optional<Cluster> cluster(const QString &nameOrArn) const; // ACTIVE or INACTIVE
    // Refuses with ClusterContains{ContainerInstances,Services,Tasks}Exception while the cluster
    // has any; ClusterNotFoundException when there is no such ACTIVE cluster.
    Result<Cluster> deleteCluster(const QString &nameOrArn);

    // Task definitions. `ref` is "family", "family:revision" or a full ARN; "family" alone is the
    // latest ACTIVE revision.
    Result<TaskDefinition> registerTaskDefinition(const TaskDefinitionSpec &spec);
    Result<TaskDefinition> taskDefinition(const QString &ref) const;
    Result<TaskDefinition> deregisterTaskDefinition(const QString &ref);
    // By family, then revision ascending. Empty `family` means all; no status means any.
    QList<TaskDefinition> taskDefinitions(const QString &family = {},
                                          std::optional<TaskDefinitionStatus> status = {}) const;
    // ACTIVE: families with at least one ACTIVE revision; INACTIVE: families with none; none: all.
    QStringList taskDefinitionFamilies(std::optional<TaskDefinitionStatus> status = {}) const;

    // The journal, oldest first; at most `limit` of the newest entries.
    QList<Event> events(int limit = 10000) const;

signals:
    void clustersChanged();
    void taskDefinitionsChanged();
    void eventAppended(const fd::Event &event);

private:
    ControlPlane(QString dataDir, std::unique_ptr<Store> store, std::shared_ptr<Clock> clock);
    Status load();
    Status commit(const std::function<Status(Store &)> &write, QList<Event> events);
    void flushEvents();
    Event makeEvent(const QString &type, const QString &resource, const QString &message) const;
    int findTaskDefinition(const QString &ref) const;

    QString m_dataDir;
    QString m_defaultRegion;
    std::unique_ptr<Store> m_store;
    std::shared_ptr<Clock> m_clock;
    QList<Cluster> m_clusters;                 // every cluster ever created, ACTIVE or INACTIVE
    QList<TaskDefinition> m_taskDefinitions;   // by family, then revision
    QList<Event> m_pendingEvents;              // committed, not yet signalled
};

} // namespace fd
