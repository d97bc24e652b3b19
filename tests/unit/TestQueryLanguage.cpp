// The ECS cluster query language: every subject and operator, the documented examples verbatim,
// precedence, and syntax errors that say where and what was expected.

#include "scheduler/InstanceSnapshot.h"
#include "scheduler/QueryLanguage.h"

#include <QtTest>

using namespace fd;
using namespace fd::scheduler;

namespace {

// The instance every evaluation row runs against.
InstanceSnapshot sample()
{
    InstanceSnapshot s;
    s.id = QStringLiteral("0123456789abcdef0123456789abcdef");
    s.ec2InstanceId = QStringLiteral("i-abcd1234");
    s.agentConnected = true;
    s.agentVersion = QStringLiteral("1.14.2");
    s.registeredAt = QDateTime(QDate(2018, 6, 18), QTime(22, 28, 28), Qt::UTC);
    s.attributes.insert(QStringLiteral("ecs.instance-type"), QStringLiteral("g2.2xlarge"));
    s.attributes.insert(QStringLiteral("ecs.availability-zone"), QStringLiteral("us-east-1a"));
    s.attributes.insert(QStringLiteral("ecs.os-type"), QStringLiteral("linux"));
    s.attributes.insert(QStringLiteral("stack"), QStringLiteral("prod"));
    s.attributes.insert(QStringLiteral("gpus"), QStringLiteral("4"));
    s.runningTasksCount = 1;
    s.groupTaskCounts.insert(QStringLiteral("database"), 1);
    s.groupTaskCounts.insert(QStringLiteral("service:web"), 2);
    return s;
}

} // namespace

class TestQueryLanguage final : public QObject
{
    Q_OBJECT

private slots:
    void evaluates_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("expected");

        // The documented examples, verbatim.
        QTest::newRow("doc: g2 and not us-east-1d")
            << "attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d" << true;
        QTest::newRow("doc: not(task:group == database)") << "not(task:group == database)" << false;
        QTest::newRow("doc: runningTasksCount == 1") << "runningTasksCount == 1" << true;
        QTest::newRow("doc: agentVersion < 1.14.5") << "agentVersion < 1.14.5" << true;
        QTest::newRow("doc: ec2InstanceId in list") << "ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']" << true;

        // Operators, symbol and word forms.
        QTest::newRow("==") << "attribute:stack == prod" << true;
        QTest::newRow("equals") << "attribute:stack equals prod" << true;
        QTest::newRow("== other") << "attribute:stack == dev" << false;
        QTest::newRow("!=") << "attribute:stack != dev" << true;
        QTest::newRow("not_equals") << "attribute:stack not_equals prod" << false;
        QTest::newRow("> numeric") << "attribute:gpus > 3" << true;
        QTest::newRow("greater_than numeric") << "attribute:gpus greater_than 10" << false; // 4 > 10 numerically
        QTest::newRow(">=") << "attribute:gpus >= 4" << true;
        QTest::newRow("greater_than_equal") << "attribute:gpus greater_than_equal 5" << false;
        QTest::newRow("<") << "attribute:gpus < 10" << true;
        QTest::newRow("less_than") << "attribute:gpus less_than 4" << false;
        QTest::newRow("<=") << "attribute:gpus <= 4" << true;
        QTest::newRow("less_than_equal") << "attribute:gpus less_than_equal 3" << false;
        QTest::newRow("string order") << "attribute:stack > dev" << true;
        QTest::newRow("exists") << "attribute:stack exists" << true;
        QTest::newRow("exists missing") << "attribute:color exists" << false;
        QTest::newRow("!exists") << "attribute:color !exists" << true;
        QTest::newRow("not_exists") << "attribute:stack not_exists" << false;
        QTest::newRow("in") << "attribute:stack in [dev, prod]" << true;
        QTest::newRow("in quoted") << "attribute:stack in [\"dev\", \"qa\"]" << false;
        QTest::newRow("!in") << "attribute:stack !in [dev, qa]" << true;
        QTest::newRow("not_in") << "attribute:stack not_in [prod]" << false;
        QTest::newRow("=~ full match") << "attribute:ecs.instance-type =~ g2" << false; // Java matches(): whole value
        QTest::newRow("matches") << "attribute:ecs.instance-type matches g2\\..*" << true;
        QTest::newRow("!~") << "attribute:ecs.instance-type !~ t3.*" << true;
        QTest::newRow("not_matches") << "attribute:ecs.instance-type not_matches g2.*" << false;
        QTest::newRow("regex group bare") << "attribute:ecs.instance-type =~ (g2|p3).*" << true;
        QTest::newRow("regex class bare") << "attribute:ecs.instance-type =~ [a-z][0-9]\\.[0-9]?xlarge" << true;
        QTest::newRow("regex quoted") << "attribute:ecs.instance-type =~ 'g2.* '" << false;
        QTest::newRow("missing attribute ==") << "attribute:color == red" << false;
        QTest::newRow("missing attribute !=") << "attribute:color != red" << true;

