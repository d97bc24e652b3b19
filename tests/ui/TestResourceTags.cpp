// Tags in the console's detail panes, through the real TagsEditor widgets: a tag added to a service
// lands in the TagRegistry and in the tab's title, a refused key shows the core's message and keeps
// what was typed, a value is edited in place, Remove untags, ECS's aws: tags on a task cannot be
// removed or edited, a tag the API adds appears in the open pane, and the cluster, task definition
// and container instance panes edit their resource's tags.

#include "ControlPlane.h"
#include "ops/TaskDefinitions.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/Tasks.h"
#include "ops/Services.h"
#include "MainWindow.h"
#include "PageKeys.h"
#include "json/TaskDefinitionJson.h"
#include "model/Arn.h"
#include "state/Kinds.h"
#include "tags/TagRegistry.h"
#include "tags/Tagging.h"
#include "views/ClustersView.h"
#include "views/InstancesView.h"
#include "views/NavigationTree.h"
#include "views/ServicesView.h"
#include "views/TaskDefinitionsView.h"
#include "views/TasksView.h"
#include "widgets/TagsEditor.h"

#include <QAbstractItemView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using fd::tags::Tag;
using fd::tags::TagList;
using fd::ui::MainWindow;
using fd::ui::TagsEditor;

namespace {

constexpr char kWeb[] = R"({"family": "web", "containerDefinitions": [{"name": "web",
    "image": "fleetdeck/demo-web:1", "cpu": 128, "memory": 128}]})";

} // namespace

class TestResourceTags final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void addTagToServiceThroughTheWidget();
    void refusedKeyShowsTheErrorAndKeepsTheRow_data();
    void refusedKeyShowsTheErrorAndKeepsTheRow();
    void valueIsEditedInPlaceAndARefusedValueStays();
    void removeUntagsTheSelected();
    void managedTagOnATaskCannotBeRemovedOrEdited();
    void tagAddedThroughTheCoreAppearsInTheOpenPane();
    void clusterTaskDefinitionAndInstancePanesEditTheirTags();

private:
    template<typename T> T *in(QWidget *parent, const char *name) const
    {
        T *w = parent ? parent->findChild<T *>(QLatin1String(name)) : nullptr;
        if (!w)
            qWarning("no widget %s", name);
        return w;
    }
    TagsEditor *editor(const char *name) const { return in<TagsEditor>(m_window.get(), name); }
    // Types a tag into the editor's add row and clicks Add.
    void addThroughWidget(TagsEditor *e, const QString &key, const QString &value);
    // The table's rows as "key=value" (managed rows as their display text).
    static QStringList rows(TagsEditor *e);
    void openServices();
    TagList serviceTags() const
    {
        return m_cp->tagRegistry().tags(fd::state::kServiceKind, QStringLiteral("default/web"));
    }

    std::shared_ptr<fd::ManualClock> m_clock;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fd::ControlPlane> m_cp;
    std::unique_ptr<MainWindow> m_window;
};

void TestResourceTags::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_shared<fd::ManualClock>();
    auto opened = fd::ControlPlane::open(m_dir->path(), m_clock);
    QVERIFY(opened.ok());
    m_cp = std::move(opened).value();
    QVERIFY(m_cp->engines().add(QStringLiteral("sim"), fd::Engine::Kind::Simulated, {}).ok());
    QVERIFY(m_cp->createDefaultLayout(QStringLiteral("sim")).ok());
    auto spec = fd::json::parseTaskDefinition(QByteArray(kWeb));
    QVERIFY(spec.ok());
    QVERIFY(m_cp->taskDefinitions().registerNew(spec.value()).ok());
    fd::ops::ServiceRequest r;
    r.cluster = QStringLiteral("default");
    r.serviceName = QStringLiteral("web");
    r.taskDefinition = QStringLiteral("web:1");
    r.desiredCount = 0;
    QVERIFY(m_cp->services().create(r).ok());
    m_window = std::make_unique<MainWindow>(*m_cp);
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestResourceTags::cleanup()
{
    m_window.reset();
    m_cp.reset();
    m_dir.reset();
}

void TestResourceTags::openServices()
{
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Services, QStringLiteral("default")));
    auto *view = m_window->page<fd::ui::ServicesView>();
    QTRY_VERIFY(view->selectService(QStringLiteral("web")));
    QVERIFY(view->showTab(QStringLiteral("serviceTagsTab")));
    QTRY_VERIFY(editor("serviceTagsTab")->isEnabled());
}

