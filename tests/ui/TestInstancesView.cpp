// The container instances view, driven as a user drives it: Add instances… through its dialog,
// Drain / Activate / Deregister… through the buttons (with the confirmation and the ControlPlane's
// refusal), custom attributes added and removed, an engine going down seen within a second, and
// 10,000 instances refreshing the table within a second.

#include "ControlPlane.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "MainWindow.h"
#include "ModalDriver.h"
#include "PageKeys.h"
#include "TestSupport.h"
#include "models/ContainerInstanceTableModel.h"
#include "models/ItemRoles.h"
#include "views/InstancesView.h"
#include "views/NavigationTree.h"
#include "widgets/EngineStatusWidget.h"
#include "widgets/StatusDot.h"
#include "wizards/AddEngineDialog.h"
#include "wizards/AddInstancesDialog.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <cstdio>

using fd::ui::ContainerInstanceTableModel;
using fd::ui::MainWindow;
using fd::ui::NavigationTree;

namespace {

// Waits (in the current event loop) for the modal named `name`, hands it to `act`, then closes it.
void handleNextModal(const QString &name, std::function<void(QWidget *)> act, int timeoutMs = 5000)
{
    QTimer::singleShot(0, qApp, [=] {
        QPointer<QWidget> modal;
        const bool seen = QTest::qWaitFor(
            [&] {
                modal = QApplication::activeModalWidget();
                return modal && modal->objectName() == name;
            },
            timeoutMs);
        if (!seen) {
            QTest::qFail(qPrintable(QStringLiteral("no modal %1 opened").arg(name)), __FILE__, __LINE__);
            return;
        }
        act(modal);
        if (modal && modal->isVisible())
            if (auto *dialog = qobject_cast<QDialog *>(modal.data()))
                dialog->reject();
    });
}

} // namespace

class TestInstancesView final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void navigationHasInstancesUnderEachCluster();
    void addThroughDialogSpreadsOverZones();
    void dialogAddsAnEngineShowingTheControlPlanesMessage();
    void dialogShowsARefusalAndStaysOpen();
    void drainAndActivateThroughButtons();
    void deregisterAfterConfirmation();
    void batchDrainActivateDeregisterWithOneConfirmation();
    void refusedDeregisterShowsTheControlPlanesMessage();
    void customAttributesAddAndRemove();
    void engineGoingDownFlipsTheAgentWithinASecond();
    void modelUnderTester();
    void tenThousandInstancesRefreshWithinASecond();

private:
    template<typename T> T *find(const char *name) const
    {
        T *w = m_window->findChild<T *>(QLatin1String(name));
        if (!w)
            qWarning("no widget %s", name);
        return w;
    }
    QList<fd::ContainerInstance> registerInstances(int count, const QString &engine = QStringLiteral("sim"));
    // The proxy row showing the instance with this id.
    int viewRowOf(const QString &id) const;
    void selectOnly(const QString &id);
    QString agentText(const QString &id) const;
    QString statusOf(const QString &id) const
    {
        const std::optional<fd::ContainerInstance> ci = m_cp->instances().find(QStringLiteral("default"), id);
        return ci ? fd::toString(ci->status) : QStringLiteral("(none)");
    }

    std::shared_ptr<fd::ManualClock> m_clock;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fd::ControlPlane> m_cp;
    std::unique_ptr<MainWindow> m_window;
    QTableView *m_table = nullptr;
};

void TestInstancesView::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_shared<fd::ManualClock>();
    auto opened = fd::ControlPlane::open(m_dir->path(), m_clock);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
    m_cp = std::move(opened).value();
    QVERIFY(m_cp->engines().add(QStringLiteral("sim"), fd::Engine::Kind::Simulated, {}).ok());
    QVERIFY(m_cp->clusters().create(QStringLiteral("default")).ok());
    m_window = std::make_unique<MainWindow>(*m_cp);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Instances, QStringLiteral("default")));
    QCOMPARE(m_window->findChild<QStackedWidget *>(QStringLiteral("detailStack"))->currentWidget(),
             m_window->page<fd::ui::InstancesView>());
    m_table = find<QTableView>("instanceTable");
    QVERIFY(m_table);
}

void TestInstancesView::cleanup()
{
    m_window.reset();
    m_cp.reset();
    m_dir.reset();
}

