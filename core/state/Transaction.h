#pragma once

#include "ChangeSet.h"
#include "Result.h"

#include <QDateTime>
#include <QSet>
#include <QList>

#include <functional>
#include <vector>

namespace fd {
class Store;
}

namespace fd::state {

// One unit of change: a mutation opens it, stages any number of resource writes and journal events
// (across domains: a service launching tasks writes the tasks and the service event together), and
// commits it once. Commit runs every write, the journal row with its cause and the events in one
// SQLite transaction; only after that succeeds are the in-memory patches applied, in staging order.
// Nothing is applied when the commit fails, so memory never runs ahead of the disk.
class Transaction final
{
public:
    using Write = std::function<Status(Store &)>;
    using Apply = std::function<void()>;

    explicit Transaction(Cause cause = {});
    Transaction(Transaction &&) noexcept;
    Transaction &operator=(Transaction &&) noexcept;
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    ~Transaction();

    // Stages a write of (kind, id): `write` runs inside the SQL transaction, `apply` patches memory
    // once the commit has succeeded.
    void put(const QString &kind, const QString &id, Write write, Apply apply = {});
    void remove(const QString &kind, const QString &id, Write write, Apply apply = {});
    // Announces that what (kind, id) shows changed without writing it (an instance's usage when a
    // task lands on it, a cluster's counts).
    void derived(const QString &kind, const QString &id);
    // A memory-only patch applied after the commit (caches, indexes that are not stored).
    void afterCommit(Apply apply);
    void event(Event event);
    void events(QList<Event> events); // each in order

    const Cause &cause() const { return m_cause; }
    const QList<Change> &changes() const { return m_changes; }
    const QList<Event> &events() const { return m_events; }

    // Commits to `store` at control-plane time `at`, then applies the patches. The change set it
    // returns carries the journal id and the events with their ids. A transaction that wrote and
    // journaled nothing commits nothing (transactionId 0) but still applies its patches.
    Result<ChangeSet> commit(Store &store, const QDateTime &at) &&;

private:
    void note(const QString &kind, const QString &id, Change::Op op);

    Cause m_cause;
    QList<Change> m_changes;
    QSet<QString> m_noted; // "kind\nid\nop" of every change noted, to keep each once without list scans
    QList<Event> m_events;
    std::vector<Write> m_writes;
    std::vector<Apply> m_applies;
};

} // namespace fd::state
