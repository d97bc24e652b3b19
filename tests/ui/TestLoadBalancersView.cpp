// The Load balancers page and its wizard, driven through their widgets: the wizard creates a load
// balancer, listener, target group and rule through the ops and the page shows them; its tester
// picks the rule the data plane's matcher would; a refusal (a port held by another load balancer, a
// bad target group name) is shown next to its field; a target registered through the ops appears
// with its state and follows initial -> healthy -> draining; in-flight counts come from the data
// plane's function or read "—"; Delete asks first; the Edges + CubeBuster example is one click.

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "ModalDriver.h"
#include "models/LoadBalancerTableModel.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/ListenerRules.h"
#include "ops/LoadBalancers.h"
#include "ops/TargetGroups.h"
#include "views/LoadBalancerTree.h"
#include "views/LoadBalancersView.h"
#include "widgets/ListenerRulesEditor.h"
#include "widgets/RuleTester.h"
#include "wizards/CreateLoadBalancerDialog.h"
#include "wizards/LoadBalancerPlan.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::ui;

class TestLoadBalancersView final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void wizardCreatesEverythingAndThePageShowsIt();
    void testerPicksTheRuleTheMatcherWould_data();
    void testerPicksTheRuleTheMatcherWould();
    void refusalsShowNextToTheirFields();
    void submitterRefusalStaysOpen();
    void targetFollowsItsHealthLive();
    void exampleIsOneClickAndDeleteAsks();

private:
    template<typename T> static T *child(QWidget *parent, const QString &name)
    {
        T *w = parent->findChild<T *>(name);
        if (!w)
            qWarning("no widget %s", qPrintable(name));
        return w;
    }
    static void type(QLineEdit *edit, const QString &text)
    {
        edit->selectAll();
        QTest::keyClicks(edit, text);
    }
    // A dialog with target group "edges" and three rules: /cubebuster* -> edges (10), POST -> fixed
    // 405 (5), header X-Env: beta -> redirect (20).
    void fillRules(CreateLoadBalancerDialog &dialog);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fd::ControlPlane> m_cp;
    std::unique_ptr<ConsoleContext> m_context;
};

void TestLoadBalancersView::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto opened = fd::ControlPlane::open(m_dir->path(), std::make_shared<fd::ManualClock>());
    QVERIFY(opened.ok());
    m_cp = std::move(opened).value();
    QVERIFY(m_cp->engines().add(QStringLiteral("sim"), fd::Engine::Kind::Simulated, {}).ok());
    QVERIFY(m_cp->createDefaultLayout(QStringLiteral("sim")).ok());
    m_context = std::make_unique<ConsoleContext>(*m_cp);
}

void TestLoadBalancersView::cleanup()
{
    m_context.reset();
    m_cp.reset();
}

void TestLoadBalancersView::fillRules(CreateLoadBalancerDialog &dialog)
{
    type(child<QLineEdit>(&dialog, QStringLiteral("targetGroupNameEdit")), QStringLiteral("edges"));
    auto *add = child<QPushButton>(&dialog, QStringLiteral("addRuleButton"));
    QTest::mouseClick(add, Qt::LeftButton);
    QTest::mouseClick(add, Qt::LeftButton);
    QTest::mouseClick(add, Qt::LeftButton);
    QCOMPARE(dialog.rulesEditor()->rowCount(), 3);
    type(child<QLineEdit>(&dialog, QStringLiteral("ruleValues0")), QStringLiteral("/cubebuster*"));
    child<QSpinBox>(&dialog, QStringLiteral("rulePriority1"))->setValue(5);
    child<QComboBox>(&dialog, QStringLiteral("ruleField1"))->setCurrentText(QStringLiteral("http-request-method"));
    type(child<QLineEdit>(&dialog, QStringLiteral("ruleValues1")), QStringLiteral("POST"));
    child<QComboBox>(&dialog, QStringLiteral("ruleAction1"))->setCurrentText(QStringLiteral("fixed-response"));
    child<QComboBox>(&dialog, QStringLiteral("ruleArgument1"))->setCurrentText(QStringLiteral("405 no posting"));
    child<QSpinBox>(&dialog, QStringLiteral("rulePriority2"))->setValue(20);
    child<QComboBox>(&dialog, QStringLiteral("ruleField2"))->setCurrentText(QStringLiteral("http-header"));
    type(child<QLineEdit>(&dialog, QStringLiteral("ruleValues2")), QStringLiteral("X-Env: beta"));
    child<QComboBox>(&dialog, QStringLiteral("ruleAction2"))->setCurrentText(QStringLiteral("redirect"));
    child<QComboBox>(&dialog, QStringLiteral("ruleArgument2"))->setCurrentText(QStringLiteral("/beta/#{path}"));
}

