// Rules with several conditions in the create-load-balancer wizard, driven through its widgets:
// "+ and" adds a condition with a field the rule does not use yet, a request must match all of
// them (the tester, on the data plane's matcher, says which rule wins), ELBv2's limits (one each of
// path-pattern / host-header / http-request-method / source-ip, 3 values per condition, 5 in the
// rule) are shown at the condition they concern and keep Create disabled, removing a condition
// renames the ones after it, and the rule is created through the ops with every condition, as the
// `aws elbv2 create-rule` command says and the Load balancers page shows.

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "ops/ListenerRules.h"
#include "ops/LoadBalancers.h"
#include "views/LoadBalancerTree.h"
#include "views/LoadBalancersView.h"
#include "widgets/ListenerRulesEditor.h"
#include "widgets/RuleConditionsEditor.h"
#include "widgets/RuleTester.h"
#include "wizards/CreateLoadBalancerDialog.h"
#include "wizards/LoadBalancerPlan.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace fd::ui;

class TestRuleConditions final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void andAddsAFieldNotYetUsed();
    void testerMatchesOnlyWhenAllConditionsDo_data();
    void testerMatchesOnlyWhenAllConditionsDo();
    void limitsAreShownAtTheirCondition();
    void createdWithEveryCondition();

private:
    template<typename T> T *child(const QString &name) const
    {
        T *w = m_dialog->findChild<T *>(name);
        if (!w)
            qWarning("no widget %s", qPrintable(name));
        return w;
    }
    static void type(QLineEdit *edit, const QString &text)
    {
        edit->selectAll();
        QTest::keyClicks(edit, text);
    }
    QString rulesError() const
    {
        auto *label = child<QLabel>(QStringLiteral("rulesError"));
        return label->isVisible() ? label->text() : QString();
    }
    // Load balancer shop with target group web, and one rule: path /api* and host shop.example.com
    // and method GET, HEAD.
    void fillThreeConditions();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fd::ControlPlane> m_cp;
    std::unique_ptr<CreateLoadBalancerDialog> m_dialog;
};

void TestRuleConditions::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto opened = fd::ControlPlane::open(m_dir->path(), std::make_shared<fd::ManualClock>());
    QVERIFY(opened.ok());
    m_cp = std::move(opened).value();
    m_dialog = std::make_unique<CreateLoadBalancerDialog>(*m_cp);
    fd::ControlPlane &cp = *m_cp;
    m_dialog->setSubmitter([&cp](const LoadBalancerPlan &plan, PlanProblem *problem) {
        return LoadBalancerPlanner::apply(cp, plan, problem);
    });
    m_dialog->resize(1280, 800);
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
}

void TestRuleConditions::cleanup()
{
    m_dialog.reset();
    m_cp.reset();
    m_dir.reset();
}

void TestRuleConditions::fillThreeConditions()
{
    type(child<QLineEdit>(QStringLiteral("loadBalancerNameEdit")), QStringLiteral("shop"));
    type(child<QLineEdit>(QStringLiteral("targetGroupNameEdit")), QStringLiteral("web"));
    QTest::mouseClick(child<QPushButton>(QStringLiteral("addRuleButton")), Qt::LeftButton);
    type(child<QLineEdit>(QStringLiteral("ruleValues0")), QStringLiteral("/api*"));
    auto *add = child<QToolButton>(QStringLiteral("ruleAddCondition0"));
    QTest::mouseClick(add, Qt::LeftButton);
    type(child<QLineEdit>(QStringLiteral("ruleValues0_1")), QStringLiteral("shop.example.com"));
    QTest::mouseClick(add, Qt::LeftButton);
    type(child<QLineEdit>(QStringLiteral("ruleValues0_2")), QStringLiteral("GET, HEAD"));
}