QList<fd::ContainerInstance> TestInstancesView::registerInstances(int count, const QString &engine)
{
    fd::ops::InstanceRequest r;
    r.cluster = QStringLiteral("default");
    r.engineId = engine;
    r.count = count;
    auto created = m_cp->instances().registerNew(r);
    if (!created) {
        qWarning("%s", qPrintable(created.error().message));
        return {};
    }
    return created.value();
}

int TestInstancesView::viewRowOf(const QString &id) const
{
    QAbstractItemModel *model = m_table->model();
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->index(row, 0).data(fd::ui::KeyRole).toString() == id)
            return row;
    return -1;
}

void TestInstancesView::selectOnly(const QString &id)
{
    const int row = viewRowOf(id);
    QVERIFY2(row >= 0, qPrintable(id));
    const QRect cell = m_table->visualRect(m_table->model()->index(row, ContainerInstanceTableModel::ZoneColumn));
    QTest::mouseClick(m_table->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(m_window->page<fd::ui::InstancesView>()->selectedInstanceIds(), QStringList{id});
}

QString TestInstancesView::agentText(const QString &id) const
{
    const int row = viewRowOf(id);
    return row < 0 ? QString()
                   : m_table->model()->index(row, ContainerInstanceTableModel::AgentColumn).data().toString();
}

void TestInstancesView::navigationHasInstancesUnderEachCluster()
{
    QVERIFY(m_cp->clusters().create(QStringLiteral("workshop")).ok());
    QTreeWidgetItem *root = m_window->navigation()->item(fd::ui::pages::Clusters);
    QTRY_COMPARE(root->childCount(), 2);
    for (int i = 0; i < root->childCount(); ++i) {
        QTreeWidgetItem *cluster = root->child(i);
        QCOMPARE(cluster->childCount(), 4); // Container instances, Services, Tasks, Fleet
        QCOMPARE(cluster->child(0)->text(0), QStringLiteral("Container instances"));
        QVERIFY(cluster->isExpanded());
    }
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Instances, QStringLiteral("workshop")));
    QCOMPARE(m_window->page<fd::ui::InstancesView>()->cluster(), QStringLiteral("workshop"));
    QVERIFY(find<QLabel>("instancesSummary")->text().contains(QStringLiteral("No container instances")));

    QVERIFY(m_window->navigation()->select(fd::ui::pages::Engines, {}));
    QCOMPARE(m_window->findChild<QStackedWidget *>(QStringLiteral("detailStack"))->currentWidget(),
             reinterpret_cast<QWidget *>(m_window->page(fd::ui::pages::Engines)));
}

