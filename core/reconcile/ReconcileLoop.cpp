#include "ReconcileLoop.h"

#include "Clock.h"

#include <QLoggingCategory>

#include <algorithm>
#include <cmath>
#include <limits>

namespace fd::reconcile {

Q_LOGGING_CATEGORY(lcReconcile, "fleetdeck.reconcile")

namespace {

// A sleep longer than this is cut and re-armed (QTimer takes an int of milliseconds).
constexpr qint64 kLongestSleepMs = 24LL * 3600 * 1000;

QString describeWait(std::chrono::milliseconds d)
{
    if (d.count() % 1000 == 0)
        return QStringLiteral("%1 s").arg(d.count() / 1000);
    return QStringLiteral("%1 ms").arg(d.count());
}

} // namespace

ReconcileLoop::ReconcileLoop(const Clock &clock, Options options, Handler handler, QObject *parent)
    : QObject(parent), m_clock(clock), m_options(std::move(options)), m_handler(std::move(handler)),
      m_log(std::make_shared<DecisionLog>())
{
    Q_ASSERT(m_handler);
    m_options.backoffBase = std::max(m_options.backoffBase, std::chrono::milliseconds(1));
    m_options.backoffCap = std::max(m_options.backoffCap, m_options.backoffBase);
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer); // a coarse timer may fire early and cost a second wake-up
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_armed = false;
        runRound();
        rearm();
    });
}

ReconcileLoop::~ReconcileLoop()
{
    stop();
}

void ReconcileLoop::setLog(std::shared_ptr<DecisionLog> log)
{
    if (log)
        m_log = std::move(log);
}

qint64 ReconcileLoop::nowMs() const
{
    return m_clock.now().toMSecsSinceEpoch();
}

// ---- work -----------------------------------------------------------------------------------

void ReconcileLoop::enqueue(const QString &key)
{
    const qint64 now = nowMs();
    enqueueAtMs(key, now, now);
}

void ReconcileLoop::enqueueAt(const QString &key, const QDateTime &due)
{
    const qint64 now = nowMs();
    enqueueAtMs(key, due.isValid() ? due.toMSecsSinceEpoch() : now, now);
}

ReconcileLoop::KeyState &ReconcileLoop::state(const QString &key)
{
    auto it = m_keys.find(key);
    if (it == m_keys.end()) {
        ++m_keysLayout;
        it = m_keys.insert(key, KeyState{});
    }
    return *it;
}

void ReconcileLoop::enqueueAtMs(const QString &key, qint64 due, qint64 now)
{
    enqueueAtMs(state(key), key, due, now);
}

// Adds no key: `s` stays valid.
void ReconcileLoop::enqueueAtMs(KeyState &s, const QString &key, qint64 due, qint64 now)
{
    s.forgotten = false;
    due = std::max(due, s.retryAt);
    if (s.inFlight) {
        s.dirtyDue = s.dirty ? std::min(s.dirtyDue, due) : due;
        s.dirty = true;
        return;
    }
    if (s.queued) {
        if (s.due <= due)
            return; // already queued at least as early
        dequeue(s);
    }
    s.due = due;
    s.seq = m_nextSeq++;
    s.queued = true;
    ++m_queuedCount;
    // Due now and not before the FIFO's tail (the usual case: a change, a full pass): the FIFO,
    // no allocation; otherwise the ordered queue.
    s.ready = due <= now && (m_readyHead == m_ready.size() || m_ready.back().due <= due);
    if (s.ready) {
        m_ready.push_back(ReadyEntry{due, s.seq, key, &s, m_keysLayout});
    } else {
        // Mostly the latest entry (the newest sequence number): the hint makes it O(1).
        s.queuedAt = m_queue.emplace_hint(m_queue.end(), QueueKey{s.due, s.seq}, key);
    }
    armIfEarlier(due);
}