void TestRuleConditions::andAddsAFieldNotYetUsed()
{
    QTest::mouseClick(child<QPushButton>(QStringLiteral("addRuleButton")), Qt::LeftButton);
    auto *table = child<QTableWidget>(QStringLiteral("rulesTable"));
    const int oneLine = table->rowHeight(0);
    QVERIFY(!child<QToolButton>(QStringLiteral("ruleRemoveCondition0"))->isVisible()); // a rule keeps one
    auto *add = child<QToolButton>(QStringLiteral("ruleAddCondition0"));
    // path-pattern is taken: then host-header, http-request-method, source-ip, then http-header.
    const QStringList expected{QStringLiteral("host-header"), QStringLiteral("http-request-method"),
                               QStringLiteral("source-ip"), QStringLiteral("http-header")};
    for (int i = 0; i < expected.size(); ++i) {
        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(child<QComboBox>(QStringLiteral("ruleField0_%1").arg(i + 1))->currentText(), expected[i]);
    }
    QVERIFY2(table->rowHeight(0) > oneLine * 3, "the row grows with its conditions");
    QCOMPARE(m_dialog->rulesEditor()->rules().front().conditions.size(), RuleConditionsEditor::kMaxConditions);
    QVERIFY(!add->isEnabled()); // 5 conditions take the rule's 5 values
    QTest::mouseClick(child<QToolButton>(QStringLiteral("ruleRemoveCondition0_4")), Qt::LeftButton);
    QTRY_VERIFY(add->isEnabled());
    QCOMPARE(m_dialog->rulesEditor()->rules().front().conditions.size(), 4);

    // A second rule of two conditions; the first removed: its widgets' names follow it to row 0.
    QTest::mouseClick(child<QPushButton>(QStringLiteral("addRuleButton")), Qt::LeftButton);
    type(child<QLineEdit>(QStringLiteral("ruleValues1")), QStringLiteral("/b*"));
    QTest::mouseClick(child<QToolButton>(QStringLiteral("ruleAddCondition1")), Qt::LeftButton);
    type(child<QLineEdit>(QStringLiteral("ruleValues1_1")), QStringLiteral("b.example.com"));
    m_dialog->rulesEditor()->removeRule(0);
    QCOMPARE(m_dialog->rulesEditor()->rowCount(), 1);
    QCOMPARE(child<QLineEdit>(QStringLiteral("ruleValues0"))->text(), QStringLiteral("/b*"));
    QCOMPARE(child<QLineEdit>(QStringLiteral("ruleValues0_1"))->text(), QStringLiteral("b.example.com"));
    QCOMPARE(child<QSpinBox>(QStringLiteral("rulePriority0"))->value(), 20);
    QVERIFY(table->rowHeight(0) > oneLine);
}

void TestRuleConditions::testerMatchesOnlyWhenAllConditionsDo_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("expected");

    QTest::newRow("all three match") << "GET"
                                     << "/api/orders"
                                     << "shop.example.com"
                                     << "0";
    QTest::newRow("any value of a condition") << "HEAD"
                                              << "/api"
                                              << "shop.example.com"
                                              << "0";
    QTest::newRow("method does not") << "POST"
                                     << "/api/orders"
                                     << "shop.example.com"
                                     << "default";
    QTest::newRow("host does not") << "GET"
                                   << "/api/orders"
                                   << "localhost"
                                   << "default";
    QTest::newRow("path does not") << "GET"
                                   << "/shop"
                                   << "shop.example.com"
                                   << "default";
}

void TestRuleConditions::testerMatchesOnlyWhenAllConditionsDo()
{
    QFETCH(QString, method);
    QFETCH(QString, url);
    QFETCH(QString, host);
    QFETCH(QString, expected);

    fillThreeConditions();
    child<QComboBox>(QStringLiteral("testMethodCombo"))->setCurrentText(method);
    type(child<QLineEdit>(QStringLiteral("testUrlEdit")), url);
    type(child<QLineEdit>(QStringLiteral("testHostEdit")), host);
    QCOMPARE(m_dialog->tester()->matchedRule(), expected);
    if (expected == u"0")
        QCOMPARE(m_dialog->tester()->resultText(),
                 QStringLiteral("rule 1 (priority 10: path is /api* and host is shop.example.com and method is GET or "
                                "HEAD) → forward to web"));
}

