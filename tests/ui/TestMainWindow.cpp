// The console's main window against a real ControlPlane: what the user does through it, and what
// the API (here: direct ControlPlane calls) does behind its back, both show up.

#include "ControlPlane.h"
#include "ops/Clusters.h"
#include "ops/TaskDefinitions.h"
#include "MainWindow.h"
#include "ModalDriver.h"
#include "Page.h"
#include "PageKeys.h"
#include "Sections.h"
#include "TestSupport.h"
#include "json/TaskDefinitionJson.h"
#include "models/ClusterTableModel.h"
#include "models/EventLogModel.h"
#include "views/ClustersView.h"
#include "views/EventLogView.h"
#include "views/NavigationTree.h"
#include "views/TaskDefinitionsView.h"
#include "wizards/CreateClusterDialog.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using fd::ui::MainWindow;
using fd::ui::NavigationTree;

namespace {

QTreeWidgetItem *navItem(QTreeWidget *nav, const QString &text)
{
    const QList<QTreeWidgetItem *> found = nav->findItems(text, Qt::MatchExactly | Qt::MatchRecursive);
    return found.isEmpty() ? nullptr : found.front();
}

QStringList columnTexts(QAbstractItemModel *model, int column)
{
    QStringList out;
    for (int row = 0; row < model->rowCount(); ++row)
        out << model->index(row, column).data().toString();
    return out;
}

fd::TaskDefinitionSpec webSpec(const QString &image)
{
    const auto parsed = fd::json::parseTaskDefinition(QStringLiteral(R"({"family": "web", "containerDefinitions": [
            {"name": "web", "image": "%1", "memory": 128, "portMappings": [{"containerPort": 8080}]}]})")
                                                          .arg(image)
                                                          .toUtf8());
    return parsed.value();
}

// Clicks the named button (or, for "cancel", the Cancel button) of the QMessageBox `trigger` opens.
bool answerMessageBox(const std::function<void()> &trigger, const QString &buttonName)
{
    return fd::test::driveModal<QMessageBox>(trigger, [&](QMessageBox *box) {
        QAbstractButton *button =
            buttonName == u"cancel" ? box->button(QMessageBox::Cancel) : box->findChild<QAbstractButton *>(buttonName);
        QVERIFY2(button, qPrintable(QStringLiteral("no button %1 in \"%2\"").arg(buttonName, box->text())));
        QTest::mouseClick(button, Qt::LeftButton);
    });
}

} // namespace

class TestMainWindow final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void windowBasics();
    void createClusterThroughDialog();
    void clusterFromApiAppearsWithinASecond();
    void deleteClusterAfterConfirmation();
    void refusedDeleteShowsTheControlPlanesMessage();
    void registeredRevisionsAppearInNavigation();
    void deregisterFromView();
    void eventLogNewestFirstAndFiltered();
    void everySectionIsAPageReachableByItsKey();
    void pagesNavigateThroughTheContext();

private:
    template<typename T> T *find(const char *name) const { return m_window->findChild<T *>(QLatin1String(name)); }

    std::shared_ptr<fd::ManualClock> m_clock;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fd::ControlPlane> m_cp;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_shared<fd::ManualClock>();
    auto opened = fd::ControlPlane::open(m_dir->path(), m_clock);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
    m_cp = std::move(opened).value();
    m_window = std::make_unique<MainWindow>(*m_cp);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_cp.reset();
    m_dir.reset();
}

void TestMainWindow::windowBasics()
{
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Fleetdeck"));
    QVERIFY(find<QTreeWidget>("navigation"));
    auto *dock = find<QDockWidget>("eventLog");
    QVERIFY(dock && dock->isVisible());
    auto *toggle = find<QAction>("toggleEventLogAction");
    QVERIFY(toggle);
    toggle->trigger();
    QVERIFY(!dock->isVisible());
    toggle->trigger();
    QVERIFY(dock->isVisible());

    auto *endpoint = find<QLabel>("apiEndpointLabel");
    QVERIFY(endpoint);
    m_window->context().setApiEndpoint(QStringLiteral("http://127.0.0.1:7466"));
    QVERIFY(endpoint->text().contains(QStringLiteral("http://127.0.0.1:7466")));
}

