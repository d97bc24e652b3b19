#include "ops/Alarms.h"

#include "ControlPlane.h"
#include "alarms/StateReason.h"
#include "registries/AlarmRegistry.h"
#include "state/Kinds.h"
#include "state/Transaction.h"
#include "tags/TagRegistry.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <limits>

namespace fd::ops {

using namespace alarms;
using state::Transaction;

namespace {

constexpr int kMaxActionsPerState = 5; // CloudWatch's ResourceList limit

std::optional<Error> checkActions(const QStringList &actions, const QString &field)
{
    if (actions.size() > kMaxActionsPerState)
        return cloudWatchInvalid(
            field,
            QStringLiteral("%1: at most %2 actions (got %3)").arg(field).arg(kMaxActionsPerState).arg(actions.size()));
    for (qsizetype i = 0; i < actions.size(); ++i) {
        const QStringList parts = actions[i].split(u':');
        if (parts.size() < 6 || parts[0] != u"arn" || parts[2].isEmpty())
            return cloudWatchInvalid(field, QStringLiteral("%1[%2]: '%3' is not an ARN (arn:aws:<service>:...)")
                                                .arg(field)
                                                .arg(i + 1)
                                                .arg(actions[i]));
    }
    return std::nullopt;
}

QString configurationData(const MetricAlarm &a, const QString &type)
{
    QJsonObject alarm{{QStringLiteral("alarmName"), a.name()},
                      {QStringLiteral("namespace"), a.definition.metric.metricNamespace},
                      {QStringLiteral("metricName"), a.definition.metric.metricName},
                      {QStringLiteral("statistic"), a.definition.statisticName()},
                      {QStringLiteral("period"), a.definition.periodSeconds},
                      {QStringLiteral("evaluationPeriods"), a.definition.evaluationPeriods},
                      {QStringLiteral("threshold"), a.definition.threshold},
                      {QStringLiteral("comparisonOperator"), toString(a.definition.comparison)},
                      {QStringLiteral("actionsEnabled"), a.definition.actionsEnabled}};
    QJsonObject data{{QStringLiteral("version"), QStringLiteral("1.0")}, {QStringLiteral("type"), type}};
    data[type == u"Create"   ? QStringLiteral("createdAlarm")
         : type == u"Delete" ? QStringLiteral("deletedAlarm")
                             : QStringLiteral("updatedAlarm")] = alarm;
    return QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact));
}

AlarmHistoryItem configurationItem(const MetricAlarm &a, bool created, qint64 nowMs)
{
    AlarmHistoryItem item;
    item.alarmName = a.name();
    item.timestampMs = nowMs;
    item.historyItemType = QStringLiteral("ConfigurationUpdate");
    item.historySummary = QStringLiteral("Alarm \"%1\" %2")
                              .arg(a.name(), created ? QStringLiteral("created") : QStringLiteral("updated"));
    item.historyData = configurationData(a, created ? QStringLiteral("Create") : QStringLiteral("Update"));
    return item;
}

AlarmHistoryItem deletionItem(const MetricAlarm &a, qint64 nowMs)
{
    AlarmHistoryItem item;
    item.alarmName = a.name();
    item.timestampMs = nowMs;
    item.historyItemType = QStringLiteral("ConfigurationUpdate");
    item.historySummary = QStringLiteral("Alarm \"%1\" deleted").arg(a.name());
    item.historyData = configurationData(a, QStringLiteral("Delete"));
    return item;
}

// Items younger than the retention, newest first, at most the per-alarm bound.
QList<AlarmHistoryItem> retained(QList<AlarmHistoryItem> items, qint64 nowMs)
{
    std::stable_sort(items.begin(), items.end(), [](const AlarmHistoryItem &x, const AlarmHistoryItem &y) {
        return x.timestampMs > y.timestampMs;
    });
    qsizetype keep = 0;
    while (keep < items.size() && keep < kMaxHistoryPerAlarm &&
           items[keep].timestampMs >= nowMs - alarms::kDeletedHistoryRetentionMs)
        ++keep;
    items.resize(keep);
    return items;
}

