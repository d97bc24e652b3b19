// The load balancer scenes of fleetdeck-screenshots: the Load balancers page with the Edges +
// CubeBuster example (targets in every state, in-flight counts) and the create-load-balancer wizard
// with rules (one of two conditions) and the tester, each at 1280×800 and 1920×1080; the page with
// a listener the proxy could not open; the Metrics tab of one target group after 30 minutes of
// requests really sent through the proxy to two target groups.

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "DrivenSystem.h"
#include "MainWindow.h"
#include "TestSupport.h"
#include "TrafficBackend.h"
#include "charts/MetricChart.h"
#include "controllers/LoadBalancerController.h"
#include "controllers/MetricsPublisher.h"
#include "json/TaskDefinitionJson.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/ListenerRules.h"
#include "ops/LoadBalancers.h"
#include "ops/TargetGroups.h"
#include "ops/TaskDefinitions.h"
#include "views/LoadBalancerTree.h"
#include "views/LoadBalancersView.h"
#include "views/MetricsPanel.h"
#include "views/NavigationTree.h"
#include "wizards/CreateLoadBalancerDialog.h"
#include "wizards/LoadBalancerPlan.h"
#include "wizards/ServiceDialog.h"

#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <cmath>
#include <cstdio>

using namespace fd::ui;

