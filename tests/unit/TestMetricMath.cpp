// Metric math for GetMetricData: arithmetic between scalars and series (series with series on
// the timestamps both have, x / 0 without a point), SUM/AVG/MIN/MAX of a series (a scalar) and of
// an array (a series per timestamp), METRICS(), precedence, and errors naming the problem: an
// unsupported function by name, an unknown id, a syntax error with its position.

#include "metrics/MetricMath.h"

#include <QtTest>

using namespace fd;
using namespace fd::metrics;

namespace {

const std::vector<MathOperand> kOperands = {
    {QStringLiteral("m1"), QStringLiteral("Requests"), true},
    {QStringLiteral("m2"), QStringLiteral("Errors"), true},
    {QStringLiteral("e1"), QStringLiteral("e1"), false},
};

Result<MathValue> resolve(const QString &id)
{
    if (id == u"m1")
        return MathValue::of({{0, 10}, {60000, 20}, {120000, 30}});
    if (id == u"m2")
        return MathValue::of({{0, 1}, {60000, 0}});
    return makeError(QStringLiteral("InvalidParameterValue"), QStringLiteral("no query has the id '%1'").arg(id));
}

QString render(const MathValue &v)
{
    switch (v.kind) {
    case MathValue::Kind::Scalar:
        return QString::number(v.scalar);
    case MathValue::Kind::Series: {
        QStringList points;
        for (const auto &[t, x] : v.series)
            points << QStringLiteral("%1:%2").arg(t / 60000).arg(x);
        return points.join(u' ');
    }
    case MathValue::Kind::Array:
        return QStringLiteral("array of %1").arg(v.array.size());
    }
    return {};
}

} // namespace

class TestMetricMath : public QObject
{
    Q_OBJECT

private slots:
    void evaluates_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("expected"); // minute:value pairs, a number, or "array of N"
        QTest::newRow("series times a scalar") << "m1 * 2"
                                               << "0:20 1:40 2:60";
        QTest::newRow("scalar minus series") << "100 - m1"
                                             << "0:90 1:80 2:70";
        QTest::newRow("series over series keeps common timestamps, x/0 has no point") << "m2 / m1 * 100"
                                                                                      << "0:10 1:0";
        QTest::newRow("division by a zero point drops it") << "m1 / m2"
                                                           << "0:10";
        QTest::newRow("precedence and parentheses") << "(m1 + m2) * 2 - 1"
                                                    << "0:21 1:39";
        QTest::newRow("unary minus") << "-m2 + 1"
                                     << "0:0 1:1";
        QTest::newRow("SUM of a series is a scalar") << "SUM(m1)"
                                                     << "60";
        QTest::newRow("AVG of a series") << "AVG(m1)"
                                         << "20";
        QTest::newRow("MAX of a series") << "MAX(m1)"
                                         << "30";
        QTest::newRow("SUM of an array is a series per timestamp") << "SUM([m1, m2])"
                                                                   << "0:11 1:20 2:30";
        QTest::newRow("MIN over METRICS()") << "MIN(METRICS())"
                                            << "0:1 1:0 2:30";
        QTest::newRow("METRICS() filtered by label") << "SUM(METRICS('Err'))"
                                                     << "0:1 1:0";
        QTest::newRow("METRICS() is an array") << "METRICS() * 2"
                                               << "array of 2";
        QTest::newRow("scalars only") << "2 * 3 + 1.5e1"
                                      << "21";
    }

    void evaluates()
    {
        QFETCH(QString, expression);
        QFETCH(QString, expected);
        const Result<MathValue> v = evaluateExpression(expression, kOperands, resolve);
        QVERIFY2(v, v ? "" : qPrintable(v.error().message));
        QCOMPARE(render(v.value()), expected);
    }

    void refuses_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("message");
        QTest::newRow("an unsupported function, named") << "RATE(m1)"
                                                        << "the function RATE is not supported";
        QTest::newRow("another one") << "FILL(m1, 0)"
                                     << "the function FILL is not supported";
        QTest::newRow("an unknown id") << "m1 + m9"
                                       << "no query has the id 'm9'";
        QTest::newRow("a dangling operator, with its position") << "m1 +"
                                                                << "unexpected end at position 5";
        QTest::newRow("an unclosed parenthesis") << "(m1 + 1"
                                                 << "expected ')'";
        QTest::newRow("two arrays") << "METRICS() + METRICS()"
                                    << "between two arrays";
        QTest::newRow("empty") << "  "
                               << "must not be empty";
    }

    void refuses()
    {
        QFETCH(QString, expression);
        QFETCH(QString, message);
        const Result<MathValue> v = evaluateExpression(expression, kOperands, resolve);
        QVERIFY(!v);
        QCOMPARE(v.error().code, QStringLiteral("InvalidParameterValue"));
        QVERIFY2(v.error().message.contains(message), qPrintable(v.error().message));
    }
};

QTEST_GUILESS_MAIN(TestMetricMath)
#include "TestMetricMath.moc"
