// PutMetricData, GetMetricStatistics and ListMetrics over the control plane's metric store.

#include "ControlPlane.h"
#include "CwCodec.h"
#include "CwHandlers.h"
#include "api/QueryXml.h"
#include "metrics/MetricStore.h"

namespace fd::api::cloudwatch {

namespace {

constexpr int kMaxDatumsPerPut = 1000;
constexpr int kMaxValuesPerDatum = 150;
constexpr int kListMetricsPage = 500;

// MetricData[i] as the store's datums: one for Value or StatisticValues, one per value of Values
// (with its count: a statistic set whose minimum equals its maximum, so percentiles stay exact).
Result<std::vector<metrics::MetricDatum>> datumsOf(const json &item, const QString &ns, const QString &p, qint64 nowMs)
{
    if (auto e = onlyMembers(item,
                             {"MetricName", "Dimensions", "Timestamp", "Value", "StatisticValues", "Values", "Counts",
                              "Unit", "StorageResolution"},
                             p))
        return *e;
    Result<QString> name = reqString(item, "MetricName", p);
    if (!name)
        return name.error();
    Result<std::vector<metrics::Dimension>> dims = dimensionsParam(item, p);
    if (!dims)
        return dims.error();
    Result<metrics::MetricId> id = metrics::makeMetricId(ns, name.value(), dims.value());
    if (!id)
        return makeError(id.error().code, p + QStringLiteral(": ") + id.error().message, id.error().field);
    Result<std::optional<qint64>> t = optTimestamp(item, "Timestamp", p);
    Result<std::optional<double>> value = optDouble(item, "Value", p);
    Result<std::optional<metrics::StandardUnit>> unit = unitParam(item, p);
    Result<std::optional<int>> resolution = optInt(item, "StorageResolution", p);
    Result<std::vector<json>> values = list(item, "Values", p);
    Result<std::vector<json>> counts = list(item, "Counts", p);
    if (!t)
        return t.error();
    if (!value)
        return value.error();
    if (!unit)
        return unit.error();
    if (!resolution)
        return resolution.error();
    if (!values)
        return values.error();
    if (!counts)
        return counts.error();
    const bool hasSet = item.is_object() && item.contains("StatisticValues") && !item["StatisticValues"].is_null();
    const int forms = int(value->has_value()) + int(hasSet) + int(!values->empty());
    if (forms != 1)
        return makeError(QStringLiteral("InvalidParameterCombination"),
                         QStringLiteral("%1: give exactly one of Value, StatisticValues and Values").arg(p),
                         p + QStringLiteral(".Value"));
    metrics::MetricDatum base;
    base.metric = id.value();
    base.timestampMs = t->value_or(nowMs);
    base.unit = unit->value_or(metrics::StandardUnit::None);
    base.storageResolution = resolution->value_or(60);
    std::vector<metrics::MetricDatum> out;
    if (value->has_value()) {
        base.value = **value;
        out.push_back(base);
        return out;
    }
    if (hasSet) {
        const QString sp = p + QStringLiteral(".StatisticValues");
        const json &set = item["StatisticValues"];
        if (auto e = onlyMembers(set, {"SampleCount", "Sum", "Minimum", "Maximum"}, sp))
            return *e;
        metrics::StatisticValues sv;
        for (const auto &[member, target] : {std::pair{"SampleCount", &sv.sampleCount}, std::pair{"Sum", &sv.sum},
                                             std::pair{"Minimum", &sv.minimum}, std::pair{"Maximum", &sv.maximum}}) {
            Result<std::optional<double>> v = optDouble(set, member, sp);
            if (!v)
                return v.error();
            if (!v.value())
                return missingParameter(sp + u'.' + QLatin1String(member));
            *target = *v.value();
        }
        base.statisticValues = sv;
        out.push_back(base);
        return out;
    }
    if (int(values->size()) > kMaxValuesPerDatum)
        return invalidValue(
            p + QStringLiteral(".Values"),
            QStringLiteral("%1.Values: at most %2 values (got %3)").arg(p).arg(kMaxValuesPerDatum).arg(values->size()));
    if (!counts->empty() && counts->size() != values->size())
        return invalidValue(p + QStringLiteral(".Counts"),
                            QStringLiteral("%1.Counts: %2 counts for %3 values; give one count per value")
                                .arg(p)
                                .arg(counts->size())
                                .arg(values->size()));
    for (std::size_t i = 0; i < values->size(); ++i) {
        const json holder = {{"v", (*values)[i]}, {"c", counts->empty() ? json(1) : (*counts)[i]}};
        Result<std::optional<double>> v = optDouble(holder, "v", QStringLiteral("%1.Values[%2]").arg(p).arg(i + 1));
        Result<std::optional<double>> c = optDouble(holder, "c", QStringLiteral("%1.Counts[%2]").arg(p).arg(i + 1));
        if (!v)
            return v.error();
        if (!c)
            return c.error();
        metrics::MetricDatum d = base;
        d.statisticValues = metrics::StatisticValues{**c, **v * **c, **v, **v};
        out.push_back(d);
    }
    return out;
}

} // namespace

Result<json> putMetricData(const ApiContext &ctx, const json &params)
{
    if (auto e = unsupported(params, {"EntityMetricData", "StrictEntityValidation"},
                             QStringLiteral("entity metric data is not supported by Fleetdeck; use MetricData")))
        return *e;
    if (auto e = onlyMembers(params, {"Namespace", "MetricData"}))
        return *e;
    Result<QString> ns = reqString(params, "Namespace");
    if (!ns)
        return ns.error();
    if (ns->startsWith(QLatin1String("AWS/")))
        return invalidValue(QStringLiteral("Namespace"),
                            QStringLiteral("The value %1 for parameter Namespace is invalid: namespaces starting with "
                                           "AWS/ are reserved for AWS services")
                                .arg(ns.value()));
    Result<std::vector<json>> items = list(params, "MetricData");
    if (!items)
        return items.error();
    if (items->empty())
        return missingParameter(QStringLiteral("MetricData"));
    if (int(items->size()) > kMaxDatumsPerPut)
        return invalidValue(QStringLiteral("MetricData"),
                            QStringLiteral("MetricData: at most %1 datums a request (got %2)")
                                .arg(kMaxDatumsPerPut)
                                .arg(items->size()));
    ControlPlane &cp = ctx.cp();
    const qint64 now = cp.clock().now().toMSecsSinceEpoch();
    std::vector<metrics::MetricDatum> all;
    for (std::size_t i = 0; i < items->size(); ++i) {
        Result<std::vector<metrics::MetricDatum>> d =
            datumsOf((*items)[i], ns.value(), QStringLiteral("MetricData[%1]").arg(i + 1), now);
        if (!d)
            return d.error();
        all.insert(all.end(), d->begin(), d->end());
    }
    // All or nothing: every datum is tried on a scratch store first.
    metrics::MetricStore trial(cp.clock());
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (Status s = trial.put(all[i]); !s)
            return makeError(s.error().code, QStringLiteral("MetricData: %1").arg(s.error().message), s.error().field);
    }
    // The trial accepted every datum against the same clock, so the real store accepts them too; should
    // it not, the client hears of it rather than losing the rest silently.
    for (const metrics::MetricDatum &d : all) {
        if (Status s = cp.metricStore().put(d); !s)
            return makeError(s.error().code, QStringLiteral("MetricData: %1").arg(s.error().message), s.error().field);
    }
    return json(nullptr);
}

