// GetMetricData: MetricStat queries over the metric store and metric math over them.

#include "ControlPlane.h"
#include "CwCodec.h"
#include "CwHandlers.h"
#include "metrics/MetricMath.h"
#include "metrics/MetricStore.h"

#include <QRegularExpression>

#include <limits>
#include <map>
#include <set>

namespace fd::api::cloudwatch {

namespace {

constexpr int kMaxQueries = 500;
constexpr int kDefaultMaxDatapoints = 100800;

struct Query
{
    QString id;
    QString label;
    bool returnData = true;
    std::optional<metrics::StatisticsQuery> stat; // a MetricStat query
    QString statName;                             // its Stat: "Average" or "p99"
    QString expression;                           // or an expression
    std::optional<int> period;                    // an expression's Period
};

Result<Query> queryOf(const json &item, const QString &p, qint64 startMs, qint64 endMs)
{
    if (auto e = unsupported(item, {"AccountId"}, QStringLiteral("Fleetdeck has one account"), p))
        return *e;
    if (auto e = onlyMembers(item, {"Id", "MetricStat", "Expression", "Label", "ReturnData", "Period"}, p))
        return *e;
    Query q;
    Result<QString> id = reqString(item, "Id", p);
    if (!id)
        return id.error();
    static const QRegularExpression idPattern(QStringLiteral("^[a-z][a-zA-Z0-9_]{0,254}$"));
    if (!idPattern.match(id.value()).hasMatch())
        return invalidValue(p + QStringLiteral(".Id"),
                            QStringLiteral("%1.Id: '%2' must start with a lowercase letter and hold only letters, "
                                           "digits and underscores")
                                .arg(p, id.value()));
    q.id = id.value();
    Result<std::optional<QString>> label = optString(item, "Label", p);
    Result<std::optional<bool>> returnData = optBool(item, "ReturnData", p);
    Result<std::optional<QString>> expression = optString(item, "Expression", p);
    Result<std::optional<int>> period = optInt(item, "Period", p);
    if (!label)
        return label.error();
    if (!returnData)
        return returnData.error();
    if (!expression)
        return expression.error();
    if (!period)
        return period.error();
    q.returnData = returnData->value_or(true);
    q.period = period.value();
    const bool hasStat = item.contains("MetricStat") && !item["MetricStat"].is_null();
    if (hasStat == expression->has_value())
        return makeError(QStringLiteral("InvalidParameterCombination"),
                         QStringLiteral("%1: give exactly one of MetricStat and Expression").arg(p),
                         p + QStringLiteral(".MetricStat"));
    if (expression->has_value()) {
        q.expression = **expression;
        q.label = label->value_or(q.id);
        return q;
    }
    const QString sp = p + QStringLiteral(".MetricStat");
    const json &stat = item["MetricStat"];
    if (auto e = onlyMembers(stat, {"Metric", "Period", "Stat", "Unit"}, sp))
        return *e;
    const json metricMember = stat.is_object() && stat.contains("Metric") ? stat["Metric"] : json::object();
    if (auto e = onlyMembers(metricMember, {"Namespace", "MetricName", "Dimensions"}, sp + QStringLiteral(".Metric")))
        return *e;
    Result<metrics::MetricId> metric = metricParam(metricMember, sp + QStringLiteral(".Metric"));
    if (!metric)
        return metric.error();
    Result<std::optional<int>> statPeriod = optInt(stat, "Period", sp);
    Result<QString> statName = reqString(stat, "Stat", sp);
    Result<std::optional<metrics::StandardUnit>> unit = unitParam(stat, sp);
    if (!statPeriod)
        return statPeriod.error();
    if (!statName)
        return statName.error();
    if (!unit)
        return unit.error();
    if (!statPeriod.value())
        return missingParameter(sp + QStringLiteral(".Period"));
    metrics::StatisticsQuery s;
    s.metric = metric.value();
    s.startMs = startMs;
    s.endMs = endMs;
    s.periodSeconds = **statPeriod;
    s.unit = unit.value();
    if (const std::optional<metrics::Statistic> st = metrics::statisticFromString(statName.value())) {
        s.statistics = {*st};
    } else if (statName->startsWith(u'p')) {
        s.extendedStatistics = {statName.value()};
    } else {
        return invalidValue(sp + QStringLiteral(".Stat"),
                            QStringLiteral("%1.Stat: '%2' is not supported by Fleetdeck (SampleCount, Average, Sum, "
                                           "Minimum, Maximum or a percentile pNN)")
                                .arg(sp, statName.value()));
    }
    q.stat = s;
    q.statName = statName.value();
    q.label = label->value_or(metric->metricName);
    return q;
}

// Evaluates the queries: MetricStat ones from the store, expressions over the others (in
// dependency order; a cycle is an error naming the ids).
class Evaluator
{
public:
    Evaluator(const metrics::MetricStore &store, const std::vector<Query> &queries) : m_store(store), m_queries(queries)
    {
        for (const Query &q : queries)
            m_operands.push_back({q.id, q.label, q.stat.has_value()});
    }

