#include "CwCodec.h"

#include <QDateTime>

#include <cmath>

namespace fd::api::cloudwatch {

namespace {

QString at(const QString &path, const char *member)
{
    return path.isEmpty() ? QLatin1String(member) : path + u'.' + QLatin1String(member);
}

const json *member(const json &object, const char *name)
{
    if (!object.is_object())
        return nullptr;
    auto it = object.find(name);
    if (it == object.end() || it->is_null())
        return nullptr;
    return &*it;
}

constexpr char kTokenPrefix[] = "fleetdeck-cw-";

} // namespace

Error invalidValue(const QString &field, const QString &message)
{
    return makeError(QStringLiteral("InvalidParameterValue"), message, field);
}

Error missingParameter(const QString &field)
{
    return makeError(QStringLiteral("MissingParameter"), QStringLiteral("The parameter %1 is required.").arg(field),
                     field);
}

std::optional<Error> onlyMembers(const json &object, std::initializer_list<const char *> allowed, const QString &path)
{
    if (!object.is_object())
        return std::nullopt;
    for (auto it = object.begin(); it != object.end(); ++it) {
        bool known = false;
        for (const char *a : allowed)
            known = known || it.key() == a;
        if (!known)
            return invalidValue(
                at(path, it.key().c_str()),
                QStringLiteral("%1: not a member Fleetdeck takes here").arg(at(path, it.key().c_str())));
    }
    return std::nullopt;
}

std::optional<Error> unsupported(const json &object, std::initializer_list<const char *> names, const QString &why,
                                 const QString &path)
{
    for (const char *n : names) {
        if (member(object, n))
            return invalidValue(at(path, n), QStringLiteral("%1: %2").arg(at(path, n), why));
    }
    return std::nullopt;
}

Result<std::optional<QString>> optString(const json &object, const char *name, const QString &path)
{
    const json *v = member(object, name);
    if (!v)
        return std::optional<QString>();
    if (!v->is_string())
        return invalidValue(at(path, name), QStringLiteral("%1: must be a string").arg(at(path, name)));
    return std::optional<QString>(qs(v->get<std::string>()));
}

Result<QString> reqString(const json &object, const char *name, const QString &path)
{
    Result<std::optional<QString>> v = optString(object, name, path);
    if (!v)
        return v.error();
    if (!v.value() || v.value()->isEmpty())
        return missingParameter(at(path, name));
    return *v.value();
}

Result<std::optional<double>> optDouble(const json &object, const char *name, const QString &path)
{
    const json *v = member(object, name);
    if (!v)
        return std::optional<double>();
    double d = 0;
    bool ok = false;
    if (v->is_number()) {
        d = v->get<double>();
        ok = true;
    } else if (v->is_string()) {
        d = qs(v->get<std::string>()).toDouble(&ok);
    }
    if (!ok || !std::isfinite(d))
        return invalidValue(at(path, name),
                            QStringLiteral("%1: must be a finite number (got %2)").arg(at(path, name), qs(v->dump())));
    return std::optional<double>(d);
}

Result<std::optional<int>> optInt(const json &object, const char *name, const QString &path)
{
    const json *v = member(object, name);
    if (!v)
        return std::optional<int>();
    long long n = 0;
    bool ok = false;
    if (v->is_number_integer()) {
        n = v->get<long long>();
        ok = true;
    } else if (v->is_string()) {
        n = qs(v->get<std::string>()).toLongLong(&ok);
    }
    if (!ok || n < INT_MIN || n > INT_MAX)
        return invalidValue(at(path, name),
                            QStringLiteral("%1: must be an integer (got %2)").arg(at(path, name), qs(v->dump())));
    return std::optional<int>(int(n));
}

Result<std::optional<bool>> optBool(const json &object, const char *name, const QString &path)
{
    const json *v = member(object, name);
    if (!v)
        return std::optional<bool>();
    if (v->is_boolean())
        return std::optional<bool>(v->get<bool>());
    if (v->is_string() && (*v == "true" || *v == "false"))
        return std::optional<bool>(*v == "true");
    return invalidValue(at(path, name), QStringLiteral("%1: must be true or false").arg(at(path, name)));
}

Result<std::vector<json>> list(const json &object, const char *name, const QString &path)
{
    const json *v = member(object, name);
    if (!v || (v->is_string() && v->get<std::string>().empty()))
        return std::vector<json>();
    if (!v->is_array())
        return invalidValue(at(path, name), QStringLiteral("%1: must be a list").arg(at(path, name)));
    return std::vector<json>(v->begin(), v->end());
}

Result<QStringList> stringList(const json &object, const char *name, const QString &path)
{
    Result<std::vector<json>> items = list(object, name, path);
    if (!items)
        return items.error();
    QStringList out;
    for (std::size_t i = 0; i < items->size(); ++i) {
        if (!(*items)[i].is_string())
            return invalidValue(at(path, name),
                                QStringLiteral("%1[%2]: must be a string").arg(at(path, name)).arg(i + 1));
        out.append(qs((*items)[i].get<std::string>()));
    }
    return out;
}

Result<std::optional<qint64>> optTimestamp(const json &object, const char *name, const QString &path)
{
    const json *v = member(object, name);
    if (!v)
        return std::optional<qint64>();
    if (v->is_number())
        return std::optional<qint64>(qint64(std::llround(v->get<double>() * 1000)));
    if (v->is_string()) {
        const QString text = qs(v->get<std::string>());
        bool ok = false;
        const double seconds = text.toDouble(&ok);
        if (ok)
            return std::optional<qint64>(qint64(std::llround(seconds * 1000)));
        QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!t.isValid())
            t = QDateTime::fromString(text, Qt::ISODate);
        if (t.isValid()) {
            if (t.timeSpec() == Qt::LocalTime)
                t.setTimeSpec(Qt::UTC); // no zone given: UTC, as AWS reads it
            return std::optional<qint64>(t.toMSecsSinceEpoch());
        }
    }
    return invalidValue(
        at(path, name),
        QStringLiteral("%1: not a timestamp (ISO 8601 or epoch seconds): %2").arg(at(path, name), qs(v->dump())));
}

