// The console's item models under QAbstractItemModelTester: they follow the ControlPlane with
// row inserts and removals (never a reset for one change), and expose raw values for sorting.

#include "ControlPlane.h"
#include "ops/Clusters.h"
#include "ops/TaskDefinitions.h"
#include "Palette.h"
#include "TestSupport.h"
#include "json/TaskDefinitionJson.h"
#include "models/ClusterTableModel.h"
#include "models/ColumnSpec.h"
#include "models/EventLogFilterModel.h"
#include "models/EventLogModel.h"
#include "models/ItemRoles.h"
#include "models/TaskDefinitionFamilyModel.h"
#include "models/TaskDefinitionRevisionModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::ui;

namespace {

fd::TaskDefinitionSpec spec(const QString &family, int memory)
{
    return fd::json::parseTaskDefinition(
               QStringLiteral(
                   R"({"family": "%1", "containerDefinitions": [{"name": "c", "image": "busybox", "memory": %2}]})")
                   .arg(family)
                   .arg(memory)
                   .toUtf8())
        .value();
}

} // namespace

class TestUiModels final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void clusterModelInsertsAndRemovesRows();
    void clusterModelSortsByRawValue();
    void columnSpecAnswersEveryRoleFromOneDeclaration();
    void clusterModelHeadersAndRoles();
    void revisionModelFollowsOneFamily();
    void familyModelSummarises();
    void definitionModelsStyleFromTheirColumns();
    void eventLogInsertsAtTheTop();
    void eventLogDropsTheOldestAtCapacity();

private:
    std::shared_ptr<fd::ManualClock> m_clock;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fd::ControlPlane> m_cp;
};

void TestUiModels::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_shared<fd::ManualClock>();
    auto opened = fd::ControlPlane::open(m_dir->path(), m_clock);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
    m_cp = std::move(opened).value();
}

void TestUiModels::cleanup()
{
    m_cp.reset();
    m_dir.reset();
}

void TestUiModels::clusterModelInsertsAndRemovesRows()
{
    QVERIFY(m_cp->clusters().create(QStringLiteral("b")).ok());
    ClusterTableModel model(*m_cp);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // Two clusters in one burst: one refresh, both inserted in name order around "b".
    QVERIFY(m_cp->clusters().create(QStringLiteral("c")).ok());
    QVERIFY(m_cp->clusters().create(QStringLiteral("a")).ok());
    QTRY_COMPARE(model.rowCount(), 3);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(model.index(0, ClusterTableModel::NameColumn).data().toString(), QStringLiteral("a"));
    QCOMPARE(model.index(2, ClusterTableModel::NameColumn).data().toString(), QStringLiteral("c"));
    QCOMPARE(changed.count(), 0); // "b" did not change

    QVERIFY(m_cp->clusters().remove(QStringLiteral("b")).ok());
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.front().at(1).toInt(), 1);
    QCOMPARE(reset.count(), 0);

    QCOMPARE(model.index(0, ClusterTableModel::StatusColumn).data().toString(), QStringLiteral("ACTIVE"));
    QVERIFY(model.index(0, ClusterTableModel::ArnColumn).data().toString().endsWith(QStringLiteral(":cluster/a")));
    QCOMPARE(model.index(0, ClusterTableModel::RunningColumn).data(RawValueRole).toInt(), 0);
    QCOMPARE(model.index(0, ClusterTableModel::CreatedColumn).data(RawValueRole).toDateTime(),
             m_cp->clusters().find(QStringLiteral("a"))->createdAt);

    // Container Insights and the capacity providers follow UpdateCluster / PutClusterCapacityProviders.
    QCOMPARE(model.index(0, ClusterTableModel::InsightsColumn).data().toString(), QStringLiteral("Off"));
    QCOMPARE(model.index(0, ClusterTableModel::CapacityProvidersColumn).data().toString(), QStringLiteral("—"));
    fd::ops::ClusterSpec spec;
    spec.containerInsights = QStringLiteral("enhanced");
    spec.capacityProviders = QStringList{QStringLiteral("FARGATE"), QStringLiteral("FARGATE_SPOT")};
    spec.defaultCapacityProviderStrategy = QList<fd::CapacityProviderStrategyItem>{{QStringLiteral("FARGATE"), 1, 2}};
    QVERIFY(m_cp->clusters().update(QStringLiteral("a"), spec).ok());
    QTRY_COMPARE(model.index(0, ClusterTableModel::InsightsColumn).data().toString(), QStringLiteral("Enhanced"));
    QCOMPARE(model.index(0, ClusterTableModel::CapacityProvidersColumn).data().toString(),
             QStringLiteral("FARGATE, FARGATE_SPOT"));
    QVERIFY(model.index(0, ClusterTableModel::CapacityProvidersColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("FARGATE weight 1, base 2")));
}

