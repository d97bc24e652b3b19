#pragma once

#include "Result.h"
#include "model/Cluster.h"
#include "model/ContainerInstance.h"
#include "model/Event.h"
#include "model/Service.h"
#include "model/Task.h"
#include "model/TaskDefinition.h"
#include "state/ChangeSet.h"

#include <QLockFile>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>

namespace fd {

// Desired state and the event journal in SQLite (WAL, synchronous=FULL). One connection, owned
// by the control plane's thread. Every change goes through `transaction()`, which commits the
// state and its journal events together or not at all.
class Store final
{
    Q_DISABLE_COPY_MOVE(Store)

public:
    static constexpr int kSchemaVersion = 5;

    // Opens `dir/fleetdeck.db`, creating the directory and the database when missing. Refuses,
    // with a message naming the path, when the directory is unusable, locked by another running
    // Fleetdeck, or the file is not a database Fleetdeck can read (never overwriting it).
    static Result<std::unique_ptr<Store>> open(const QString &dir);
    ~Store();

    QString path() const { return m_path; }
    int schemaVersion() const;

    // Runs `work` inside one transaction; commits when it returns Ok, rolls back otherwise.
    Status transaction(const std::function<Status(Store &)> &work);

    // Writes, for use inside transaction().
    Status putCluster(const Cluster &c);
    Status putTaskDefinition(const TaskDefinition &td);
    // A revision deleted for good (DeleteTaskDefinitions, once nothing uses it).
    Status deleteTaskDefinition(const QString &family, int revision);
    // A journal event, tied to the transaction that committed it (0: none).
    Result<qint64> appendEvent(const Event &e, qint64 transactionId = 0);
    // The journal row of one committed transaction: when, who caused it, what it changed.
    Result<qint64> appendTransaction(const QDateTime &at, const QString &cause, const QList<state::Change> &changes);
    // Resources of kinds that need no table of their own (schema 5): one JSON document per (kind, id).
    Status putDocument(const QString &kind, const QString &id, const QDateTime &createdAt, const QByteArray &document);
    Status deleteDocument(const QString &kind, const QString &id);
    Status putEngine(const Engine &e);
    Status putContainerInstance(const ContainerInstance &ci);
    Status putTask(const Task &t);
    Status deleteTask(const QString &id);
    Status putService(const Service &service);

    // Reads.
    Result<QList<Cluster>> loadClusters() const;
    Result<QList<TaskDefinition>> loadTaskDefinitions() const;
    Result<QList<Event>> loadEvents(int limit) const;
    Result<QList<Engine>> loadEngines() const;
    Result<QList<ContainerInstance>> loadContainerInstances() const;
    Result<QList<Task>> loadTasks() const; // creation order
    Result<QList<Service>> loadServices() const; // creation order
    struct Document
    {
        QString id;
        QDateTime createdAt;
        QByteArray document;
    };
    Result<QList<Document>> loadDocuments(const QString &kind) const; // creation order
    // The journal of transactions, oldest first: the newest `limit` with an id above `afterId`, each
    // with its cause, changes and events.
    Result<QList<state::ChangeSet>> loadTransactions(qint64 afterId = 0, int limit = 1000) const;

private:
    Store(QString path, QString connectionName, std::unique_ptr<QLockFile> lock);
    Status migrate();
    QSqlDatabase db() const;
    Error sqlError(const QString &what, const QString &detail) const;

    QString m_path;
    QString m_connectionName;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace fd
