// A listener the load balancer's data plane could not open, shown as such: with the real
// LoadBalancerController and its proxy, wired to the console's context as app/main.cpp wires it,
// a listener whose port another program holds carries a red "not serving" badge on the Load
// balancers page with the proxy's code and message (the port, the reason, a free port); the Traffic
// page's Listeners menu says "(not serving)"; once the port is free and the routing is applied
// again, the badge goes and the listener answers.

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "controllers/LoadBalancerController.h"
#include "Palette.h"
#include "models/ItemRoles.h"
#include "models/LoadBalancerTableModel.h"
#include "ops/TargetGroups.h"
#include "views/LoadBalancerTree.h"
#include "views/LoadBalancersView.h"
#include "views/TrafficView.h"
#include "wizards/LoadBalancerPlan.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace fd::ui;

class TestListenerNotServing final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void contextWithoutSourceHasNoErrors();
    void portHeldByAnotherProgramIsNotServing();

private:
    // What app/main.cpp does with the system's LoadBalancerController.
    static void wire(ConsoleContext &context, fd::LoadBalancerController &lbs);
    static QString stateOf(LoadBalancerTree *tree, const QString &key)
    {
        QTreeWidgetItem *item = tree->itemByKey(key);
        return item ? item->text(LoadBalancerTree::StateColumn) : QStringLiteral("(no item)");
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fd::ControlPlane> m_cp;
    std::unique_ptr<ConsoleContext> m_context;
};

void TestListenerNotServing::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto opened = fd::ControlPlane::open(m_dir->path(), std::make_shared<fd::ManualClock>());
    QVERIFY(opened.ok());
    m_cp = std::move(opened).value();
    m_context = std::make_unique<ConsoleContext>(*m_cp);
}

void TestListenerNotServing::cleanup()
{
    m_context.reset();
    m_cp.reset();
    m_dir.reset();
}

void TestListenerNotServing::wire(ConsoleContext &context, fd::LoadBalancerController &lbs)
{
    context.setListenerErrors([&lbs] {
        QList<ListenerError> errors;
        for (const fd::lb::ListenerError &e : lbs.listenerErrors())
            errors.append({QString::fromStdString(e.listenerId), int(e.port), e.error.code, e.error.message});
        return errors;
    });
    QObject::connect(&lbs, &fd::LoadBalancerController::routingApplied, &context,
                     &ConsoleContext::notifyListenerErrorsChanged);
}

void TestListenerNotServing::contextWithoutSourceHasNoErrors()
{
    QVERIFY(m_context->listenerErrors().isEmpty());
    int changed = 0;
    connect(m_context.get(), &ConsoleContext::listenerErrorsChanged, this, [&] { ++changed; });
    m_context->setListenerErrors([] {
        return QList<ListenerError>{
            {QStringLiteral("l-1"), 80, QStringLiteral("PortUnavailable"), QStringLiteral("x")}};
    });
    QCOMPARE(changed, 1);
    QCOMPARE(m_context->listenerErrors().size(), 1);
    m_context->notifyListenerErrorsChanged();
    QCOMPARE(changed, 2);
}