void TestInstancesView::addThroughDialogSpreadsOverZones()
{
    auto *add = find<QPushButton>("addInstancesButton");
    QVERIFY(add && add->isEnabled());
    const bool driven = fd::test::driveModal<fd::ui::AddInstancesDialog>(
        [&] { QTest::mouseClick(add, Qt::LeftButton); },
        [](fd::ui::AddInstancesDialog *dialog) {
            auto *engine = dialog->findChild<QComboBox *>(QStringLiteral("engineCombo"));
            auto *type = dialog->findChild<QComboBox *>(QStringLiteral("instanceTypeCombo"));
            auto *zone = dialog->findChild<QComboBox *>(QStringLiteral("zoneCombo"));
            auto *count = dialog->findChild<QSpinBox *>(QStringLiteral("countSpin"));
            auto *attributes = dialog->findChild<QPlainTextEdit *>(QStringLiteral("attributesEdit"));
            auto *summary = dialog->findChild<QLabel *>(QStringLiteral("summaryLabel"));
            auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("addButton"));
            QVERIFY(engine && type && zone && count && attributes && summary && ok);
            QCOMPARE(engine->count(), 1);
            QVERIFY(engine->currentText().contains(QStringLiteral("sim")));
            QVERIFY(engine->currentText().contains(QStringLiteral("connected")));
            QCOMPARE(type->currentData().toString(), QStringLiteral("t3.medium"));
            QVERIFY2(type->currentText().contains(QStringLiteral("2 vCPU, 4 GiB")), qPrintable(type->currentText()));
            QCOMPARE(zone->currentData().toString(), QString()); // spread across all
            QCOMPARE(zone->count(), 4);

            count->setValue(3);
            QVERIFY2(summary->text().contains(QStringLiteral("1 in us-east-1a")), qPrintable(summary->text()));
            attributes->setPlainText(QStringLiteral("ecs.bad=1"));
            QVERIFY(!ok->isEnabled()); // built-in names are refused before submitting
            attributes->setPlainText(QStringLiteral("stack=test"));
            QVERIFY(ok->isEnabled());
            QTest::mouseClick(ok, Qt::LeftButton);
            QVERIFY(!dialog->isVisible());
        });
    QVERIFY(driven);

    const QList<fd::ContainerInstance> instances = m_cp->instances().list(QStringLiteral("default"));
    QCOMPARE(instances.size(), 3);
    QSet<QString> zones;
    for (const fd::ContainerInstance &ci : instances) {
        zones.insert(ci.availabilityZone);
        QCOMPARE(ci.customAttributes.value(QStringLiteral("stack")), QStringLiteral("test"));
    }
    QCOMPARE(zones,
             (QSet<QString>{QStringLiteral("us-east-1a"), QStringLiteral("us-east-1b"), QStringLiteral("us-east-1c")}));

    QTRY_COMPARE(m_table->model()->rowCount(), 3);
    QAbstractItemModel *model = m_table->model();
    // Sorted by zone: a, b, c.
    QCOMPARE(model->index(0, ContainerInstanceTableModel::ZoneColumn).data().toString(), QStringLiteral("us-east-1a"));
    QCOMPARE(model->index(2, ContainerInstanceTableModel::ZoneColumn).data().toString(), QStringLiteral("us-east-1c"));
    const QModelIndex first = model->index(0, 0);
    const fd::ContainerInstance ci =
        *m_cp->instances().find(QStringLiteral("default"), first.data(fd::ui::KeyRole).toString());
    QCOMPARE(first.data().toString(), ci.ec2InstanceId);
    QCOMPARE(model->index(0, ContainerInstanceTableModel::TypeColumn).data().toString(), QStringLiteral("t3.medium"));
    QCOMPARE(model->index(0, ContainerInstanceTableModel::AddressColumn).data().toString(), ci.address);
    QCOMPARE(model->index(0, ContainerInstanceTableModel::StatusColumn).data().toString(), QStringLiteral("ACTIVE"));
    QCOMPARE(model->index(0, ContainerInstanceTableModel::AgentColumn).data().toString(), QStringLiteral("Connected"));
    QCOMPARE(
        model->index(0, ContainerInstanceTableModel::AgentColumn).data(Qt::DecorationRole).value<QIcon>().cacheKey(),
        fd::ui::StatusDot::icon(true).cacheKey());
    QCOMPARE(model->index(0, ContainerInstanceTableModel::CpuColumn).data().toString(), QStringLiteral("2048 of 2048"));
    QCOMPARE(model->index(0, ContainerInstanceTableModel::MemoryColumn).data().toString(),
             QStringLiteral("4096 of 4096 MiB"));
    QCOMPARE(model->index(0, ContainerInstanceTableModel::RunningTasksColumn).data().toString(), QStringLiteral("0"));
    QCOMPARE(model->index(0, ContainerInstanceTableModel::EngineColumn).data().toString(), QStringLiteral("sim"));
    QTRY_VERIFY(find<QLabel>("instancesSummary")->text().contains(QStringLiteral("3 ACTIVE")));
    // Nothing is fitted to contents: a large table must not measure every cell.
    for (int c = 0; c < ContainerInstanceTableModel::ColumnCount; ++c)
        QVERIFY(m_table->horizontalHeader()->sectionResizeMode(c) != QHeaderView::ResizeToContents);
}