    Result<metrics::MathValue> value(const QString &id)
    {
        if (auto it = m_done.find(id); it != m_done.end())
            return it->second;
        const Query *q = find(id);
        if (!q)
            return invalidValue(QStringLiteral("Expression"), QStringLiteral("no query has the id '%1'").arg(id));
        if (m_active.count(id))
            return invalidValue(QStringLiteral("Expression"),
                                QStringLiteral("the expressions refer to each other in a cycle through '%1'").arg(id));
        m_active.insert(id);
        Result<metrics::MathValue> v = q->stat ? statValue(*q) : expressionValue(*q);
        m_active.erase(id);
        if (v)
            m_done.emplace(id, v.value());
        return v;
    }

    // A scalar expression's result as a series: at every `period` from `startMs` when the query
    // gives its Period, else at the timestamps any MetricStat query has.
    metrics::Series scalarSeries(double k, std::optional<int> period, qint64 startMs, qint64 endMs)
    {
        metrics::Series out;
        if (period && *period > 0) {
            for (qint64 t = metrics::alignedStart(startMs, *period); t < endMs && out.size() <= 100800;
                 t += qint64(*period) * 1000)
                out.emplace(t, k);
            return out;
        }
        for (const Query &q : m_queries) {
            if (!q.stat)
                continue;
            Result<metrics::MathValue> v = value(q.id);
            if (v) {
                for (const auto &[t, x] : v->series)
                    out.emplace(t, k);
            }
        }
        return out;
    }

private:
    const Query *find(const QString &id) const
    {
        for (const Query &q : m_queries) {
            if (q.id == id)
                return &q;
        }
        return nullptr;
    }

    Result<metrics::MathValue> statValue(const Query &q)
    {
        Result<std::vector<metrics::StatisticsDatapoint>> points = m_store.statistics(*q.stat);
        if (!points)
            return makeError(points.error().code, QStringLiteral("%1: %2").arg(q.id, points.error().message),
                             points.error().field);
        metrics::Series s;
        for (const metrics::StatisticsDatapoint &p : points.value()) {
            const std::optional<double> v =
                q.stat->statistics.empty() ? p.getExtended(q.statName) : p.get(q.stat->statistics.front());
            if (v)
                s.emplace(p.timestampMs, *v);
        }
        return metrics::MathValue::of(std::move(s));
    }

    Result<metrics::MathValue> expressionValue(const Query &q)
    {
        return metrics::evaluateExpression(q.expression, m_operands, [this](const QString &id) { return value(id); });
    }

    const metrics::MetricStore &m_store;
    const std::vector<Query> &m_queries;
    std::vector<metrics::MathOperand> m_operands;
    std::map<QString, metrics::MathValue> m_done;
    std::set<QString> m_active;
};

// One result before paging: the query's id and label and its datapoints, oldest first.
struct Answer
{
    QString id;
    QString label;
    std::vector<std::pair<qint64, double>> series;

