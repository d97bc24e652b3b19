// A data directory written by main at 0123478 (schema 4, tests/fixtures/schema4/fleetdeck.db, made by
// make-fixture.sh there) opens with today's Fleetdeck, migrates to the current schema and loses nothing.

#include "ControlPlane.h"
#include "ops/Clusters.h"
#include "ops/TaskDefinitions.h"
#include "ops/Instances.h"
#include "ops/Tasks.h"
#include "ops/Services.h"
#include "state/Kinds.h"
#include "store/Store.h"
#include "tags/TagRegistry.h"

#include "TestSupport.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace fd;

namespace {

int userVersionOf(const QString &path)
{
    int version = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
                version = q.value(0).toInt();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("peek"));
    return version;
}

} // namespace

class TestSchemaMigration : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_db;

private slots:
    void init()
    {
        const QString fixture = test::sourceDir() + QStringLiteral("/tests/fixtures/schema4/fleetdeck.db");
        QVERIFY2(QFile::exists(fixture), qPrintable(fixture));
        m_db = m_dir.path() + QStringLiteral("/fleetdeck.db");
        QFile::remove(m_db);
        QVERIFY(QFile::copy(fixture, m_db)); // the copy is opened, never the fixture itself
        QFile::setPermissions(m_db, QFile::ReadOwner | QFile::WriteOwner);
        // The fixture really is the old schema, or this test would prove nothing.
        QCOMPARE(userVersionOf(m_db), 4);
    }

    void opensMigratesAndKeepsEverything()
    {
        auto clock = std::make_shared<ManualClock>();
        auto opened = ControlPlane::open(m_dir.path(), clock);
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
        ControlPlane &cp = *opened.value();
        QCOMPARE(userVersionOf(m_db), Store::kSchemaVersion);

        QStringList clusters;
        for (const Cluster &c : cp.clusters().list())
            clusters << c.name;
        QCOMPARE(clusters, (QStringList{QStringLiteral("default"), QStringLiteral("workshop")}));

        QCOMPARE(cp.taskDefinitions().list().size(), 3);
        QCOMPARE(cp.taskDefinitions().find(QStringLiteral("demo-web"))->revision, 2);
        QVERIFY(cp.taskDefinitions().find(QStringLiteral("batch:1"))->status == TaskDefinitionStatus::Inactive);
        QCOMPARE(cp.taskDefinitions().families(TaskDefinitionStatus::Active), QStringList{QStringLiteral("demo-web")});

        const QList<ContainerInstance> instances = cp.instances().list(QStringLiteral("default"));
        QCOMPARE(instances.size(), 3);
        QCOMPARE(instances[0].customAttributes.value(QStringLiteral("stack")), QStringLiteral("blue"));
        QVERIFY(instances[2].status == InstanceStatus::Draining);

        const QList<Task> tasks = cp.tasks().list(QStringLiteral("default"));
        QCOMPARE(tasks.size(), 4);
        int running = 0, stopped = 0, ofService = 0;
        for (const Task &t : tasks) {
            running += t.lastStatus == TaskStatus::Running;
            stopped += t.lastStatus == TaskStatus::Stopped;
            ofService += t.group == u"service:web";
            if (t.isStopped())
                QCOMPARE(t.stoppedReason, QStringLiteral("fixture: stopped on purpose"));
        }
        QCOMPARE(running, 3);
        QCOMPARE(stopped, 1);
        QCOMPARE(ofService, 2);
        // Instance usage is derived from the tasks again.
        int placed = 0;
        for (const ContainerInstance &ci : instances)
            placed += ci.runningTasksCount;
        QCOMPARE(placed, 3);

        const std::optional<Service> web = cp.services().find(QStringLiteral("default"), QStringLiteral("web"));
        QVERIFY(web);
        QCOMPARE(web->desiredCount, 2);
        QCOMPARE(web->percents.minimumHealthyPercent, 50);
        QCOMPARE(web->percents.maximumPercent, 200);
        QVERIFY(web->circuitBreaker.enable && web->circuitBreaker.rollback);
        QCOMPARE(web->events.front().message, QStringLiteral("(service web) has reached a steady state."));
        QVERIFY(web->propagateTags == tags::Propagate::None); // absent before schema 5: ECS's default
        QVERIFY(!web->enableECSManagedTags);

        // The old journal is all there, and old events belong to no transaction.
        const QList<Event> events = cp.events();
        QCOMPARE(events.size(), 30);
        QVERIFY(events.last().message.startsWith(QStringLiteral("Task d78ce69997c64c9e829af4e9640f3485 (demo-web:1) STOPPED")));
        QVERIFY(cp.journal()->isEmpty());

        // New work lands in the journal with its cause and can be tagged.
        QVERIFY(cp.clusters().create(QStringLiteral("after"), {{QStringLiteral("team"), QStringLiteral("blue")}}));
        QCOMPARE(cp.journal()->size(), 1);
        QCOMPARE(cp.tagRegistry().tags(state::kClusterKind, QStringLiteral("after")),
                 (tags::TagList{{QStringLiteral("team"), QStringLiteral("blue")}}));
    }

    // Opening twice migrates once; the second open finds the current schema and changes nothing.
    void migratesOnce()
    {
        for (int i = 0; i < 2; ++i) {
            auto clock = std::make_shared<ManualClock>();
            auto opened = ControlPlane::open(m_dir.path(), clock);
            QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
            QCOMPARE(opened.value()->tasks().list().size(), 4);
            QCOMPARE(opened.value()->events().size(), 30);
        }
        QCOMPARE(userVersionOf(m_db), Store::kSchemaVersion);
    }
};

QTEST_GUILESS_MAIN(TestSchemaMigration)
#include "TestSchemaMigration.moc"