void TestInstancesView::dialogAddsAnEngineShowingTheControlPlanesMessage()
{
    const bool driven = fd::test::driveModal<fd::ui::AddInstancesDialog>(
        [&] { QTest::mouseClick(find<QPushButton>("addInstancesButton"), Qt::LeftButton); },
        [&](fd::ui::AddInstancesDialog *dialog) {
            auto *engine = dialog->findChild<QComboBox *>(QStringLiteral("engineCombo"));
            auto *newEngine = dialog->findChild<QPushButton *>(QStringLiteral("newEngineButton"));
            QVERIFY(engine && newEngine);
            const bool added = fd::test::driveModal<fd::ui::AddEngineDialog>(
                [&] { QTest::mouseClick(newEngine, Qt::LeftButton); },
                [&](fd::ui::AddEngineDialog *engineDialog) {
                    auto *id = engineDialog->findChild<QLineEdit *>(QStringLiteral("engineIdEdit"));
                    auto *endpoint = engineDialog->findChild<QLineEdit *>(QStringLiteral("engineEndpointEdit"));
                    auto *message = engineDialog->findChild<QLabel *>(QStringLiteral("engineMessage"));
                    auto *ok = engineDialog->findChild<QPushButton *>(QStringLiteral("addButton"));
                    QVERIFY(id && endpoint && message && ok);
                    QVERIFY(!ok->isEnabled());
                    QTest::keyClicks(id, QStringLiteral("lab-host"));
                    QTest::keyClicks(endpoint, QStringLiteral("http://127.0.0.1:2375"));
                    QTest::mouseClick(ok, Qt::LeftButton);
                    // Refused by the ControlPlane: its words, the dialog still open.
                    const auto refused = m_cp->engines().add(QStringLiteral("lab-host"), fd::Engine::Kind::Docker,
                                                         QStringLiteral("http://127.0.0.1:2375"));
                    QVERIFY(!refused.ok());
                    QCOMPARE(message->text(), refused.error().message);
                    QVERIFY(engineDialog->isVisible());
                    endpoint->setText(QStringLiteral("tcp://127.0.0.1:2375"));
                    QVERIFY(message->text().isEmpty());
                    QTest::mouseClick(ok, Qt::LeftButton);
                    QVERIFY(!engineDialog->isVisible());
                });
            QVERIFY(added);
            QCOMPARE(engine->count(), 2);
            QCOMPARE(engine->currentData().toString(), QStringLiteral("lab-host"));
            QVERIFY(engine->currentText().contains(QStringLiteral("disconnected")));
            auto *warning = dialog->findChild<QLabel *>(QStringLiteral("engineWarning"));
            QVERIFY(warning && warning->isVisible());
        });
    QVERIFY(driven);
    const std::optional<fd::Engine> added = m_cp->engines().find(QStringLiteral("lab-host"));
    QVERIFY(added);
    QCOMPARE(added->endpoint, QStringLiteral("tcp://127.0.0.1:2375"));
    QVERIFY(m_cp->instances().list(QStringLiteral("default")).isEmpty()); // the outer dialog was cancelled
    // The status bar shows the new engine at once, red.
    QToolButton *status = m_window->engineStatus()->buttonFor(QStringLiteral("lab-host"));
    QVERIFY(status);
    QCOMPARE(status->property("connected").toBool(), false);
}

void TestInstancesView::dialogShowsARefusalAndStaysOpen()
{
    // The cluster goes away behind the dialog's back: the ControlPlane refuses, the dialog says why.
    const bool driven = fd::test::driveModal<fd::ui::AddInstancesDialog>(
        [&] { QTest::mouseClick(find<QPushButton>("addInstancesButton"), Qt::LeftButton); },
        [&](fd::ui::AddInstancesDialog *dialog) {
            QVERIFY(m_cp->clusters().remove(QStringLiteral("default")).ok());
            QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("addButton")), Qt::LeftButton);
            auto *message = dialog->findChild<QLabel *>(QStringLiteral("addInstancesMessage"));
            QVERIFY(dialog->isVisible());
            QVERIFY2(message->text().contains(QStringLiteral("not found"), Qt::CaseInsensitive) ||
                         message->text().contains(QStringLiteral("cluster"), Qt::CaseInsensitive),
                     qPrintable(message->text()));
        });
    QVERIFY(driven);
}