bool hasActionPrefix(const AlarmDefinition &d, const QString &prefix)
{
    for (const QStringList *list : {&d.alarmActions, &d.okActions, &d.insufficientDataActions}) {
        for (const QString &a : *list) {
            if (a.startsWith(prefix))
                return true;
        }
    }
    return false;
}

} // namespace

Error alarmNotFound(const QString &name)
{
    return makeError(QStringLiteral("ResourceNotFound"), QStringLiteral("Alarm %1 not found").arg(name),
                     QStringLiteral("AlarmName"));
}

Error cloudWatchInvalid(const QString &field, const QString &message)
{
    return makeError(QStringLiteral("InvalidParameterValue"), message, field);
}

qint64 Alarms::nowMs() const
{
    return now().toMSecsSinceEpoch();
}

Status Alarms::put(const AlarmPut &r)
{
    if (Status s = validate(r.definition); !s)
        return s;
    if (r.description && r.description->size() > 1024)
        return cloudWatchInvalid(
            QStringLiteral("AlarmDescription"),
            QStringLiteral("AlarmDescription: at most 1024 characters (got %1)").arg(r.description->size()));
    const AlarmDefinition &d = r.definition;
    for (const auto &[list, field] :
         {std::pair{&d.alarmActions, QStringLiteral("AlarmActions")},
          std::pair{&d.okActions, QStringLiteral("OKActions")},
          std::pair{&d.insufficientDataActions, QStringLiteral("InsufficientDataActions")}}) {
        if (auto e = checkActions(*list, field))
            return *e;
    }
    const MetricAlarm *existing = m_alarms.find(d.name);
    if (!existing) {
        if (auto e = tags::validate(r.tags, QStringLiteral("Tags")))
            return makeError(QStringLiteral("InvalidParameterValue"), e->message, QStringLiteral("Tags"));
    }
    const qint64 t = nowMs();
    MetricAlarm alarm;
    if (existing)
        alarm = *existing;
    alarm.definition = d;
    alarm.description = r.description;
    alarm.treatMissingDataGiven = r.treatMissingDataGiven;
    alarm.configurationUpdatedMs = t;
    if (!existing) {
        alarm.arn = alarmArn(r.region.isEmpty() ? region() : r.region, d.name);
        alarm.status = AlarmStatus{};
        alarm.stateUpdatedMs = t;
        alarm.stateTransitionedMs = t;
    }
    alarm.remember(configurationItem(alarm, !existing, t));
    Transaction tx = begin();
    m_alarms.stage(tx, alarm, now());
    if (!existing && !r.tags.isEmpty())
        m_tags->stage(tx, state::kMetricAlarmKind, d.name, r.tags, now());
    tx.event(makeEvent(state::kMetricAlarmKind, d.name,
                       existing ? QStringLiteral("Alarm %1 updated.").arg(d.name)
                                : QStringLiteral("Alarm %1 created.").arg(d.name)));
    return commit(std::move(tx));
}

Status Alarms::remove(const QStringList &names)
{
    for (const QString &n : names) {
        if (!m_alarms.find(n))
            return alarmNotFound(n);
    }
    Transaction tx = begin();
    const qint64 t = nowMs();
    for (const QString &n : names) {
        // CloudWatch keeps a deleted alarm's history two weeks, beside any kept from an earlier alarm of the name.
        const MetricAlarm &alarm = *m_alarms.find(n);
        QList<AlarmHistoryItem> kept = m_alarms.deletedHistory().value(n) + alarm.history;
        kept.append(deletionItem(alarm, t));
        m_alarms.stageDeletedHistory(tx, n, retained(std::move(kept), t), now());
        m_alarms.stageRemoval(tx, n);
        if (!m_tags->tags(state::kMetricAlarmKind, n).isEmpty())
            m_tags->stage(tx, state::kMetricAlarmKind, n, {}, now());
        tx.event(makeEvent(state::kMetricAlarmKind, n, QStringLiteral("Alarm %1 deleted.").arg(n)));
    }
    return commit(std::move(tx));
}