Result<json> getMetricStatistics(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"Namespace", "MetricName", "Dimensions", "StartTime", "EndTime", "Period",
                                      "Statistics", "ExtendedStatistics", "Unit"}))
        return *e;
    Result<metrics::MetricId> metric = metricParam(params);
    if (!metric)
        return metric.error();
    Result<std::optional<qint64>> start = optTimestamp(params, "StartTime");
    Result<std::optional<qint64>> end = optTimestamp(params, "EndTime");
    Result<std::optional<int>> period = optInt(params, "Period");
    Result<QStringList> stats = stringList(params, "Statistics");
    Result<QStringList> extended = stringList(params, "ExtendedStatistics");
    Result<std::optional<metrics::StandardUnit>> unit = unitParam(params);
    if (!start)
        return start.error();
    if (!end)
        return end.error();
    if (!period)
        return period.error();
    if (!stats)
        return stats.error();
    if (!extended)
        return extended.error();
    if (!unit)
        return unit.error();
    if (!start.value())
        return missingParameter(QStringLiteral("StartTime"));
    if (!end.value())
        return missingParameter(QStringLiteral("EndTime"));
    if (!period.value())
        return missingParameter(QStringLiteral("Period"));
    metrics::StatisticsQuery q;
    q.metric = metric.value();
    q.startMs = **start;
    q.endMs = **end;
    q.periodSeconds = **period;
    q.unit = unit.value();
    for (const QString &s : stats.value()) {
        const std::optional<metrics::Statistic> st = metrics::statisticFromString(s);
        if (!st)
            return invalidValue(QStringLiteral("Statistics"),
                                QStringLiteral("Statistics: '%1' is not one of SampleCount, Average, Sum, Minimum, "
                                               "Maximum")
                                    .arg(s));
        q.statistics.push_back(*st);
    }
    for (const QString &s : extended.value())
        q.extendedStatistics.push_back(s);
    Result<std::vector<metrics::StatisticsDatapoint>> points = ctx.cp().metricStore().statistics(q);
    if (!points)
        return points.error();
    json datapoints = json::array();
    for (const metrics::StatisticsDatapoint &p : points.value()) {
        json d = {{"Timestamp", timestamp(ctx, p.timestampMs)}, {"Unit", ss(metrics::toString(p.unit))}};
        for (const auto &[name, v] :
             {std::pair{"SampleCount", p.sampleCount}, std::pair{"Average", p.average}, std::pair{"Sum", p.sum},
              std::pair{"Minimum", p.minimum}, std::pair{"Maximum", p.maximum}}) {
            if (v)
                d[name] = *v;
        }
        if (!p.extended.empty()) {
            json ext = json::object();
            for (const auto &[name, v] : p.extended)
                ext[ss(name)] = v;
            d["ExtendedStatistics"] = ctx.protocol == Protocol::AwsQuery ? queryMap(ext) : ext;
        }
        datapoints.push_back(d);
    }
    return json{{"Label", ss(q.metric.metricName)}, {"Datapoints", datapoints}};
}