void TestInstancesView::drainAndActivateThroughButtons()
{
    const QList<fd::ContainerInstance> created = registerInstances(3);
    QCOMPARE(created.size(), 3);
    QTRY_COMPARE(m_table->model()->rowCount(), 3);
    auto *drain = find<QPushButton>("drainButton");
    auto *activate = find<QPushButton>("activateButton");
    QVERIFY(!drain->isEnabled() && !activate->isEnabled());

    const QString id = created[1].id;
    selectOnly(id);
    QVERIFY(drain->isEnabled());
    QVERIFY(!activate->isEnabled());
    QTest::mouseClick(drain, Qt::LeftButton);
    QCOMPARE(statusOf(id), QStringLiteral("DRAINING"));
    QCOMPARE(m_table->model()->index(viewRowOf(id), ContainerInstanceTableModel::StatusColumn).data().toString(),
             QStringLiteral("DRAINING"));
    QTRY_VERIFY(!drain->isEnabled());
    QVERIFY(activate->isEnabled());
    QVERIFY(find<QLabel>("instancesSummary")->text().contains(QStringLiteral("1 DRAINING")));
    // The others were not touched.
    QCOMPARE(statusOf(created[0].id), QStringLiteral("ACTIVE"));

    QTest::mouseClick(activate, Qt::LeftButton);
    QCOMPARE(statusOf(id), QStringLiteral("ACTIVE"));
    QTRY_VERIFY(drain->isEnabled());
}

void TestInstancesView::deregisterAfterConfirmation()
{
    const QList<fd::ContainerInstance> created = registerInstances(3);
    QTRY_COMPARE(m_table->model()->rowCount(), 3);
    auto *deregister = find<QPushButton>("deregisterInstanceButton");
    const QString id = created[0].id;
    selectOnly(id);

    // Cancel first: nothing happens.
    QVERIFY(fd::test::driveModal<QMessageBox>([&] { QTest::mouseClick(deregister, Qt::LeftButton); },
                                              [&](QMessageBox *box) {
                                                  QCOMPARE(box->objectName(), QStringLiteral("confirmDeregister"));
                                                  QVERIFY(box->text().contains(created[0].ec2InstanceId));
                                                  QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
                                              }));
    QCOMPARE(statusOf(id), QStringLiteral("ACTIVE"));

    QVERIFY(fd::test::driveModal<QMessageBox>(
        [&] { QTest::mouseClick(deregister, Qt::LeftButton); },
        [&](QMessageBox *box) {
            auto *force = box->findChild<QCheckBox *>(QStringLiteral("forceDeregisterCheck"));
            QVERIFY(force && !force->isChecked());
            QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmButton")), Qt::LeftButton);
        }));
    QCOMPARE(statusOf(id), QStringLiteral("INACTIVE"));
    QTRY_COMPARE(m_table->model()->rowCount(), 2);
    QCOMPARE(viewRowOf(id), -1);
}