void TestLoadBalancersView::wizardCreatesEverythingAndThePageShowsIt()
{
    LoadBalancersView view(*m_context);
    view.resize(1200, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    int port = 0;
    const bool driven = fd::test::driveModal<CreateLoadBalancerDialog>(
        [&] {
            QTest::mouseClick(child<QPushButton>(&view, QStringLiteral("createLoadBalancerButton")), Qt::LeftButton);
        },
        [&](CreateLoadBalancerDialog *dialog) {
            type(child<QLineEdit>(dialog, QStringLiteral("loadBalancerNameEdit")), QStringLiteral("shop"));
            port = child<QSpinBox>(dialog, QStringLiteral("listenerPortSpin"))->value();
            QVERIFY2(port >= 1024, "a free port of at least 1024 is suggested");
            type(child<QLineEdit>(dialog, QStringLiteral("targetGroupNameEdit")), QStringLiteral("web"));
            type(child<QLineEdit>(dialog, QStringLiteral("healthCheckPathEdit")), QStringLiteral("/health"));
            QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("addRuleButton")), Qt::LeftButton);
            type(child<QLineEdit>(dialog, QStringLiteral("ruleValues0")), QStringLiteral("/api*"));
            QCOMPARE(child<QComboBox>(dialog, QStringLiteral("ruleArgument0"))->currentText(), QStringLiteral("web"));
            const QString cli = child<QPlainTextEdit>(dialog, QStringLiteral("cliCommands"))->toPlainText();
            QVERIFY2(cli.contains(QStringLiteral("create-target-group --name web --protocol HTTP --port 8080")),
                     qPrintable(cli));
            QVERIFY2(
                cli.contains(
                    QStringLiteral("create-listener --load-balancer-arn \"$LB\" --protocol HTTP --port %1").arg(port)),
                qPrintable(cli));
            QVERIFY2(
                cli.contains(QStringLiteral(
                    R"(create-rule --listener-arn "$LISTENER" --priority 10 --conditions '[{"Field":"path-pattern","PathPatternConfig":{"Values":["/api*"]}}]' --actions Type=forward,TargetGroupArn="$TG_WEB")")),
                qPrintable(cli));
            auto *create = child<QPushButton>(dialog, QStringLiteral("createButton"));
            QVERIFY2(create->isEnabled(), qPrintable(dialog->problem()));
            QTest::mouseClick(create, Qt::LeftButton);
            QVERIFY(!dialog->isVisible());
        });
    QVERIFY(driven);

    // Made through the ops: every part as the API reads it back.
    const std::optional<fd::elb::LoadBalancer> lb = m_cp->loadBalancers().findNamed(QStringLiteral("shop"));
    QVERIFY(lb);
    const QList<fd::elb::Listener> listeners = m_cp->loadBalancers().listeners(lb->id);
    QCOMPARE(listeners.size(), 1);
    QCOMPARE(listeners.front().port, port);
    const std::optional<fd::elb::TargetGroup> tg = m_cp->targetGroups().findNamed(QStringLiteral("web"));
    QVERIFY(tg);
    QCOMPARE(tg->healthCheck.path, QStringLiteral("/health"));
    QCOMPARE(tg->healthCheck.intervalSeconds, 30);
    QCOMPARE(listeners.front().defaultActions.front().targetGroups.front().targetGroupId, tg->id);
    const QList<fd::ops::RuleView> rules = m_cp->listenerRules().rules(listeners.front().id);
    QCOMPARE(rules.size(), 2); // the rule, then the default rule
    QCOMPARE(rules.front().rule.priority, 10);
    QCOMPARE(rules.front().rule.conditions.front().values, QStringList{QStringLiteral("/api*")});

    // The page selected it and shows its listener, rules and target group.
    QCOMPARE(view.currentName(), QStringLiteral("shop"));
    const QModelIndex row =
        view.model()->index(view.model()->rowOf(QStringLiteral("shop")), LoadBalancerTableModel::ListenersColumn);
    QCOMPARE(row.data().toString(), QStringLiteral("HTTP :%1 → http://127.0.0.1:%1/").arg(port));
    LoadBalancerTree *tree = view.tree();
    QTRY_VERIFY(tree->itemByKey(QStringLiteral("listener:%1").arg(port)));
    QTreeWidgetItem *rule = tree->itemByKey(QStringLiteral("rule:%1:10").arg(port));
    QVERIFY(rule);
    QCOMPARE(rule->text(LoadBalancerTree::ItemColumn),
             QStringLiteral("#1  priority 10 · path is /api* → forward to web"));
    QTreeWidgetItem *fallback = tree->itemByKey(QStringLiteral("rule:%1:default").arg(port));
    QVERIFY(fallback);
    QCOMPARE(fallback->text(LoadBalancerTree::ItemColumn),
             QStringLiteral("#2  default · every request → forward to web"));
    QTreeWidgetItem *group = tree->itemByKey(QStringLiteral("group:rule:%1:default/web").arg(port));
    QVERIFY(group);
    QCOMPARE(group->text(LoadBalancerTree::StateColumn), QStringLiteral("no targets"));
}