Result<json> listMetrics(const ApiContext &ctx, const json &params)
{
    if (auto e = unsupported(params, {"OwningAccount"},
                             QStringLiteral("Fleetdeck has one account; cross-account observability is not modelled")))
        return *e;
    if (auto e = onlyMembers(
            params, {"Namespace", "MetricName", "Dimensions", "NextToken", "RecentlyActive", "IncludeLinkedAccounts"}))
        return *e;
    metrics::MetricFilter filter;
    Result<std::optional<QString>> ns = optString(params, "Namespace");
    Result<std::optional<QString>> name = optString(params, "MetricName");
    Result<std::optional<QString>> recent = optString(params, "RecentlyActive");
    Result<std::optional<bool>> linked = optBool(params, "IncludeLinkedAccounts");
    Result<std::vector<json>> dims = list(params, "Dimensions");
    if (!ns)
        return ns.error();
    if (!name)
        return name.error();
    if (!recent)
        return recent.error();
    if (!linked)
        return linked.error();
    if (!dims)
        return dims.error();
    if (linked->value_or(false))
        return invalidValue(QStringLiteral("IncludeLinkedAccounts"),
                            QStringLiteral("IncludeLinkedAccounts: Fleetdeck has no linked accounts; leave it false"));
    if (recent.value() && *recent.value() != u"PT3H")
        return invalidValue(QStringLiteral("RecentlyActive"),
                            QStringLiteral("RecentlyActive: the only value is PT3H (got '%1')").arg(*recent.value()));
    filter.metricNamespace = ns->value_or(QString());
    filter.metricName = name->value_or(QString());
    for (std::size_t i = 0; i < dims->size(); ++i) {
        const QString p = QStringLiteral("Dimensions[%1]").arg(i + 1);
        if (auto e = onlyMembers((*dims)[i], {"Name", "Value"}, p))
            return *e;
        Result<QString> n = reqString((*dims)[i], "Name", p);
        if (!n)
            return n.error();
        Result<std::optional<QString>> v = optString((*dims)[i], "Value", p);
        if (!v)
            return v.error();
        filter.dimensions.push_back({n.value(), v->value_or(QString())});
    }
    const metrics::MetricStore &store = ctx.cp().metricStore();
    std::vector<metrics::MetricId> found = store.listMetrics(filter);
    if (recent.value()) {
        // Only metrics with a datapoint in the last three hours.
        const qint64 now = ctx.cp().clock().now().toMSecsSinceEpoch();
        std::erase_if(found, [&](const metrics::MetricId &id) {
            metrics::StatisticsQuery q;
            q.metric = id;
            q.startMs = now - 3 * 3600 * 1000;
            q.endMs = now + 60 * 1000;
            q.periodSeconds = 3 * 3600 + 60 * 2; // one period over the whole window
            q.periodSeconds -= q.periodSeconds % 60;
            q.statistics = {metrics::Statistic::SampleCount};
            Result<std::vector<metrics::StatisticsDatapoint>> r = store.statistics(q);
            return !r || r->empty();
        });
    }
    Result<Page> page = pageOf(found.size(), params, "__none", kListMetricsPage, kListMetricsPage);
    if (!page) {
        // ListMetrics has no InvalidNextToken in the model: its bad token is InvalidParameterValue.
        Error e = page.error();
        e.code = QStringLiteral("InvalidParameterValue");
        return e;
    }
    json metrics = json::array();
    for (std::size_t i = page->begin; i < page->end; ++i)
        metrics.push_back(metricJson(found[i]));
    json out = {{"Metrics", metrics}};
    if (page->nextToken)
        out["NextToken"] = *page->nextToken;
    return out;
}

} // namespace fd::api::cloudwatch
