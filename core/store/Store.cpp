#include "Store.h"

#include "json/TaskDefinitionJson.h"
#include "json/ServiceJson.h"
#include "json/TaskJson.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace fd {

Q_LOGGING_CATEGORY(lcStore, "fleetdeck.store")

namespace {

constexpr char kDbFileName[] = "fleetdeck.db";
constexpr char kSqliteMagic[] = "SQLite format 3"; // followed by a NUL in the 16-byte header

// Each step moves the schema from version i to i + 1; never edit a step once released.
const char *const kMigrations[] = {
    // 0 -> 1
    "CREATE TABLE clusters ("
    "  name TEXT PRIMARY KEY,"
    "  status TEXT NOT NULL,"
    "  created_at_ms INTEGER NOT NULL);"
    "CREATE TABLE task_definitions ("
    "  family TEXT NOT NULL,"
    "  revision INTEGER NOT NULL,"
    "  status TEXT NOT NULL,"
    "  registered_at_ms INTEGER NOT NULL,"
    "  deregistered_at_ms INTEGER,"
    "  document TEXT NOT NULL,"
    "  PRIMARY KEY (family, revision));"
    "CREATE TABLE events ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  at_ms INTEGER NOT NULL,"
    "  resource_type TEXT NOT NULL,"
    "  resource TEXT NOT NULL,"
    "  message TEXT NOT NULL);",
    // 1 -> 2: engines and container instances
    "CREATE TABLE engines ("
    "  id TEXT PRIMARY KEY,"
    "  kind TEXT NOT NULL,"
    "  endpoint TEXT NOT NULL,"
    "  added_at_ms INTEGER NOT NULL);"
    "CREATE TABLE container_instances ("
    "  id TEXT PRIMARY KEY,"
    "  cluster TEXT NOT NULL,"
    "  ec2_instance_id TEXT NOT NULL,"
    "  engine_id TEXT NOT NULL,"
    "  address TEXT NOT NULL,"
    "  instance_type TEXT NOT NULL,"
    "  availability_zone TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  registered_cpu INTEGER NOT NULL,"
    "  registered_memory INTEGER NOT NULL,"
    "  attributes TEXT NOT NULL,"
    "  registered_at_ms INTEGER NOT NULL,"
    "  deregistered_at_ms INTEGER);"
    "CREATE INDEX container_instances_by_cluster ON container_instances(cluster);",
    // 2 -> 3: tasks, each one JSON document (json/TaskJson.h) rewritten on every change
    "CREATE TABLE tasks ("
    "  id TEXT PRIMARY KEY,"
    "  cluster TEXT NOT NULL,"
    "  created_at_ms INTEGER NOT NULL,"
    "  document TEXT NOT NULL);",
    // 3 -> 4: services, each one JSON document (json/ServiceJson.h), deployments and events inside
    "CREATE TABLE services ("
    "  cluster TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  created_at_ms INTEGER NOT NULL,"
    "  document TEXT NOT NULL,"
    "  PRIMARY KEY (cluster, name));",
    // 4 -> 5: the journal of transactions (cause and changes; events point at theirs), and one table
    // of JSON documents keyed by (kind, id) that new resource kinds use without a migration each
    "CREATE TABLE transactions ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  at_ms INTEGER NOT NULL,"
    "  cause TEXT NOT NULL,"
    "  changes TEXT NOT NULL);"
    "ALTER TABLE events ADD COLUMN transaction_id INTEGER;"
    "CREATE INDEX events_by_transaction ON events(transaction_id);"
    "CREATE TABLE documents ("
    "  kind TEXT NOT NULL,"
    "  id TEXT NOT NULL,"
    "  created_at_ms INTEGER NOT NULL,"
    "  document TEXT NOT NULL,"
    "  PRIMARY KEY (kind, id));",
};
constexpr int kMigrationCount = int(std::size(kMigrations));
static_assert(kMigrationCount == Store::kSchemaVersion);

Error storeError(const QString &message)
{
    return makeError(QStringLiteral("ServerException"), message);
}

QVariant msOrNull(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qlonglong>());
}

QDateTime fromMs(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

// A file that exists, is not empty and does not start with SQLite's header is not ours to touch.
bool looksLikeSqlite(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray head = f.read(16);
    return head.size() == 16 && head.startsWith(QByteArray(kSqliteMagic)) && head.at(15) == '\0';
}

} // namespace