void TestUiModels::clusterModelSortsByRawValue()
{
    // Created in the order x, y, z, an hour apart; sorting "Created" descending puts z first.
    for (const char *name : {"x", "y", "z"}) {
        QVERIFY(m_cp->clusters().create(QLatin1String(name)).ok());
        m_clock->advance(3600 * 1000);
    }
    ClusterTableModel model(*m_cp);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(RawValueRole);
    proxy.sort(ClusterTableModel::CreatedColumn, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("z"));
    QCOMPARE(proxy.index(2, 0).data().toString(), QStringLiteral("x"));
}

void TestUiModels::revisionModelFollowsOneFamily()
{
    QVERIFY(m_cp->taskDefinitions().registerNew(spec(QStringLiteral("web"), 128)).ok());
    QVERIFY(m_cp->taskDefinitions().registerNew(spec(QStringLiteral("worker"), 64)).ok());
    TaskDefinitionRevisionModel model(*m_cp);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setFamily(QStringLiteral("web"));
    QCOMPARE(model.rowCount(), 1);

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(m_cp->taskDefinitions().registerNew(spec(QStringLiteral("worker"), 96)).ok()); // another family
    QVERIFY(m_cp->taskDefinitions().registerNew(spec(QStringLiteral("web"), 256)).ok());
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.index(1, TaskDefinitionRevisionModel::RevisionColumn).data(RawValueRole).toInt(), 2);
    QCOMPARE(model.index(1, TaskDefinitionRevisionModel::MemoryColumn).data().toString(), QStringLiteral("256 MiB"));
    QCOMPARE(model.index(1, TaskDefinitionRevisionModel::ContainersColumn).data().toString(), QStringLiteral("1"));

    QVERIFY(m_cp->taskDefinitions().deregister(QStringLiteral("web:1")).ok());
    QTRY_COMPARE(model.index(0, TaskDefinitionRevisionModel::StatusColumn).data().toString(),
                 QStringLiteral("INACTIVE"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.front().at(0).toModelIndex().row(), 0);
    QCOMPARE(model.index(0, 0).data(StatusRole).toString(), QStringLiteral("INACTIVE"));
}

void TestUiModels::familyModelSummarises()
{
    TaskDefinitionFamilyModel model(*m_cp);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(m_cp->taskDefinitions().registerNew(spec(QStringLiteral("web"), 128)).ok());
    QVERIFY(m_cp->taskDefinitions().registerNew(spec(QStringLiteral("web"), 256)).ok());
    QVERIFY(m_cp->taskDefinitions().registerNew(spec(QStringLiteral("old"), 64)).ok());
    QVERIFY(m_cp->taskDefinitions().deregister(QStringLiteral("old:1")).ok());
    QTRY_COMPARE(model.rowCount(), 2);
    const int web = model.rowOf(QStringLiteral("web"));
    const int old = model.rowOf(QStringLiteral("old"));
    QCOMPARE(old, 0);
    QCOMPARE(model.index(web, TaskDefinitionFamilyModel::LatestColumn).data(RawValueRole).toInt(), 2);
    QCOMPARE(model.index(web, TaskDefinitionFamilyModel::ActiveColumn).data(RawValueRole).toInt(), 2);
    QCOMPARE(model.index(old, TaskDefinitionFamilyModel::ActiveColumn).data(RawValueRole).toInt(), 0);
    QCOMPARE(model.index(old, 0).data(StatusRole).toString(), QStringLiteral("INACTIVE"));
}

