// "Send traffic…" on the Load balancers page, in the console's window: it opens the Traffic page
// with the URL of the listener selected in the tree (or of the load balancer's first listener),
// is disabled for a load balancer without a listener, and refuses (saying why) while the Traffic
// page is sending elsewhere. The Traffic page offers every listener's URL in its Listeners menu and
// its URL completer, following listeners as they are created.

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "MainWindow.h"
#include "PageKeys.h"
#include "TrafficBackend.h"
#include "ops/LoadBalancers.h"
#include "ops/TargetGroups.h"
#include "traffic/TrafficGenerator.h"
#include "views/LoadBalancerTree.h"
#include "views/LoadBalancersView.h"
#include "views/TrafficView.h"
#include "wizards/LoadBalancerPlan.h"

#include <QAction>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace fd::ui;

class TestSendTraffic final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void opensTrafficWithTheSelectedListener();
    void disabledWithoutAListener();
    void refusedWhileSendingElsewhere();
    void trafficPageOffersTheListeners();

private:
    template<typename T> T *find(const char *name) const
    {
        T *w = m_window->findChild<T *>(QLatin1String(name));
        if (!w)
            qWarning("no widget %s", name);
        return w;
    }
    static QString url(int port) { return QStringLiteral("http://127.0.0.1:%1/").arg(port); }
    // A second listener on shop, on a free port above `from`, forwarding to web.
    int addListener(int from);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fd::ControlPlane> m_cp;
    std::unique_ptr<MainWindow> m_window;
    LoadBalancersView *m_lbs = nullptr;
    TrafficView *m_traffic = nullptr;
    int m_examplePort = 0;
    int m_shopPort = 0;
};

void TestSendTraffic::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto opened = fd::ControlPlane::open(m_dir->path(), std::make_shared<fd::ManualClock>());
    QVERIFY(opened.ok());
    m_cp = std::move(opened).value();
    // edges-cubebuster on one port, shop on the next free one.
    m_examplePort = LoadBalancerPlanner::suggestPort(*m_cp);
    QVERIFY(LoadBalancerPlanner::apply(*m_cp, LoadBalancerPlanner::edgesAndCubeBuster(m_examplePort)).ok());
    LoadBalancerPlan shop;
    shop.name = QStringLiteral("shop");
    shop.port = m_shopPort = LoadBalancerPlanner::suggestPort(*m_cp, m_examplePort + 1);
    fd::ops::TargetGroupRequest web;
    web.name = QStringLiteral("web");
    web.port = 8080;
    shop.newTargetGroups << web;
    shop.defaultTargetGroup = web.name;
    QVERIFY(LoadBalancerPlanner::apply(*m_cp, shop).ok());

    m_window = std::make_unique<MainWindow>(*m_cp);
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_lbs = m_window->page<LoadBalancersView>();
    m_traffic = m_window->page<TrafficView>();
    QVERIFY(m_lbs && m_traffic);
}

void TestSendTraffic::cleanup()
{
    if (m_window)
        m_window->context().traffic().stop();
    m_lbs = nullptr;
    m_traffic = nullptr;
    m_window.reset();
    m_cp.reset();
    m_dir.reset();
}

int TestSendTraffic::addListener(int from)
{
    const QString lb = m_cp->loadBalancers().findNamed(QStringLiteral("shop"))->id;
    fd::ops::ListenerRequest request;
    request.loadBalancerId = lb;
    request.port = LoadBalancerPlanner::suggestPort(*m_cp, from);
    fd::elb::Action forward;
    forward.type = QStringLiteral("forward");
    forward.targetGroups = {{m_cp->targetGroups().findNamed(QStringLiteral("web"))->id, std::nullopt}};
    request.defaultActions = {forward};
    const fd::Result<fd::elb::Listener> made = m_cp->loadBalancers().createListener(request);
    if (!made) {
        qWarning("%s", qPrintable(made.error().message));
        return 0;
    }
    return made.value().port;
}

void TestSendTraffic::opensTrafficWithTheSelectedListener()
{
    const int second = addListener(m_shopPort + 1);
    QVERIFY(second > m_shopPort);
    QVERIFY(m_window->show(LoadBalancersView::kPageKey, {}, QStringLiteral("shop")));
    QVERIFY(m_lbs->isVisible());

    // Nothing selected in the tree: the load balancer's first listener (by port).
    m_lbs->tree()->setCurrentItem(nullptr);
    auto *send = find<QPushButton>("sendTrafficButton");
    QVERIFY(send->isEnabled());
    QTest::mouseClick(send, Qt::LeftButton);
    QTRY_VERIFY(m_traffic->isVisible());
    QVERIFY(!m_lbs->isVisible());
    QCOMPARE(find<QLineEdit>("trafficUrl")->text(), url(m_shopPort));

    // A rule under the second listener selected: that listener's URL, through the tree's action.
    QVERIFY(m_window->show(LoadBalancersView::kPageKey, {}, QStringLiteral("shop")));
    QTreeWidgetItem *rule = m_lbs->tree()->itemByKey(QStringLiteral("rule:%1:default").arg(second));
    QVERIFY(rule);
    m_lbs->tree()->setCurrentItem(rule);
    QCOMPARE(m_lbs->trafficUrl(), url(second));
    auto *action = m_lbs->findChild<QAction *>(QStringLiteral("sendTrafficAction"));
    QVERIFY(m_lbs->tree()->actions().contains(action)); // in the tree's context menu
    action->trigger();
    QTRY_VERIFY(m_traffic->isVisible());
    QCOMPARE(find<QLineEdit>("trafficUrl")->text(), url(second));

    // Another load balancer: its listener.
    QVERIFY(m_window->show(LoadBalancersView::kPageKey, {}, QStringLiteral("edges-cubebuster")));
    m_lbs->tree()->setCurrentItem(nullptr);
    QTest::mouseClick(send, Qt::LeftButton);
    QTRY_VERIFY(m_traffic->isVisible());
    QCOMPARE(find<QLineEdit>("trafficUrl")->text(), url(m_examplePort));
}

