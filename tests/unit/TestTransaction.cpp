// core/state: one transaction across kinds, committed once, announced once with its cause, kept in
// the journal; nothing applied or announced when the commit fails.

#include "ControlPlane.h"
#include "ChangeSpy.h"
#include "ops/Clusters.h"
#include "ops/TaskDefinitions.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/Tasks.h"
#include "ops/Services.h"
#include "json/TaskDefinitionJson.h"
#include "state/Kinds.h"
#include "state/Transaction.h"
#include "store/Store.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace fd;
using namespace fd::state;

class TestTransaction : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<ManualClock> m_clock;

    std::unique_ptr<ControlPlane> open()
    {
        auto cp = ControlPlane::open(m_dir->path(), m_clock);
        if (!cp)
            qFatal("open failed: %s", qPrintable(cp.error().message));
        return std::move(cp).value();
    }

    static TaskDefinitionSpec spec(const QString &family)
    {
        auto s = json::parseTaskDefinition(QStringLiteral(R"({"family":"%1","containerDefinitions":[
            {"name":"web","image":"fleetdeck/demo-web:1","memory":128}]})")
                                               .arg(family)
                                               .toUtf8());
        if (!s)
            qFatal("test spec does not parse");
        return s.value();
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_clock = std::make_shared<ManualClock>();
    }

    void commitsWritesEventsAndJournalTogether()
    {
        auto store = Store::open(m_dir->path());
        QVERIFY(store);
        int applied = 0;
        Transaction tx(Cause::api(QStringLiteral("CreateCluster")));
        Cluster c;
        c.name = QStringLiteral("a");
        c.status = QStringLiteral("ACTIVE");
        c.createdAt = m_clock->now();
        tx.put(kClusterKind, c.name, [&](Store &st) { return st.putCluster(c); }, [&] { ++applied; });
        tx.derived(kClusterKind, c.name); // already written: no second entry
        tx.derived(kInstanceKind, QStringLiteral("i1"));
        tx.event(Event{0, m_clock->now(), kClusterKind, c.name, QStringLiteral("Cluster a created.")});
        Result<ChangeSet> cs = std::move(tx).commit(*store.value(), m_clock->now());
        QVERIFY(cs);
        QCOMPARE(applied, 1);
        QVERIFY(cs->transactionId > 0);
        QCOMPARE(cs->changes.size(), 2);
        QCOMPARE(cs->changes[0], (Change{kClusterKind, QStringLiteral("a"), Change::Op::Put}));
        QCOMPARE(cs->changes[1], (Change{kInstanceKind, QStringLiteral("i1"), Change::Op::Derived}));
        QCOMPARE(cs->ids(kClusterKind), QStringList{QStringLiteral("a")});
        QVERIFY(cs->events.front().id > 0);

        Result<QList<ChangeSet>> journal = store.value()->loadTransactions();
        QVERIFY(journal);
        QCOMPARE(journal->size(), 1);
        const ChangeSet &row = journal->front();
        QCOMPARE(row.transactionId, cs->transactionId);
        QCOMPARE(row.cause, Cause::api(QStringLiteral("CreateCluster")));
        QCOMPARE(row.changes, cs->changes);
        QCOMPARE(row.events.size(), 1);
        QCOMPARE(row.events.front().message, QStringLiteral("Cluster a created."));
        QCOMPARE(row.at, m_clock->now());
    }

    void aFailedWriteRollsBackEverythingAndAppliesNothing()
    {
        auto store = Store::open(m_dir->path());
        QVERIFY(store);
        bool applied = false;
        Transaction tx(Cause::console());
        Cluster c;
        c.name = QStringLiteral("kept-out");
        c.status = QStringLiteral("ACTIVE");
        c.createdAt = m_clock->now();
        tx.put(kClusterKind, c.name, [&](Store &st) { return st.putCluster(c); }, [&] { applied = true; });
        tx.put(QStringLiteral("widget"), QStringLiteral("w"),
               [](Store &) -> Status { return makeError(QStringLiteral("ServerException"), QStringLiteral("disk full")); },
               [&] { applied = true; });
        tx.event(Event{0, m_clock->now(), kClusterKind, c.name, QStringLiteral("never")});
        Result<ChangeSet> cs = std::move(tx).commit(*store.value(), m_clock->now());
        QVERIFY(!cs);
        QCOMPARE(cs.error().message, QStringLiteral("disk full"));
        QVERIFY(!applied);
        QVERIFY(store.value()->loadClusters()->isEmpty());
        QVERIFY(store.value()->loadEvents(10)->isEmpty());
        QVERIFY(store.value()->loadTransactions()->isEmpty());
    }

    void documentsNeedNoTableOfTheirOwn()
    {
        auto store = Store::open(m_dir->path());
        QVERIFY(store);
        Store &st = *store.value();
        QVERIFY(st.transaction([&](Store &s) { return s.putDocument(QStringLiteral("gadget"), QStringLiteral("g1"), m_clock->now(), "{\"n\":1}"); }));
        QVERIFY(st.transaction([&](Store &s) { return s.putDocument(QStringLiteral("gadget"), QStringLiteral("g2"), m_clock->now(), "{\"n\":2}"); }));
        QVERIFY(st.transaction([&](Store &s) { return s.putDocument(QStringLiteral("gadget"), QStringLiteral("g1"), m_clock->now(), "{\"n\":3}"); }));
        QVERIFY(st.transaction([&](Store &s) { return s.putDocument(QStringLiteral("other"), QStringLiteral("g1"), m_clock->now(), "{}"); }));
        auto docs = st.loadDocuments(QStringLiteral("gadget"));
        QVERIFY(docs);
        QCOMPARE(docs->size(), 2);
        QCOMPARE(docs->at(0).id, QStringLiteral("g1"));
        QCOMPARE(docs->at(0).document, QByteArray("{\"n\":3}"));
        QVERIFY(st.transaction([&](Store &s) { return s.deleteDocument(QStringLiteral("gadget"), QStringLiteral("g1")); }));
        QCOMPARE(st.loadDocuments(QStringLiteral("gadget"))->size(), 1);
        QCOMPARE(st.loadDocuments(QStringLiteral("other"))->size(), 1);
    }

    // A mutation is announced once, after memory follows it, with every kind it touched.
    void oneChangeSetPerMutation()
    {
        auto cp = open();
        QVERIFY(cp->clusters().create(QStringLiteral("default")));
        QVERIFY(cp->engines().add(QStringLiteral("sim"), Engine::Kind::Simulated, {}));
        ops::InstanceRequest ir;
        ir.cluster = QStringLiteral("default");
        ir.engineId = QStringLiteral("sim");
        ir.count = 2;
        QVERIFY(cp->instances().registerNew(ir));
        QVERIFY(cp->taskDefinitions().registerNew(spec(QStringLiteral("web"))));

        QSignalSpy changed(cp.get(), &ControlPlane::changed);
        fd::test::ChangeSpy spy(*cp);
        int runningSeenInSlot = -1;
        connect(cp.get(), &ControlPlane::changed, this, [&](const ChangeSet &) {
            runningSeenInSlot = int(cp->tasks().list(QStringLiteral("default")).size());
        });
        ops::RunTaskRequest r;
        r.cluster = QStringLiteral("default");
        r.taskDefinition = QStringLiteral("web");
        r.count = 3;
        {
            ControlPlane::CauseScope scope(*cp, Cause::api(QStringLiteral("RunTask")));
            QVERIFY(cp->tasks().run(r));
        }
        QCOMPARE(changed.size(), 1);
        QCOMPARE(runningSeenInSlot, 3); // memory already follows the commit when it is announced
        const ChangeSet cs = changed.front().front().value<ChangeSet>();
        QCOMPARE(cs.cause, Cause::api(QStringLiteral("RunTask")));
        QCOMPARE(cs.ids(kTaskKind).size(), 3);
        QVERIFY(cs.touches(kInstanceKind));
        QVERIFY(cs.touches(kClusterKind));
        QVERIFY(!cs.touches(kServiceKind));
        QCOMPARE(cs.events.size(), 3);
        QCOMPARE(spy.count(kTaskKind), 1);
        QCOMPARE(spy.count(kInstanceKind), 1);
        QCOMPARE(spy.count(kServiceKind), 0);
        QCOMPARE(spy.events().size(), 3);

        // Without a scope the console is the cause; the journal keeps both.
        QVERIFY(cp->clusters().create(QStringLiteral("second")));
        auto journal = cp->journal();
        QVERIFY(journal);
        QCOMPARE(journal->at(journal->size() - 2).cause.toString(), QStringLiteral("api:RunTask"));
        QCOMPARE(journal->last().cause, Cause::console());
        QCOMPARE(journal->last().changes.front(), (Change{kClusterKind, QStringLiteral("second"), Change::Op::Put}));
    }

    // A service's launch writes the tasks and the service (with its event) in one transaction.
    void aServiceLaunchIsOneTransactionAcrossKinds()
    {
        auto cp = open();
        QVERIFY(cp->clusters().create(QStringLiteral("default")));
        QVERIFY(cp->engines().add(QStringLiteral("sim"), Engine::Kind::Simulated, {}));
        ops::InstanceRequest ir;
        ir.cluster = QStringLiteral("default");
        ir.engineId = QStringLiteral("sim");
        QVERIFY(cp->instances().registerNew(ir));
        QVERIFY(cp->taskDefinitions().registerNew(spec(QStringLiteral("web"))));
        ops::ServiceRequest sr;
        sr.serviceName = QStringLiteral("svc");
        sr.taskDefinition = QStringLiteral("web");
        sr.desiredCount = 1;
        QVERIFY(cp->services().create(sr));
        QSignalSpy changed(cp.get(), &ControlPlane::changed);
        ops::RunTaskRequest r;
        r.cluster = QStringLiteral("default");
        r.taskDefinition = QStringLiteral("web");
        r.group = QStringLiteral("service:svc");
        r.service = QStringLiteral("svc");
        QVERIFY(cp->tasks().run(r));
        QCOMPARE(changed.size(), 1);
        const ChangeSet cs = changed.front().front().value<ChangeSet>();
        QCOMPARE(cs.ids(kServiceKind), QStringList{QStringLiteral("default/svc")});
        QCOMPARE(cs.ids(kTaskKind).size(), 1);
        bool serviceEvent = false;
        for (const Event &e : cs.events)
            serviceEvent = serviceEvent || e.message.startsWith(QStringLiteral("(service svc) has started 1 tasks:"));
        QVERIFY(serviceEvent);
        auto journal = cp->journal(cs.transactionId - 1, 10);
        QVERIFY(journal);
        QCOMPARE(journal->size(), 1);
        QCOMPARE(journal->front().events.size(), cs.events.size());
    }
};

QTEST_GUILESS_MAIN(TestTransaction)
#include "TestTransaction.moc"