void TestMainWindow::createClusterThroughDialog()
{
    auto *create = find<QPushButton>("createClusterButton");
    QVERIFY(create);
    const bool driven = fd::test::driveModal<fd::ui::CreateClusterDialog>(
        [&] { QTest::mouseClick(create, Qt::LeftButton); },
        [](fd::ui::CreateClusterDialog *dialog) {
            auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("clusterNameEdit"));
            auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("createButton"));
            auto *message = dialog->findChild<QLabel *>(QStringLiteral("clusterNameMessage"));
            QVERIFY(name && ok && message);
            QVERIFY(!ok->isEnabled());
            QTest::keyClicks(name, QStringLiteral("work shop"));
            QVERIFY(!ok->isEnabled());
            QVERIFY2(message->text().contains(QStringLiteral("Spaces are not allowed")), qPrintable(message->text()));
            name->clear();
            QTest::keyClicks(name, QStringLiteral("workshop"));
            QVERIFY(ok->isEnabled());
            QVERIFY(message->text().isEmpty());
            QTest::mouseClick(ok, Qt::LeftButton);
        });
    QVERIFY(driven);

    QVERIFY(m_cp->clusters().find(QStringLiteral("workshop")).has_value());
    auto *nav = find<QTreeWidget>("navigation");
    QTRY_VERIFY(navItem(nav, QStringLiteral("workshop")));
    QCOMPARE(navItem(nav, QStringLiteral("workshop"))->parent(), m_window->navigation()->item(fd::ui::pages::Clusters));
    auto *table = find<QTableView>("clusterTable");
    QVERIFY(columnTexts(table->model(), fd::ui::ClusterTableModel::NameColumn).contains(QStringLiteral("workshop")));
    QCOMPARE(m_window->page<fd::ui::ClustersView>()->selectedCluster(), QStringLiteral("workshop"));
    QCOMPARE(nav->currentItem()->text(0), QStringLiteral("workshop")); // the tree follows the view
}

void TestMainWindow::clusterFromApiAppearsWithinASecond()
{
    auto *nav = find<QTreeWidget>("navigation");
    auto *table = find<QTableView>("clusterTable");
    QVERIFY(m_cp->clusters().create(QStringLiteral("default")).ok());
    QVERIFY(navItem(nav, QStringLiteral("Clusters")));

    // Select "default" in the navigation; another cluster arriving must not move the selection.
    QTRY_VERIFY_WITH_TIMEOUT(navItem(nav, QStringLiteral("default")), 1000);
    nav->setCurrentItem(navItem(nav, QStringLiteral("default")));
    QCOMPARE(m_window->page<fd::ui::ClustersView>()->selectedCluster(), QStringLiteral("default"));

    QVERIFY(m_cp->clusters().create(QStringLiteral("production")).ok());
    QTRY_VERIFY_WITH_TIMEOUT(navItem(nav, QStringLiteral("production")), 1000);
    QTRY_VERIFY_WITH_TIMEOUT(columnTexts(table->model(), 0).contains(QStringLiteral("production")), 1000);
    QCOMPARE(nav->currentItem()->text(0), QStringLiteral("default"));
    QCOMPARE(m_window->page<fd::ui::ClustersView>()->selectedCluster(), QStringLiteral("default"));

    // Deleted behind the console's back: gone from both.
    QVERIFY(m_cp->clusters().remove(QStringLiteral("production")).ok());
    QTRY_VERIFY_WITH_TIMEOUT(!navItem(nav, QStringLiteral("production")), 1000);
    QTRY_VERIFY_WITH_TIMEOUT(!columnTexts(table->model(), 0).contains(QStringLiteral("production")), 1000);
    QCOMPARE(m_window->page<fd::ui::ClustersView>()->selectedCluster(), QStringLiteral("default"));
}

void TestMainWindow::deleteClusterAfterConfirmation()
{
    QVERIFY(m_cp->clusters().create(QStringLiteral("scratch")).ok());
    m_window->show(fd::ui::pages::Clusters, QStringLiteral("scratch"));
    auto *remove = find<QPushButton>("deleteClusterButton");
    QVERIFY(remove->isEnabled());

    // Cancel keeps it.
    QVERIFY(answerMessageBox([&] { QTest::mouseClick(remove, Qt::LeftButton); }, QStringLiteral("cancel")));
    QCOMPARE(m_cp->clusters().find(QStringLiteral("scratch"))->status, QStringLiteral("ACTIVE"));

    QVERIFY(answerMessageBox([&] { QTest::mouseClick(remove, Qt::LeftButton); }, QStringLiteral("confirmButton")));
    QCOMPARE(m_cp->clusters().find(QStringLiteral("scratch"))->status, QStringLiteral("INACTIVE"));
    QTRY_VERIFY(!navItem(find<QTreeWidget>("navigation"), QStringLiteral("scratch")));
    QCOMPARE(find<QTableView>("clusterTable")->model()->rowCount(), 0);
}