void TestSendTraffic::disabledWithoutAListener()
{
    fd::ops::LoadBalancerRequest noListener;
    noListener.name = QStringLiteral("bare");
    QVERIFY(m_cp->loadBalancers().create(noListener).ok());
    QVERIFY(m_window->show(LoadBalancersView::kPageKey, {}, QStringLiteral("bare")));
    auto *send = find<QPushButton>("sendTrafficButton");
    QVERIFY(!send->isEnabled());
    QVERIFY2(send->toolTip().contains(QStringLiteral("no listener")), qPrintable(send->toolTip()));
    QVERIFY(!m_lbs->findChild<QAction *>(QStringLiteral("sendTrafficAction"))->isEnabled());
    QVERIFY(!m_lbs->sendTraffic());
    QVERIFY(m_lbs->isVisible());

    // Outside the console (no navigator): the page says why nothing opened.
    ConsoleContext bare(*m_cp);
    LoadBalancersView alone(bare);
    alone.show();
    QVERIFY(alone.selectItem(QStringLiteral("shop")));
    QVERIFY(!alone.sendTraffic());
    QVERIFY2(alone.findChild<QLabel *>(QStringLiteral("loadBalancerHint"))->text().contains(url(m_shopPort)),
             "names the URL");

    // A listener added later (through the API): enabled at once.
    const QString lb = m_cp->loadBalancers().findNamed(QStringLiteral("bare"))->id;
    fd::ops::ListenerRequest request;
    request.loadBalancerId = lb;
    request.port = LoadBalancerPlanner::suggestPort(*m_cp, m_shopPort + 1);
    fd::elb::Action fixed;
    fixed.type = QStringLiteral("fixed-response");
    fixed.fixedStatusCode = QStringLiteral("200");
    request.defaultActions = {fixed};
    QVERIFY(m_cp->loadBalancers().createListener(request).ok());
    QTRY_VERIFY(send->isEnabled());
    QCOMPARE(m_lbs->trafficUrl(), url(*request.port));
}

// While a run is sending, its URL stays: "Send traffic…" says so and the page stays.
void TestSendTraffic::refusedWhileSendingElsewhere()
{
    fd::test::TrafficBackend backend;
    QVERIFY(backend.start());
    backend.setBehaviour("/", fd::test::TrafficBackend::Behaviour::Hang);
    QVERIFY(m_window->show(pages::Traffic));
    auto *urlEdit = find<QLineEdit>("trafficUrl");
    urlEdit->clear();
    QTest::keyClicks(urlEdit, backend.url());
    find<QSpinBox>("trafficDuration")->setValue(60);
    QTest::mouseClick(find<QPushButton>("trafficStart"), Qt::LeftButton);
    QVERIFY2(m_traffic->errorText().isEmpty(), qPrintable(m_traffic->errorText()));
    QVERIFY(m_window->context().traffic().isRunning());
    QVERIFY(!find<QPushButton>("trafficListenersButton")->isEnabled());

    QVERIFY(m_window->show(LoadBalancersView::kPageKey, {}, QStringLiteral("shop")));
    QVERIFY(!m_lbs->sendTraffic());
    QVERIFY(m_traffic->isVisible()); // the run is shown, with why its URL stays
    QCOMPARE(urlEdit->text(), backend.url());
    QVERIFY2(m_traffic->errorText().contains(QStringLiteral("stop it to send to %1").arg(url(m_shopPort))),
             qPrintable(m_traffic->errorText()));

    // Stopped: the next Send traffic… fills the URL in.
    QTest::mouseClick(find<QPushButton>("trafficStop"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->context().traffic().isRunning(), 10000);
    QVERIFY(m_window->show(LoadBalancersView::kPageKey, {}, QStringLiteral("shop")));
    QVERIFY(m_lbs->sendTraffic());
    QCOMPARE(urlEdit->text(), url(m_shopPort));
    QVERIFY(m_traffic->errorText().isEmpty());
}

void TestSendTraffic::trafficPageOffersTheListeners()
{
    QVERIFY(m_window->show(pages::Traffic));
    // By load balancer name, then port.
    QCOMPARE(m_traffic->listenerUrls(), (QStringList{url(m_examplePort), url(m_shopPort)}));
    QMenu *menu = m_traffic->listenerMenu();
    QCOMPARE(menu->actions().size(), 2);
    QCOMPARE(menu->actions().at(1)->text(), QStringLiteral("shop :%1   %2").arg(m_shopPort).arg(url(m_shopPort)));
    QVERIFY(find<QPushButton>("trafficStart")->isEnabled());
    menu->actions().at(1)->trigger();
    QCOMPARE(find<QLineEdit>("trafficUrl")->text(), url(m_shopPort));

    // The completer finds a listener by its port.
    QCompleter *completer = find<QLineEdit>("trafficUrl")->completer();
    QVERIFY(completer);
    completer->setCompletionPrefix(QStringLiteral(":%1").arg(m_examplePort));
    QCOMPARE(completer->completionCount(), 1);
    QCOMPARE(completer->currentCompletion(), url(m_examplePort));

    // A listener created later is offered too.
    const int added = addListener(m_shopPort + 1);
    QVERIFY(added > 0);
    QTRY_COMPARE(m_traffic->listenerUrls().size(), 3);
    QCOMPARE(m_traffic->listenerUrls().last(), url(added));
}

QTEST_MAIN(TestSendTraffic)
#include "TestSendTraffic.moc"