// What the column declarations of the definition models add to the text: titles, alignment,
// INACTIVE greyed in every column, sizes the containers add up to in italics with a tool tip
// saying why, and the family's tool tip on every column.
void TestUiModels::definitionModelsStyleFromTheirColumns()
{
    QVERIFY(m_cp->taskDefinitions().registerNew(spec(QStringLiteral("web"), 128)).ok());
    QVERIFY(m_cp->taskDefinitions().registerNew(spec(QStringLiteral("web"), 256)).ok());
    QVERIFY(m_cp->taskDefinitions().deregister(QStringLiteral("web:1")).ok());
    TaskDefinitionRevisionModel revisions(*m_cp);
    revisions.setFamily(QStringLiteral("web"));
    QCOMPARE(revisions.rowCount(), 2);
    using R = TaskDefinitionRevisionModel;
    QCOMPARE(revisions.columnCount(), int(R::ColumnCount));
    QCOMPARE(revisions.headerData(R::RegisteredColumn, Qt::Horizontal).toString(), QStringLiteral("Registered at"));
    QCOMPARE(revisions.headerData(R::CpuColumn, Qt::Horizontal).toString(), QStringLiteral("CPU units"));
    QCOMPARE(revisions.index(0, R::RevisionColumn).data(Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignRight | Qt::AlignVCenter));
    QCOMPARE(revisions.index(0, R::StatusColumn).data(Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignLeft | Qt::AlignVCenter));
    for (int column = 0; column < R::ColumnCount; ++column) {
        QCOMPARE(revisions.index(0, column).data(Qt::ForegroundRole).value<QColor>(), palette::inactiveText());
        QVERIFY(!revisions.index(1, column).data(Qt::ForegroundRole).isValid());
    }
    // Memory from the container (no task-level memory): italic; no CPU anywhere: "—", upright.
    const QModelIndex memory = revisions.index(1, R::MemoryColumn);
    QCOMPARE(memory.data().toString(), QStringLiteral("256 MiB"));
    QVERIFY(memory.data(Qt::FontRole).value<QFont>().italic());
    QVERIFY(memory.data(Qt::ToolTipRole).toString().startsWith(QStringLiteral("No task-level size")));
    QVERIFY(!revisions.index(1, R::CpuColumn).data(Qt::FontRole).isValid());
    QVERIFY(revisions.index(1, R::RevisionColumn).data(Qt::ToolTipRole).toString().endsWith(u":task-definition/web:2"));
    QCOMPARE(revisions.index(1, R::ContainersColumn).data(Qt::ToolTipRole).toString(), QStringLiteral("c"));
    QVERIFY(revisions.index(0, R::StatusColumn).data(Qt::ToolTipRole).toString().startsWith(u"Deregistered "));

    TaskDefinitionFamilyModel families(*m_cp);
    QCOMPARE(families.headerData(TaskDefinitionFamilyModel::ActiveColumn, Qt::Horizontal).toString(),
             QStringLiteral("Active"));
    const QModelIndex active = families.index(0, TaskDefinitionFamilyModel::ActiveColumn);
    QCOMPARE(active.data().toString(), QStringLiteral("1"));
    QCOMPARE(active.data(Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
    QCOMPARE(active.data(Qt::ToolTipRole).toString(), QStringLiteral("web: 1 ACTIVE revision(s), latest 2"));
    QVERIFY(!active.data(Qt::ForegroundRole).isValid());
}

void TestUiModels::eventLogInsertsAtTheTop()
{
    QVERIFY(m_cp->clusters().create(QStringLiteral("first")).ok());
    EventLogModel model(*m_cp);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    EventLogFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.resourceTypes(), QStringList{QStringLiteral("cluster")});

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy types(&model, &EventLogModel::resourceTypesChanged);
    m_clock->advance(1000);
    QVERIFY(m_cp->taskDefinitions().registerNew(spec(QStringLiteral("web"), 128)).ok());
    QCOMPARE(inserted.count(), 1); // synchronously, at row 0
    QCOMPARE(inserted.front().at(1).toInt(), 0);
    QCOMPARE(inserted.front().at(2).toInt(), 0);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(types.count(), 1);
    QCOMPARE(model.index(0, EventLogModel::ResourceColumn).data().toString(), QStringLiteral("web:1"));
    QCOMPARE(model.index(1, EventLogModel::ResourceColumn).data().toString(), QStringLiteral("first"));
    QVERIFY(model.index(0, EventLogModel::TimeColumn).data(RawValueRole).toDateTime() >
            model.index(1, EventLogModel::TimeColumn).data(RawValueRole).toDateTime());

    filter.setSearchText(QStringLiteral("FIRST")); // case-insensitive
    QCOMPARE(filter.rowCount(), 1);
    filter.setSearchText({});
    filter.setResourceType(QStringLiteral("task-definition"));
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, EventLogModel::ResourceColumn).data().toString(), QStringLiteral("web:1"));
}

void TestUiModels::eventLogDropsTheOldestAtCapacity()
{
    EventLogModel model(*m_cp, nullptr, 3);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const char *name : {"a", "b", "c", "d", "e"})
        QVERIFY(m_cp->clusters().create(QLatin1String(name)).ok());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, EventLogModel::ResourceColumn).data().toString(), QStringLiteral("e"));
    QCOMPARE(model.index(2, EventLogModel::ResourceColumn).data().toString(), QStringLiteral("c"));
}

QTEST_MAIN(TestUiModels)
namespace {
struct Row
{
    QString name;
    int count = 0;
};
} // namespace