Result<std::unique_ptr<Store>> Store::open(const QString &dir)
{
    const QFileInfo dirInfo(dir);
    if (dirInfo.exists() && !dirInfo.isDir())
        return storeError(QStringLiteral("data directory %1 is not a directory").arg(dir));
    if (!QDir().mkpath(dir))
        return storeError(QStringLiteral("cannot create data directory %1").arg(dir));
    if (!QFileInfo(dir).isWritable())
        return storeError(QStringLiteral("data directory %1 is not writable").arg(dir));

    auto lock = std::make_unique<QLockFile>(QDir(dir).filePath(QStringLiteral("fleetdeck.lock")));
    lock->setStaleLockTime(0); // only a live process holds the lock; a killed one's lock is stale
    if (!lock->tryLock(0)) {
        qint64 pid = 0;
        QString host, app;
        lock->getLockInfo(&pid, &host, &app);
        if (lock->error() == QLockFile::LockFailedError)
            return storeError(QStringLiteral("data directory %1 is in use by another Fleetdeck (pid %2)").arg(dir).arg(pid));
        return storeError(QStringLiteral("cannot lock data directory %1").arg(dir));
    }

    const QString path = QDir(dir).filePath(QString::fromLatin1(kDbFileName));
    const QFileInfo dbInfo(path);
    if (dbInfo.exists() && dbInfo.size() > 0 && !looksLikeSqlite(path))
        return storeError(QStringLiteral("%1 is not a Fleetdeck database (damaged or foreign file); "
                                         "it was left untouched. Move it away or choose another --data-dir")
                              .arg(path));

    const QString connection = QStringLiteral("fleetdeck-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    std::unique_ptr<Store> store(new Store(path, connection, std::move(lock)));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open())
            return storeError(QStringLiteral("cannot open %1: %2").arg(path, db.lastError().text()));
    }
    QSqlQuery q(store->db());
    // A damaged file fails here ("file is not a database", "database disk image is malformed").
    if (!q.exec(QStringLiteral("PRAGMA quick_check")) || !q.next() || q.value(0).toString() != u"ok") {
        const QString detail = q.lastError().isValid() ? q.lastError().text() : q.value(0).toString();
        return storeError(QStringLiteral("%1 is damaged (%2); it was left untouched. Move it away or choose "
                                         "another --data-dir")
                              .arg(path, detail));
    }
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !q.next())
        return store->sqlError(QStringLiteral("enable WAL"), q.lastError().text());
    if (!q.exec(QStringLiteral("PRAGMA synchronous=FULL")))
        return store->sqlError(QStringLiteral("set synchronous"), q.lastError().text());
    if (!q.exec(QStringLiteral("PRAGMA foreign_keys=ON")))
        return store->sqlError(QStringLiteral("enable foreign keys"), q.lastError().text());
    if (Status s = store->migrate(); !s)
        return s.error();
    return store;
}

Store::Store(QString path, QString connectionName, std::unique_ptr<QLockFile> lock)
    : m_path(std::move(path)), m_connectionName(std::move(connectionName)), m_lock(std::move(lock))
{}

Store::~Store()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase Store::db() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Error Store::sqlError(const QString &what, const QString &detail) const
{
    qCWarning(lcStore) << what << "failed on" << m_path << ":" << detail;
    return storeError(QStringLiteral("%1 failed on %2: %3").arg(what, m_path, detail));
}

int Store::schemaVersion() const
{
    QSqlQuery q(db());
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
        return q.value(0).toInt();
    return -1;
}

Status Store::migrate()
{
    const int version = schemaVersion();
    if (version < 0)
        return sqlError(QStringLiteral("read schema version"), db().lastError().text());
    if (version > kSchemaVersion)
        return storeError(QStringLiteral("%1 has schema version %2, newer than this Fleetdeck understands (%3); "
                                         "it was left untouched")
                              .arg(m_path)
                              .arg(version)
                              .arg(kSchemaVersion));
    for (int v = version; v < kSchemaVersion; ++v) {
        Status s = transaction([&](Store &) -> Status {
            QSqlQuery q(db());
            const QStringList statements = QString::fromLatin1(kMigrations[v]).split(u';', Qt::SkipEmptyParts);
            for (const QString &sql : statements) {
                if (!q.exec(sql))
                    return sqlError(QStringLiteral("migration to schema %1").arg(v + 1), q.lastError().text());
            }
            if (!q.exec(QStringLiteral("PRAGMA user_version=%1").arg(v + 1)))
                return sqlError(QStringLiteral("set schema version"), q.lastError().text());
            return Ok{};
        });
        if (!s)
            return s;
        qCInfo(lcStore) << "migrated" << m_path << "to schema" << v + 1;
    }
    return Ok{};
}