void TestInstancesView::batchDrainActivateDeregisterWithOneConfirmation()
{
    const QList<fd::ContainerInstance> created = registerInstances(4);
    QCOMPARE(created.size(), 4);
    QTRY_COMPARE(m_table->model()->rowCount(), 4);
    auto *drain = find<QPushButton>("drainButton");
    auto *activate = find<QPushButton>("activateButton");
    auto *deregister = find<QPushButton>("deregisterInstanceButton");

    // Three rows picked with Ctrl+click, as a user does; the fourth stays out.
    const QStringList picked{created[0].id, created[1].id, created[3].id};
    selectOnly(picked[0]);
    for (const QString &id : picked.mid(1)) {
        const QRect cell =
            m_table->visualRect(m_table->model()->index(viewRowOf(id), ContainerInstanceTableModel::ZoneColumn));
        QTest::mouseClick(m_table->viewport(), Qt::LeftButton, Qt::ControlModifier, cell.center());
    }
    QStringList selected = m_window->page<fd::ui::InstancesView>()->selectedInstanceIds();
    std::sort(selected.begin(), selected.end());
    QStringList expected = picked;
    std::sort(expected.begin(), expected.end());
    QCOMPARE(selected, expected);

    // Cancel: nothing changes.
    QVERIFY(fd::test::driveModal<QMessageBox>(
        [&] { QTest::mouseClick(drain, Qt::LeftButton); },
        [&](QMessageBox *box) {
            QCOMPARE(box->objectName(), QStringLiteral("confirmInstanceState"));
            QVERIFY2(box->text().contains(QStringLiteral("Drain 3 container instance")), qPrintable(box->text()));
            QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
        }));
    for (const fd::ContainerInstance &ci : created)
        QCOMPARE(statusOf(ci.id), QStringLiteral("ACTIVE"));

    // One confirmation, every selected instance drained, the other one untouched.
    int confirmations = 0;
    QVERIFY(fd::test::driveModal<QMessageBox>(
        [&] { QTest::mouseClick(drain, Qt::LeftButton); },
        [&](QMessageBox *box) {
            ++confirmations;
            QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmButton")), Qt::LeftButton);
        }));
    QCOMPARE(confirmations, 1);
    for (const QString &id : picked)
        QCOMPARE(statusOf(id), QStringLiteral("DRAINING"));
    QCOMPARE(statusOf(created[2].id), QStringLiteral("ACTIVE"));
    QTRY_VERIFY(find<QLabel>("instancesSummary")->text().contains(QStringLiteral("3 DRAINING")));
    QCOMPARE(m_window->page<fd::ui::InstancesView>()->selectedInstanceIds().size(), 3); // the selection stays

    QTRY_VERIFY(activate->isEnabled());
    QVERIFY(fd::test::driveModal<QMessageBox>(
        [&] { QTest::mouseClick(activate, Qt::LeftButton); },
        [&](QMessageBox *box) {
            QVERIFY2(box->text().contains(QStringLiteral("Activate 3 container instance")), qPrintable(box->text()));
            QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmButton")), Qt::LeftButton);
        }));
    for (const QString &id : picked)
        QCOMPARE(statusOf(id), QStringLiteral("ACTIVE"));

    QVERIFY(fd::test::driveModal<QMessageBox>(
        [&] { QTest::mouseClick(deregister, Qt::LeftButton); },
        [&](QMessageBox *box) {
            QCOMPARE(box->objectName(), QStringLiteral("confirmDeregister"));
            QVERIFY2(box->text().contains(QStringLiteral("3 container instance")), qPrintable(box->text()));
            QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmButton")), Qt::LeftButton);
        }));
    for (const QString &id : picked)
        QCOMPARE(statusOf(id), QStringLiteral("INACTIVE"));
    QCOMPARE(statusOf(created[2].id), QStringLiteral("ACTIVE"));
    QTRY_COMPARE(m_table->model()->rowCount(), 1);
}

void TestInstancesView::refusedDeregisterShowsTheControlPlanesMessage()
{
    const QList<fd::ContainerInstance> created = registerInstances(2);
    QTRY_COMPARE(m_table->model()->rowCount(), 2);
    const QString id = created[0].id;
    selectOnly(id);
    // Someone else (the API) deregisters it first; the click still targets it, and the
    // ControlPlane's refusal is what the user reads.
    QVERIFY(m_cp->instances().deregister(QStringLiteral("default"), id, false).ok());
    const auto expected = m_cp->instances().deregister(QStringLiteral("default"), id, false);
    QVERIFY(!expected.ok());

    QString shown;
    const bool driven = fd::test::driveModal<QMessageBox>(
        [&] { QTest::mouseClick(find<QPushButton>("deregisterInstanceButton"), Qt::LeftButton); },
        [&](QMessageBox *box) {
            QCOMPARE(box->objectName(), QStringLiteral("confirmDeregister"));
            handleNextModal(QStringLiteral("instanceActionError"),
                            [&](QWidget *w) { shown = static_cast<QMessageBox *>(w)->informativeText(); });
            QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmButton")), Qt::LeftButton);
        });
    QVERIFY(driven);
    QTRY_VERIFY(!shown.isEmpty());
    QVERIFY2(shown.contains(expected.error().message), qPrintable(shown));
    QVERIFY(shown.contains(created[0].ec2InstanceId));
}

