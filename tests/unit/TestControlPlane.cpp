// The control plane's clusters, task definition revisions, journal and persistence.

#include "ControlPlane.h"
#include "ChangeSpy.h"
#include "ops/Clusters.h"
#include "ops/TaskDefinitions.h"
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
        fd::test::ChangeSpy changed(*cp);
        auto c = cp->clusters().create(QStringLiteral("workshop"));
        QVERIFY(c);
        QCOMPARE(c->status, QStringLiteral("ACTIVE"));
        QCOMPARE(c->createdAt, m_clock->now());
        QCOMPARE(changed.count(state::kClusterKind), 1);

        // Creating an existing cluster returns it unchanged and changes nothing.
        m_clock->advance(5000);
        auto again = cp->clusters().create(QStringLiteral("workshop"));
        QVERIFY(again);
        QCOMPARE(again->createdAt, c->createdAt);
        QCOMPARE(changed.count(state::kClusterKind), 1);

        // No name means "default", as in ECS.
        QCOMPARE(cp->clusters().create(QString())->name, QStringLiteral("default"));
        QCOMPARE(cp->clusters().list().size(), 2);
        QCOMPARE(cp->clusters().list().first().name, QStringLiteral("default"));

        auto bad = cp->clusters().create(QStringLiteral("has space"));
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, QStringLiteral("InvalidParameterException"));
        QCOMPARE(bad.error().field, QStringLiteral("clusterName"));
        QVERIFY(!cp->clusters().create(QString(256, u'a')));

        auto deleted = cp->clusters().remove(QStringLiteral("arn:aws:ecs:us-east-1:000000000000:cluster/workshop"));
        QVERIFY(deleted);
        QCOMPARE(deleted->status, QStringLiteral("INACTIVE"));
        QCOMPARE(cp->clusters().list().size(), 1);
        QCOMPARE(cp->clusters().find(QStringLiteral("workshop"))->status, QStringLiteral("INACTIVE"));

        auto missing = cp->clusters().remove(QStringLiteral("workshop"));
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, QStringLiteral("ClusterNotFoundException"));
        QCOMPARE(missing.error().message, QStringLiteral("Cluster not found."));

        // Re-creating a deleted cluster makes it ACTIVE again.
        QCOMPARE(cp->clusters().create(QStringLiteral("workshop"))->status, QStringLiteral("ACTIVE"));
    }

    void revisions()
    {
        auto cp = open();
        fd::test::ChangeSpy changed(*cp);
        QCOMPARE(cp->taskDefinitions().registerNew(spec(QStringLiteral("web")))->revision, 1);
        QCOMPARE(cp->taskDefinitions().registerNew(spec(QStringLiteral("web"), 256))->revision, 2);
        QCOMPARE(cp->taskDefinitions().registerNew(spec(QStringLiteral("api")))->revision, 1);
        QCOMPARE(changed.count(state::kTaskDefinitionKind), 3);

        QCOMPARE(cp->taskDefinitions().find(QStringLiteral("web"))->revision, 2);
        QCOMPARE(cp->taskDefinitions().find(QStringLiteral("web:1"))->spec.containerDefinitions[0].memory, 128);
        QCOMPARE(cp->taskDefinitions().find(QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:task-definition/web:2"))->revision, 2);
        QCOMPARE(cp->taskDefinitions().find(QStringLiteral("web:9")).error().code, QStringLiteral("ClientException"));
        QVERIFY(!cp->taskDefinitions().find(QStringLiteral("nope")));

        // Deregistering the latest makes the family resolve to the one before.
        auto inactive = cp->taskDefinitions().deregister(QStringLiteral("web:2"));
        QVERIFY(inactive);
        QCOMPARE(toString(inactive->status), QStringLiteral("INACTIVE"));
        QCOMPARE(inactive->deregisteredAt, m_clock->now());
        QCOMPARE(cp->taskDefinitions().find(QStringLiteral("web"))->revision, 1);
        QCOMPARE(toString(cp->taskDefinitions().find(QStringLiteral("web:2"))->status), QStringLiteral("INACTIVE"));
        // A revision is required to deregister.
        QCOMPARE(cp->taskDefinitions().deregister(QStringLiteral("web")).error().field, QStringLiteral("taskDefinition"));

        // Revisions keep counting after a deregistration: numbers are never reused.
        QCOMPARE(cp->taskDefinitions().registerNew(spec(QStringLiteral("web")))->revision, 3);

        QCOMPARE(cp->taskDefinitions().list(QStringLiteral("web")).size(), 3);
        QCOMPARE(cp->taskDefinitions().list({}, TaskDefinitionStatus::Inactive).size(), 1);
        QVERIFY(cp->taskDefinitions().deregister(QStringLiteral("api:1")));
        QCOMPARE(cp->taskDefinitions().families(), (QStringList{QStringLiteral("api"), QStringLiteral("web")}));
        QCOMPARE(cp->taskDefinitions().families(TaskDefinitionStatus::Active), QStringList{QStringLiteral("web")});
        QCOMPARE(cp->taskDefinitions().families(TaskDefinitionStatus::Inactive), QStringList{QStringLiteral("api")});
    }

    void journal()
    {
        auto cp = open();
        fd::test::ChangeSpy appended(*cp);
        QVERIFY(cp->clusters().create(QStringLiteral("default")));
        m_clock->advance(1000);
        QVERIFY(cp->taskDefinitions().registerNew(spec(QStringLiteral("web"))));
        QVERIFY(!cp->clusters().remove(QStringLiteral("nope"))); // failures journal nothing
        QCOMPARE(appended.events().size(), 2);
        const QList<Event> events = cp->events();
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[0].resourceType, QStringLiteral("cluster"));
        QCOMPARE(events[0].message, QStringLiteral("Cluster default created."));
        QCOMPARE(events[1].resource, QStringLiteral("web:1"));
        QCOMPARE(events[1].message, QStringLiteral("Task definition web:1 registered."));
        QCOMPARE(events[1].at, m_clock->now());
        QVERIFY(events[1].id > events[0].id);
        QCOMPARE(appended.events().at(1).id, events[1].id);
    }

    void persistsAcrossRestart()
    {
        {
            auto cp = open();
            QVERIFY(cp->clusters().create(QStringLiteral("default")));
            QVERIFY(cp->clusters().create(QStringLiteral("gone")));
            QVERIFY(cp->clusters().remove(QStringLiteral("gone")));
            QVERIFY(cp->taskDefinitions().registerNew(spec(QStringLiteral("web"))));
            QVERIFY(cp->taskDefinitions().registerNew(spec(QStringLiteral("web"), 512)));
            QVERIFY(cp->taskDefinitions().deregister(QStringLiteral("web:1")));
        }
        auto cp = open();
        QCOMPARE(cp->clusters().list().size(), 1);
        QCOMPARE(cp->clusters().find(QStringLiteral("gone"))->status, QStringLiteral("INACTIVE"));
        QCOMPARE(toString(cp->taskDefinitions().find(QStringLiteral("web:1"))->status), QStringLiteral("INACTIVE"));
        QCOMPARE(cp->taskDefinitions().find(QStringLiteral("web"))->spec.containerDefinitions[0].memory, 512);
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