QList<MetricAlarm> Alarms::describe(const AlarmFilter &f) const
{
    QList<MetricAlarm> out;
    for (const MetricAlarm &a : m_alarms.all()) {
        if (!f.names.isEmpty() && !f.names.contains(a.name()))
            continue;
        if (!f.namePrefix.isEmpty() && !a.name().startsWith(f.namePrefix))
            continue;
        if (f.state && a.status.state != *f.state)
            continue;
        if (!f.actionPrefix.isEmpty() && !hasActionPrefix(a.definition, f.actionPrefix))
            continue;
        out.append(a);
    }
    return out;
}

QList<MetricAlarm> Alarms::describeForMetric(const AlarmMetricFilter &f) const
{
    QList<MetricAlarm> out;
    for (const MetricAlarm &a : m_alarms.all()) {
        const AlarmDefinition &d = a.definition;
        if (!(d.metric == f.metric))
            continue;
        if (f.statistic && d.statistic != f.statistic)
            continue;
        if (!f.extendedStatistic.isEmpty() && d.extendedStatistic != f.extendedStatistic)
            continue;
        if (f.periodSeconds && d.periodSeconds != *f.periodSeconds)
            continue;
        if (f.unit && d.unit != f.unit)
            continue;
        out.append(a);
    }
    return out;
}

std::optional<MetricAlarm> Alarms::find(const QString &name) const
{
    const MetricAlarm *a = m_alarms.find(name);
    return a ? std::optional<MetricAlarm>(*a) : std::nullopt;
}

Status Alarms::setState(const QString &name, AlarmState state, const QString &reason, const QString &reasonData)
{
    const MetricAlarm *found = m_alarms.find(name);
    if (!found)
        return alarmNotFound(name);
    if (reason.size() > 1023)
        return cloudWatchInvalid(QStringLiteral("StateReason"),
                                 QStringLiteral("StateReason: at most 1023 characters (got %1)").arg(reason.size()));
    if (!reasonData.isEmpty()) {
        QJsonParseError error;
        QJsonDocument::fromJson(reasonData.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError)
            return makeError(QStringLiteral("InvalidFormat"),
                             QStringLiteral("StateReasonData is not valid JSON: %1").arg(error.errorString()),
                             QStringLiteral("StateReasonData"));
    }
    MetricAlarm alarm = *found;
    const AlarmStatus after{state, reason, reasonData};
    const qint64 t = nowMs();
    alarm.remember(transitionHistory(name, alarm.status, after, t));
    if (alarm.status.state != state)
        alarm.stateTransitionedMs = t;
    alarm.status = after;
    alarm.stateUpdatedMs = t;
    Transaction tx = begin();
    m_alarms.stage(tx, alarm, now());
    return commit(std::move(tx));
}

Status Alarms::setActionsEnabled(const QStringList &names, bool enabled)
{
    Transaction tx = begin();
    for (const QString &n : names) {
        const MetricAlarm *found = m_alarms.find(n);
        if (!found || found->definition.actionsEnabled == enabled)
            continue;
        MetricAlarm alarm = *found;
        alarm.definition.actionsEnabled = enabled;
        alarm.configurationUpdatedMs = nowMs();
        alarm.remember(configurationItem(alarm, false, alarm.configurationUpdatedMs));
        m_alarms.stage(tx, alarm, now());
    }
    return commit(std::move(tx));
}