    Answer(QString i, QString l, const metrics::Series &s)
        : id(std::move(i)), label(std::move(l)), series(s.begin(), s.end())
    {}
};

// The results' share of `page`, whose offsets count datapoints across all results in order, each
// result read in the scan order. A result cut by the page's end says PartialData; a result with no
// datapoints shows on the page its offset falls in (the last page when it is at the very end).
json pageJson(const ApiContext &ctx, const std::vector<Answer> &answers, const Page &page, bool ascending)
{
    json results = json::array();
    std::size_t at = 0;
    for (const Answer &a : answers) {
        const std::size_t n = a.series.size();
        const std::size_t from = std::max(page.begin, at);
        const std::size_t to = std::min(page.end, at + n);
        const bool empty = n == 0 && at >= page.begin && (at < page.end || !page.nextToken);
        if (from < to || empty) {
            json timestamps = json::array();
            json values = json::array();
            for (std::size_t i = from; i < to; ++i) {
                const std::size_t k = i - at;
                const auto &[t, v] = ascending ? a.series[k] : a.series[n - 1 - k];
                timestamps.push_back(timestamp(ctx, t));
                values.push_back(v);
            }
            results.push_back({{"Id", ss(a.id)},
                               {"Label", ss(a.label)},
                               {"Timestamps", timestamps},
                               {"Values", values},
                               {"StatusCode", to < at + n ? "PartialData" : "Complete"},
                               {"Messages", json::array()}});
        }
        at += n;
    }
    return results;
}

} // namespace

Result<json> getMetricData(const ApiContext &ctx, const json &params)
{
    if (auto e = unsupported(params, {"LabelOptions"},
                             QStringLiteral("Fleetdeck has no dynamic labels, so no label time zone applies")))
        return *e;
    if (auto e =
            onlyMembers(params, {"MetricDataQueries", "StartTime", "EndTime", "NextToken", "ScanBy", "MaxDatapoints"}))
        return *e;
    Result<std::optional<qint64>> start = optTimestamp(params, "StartTime");
    Result<std::optional<qint64>> end = optTimestamp(params, "EndTime");
    Result<std::optional<QString>> scanBy = optString(params, "ScanBy");
    Result<std::vector<json>> items = list(params, "MetricDataQueries");
    if (!start)
        return start.error();
    if (!end)
        return end.error();
    if (!scanBy)
        return scanBy.error();
    if (!items)
        return items.error();
    if (!start.value())
        return missingParameter(QStringLiteral("StartTime"));
    if (!end.value())
        return missingParameter(QStringLiteral("EndTime"));
    if (items->empty())
        return missingParameter(QStringLiteral("MetricDataQueries"));
    if (int(items->size()) > kMaxQueries)
        return invalidValue(
            QStringLiteral("MetricDataQueries"),
            QStringLiteral("MetricDataQueries: at most %1 queries (got %2)").arg(kMaxQueries).arg(items->size()));
    const QString scan = scanBy->value_or(QStringLiteral("TimestampDescending"));
    if (scan != u"TimestampDescending" && scan != u"TimestampAscending")
        return invalidValue(QStringLiteral("ScanBy"),
                            QStringLiteral("ScanBy: TimestampDescending or TimestampAscending (got '%1')").arg(scan));
    std::vector<Query> queries;
    for (std::size_t i = 0; i < items->size(); ++i) {
        const json &item = (*items)[i];
        if (item.is_object() && item.contains("Period") && item.contains("MetricStat"))
            return makeError(QStringLiteral("InvalidParameterCombination"),
                             QStringLiteral("MetricDataQueries[%1]: Period belongs in MetricStat for a MetricStat "
                                            "query; the query's own Period is for expressions")
                                 .arg(i + 1),
                             QStringLiteral("Period"));
    }
    for (std::size_t i = 0; i < items->size(); ++i) {
        Result<Query> q = queryOf((*items)[i], QStringLiteral("MetricDataQueries[%1]").arg(i + 1), **start, **end);
        if (!q)
            return q.error();
        for (const Query &other : queries) {
            if (other.id == q->id)
                return invalidValue(QStringLiteral("MetricDataQueries"),
                                    QStringLiteral("MetricDataQueries: the Id '%1' is used twice").arg(q->id));
        }
        queries.push_back(std::move(q).value());
    }
    Evaluator evaluator(ctx.cp().metricStore(), queries);
    std::vector<Answer> answers;
    for (const Query &q : queries) {
        if (!q.returnData)
            continue;
        Result<metrics::MathValue> v = evaluator.value(q.id);
        if (!v)
            return v.error();
        switch (v->kind) {
        case metrics::MathValue::Kind::Scalar:
            answers.emplace_back(q.id, q.label, evaluator.scalarSeries(v->scalar, q.period, **start, **end));
            break;
        case metrics::MathValue::Kind::Series:
            answers.emplace_back(q.id, q.label, v->series);
            break;
        case metrics::MathValue::Kind::Array:
            for (const metrics::MathValue::Member &m : v->array)
                answers.emplace_back(q.id, m.label.isEmpty() ? q.label : m.label, m.series);
            break;
        }
    }
    std::size_t total = 0;
    for (const Answer &a : answers)
        total += a.series.size();
    // MaxDatapoints bounds one page; NextToken is the offset into the results' datapoints laid end to end.
    Result<Page> page = pageOf(total, params, "MaxDatapoints", kDefaultMaxDatapoints, std::numeric_limits<int>::max());
    if (!page)
        return page.error();
    json out{{"MetricDataResults", pageJson(ctx, answers, *page, scan == u"TimestampAscending")},
             {"Messages", json::array()}};
    if (page->nextToken)
        out["NextToken"] = *page->nextToken;
    return out;
}

} // namespace fd::api::cloudwatch
