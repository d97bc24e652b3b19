// The large-table rules of PERFORMANCE.md row 11, as behaviour rather than timing (bench/run tables
// times them): rows arrive in batches (one insert per committed change set), a change to a few rows
// of a big table is a dataChanged per cell whose shown value changed (never a model reset or a
// whole-model layoutChanged), no
// big table fits its columns to their contents, and the key-column sort orders exactly as Qt's
// own proxy does.

#include "ChangeFeed.h"
#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "TestSupport.h"
#include "json/TaskDefinitionJson.h"
#include "models/EventLogFilterModel.h"
#include "models/EventLogModel.h"
#include "models/ItemRoles.h"
#include "models/SortKeyProxyModel.h"
#include "models/TaskTableModel.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "views/EventLogView.h"
#include "views/TasksView.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <numeric>
#include <vector>

using namespace fd::ui;

namespace {

/// Counts the signals of a model that would make a big view redo everything.
struct WholeModelSpy
{
    explicit WholeModelSpy(const QAbstractItemModel *m)
        : reset(m, &QAbstractItemModel::modelReset), layout(m, &QAbstractItemModel::layoutChanged),
          inserted(m, &QAbstractItemModel::rowsInserted), removed(m, &QAbstractItemModel::rowsRemoved),
          changed(m, &QAbstractItemModel::dataChanged)
    {}
    QSignalSpy reset;
    QSignalSpy layout;
    QSignalSpy inserted;
    QSignalSpy removed;
    QSignalSpy changed;
};

void verifyNoFitToContents(const QTableView *table)
{
    const QHeaderView *header = table->horizontalHeader();
    for (int section = 0; section < header->count(); ++section)
        QVERIFY2(header->sectionResizeMode(section) != QHeaderView::ResizeToContents,
                 qPrintable(QStringLiteral("column %1 of %2 fits its contents").arg(section).arg(table->objectName())));
    QVERIFY(table->verticalHeader()->sectionResizeMode(0) != QHeaderView::ResizeToContents);
}

} // namespace

class TestLargeTables final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void eventLogInsertsAChangeSetAsOneBatch();
    void eventLogTrimsTheOldestInOneRemoval();
    void eventLogFilterChangeIsOneResetNotARowPerRow();
    void taskTableChangesOneRowByKey();
    void taskLoadIsInBatchesThatLandInOnePiece();
    void taskLoadWithChangesEndsAsAReadFromScratch();
    void bigTablesDoNotFitColumnsToContents();
    void keySortOrdersAsQtProxy_data();
    void keySortOrdersAsQtProxy();
    void keySortFollowsChangedAndInsertedRows();
    void filterFollowsChangedInsertedAndRemovedRows();
    void sortAfterChangesMatchesQtProxy();
    void filterCacheFilledWhileIdleFollowsChanges();
    void hundredThousandRowsSortAndFilterToTheRightRows();
    void hundredThousandEventsFilterToTheRightRows();

private:
    void runTasks(int count);
    QStringList shownIds(const QAbstractItemModel &proxy);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<fd::ManualClock> m_clock;
    std::unique_ptr<fd::ControlPlane> m_cp;
};

void TestLargeTables::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_shared<fd::ManualClock>();
    auto opened = fd::ControlPlane::open(m_dir->path(), m_clock);
    QVERIFY(opened.ok());
    m_cp = std::move(opened).value();
    QVERIFY(m_cp->engines().add(QStringLiteral("sim"), fd::Engine::Kind::Simulated, {}).ok());
    QVERIFY(m_cp->clusters().create(QStringLiteral("default")).ok());
}

void TestLargeTables::cleanup()
{
    m_cp.reset();
    m_dir.reset();
}

void TestLargeTables::runTasks(int count)
{
    fd::ops::InstanceRequest instances;
    instances.cluster = QStringLiteral("default");
    instances.engineId = QStringLiteral("sim");
    instances.count = 10;
    QVERIFY(m_cp->instances().registerNew(instances).ok());
    auto spec = fd::json::parseTaskDefinition(
        R"({"family": "small", "containerDefinitions": [{"name": "c", "image": "busybox", "cpu": 8, "memory": 16}]})");
    QVERIFY(spec.ok());
    QVERIFY(m_cp->taskDefinitions().registerNew(spec.value()).ok());
    for (int made = 0; made < count; made += 10) {
        fd::ops::RunTaskRequest r;
        r.cluster = QStringLiteral("default");
        r.taskDefinition = QStringLiteral("small");
        r.count = std::min(10, count - made);
        r.queueWhenUnplaceable = true;
        auto ran = m_cp->tasks().run(r);
        QVERIFY2(ran.ok(), qPrintable(ran ? QString() : ran.error().message));
        m_clock->advance(1);
    }
}

