#pragma once

// What the controllers decided and why, one record per decision, in a bounded ring: the console's
// "why did it do that" view and the scheduler step-through read it. Controllers record decisions
// that change something or that explain a wait ("start containers web, sidecar", "wait: dependsOn
// web HEALTHY"); a pass that finds nothing to do records nothing.

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

namespace fd::reconcile {

struct DecisionRecord
{
    QString controller; // "tasks", "services"
    QString key;        // the resource: a task id, "cluster/service"
    QDateTime at;       // the control plane's time
    QString decision;   // "start containers web, sidecar"
    QString reason;     // "dependsOn migrate SUCCESS met"
    friend bool operator==(const DecisionRecord &, const DecisionRecord &) = default;
};

class DecisionLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DecisionLog)

public:
    static constexpr int kDefaultCapacity = 1000;

    /// Keeps the newest `capacity` records (at least 1).
    explicit DecisionLog(int capacity = kDefaultCapacity, QObject *parent = nullptr);
    ~DecisionLog() override;

    void append(const DecisionRecord &record);
    /// Oldest first.
    QList<DecisionRecord> records() const;
    /// Of one key, oldest first.
    QList<DecisionRecord> recordsFor(const QString &key) const;
    qsizetype size() const { return m_size; }
    int capacity() const { return int(m_ring.size()); }
    /// Records appended since construction, the dropped ones included.
    quint64 appended() const { return m_appended; }
    void clear();

signals:
    void recorded(const fd::reconcile::DecisionRecord &record);

private:
    QList<DecisionRecord> m_ring;
    qsizetype m_next = 0; // where the next record goes
    qsizetype m_size = 0;
    quint64 m_appended = 0;
};

} // namespace fd::reconcile

Q_DECLARE_METATYPE(fd::reconcile::DecisionRecord)