void TestMainWindow::refusedDeleteShowsTheControlPlanesMessage()
{
    QVERIFY(m_cp->clusters().create(QStringLiteral("contested")).ok());
    m_window->show(fd::ui::pages::Clusters, QStringLiteral("contested"));

    // The error box opens after the confirmation closed; a polling timer (never blocking) answers it.
    QString shown;
    QTimer poll;
    poll.setInterval(20);
    connect(&poll, &QTimer::timeout, this, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (box && box->objectName() == u"deleteClusterError") {
            shown = box->informativeText();
            box->accept();
        }
    });
    poll.start();
    const bool driven = fd::test::driveModal<QMessageBox>(
        [&] { QTest::mouseClick(find<QPushButton>("deleteClusterButton"), Qt::LeftButton); },
        [&](QMessageBox *confirm) {
            // While the user hesitates, the API deletes it: the console's delete is refused.
            QVERIFY(m_cp->clusters().remove(QStringLiteral("contested")).ok());
            QTest::mouseClick(confirm->findChild<QPushButton *>(QStringLiteral("confirmButton")), Qt::LeftButton);
        });
    QVERIFY(driven);
    QTRY_VERIFY(!shown.isEmpty());
    const fd::Result<fd::Cluster> again = m_cp->clusters().remove(QStringLiteral("contested"));
    QVERIFY(!again.ok());
    QCOMPARE(shown, again.error().message);
}

void TestMainWindow::registeredRevisionsAppearInNavigation()
{
    auto *nav = find<QTreeWidget>("navigation");
    QVERIFY(m_cp->taskDefinitions().registerNew(webSpec(QStringLiteral("fleetdeck/demo-web:1"))).ok());
    QTRY_VERIFY_WITH_TIMEOUT(navItem(nav, QStringLiteral("web:1")), 1000);
    QVERIFY(m_cp->taskDefinitions().registerNew(webSpec(QStringLiteral("fleetdeck/demo-web:2"))).ok());
    QTRY_VERIFY_WITH_TIMEOUT(navItem(nav, QStringLiteral("web:2")), 1000);

    QTreeWidgetItem *family = navItem(nav, QStringLiteral("web"));
    QVERIFY(family);
    QCOMPARE(family->parent(), m_window->navigation()->item(fd::ui::pages::TaskDefinitions));
    QCOMPARE(family->childCount(), 2);
    QCOMPARE(family->child(0)->text(0), QStringLiteral("web:1"));
    QCOMPARE(family->child(1)->text(0), QStringLiteral("web:2"));

    // Clicking a revision shows it, with its JSON.
    nav->expandItem(family);
    nav->scrollToItem(family->child(0));
    const QRect rect = nav->visualItemRect(family->child(0));
    QTest::mouseClick(nav->viewport(), Qt::LeftButton, {}, rect.center());
    auto *stack = find<QStackedWidget>("detailStack");
    QCOMPARE(stack->currentWidget(), m_window->page<fd::ui::TaskDefinitionsView>());
    QCOMPARE(m_window->page<fd::ui::TaskDefinitionsView>()->selectedRevision()->familyRevision(),
             QStringLiteral("web:1"));
    const QString json = find<QPlainTextEdit>("taskDefinitionJson")->toPlainText();
    QVERIFY2(json.contains(QStringLiteral("task-definition/web:1")), qPrintable(json));
    QVERIFY(json.contains(QStringLiteral("fleetdeck/demo-web:1")));
}