void TestLargeTables::eventLogInsertsAChangeSetAsOneBatch()
{
    EventLogView view(*m_cp);
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    WholeModelSpy source(view.model());
    WholeModelSpy shown(view.filterModel());
    QSignalSpy changeSets(&ChangeFeed::of(*m_cp), &ChangeFeed::eventsAppended);
    const int before = view.model()->rowCount();

    runTasks(30); // instances, a task definition, three RunTasks: each a change set with events
    const int added = view.model()->rowCount() - before;
    QVERIFY(changeSets.count() >= 3);
    QVERIFY(added >= changeSets.count());

    // One insert per committed change set, at the top, never a reset or layoutChanged.
    QCOMPARE(source.inserted.count(), changeSets.count());
    for (const QList<QVariant> &args : source.inserted)
        QCOMPARE(args.at(1).toInt(), 0);
    QCOMPARE(source.reset.count(), 0);
    QCOMPARE(source.layout.count(), 0);
    QCOMPARE(shown.reset.count(), 0);
    QCOMPARE(shown.layout.count(), 0);
    QCOMPARE(shown.inserted.count(), source.inserted.count());

    // A batch given directly: 1,000 events are one insert of rows 0..999, newest at row 0.
    QList<fd::Event> batch;
    for (int i = 0; i < 1000; ++i)
        batch.append({1000000 + i, m_clock->now(), QStringLiteral("service"), QStringLiteral("svc-%1").arg(i),
                      QStringLiteral("message %1").arg(i)});
    source.inserted.clear();
    view.model()->appendEvents(batch);
    QCOMPARE(source.inserted.count(), 1);
    QCOMPARE(source.inserted.front().at(1).toInt(), 0);
    QCOMPARE(source.inserted.front().at(2).toInt(), 999);
    QCOMPARE(view.model()->index(0, EventLogModel::ResourceColumn).data().toString(), QStringLiteral("svc-999"));
    QCOMPARE(view.model()->index(999, EventLogModel::ResourceColumn).data().toString(), QStringLiteral("svc-0"));
    // The same batch again (ids already held) adds nothing.
    view.model()->appendEvents(batch);
    QCOMPARE(source.inserted.count(), 1);
    QCOMPARE(source.reset.count(), 0);
    QCOMPARE(shown.reset.count(), 0);
}

void TestLargeTables::eventLogTrimsTheOldestInOneRemoval()
{
    EventLogModel model(*m_cp, nullptr, 1500);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto batchOf = [&](int first) {
        QList<fd::Event> batch;
        for (int i = first; i < first + 1000; ++i)
            batch.append({1000000 + i, m_clock->now(), QStringLiteral("task"), QStringLiteral("t-%1").arg(i),
                          QStringLiteral("event %1").arg(i)});
        return batch;
    };
    model.appendEvents(batchOf(0));
    const int held = model.rowCount(); // the journal's own events (engine, cluster) and the batch
    WholeModelSpy spy(&model);
    model.appendEvents(batchOf(1000)); // more than 1,500: the oldest go, in one removal
    QCOMPARE(model.rowCount(), 1500);
    QCOMPARE(spy.inserted.count(), 1);
    QCOMPARE(spy.removed.count(), 1);
    QCOMPARE(spy.removed.front().at(1).toInt(), 1500);
    QCOMPARE(spy.removed.front().at(2).toInt(), held + 1000 - 1);
    QCOMPARE(spy.reset.count(), 0);
    QCOMPARE(spy.layout.count(), 0);
    QCOMPARE(model.index(0, EventLogModel::ResourceColumn).data().toString(), QStringLiteral("t-1999"));
    QCOMPARE(model.index(1499, EventLogModel::ResourceColumn).data().toString(), QStringLiteral("t-500"));
}