void ReconcileLoop::dequeue(KeyState &state)
{
    if (!state.queued)
        return;
    state.queued = false;
    --m_queuedCount;
    if (std::exchange(state.ready, false)) {
        ++m_readyStale; // its FIFO entry stays behind, skipped
        compactReady();
        return;
    }
    m_queue.erase(state.queuedAt);
}

void ReconcileLoop::enqueueAll()
{
    if (m_allPending)
        return;
    m_allPending = true;
    if (m_running && !m_paused && !m_inRound) {
        // Listed at the start of the next round, one event-loop turn from now.
        m_armed = true;
        m_armedDue = std::numeric_limits<qint64>::min();
        m_armedRealMs = 0;
        m_timer.start(0);
    }
}

void ReconcileLoop::setKeySource(KeySource source)
{
    if (!source) {
        m_keyLister = {};
        return;
    }
    m_keyLister = [source = std::move(source)](const KeySink &add) {
        for (const QString &key : source())
            add(key);
    };
}

void ReconcileLoop::expandAll()
{
    if (!std::exchange(m_allPending, false) || !m_keyLister)
        return;
    const qint64 now = nowMs();
    // Most keys are listed as last time, as the same strings: their states are known without a
    // hash lookup while no key came or went. A key added on the way (a new key) moves the layout:
    // the states taken before it are then not kept for the next listing.
    const bool reuse = m_listedValid && m_listedLayout == m_keysLayout;
    const quint64 layoutBefore = m_keysLayout;
    size_t i = 0;
    m_keyLister([&](const QString &key) {
        KeyState *known = nullptr;
        if (reuse && m_keysLayout == layoutBefore && i < m_listed.size()) {
            const Listed &last = m_listed[i];
            if (last.key.constData() == key.constData() && last.key.size() == key.size())
                known = last.state; // the very same characters: the same key
        }
        KeyState &s = known ? *known : state(key);
        if (!known) {
            if (i < m_listed.size())
                m_listed[i] = Listed{key, &s};
            else
                m_listed.push_back(Listed{key, &s});
        }
        ++i;
        enqueueAtMs(s, key, now, now);
    });
    m_listed.resize(std::min(m_listed.size(), i));
    m_listedValid = m_keysLayout == layoutBefore; // no key came: every state taken holds
    m_listedLayout = m_keysLayout;
}

void ReconcileLoop::complete(const QString &key, const Outcome &outcome)
{
    auto it = m_keys.find(key);
    if (it == m_keys.end() || !it->inFlight) {
        qCWarning(lcReconcile) << m_options.controller << "completed" << key << "which is not in flight";
        return;
    }
    finish(key, outcome); // re-enqueueing arms the timer when needed
}

void ReconcileLoop::forget(const QString &key)
{
    auto it = m_keys.find(key);
    if (it == m_keys.end())
        return;
    dequeue(*it);
    if (it->inFlight) {
        it->dirty = false;
        it->failures = 0;
        it->retryAt = 0;
        it->lastRecordHash = 0;
        it->forgotten = true; // dropped when the pass ends, unless enqueued again
        return;
    }
    eraseKey(it);
}

void ReconcileLoop::record(const QString &key, const QString &decision, const QString &reason)
{
    recordAt(state(key), key, decision, reason);
}

void ReconcileLoop::recordAt(KeyState &state, const QString &key, const QString &decision, const QString &reason)
{
    if (decision.isEmpty())
        return;
    const size_t h = qHashMulti(0, decision, reason);
    if (h == state.lastRecordHash)
        return; // the same as last time: waiting still on the same thing
    state.lastRecordHash = h;
    m_log->append({m_options.controller, key, m_clock.now(), decision, reason});
}

// ---- processing -----------------------------------------------------------------------------