Status Store::transaction(const std::function<Status(Store &)> &work)
{
    QSqlDatabase d = db();
    if (!d.transaction())
        return sqlError(QStringLiteral("begin transaction"), d.lastError().text());
    Status s = work(*this);
    if (!s) {
        d.rollback();
        return s;
    }
    if (!d.commit()) {
        const QString detail = d.lastError().text();
        d.rollback();
        return sqlError(QStringLiteral("commit"), detail);
    }
    return Ok{};
}

Status Store::putCluster(const Cluster &c)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("INSERT INTO clusters(name, status, created_at_ms) VALUES (?, ?, ?) "
                             "ON CONFLICT(name) DO UPDATE SET status = excluded.status, "
                             "created_at_ms = excluded.created_at_ms"));
    q.addBindValue(c.name);
    q.addBindValue(c.status);
    q.addBindValue(c.createdAt.toMSecsSinceEpoch());
    if (!q.exec())
        return sqlError(QStringLiteral("save cluster %1").arg(c.name), q.lastError().text());
    return Ok{};
}

Status Store::putTaskDefinition(const TaskDefinition &td)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("INSERT INTO task_definitions(family, revision, status, registered_at_ms, "
                             "deregistered_at_ms, document) VALUES (?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT(family, revision) DO UPDATE SET status = excluded.status, "
                             "deregistered_at_ms = excluded.deregistered_at_ms"));
    q.addBindValue(td.spec.family);
    q.addBindValue(td.revision);
    q.addBindValue(toString(td.status));
    q.addBindValue(td.registeredAt.toMSecsSinceEpoch());
    q.addBindValue(msOrNull(td.deregisteredAt));
    q.addBindValue(QString::fromUtf8(td.spec.document));
    if (!q.exec())
        return sqlError(QStringLiteral("save task definition %1").arg(td.familyRevision()), q.lastError().text());
    return Ok{};
}

Status Store::deleteTaskDefinition(const QString &family, int revision)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("DELETE FROM task_definitions WHERE family = ? AND revision = ?"));
    q.addBindValue(family);
    q.addBindValue(revision);
    if (!q.exec())
        return sqlError(QStringLiteral("delete task definition %1:%2").arg(family).arg(revision), q.lastError().text());
    return Ok{};
}

Result<qint64> Store::appendEvent(const Event &e, qint64 transactionId)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("INSERT INTO events(at_ms, resource_type, resource, message, transaction_id) "
                             "VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(e.at.toMSecsSinceEpoch());
    q.addBindValue(e.resourceType);
    q.addBindValue(e.resource);
    q.addBindValue(e.message);
    q.addBindValue(transactionId > 0 ? QVariant(transactionId) : QVariant(QMetaType::fromType<qlonglong>()));
    if (!q.exec())
        return sqlError(QStringLiteral("journal event"), q.lastError().text());
    return q.lastInsertId().toLongLong();
}

Status Store::putEngine(const Engine &e)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("INSERT INTO engines(id, kind, endpoint, added_at_ms) VALUES (?, ?, ?, ?) "
                             "ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, endpoint = excluded.endpoint"));
    q.addBindValue(e.id);
    q.addBindValue(toString(e.kind));
    q.addBindValue(e.endpoint.isNull() ? QStringLiteral("") : e.endpoint); // NOT NULL column
    q.addBindValue(e.addedAt.toMSecsSinceEpoch());
    if (!q.exec())
        return sqlError(QStringLiteral("save engine %1").arg(e.id), q.lastError().text());
    return Ok{};
}