void TestResourceTags::addThroughWidget(TagsEditor *e, const QString &key, const QString &value)
{
    QTest::mouseClick(in<QPushButton>(e, "tagsAddButton"), Qt::LeftButton);
    auto *keyEdit = in<QLineEdit>(e, "tagsKeyEdit");
    QTRY_VERIFY(keyEdit->isVisible());
    keyEdit->clear();
    QTest::keyClicks(keyEdit, key);
    auto *valueEdit = in<QLineEdit>(e, "tagsValueEdit");
    valueEdit->clear();
    QTest::keyClicks(valueEdit, value);
    QTest::mouseClick(in<QPushButton>(e, "tagsSaveButton"), Qt::LeftButton);
}

QStringList TestResourceTags::rows(TagsEditor *e)
{
    auto *table = e->findChild<QTableWidget *>(QStringLiteral("tagsTable"));
    QStringList out;
    for (int row = 0; table && row < table->rowCount(); ++row)
        out << table->item(row, TagsEditor::KeyColumn)->text() + u'=' +
                   table->item(row, TagsEditor::ValueColumn)->text();
    return out;
}

void TestResourceTags::addTagToServiceThroughTheWidget()
{
    openServices();
    TagsEditor *e = editor("serviceTagsTab");
    auto *tabs = in<QTabWidget>(m_window.get(), "serviceTabs");
    QCOMPARE(tabs->tabText(tabs->indexOf(e)), QStringLiteral("Tags"));

    addThroughWidget(e, QStringLiteral("team"), QStringLiteral("blue"));
    QCOMPARE(serviceTags(), TagList({Tag{QStringLiteral("team"), QStringLiteral("blue")}}));
    QTRY_COMPARE(rows(e), QStringList{QStringLiteral("team=blue")});
    QCOMPARE(tabs->tabText(tabs->indexOf(e)), QStringLiteral("Tags (1)"));
    // The add row closes and empties once the tag is kept.
    QVERIFY(!in<QLineEdit>(e, "tagsKeyEdit")->isVisible());
    QVERIFY(in<QLineEdit>(e, "tagsKeyEdit")->text().isEmpty());
    QVERIFY(e->errorText().isEmpty());
}

void TestResourceTags::refusedKeyShowsTheErrorAndKeepsTheRow_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("says");
    QTest::newRow("aws: prefix") << QStringLiteral("aws:x") << QStringLiteral("aws:");
    QTest::newRow("129 characters") << QString(129, u'k') << QStringLiteral("128");
    QTest::newRow("bad character") << QStringLiteral("team#1") << QStringLiteral("key");
}

void TestResourceTags::refusedKeyShowsTheErrorAndKeepsTheRow()
{
    QFETCH(QString, key);
    QFETCH(QString, says);
    openServices();
    TagsEditor *e = editor("serviceTagsTab");
    addThroughWidget(e, key, QStringLiteral("v1"));
    auto *error = in<QLabel>(e, "tagsError");
    QTRY_VERIFY(error->isVisible());
    QVERIFY2(error->text().contains(says), qPrintable(error->text()));
    QVERIFY2(error->text().contains(QStringLiteral("key")), qPrintable(error->text()));
    // Nothing was kept, and what the user typed is still there to fix.
    QVERIFY(serviceTags().isEmpty());
    QVERIFY(in<QLineEdit>(e, "tagsKeyEdit")->isVisible());
    QCOMPARE(in<QLineEdit>(e, "tagsKeyEdit")->text(), key);
    QCOMPARE(in<QLineEdit>(e, "tagsValueEdit")->text(), QStringLiteral("v1"));
    // Fixing the key keeps the tag and clears the error.
    in<QLineEdit>(e, "tagsKeyEdit")->clear();
    QTest::keyClicks(in<QLineEdit>(e, "tagsKeyEdit"), QStringLiteral("team"));
    QTest::mouseClick(in<QPushButton>(e, "tagsSaveButton"), Qt::LeftButton);
    QCOMPARE(serviceTags(), TagList({Tag{QStringLiteral("team"), QStringLiteral("v1")}}));
    QTRY_VERIFY(!error->isVisible());
}