void TestLargeTables::eventLogFilterChangeIsOneResetNotARowPerRow()
{
    EventLogView view(*m_cp, nullptr, 5000);
    QList<fd::Event> batch;
    for (int i = 0; i < 3000; ++i)
        batch.append({1000000 + i, m_clock->now(), QStringLiteral("service"), QStringLiteral("svc-%1").arg(i % 30),
                      i % 100 == 0 ? QStringLiteral("reached a steady state") : QStringLiteral("started 1 tasks")});
    view.model()->appendEvents(batch);
    QAbstractItemModelTester tester(view.filterModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    WholeModelSpy shown(view.filterModel());
    view.findChild<QLineEdit *>(QStringLiteral("eventSearch"))->setText(QStringLiteral("STEADY"));
    QCOMPARE(view.filterModel()->rowCount(), 30);
    QCOMPARE(shown.reset.count(), 1);
    QCOMPARE(shown.removed.count(), 0); // not 30 runs of removals the view handles one by one
    // The time column is searched too (its text is formatted once per row).
    const QString time = view.model()->index(0, EventLogModel::TimeColumn).data().toString();
    view.findChild<QLineEdit *>(QStringLiteral("eventSearch"))->setText(time);
    QVERIFY(view.filterModel()->rowCount() > 0);
    view.findChild<QLineEdit *>(QStringLiteral("eventSearch"))->clear();
    QCOMPARE(view.filterModel()->rowCount(), view.model()->rowCount());
}

void TestLargeTables::taskTableChangesOneRowByKey()
{
    runTasks(600); // more than KeyedTableModel's reset threshold
    TaskTableModel model(*m_cp);
    model.setCluster(QStringLiteral("default"));
    QCOMPARE(model.rowCount(), 600);
    SortKeyProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(RawValueRole);
    proxy.sort(TaskTableModel::TaskColumn, Qt::DescendingOrder);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    WholeModelSpy source(&model);
    WholeModelSpy shown(&proxy);

    const fd::Task target = model.rows().at(123);
    QSignalSpy tasksChanged(&model, &TaskTableModel::tasksChanged);
    // A change no cell shows (the reason it waits, on a placed task): the row follows, no cell is
    // signalled (a view repaints nothing), and the details pane hears of it.
    QVERIFY(m_cp->tasks()
                .update(target.id, [](fd::Task &t) { t.pendingReason = QStringLiteral("changed by the test"); })
                .ok());
    QTRY_COMPARE(tasksChanged.count(), 1);
    QCOMPARE(model.rows().at(123).pendingReason, QStringLiteral("changed by the test"));
    QCOMPARE(source.changed.count(), 0);
    QCOMPARE(shown.changed.count(), 0);

    // Its health changes: exactly one cell (a view repaints one cell rect), with the roles that
    // changed; the sort column (the id) is not among them, so the proxy does not re-sort.
    QVERIFY(m_cp->tasks()
                .update(target.id,
                        [](fd::Task &t) {
                            for (fd::TaskContainer &c : t.containers) {
                                c.hasHealthCheck = true;
                                c.health = fd::Health::Unhealthy;
                            }
                        })
                .ok());
    QTRY_COMPARE(source.changed.count(), 1);
    const QModelIndex topLeft = source.changed.front().at(0).toModelIndex();
    QCOMPARE(topLeft, source.changed.front().at(1).toModelIndex());
    QCOMPARE(topLeft.row(), 123);
    QCOMPARE(topLeft.column(), int(TaskTableModel::HealthColumn));
    const auto roles = source.changed.front().at(2).value<QList<int>>();
    QVERIFY(roles.contains(Qt::DisplayRole));
    QVERIFY(roles.contains(Qt::ForegroundRole));
    QVERIFY(!roles.contains(Qt::FontRole)); // what did not change is not reported
    QCOMPARE(topLeft.data().toString(), fd::toString(fd::Health::Unhealthy));
    QCOMPARE(shown.changed.count(), 1);
    QCOMPARE(shown.changed.front().at(0).toModelIndex(), shown.changed.front().at(1).toModelIndex());
    QCOMPARE(source.reset.count(), 0);
    QCOMPARE(source.layout.count(), 0);
    QCOMPARE(shown.reset.count(), 0);
    QCOMPARE(shown.layout.count(), 0); // its sort key (the id) did not change: no re-sort of the view

    // A stopped task leaves the Running view: one removal of its row, not a re-read.
    QVERIFY(m_cp->tasks().stop(QStringLiteral("default"), target.id, QStringLiteral("test")).ok());
    QTRY_COMPARE(source.removed.count(), 1);
    QCOMPARE(source.removed.front().at(1).toInt(), 123);
    QCOMPARE(model.rowCount(), 599);
    QCOMPARE(source.reset.count(), 0);
    // The counts the summary shows follow row by row (as a full count would give).
    const auto countAll = [&] {
        TaskTableModel::Counts all;
        for (const fd::Task &t : model.rows())
            all.add(t);
        return all;
    };
    QCOMPARE(model.counts().running, countAll().running);
    QCOMPARE(model.counts().waiting, countAll().waiting);
    QCOMPARE(model.counts().stopped, countAll().stopped);

    // New tasks are appended (rows never move, PERFORMANCE.md row 11), one insert each time.
    source.inserted.clear();
    fd::ops::RunTaskRequest r;
    r.cluster = QStringLiteral("default");
    r.taskDefinition = QStringLiteral("small");
    r.count = 3;
    QVERIFY(m_cp->tasks().run(r).ok());
    QTRY_COMPARE(model.rowCount(), 602);
    QCOMPARE(source.reset.count(), 0);
    QVERIFY(source.inserted.count() >= 1);
    for (const QList<QVariant> &args : std::as_const(source.inserted))
        QVERIFY(args.at(1).toInt() >= 599);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.rowOf(model.rows().at(row).id), row);
    QCOMPARE(model.counts().running, countAll().running);
    QCOMPARE(model.counts().waiting, countAll().waiting);
    QCOMPARE(model.counts().stopped, countAll().stopped);
}

QStringList TestLargeTables::shownIds(const QAbstractItemModel &proxy)
{
    QStringList ids;
    for (int row = 0; row < proxy.rowCount(); ++row)
        ids << proxy.index(row, 0).data(KeyRole).toString();
    return ids;
}