void TestMainWindow::deregisterFromView()
{
    QVERIFY(m_cp->taskDefinitions().registerNew(webSpec(QStringLiteral("fleetdeck/demo-web:1"))).ok());
    QVERIFY(m_cp->taskDefinitions().registerNew(webSpec(QStringLiteral("fleetdeck/demo-web:2"))).ok());
    auto *nav = find<QTreeWidget>("navigation");
    QTRY_VERIFY(navItem(nav, QStringLiteral("web:1")));
    nav->setCurrentItem(navItem(nav, QStringLiteral("web:1")));
    auto *deregister = find<QPushButton>("deregisterButton");
    QVERIFY(deregister->isVisible() && deregister->isEnabled());

    QVERIFY(answerMessageBox([&] { QTest::mouseClick(deregister, Qt::LeftButton); }, QStringLiteral("confirmButton")));
    const auto td = m_cp->taskDefinitions().find(QStringLiteral("web:1"));
    QVERIFY(td.ok());
    QVERIFY(td->status == fd::TaskDefinitionStatus::Inactive);

    // The view shows it INACTIVE, still selected, and cannot deregister it twice.
    auto *revisions = find<QTableView>("revisionTable");
    QTRY_VERIFY(columnTexts(revisions->model(), 1).contains(QStringLiteral("INACTIVE")));
    QCOMPARE(m_window->page<fd::ui::TaskDefinitionsView>()->selectedRevision()->revision, 1);
    QVERIFY(!deregister->isEnabled());
    QVERIFY(find<QPlainTextEdit>("taskDefinitionJson")->toPlainText().contains(QStringLiteral("\"INACTIVE\"")));
    QCOMPARE(m_cp->taskDefinitions().find(QStringLiteral("web"))->revision, 2);

    // Export writes what describe-task-definition prints.
    const QString path = m_dir->filePath(QStringLiteral("web-1.json"));
    QVERIFY(m_window->page<fd::ui::TaskDefinitionsView>()->exportSelected(path));
    QFile exported(path);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    QCOMPARE(exported.readAll(),
             fd::json::exportJson(m_cp->taskDefinitions().find(QStringLiteral("web:1")).value(), m_cp->defaultRegion()));
}

void TestMainWindow::eventLogNewestFirstAndFiltered()
{
    for (const char *name : {"alpha", "bravo", "charlie"}) {
        QVERIFY(m_cp->clusters().create(QLatin1String(name)).ok());
        m_clock->advance(1000);
    }
    QVERIFY(m_cp->taskDefinitions().registerNew(webSpec(QStringLiteral("fleetdeck/demo-web:1"))).ok());
    m_clock->advance(1000);
    QVERIFY(m_cp->clusters().remove(QStringLiteral("bravo")).ok());

    auto *table = find<QTableView>("eventTable");
    QVERIFY(table);
    QAbstractItemModel *shown = table->model();
    QTRY_COMPARE(shown->rowCount(), 5);
    // Newest first.
    QCOMPARE(shown->index(0, fd::ui::EventLogModel::ResourceColumn).data().toString(), QStringLiteral("bravo"));
    QVERIFY(
        shown->index(0, fd::ui::EventLogModel::MessageColumn).data().toString().contains(QStringLiteral("deleted")));
    QCOMPARE(shown->index(1, fd::ui::EventLogModel::ResourceColumn).data().toString(), QStringLiteral("web:1"));
    QCOMPARE(shown->index(4, fd::ui::EventLogModel::ResourceColumn).data().toString(), QStringLiteral("alpha"));

    // Free text.
    auto *search = find<QLineEdit>("eventSearch");
    QTest::keyClicks(search, QStringLiteral("bravo"));
    QCOMPARE(shown->rowCount(), 2);
    QCOMPARE(columnTexts(shown, fd::ui::EventLogModel::ResourceColumn),
             (QStringList{QStringLiteral("bravo"), QStringLiteral("bravo")}));
    search->clear();
    QCOMPARE(shown->rowCount(), 5);

    // By resource type, then by resource.
    auto *type = find<QComboBox>("resourceTypeFilter");
    const int taskDefinitions = type->findText(QStringLiteral("task-definition"));
    QVERIFY2(taskDefinitions > 0, qPrintable(QStringLiteral("types: %1").arg(type->count())));
    type->setCurrentIndex(taskDefinitions);
    QCOMPARE(shown->rowCount(), 1);
    type->setCurrentIndex(type->findText(QStringLiteral("cluster")));
    QCOMPARE(shown->rowCount(), 4);
    QTest::keyClicks(find<QLineEdit>("resourceFilter"), QStringLiteral("char"));
    QCOMPARE(shown->rowCount(), 1);
    QCOMPARE(shown->index(0, fd::ui::EventLogModel::ResourceColumn).data().toString(), QStringLiteral("charlie"));

    // A new event arrives on top, through the filter.
    QVERIFY(m_cp->clusters().remove(QStringLiteral("charlie")).ok());
    QTRY_COMPARE(shown->rowCount(), 2);
    QVERIFY(
        shown->index(0, fd::ui::EventLogModel::MessageColumn).data().toString().contains(QStringLiteral("deleted")));
    QVERIFY(find<QLabel>("eventCount")->text().contains(QStringLiteral("2 of 6")));

    // Export writes what the filters show, newest first.
    const QString csv = m_dir->filePath(QStringLiteral("events.csv"));
    QVERIFY(m_window->eventLogView()->exportCsv(csv));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0], QByteArray("time,resourceType,resource,message"));
    QVERIFY2(lines[1].endsWith("cluster,charlie,Cluster charlie deleted."), lines[1].constData());
}

