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

} // namespace fd::registries
