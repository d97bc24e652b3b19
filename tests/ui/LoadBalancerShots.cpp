// The load balancer scenes of fleetdeck-screenshots: the Load balancers page with the Edges +
// CubeBuster example (targets in every state, in-flight counts) and the create-load-balancer wizard
// with rules (one of two conditions) and the tester, each at 1280×800 and 1920×1080; the page with
// a listener the proxy could not open.

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "MainWindow.h"
#include "json/TaskDefinitionJson.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/TargetGroups.h"
#include "ops/TaskDefinitions.h"
#include "views/LoadBalancersView.h"
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
    return ok;
}