QTEST_MAIN(TestMainWindow)
void TestMainWindow::everySectionIsAPageReachableByItsKey()
{
    // The window's pages and navigation come from one list: each section is one page with its
    // own key, shown at the top level or under every cluster, and found by (page key, key).
    QVERIFY(m_cp->clusters().create(QStringLiteral("workshop")).ok());
    const QList<fd::ui::Section> sections = fd::ui::consoleSections();
    QCOMPARE(m_window->pages().size(), sections.size());
    auto *stack = find<QStackedWidget>("detailStack");
    QSet<QString> keys;
    for (qsizetype i = 0; i < sections.size(); ++i) {
        fd::ui::Page *page = m_window->pages().at(i);
        const QString pageKey = page->pageKey();
        QVERIFY2(!keys.contains(pageKey), qPrintable(pageKey));
        keys.insert(pageKey);
        const bool inCluster = sections[i].placement == fd::ui::Placement::InCluster;
        const QString key = inCluster ? QStringLiteral("workshop") : QString();
        QVERIFY2(m_window->show(pageKey, key), qPrintable(pageKey));
        QCOMPARE(stack->currentWidget(), static_cast<QWidget *>(page));
        const QTreeWidgetItem *current = m_window->navigation()->currentItem();
        QCOMPARE(NavigationTree::pageOf(current), pageKey);
        QCOMPARE(current->text(0), page->title());
        if (inCluster) {
            QCOMPARE(NavigationTree::pageOf(current->parent()), fd::ui::pages::Clusters);
            QCOMPARE(NavigationTree::keyOf(current->parent()), QStringLiteral("workshop"));
        } else {
            QVERIFY(!current->parent());
        }
    }
    QVERIFY(!m_window->show(QStringLiteral("no-such-page")));
    QVERIFY(!m_window->show(fd::ui::pages::Tasks, QStringLiteral("no-such-cluster")));
}

void TestMainWindow::pagesNavigateThroughTheContext()
{
    // A page goes to another through the context: the navigation follows, and the item is selected there.
    QVERIFY(m_cp->clusters().create(QStringLiteral("workshop")).ok());
    auto *stack = find<QStackedWidget>("detailStack");
    QVERIFY(m_window->context().navigate(fd::ui::pages::Services, QStringLiteral("workshop")));
    QCOMPARE(stack->currentWidget(), static_cast<QWidget *>(m_window->page(fd::ui::pages::Services)));
    QCOMPARE(NavigationTree::keyOf(m_window->navigation()->currentItem()), QStringLiteral("workshop"));
    QVERIFY(m_window->context().navigate(fd::ui::pages::Clusters, {}, QStringLiteral("workshop")));
    QCOMPARE(m_window->page<fd::ui::ClustersView>()->selectedCluster(), QStringLiteral("workshop"));
    // The navigation follows the selection quietly: the Clusters page stays shown.
    QTRY_COMPARE(NavigationTree::keyOf(m_window->navigation()->currentItem()), QStringLiteral("workshop"));
    QCOMPARE(stack->currentWidget(), static_cast<QWidget *>(m_window->page(fd::ui::pages::Clusters)));
    QVERIFY(!m_window->context().navigate(QStringLiteral("no-such-page")));
}

#include "TestMainWindow.moc"
