// The Load balancers page charts one target group: requests really sent through the load balancer's
// proxy on 127.0.0.1 to two target groups behind one listener (a path rule sends /b* to the second)
// are published by the MetricsPublisher, and selecting a target group in the tree (or the tree's
// "Charts of this target group") shows that group's own requests, HTTP codes, response time and host
// counts; a listener selected again shows the load balancer's. Expected values are what the client
// got back, compared with the values of the charts' series.

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "DrivenSystem.h"
#include "TestSupport.h"
#include "TrafficBackend.h"
#include "charts/MetricChart.h"
#include "controllers/LoadBalancerController.h"
#include "controllers/MetricsPublisher.h"
#include "lb/Proxy.h"
#include "models/ItemRoles.h"
#include "ops/ListenerRules.h"
#include "ops/LoadBalancers.h"
#include "ops/TargetGroups.h"
#include "views/LoadBalancerTree.h"
#include "views/LoadBalancersView.h"
#include "views/MetricsPanel.h"

#include <QAction>
#include <QComboBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>

using namespace fd::ui;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMinute = 60'000;

// The status code of a raw HTTP answer ("HTTP/1.1 404 Not Found..."); 0 when there is none.
int statusOf(const QByteArray &reply)
{
    const QList<QByteArray> first = reply.left(reply.indexOf('\r')).split(' ');
    return first.size() >= 2 ? first[1].toInt() : 0;
}

double sumOf(const std::vector<fd::metrics::Point> &points)
{
    double sum = 0;
    for (const fd::metrics::Point &p : points)
        sum += p.v;
    return sum;
}

// What the client got from one target group: answers by class ("2", "4", "5").
struct Observed
{
    int requests = 0;
    std::map<int, int> byClass;
};

} // namespace

class TestTargetGroupCharts final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void eachTargetGroupChartsItsOwnTraffic();

private:
    // GETs `path` through the listener `n` times and notes the answers under `group`.
    void send(const QString &group, const QByteArray &path, int n);
    // Waits until the proxy counted every answer sent so far (it counts one once it went out).
    void waitUntilCounted();
    // Moves the clock to the next minute, one second at a time, with the publisher ticking.
    void runToNextMinute();
    // The sum of the series named `series` of the chart titled `title`, as the panel shows now.
    double chartSum(const QString &title, const QString &series) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<fd::ManualClock> m_clock;
    std::unique_ptr<fd::System> m_system;
    std::unique_ptr<ConsoleContext> m_context;
    std::unique_ptr<LoadBalancersView> m_view;
    fd::test::TrafficBackend m_backendA;
    fd::test::TrafficBackend m_backendB;
    int m_port = 0;
    std::map<QString, Observed> m_observed; // by target group name
};

void TestTargetGroupCharts::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_shared<fd::ManualClock>();
    m_system = fd::test::startDrivenSystem(m_dir->path(), m_clock, [](const fd::Engine &) { return nullptr; });
    fd::ControlPlane &cp = m_system->controlPlane();
    QVERIFY(m_system->metricsPublisher());
    QVERIFY(m_system->loadBalancerController());
    QVERIFY(m_backendA.start());
    QVERIFY(m_backendB.start());
    m_backendB.setBehaviour("/b-missing", fd::test::TrafficBackend::Behaviour::Status404);
    m_backendB.setBehaviour("/b-failing", fd::test::TrafficBackend::Behaviour::Status500);

    fd::ops::LoadBalancerRequest lbRequest;
    lbRequest.name = u"shop"_s;
    const auto lb = cp.loadBalancers().create(lbRequest);
    QVERIFY(lb);
    auto group = [&](const QString &name) {
        fd::ops::TargetGroupRequest r;
        r.name = name;
        r.port = 80;
        r.targetType = u"ip"_s;
        return cp.targetGroups().create(r);
    };
    const auto web = group(u"web"_s);
    const auto books = group(u"books"_s);
    QVERIFY(web && books);
    auto forwardTo = [](const QString &id) {
        fd::elb::Action a;
        a.type = u"forward"_s;
        a.targetGroups = {{id, std::nullopt}};
        a.givenAsTargetGroupArn = true;
        return a;
    };
    fd::ops::ListenerRequest listener;
    listener.loadBalancerId = lb->id;
    listener.port = fd::test::freeLoopbackPort();
    listener.defaultActions = {forwardTo(web->id)};
    const auto made = cp.loadBalancers().createListener(listener);
    QVERIFY(made);
    m_port = made->port;
    fd::ops::RuleRequest rule;
    rule.listenerId = made->id;
    rule.priority = 10;
    fd::elb::Condition path;
    path.field = u"path-pattern"_s;
    path.values = {u"/b*"_s};
    rule.conditions = {path};
    rule.actions = {forwardTo(books->id)};
    QVERIFY(cp.listenerRules().create(rule));
    QVERIFY(cp.targetGroups().registerTargets(web->id, {{u"127.0.0.1"_s, m_backendA.port(), {}}}));
    QVERIFY(cp.targetGroups().registerTargets(books->id, {{u"127.0.0.1"_s, m_backendB.port(), {}}}));
    m_system->loadBalancerController()->reconcileNow();
    QVERIFY(m_system->loadBalancerController()->listenerErrors().empty());

    m_context = std::make_unique<ConsoleContext>(cp);
    m_view = std::make_unique<LoadBalancersView>(*m_context);
    m_view->resize(1280, 800);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    QVERIFY(m_view->selectItem(u"shop"_s));
}