void TestUiModels::columnSpecAnswersEveryRoleFromOneDeclaration()
{
    fd::ui::ColumnSpec<Row> spec;
    spec.setRowRole(fd::ui::KeyRole, [](const Row &r) { return r.name; });
    spec.add(QStringLiteral("Name")).display([](const Row &r) { return r.name; }).toolTip([](const Row &r) {
        return QStringLiteral("row %1").arg(r.name);
    });
    spec.add(QStringLiteral("Count"), QStringLiteral("How many")).number([](const Row &r) { return r.count; });
    spec.add(QStringLiteral("Key"))
        .display([](const Row &r) { return r.name.toUpper(); })
        .role(fd::ui::KeyRole, [](const Row &) { return QStringLiteral("own"); });
    const Row row{QStringLiteral("web"), 12};

    QCOMPARE(spec.count(), 3);
    QCOMPARE(spec.data(row, 0, Qt::DisplayRole).toString(), QStringLiteral("web"));
    QCOMPARE(spec.data(row, 0, fd::ui::RawValueRole).toString(), QStringLiteral("web")); // raw defaults to display
    QCOMPARE(spec.data(row, 0, Qt::ToolTipRole).toString(), QStringLiteral("row web"));
    QVERIFY(!spec.data(row, 0, Qt::TextAlignmentRole).isValid()); // no alignment unless asked
    // A number: its text to read, the number to sort by (12 sorts after 9), aligned right.
    QCOMPARE(spec.data(row, 1, Qt::DisplayRole), QVariant(QStringLiteral("12")));
    QCOMPARE(spec.data(row, 1, fd::ui::RawValueRole), QVariant(12));
    QCOMPARE(spec.data(row, 1, Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
    QVERIFY(!spec.data(row, 1, Qt::ToolTipRole).isValid());
    // Row roles answer in every column; a column's own role wins.
    QCOMPARE(spec.data(row, 1, fd::ui::KeyRole).toString(), QStringLiteral("web"));
    QCOMPARE(spec.data(row, 2, fd::ui::KeyRole).toString(), QStringLiteral("own"));
    QVERIFY(!spec.data(row, 3, Qt::DisplayRole).isValid()); // out of range: nothing
    // Headers: title and tool tip; anything else is the caller's default.
    QCOMPARE(spec.headerData(1, Qt::Horizontal, Qt::DisplayRole).value(), QVariant(QStringLiteral("Count")));
    QCOMPARE(spec.headerData(1, Qt::Horizontal, Qt::ToolTipRole).value(), QVariant(QStringLiteral("How many")));
    QVERIFY(!spec.headerData(0, Qt::Horizontal, Qt::ToolTipRole)->isValid());
    QVERIFY(!spec.headerData(0, Qt::Vertical, Qt::DisplayRole));
    QVERIFY(!spec.headerData(0, Qt::Horizontal, Qt::TextAlignmentRole));
    spec.setAlignHeaders(true);
    QCOMPARE(spec.headerData(1, Qt::Horizontal, Qt::TextAlignmentRole)->value<Qt::Alignment>(),
             Qt::AlignRight | Qt::AlignVCenter);
}

void TestUiModels::clusterModelHeadersAndRoles()
{
    QVERIFY(m_cp->clusters().create(QStringLiteral("workshop")).ok());
    ClusterTableModel model(*m_cp);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int row = model.rowOf(QStringLiteral("workshop"));
    QVERIFY(row >= 0);
    QCOMPARE(model.headerData(ClusterTableModel::RunningColumn, Qt::Horizontal).toString(), QStringLiteral("Running"));
    QCOMPARE(model.headerData(ClusterTableModel::RunningColumn, Qt::Horizontal, Qt::ToolTipRole).toString(),
             QStringLiteral("Tasks in the RUNNING state"));
    QCOMPARE(model.headerData(0, Qt::Vertical).toInt(), 1); // the base class's row numbers
    const QModelIndex name = model.index(row, ClusterTableModel::NameColumn);
    QCOMPARE(name.data(fd::ui::KeyRole).toString(), QStringLiteral("workshop"));
    QCOMPARE(name.data(fd::ui::StatusRole).toString(), QStringLiteral("ACTIVE"));
    QVERIFY(name.data(Qt::ToolTipRole).toString().endsWith(u":cluster/workshop"));
    QCOMPARE(name.data(Qt::TextAlignmentRole).toInt(), int(Qt::AlignLeft | Qt::AlignVCenter));
    const QModelIndex running = model.index(row, ClusterTableModel::RunningColumn);
    QCOMPARE(running.data().toString(), QStringLiteral("0"));
    QCOMPARE(running.data(fd::ui::RawValueRole), QVariant(0));
    QCOMPARE(running.data(Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
    QVERIFY(!running.data(Qt::ToolTipRole).isValid());
    QCOMPARE(model.index(row, ClusterTableModel::CreatedColumn).data(fd::ui::RawValueRole).typeId(),
             QMetaType::QDateTime);
}

#include "TestUiModels.moc"