namespace {

bool saveShot(QWidget *widget, const QString &dir, const QString &name)
{
    QTest::qWait(150); // coalesced refreshes and layouts settle
    const QString path = QDir(dir).filePath(name);
    const bool ok = widget->grab().save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

void setHealth(fd::ControlPlane &cp, const QString &group, const QString &id, int port, fd::elb::TargetHealthState s,
               const QString &reason = {}, const QString &description = {})
{
    fd::ops::TargetHealthUpdate u;
    u.targetGroupId = group;
    u.target = {id, port};
    u.state = s;
    u.reason = reason;
    u.description = description;
    (void)cp.targetGroups().setTargetHealth({u});
}

// The example with three targets in each group: healthy, starting, draining, failing.
void fillTargets(fd::ControlPlane &cp)
{
    const QList<fd::ContainerInstance> instances = cp.instances().list(QStringLiteral("default"));
    const QString edges = cp.targetGroups().findNamed(QStringLiteral("edges"))->id;
    const QString cube = cp.targetGroups().findNamed(QStringLiteral("cubebuster"))->id;
    using S = fd::elb::TargetHealthState;
    for (int i = 0; i < instances.size(); ++i) {
        const QString id = instances[i].ec2InstanceId;
        (void)cp.targetGroups().registerTargets(edges, {{id, 32768 + i, {}}});
        (void)cp.targetGroups().registerTargets(cube, {{id, 32800 + i, {}}});
    }
    setHealth(cp, edges, instances[0].ec2InstanceId, 32768, S::Healthy);
    setHealth(cp, edges, instances[1].ec2InstanceId, 32769, S::Healthy);
    setHealth(cp, cube, instances[0].ec2InstanceId, 32800, S::Healthy);
    setHealth(cp, cube, instances[2].ec2InstanceId, 32802, S::Unhealthy, QStringLiteral("Target.ResponseCodeMismatch"),
              QStringLiteral("Health checks failed with these codes: [500]"));
    (void)cp.targetGroups().deregisterTargets(cube, {{instances[1].ec2InstanceId, 32801, {}}});
}

void fillWizard(CreateLoadBalancerDialog &dialog)
{
    dialog.findChild<QLineEdit *>(QStringLiteral("loadBalancerNameEdit"))->setText(QStringLiteral("shop"));
    dialog.findChild<QLineEdit *>(QStringLiteral("targetGroupNameEdit"))->setText(QStringLiteral("storefront"));
    dialog.findChild<QLineEdit *>(QStringLiteral("healthCheckPathEdit"))->setText(QStringLiteral("/health"));
    auto *add = dialog.findChild<QPushButton *>(QStringLiteral("addRuleButton"));
    add->click();
    add->click();
    add->click();
    dialog.findChild<QLineEdit *>(QStringLiteral("ruleValues0"))->setText(QStringLiteral("/cubebuster*"));
    dialog.findChild<QComboBox *>(QStringLiteral("ruleArgument0"))->setCurrentText(QStringLiteral("cubebuster"));
    dialog.findChild<QToolButton *>(QStringLiteral("ruleAddCondition0"))->click();
    dialog.findChild<QComboBox *>(QStringLiteral("ruleField0_1"))
        ->setCurrentText(QStringLiteral("http-request-method"));
    dialog.findChild<QLineEdit *>(QStringLiteral("ruleValues0_1"))->setText(QStringLiteral("GET, HEAD"));
    dialog.findChild<QComboBox *>(QStringLiteral("ruleField1"))->setCurrentText(QStringLiteral("http-header"));
    dialog.findChild<QLineEdit *>(QStringLiteral("ruleValues1"))->setText(QStringLiteral("X-Env: beta"));
    dialog.findChild<QComboBox *>(QStringLiteral("ruleAction1"))->setCurrentText(QStringLiteral("redirect"));
    dialog.findChild<QComboBox *>(QStringLiteral("ruleArgument1"))->setCurrentText(QStringLiteral("/beta/#{path}"));
    dialog.findChild<QComboBox *>(QStringLiteral("ruleField2"))->setCurrentText(QStringLiteral("http-request-method"));
    dialog.findChild<QLineEdit *>(QStringLiteral("ruleValues2"))->setText(QStringLiteral("DELETE"));
    dialog.findChild<QComboBox *>(QStringLiteral("ruleAction2"))->setCurrentText(QStringLiteral("fixed-response"));
    dialog.findChild<QComboBox *>(QStringLiteral("ruleArgument2"))->setCurrentText(QStringLiteral("405 Read only"));
}

fd::elb::Action forwardTo(const QString &targetGroupId)
{
    fd::elb::Action a;
    a.type = QStringLiteral("forward");
    a.targetGroups = {{targetGroupId, std::nullopt}};
    a.givenAsTargetGroupArn = true;
    return a;
}

// Load balancer "shop": / to target group web (two backends), /books* to books (one backend that
// answers some paths 404 and 500), 30 minutes of a manual clock with real requests through the
// proxy each minute; then the page with books selected in the tree, its Metrics tab shown.
bool shootTargetGroupMetrics(const QString &out)
{
    QTemporaryDir data;
    auto clock = std::make_shared<fd::ManualClock>(QDateTime(QDate(2026, 3, 14), QTime(9, 0, 0), Qt::UTC));
    const std::unique_ptr<fd::System> system =
        fd::test::startDrivenSystem(data.path(), clock, [](const fd::Engine &) { return nullptr; });
    fd::ControlPlane &cp = system->controlPlane();
    fd::test::TrafficBackend web1, web2, books;
    if (!web1.start() || !web2.start() || !books.start())
        return false;
    books.setBehaviour("/books/missing", fd::test::TrafficBackend::Behaviour::Status404);
    books.setBehaviour("/books/broken", fd::test::TrafficBackend::Behaviour::Status500);

    fd::ops::LoadBalancerRequest lbRequest;
    lbRequest.name = QStringLiteral("shop");
    const auto lb = cp.loadBalancers().create(lbRequest);
    auto group = [&](const QString &name) {
        fd::ops::TargetGroupRequest r;
        r.name = name;
        r.port = 8080;
        r.targetType = QStringLiteral("ip");
        return cp.targetGroups().create(r);
    };
    const auto webGroup = group(QStringLiteral("web"));
    const auto booksGroup = group(QStringLiteral("books"));
    if (!lb || !webGroup || !booksGroup)
        return false;
    fd::ops::ListenerRequest listener;
    listener.loadBalancerId = lb->id;
    listener.port = fd::test::freeLoopbackPort();
    listener.defaultActions = {forwardTo(webGroup->id)};
    const auto made = cp.loadBalancers().createListener(listener);
    if (!made)
        return false;
    fd::ops::RuleRequest rule;
    rule.listenerId = made->id;
    rule.priority = 10;
    fd::elb::Condition path;
    path.field = QStringLiteral("path-pattern");
    path.values = {QStringLiteral("/books*")};
    rule.conditions = {path};
    rule.actions = {forwardTo(booksGroup->id)};
    if (!cp.listenerRules().create(rule))
        return false;
    (void)cp.targetGroups().registerTargets(webGroup->id, {{QStringLiteral("127.0.0.1"), web1.port(), {}},
                                                           {QStringLiteral("127.0.0.1"), web2.port(), {}}});
    (void)cp.targetGroups().registerTargets(booksGroup->id, {{QStringLiteral("127.0.0.1"), books.port(), {}}});
    system->loadBalancerController()->reconcileNow();
    for (const auto &[groupId, port] : {std::pair{webGroup->id, web1.port()}, std::pair{webGroup->id, web2.port()},
                                        std::pair{booksGroup->id, books.port()}})
        setHealth(cp, groupId, QStringLiteral("127.0.0.1"), port, fd::elb::TargetHealthState::Healthy);

    const quint16 port = quint16(made->port);
    auto get = [port](const QByteArray &target, int n) {
        for (int i = 0; i < n; ++i)
            (void)fd::test::httpGet(QStringLiteral("127.0.0.1"), port, target);
    };
    fd::MetricsPublisher &publisher = *system->metricsPublisher();
    publisher.tick();
    for (int minute = 0; minute < 30; ++minute) {
        // web: a slow wave; books: a burst of errors in the middle, slower answers then.
        get("/", 30 + int(20 * std::sin(minute / 4.0)));
        get("/books", 12 + minute % 5);
        get("/books/missing", minute % 3);
        get("/books/broken", minute >= 14 && minute < 19 ? 6 : 0);
        books.setDelay(std::chrono::milliseconds(minute >= 14 && minute < 19 ? 25 : 4));
        QTest::qWait(20); // the proxy counts an answer just after it went out
        for (int s = 0; s < 60; ++s) {
            clock->advance(1000);
            QCoreApplication::processEvents();
            publisher.tick();
        }
    }

    ConsoleContext context(cp);
    LoadBalancersView page(context);
    page.resize(1280, 800);
    page.show();
    if (!QTest::qWaitForWindowExposed(&page) || !page.selectItem(QStringLiteral("shop")))
        return false;
    page.tree()->setCurrentItem(page.tree()->itemByKey(QStringLiteral("group:rule:%1:10/books").arg(port)));
    page.detailTabs()->setCurrentWidget(page.metricsPanel());
    bool ok = page.chartedTargetGroupId() == booksGroup->id;
    for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
        page.resize(size);
        page.metricsPanel()->refresh();
        if (fd::ui::MetricChart *codes = page.metricsPanel()->chart(QStringLiteral("books · HTTP codes (per minute)")))
            codes->hoverAt(clock->now().toMSecsSinceEpoch() - 14 * 60'000);
        ok &= saveShot(&page, out, QStringLiteral("target-group-metrics-%1.png").arg(size.width()));
    }
    return ok;
}

} // namespace

bool shootLoadBalancers(const QString &out)
{
    QTemporaryDir data;
    auto clock = std::make_shared<fd::ManualClock>(QDateTime(QDate(2026, 3, 14), QTime(9, 40, 0), Qt::UTC));
    auto opened = fd::ControlPlane::open(data.path(), clock);
    if (!opened.ok())
        return false;
    const std::unique_ptr<fd::ControlPlane> cp = std::move(opened).value();
    if (!cp->engines().add(QStringLiteral("sim"), fd::Engine::Kind::Simulated, {}).ok() ||
        !cp->createDefaultLayout(QStringLiteral("sim")).ok())
        return false;
    const fd::Result<AppliedPlan> example =
        LoadBalancerPlanner::apply(*cp, LoadBalancerPlanner::edgesAndCubeBuster(8080));
    if (!example.ok()) {
        std::fprintf(stderr, "example: %s\n", qPrintable(example.error().message));
        return false;
    }
    fillTargets(*cp);

    MainWindow window(*cp);
    window.context().setApiEndpoint(QStringLiteral("http://127.0.0.1:7466"));
    window.resize(1280, 800);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    bool ok = window.show(LoadBalancersView::kPageKey, {}, QStringLiteral("edges-cubebuster"));
    auto *page = window.page<LoadBalancersView>();
    page->setInFlight([](const QString &, const QString &target) { return std::uint64_t(qHash(target) % 7); });
    ok &= saveShot(&window, out, QStringLiteral("main-window-load-balancers.png"));
    window.resize(1920, 1080);
    ok &= saveShot(&window, out, QStringLiteral("load-balancers-1920.png"));
    // The listener's port taken by another program when the proxy applied its table.
    const QString listenerId = example.value().listenerId;
    window.context().setListenerErrors([listenerId] {
        return QList<ListenerError>{{listenerId, 8080, QStringLiteral("PortUnavailable"),
                                     QStringLiteral("cannot listen on 127.0.0.1:8080: the port is already in use by "
                                                    "another program; port 8081 is free now")}};
    });
    window.resize(1280, 800);
    ok &= saveShot(&window, out, QStringLiteral("load-balancers-not-serving.png"));
    window.context().setListenerErrors({});

    CreateLoadBalancerDialog dialog(*cp, &window);
    dialog.setEndpoint(QStringLiteral("http://127.0.0.1:7466"));
    fillWizard(dialog);
    dialog.resize(1280, 800);
    dialog.show();
    (void)QTest::qWaitForWindowExposed(&dialog);
    ok &= saveShot(&dialog, out, QStringLiteral("create-load-balancer-1280.png"));
    dialog.resize(1920, 1080);
    ok &= saveShot(&dialog, out, QStringLiteral("create-load-balancer-1920.png"));
    dialog.hide();

    if (auto spec = fd::json::parseTaskDefinition(QByteArray(
            R"({"family": "cubebuster", "containerDefinitions": [{"name": "cubebuster", "image": "fleetdeck/demo-web:2",
            "cpu": 256, "memory": 256, "portMappings": [{"containerPort": 8080}]}]})"));
        spec.ok())
        (void)cp->taskDefinitions().registerNew(spec.value());
    ServiceDialog service(*cp, QStringLiteral("default"), {}, &window);
    service.setEndpoint(QStringLiteral("http://127.0.0.1:7466"));
    service.findChild<QLineEdit *>(QStringLiteral("serviceNameEdit"))->setText(QStringLiteral("cubebuster"));
    service.findChild<QPushButton *>(QStringLiteral("attachTargetGroupButton"))->click();
    auto *group = service.findChild<QComboBox *>(QStringLiteral("lbTargetGroup0"));
    group->setCurrentIndex(group->findText(QStringLiteral("cubebuster"), Qt::MatchStartsWith));
    service.findChild<QSpinBox *>(QStringLiteral("gracePeriodSpin"))->setValue(30);
    service.resize(1280, 800);
    service.show();
    (void)QTest::qWaitForWindowExposed(&service);
    ok &= saveShot(&service, out, QStringLiteral("service-dialog-load-balancers.png"));
    ok &= shootTargetGroupMetrics(out);
    return ok;
}