// A load in steps (batches of 100 here, 2,000 in the console): no step reads, compares or removes
// more than a batch, each batch is one insert of the model and lands in one piece in a proxy sorted
// as the load order says, and the end is what Qt's own proxy shows over a read from scratch.
void TestLargeTables::taskLoadIsInBatchesThatLandInOnePiece()
{
    runTasks(1000);
    TaskTableModel model(*m_cp);
    model.setLoadBatch(100, 250);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    SortKeyProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(RawValueRole);
    proxy.setSortCaseSensitivity(Qt::CaseInsensitive);
    proxy.sort(TaskTableModel::TaskColumn, Qt::DescendingOrder); // random ids: any other order scatters
    model.setLoadOrder(TaskTableModel::TaskColumn, Qt::DescendingOrder);
    WholeModelSpy source(&model);
    WholeModelSpy shown(&proxy);

    model.setCluster(QStringLiteral("default"));
    QVERIFY(model.loading());
    QCOMPARE(model.rowCount(), 0); // the first step only lists
    int steps = 0;
    while (model.loading()) {
        QVERIFY(model.rowCount() <= 1000);
        QCoreApplication::processEvents();
        QVERIFY(++steps < 1000);
    }
    QCOMPARE(model.rowCount(), 1000);
    QVERIFY2(steps >= 10, qPrintable(QStringLiteral("%1 steps").arg(steps)));
    QCOMPARE(model.largestLoadStep(), 100);
    QVERIFY(model.largestScanStep() <= 250);
    QCOMPARE(source.inserted.count(), 10);
    for (const QList<QVariant> &args : std::as_const(source.inserted))
        QCOMPARE(args.at(2).toInt() - args.at(1).toInt() + 1, 100);
    QCOMPARE(shown.inserted.count(), 10); // each batch in one piece: after every row already shown
    QCOMPARE(source.reset.count(), 0);
    QCOMPARE(shown.reset.count(), 0);
    QCOMPARE(shown.layout.count(), 0);

    QSortFilterProxyModel qt;
    qt.setSourceModel(&model);
    qt.setSortRole(RawValueRole);
    qt.setSortCaseSensitivity(Qt::CaseInsensitive);
    qt.sort(TaskTableModel::TaskColumn, Qt::DescendingOrder);
    QCOMPARE(shownIds(proxy), shownIds(qt));

    // Another cluster: one reset to none, then its tasks (none); the rows that went are freed in steps.
    QVERIFY(m_cp->clusters().create(QStringLiteral("other")).ok());
    model.setCluster(QStringLiteral("other"));
    while (model.loading())
        QCoreApplication::processEvents();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(source.reset.count(), 1);
    QCOMPARE(model.counts().running + model.counts().waiting + model.counts().stopped, 0);
}

// Changes committed while a load is under way (rows already loaded, rows not read yet, new tasks,
// stopped tasks, and a burst that restarts the load) end in exactly the rows, values and order a
// read from scratch gives.
void TestLargeTables::taskLoadWithChangesEndsAsAReadFromScratch()
{
    runTasks(1000);
    TaskTableModel model(*m_cp);
    model.setLoadBatch(100, 250);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    SortKeyProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(RawValueRole);
    proxy.setSortCaseSensitivity(Qt::CaseInsensitive);
    proxy.sort(TaskTableModel::LastStatusColumn, Qt::AscendingOrder);
    model.setLoadOrder(TaskTableModel::TaskColumn, Qt::AscendingOrder); // (not the proxy's: still right)
    const QList<fd::Task> tasks = m_cp->tasks().list(QStringLiteral("default"));

    model.setCluster(QStringLiteral("default"));
    while (model.rowCount() < 300)
        QCoreApplication::processEvents();
    QVERIFY(model.loading());
    const QString loaded = model.rows().at(10).id;
    QString notYet;
    for (const fd::Task &t : tasks)
        if (model.rowOf(t.id) < 0 && notYet.isEmpty())
            notYet = t.id;
    QVERIFY(!notYet.isEmpty());
    const auto setHealth = [&](const QString &id, fd::Health h) {
        QVERIFY(m_cp->tasks()
                    .update(id,
                            [h](fd::Task &t) {
                                for (fd::TaskContainer &c : t.containers) {
                                    c.hasHealthCheck = true;
                                    c.health = h;
                                }
                            })
                    .ok());
    };
    setHealth(loaded, fd::Health::Unhealthy);  // loaded: a keyed update
    setHealth(notYet, fd::Health::Healthy);    // not read yet: read later, as it is then
    const QString stoppedFirst = model.rows().at(20).id;
    QVERIFY(m_cp->tasks().stop(QStringLiteral("default"), stoppedFirst, QStringLiteral("t")).ok());
    fd::ops::RunTaskRequest more;
    more.cluster = QStringLiteral("default");
    more.taskDefinition = QStringLiteral("small");
    more.count = 5;
    auto ran = m_cp->tasks().run(more); // new tasks: inserted by key while loading
    QVERIFY(ran.ok());
    const int before = model.rowCount();
    model.refreshScheduled(); // (what the coalescing timer runs)
    QVERIFY(model.loading());
    // The 5 new tasks and the changed one not read yet appended by key, the stopped one removed.
    QCOMPARE(model.rowCount(), before + 5 + 1 - 1);
    QVERIFY(model.rowOf(notYet) >= 0);
    QVERIFY(model.rowOf(loaded) >= 0);
    QCOMPARE(model.index(model.rowOf(loaded), TaskTableModel::HealthColumn).data().toString(),
             QStringLiteral("UNHEALTHY"));
    QCOMPARE(model.rowOf(stoppedFirst), -1);
    // A burst of more than the keyed limit: the load starts again, keeping the rows it has.
    for (int i = 0; i < 300; ++i)
        setHealth(tasks.at(i * 3).id, fd::Health::Healthy);
    const QString stoppedLater = tasks.at(999).id != stoppedFirst ? tasks.at(999).id : tasks.at(998).id;
    QVERIFY(m_cp->tasks().stop(QStringLiteral("default"), stoppedLater, QStringLiteral("t")).ok());
    QElapsedTimer waited;
    waited.start();
    while (model.loading() || waited.elapsed() < 200) {
        QCoreApplication::processEvents();
        QVERIFY(waited.elapsed() < 20000);
    }
    QVERIFY(model.largestLoadStep() <= 100);

    TaskTableModel scratch(*m_cp);
    scratch.setCluster(QStringLiteral("default"));
    scratch.finishLoading();
    QCOMPARE(model.rowCount(), scratch.rowCount());
    QCOMPARE(model.rowCount(), 1000 - 2 + 5);
    for (const fd::Task &t : scratch.rows()) {
        const int row = model.rowOf(t.id);
        QVERIFY2(row >= 0, qPrintable(t.id));
        QCOMPARE(model.rows().at(row).version, t.version);
        for (int column = 0; column < TaskTableModel::ColumnCount; ++column)
            QCOMPARE(model.index(row, column).data(), scratch.index(scratch.rowOf(t.id), column).data());
    }
    QCOMPARE(model.counts().running, scratch.counts().running);
    QCOMPARE(model.counts().waiting, scratch.counts().waiting);
    QCOMPARE(model.counts().stopped, scratch.counts().stopped);
    // Sorted as Qt's own proxy sorts the same rows.
    QSortFilterProxyModel qt;
    qt.setSourceModel(&model);
    qt.setSortRole(RawValueRole);
    qt.setSortCaseSensitivity(Qt::CaseInsensitive);
    qt.sort(TaskTableModel::LastStatusColumn, Qt::AscendingOrder);
    QStringList ours;
    QStringList theirs;
    for (int row = 0; row < qt.rowCount(); ++row) {
        ours << proxy.index(row, TaskTableModel::LastStatusColumn).data(RawValueRole).toString();
        theirs << qt.index(row, TaskTableModel::LastStatusColumn).data(RawValueRole).toString();
    }
    QCOMPARE(ours, theirs);
    proxy.sort(TaskTableModel::TaskColumn, Qt::AscendingOrder);
    qt.sort(TaskTableModel::TaskColumn, Qt::AscendingOrder);
    QCOMPARE(shownIds(proxy), shownIds(qt));
}