Status Store::putContainerInstance(const ContainerInstance &ci)
{
    QJsonObject attributes;
    for (auto it = ci.customAttributes.cbegin(); it != ci.customAttributes.cend(); ++it)
        attributes.insert(it.key(), it.value());
    QSqlQuery q(db());
    q.prepare(QStringLiteral(
        "INSERT INTO container_instances(id, cluster, ec2_instance_id, engine_id, address, instance_type, "
        "availability_zone, status, registered_cpu, registered_memory, attributes, registered_at_ms, "
        "deregistered_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET status = excluded.status, attributes = excluded.attributes, "
        "deregistered_at_ms = excluded.deregistered_at_ms"));
    q.addBindValue(ci.id);
    q.addBindValue(ci.cluster);
    q.addBindValue(ci.ec2InstanceId);
    q.addBindValue(ci.engineId);
    q.addBindValue(ci.address);
    q.addBindValue(ci.instanceType);
    q.addBindValue(ci.availabilityZone);
    q.addBindValue(toString(ci.status));
    q.addBindValue(ci.registeredCpu);
    q.addBindValue(ci.registeredMemory);
    q.addBindValue(QString::fromUtf8(QJsonDocument(attributes).toJson(QJsonDocument::Compact)));
    q.addBindValue(ci.registeredAt.toMSecsSinceEpoch());
    q.addBindValue(msOrNull(ci.deregisteredAt));
    if (!q.exec())
        return sqlError(QStringLiteral("save container instance %1").arg(ci.id), q.lastError().text());
    return Ok{};
}

Status Store::putTask(const Task &t)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("INSERT INTO tasks(id, cluster, created_at_ms, document) VALUES (?, ?, ?, ?) "
                             "ON CONFLICT(id) DO UPDATE SET document = excluded.document"));
    q.addBindValue(t.id);
    q.addBindValue(t.cluster);
    q.addBindValue(t.createdAt.toMSecsSinceEpoch());
    q.addBindValue(QString::fromUtf8(json::toStoreJson(t)));
    if (!q.exec())
        return sqlError(QStringLiteral("save task %1").arg(t.id), q.lastError().text());
    return Ok{};
}

Status Store::deleteTask(const QString &id)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("DELETE FROM tasks WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(QStringLiteral("delete task %1").arg(id), q.lastError().text());
    return Ok{};
}

Status Store::putService(const Service &v)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("INSERT INTO services(cluster, name, created_at_ms, document) VALUES (?, ?, ?, ?) "
                             "ON CONFLICT(cluster, name) DO UPDATE SET created_at_ms = excluded.created_at_ms, "
                             "document = excluded.document"));
    q.addBindValue(v.cluster);
    q.addBindValue(v.name);
    q.addBindValue(v.createdAt.toMSecsSinceEpoch());
    q.addBindValue(QString::fromUtf8(json::toStoreJson(v)));
    if (!q.exec())
        return sqlError(QStringLiteral("save service %1/%2").arg(v.cluster, v.name), q.lastError().text());
    return Ok{};
}

Result<QList<Service>> Store::loadServices() const
{
    QSqlQuery q(db());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT document FROM services ORDER BY created_at_ms, rowid")))
        return sqlError(QStringLiteral("load services"), q.lastError().text());
    QList<Service> out;
    while (q.next()) {
        Result<Service> v = json::serviceFromStoreJson(q.value(0).toString().toUtf8());
        if (!v)
            return storeError(QStringLiteral("%1 holds an unreadable service (%2)").arg(m_path, v.error().message));
        out.append(std::move(v).value());
    }
    return out;
}

Result<QList<Task>> Store::loadTasks() const
{
    QSqlQuery q(db());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT document FROM tasks ORDER BY created_at_ms, rowid")))
        return sqlError(QStringLiteral("load tasks"), q.lastError().text());
    QList<Task> out;
    while (q.next()) {
        Result<Task> t = json::fromStoreJson(q.value(0).toString().toUtf8());
        if (!t)
            return storeError(QStringLiteral("%1 holds an unreadable task (%2)").arg(m_path, t.error().message));
        out.append(std::move(t).value());
    }
    return out;
}

Result<QList<Engine>> Store::loadEngines() const
{
    QSqlQuery q(db());
    if (!q.exec(QStringLiteral("SELECT id, kind, endpoint, added_at_ms FROM engines ORDER BY added_at_ms, id")))
        return sqlError(QStringLiteral("load engines"), q.lastError().text());
    QList<Engine> out;
    while (q.next()) {
        Engine e;
        e.id = q.value(0).toString();
        e.kind = q.value(1).toString() == u"simulated" ? Engine::Kind::Simulated : Engine::Kind::Docker;
        e.endpoint = q.value(2).toString();
        e.addedAt = fromMs(q.value(3));
        out.append(std::move(e));
    }
    return out;
}

