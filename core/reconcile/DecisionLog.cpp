#include "DecisionLog.h"

#include <algorithm>

namespace fd::reconcile {

DecisionLog::DecisionLog(int capacity, QObject *parent) : QObject(parent)
{
    m_ring.resize(std::max(1, capacity));
}

DecisionLog::~DecisionLog() = default;

void DecisionLog::append(const DecisionRecord &record)
{
    m_ring[m_next] = record;
    m_next = (m_next + 1) % m_ring.size();
    m_size = std::min(m_size + 1, m_ring.size());
    ++m_appended;
    emit recorded(record);
}

QList<DecisionRecord> DecisionLog::records() const
{
    QList<DecisionRecord> out;
    out.reserve(m_size);
    const qsizetype first = (m_next - m_size + m_ring.size()) % m_ring.size();
    for (qsizetype i = 0; i < m_size; ++i)
        out.append(m_ring[(first + i) % m_ring.size()]);
    return out;
}

QList<DecisionRecord> DecisionLog::recordsFor(const QString &key) const
{
    QList<DecisionRecord> out;
    for (const DecisionRecord &r : records()) {
        if (r.key == key)
            out.append(r);
    }
    return out;
}

void DecisionLog::clear()
{
    m_ring.fill(DecisionRecord{});
    m_next = 0;
    m_size = 0;
}

} // namespace fd::reconcile