void TestResourceTags::valueIsEditedInPlaceAndARefusedValueStays()
{
    const QString arn = fd::arn::service(m_cp->defaultRegion(), QStringLiteral("default"), QStringLiteral("web"));
    QVERIFY(fd::tags::tagResource(*m_cp, arn, {Tag{QStringLiteral("team"), QStringLiteral("blue")}}).ok());
    openServices();
    TagsEditor *e = editor("serviceTagsTab");
    auto *table = in<QTableWidget>(e, "tagsTable");
    QTRY_COMPARE(rows(e), QStringList{QStringLiteral("team=blue")});

    const auto typeValue = [&](const QString &text) {
        table->setFocus();
        table->setCurrentCell(0, TagsEditor::ValueColumn);
        QTest::keyClick(table, Qt::Key_F2);
        auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, text);
        QTest::keyClick(editor, Qt::Key_Return);
    };
    typeValue(QStringLiteral("red"));
    QTRY_COMPARE(serviceTags(), TagList({Tag{QStringLiteral("team"), QStringLiteral("red")}}));
    QTRY_COMPARE(rows(e), QStringList{QStringLiteral("team=red")});

    typeValue(QStringLiteral("aws:red")); // values may not carry the reserved prefix either
    QTRY_VERIFY(in<QLabel>(e, "tagsError")->isVisible());
    QVERIFY2(e->errorText().contains(QStringLiteral("aws:")), qPrintable(e->errorText()));
    QCOMPARE(serviceTags(), TagList({Tag{QStringLiteral("team"), QStringLiteral("red")}}));
    QCOMPARE(rows(e), QStringList{QStringLiteral("team=aws:red")}); // what was typed stays to be fixed
    // A live refresh (another tag arrives) keeps the refused text and the message.
    QVERIFY(fd::tags::tagResource(*m_cp, arn, {Tag{QStringLiteral("env"), QStringLiteral("dev")}}).ok());
    QTRY_COMPARE(rows(e), QStringList({QStringLiteral("team=aws:red"), QStringLiteral("env=dev")}));
    QVERIFY(!e->errorText().isEmpty());
}

void TestResourceTags::removeUntagsTheSelected()
{
    const QString arn = fd::arn::service(m_cp->defaultRegion(), QStringLiteral("default"), QStringLiteral("web"));
    QVERIFY(fd::tags::tagResource(*m_cp, arn,
                                  {Tag{QStringLiteral("team"), QStringLiteral("blue")},
                                   Tag{QStringLiteral("env"), QStringLiteral("dev")}})
                .ok());
    openServices();
    TagsEditor *e = editor("serviceTagsTab");
    auto *table = in<QTableWidget>(e, "tagsTable");
    auto *remove = in<QPushButton>(e, "tagsRemoveButton");
    QTRY_COMPARE(table->rowCount(), 2);
    QVERIFY(!remove->isEnabled()); // nothing selected
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualItemRect(table->item(0, TagsEditor::KeyColumn)).center());
    QTRY_VERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(serviceTags(), TagList({Tag{QStringLiteral("env"), QStringLiteral("dev")}}));
    QTRY_COMPARE(rows(e), QStringList{QStringLiteral("env=dev")});
    auto *tabs = in<QTabWidget>(m_window.get(), "serviceTabs");
    QTRY_COMPARE(tabs->tabText(tabs->indexOf(e)), QStringLiteral("Tags (1)"));
}

void TestResourceTags::managedTagOnATaskCannotBeRemovedOrEdited()
{
    fd::ops::RunTaskRequest r;
    r.cluster = QStringLiteral("default");
    r.taskDefinition = QStringLiteral("web");
    r.enableECSManagedTags = true;
    r.tags = {Tag{QStringLiteral("job"), QStringLiteral("nightly")}};
    auto run = m_cp->tasks().run(r);
    QVERIFY(run.ok());
    QCOMPARE(run.value().tasks.size(), 1);
    const QString id = run.value().tasks.front().id;

    QVERIFY(m_window->navigation()->select(fd::ui::pages::Tasks, QStringLiteral("default")));
    auto *view = m_window->page<fd::ui::TasksView>();
    QTRY_VERIFY(view->selectTask(id));
    auto *tabs = in<QTabWidget>(m_window.get(), "taskDetailTabs");
    TagsEditor *e = editor("taskTagsTab");
    tabs->setCurrentWidget(e);
    auto *table = in<QTableWidget>(e, "tagsTable");
    QTRY_COMPARE(table->rowCount(), 2);
    QCOMPARE(tabs->tabText(tabs->indexOf(e)), QStringLiteral("Tags (1)")); // the managed tag is not the user's
    QVERIFY(in<QLabel>(e, "tagsManagedNote")->isVisible());
    QVERIFY(in<QLabel>(e, "tagsManagedNote")->text().contains(QStringLiteral("managed by ECS")));

    int managedRow = -1;
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, TagsEditor::KeyColumn)->text().startsWith(QStringLiteral("aws:ecs:clusterName")))
            managedRow = row;
    QVERIFY(managedRow >= 0);
    QVERIFY(table->item(managedRow, TagsEditor::KeyColumn)->text().contains(QStringLiteral("managed")));
    QCOMPARE(table->item(managedRow, TagsEditor::ValueColumn)->text(), QStringLiteral("default"));
    QVERIFY(!(table->item(managedRow, TagsEditor::ValueColumn)->flags() & Qt::ItemIsEditable));

    auto *remove = in<QPushButton>(e, "tagsRemoveButton");
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualItemRect(table->item(managedRow, TagsEditor::KeyColumn)).center());
    QTRY_COMPARE(table->selectionModel()->selectedRows().size(), 1);
    QVERIFY(!remove->isEnabled());
    QVERIFY(remove->toolTip().contains(QStringLiteral("managed")));
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(m_cp->tagRegistry().tags(fd::state::kTaskKind, id).size(), 2);

    // The user's tag on the same task can be removed.
    const int userRow = managedRow == 0 ? 1 : 0;
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualItemRect(table->item(userRow, TagsEditor::KeyColumn)).center());
    QTRY_VERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(m_cp->tagRegistry().tags(fd::state::kTaskKind, id),
             TagList({Tag{QStringLiteral("aws:ecs:clusterName"), QStringLiteral("default")}}));
    QTRY_COMPARE(table->rowCount(), 1);
}

