#include "registries/AlarmRegistry.h"

#include "state/Kinds.h"
#include "state/Transaction.h"
#include "store/Store.h"

namespace fd::registries {

Status AlarmRegistry::load(const Store &store)
{
    Result<QList<Store::Document>> docs = store.loadDocuments(state::kMetricAlarmKind);
    if (!docs)
        return docs.error();
    m_alarms.clear();
    for (const Store::Document &d : docs.value()) {
        Result<alarms::MetricAlarm> alarm = alarms::metricAlarmFrom(d.document);
        if (!alarm)
            return makeError(QStringLiteral("ServerException"),
                             QStringLiteral("%1 holds an unreadable metric alarm %2 (%3)")
                                 .arg(store.path(), d.id, alarm.error().message));
        m_alarms.insert(alarm->name(), std::move(alarm).value());
    }
    Result<QList<Store::Document>> kept = store.loadDocuments(state::kAlarmHistoryKind);
    if (!kept)
        return kept.error();
    m_deletedHistory.clear();
    for (const Store::Document &d : kept.value()) {
        Result<QList<alarms::AlarmHistoryItem>> items = alarms::historyFromDocument(d.id, d.document);
        if (!items)
            return makeError(QStringLiteral("ServerException"),
                             QStringLiteral("%1 holds an unreadable alarm history %2 (%3)")
                                 .arg(store.path(), d.id, items.error().message));
        m_deletedHistory.insert(d.id, std::move(items).value());
    }
    return Ok{};
}

const alarms::MetricAlarm *AlarmRegistry::find(const QString &name) const
{
    auto it = m_alarms.constFind(name);
    return it == m_alarms.cend() ? nullptr : &*it;
}

void AlarmRegistry::stage(state::Transaction &tx, const alarms::MetricAlarm &alarm, const QDateTime &createdAt)
{
    const QString kind = state::kMetricAlarmKind;
    const QString id = alarm.name();
    const QByteArray doc = alarms::toDocument(alarm);
    tx.put(
        kind, id, [kind, id, createdAt, doc](Store &st) { return st.putDocument(kind, id, createdAt, doc); },
        [this, alarm] { m_alarms.insert(alarm.name(), alarm); });
}

void AlarmRegistry::stageRemoval(state::Transaction &tx, const QString &name)
{
    const QString kind = state::kMetricAlarmKind;
    tx.remove(
        kind, name, [kind, name](Store &st) { return st.deleteDocument(kind, name); },
        [this, name] { m_alarms.remove(name); });
}

void AlarmRegistry::stageDeletedHistory(state::Transaction &tx, const QString &name,
                                        const QList<alarms::AlarmHistoryItem> &items, const QDateTime &now)
{
    const QString kind = state::kAlarmHistoryKind;
    if (items.isEmpty()) {
        tx.remove(
            kind, name, [kind, name](Store &st) { return st.deleteDocument(kind, name); },
            [this, name] { m_deletedHistory.remove(name); });
        return;
    }
    const QByteArray doc = alarms::historyDocument(items);
    tx.put(
        kind, name, [kind, name, now, doc](Store &st) { return st.putDocument(kind, name, now, doc); },
        [this, name, items] { m_deletedHistory.insert(name, items); });
}

} // namespace fd::registries