void TestListenerNotServing::portHeldByAnotherProgramIsNotServing()
{
    // Two load balancers on free ports; then another program takes the first one's port.
    const int held = LoadBalancerPlanner::suggestPort(*m_cp);
    QVERIFY(LoadBalancerPlanner::apply(*m_cp, LoadBalancerPlanner::edgesAndCubeBuster(held)).ok());
    LoadBalancerPlan shop;
    shop.name = QStringLiteral("shop");
    shop.port = LoadBalancerPlanner::suggestPort(*m_cp, held + 1);
    shop.defaultTargetGroup = QStringLiteral("edges");
    QVERIFY(LoadBalancerPlanner::apply(*m_cp, shop).ok());
    auto squatter = std::make_unique<QTcpServer>();
    QVERIFY(squatter->listen(QHostAddress::LocalHost, quint16(held)));

    fd::LoadBalancerController lbs(*m_cp, fd::lb::ProxyOptions{});
    wire(*m_context, lbs);
    LoadBalancersView view(*m_context);
    view.resize(1280, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.selectItem(QStringLiteral("edges-cubebuster")));
    LoadBalancerTree *tree = view.tree();
    const QString key = QStringLiteral("listener:%1").arg(held);
    QCOMPARE(stateOf(tree, key), QString()); // nothing known yet: no badge

    lbs.start();
    lbs.reconcileNow();
    QCOMPARE(lbs.listenerErrors().size(), std::size_t(1));
    QTRY_COMPARE(stateOf(tree, key), QStringLiteral("not serving"));
    QTreeWidgetItem *listener = tree->itemByKey(key);
    QCOMPARE(listener->data(LoadBalancerTree::StateColumn, StatusRole).toString(),
             QStringLiteral("LISTENER_NOT_SERVING"));
    QCOMPARE(listener->text(LoadBalancerTree::ReasonColumn), QStringLiteral("PortUnavailable"));
    // The proxy's message in full, on its own line first under the listener.
    QTreeWidgetItem *why = tree->itemByKey(QStringLiteral("listener-error:%1").arg(held));
    QVERIFY(why);
    QCOMPARE(why->parent(), listener);
    QCOMPARE(listener->indexOfChild(why), 0);
    QVERIFY(why->isFirstColumnSpanned());
    const QString message = why->text(LoadBalancerTree::ItemColumn);
    QVERIFY2(message.contains(QStringLiteral("127.0.0.1:%1").arg(held)), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("already in use by another program")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("is free now")), qPrintable(message)); // a suggestion

    // Named above the table, whichever load balancer is selected.
    auto *named = view.findChild<QLabel *>(QStringLiteral("notServingLabel"));
    QVERIFY(named->isVisible());
    QVERIFY2(named->text().contains(QStringLiteral("edges-cubebuster :%1").arg(held)), qPrintable(named->text()));
    QVERIFY(!named->text().contains(QStringLiteral("shop")));

    // The table's Listeners column says it too, in red, with the message as its tooltip.
    auto *model = view.findChild<LoadBalancerTableModel *>();
    QVERIFY(model);
    const QModelIndex cell =
        model->index(model->rowOf(QStringLiteral("edges-cubebuster")), LoadBalancerTableModel::ListenersColumn);
    QVERIFY2(cell.data().toString().contains(QStringLiteral(":%1 → not serving (PortUnavailable)").arg(held)),
             qPrintable(cell.data().toString()));
    QCOMPARE(cell.data(Qt::ForegroundRole).value<QColor>(), palette::Error);
    QCOMPARE(cell.data(Qt::ToolTipRole).toString(), message);
    const QModelIndex shopCell =
        model->index(model->rowOf(QStringLiteral("shop")), LoadBalancerTableModel::ListenersColumn);
    QVERIFY(!shopCell.data().toString().contains(QStringLiteral("not serving")));

    // The other load balancer's listener serves: no badge.
    QVERIFY(view.selectItem(QStringLiteral("shop")));
    QCOMPARE(stateOf(tree, QStringLiteral("listener:%1").arg(shop.port)), QString());

    // The Traffic page's listeners say which one does not serve.
    TrafficView traffic(*m_context);
    const QList<QAction *> actions = traffic.listenerMenu()->actions();
    QCOMPARE(actions.size(), 2);
    QVERIFY2(actions.at(0)->text().endsWith(QStringLiteral("(not serving)")), qPrintable(actions.at(0)->text()));
    QCOMPARE(actions.at(0)->toolTip(), message);
    QVERIFY2(!actions.at(1)->text().contains(QStringLiteral("not serving")), qPrintable(actions.at(1)->text()));

    // The port freed and the routing applied again (any load-balancing change): serving, no badge.
    squatter.reset();
    QVERIFY(view.selectItem(QStringLiteral("edges-cubebuster")));
    fd::ops::TargetGroupRequest spare;
    spare.name = QStringLiteral("spare");
    spare.port = 8080;
    QVERIFY(m_cp->targetGroups().create(spare).ok());
    lbs.reconcileNow();
    QVERIFY(lbs.listenerErrors().empty());
    QTRY_COMPARE(stateOf(tree, key), QString());
    QVERIFY(!tree->itemByKey(QStringLiteral("listener-error:%1").arg(held)));
    QVERIFY(!named->isVisible());
    QTRY_VERIFY(!model->index(model->rowOf(QStringLiteral("edges-cubebuster")), LoadBalancerTableModel::ListenersColumn)
                     .data()
                     .toString()
                     .contains(QStringLiteral("not serving")));
    QVERIFY(!traffic.listenerMenu()->actions().at(0)->text().contains(QStringLiteral("not serving")));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, quint16(held));
    QVERIFY(client.waitForConnected(2000));
    lbs.stop();
}

QTEST_MAIN(TestListenerNotServing)
#include "TestListenerNotServing.moc"
