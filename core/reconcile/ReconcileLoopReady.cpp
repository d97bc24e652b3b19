#include "ReconcileLoop.h"

// ReconcileLoop's ready FIFO: the keys due already when they were queued, in the order one ordered
// queue would give them, and the choice of the next key a round or step() takes.

namespace fd::reconcile {

bool ReconcileLoop::isLive(const ReadyEntry &entry) const
{
    const KeyState *s = nullptr;
    if (entry.layout == m_keysLayout) {
        s = entry.state;
    } else {
        auto it = m_keys.constFind(entry.key);
        s = it == m_keys.cend() ? nullptr : &*it;
    }
    return s && s->queued && s->ready && s->seq == entry.seq;
}

ReconcileLoop::KeyState *ReconcileLoop::liveState(const ReadyEntry &entry)
{
    KeyState *s = nullptr;
    if (entry.layout == m_keysLayout) {
        s = entry.state; // no key came or went since: the pointer holds
    } else {
        auto it = m_keys.find(entry.key);
        s = it == m_keys.end() ? nullptr : &*it;
    }
    return s && s->queued && s->ready && s->seq == entry.seq ? s : nullptr;
}

ReconcileLoop::ReadyEntry *ReconcileLoop::readyHead(KeyState **state)
{
    while (m_readyHead < m_ready.size()) {
        if (KeyState *s = liveState(m_ready[m_readyHead])) {
            *state = s;
            return &m_ready[m_readyHead];
        }
        if (m_readyStale > 0)
            --m_readyStale;
        popReady();
    }
    return nullptr;
}

const ReconcileLoop::ReadyEntry *ReconcileLoop::readyHeadConst() const
{
    for (size_t i = m_readyHead; i < m_ready.size(); ++i) {
        if (isLive(m_ready[i]))
            return &m_ready[i];
    }
    return nullptr;
}

void ReconcileLoop::popReady()
{
    ++m_readyHead;
    if (m_readyHead == m_ready.size()) {
        m_ready.clear(); // keeps its capacity for the next pass
        m_readyHead = 0;
        m_readyStale = 0;
    } else if (!m_inRound && m_readyHead > 1024 && m_readyHead * 2 > m_ready.size()) {
        dropTakenReady();
    }
}

// The entries before the head were taken: gone, and the rest moved to the front once. A round
// takes most of the FIFO, so it drops them when it ends rather than every time half is taken.
void ReconcileLoop::dropTakenReady()
{
    m_ready.erase(m_ready.begin(), m_ready.begin() + qsizetype(m_readyHead));
    m_readyHead = 0;
}

// Drops stale entries once they are most of the FIFO (keys forgotten or brought forward while the
// loop does not run), so that the FIFO stays bounded by the keys queued.
void ReconcileLoop::compactReady()
{
    const size_t size = m_ready.size() - m_readyHead;
    if (m_readyStale < 64 || m_readyStale * 2 < size)
        return;
    std::vector<ReadyEntry> live;
    live.reserve(size - m_readyStale);
    for (size_t i = m_readyHead; i < m_ready.size(); ++i) {
        if (isLive(m_ready[i]))
            live.push_back(std::move(m_ready[i]));
    }
    m_ready = std::move(live);
    m_readyHead = 0;
    m_readyStale = 0;
}

bool ReconcileLoop::takeNext(qint64 now, quint64 notFrom, QString *key, KeyState **state)
{
    KeyState *rs = nullptr;
    ReadyEntry *ready = readyHead(&rs);
    if (ready && (ready->due > now || ready->seq >= notFrom))
        ready = nullptr; // the FIFO is ordered by seq too: nothing further in it either
    auto it = m_queue.begin();
    while (it != m_queue.end() && it->first.first <= now && it->first.second >= notFrom)
        ++it;
    const bool queued = it != m_queue.end() && it->first.first <= now;
    if (ready && (!queued || QueueKey{ready->due, ready->seq} < it->first)) {
        *key = std::move(ready->key);
        *state = rs;
        popReady();
        rs->queued = false;
        rs->ready = false;
        --m_queuedCount;
        return true;
    }
    if (!queued)
        return false;
    *key = it->second;
    auto kit = m_keys.find(*key);
    if (kit == m_keys.end()) { // cannot happen: a key leaves m_keys only when not queued
        m_queue.erase(it);
        --m_queuedCount;
        return takeNext(now, notFrom, key, state);
    }
    *state = &*kit;
    dequeue(**state);
    return true;
}

} // namespace fd::reconcile