void TestInstancesView::customAttributesAddAndRemove()
{
    const QList<fd::ContainerInstance> created = registerInstances(1);
    QTRY_COMPARE(m_table->model()->rowCount(), 1);
    const QString id = created[0].id;
    selectOnly(id);

    auto *attributes = find<QTableWidget>("attributeTable");
    auto *name = find<QLineEdit>("attributeNameEdit");
    auto *value = find<QLineEdit>("attributeValueEdit");
    auto *put = find<QPushButton>("putAttributeButton");
    auto *remove = find<QPushButton>("removeAttributeButton");
    auto *message = find<QLabel>("attributeMessage");
    QVERIFY(attributes && name && value && put && remove && message);
    const auto rowNamed = [&](const QString &n) {
        for (int r = 0; r < attributes->rowCount(); ++r)
            if (attributes->item(r, 0)->text() == n)
                return r;
        return -1;
    };
    QVERIFY(rowNamed(QStringLiteral("ecs.availability-zone")) >= 0);
    QCOMPARE(attributes->item(rowNamed(QStringLiteral("ecs.instance-type")), 1)->text(), QStringLiteral("t3.medium"));

    // Built-in: read-only.
    attributes->selectRow(rowNamed(QStringLiteral("ecs.instance-type")));
    QVERIFY(!remove->isEnabled());

    // A name the ControlPlane refuses: its message, nothing stored.
    QTest::keyClicks(name, QStringLiteral("bad name!"));
    QTest::mouseClick(put, Qt::LeftButton);
    const auto refused = m_cp->instances().putAttribute(QStringLiteral("default"), id, QStringLiteral("bad name!"), {});
    QVERIFY(!refused.ok());
    QCOMPARE(message->text(), refused.error().message);
    QVERIFY(m_cp->instances().find(QStringLiteral("default"), id)->customAttributes.isEmpty());

    name->clear();
    QTest::keyClicks(name, QStringLiteral("team"));
    QTest::keyClicks(value, QStringLiteral("blue"));
    QTest::mouseClick(put, Qt::LeftButton);
    QCOMPARE(m_cp->instances().find(QStringLiteral("default"), id)->customAttributes.value(QStringLiteral("team")),
             QStringLiteral("blue"));
    QTRY_VERIFY(rowNamed(QStringLiteral("team")) >= 0);
    QCOMPARE(attributes->item(rowNamed(QStringLiteral("team")), 1)->text(), QStringLiteral("blue"));
    QVERIFY(!message->text().contains(QStringLiteral("must"))); // no error left over

    attributes->selectRow(rowNamed(QStringLiteral("team")));
    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QVERIFY(!m_cp->instances().find(QStringLiteral("default"), id)->customAttributes.contains(QStringLiteral("team")));
    QTRY_COMPARE(rowNamed(QStringLiteral("team")), -1);

    // Added behind the view's back (the API): it appears.
    QVERIFY(m_cp->instances().putAttribute(QStringLiteral("default"), id, QStringLiteral("from-api"), QStringLiteral("yes")).ok());
    QTRY_VERIFY(rowNamed(QStringLiteral("from-api")) >= 0);
}

void TestInstancesView::engineGoingDownFlipsTheAgentWithinASecond()
{
    const QList<fd::ContainerInstance> created = registerInstances(3);
    QTRY_COMPARE(m_table->model()->rowCount(), 3);
    const QString id = created[0].id;
    QCOMPARE(agentText(id), QStringLiteral("Connected"));
    QToolButton *status = m_window->engineStatus()->buttonFor(QStringLiteral("sim"));
    QVERIFY(status);
    QCOMPARE(status->property("connected").toBool(), true);

    QElapsedTimer timer;
    timer.start();
    m_cp->engines().setConnection(QStringLiteral("sim"), false, {}, QStringLiteral("connection refused"));
    QTRY_COMPARE_WITH_TIMEOUT(agentText(id), QStringLiteral("Disconnected"), 1000);
    std::printf("agent indicator flipped %lld ms after the engine went down\n", timer.elapsed());
    QCOMPARE(m_table->model()
                 ->index(viewRowOf(id), ContainerInstanceTableModel::AgentColumn)
                 .data(Qt::DecorationRole)
                 .value<QIcon>()
                 .cacheKey(),
             fd::ui::StatusDot::icon(false).cacheKey());
    for (const fd::ContainerInstance &ci : created)
        QCOMPARE(agentText(ci.id), QStringLiteral("Disconnected"));
    QCOMPARE(status->property("connected").toBool(), false);
    QVERIFY(status->toolTip().contains(QStringLiteral("connection refused")));
    QVERIFY(find<QLabel>("instancesSummary")->text().contains(QStringLiteral("disconnected on 3")));

    m_cp->engines().setConnection(QStringLiteral("sim"), true, QStringLiteral("simulated"), {});
    QTRY_COMPARE_WITH_TIMEOUT(agentText(id), QStringLiteral("Connected"), 1000);
    QCOMPARE(status->property("connected").toBool(), true);
}