void TestLargeTables::bigTablesDoNotFitColumnsToContents()
{
    EventLogView events(*m_cp);
    verifyNoFitToContents(events.table());
    ConsoleContext context(*m_cp);
    TasksView tasks(context);
    tasks.setCluster(QStringLiteral("default"));
    verifyNoFitToContents(tasks.findChild<QTableView *>(QStringLiteral("taskTable")));
}

void TestLargeTables::keySortOrdersAsQtProxy_data()
{
    QTest::addColumn<QVariantList>("values");
    QTest::addColumn<int>("order");
    const QDateTime t0 = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
    QTest::newRow("texts, case-insensitive")
        << QVariantList{QStringLiteral("beta"), QStringLiteral("Alpha"), QStringLiteral("gamma"),
                        QStringLiteral("ALPHA2"), QStringLiteral("")}
        << int(Qt::AscendingOrder);
    QTest::newRow("numbers, descending") << QVariantList{3, 10, -2, 7, 0} << int(Qt::DescendingOrder);
    QTest::newRow("dates, invalid (not started) first")
        << QVariantList{t0.addSecs(5), QDateTime(), t0, t0.addSecs(-5), QDateTime()} << int(Qt::AscendingOrder);
}

void TestLargeTables::keySortOrdersAsQtProxy()
{
    QFETCH(QVariantList, values);
    QFETCH(int, order);
    QStandardItemModel source(0, 1);
    for (const QVariant &v : values) {
        auto *item = new QStandardItem;
        item->setData(v, RawValueRole);
        item->setData(v.toString(), Qt::DisplayRole);
        source.appendRow(item);
    }
    QSortFilterProxyModel qt;
    SortKeyProxyModel ours;
    for (QSortFilterProxyModel *p : {&qt, static_cast<QSortFilterProxyModel *>(&ours)}) {
        p->setSourceModel(&source);
        p->setSortRole(RawValueRole);
        p->setSortCaseSensitivity(Qt::CaseInsensitive);
        p->sort(0, Qt::SortOrder(order));
    }
    QAbstractItemModelTester tester(&ours, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(ours.rowCount(), qt.rowCount());
    for (int row = 0; row < qt.rowCount(); ++row)
        QCOMPARE(ours.index(row, 0).data(RawValueRole), qt.index(row, 0).data(RawValueRole));
}

void TestLargeTables::keySortFollowsChangedAndInsertedRows()
{
    QStandardItemModel source(0, 1);
    for (int v : {50, 10, 40, 20, 30}) {
        auto *item = new QStandardItem(QString::number(v));
        item->setData(v, RawValueRole);
        source.appendRow(item);
    }
    SortKeyProxyModel proxy;
    proxy.setSourceModel(&source);
    proxy.setSortRole(RawValueRole);
    proxy.sort(0, Qt::AscendingOrder);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto order = [&] {
        QList<int> out;
        for (int row = 0; row < proxy.rowCount(); ++row)
            out << proxy.index(row, 0).data(RawValueRole).toInt();
        return out;
    };
    QCOMPARE(order(), (QList<int>{10, 20, 30, 40, 50}));
    source.item(1)->setData(45, RawValueRole); // 10 -> 45: the key is re-read before the re-sort
    source.item(1)->setText(QStringLiteral("45")); // (what the filter below reads)
    QCOMPARE(order(), (QList<int>{20, 30, 40, 45, 50}));
    auto *item = new QStandardItem(QStringLiteral("25"));
    item->setData(25, RawValueRole);
    source.insertRow(0, item); // shifts every key's source row
    QCOMPARE(order(), (QList<int>{20, 25, 30, 40, 45, 50}));
    source.removeRow(4); // the 20 (source rows: 25, 50, 45, 40, 20, 30)
    QCOMPARE(order(), (QList<int>{25, 30, 40, 45, 50}));
    proxy.setFilterText(QStringLiteral("4"));
    QCOMPARE(order(), (QList<int>{40, 45}));

    // Sorted while empty (ranks of no rows), then filled: the new rows are compared as keys.
    QStandardItemModel empty(0, 1);
    SortKeyProxyModel later;
    later.setSourceModel(&empty);
    later.setSortRole(RawValueRole);
    later.sort(0, Qt::DescendingOrder);
    for (int v : {3, 9, 1}) {
        auto *row = new QStandardItem(QString::number(v));
        row->setData(v, RawValueRole);
        empty.appendRow(row);
    }
    QList<int> filled;
    for (int row = 0; row < later.rowCount(); ++row)
        filled << later.index(row, 0).data(RawValueRole).toInt();
    QCOMPARE(filled, (QList<int>{9, 3, 1}));
}

// The filter reads each row's texts once into a cache: a row changed, inserted or removed after
// that is found (or no longer found) exactly as if every text were read again.
void TestLargeTables::filterFollowsChangedInsertedAndRemovedRows()
{
    QStandardItemModel source(0, 2);
    for (const char *name : {"alpha", "beta", "gamma", "delta"}) {
        auto *a = new QStandardItem(QString::fromLatin1(name));
        auto *b = new QStandardItem(QStringLiteral("ok"));
        source.appendRow({a, b});
    }
    SortKeyProxyModel proxy;
    proxy.setSourceModel(&source);
    proxy.setSortRole(Qt::DisplayRole);
    proxy.setSortCaseSensitivity(Qt::CaseInsensitive);
    proxy.sort(0, Qt::AscendingOrder);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto shown = [&] {
        QStringList out;
        for (int row = 0; row < proxy.rowCount(); ++row)
            out << proxy.index(row, 0).data().toString();
        return out;
    };
    proxy.setFilterText(QStringLiteral("TA")); // beta, delta (case-insensitive)
    QCOMPARE(shown(), (QStringList{QStringLiteral("beta"), QStringLiteral("delta")}));
    source.item(0, 1)->setText(QStringLiteral("tagged")); // alpha's second column now matches
    QCOMPARE(shown(), (QStringList{QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("delta")}));
    source.item(1, 0)->setText(QStringLiteral("bravo")); // beta -> bravo: no longer matches
    QCOMPARE(shown(), (QStringList{QStringLiteral("alpha"), QStringLiteral("delta")}));
    source.insertRow(0, {new QStandardItem(QStringLiteral("Zeta")), new QStandardItem(QStringLiteral("ok"))});
    QCOMPARE(shown(), (QStringList{QStringLiteral("alpha"), QStringLiteral("delta"), QStringLiteral("Zeta")}));
    source.removeRow(1); // alpha (source rows: Zeta, alpha, bravo, gamma, delta)
    QCOMPARE(shown(), (QStringList{QStringLiteral("delta"), QStringLiteral("Zeta")}));
    // A match never spans two columns: "delta" + "ok" does not contain "aok".
    proxy.setFilterText(QStringLiteral("aok"));
    QCOMPARE(shown(), QStringList{});
    // After the filter is cleared, changes still reach the cache the next filter uses.
    proxy.setFilterText({});
    QCOMPARE(proxy.rowCount(), 4);
    source.item(2, 1)->setText(QStringLiteral("tapped")); // gamma
    proxy.setFilterText(QStringLiteral("ta"));
    QCOMPARE(shown(), (QStringList{QStringLiteral("delta"), QStringLiteral("gamma"), QStringLiteral("Zeta")}));
}

// The filter cache is filled while the UI is idle, ahead of the first keystroke; rows changed,
// inserted and removed during and after that filling are found exactly as if read again.
void TestLargeTables::filterCacheFilledWhileIdleFollowsChanges()
{
    constexpr int rows = 60000; // more than one idle slice fills
    QStandardItemModel source(rows, 1);
    for (int row = 0; row < rows; ++row)
        source.setItem(row, 0, new QStandardItem(QStringLiteral("row %1").arg(row)));
    SortKeyProxyModel proxy;
    proxy.setSourceModel(&source);
    QCoreApplication::processEvents(); // one slice: the cache is partly filled
    source.item(5, 0)->setText(QStringLiteral("needle five"));
    source.item(rows - 5, 0)->setText(QStringLiteral("needle end"));
    source.insertRow(3, new QStandardItem(QStringLiteral("needle inserted")));
    QElapsedTimer idle;
    idle.start();
    while (idle.elapsed() < 3000) // filled
        QCoreApplication::processEvents();
    source.item(rows - 100, 0)->setText(QStringLiteral("NEEDLE late"));
    source.removeRow(6); // "needle five" (shifted by the insert)
    source.appendRow(new QStandardItem(QStringLiteral("a needle appended")));
    proxy.setFilterText(QStringLiteral("needle"));
    QStringList shown;
    for (int row = 0; row < proxy.rowCount(); ++row)
        shown << proxy.index(row, 0).data().toString();
    QCOMPARE(shown, (QStringList{QStringLiteral("needle inserted"), QStringLiteral("NEEDLE late"),
                                 QStringLiteral("needle end"), QStringLiteral("a needle appended")}));
}

// After rows change (ranks stale: keys compared), a user's sort and a filter reset (ranks rebuilt)
// still order exactly as Qt's own proxy, ties included, in both directions.
void TestLargeTables::sortAfterChangesMatchesQtProxy()
{
    QStandardItemModel source(0, 2);
    for (int i = 0; i < 200; ++i) {
        auto *a = new QStandardItem(QStringLiteral("n%1").arg(i));
        a->setData((i * 37) % 23, RawValueRole); // many ties
        auto *b = new QStandardItem(QStringLiteral("row %1").arg(i));
        b->setData(QStringLiteral("Name%1").arg((i * 11) % 17), RawValueRole);
        source.appendRow({a, b});
    }
    QSortFilterProxyModel qt;
    SortKeyProxyModel ours;
    int step = 0;
    const auto same = [&](int column) {
        ++step;
        QCOMPARE(ours.rowCount(), qt.rowCount());
        for (int row = 0; row < qt.rowCount(); ++row)
            QVERIFY2(ours.index(row, 0).data() == qt.index(row, 0).data(),
                     qPrintable(QStringLiteral("step %1 (column %2), row %3: %4, Qt's proxy %5")
                                    .arg(step)
                                    .arg(column)
                                    .arg(row)
                                    .arg(ours.index(row, 0).data().toString(), qt.index(row, 0).data().toString())));
    };
    for (QSortFilterProxyModel *p : {&qt, static_cast<QSortFilterProxyModel *>(&ours)}) {
        p->setSourceModel(&source);
        p->setSortRole(RawValueRole);
        p->setSortCaseSensitivity(Qt::CaseInsensitive);
        p->sort(0, Qt::DescendingOrder);
    }
    // Idle: ours reads the keys of every column ahead of a click; from here on the keys of the
    // column not sorted by must follow the changes below too.
    QElapsedTimer idle;
    idle.start();
    while (idle.elapsed() < 200)
        QCoreApplication::processEvents();
    same(0);
    for (int i = 0; i < 200; i += 13) {
        source.item(i, 0)->setData((i * 5) % 23, RawValueRole); // a changed key moves its row
        source.item(i, 1)->setData(QStringLiteral("name%1").arg(i % 17), RawValueRole);
        same(0);
    }
    source.insertRow(7, {new QStandardItem(QStringLiteral("new")), new QStandardItem(QStringLiteral("x"))});
    source.item(7, 0)->setData(11, RawValueRole);
    same(0);
    source.removeRows(20, 3); // shifts the keys of every column
    source.item(30, 1)->setData(QStringLiteral("aaa first"), RawValueRole);
    source.item(31, 1)->setText(QStringLiteral("display only")); // no key changed
    same(0);
    for (const auto &[column, order] : {std::pair{1, Qt::AscendingOrder}, std::pair{0, Qt::AscendingOrder},
                                        std::pair{0, Qt::DescendingOrder}, std::pair{1, Qt::DescendingOrder}}) {
        qt.sort(column, order);
        ours.sort(column, order);
        same(column);
    }
    source.item(3, 1)->setData(QStringLiteral("NAME0"), RawValueRole);
    same(1);
    ours.setFilterText(QStringLiteral("n")); // a reset: the re-sort runs on rebuilt ranks
    qt.setFilterKeyColumn(0);
    qt.setFilterFixedString(QStringLiteral("n"));
    qt.setFilterCaseSensitivity(Qt::CaseInsensitive);
    qt.invalidate(); // ours was reset: ties come in a fresh stable sort's order, not the moved rows' order
    same(1);
}

// At the size of row 11: a sort of 100,000 rows through the key column gives exactly the order a
// plain stable sort of the same values gives, in both directions, and the text filter keeps exactly
// the rows that contain the text (and no others).
void TestLargeTables::hundredThousandRowsSortAndFilterToTheRightRows()
{
    constexpr int rows = 100000;
    QStandardItemModel source(rows, 2);
    std::vector<std::pair<QString, int>> expected; // (case-folded name, number) per source row
    expected.reserve(rows);
    for (int row = 0; row < rows; ++row) {
        const quint32 h = quint32(row) * 2654435761u;
        const QString name = (row % 3 == 0 ? QStringLiteral("Task-%1") : QStringLiteral("task-%1"))
                                 .arg(h % 50000, 5, 10, QLatin1Char('0'));
        const int number = int(h % 1000) - 500;
        auto *text = new QStandardItem(name);
        text->setData(name, RawValueRole);
        auto *value = new QStandardItem(QString::number(number));
        value->setData(number, RawValueRole);
        source.setItem(row, 0, text);
        source.setItem(row, 1, value);
        expected.emplace_back(name.toCaseFolded(), number);
    }
    SortKeyProxyModel proxy;
    proxy.setSourceModel(&source);
    proxy.setSortRole(RawValueRole);
    proxy.setSortCaseSensitivity(Qt::CaseInsensitive);

    std::vector<int> order(rows);
    const auto check = [&](int column, Qt::SortOrder direction) {
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
            const auto &x = expected[std::size_t(a)];
            const auto &y = expected[std::size_t(b)];
            return column == 0 ? x.first < y.first : x.second < y.second;
        });
        proxy.sort(column, direction);
        QCOMPARE(proxy.rowCount(), rows);
        for (int row = 0; row < rows; ++row) {
            const int want =
                direction == Qt::AscendingOrder ? order[std::size_t(row)] : order[std::size_t(rows - 1 - row)];
            const auto &got = expected[std::size_t(proxy.mapToSource(proxy.index(row, 0)).row())];
            const auto &exp = expected[std::size_t(want)];
            // Equal keys may come in either order; the keys themselves must match row by row.
            if (column == 0)
                QCOMPARE(got.first, exp.first);
            else
                QCOMPARE(got.second, exp.second);
        }
    };
    check(0, Qt::AscendingOrder);
    check(0, Qt::DescendingOrder);
    check(1, Qt::AscendingOrder);
    check(1, Qt::DescendingOrder);

    // Filter: "TASK-0001" matches the names task-00010 to task-00019 (either case) and nothing else.
    proxy.setFilterText(QStringLiteral("TASK-0001"));
    int want = 0;
    for (const auto &e : expected)
        want += e.first.contains(QStringLiteral("task-0001")) ? 1 : 0;
    QVERIFY(want > 0);
    QCOMPARE(proxy.rowCount(), want);
    for (int row = 0; row < proxy.rowCount(); ++row)
        QVERIFY(proxy.index(row, 0).data().toString().contains(QStringLiteral("task-0001"), Qt::CaseInsensitive));
    // Still sorted (by number, descending) while filtered.
    for (int row = 1; row < proxy.rowCount(); ++row)
        QVERIFY(proxy.index(row - 1, 1).data(RawValueRole).toInt() >= proxy.index(row, 1).data(RawValueRole).toInt());
    proxy.setFilterText({});
    QCOMPARE(proxy.rowCount(), rows);
}