QList<AlarmHistoryItem> Alarms::history(const AlarmHistoryFilter &f) const
{
    QList<AlarmHistoryItem> out;
    const auto add = [&](const QString &name, const QList<AlarmHistoryItem> &items, qint64 notBefore) {
        if (!f.alarmName.isEmpty() && name != f.alarmName)
            return;
        for (const AlarmHistoryItem &h : items) {
            if (!f.itemType.isEmpty() && h.historyItemType != f.itemType)
                continue;
            if (h.timestampMs < notBefore || (f.startMs && h.timestampMs < *f.startMs) ||
                (f.endMs && h.timestampMs > *f.endMs))
                continue;
            out.append(h);
        }
    };
    for (const MetricAlarm &a : m_alarms.all())
        add(a.name(), a.history, std::numeric_limits<qint64>::min());
    // Deleted alarms' history, for as long as CloudWatch keeps it.
    const qint64 notBefore = nowMs() - alarms::kDeletedHistoryRetentionMs;
    for (auto it = m_alarms.deletedHistory().cbegin(); it != m_alarms.deletedHistory().cend(); ++it)
        add(it.key(), it.value(), notBefore);
    std::stable_sort(out.begin(), out.end(), [](const AlarmHistoryItem &x, const AlarmHistoryItem &y) {
        return x.timestampMs > y.timestampMs;
    });
    return out;
}

Status Alarms::recordEvaluation(const QString &name, const AlarmEvaluation &e)
{
    const MetricAlarm *found = m_alarms.find(name);
    if (!found)
        return alarmNotFound(name);
    if (!e.transitioned)
        return Ok{};
    MetricAlarm alarm = *found;
    const qint64 t = nowMs();
    alarm.status = AlarmStatus{e.state, e.reason, e.reasonData};
    alarm.stateUpdatedMs = t;
    alarm.stateTransitionedMs = t;
    if (e.history)
        alarm.remember(*e.history);
    Transaction tx = begin();
    m_alarms.stage(tx, alarm, now());
    tx.event(makeEvent(state::kMetricAlarmKind, name,
                       QStringLiteral("Alarm %1 is now %2: %3").arg(name, toString(e.state), e.reason)));
    return commit(std::move(tx));
}

Status Alarms::recordHistory(const QString &name, const QList<AlarmHistoryItem> &items)
{
    const MetricAlarm *found = m_alarms.find(name);
    if (!found)
        return alarmNotFound(name);
    if (items.isEmpty())
        return Ok{};
    MetricAlarm alarm = *found;
    for (const AlarmHistoryItem &h : items)
        alarm.remember(h);
    Transaction tx = begin();
    m_alarms.stage(tx, alarm, now());
    return commit(std::move(tx));
}

Status Alarms::tag(const QString &name, const tags::TagList &add)
{
    if (!m_alarms.find(name))
        return makeError(QStringLiteral("ResourceNotFoundException"), QStringLiteral("Alarm %1 not found").arg(name),
                         QStringLiteral("ResourceARN"));
    const tags::TagList next = tags::merged(m_tags->tags(state::kMetricAlarmKind, name), add);
    if (auto e = tags::validate(next, QStringLiteral("Tags")))
        return makeError(QStringLiteral("InvalidParameterValue"), e->message, QStringLiteral("Tags"));
    Transaction tx = begin();
    m_tags->stage(tx, state::kMetricAlarmKind, name, next, now());
    return commit(std::move(tx));
}

Status Alarms::untag(const QString &name, const QStringList &keys)
{
    if (!m_alarms.find(name))
        return makeError(QStringLiteral("ResourceNotFoundException"), QStringLiteral("Alarm %1 not found").arg(name),
                         QStringLiteral("ResourceARN"));
    Transaction tx = begin();
    m_tags->stage(tx, state::kMetricAlarmKind, name, tags::without(m_tags->tags(state::kMetricAlarmKind, name), keys),
                  now());
    return commit(std::move(tx));
}

Result<tags::TagList> Alarms::tags(const QString &name) const
{
    if (!m_alarms.find(name))
        return makeError(QStringLiteral("ResourceNotFoundException"), QStringLiteral("Alarm %1 not found").arg(name),
                         QStringLiteral("ResourceARN"));
    return m_tags->tags(state::kMetricAlarmKind, name);
}

} // namespace fd::ops