int ReconcileLoop::runRound()
{
    if (m_inRound || m_paused)
        return 0;
    m_inRound = true;
    expandAll();
    const qint64 now = nowMs();
    const quint64 startedBefore = m_nextSeq; // keys queued during the round wait for the next
    int processed = 0;
    QString key;
    KeyState *s = nullptr;
    while (takeNext(now, startedBefore, &key, &s)) {
        process(key, s);
        ++processed;
        if (m_paused)
            break; // a handler paused the loop (the step-through)
    }
    m_inRound = false;
    if (m_readyHead > 0)
        dropTakenReady(); // keys queued during the round stay, at the front
    emit roundFinished(processed);
    return processed;
}

// `s` is the key's state, dequeued already.
void ReconcileLoop::process(const QString &key, KeyState *s)
{
    s->inFlight = true;
    ++m_inFlight;
    const quint64 layout = m_keysLayout;
    const Outcome outcome = m_handler(key);
    if (m_keysLayout != layout) {
        auto it = m_keys.find(key); // the handler added or dropped keys: the pointer may be stale
        if (it == m_keys.end())
            return;
        s = &*it;
    }
    if (outcome.kind == Outcome::Kind::InFlight) {
        recordAt(*s, key, outcome.decision, outcome.reason);
        return; // complete() ends it (unless the handler completed it already)
    }
    if (s->inFlight)
        finish(*s, key, outcome);
}

void ReconcileLoop::finish(const QString &key, const Outcome &outcome)
{
    auto it = m_keys.find(key);
    if (it != m_keys.end())
        finish(*it, key, outcome);
}

// `s` is the key's state. Nothing below adds a key (enqueueAtMs() only re-queues this one), so
// `s` stays valid to the end: one lookup per pass instead of one per step.
void ReconcileLoop::finish(KeyState &s, const QString &key, const Outcome &outcome)
{
    s.inFlight = false;
    --m_inFlight;
    if (outcome.kind == Outcome::Kind::Failed) {
        ++s.failures;
        const std::chrono::milliseconds wait = backoffAfter(s.failures);
        const qint64 now = nowMs();
        s.retryAt = now + wait.count();
        qCInfo(lcReconcile) << m_options.controller << key << "failed (" << s.failures << "in a row):" << outcome.error;
        recordAt(s, key,
                 outcome.decision.isEmpty()
                     ? QStringLiteral("retry in %1").arg(describeWait(wait))
                     : outcome.decision + QStringLiteral("; retry in %1").arg(describeWait(wait)),
                 outcome.error);
        s.dirty = false; // whatever changed is looked at when the back-off ends
        enqueueAtMs(s, key, s.retryAt, now);
        return;
    }
    s.failures = 0;
    s.retryAt = 0;
    if (outcome.kind == Outcome::Kind::Done)
        recordAt(s, key, outcome.decision, outcome.reason);
    const bool dirty = std::exchange(s.dirty, false);
    const qint64 dirtyDue = s.dirtyDue;
    if (outcome.recheckAt.isValid() || dirty) {
        const qint64 now = nowMs();
        if (outcome.recheckAt.isValid())
            enqueueAtMs(s, key, outcome.recheckAt.toMSecsSinceEpoch(), now);
        if (dirty)
            enqueueAtMs(s, key, dirtyDue, now);
    }
    if (s.forgotten && !s.queued)
        eraseKey(m_keys.find(key));
}

void ReconcileLoop::eraseKey(KeyIterator it)
{
    ++m_keysLayout;
    m_keys.erase(it);
}

std::chrono::milliseconds ReconcileLoop::backoffAfter(int failures) const
{
    if (failures <= 0)
        return std::chrono::milliseconds(0);
    const qint64 base = m_options.backoffBase.count();
    const qint64 cap = m_options.backoffCap.count();
    qint64 wait = base;
    for (int i = 1; i < failures && wait < cap; ++i)
        wait *= 2;
    return std::chrono::milliseconds(std::min(wait, cap));
}

int ReconcileLoop::runDue(int maxRounds)
{
    int total = 0;
    for (int round = 0; round < maxRounds; ++round) {
        const int n = runRound();
        total += n;
        if (n == 0)
            break;
    }
    rearm();
    return total;
}

