#pragma once

#include "Result.h"

#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <functional>
#include <map>
#include <optional>
#include <vector>

// Metric math for GetMetricData, a pure evaluator: expressions over the ids of other queries, with
// + - * / between scalars and time series, parentheses, arrays [a, b], and the functions SUM, AVG,
// MIN, MAX and METRICS(). Any other function is refused, naming it.
namespace fd::metrics {

/// A time series: value by timestamp (ms), ascending.
using Series = std::map<qint64, double>;

/// What an expression (or a query) gives: a number, one time series, or several (an array).
struct MathValue
{
    enum class Kind {
        Scalar,
        Series,
        Array,
    };
    Kind kind = Kind::Series;
    double scalar = 0;
    Series series;
    struct Member
    {
        QString label;
        Series series;
    };
    std::vector<Member> array;

    static MathValue number(double v);
    static MathValue of(Series s);
};

/// One query of the request that an expression can name.
struct MathOperand
{
    QString id;
    QString label;
    bool isMetric = false; ///< a MetricStat query: METRICS() lists it
};

/**
 * Evaluates `expression`. `resolve(id)` gives the value of another query (an error when it has
 * none, e.g. a cycle); `operands` are all queries, for METRICS() and METRICS('text') (those whose
 * label contains the text). Semantics, as CloudWatch's (CW-UG "Using metric math"):
 * - scalar op series applies to each point; series op series keeps the timestamps both have;
 *   an array op a scalar or series applies to each member; x / 0 has no point;
 * - SUM, AVG, MIN, MAX of one series is a scalar over all its points; of an array, a series of the
 *   statistic per timestamp over the members that have one;
 * Errors (InvalidParameterValue, naming the expression): a syntax error with its position, an
 * unknown id, an unsupported function ("the function RATE is not supported by Fleetdeck ...").
 */
Result<MathValue> evaluateExpression(const QString &expression, const std::vector<MathOperand> &operands,
                                     const std::function<Result<MathValue>(const QString &id)> &resolve);

} // namespace fd::metrics