void TestLoadBalancersView::testerPicksTheRuleTheMatcherWould_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("expected");

    QTest::newRow("path rule") << "GET"
                               << "/cubebuster/level?x=1"
                               << ""
                               << "0";
    QTest::newRow("lower priority first") << "POST"
                                          << "/cubebuster"
                                          << ""
                                          << "1"; // 5 before 10
    QTest::newRow("path is case-sensitive") << "GET"
                                            << "/CubeBuster"
                                            << ""
                                            << "default";
    QTest::newRow("header value any case") << "GET"
                                           << "/shop"
                                           << "x-env: BETA"
                                           << "2";
    QTest::newRow("nothing else matches") << "GET"
                                          << "/"
                                          << ""
                                          << "default";
}

void TestLoadBalancersView::testerPicksTheRuleTheMatcherWould()
{
    QFETCH(QString, method);
    QFETCH(QString, url);
    QFETCH(QString, header);
    QFETCH(QString, expected);

    CreateLoadBalancerDialog dialog(*m_cp);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    fillRules(dialog);
    child<QComboBox>(&dialog, QStringLiteral("testMethodCombo"))->setCurrentText(method);
    type(child<QLineEdit>(&dialog, QStringLiteral("testUrlEdit")), url);
    type(child<QLineEdit>(&dialog, QStringLiteral("testHeaderEdit")), header);
    QCOMPARE(dialog.tester()->matchedRule(), expected);
    if (expected == u"1")
        QCOMPARE(dialog.tester()->resultText(),
                 QStringLiteral("rule 2 (priority 5: method is POST) → fixed response 405 “no posting”"));
    if (expected == u"default")
        QCOMPARE(dialog.tester()->resultText(),
                 QStringLiteral("the default rule (no other rule matched) → forward to edges"));
}

void TestLoadBalancersView::refusalsShowNextToTheirFields()
{
    // Another load balancer holds port 8080.
    QVERIFY(LoadBalancerPlanner::apply(*m_cp, LoadBalancerPlanner::edgesAndCubeBuster(8080)).ok());
    CreateLoadBalancerDialog dialog(*m_cp);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY2(child<QSpinBox>(&dialog, QStringLiteral("listenerPortSpin"))->value() != 8080, "a free port is suggested");
    type(child<QLineEdit>(&dialog, QStringLiteral("loadBalancerNameEdit")), QStringLiteral("shop"));
    type(child<QLineEdit>(&dialog, QStringLiteral("targetGroupNameEdit")), QStringLiteral("web"));
    auto *create = child<QPushButton>(&dialog, QStringLiteral("createButton"));
    QVERIFY2(create->isEnabled(), qPrintable(dialog.problem()));

    auto *port = child<QSpinBox>(&dialog, QStringLiteral("listenerPortSpin"));
    port->setValue(8080);
    auto *portError = child<QLabel>(&dialog, QStringLiteral("listenerPortError"));
    QVERIFY(portError->isVisible());
    QVERIFY2(portError->text().contains(QStringLiteral("held by load balancer edges-cubebuster")),
             qPrintable(portError->text()));
    QVERIFY(!create->isEnabled());
    port->setValue(8090);
    QVERIFY(!portError->isVisible());

    type(child<QLineEdit>(&dialog, QStringLiteral("targetGroupNameEdit")), QStringLiteral("-web"));
    auto *groupError = child<QLabel>(&dialog, QStringLiteral("targetGroupError"));
    QVERIFY(groupError->isVisible());
    QVERIFY2(groupError->text().contains(QStringLiteral("hyphen")), qPrintable(groupError->text()));
    QVERIFY(!create->isEnabled());

    // A path pattern ELBv2 refuses (a space is not among its characters) marks the rule.
    type(child<QLineEdit>(&dialog, QStringLiteral("targetGroupNameEdit")), QStringLiteral("web"));
    QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("addRuleButton")), Qt::LeftButton);
    type(child<QLineEdit>(&dialog, QStringLiteral("ruleValues0")), QStringLiteral("/a b"));
    auto *rulesError = child<QLabel>(&dialog, QStringLiteral("rulesError"));
    QVERIFY(rulesError->isVisible());
    QVERIFY2(rulesError->text().startsWith(QStringLiteral("Rule 1: ")), qPrintable(rulesError->text()));
    QVERIFY(!create->isEnabled());
    QVERIFY(!m_cp->loadBalancers().findNamed(QStringLiteral("shop")));
}

