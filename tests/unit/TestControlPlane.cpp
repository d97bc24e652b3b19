// The control plane's clusters, task definition revisions, journal and persistence.

#include "ControlPlane.h"
#include "json/TaskDefinitionJson.h"
#include "store/Store.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace fd;

namespace {

TaskDefinitionSpec spec(const QString &family, int memory = 128)
{
    auto s = json::parseTaskDefinition(QStringLiteral(R"({"family":"%1","containerDefinitions":[
        {"name":"web","image":"fleetdeck/demo-web:1","memory":%2}]})")
                                           .arg(family)
                                           .arg(memory)
                                           .toUtf8());
    if (!s)
        qFatal("test spec does not parse: %s", qPrintable(s.error().message));
    return s.value();
}

} // namespace

class TestControlPlane : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ControlPlane> open()
    {
        auto cp = ControlPlane::open(m_dir->path(), m_clock);
        if (!cp)
            qFatal("open failed: %s", qPrintable(cp.error().message));
        return std::move(cp).value();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<ManualClock> m_clock;

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_clock = std::make_shared<ManualClock>();
    }

    void clusters()
    {
        auto cp = open();
        QSignalSpy changed(cp.get(), &ControlPlane::clustersChanged);
        auto c = cp->createCluster(QStringLiteral("workshop"));
        QVERIFY(c);
        QCOMPARE(c->status, QStringLiteral("ACTIVE"));
        QCOMPARE(c->createdAt, m_clock->now());
        QCOMPARE(changed.count(), 1);

        // Creating an existing cluster returns it unchanged and changes nothing.
        m_clock->advance(5000);
        auto again = cp->createCluster(QStringLiteral("workshop"));
        QVERIFY(again);
        QCOMPARE(again->createdAt, c->createdAt);
        QCOMPARE(changed.count(), 1);

        // No name means "default", as in ECS.
        QCOMPARE(cp->createCluster(QString())->name, QStringLiteral("default"));
        QCOMPARE(cp->clusters().size(), 2);
        QCOMPARE(cp->clusters().first().name, QStringLiteral("default"));

        auto bad = cp->createCluster(QStringLiteral("has space"));
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, QStringLiteral("InvalidParameterException"));
        QCOMPARE(bad.error().field, QStringLiteral("clusterName"));
        QVERIFY(!cp->createCluster(QString(256, u'a')));

        auto deleted = cp->deleteCluster(QStringLiteral("arn:aws:ecs:us-east-1:000000000000:cluster/workshop"));
        QVERIFY(deleted);
        QCOMPARE(deleted->status, QStringLiteral("INACTIVE"));
        QCOMPARE(cp->clusters().size(), 1);
        QCOMPARE(cp->cluster(QStringLiteral("workshop"))->status, QStringLiteral("INACTIVE"));

        auto missing = cp->deleteCluster(QStringLiteral("workshop"));
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, QStringLiteral("ClusterNotFoundException"));
        QCOMPARE(missing.error().message, QStringLiteral("Cluster not found."));

        // Re-creating a deleted cluster makes it ACTIVE again.
        QCOMPARE(cp->createCluster(QStringLiteral("workshop"))->status, QStringLiteral("ACTIVE"));
    }

    void revisions()
    {
        auto cp = open();
        QSignalSpy changed(cp.get(), &ControlPlane::taskDefinitionsChanged);
        QCOMPARE(cp->registerTaskDefinition(spec(QStringLiteral("web")))->revision, 1);
        QCOMPARE(cp->registerTaskDefinition(spec(QStringLiteral("web"), 256))->revision, 2);
        QCOMPARE(cp->registerTaskDefinition(spec(QStringLiteral("api")))->revision, 1);
        QCOMPARE(changed.count(), 3);

        QCOMPARE(cp->taskDefinition(QStringLiteral("web"))->revision, 2);
        QCOMPARE(cp->taskDefinition(QStringLiteral("web:1"))->spec.containerDefinitions[0].memory, 128);
        QCOMPARE(cp->taskDefinition(QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:task-definition/web:2"))->revision, 2);
        QCOMPARE(cp->taskDefinition(QStringLiteral("web:9")).error().code, QStringLiteral("ClientException"));
        QVERIFY(!cp->taskDefinition(QStringLiteral("nope")));

        // Deregistering the latest makes the family resolve to the one before.
        auto inactive = cp->deregisterTaskDefinition(QStringLiteral("web:2"));
        QVERIFY(inactive);
        QCOMPARE(toString(inactive->status), QStringLiteral("INACTIVE"));
        QCOMPARE(inactive->deregisteredAt, m_clock->now());
        QCOMPARE(cp->taskDefinition(QStringLiteral("web"))->revision, 1);
        QCOMPARE(toString(cp->taskDefinition(QStringLiteral("web:2"))->status), QStringLiteral("INACTIVE"));
        // A revision is required to deregister.
        QCOMPARE(cp->deregisterTaskDefinition(QStringLiteral("web")).error().field, QStringLiteral("taskDefinition"));

        // Revisions keep counting after a deregistration: numbers are never reused.
        QCOMPARE(cp->registerTaskDefinition(spec(QStringLiteral("web")))->revision, 3);

        QCOMPARE(cp->taskDefinitions(QStringLiteral("web")).size(), 3);
        QCOMPARE(cp->taskDefinitions({}, TaskDefinitionStatus::Inactive).size(), 1);
        QVERIFY(cp->deregisterTaskDefinition(QStringLiteral("api:1")));
        QCOMPARE(cp->taskDefinitionFamilies(), (QStringList{QStringLiteral("api"), QStringLiteral("web")}));
        QCOMPARE(cp->taskDefinitionFamilies(TaskDefinitionStatus::Active), QStringList{QStringLiteral("web")});
        QCOMPARE(cp->taskDefinitionFamilies(TaskDefinitionStatus::Inactive), QStringList{QStringLiteral("api")});
    }

    void journal()
    {
        auto cp = open();
        QSignalSpy appended(cp.get(), &ControlPlane::eventAppended);
        QVERIFY(cp->createCluster(QStringLiteral("default")));
        m_clock->advance(1000);
        QVERIFY(cp->registerTaskDefinition(spec(QStringLiteral("web"))));
        QVERIFY(!cp->deleteCluster(QStringLiteral("nope"))); // failures journal nothing
        QCOMPARE(appended.count(), 2);
        const QList<Event> events = cp->events();
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[0].resourceType, QStringLiteral("cluster"));
        QCOMPARE(events[0].message, QStringLiteral("Cluster default created."));
        QCOMPARE(events[1].resource, QStringLiteral("web:1"));
        QCOMPARE(events[1].message, QStringLiteral("Task definition web:1 registered."));
        QCOMPARE(events[1].at, m_clock->now());
        QVERIFY(events[1].id > events[0].id);
        QCOMPARE(appended.at(1).at(0).value<Event>().id, events[1].id);
    }

    void persistsAcrossRestart()
    {
        {
            auto cp = open();
            QVERIFY(cp->createCluster(QStringLiteral("default")));
            QVERIFY(cp->createCluster(QStringLiteral("gone")));
            QVERIFY(cp->deleteCluster(QStringLiteral("gone")));
            QVERIFY(cp->registerTaskDefinition(spec(QStringLiteral("web"))));
            QVERIFY(cp->registerTaskDefinition(spec(QStringLiteral("web"), 512)));
            QVERIFY(cp->deregisterTaskDefinition(QStringLiteral("web:1")));
        }
        auto cp = open();
        QCOMPARE(cp->clusters().size(), 1);
        QCOMPARE(cp->cluster(QStringLiteral("gone"))->status, QStringLiteral("INACTIVE"));
        QCOMPARE(toString(cp->taskDefinition(QStringLiteral("web:1"))->status), QStringLiteral("INACTIVE"));
        QCOMPARE(cp->taskDefinition(QStringLiteral("web"))->spec.containerDefinitions[0].memory, 512);
        QCOMPARE(cp->events().size(), 6);
    }

    void oneProcessPerDataDirectory()
    {
        auto first = open();
        auto second = ControlPlane::open(m_dir->path(), m_clock);
        QVERIFY(!second);
        QVERIFY2(second.error().message.contains(QStringLiteral("in use by another Fleetdeck")),
                 qPrintable(second.error().message));
    }

    void refusesANewerSchema()
    {
        { open(); }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("poke"));
            db.setDatabaseName(m_dir->filePath(QStringLiteral("fleetdeck.db")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=%1").arg(Store::kSchemaVersion + 1)));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("poke"));
        auto cp = ControlPlane::open(m_dir->path(), m_clock);
        QVERIFY(!cp);
        QVERIFY2(cp.error().message.contains(QStringLiteral("newer than this Fleetdeck")), qPrintable(cp.error().message));
    }

    void storeIsWalWithSchemaVersion()
    {
        auto store = Store::open(m_dir->path());
        QVERIFY(store);
        QCOMPARE(store.value()->schemaVersion(), Store::kSchemaVersion);
        QVERIFY(QFile::exists(m_dir->filePath(QStringLiteral("fleetdeck.db-wal"))));
    }
};

QTEST_GUILESS_MAIN(TestControlPlane)
#include "TestControlPlane.moc"