QString ReconcileLoop::step()
{
    if (m_inRound)
        return {};
    expandAll();
    QString key;
    KeyState *s = nullptr;
    if (takeNext(nowMs(), std::numeric_limits<quint64>::max(), &key, &s)) {
        m_inRound = true;
        process(key, s);
        m_inRound = false;
    }
    emit roundFinished(key.isEmpty() ? 0 : 1);
    rearm();
    return key;
}

// ---- running --------------------------------------------------------------------------------

void ReconcileLoop::start()
{
    if (m_running)
        return;
    m_running = true;
    QPointer<ReconcileLoop> self(this);
    m_clockListener = m_clock.subscribe([self] {
        // Possibly on another thread: re-arm on ours.
        if (self)
            QMetaObject::invokeMethod(
                self.data(),
                [self] {
                    if (self)
                        self->rearm();
                },
                Qt::QueuedConnection);
    });
    rearm();
}

void ReconcileLoop::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_clock.unsubscribe(m_clockListener);
    m_clockListener = 0;
    m_timer.stop();
    m_armed = false;
}

void ReconcileLoop::pause()
{
    m_paused = true;
    m_timer.stop();
    m_armed = false;
}

void ReconcileLoop::resume()
{
    if (!std::exchange(m_paused, false))
        return;
    rearm();
}

void ReconcileLoop::armIfEarlier(qint64 due)
{
    if (!m_running || m_paused || m_inRound)
        return; // a round re-arms when it ends
    if (m_armed && due >= m_armedDue)
        return;
    rearm();
}

void ReconcileLoop::rearm()
{
    m_timer.stop();
    m_armed = false;
    m_armedRealMs = -1;
    if (!m_running || m_paused || m_inRound)
        return;
    if (!m_allPending && m_queuedCount == 0)
        return; // woken by the next enqueue
    const qint64 due = m_allPending ? std::numeric_limits<qint64>::min() : earliestDue();
    m_armed = true;
    m_armedDue = due;
    const qint64 ahead = due == std::numeric_limits<qint64>::min() ? 0 : due - nowMs();
    if (ahead <= 0) {
        m_armedRealMs = 0;
        m_timer.start(0);
        return;
    }
    const double rate = m_clock.rate();
    if (!(rate > 0.0))
        return; // time stands still: the clock's next change re-arms (m_armed keeps enqueues cheap)
    m_armedRealMs = std::clamp<qint64>(qint64(std::ceil(double(ahead) / rate)), 1, kLongestSleepMs);
    m_timer.start(int(m_armedRealMs));
}

// ---- inspection -----------------------------------------------------------------------------

bool ReconcileLoop::isQueued(const QString &key) const
{
    auto it = m_keys.constFind(key);
    return it != m_keys.cend() && it->queued;
}

QDateTime ReconcileLoop::dueAt(const QString &key) const
{
    auto it = m_keys.constFind(key);
    if (it == m_keys.cend() || !it->queued)
        return {};
    return QDateTime::fromMSecsSinceEpoch(it->due, Qt::UTC);
}

bool ReconcileLoop::isInFlight(const QString &key) const
{
    auto it = m_keys.constFind(key);
    return it != m_keys.cend() && it->inFlight;
}

int ReconcileLoop::failures(const QString &key) const
{
    auto it = m_keys.constFind(key);
    return it == m_keys.cend() ? 0 : it->failures;
}

QDateTime ReconcileLoop::nextDue() const
{
    if (m_queuedCount == 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(earliestDue(), Qt::UTC);
}

qint64 ReconcileLoop::earliestDue() const
{
    qint64 due = std::numeric_limits<qint64>::max();
    if (!m_queue.empty())
        due = m_queue.begin()->first.first;
    if (const ReadyEntry *r = readyHeadConst())
        due = std::min(due, r->due);
    return due;
}

} // namespace fd::reconcile