        // Subjects.
        QTest::newRow("agentConnected true") << "agentConnected == true" << true;
        QTest::newRow("agentConnected false") << "agentConnected == false" << false;
        QTest::newRow("agentVersion >= equal") << "agentVersion >= 1.14.2" << true;
        QTest::newRow("agentVersion numeric parts") << "agentVersion > 1.9.0" << true; // 14 > 9, not "1" < "9"
        QTest::newRow("agentVersion short") << "agentVersion == 1.14.2.0" << true;
        QTest::newRow("ec2InstanceId ==") << "ec2InstanceId == i-abcd1234" << true;
        QTest::newRow("ec2InstanceId !in") << "ec2InstanceId !in ['i-abcd1234']" << false;
        QTest::newRow("registeredAt date-time <") << "registeredAt < 2018-06-18T22:28:29Z" << true;
        QTest::newRow("registeredAt date-time ==") << "registeredAt == 2018-06-18T22:28:28Z" << true;
        QTest::newRow("registeredAt date >") << "registeredAt > 2018-06-18" << true;
        QTest::newRow("registeredAt date <") << "registeredAt < 2018-06-18" << false;
        QTest::newRow("runningTasksCount >") << "runningTasksCount > 0" << true;
        QTest::newRow("runningTasksCount in") << "runningTasksCount in [0, 2]" << false;
        QTest::newRow("task:group ==") << "task:group == database" << true;
        QTest::newRow("task:group == absent") << "task:group == cache" << false;
        QTest::newRow("task:group !=") << "task:group != cache" << true;
        QTest::newRow("task:group in") << "task:group in [cache, service:web]" << true;
        QTest::newRow("task:group =~") << "task:group =~ service:.*" << true;
        QTest::newRow("task:group exists") << "task:group exists" << true;