Result<QList<ContainerInstance>> Store::loadContainerInstances() const
{
    QSqlQuery q(db());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, cluster, ec2_instance_id, engine_id, address, instance_type, "
                               "availability_zone, status, registered_cpu, registered_memory, attributes, "
                               "registered_at_ms, deregistered_at_ms FROM container_instances "
                               "ORDER BY registered_at_ms, rowid")))
        return sqlError(QStringLiteral("load container instances"), q.lastError().text());
    QList<ContainerInstance> out;
    while (q.next()) {
        ContainerInstance ci;
        ci.id = q.value(0).toString();
        ci.cluster = q.value(1).toString();
        ci.ec2InstanceId = q.value(2).toString();
        ci.engineId = q.value(3).toString();
        ci.address = q.value(4).toString();
        ci.instanceType = q.value(5).toString();
        ci.availabilityZone = q.value(6).toString();
        ci.status = instanceStatusFromString(q.value(7).toString()).value_or(InstanceStatus::Inactive);
        ci.registeredCpu = q.value(8).toInt();
        ci.registeredMemory = q.value(9).toInt();
        const QJsonObject attributes = QJsonDocument::fromJson(q.value(10).toString().toUtf8()).object();
        for (auto it = attributes.begin(); it != attributes.end(); ++it)
            ci.customAttributes.insert(it.key(), it.value().toString());
        ci.registeredAt = fromMs(q.value(11));
        ci.deregisteredAt = fromMs(q.value(12));
        out.append(std::move(ci));
    }
    return out;
}

Result<QList<Cluster>> Store::loadClusters() const
{
    QSqlQuery q(db());
    if (!q.exec(QStringLiteral("SELECT name, status, created_at_ms FROM clusters ORDER BY name")))
        return sqlError(QStringLiteral("load clusters"), q.lastError().text());
    QList<Cluster> out;
    while (q.next()) {
        Cluster c;
        c.name = q.value(0).toString();
        c.status = q.value(1).toString();
        c.createdAt = fromMs(q.value(2));
        out.append(std::move(c));
    }
    return out;
}

Result<QList<TaskDefinition>> Store::loadTaskDefinitions() const
{
    QSqlQuery q(db());
    if (!q.exec(QStringLiteral("SELECT family, revision, status, registered_at_ms, deregistered_at_ms, document "
                               "FROM task_definitions ORDER BY family, revision")))
        return sqlError(QStringLiteral("load task definitions"), q.lastError().text());
    QList<TaskDefinition> out;
    while (q.next()) {
        TaskDefinition td;
        const QString family = q.value(0).toString();
        td.revision = q.value(1).toInt();
        Result<TaskDefinitionSpec> spec = json::parseStoredTaskDefinition(q.value(5).toString().toUtf8());
        if (!spec)
            return storeError(QStringLiteral("%1 holds an unreadable task definition %2:%3 (%4)")
                                  .arg(m_path, family)
                                  .arg(td.revision)
                                  .arg(spec.error().message));
        td.spec = std::move(spec).value();
        td.status = taskDefinitionStatusFromString(q.value(2).toString()).value_or(TaskDefinitionStatus::Active);
        td.registeredAt = fromMs(q.value(3));
        td.deregisteredAt = fromMs(q.value(4));
        out.append(std::move(td));
    }
    return out;
}

Result<QList<Event>> Store::loadEvents(int limit) const
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT id, at_ms, resource_type, resource, message FROM "
                             "(SELECT * FROM events ORDER BY id DESC LIMIT ?) ORDER BY id"));
    q.addBindValue(limit);
    if (!q.exec())
        return sqlError(QStringLiteral("load events"), q.lastError().text());
    QList<Event> out;
    while (q.next()) {
        Event e;
        e.id = q.value(0).toLongLong();
        e.at = fromMs(q.value(1));
        e.resourceType = q.value(2).toString();
        e.resource = q.value(3).toString();
        e.message = q.value(4).toString();
        out.append(std::move(e));
    }
    return out;
}

} // namespace fd