void TestRuleConditions::limitsAreShownAtTheirCondition()
{
    fillThreeConditions();
    auto *create = child<QPushButton>(QStringLiteral("createButton"));
    QVERIFY2(create->isEnabled(), qPrintable(m_dialog->problem()));
    const auto marked = [this](const QString &name) {
        return child<QLineEdit>(name)->styleSheet().contains(QStringLiteral("border"));
    };

    // A second path-pattern: only one per rule.
    child<QComboBox>(QStringLiteral("ruleField0_2"))->setCurrentText(QStringLiteral("path-pattern"));
    QCOMPARE(rulesError(), QStringLiteral("Rule 1: Conditions[2]: a rule can have only one 'path-pattern' condition"));
    QVERIFY(!create->isEnabled());
    QVERIFY(marked(QStringLiteral("ruleValues0_2")));
    QVERIFY(!marked(QStringLiteral("ruleValues0")));

    // Four methods: 3 values per condition.
    child<QComboBox>(QStringLiteral("ruleField0_2"))->setCurrentText(QStringLiteral("http-request-method"));
    type(child<QLineEdit>(QStringLiteral("ruleValues0_2")), QStringLiteral("GET, HEAD, PUT, POST"));
    QVERIFY2(rulesError().contains(QStringLiteral("Conditions[2]: a condition can only have '3' values (got 4)")),
             qPrintable(rulesError()));
    QVERIFY(!create->isEnabled());

    // Three methods (5 values in all), then a header: 6 values in the rule.
    type(child<QLineEdit>(QStringLiteral("ruleValues0_2")), QStringLiteral("GET, HEAD, PUT"));
    QVERIFY2(create->isEnabled(), qPrintable(m_dialog->problem()));
    QVERIFY(!marked(QStringLiteral("ruleValues0_2")));
    QTest::mouseClick(child<QToolButton>(QStringLiteral("ruleAddCondition0")), Qt::LeftButton);
    QCOMPARE(child<QComboBox>(QStringLiteral("ruleField0_3"))->currentText(), QStringLiteral("source-ip"));
    child<QComboBox>(QStringLiteral("ruleField0_3"))->setCurrentText(QStringLiteral("http-header"));
    type(child<QLineEdit>(QStringLiteral("ruleValues0_3")), QStringLiteral("X-Env: beta"));
    QVERIFY2(rulesError().contains(QStringLiteral("a rule can only have '5' condition values (got 6)")),
             qPrintable(rulesError()));
    QVERIFY(!create->isEnabled());

    // The host condition removed: 5 values; the lines after it take its place (and names).
    QTest::mouseClick(child<QToolButton>(QStringLiteral("ruleRemoveCondition0_1")), Qt::LeftButton);
    QTRY_VERIFY2(create->isEnabled(), qPrintable(m_dialog->problem()));
    QCOMPARE(child<QComboBox>(QStringLiteral("ruleField0_1"))->currentText(), QStringLiteral("http-request-method"));
    QCOMPARE(child<QLineEdit>(QStringLiteral("ruleValues0_2"))->text(), QStringLiteral("X-Env: beta"));
    QVERIFY(!m_dialog->findChild<QLineEdit *>(QStringLiteral("ruleValues0_3")));
}

void TestRuleConditions::createdWithEveryCondition()
{
    fillThreeConditions();
    const int port = child<QSpinBox>(QStringLiteral("listenerPortSpin"))->value();
    const QString cli = child<QPlainTextEdit>(QStringLiteral("cliCommands"))->toPlainText();
    QVERIFY2(
        cli.contains(QStringLiteral(
            R"(create-rule --listener-arn "$LISTENER" --priority 10 --conditions '[{"Field":"path-pattern","PathPatternConfig":{"Values":["/api*"]}},{"Field":"host-header","HostHeaderConfig":{"Values":["shop.example.com"]}},{"Field":"http-request-method","HttpRequestMethodConfig":{"Values":["GET","HEAD"]}}]')")),
        qPrintable(cli));
    QTest::mouseClick(child<QPushButton>(QStringLiteral("createButton")), Qt::LeftButton);
    QVERIFY2(!m_dialog->isVisible(), qPrintable(m_dialog->problem()));

    const std::optional<fd::elb::LoadBalancer> lb = m_cp->loadBalancers().findNamed(QStringLiteral("shop"));
    QVERIFY(lb);
    const fd::elb::Listener listener = m_cp->loadBalancers().listeners(lb->id).front();
    const QList<fd::ops::RuleView> rules = m_cp->listenerRules().rules(listener.id);
    QCOMPARE(rules.size(), 2);
    const QList<fd::elb::Condition> &conditions = rules.front().rule.conditions;
    QCOMPARE(conditions.size(), 3);
    QCOMPARE(conditions[0].field, QStringLiteral("path-pattern"));
    QCOMPARE(conditions[1].field, QStringLiteral("host-header"));
    QCOMPARE(conditions[1].values, QStringList{QStringLiteral("shop.example.com")});
    QCOMPARE(conditions[2].field, QStringLiteral("http-request-method"));
    QCOMPARE(conditions[2].values, (QStringList{QStringLiteral("GET"), QStringLiteral("HEAD")}));

    ConsoleContext context(*m_cp);
    LoadBalancersView view(context);
    QVERIFY(view.selectItem(QStringLiteral("shop")));
    QTreeWidgetItem *rule = view.tree()->itemByKey(QStringLiteral("rule:%1:10").arg(port));
    QVERIFY(rule);
    QCOMPARE(rule->text(LoadBalancerTree::ItemColumn),
             QStringLiteral("#1  priority 10 · path is /api* and host is shop.example.com and method is GET or HEAD "
                            "→ forward to web"));
}

QTEST_MAIN(TestRuleConditions)
#include "TestRuleConditions.moc"
