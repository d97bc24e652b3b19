#include "Transaction.h"

#include "store/Store.h"

namespace fd::state {

Transaction::Transaction(Cause cause) : m_cause(std::move(cause)) {}
Transaction::Transaction(Transaction &&) noexcept = default;
Transaction &Transaction::operator=(Transaction &&) noexcept = default;
Transaction::~Transaction() = default;

void Transaction::note(const QString &kind, const QString &id, Change::Op op)
{
    // Each (kind, id, op) once; a transaction may touch ten thousand instances, so no list scans.
    const QString key = kind + u'\n' + id + u'\n' + QString::number(int(op));
    if (m_noted.contains(key))
        return;
    m_noted.insert(key);
    m_changes.append(Change{kind, id, op});
}

void Transaction::put(const QString &kind, const QString &id, Write write, Apply apply)
{
    note(kind, id, Change::Op::Put);
    if (write)
        m_writes.push_back(std::move(write));
    if (apply)
        m_applies.push_back(std::move(apply));
}

void Transaction::remove(const QString &kind, const QString &id, Write write, Apply apply)
{
    note(kind, id, Change::Op::Delete);
    if (write)
        m_writes.push_back(std::move(write));
    if (apply)
        m_applies.push_back(std::move(apply));
}

void Transaction::derived(const QString &kind, const QString &id)
{
    // A resource that was written already announces itself; "derived" adds nothing then.
    const QString prefix = kind + u'\n' + id + u'\n';
    if (m_noted.contains(prefix + QString::number(int(Change::Op::Put))) ||
        m_noted.contains(prefix + QString::number(int(Change::Op::Delete))))
        return;
    note(kind, id, Change::Op::Derived);
}

void Transaction::afterCommit(Apply apply)
{
    if (apply)
        m_applies.push_back(std::move(apply));
}

void Transaction::event(Event event)
{
    m_events.append(std::move(event));
}

void Transaction::events(QList<Event> events)
{
    for (Event &e : events)
        event(std::move(e));
}

Result<ChangeSet> Transaction::commit(Store &store, const QDateTime &at) &&
{
    ChangeSet cs;
    cs.at = at;
    cs.cause = m_cause;
    cs.changes = m_changes;
    cs.events = m_events;
    const bool journaled = !m_writes.empty() || !m_events.isEmpty();
    if (journaled) {
        Status s = store.transaction([&](Store &st) -> Status {
            for (const Write &w : m_writes) {
                if (Status ws = w(st); !ws)
                    return ws;
            }
            Result<qint64> tx = st.appendTransaction(at, m_cause.toString(), m_changes);
            if (!tx)
                return tx.error();
            cs.transactionId = tx.value();
            for (Event &e : cs.events) {
                Result<qint64> id = st.appendEvent(e, cs.transactionId);
                if (!id)
                    return id.error();
                e.id = id.value();
            }
            return Ok{};
        });
        if (!s)
            return s.error();
    }
    for (const Apply &a : m_applies)
        a();
    m_writes.clear();
    m_applies.clear();
    return cs;
}

} // namespace fd::state