json timestamp(const ApiContext &ctx, qint64 ms)
{
    if (ctx.protocol == Protocol::AwsJson)
        return double(ms) / 1000.0;
    return ss(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs));
}

Result<std::vector<metrics::Dimension>> dimensionsParam(const json &object, const QString &path)
{
    Result<std::vector<json>> items = list(object, "Dimensions", path);
    if (!items)
        return items.error();
    std::vector<metrics::Dimension> out;
    for (std::size_t i = 0; i < items->size(); ++i) {
        const QString p = QStringLiteral("%1[%2]").arg(at(path, "Dimensions")).arg(i + 1);
        if (auto e = onlyMembers((*items)[i], {"Name", "Value"}, p))
            return *e;
        Result<QString> name = reqString((*items)[i], "Name", p);
        if (!name)
            return name.error();
        Result<QString> value = reqString((*items)[i], "Value", p);
        if (!value)
            return value.error();
        out.push_back({name.value(), value.value()});
    }
    return out;
}

Result<metrics::MetricId> metricParam(const json &object, const QString &path)
{
    Result<QString> ns = reqString(object, "Namespace", path);
    if (!ns)
        return ns.error();
    Result<QString> name = reqString(object, "MetricName", path);
    if (!name)
        return name.error();
    Result<std::vector<metrics::Dimension>> dims = dimensionsParam(object, path);
    if (!dims)
        return dims.error();
    Result<metrics::MetricId> id = metrics::makeMetricId(ns.value(), name.value(), dims.value());
    if (!id && !path.isEmpty())
        return makeError(id.error().code, path + QStringLiteral(": ") + id.error().message, id.error().field);
    return id;
}

json dimensionsJson(const std::vector<metrics::Dimension> &dimensions)
{
    json out = json::array();
    for (const metrics::Dimension &d : dimensions)
        out.push_back({{"Name", ss(d.name)}, {"Value", ss(d.value)}});
    return out;
}

json metricJson(const metrics::MetricId &metric)
{
    return {{"Namespace", ss(metric.metricNamespace)},
            {"MetricName", ss(metric.metricName)},
            {"Dimensions", dimensionsJson(metric.dimensions)}};
}

Result<std::optional<metrics::StandardUnit>> unitParam(const json &object, const QString &path)
{
    Result<std::optional<QString>> text = optString(object, "Unit", path);
    if (!text)
        return text.error();
    if (!text.value())
        return std::optional<metrics::StandardUnit>();
    const std::optional<metrics::StandardUnit> unit = metrics::standardUnitFromString(*text.value());
    if (!unit)
        return invalidValue(at(path, "Unit"),
                            QStringLiteral("%1: '%2' is not a CloudWatch unit (Seconds, Bytes, Percent, Count, "
                                           "Bytes/Second, None, ...)")
                                .arg(at(path, "Unit"), *text.value()));
    return std::optional<metrics::StandardUnit>(unit);
}