void TestLargeTables::hundredThousandEventsFilterToTheRightRows()
{
    constexpr int rows = 100000;
    EventLogView view(*m_cp, nullptr, rows);
    for (int first = 0; first < rows; first += 1000) {
        QList<fd::Event> batch;
        for (int i = first; i < first + 1000; ++i)
            batch.append({1000000 + i, m_clock->now(), QStringLiteral("service"),
                          QStringLiteral("svc-%1").arg(i % 1000),
                          i % 100 == 7 ? QStringLiteral("(service svc-%1) has reached a steady state.").arg(i % 1000)
                                       : QStringLiteral("(service svc-%1) has started 1 tasks.").arg(i % 1000)});
        view.model()->appendEvents(batch);
    }
    QCOMPARE(view.model()->rowCount(), rows);
    auto *search = view.findChild<QLineEdit *>(QStringLiteral("eventSearch"));
    search->setText(QStringLiteral("Steady State"));
    QCOMPARE(view.filterModel()->rowCount(), rows / 100);
    // Newest first, and exactly the events 99,907, 99,807, ... 7.
    for (int row = 0; row < view.filterModel()->rowCount(); ++row) {
        const int i = rows - 100 + 7 - row * 100;
        QCOMPARE(view.filterModel()->index(row, EventLogModel::ResourceColumn).data().toString(),
                 QStringLiteral("svc-%1").arg(i % 1000));
        QVERIFY(
            view.filterModel()->index(row, EventLogModel::MessageColumn).data().toString().contains(u"steady state"));
    }
    search->setText(QStringLiteral("svc-999)"));
    QCOMPARE(view.filterModel()->rowCount(), rows / 1000);
    search->clear();
    QCOMPARE(view.filterModel()->rowCount(), rows);
}

QTEST_MAIN(TestLargeTables)
#include "TestLargeTables.moc"