void TestResourceTags::tagAddedThroughTheCoreAppearsInTheOpenPane()
{
    openServices();
    TagsEditor *e = editor("serviceTagsTab");
    QCOMPARE(rows(e), QStringList());
    const QString arn = fd::arn::service(m_cp->defaultRegion(), QStringLiteral("default"), QStringLiteral("web"));
    QVERIFY(fd::tags::tagResource(*m_cp, arn, {Tag{QStringLiteral("owner"), QStringLiteral("ops")}}).ok());
    QTRY_COMPARE(rows(e), QStringList{QStringLiteral("owner=ops")});
    auto *tabs = in<QTabWidget>(m_window.get(), "serviceTabs");
    QTRY_COMPARE(tabs->tabText(tabs->indexOf(e)), QStringLiteral("Tags (1)"));
    QVERIFY(fd::tags::untagResource(*m_cp, arn, {QStringLiteral("owner")}).ok());
    QTRY_COMPARE(rows(e), QStringList());
    QTRY_COMPARE(tabs->tabText(tabs->indexOf(e)), QStringLiteral("Tags"));
}

void TestResourceTags::clusterTaskDefinitionAndInstancePanesEditTheirTags()
{
    const Tag tag{QStringLiteral("course"), QStringLiteral("ecs-101")};

    QVERIFY(m_window->navigation()->select(fd::ui::pages::Clusters, QString()));
    m_window->page<fd::ui::ClustersView>()->selectCluster(QStringLiteral("default"));
    TagsEditor *clusterTags = editor("clusterTags");
    QTRY_VERIFY(clusterTags->isEnabled());
    addThroughWidget(clusterTags, tag.key, tag.value);
    QCOMPARE(m_cp->tagRegistry().tags(fd::state::kClusterKind, QStringLiteral("default")), TagList{tag});
    QTRY_COMPARE(rows(clusterTags), QStringList{QStringLiteral("course=ecs-101")});

    QVERIFY(m_window->navigation()->select(fd::ui::pages::TaskDefinitions, QStringLiteral("web:1")));
    QVERIFY(m_window->page<fd::ui::TaskDefinitionsView>()->selectRevision(QStringLiteral("web"), 1));
    TagsEditor *tdTags = editor("taskDefinitionTagsTab");
    in<QTabWidget>(m_window.get(), "taskDefinitionTabs")->setCurrentWidget(tdTags);
    QTRY_VERIFY(tdTags->isEnabled());
    addThroughWidget(tdTags, tag.key, tag.value);
    QCOMPARE(m_cp->tagRegistry().tags(fd::state::kTaskDefinitionKind, QStringLiteral("web:1")), TagList{tag});

    const QList<fd::ContainerInstance> instances = m_cp->instances().list(QStringLiteral("default"));
    QVERIFY(!instances.isEmpty());
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Instances, QStringLiteral("default")));
    QTRY_VERIFY(m_window->page<fd::ui::InstancesView>()->selectInstance(instances.front().id));
    TagsEditor *instanceTags = editor("instanceTagsTab");
    in<QTabWidget>(m_window.get(), "instanceDetailTabs")->setCurrentWidget(instanceTags);
    QTRY_VERIFY(instanceTags->isEnabled());
    addThroughWidget(instanceTags, tag.key, tag.value);
    QCOMPARE(m_cp->tagRegistry().tags(fd::state::kInstanceKind, instances.front().id), TagList{tag});
    auto *tabs = in<QTabWidget>(m_window.get(), "instanceDetailTabs");
    QTRY_COMPARE(tabs->tabText(tabs->indexOf(instanceTags)), QStringLiteral("Tags (1)"));
}

QTEST_MAIN(TestResourceTags)
#include "TestResourceTags.moc"