void TestTargetGroupCharts::cleanup()
{
    m_view.reset();
    m_context.reset();
    m_system.reset();
    m_observed.clear();
    m_dir.reset();
}

void TestTargetGroupCharts::send(const QString &group, const QByteArray &path, int n)
{
    Observed &o = m_observed[group];
    for (int i = 0; i < n; ++i) {
        const int status = statusOf(fd::test::httpGet(u"127.0.0.1"_s, quint16(m_port), path));
        QVERIFY2(status >= 200 && status < 600, qPrintable(u"no answer to %1"_s.arg(QString::fromLatin1(path))));
        ++o.requests;
        ++o.byClass[status / 100];
    }
}

void TestTargetGroupCharts::waitUntilCounted()
{
    int sent = 0;
    for (const auto &[group, o] : m_observed)
        sent += o.requests;
    QTRY_COMPARE_WITH_TIMEOUT(
        [&] {
            int answered = 0;
            for (const fd::lb::TargetStats &t : m_system->loadBalancerController()->proxy().stats().targets)
                answered += int(t.responses2xx + t.responses3xx + t.responses4xx + t.responses5xx);
            return answered;
        }(),
        sent, 5000);
}

void TestTargetGroupCharts::runToNextMinute()
{
    const auto now = [this] { return m_clock->now().toMSecsSinceEpoch(); };
    const qint64 next = now() - now() % kMinute + kMinute;
    while (now() < next) {
        m_clock->advance(std::min<qint64>(1000, next - now()));
        QCoreApplication::processEvents();
        m_system->metricsPublisher()->tick();
    }
}

double TestTargetGroupCharts::chartSum(const QString &title, const QString &series) const
{
    MetricChart *chart = m_view->metricsPanel()->chart(title);
    if (!chart) {
        qWarning("no chart %s", qPrintable(title));
        return -1;
    }
    for (int i = 0; i < chart->seriesCount(); ++i)
        if (chart->seriesName(i) == series)
            return sumOf(chart->seriesPoints(i));
    qWarning("no series %s in %s", qPrintable(series), qPrintable(title));
    return -1;
}