// What the API refuses on Create (here: the listener, as when the port is taken by another program)
// is shown next to its field, in the API's words, and nothing of the form is lost.
void TestLoadBalancersView::submitterRefusalStaysOpen()
{
    CreateLoadBalancerDialog dialog(*m_cp);
    int calls = 0;
    dialog.setSubmitter([&](const LoadBalancerPlan &plan, PlanProblem *problem) -> fd::Result<AppliedPlan> {
        ++calls;
        const fd::Error e = fd::makeError(QStringLiteral("DuplicateListener"),
                                          QStringLiteral("Port %1 is in use on 127.0.0.1").arg(plan.port));
        *problem = PlanProblem{PlanProblem::Where::Port, 0, e};
        return e;
    });
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    type(child<QLineEdit>(&dialog, QStringLiteral("loadBalancerNameEdit")), QStringLiteral("shop"));
    type(child<QLineEdit>(&dialog, QStringLiteral("targetGroupNameEdit")), QStringLiteral("web"));
    const int port = child<QSpinBox>(&dialog, QStringLiteral("listenerPortSpin"))->value();
    QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("createButton")), Qt::LeftButton);
    QCOMPARE(calls, 1);
    QVERIFY(dialog.isVisible());
    auto *portError = child<QLabel>(&dialog, QStringLiteral("listenerPortError"));
    QVERIFY(portError->isVisible());
    QCOMPARE(portError->text(), QStringLiteral("Port %1 is in use on 127.0.0.1 (DuplicateListener)").arg(port));
    QVERIFY(child<QLabel>(&dialog, QStringLiteral("createLoadBalancerMessage"))->isVisible());
    QCOMPARE(child<QLineEdit>(&dialog, QStringLiteral("loadBalancerNameEdit"))->text(), QStringLiteral("shop"));
}

void TestLoadBalancersView::targetFollowsItsHealthLive()
{
    const fd::Result<AppliedPlan> made =
        LoadBalancerPlanner::apply(*m_cp, LoadBalancerPlanner::edgesAndCubeBuster(8080));
    QVERIFY(made.ok());
    LoadBalancersView view(*m_context);
    view.resize(1200, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.selectItem(QStringLiteral("edges-cubebuster")));

    const fd::ContainerInstance instance = m_cp->instances().list(QStringLiteral("default")).front();
    const QString edges = m_cp->targetGroups().findNamed(QStringLiteral("edges"))->id;
    QVERIFY(m_cp->targetGroups().registerTargets(edges, {{instance.ec2InstanceId, 32768, {}}}).ok());
    const QString key = QStringLiteral("target:edges/%1:32768").arg(instance.ec2InstanceId);
    LoadBalancerTree *tree = view.tree();
    QTRY_VERIFY(tree->itemByKey(key));
    QTreeWidgetItem *target = tree->itemByKey(key);
    QCOMPARE(target->text(LoadBalancerTree::StateColumn), QStringLiteral("initial"));
    QCOMPARE(target->data(LoadBalancerTree::StateColumn, fd::ui::StatusRole).toString(),
             QStringLiteral("TARGET_INITIAL"));
    QCOMPARE(target->text(LoadBalancerTree::ReasonColumn), QStringLiteral("Elb.RegistrationInProgress"));
    QCOMPARE(target->text(LoadBalancerTree::InFlightColumn), QStringLiteral("—"));

    fd::ops::TargetHealthUpdate healthy;
    healthy.targetGroupId = edges;
    healthy.target = {instance.ec2InstanceId, 32768};
    QVERIFY(m_cp->targetGroups().setTargetHealth({healthy}).ok());
    QTRY_COMPARE(tree->itemByKey(key) ? tree->itemByKey(key)->text(LoadBalancerTree::StateColumn) : QString(),
                 QStringLiteral("healthy"));
    QVERIFY(tree->itemByKey(QStringLiteral("group:rule:8080:default/edges"))->text(LoadBalancerTree::StateColumn) ==
            QStringLiteral("1 of 1 healthy"));

    // In flight: the data plane's count, re-read while the page is shown.
    std::uint64_t inFlight = 3;
    view.setInFlight([&](const QString &group, const QString &proxyTarget) {
        return group == edges && proxyTarget == instance.ec2InstanceId + QStringLiteral(":32768") ? inFlight : 0;
    });
    QCOMPARE(tree->itemByKey(key)->text(LoadBalancerTree::InFlightColumn), QStringLiteral("3"));
    inFlight = 1;
    QTRY_COMPARE(tree->itemByKey(key)->text(LoadBalancerTree::InFlightColumn), QStringLiteral("1"));

    QVERIFY(m_cp->targetGroups().deregisterTargets(edges, {{instance.ec2InstanceId, 32768, {}}}).ok());
    QTRY_COMPARE(tree->itemByKey(key) ? tree->itemByKey(key)->text(LoadBalancerTree::StateColumn) : QString(),
                 QStringLiteral("draining"));
    QCOMPARE(tree->itemByKey(key)->text(LoadBalancerTree::ReasonColumn),
             QStringLiteral("Target.DeregistrationInProgress"));
    QCOMPARE(tree->itemByKey(key)->data(LoadBalancerTree::StateColumn, fd::ui::StatusRole).toString(),
             QStringLiteral("TARGET_DRAINING"));

    // Drained: it leaves the group and is shown as unused for a while (the end of its path).
    QCOMPARE(m_cp->targetGroups().finishDeregistrations({{edges, {instance.ec2InstanceId, 32768}}}).value(), 1);
    QTRY_COMPARE(tree->itemByKey(key) ? tree->itemByKey(key)->text(LoadBalancerTree::StateColumn) : QString(),
                 QStringLiteral("unused"));
    QCOMPARE(tree->itemByKey(key)->text(LoadBalancerTree::ReasonColumn), QStringLiteral("Target.NotRegistered"));
    QVERIFY(m_cp->targetGroups().targets(edges).isEmpty());
}