void TestInstancesView::modelUnderTester()
{
    ContainerInstanceTableModel model(*m_cp);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCluster(QStringLiteral("default"));
    QCOMPARE(model.rowCount(), 0);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    const QList<fd::ContainerInstance> created = registerInstances(3);
    model.refresh();
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(inserted.count() >= 1);
    QCOMPARE(reset.count(), 0);
    QVERIFY(m_cp->instances().setState(QStringLiteral("default"), created[1].id, fd::InstanceStatus::Draining)
                .ok());
    model.refresh();
    QCOMPARE(changed.count(), 1);
    // One engine change touches every row: one dataChanged range, not one per row.
    changed.clear();
    m_cp->engines().setConnection(QStringLiteral("sim"), false, {}, QStringLiteral("down"));
    model.refresh();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.front().at(0).toModelIndex().row(), 0);
    QCOMPARE(changed.front().at(1).toModelIndex().row(), 2);
    QCOMPARE(model.rowOf(created[2].id) >= 0, true);
    QCOMPARE(model.instanceAt(model.rowOf(created[2].id))->id, created[2].id);
    // Raw values sort numbers as numbers.
    const QModelIndex cpu = model.index(0, ContainerInstanceTableModel::CpuColumn);
    QCOMPARE(cpu.data(fd::ui::RawValueRole).typeId(), QMetaType::Int);
    model.setCluster({});
    QCOMPARE(model.rowCount(), 0);
}

void TestInstancesView::tenThousandInstancesRefreshWithinASecond()
{
    registerInstances(3);
    QTRY_COMPARE(m_table->model()->rowCount(), 3);
    selectOnly(m_window->page<fd::ui::InstancesView>()->model()->rows().front().id);
    const QString selected = m_window->page<fd::ui::InstancesView>()->selectedInstanceIds().front();

    QElapsedTimer timer;
    timer.start();
    fd::ops::InstanceRequest r;
    r.cluster = QStringLiteral("default");
    r.engineId = QStringLiteral("sim");
    r.instanceType = QStringLiteral("m5.large");
    r.count = 10000;
    QVERIFY(m_cp->instances().registerNew(r).ok());
    const qint64 registerMs = timer.restart();
    QTRY_COMPARE_WITH_TIMEOUT(m_table->model()->rowCount(), 10003, 1000);
    const qint64 refreshMs = timer.restart();
    m_table->viewport()->repaint();
    const qint64 paintMs = timer.restart();
    std::printf("10,000 instances: registered in %lld ms; table refreshed %lld ms later (incl. %d ms coalescing); "
                "painted in %lld ms\n",
                registerMs, refreshMs, 50, paintMs);
    QVERIFY2(refreshMs < 1000, qPrintable(QString::number(refreshMs)));
    // The selection survived the bulk refresh.
    QCOMPARE(m_window->page<fd::ui::InstancesView>()->selectedInstanceIds(), QStringList{selected});

    // An unchanged refresh, one changed row, and every row changed (engine down), each timed.
    ContainerInstanceTableModel *model = m_window->page<fd::ui::InstancesView>()->model();
    timer.restart();
    model->refresh();
    const qint64 noopMs = timer.restart();
    QVERIFY(m_cp->instances().setState(QStringLiteral("default"), selected, fd::InstanceStatus::Draining).ok());
    model->refresh();
    QCoreApplication::processEvents();
    const qint64 oneMs = timer.restart();
    m_cp->engines().setConnection(QStringLiteral("sim"), false, {}, QStringLiteral("down"));
    model->refresh();
    QCoreApplication::processEvents();
    const qint64 allMs = timer.restart();
    m_table->sortByColumn(ContainerInstanceTableModel::MemoryColumn, Qt::DescendingOrder);
    QCoreApplication::processEvents();
    const qint64 sortMs = timer.restart();
    std::printf("10,003 rows: unchanged refresh %lld ms, one row changed %lld ms, all rows changed %lld ms, "
                "sort by memory %lld ms\n",
                noopMs, oneMs, allMs, sortMs);
    QVERIFY(noopMs < 1000 && oneMs < 1000 && allMs < 1000 && sortMs < 1000);
    QCOMPARE(agentText(selected), QStringLiteral("Disconnected"));
}

QTEST_MAIN(TestInstancesView)
#include "TestInstancesView.moc"