void TestTargetGroupCharts::eachTargetGroupChartsItsOwnTraffic()
{
    fd::ControlPlane &cp = m_system->controlPlane();
    m_system->metricsPublisher()->tick(); // the counters' baseline

    // Two minutes of traffic: web gets only 2XX, books 2XX, 4XX and 5XX, in other amounts.
    send(u"web"_s, "/", 9);
    send(u"books"_s, "/books", 4);
    send(u"books"_s, "/b-missing", 2);
    waitUntilCounted();
    runToNextMinute();
    send(u"web"_s, "/", 5);
    send(u"books"_s, "/b-failing", 3);
    waitUntilCounted();
    runToNextMinute();

    const auto web = cp.targetGroups().findNamed(u"web"_s);
    const auto books = cp.targetGroups().findNamed(u"books"_s);
    QVERIFY(web && books);
    LoadBalancerTree *tree = m_view->tree();
    auto *scope = m_view->findChild<QComboBox *>(u"loadBalancerMetricsScope"_s);
    QVERIFY(scope);
    QCOMPARE(scope->count(), 3); // the load balancer, books, web
    QVERIFY(m_view->chartedTargetGroupId().isEmpty());

    // web selected in the tree: its charts, titled with its name.
    QTreeWidgetItem *webItem = tree->itemByKey(u"group:rule:%1:default/web"_s.arg(m_port));
    QVERIFY(webItem);
    tree->setCurrentItem(webItem);
    QCOMPARE(m_view->chartedTargetGroupId(), web->id);
    QCOMPARE(scope->currentText(), u"Target group web"_s);
    m_view->detailTabs()->setCurrentWidget(m_view->metricsPanel());
    QVERIFY(m_view->metricsPanel()->isVisible());
    m_view->metricsPanel()->refresh();
    QCOMPARE(m_view->metricsPanel()->chartCount(), 4);
    const Observed &w = m_observed[u"web"_s];
    QCOMPARE(chartSum(u"web · Requests (per minute)"_s, u"RequestCount"_s), double(w.requests));
    QCOMPARE(chartSum(u"web · HTTP codes (per minute)"_s, u"Target 2XX"_s), double(w.byClass.at(2)));
    QCOMPARE(chartSum(u"web · HTTP codes (per minute)"_s, u"Target 4XX"_s), 0.0);
    QCOMPARE(chartSum(u"web · HTTP codes (per minute)"_s, u"Target 5XX"_s), 0.0);
    // Two minutes of answers: a response time for each, one host.
    MetricChart *time = m_view->metricsPanel()->chart(u"web · Target response time"_s);
    QVERIFY(time);
    QCOMPARE(int(time->seriesPoints(0).size()), 2);
    MetricChart *hosts = m_view->metricsPanel()->chart(u"web · Healthy and unhealthy hosts"_s);
    QVERIFY(hosts);
    QCOMPARE(hosts->seriesName(0), u"Healthy"_s);
    QVERIFY(!hosts->seriesPoints(0).empty() && !hosts->seriesPoints(1).empty());
    for (int s = 0; s < 2; ++s)
        for (const fd::metrics::Point &p : hosts->seriesPoints(s))
            QVERIFY(p.v >= 0 && p.v <= 1); // web has one target
    // The hover readout and the CSV speak of web's values.
    MetricChart *requests = m_view->metricsPanel()->chart(u"web · Requests (per minute)"_s);
    const fd::metrics::Point firstMinute = requests->seriesPoints(0).front();
    QVERIFY2(requests->readoutAt(firstMinute.t).contains(u"RequestCount: %1"_s.arg(firstMinute.v)),
             qPrintable(requests->readoutAt(firstMinute.t)));
    QVERIFY2(requests->csv().contains(u"targetgroup/web/"_s + web->id), qPrintable(requests->csv().left(400)));

    // The load balancer picked in the chooser stays when the tree rebuilds with web still selected.
    scope->setCurrentIndex(0);
    QVERIFY(m_view->chartedTargetGroupId().isEmpty());
    QVERIFY(m_view->metricsPanel()->chart(u"Requests (per minute)"_s));
    tree->rebuild();
    QCOMPARE(tree->currentItem()->data(0, KeyRole).toString(), u"group:rule:%1:default/web"_s.arg(m_port));
    QVERIFY(m_view->chartedTargetGroupId().isEmpty());
    // A click on web, still the tree's current item, charts it again.
    m_view->detailTabs()->setCurrentIndex(0);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualItemRect(tree->currentItem()).center());
    QCOMPARE(m_view->chartedTargetGroupId(), web->id);

    // A target of books, through the tree's "Charts of this target group": books' own counts.
    QTreeWidgetItem *booksItem = tree->itemByKey(u"group:rule:%1:10/books"_s.arg(m_port));
    QVERIFY(booksItem);
    QVERIFY(booksItem->childCount() >= 1);
    m_view->detailTabs()->setCurrentIndex(0);
    tree->setCurrentItem(booksItem->child(0));
    auto *action = m_view->findChild<QAction *>(u"showTargetGroupChartsAction"_s);
    QVERIFY(action && tree->actions().contains(action) && action->isEnabled());
    action->trigger();
    QCOMPARE(m_view->detailTabs()->currentWidget(), m_view->metricsPanel());
    QCOMPARE(m_view->chartedTargetGroupId(), books->id);
    m_view->metricsPanel()->refresh();
    const Observed &b = m_observed[u"books"_s];
    QCOMPARE(chartSum(u"books · Requests (per minute)"_s, u"RequestCount"_s), double(b.requests));
    QCOMPARE(chartSum(u"books · HTTP codes (per minute)"_s, u"Target 2XX"_s), double(b.byClass.at(2)));
    QCOMPARE(chartSum(u"books · HTTP codes (per minute)"_s, u"Target 4XX"_s), double(b.byClass.at(4)));
    QCOMPARE(chartSum(u"books · HTTP codes (per minute)"_s, u"Target 5XX"_s), double(b.byClass.at(5)));
    QVERIFY(m_view->metricsPanel()->chart(u"web · Requests (per minute)"_s) == nullptr);

    // The window choice applies to these charts as to the load balancer's.
    m_view->metricsPanel()->setWindow(ChartWindow::FiveMinutes);
    QCOMPARE(m_view->metricsPanel()->chart(u"books · Requests (per minute)"_s)->window(), ChartWindow::FiveMinutes);

    // A listener selected: the load balancer's charts (in the window chosen), the sum of both groups.
    tree->setCurrentItem(tree->itemByKey(u"listener:%1"_s.arg(m_port)));
    QVERIFY(m_view->chartedTargetGroupId().isEmpty());
    QVERIFY(!action->isEnabled());
    QCOMPARE(m_view->metricsPanel()->chart(u"Requests (per minute)"_s)->window(), ChartWindow::FiveMinutes);
    m_view->metricsPanel()->setWindow(ChartWindow::OneHour);
    QCOMPARE(chartSum(u"Requests (per minute)"_s, u"RequestCount"_s), double(w.requests + b.requests));
    QCOMPARE(chartSum(u"HTTP codes (per minute)"_s, u"Target 5XX"_s), double(b.byClass.at(5)));
}

QTEST_MAIN(TestTargetGroupCharts)
#include "TestTargetGroupCharts.moc"