        // Compound expressions and precedence: not > and > or.
        QTest::newRow("&&") << "attribute:stack == prod && runningTasksCount == 1" << true;
        QTest::newRow("||") << "attribute:stack == dev || runningTasksCount == 1" << true;
        QTest::newRow("and before or") << "attribute:stack == dev and runningTasksCount == 9 or agentConnected == true"
                                       << true;
        QTest::newRow("or inside parens") << "attribute:stack == dev and (runningTasksCount == 9 or agentConnected == "
                                             "true)"
                                          << false;
        QTest::newRow("not binds tighter than and") << "not attribute:stack == dev and attribute:stack == prod" << true;
        QTest::newRow("! binds tighter than or") << "!agentConnected == true || runningTasksCount == 1" << true;
        QTest::newRow("double negation") << "!!(attribute:stack == prod)" << true;
        QTest::newRow("words case-insensitive") << "attribute:stack == prod AND NOT (task:group == cache)" << true;
        QTest::newRow("no spaces") << "attribute:stack==prod&&runningTasksCount<2" << true;
    }

    void evaluates()
    {
        QFETCH(QString, query);
        QFETCH(bool, expected);
        const auto e = parseQuery(query);
        QVERIFY2(e.ok(), qPrintable(e.ok() ? QString() : e.error().message));
        QCOMPARE(e->evaluate(sample()), expected);
        QCOMPARE(e->text(), query);
    }

    void syntaxErrors_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("position");
        QTest::addColumn<QString>("expected"); // a fragment of the message

        QTest::newRow("missing operator")
            << "attribute:ecs.instance-type g2.*" << 29
            << "expected an operator (==, !=, >, >=, <, <=, in, !in, =~, !~, exists, !exists) after "
               "'attribute:ecs.instance-type', found 'g2.*'";
        QTest::newRow("missing operator at end")
            << "attribute:ecs.instance-type" << 28 << "(end of expression): expected an operator";
        QTest::newRow("empty") << "   " << 4 << "the expression is empty";
        QTest::newRow("unknown subject") << "cpu > 3" << 1 << "unknown subject 'cpu'";
        QTest::newRow("attribute without name") << "attribute: == x" << 11 << "expected an attribute name";
        QTest::newRow("bad attribute char") << "attribute:a$b == x" << 12 << "'$' cannot appear in an attribute name";
        QTest::newRow("missing value") << "attribute:stack ==" << 19 << "expected a value after '=='";
        QTest::newRow("unclosed paren") << "(attribute:stack == prod" << 25
                                        << "expected ')' to close the '(' at position 1";
        QTest::newRow("unclosed list") << "attribute:stack in [a, b" << 25 << "expected ',' or ']'";
        QTest::newRow("list without in") << "attribute:stack == [a, b]" << 20 << "needs 'in' or '!in'";
        QTest::newRow("unclosed quote") << "attribute:stack == 'prod" << 20 << "not closed with '";
        QTest::newRow("trailing garbage") << "attribute:stack == prod prod" << 25
                                          << "expected 'and', 'or' or the end of the expression, found 'prod'";
        QTest::newRow("dangling and") << "attribute:stack == prod and" << 28 << "expected a subject";
        QTest::newRow("invalid regex") << "attribute:stack =~ (a" << 20 << "invalid regular expression '(a'";
        QTest::newRow("bad version") << "agentVersion < one" << 16 << "a version such as 1.14.5";
        QTest::newRow("bad date") << "registeredAt > 2018-13-45" << 16 << "a date such as 2018-06-18T22:28:28Z";
        QTest::newRow("bad count") << "runningTasksCount == 1.5" << 22 << "a whole number";
        QTest::newRow("bad bool") << "agentConnected == yes" << 19 << "true or false";
        QTest::newRow("longer than ECS's 2000 characters")
            << QStringLiteral("attribute:stack == %1").arg(QString(1982, u'p')) << 2001
            << "an expression has at most 2000 characters (this one has 2001)";
    }

    void syntaxErrors()
    {
        QFETCH(QString, query);
        QFETCH(int, position);
        QFETCH(QString, expected);
        int pos = -1;
        const auto e = parseQuery(query, &pos);
        QVERIFY(!e.ok());
        QCOMPARE(e.error().code, QStringLiteral("QuerySyntax"));
        QCOMPARE(e.error().field, QStringLiteral("expression"));
        QCOMPARE(pos, position);
        QVERIFY2(e.error().message.startsWith(QStringLiteral("position %1").arg(position)),
                 qPrintable(e.error().message));
        QVERIFY2(e.error().message.contains(expected), qPrintable(e.error().message));
    }

    // Found with the query_language fuzz target: 20,000 nested parentheses in one
    // ListContainerInstances filter overflowed the stack and killed Fleetdeck.
    void deepNestingIsAnErrorNotACrash()
    {
        const int depth = 20000;
        const QString deep = QString(depth, u'(') + QStringLiteral("agentConnected == true") + QString(depth, u')');
        int pos = -1;
        const auto e = parseQuery(deep, &pos);
        QVERIFY(!e.ok());
        QCOMPARE(pos, 2001);
        QVERIFY2(e.error().message.contains(QStringLiteral("at most 2000 characters")), qPrintable(e.error().message));

        const QString longest = QString(989, u'(') + QStringLiteral("agentConnected == true") + QString(989, u')');
        QCOMPARE(longest.size(), 2000);
        const auto ok = parseQuery(longest);
        QVERIFY2(ok.ok(), ok.ok() ? "" : qPrintable(ok.error().message));
        QVERIFY(ok->evaluate(sample()));
    }

    void classifiesSubjects()
    {
        const auto attrOnly = parseQuery(QStringLiteral("attribute:a == 1 or attribute:b exists"));
        QVERIFY(attrOnly.ok());
        QVERIFY(attrOnly->readsOnlyAttributes());
        QVERIFY(!attrOnly->dependsOnPlacement());
        QCOMPARE(attrOnly->attributeNames(), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));

        const auto dynamic = parseQuery(QStringLiteral("not(task:group == database)"));
        QVERIFY(dynamic.ok());
        QVERIFY(dynamic->dependsOnPlacement());
        QVERIFY(!dynamic->readsOnlyAttributes());

        QVERIFY(Expression().evaluate(sample())); // the empty expression matches everything
    }

    void versions_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<int>("order");
        QTest::newRow("equal") << "1.14.5"
                               << "1.14.5" << 0;
        QTest::newRow("numeric, not lexical") << "1.9.0"
                                              << "1.14.0" << -1;
        QTest::newRow("missing part is zero") << "1.14"
                                              << "1.14.0" << 0;
        QTest::newRow("leading v") << "v1.15"
                                   << "1.14.9" << 1;
    }

    void versions()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(int, order);
        QCOMPARE(compareVersions(parseVersion(a), parseVersion(b)), order);
    }
};

QTEST_APPLESS_MAIN(TestQueryLanguage)
#include "TestQueryLanguage.moc"