void TestLoadBalancersView::exampleIsOneClickAndDeleteAsks()
{
    LoadBalancersView view(*m_context);
    view.resize(1200, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTest::mouseClick(child<QPushButton>(&view, QStringLiteral("createExampleButton")), Qt::LeftButton);
    const std::optional<fd::elb::LoadBalancer> lb = m_cp->loadBalancers().findNamed(QStringLiteral("edges-cubebuster"));
    QVERIFY(lb);
    const fd::elb::Listener listener = m_cp->loadBalancers().listeners(lb->id).front();
    QVERIFY(listener.port >= 1024);
    const QList<fd::ops::RuleView> rules = m_cp->listenerRules().rules(listener.id);
    QCOMPARE(rules.size(), 2);
    QCOMPARE(rules.front().rule.conditions.front().values, QStringList{QStringLiteral("/cubebuster*")});
    QCOMPARE(rules.front().rule.actions.front().targetGroups.front().targetGroupId,
             m_cp->targetGroups().findNamed(QStringLiteral("cubebuster"))->id);
    QCOMPARE(listener.defaultActions.front().targetGroups.front().targetGroupId,
             m_cp->targetGroups().findNamed(QStringLiteral("edges"))->id);
    QCOMPARE(view.currentName(), QStringLiteral("edges-cubebuster"));
    QVERIFY(
        child<QLabel>(&view, QStringLiteral("loadBalancerHint"))->text().contains(QStringLiteral("Create service")));

    // Cancel keeps it; Delete removes it with its listener (target groups stay).
    auto *remove = child<QPushButton>(&view, QStringLiteral("deleteLoadBalancerButton"));
    QVERIFY(fd::test::driveModal<QMessageBox>([&] { QTest::mouseClick(remove, Qt::LeftButton); },
                                              [](QMessageBox *box) { box->reject(); }));
    QVERIFY(m_cp->loadBalancers().findNamed(QStringLiteral("edges-cubebuster")));
    QVERIFY(fd::test::driveModal<QMessageBox>(
        [&] { QTest::mouseClick(remove, Qt::LeftButton); },
        [](QMessageBox *box) {
            QCOMPARE(box->objectName(), QStringLiteral("deleteLoadBalancerConfirm"));
            QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmButton")), Qt::LeftButton);
        }));
    QVERIFY(!m_cp->loadBalancers().findNamed(QStringLiteral("edges-cubebuster")));
    QVERIFY(m_cp->targetGroups().findNamed(QStringLiteral("edges")));
    QTRY_COMPARE(view.model()->rowCount(), 0);
    QCOMPARE(view.tree()->topLevelItemCount(), 0);
}

QTEST_MAIN(TestLoadBalancersView)
#include "TestLoadBalancersView.moc"