Result<tags::TagList> tagsParam(const json &object, const char *name)
{
    Result<std::vector<json>> items = list(object, name);
    if (!items)
        return items.error();
    tags::TagList out;
    for (std::size_t i = 0; i < items->size(); ++i) {
        const QString p = QStringLiteral("%1[%2]").arg(QLatin1String(name)).arg(i + 1);
        if (auto e = onlyMembers((*items)[i], {"Key", "Value"}, p))
            return *e;
        Result<QString> key = reqString((*items)[i], "Key", p);
        if (!key)
            return key.error();
        Result<std::optional<QString>> value = optString((*items)[i], "Value", p);
        if (!value)
            return value.error();
        out.append({key.value(), value->value_or(QString())});
    }
    return out;
}

json tagsJson(const tags::TagList &tags)
{
    json out = json::array();
    for (const tags::Tag &t : tags)
        out.push_back({{"Key", ss(t.key)}, {"Value", ss(t.value)}});
    return out;
}

json alarmJson(const ApiContext &ctx, const alarms::MetricAlarm &a)
{
    const alarms::AlarmDefinition &d = a.definition;
    const auto strings = [](const QStringList &l) {
        json out = json::array();
        for (const QString &s : l)
            out.push_back(ss(s));
        return out;
    };
    json o = {{"AlarmName", ss(d.name)},
              {"AlarmArn", ss(a.arn)},
              {"AlarmConfigurationUpdatedTimestamp", timestamp(ctx, a.configurationUpdatedMs)},
              {"ActionsEnabled", d.actionsEnabled},
              {"OKActions", strings(d.okActions)},
              {"AlarmActions", strings(d.alarmActions)},
              {"InsufficientDataActions", strings(d.insufficientDataActions)},
              {"StateValue", ss(alarms::toString(a.status.state))},
              {"StateReason", ss(a.status.reason)},
              {"StateUpdatedTimestamp", timestamp(ctx, a.stateUpdatedMs)},
              {"StateTransitionedTimestamp", timestamp(ctx, a.stateTransitionedMs)},
              {"MetricName", ss(d.metric.metricName)},
              {"Namespace", ss(d.metric.metricNamespace)},
              {"Dimensions", dimensionsJson(d.metric.dimensions)},
              {"Period", d.periodSeconds},
              {"EvaluationPeriods", d.evaluationPeriods},
              {"Threshold", d.threshold},
              {"ComparisonOperator", ss(alarms::toString(d.comparison))}};
    if (a.description)
        o["AlarmDescription"] = ss(*a.description);
    if (!a.status.reasonData.isEmpty())
        o["StateReasonData"] = ss(a.status.reasonData);
    if (d.statistic)
        o["Statistic"] = ss(metrics::toString(*d.statistic));
    else
        o["ExtendedStatistic"] = ss(d.extendedStatistic);
    if (d.unit)
        o["Unit"] = ss(metrics::toString(*d.unit));
    if (d.datapointsToAlarm)
        o["DatapointsToAlarm"] = *d.datapointsToAlarm;
    if (a.treatMissingDataGiven)
        o["TreatMissingData"] = ss(alarms::toString(d.treatMissingData));
    return o;
}

json historyItemJson(const ApiContext &ctx, const alarms::AlarmHistoryItem &h)
{
    return {{"AlarmName", ss(h.alarmName)},
            {"AlarmType", "MetricAlarm"},
            {"Timestamp", timestamp(ctx, h.timestampMs)},
            {"HistoryItemType", ss(h.historyItemType)},
            {"HistorySummary", ss(h.historySummary)},
            {"HistoryData", ss(h.historyData)}};
}

Result<Page> pageOf(std::size_t total, const json &params, const char *sizeMember, int defaultSize, int maxSize)
{
    Result<std::optional<int>> size = optInt(params, sizeMember);
    if (!size)
        return size.error();
    const int n = size->value_or(defaultSize);
    if (n < 1 || n > maxSize)
        return invalidValue(
            QLatin1String(sizeMember),
            QStringLiteral("%1: must be between 1 and %2 (got %3)").arg(QLatin1String(sizeMember)).arg(maxSize).arg(n));
    Result<std::optional<QString>> token = optString(params, "NextToken");
    if (!token)
        return token.error();
    Page page;
    if (token.value()) {
        const QString t = *token.value();
        bool ok = false;
        const qulonglong offset =
            t.startsWith(QLatin1String(kTokenPrefix)) ? t.mid(int(qstrlen(kTokenPrefix))).toULongLong(&ok) : 0;
        if (!ok || offset > total)
            return makeError(QStringLiteral("InvalidNextToken"),
                             QStringLiteral("The service cannot use NextToken '%1': it was not issued here or is "
                                            "stale")
                                 .arg(t),
                             QStringLiteral("NextToken"));
        page.begin = std::size_t(offset);
    }
    page.end = std::min(total, page.begin + std::size_t(n));
    if (page.end < total)
        page.nextToken = kTokenPrefix + std::to_string(page.end);
    return page;
}

} // namespace fd::api::cloudwatch
