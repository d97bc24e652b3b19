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
    enqueueAtMs(key, nowMs());
}

void ReconcileLoop::enqueueAt(const QString &key, const QDateTime &due)
{
    enqueueAtMs(key, due.isValid() ? due.toMSecsSinceEpoch() : nowMs());
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

void ReconcileLoop::enqueueAtMs(const QString &key, qint64 due)
{
    KeyState &s = state(key);
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
    // Mostly the latest entry (due now, the newest sequence number): the hint makes it O(1).
    s.queuedAt = m_queue.emplace_hint(m_queue.end(), QueueKey{s.due, s.seq}, key);
    armIfEarlier(due);
}

void ReconcileLoop::dequeue(KeyState &state)
{
    if (!state.queued)
        return;
    m_queue.erase(state.queuedAt);
    state.queued = false;
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

void ReconcileLoop::expandAll()
{
    if (!std::exchange(m_allPending, false) || !m_keySource)
        return;
    const qint64 now = nowMs();
    for (const QString &key : m_keySource())
        enqueueAtMs(key, now);
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
    for (;;) {
        auto it = m_queue.begin();
        while (it != m_queue.end() && it->first.first <= now && it->first.second >= startedBefore)
            ++it;
        if (it == m_queue.end() || it->first.first > now)
            break;
        const QString key = it->second;
        process(key);
        ++processed;
        if (m_paused)
            break; // a handler paused the loop (the step-through)
    }
    m_inRound = false;
    emit roundFinished(processed);
    return processed;
}

void ReconcileLoop::process(const QString &key)
{
    auto it = m_keys.find(key);
    if (it == m_keys.end()) {
        state(key); // not queued: cannot happen from a round
        it = m_keys.find(key);
    }
    KeyState &s = *it; // no lookup after the handler unless keys came or went
    dequeue(s);
    s.inFlight = true;
    ++m_inFlight;
    const quint64 layout = m_keysLayout;
    const Outcome outcome = m_handler(key);
    if (m_keysLayout != layout) {
        it = m_keys.find(key); // the handler added or dropped keys: the iterator may be stale
        if (it == m_keys.end())
            return;
    }
    if (outcome.kind == Outcome::Kind::InFlight) {
        recordAt(*it, key, outcome.decision, outcome.reason);
        return; // complete() ends it (unless the handler completed it already)
    }
    if (it->inFlight)
        finish(it, key, outcome);
}

void ReconcileLoop::finish(const QString &key, const Outcome &outcome)
{
    finish(m_keys.find(key), key, outcome);
}

// `it` is the key's entry. Nothing below adds a key (enqueueAtMs() only re-queues this one), so
// `it` stays valid to the end: one lookup per pass instead of one per step.
void ReconcileLoop::finish(QHash<QString, KeyState>::iterator it, const QString &key, const Outcome &outcome)
{
    KeyState &s = *it;
    s.inFlight = false;
    --m_inFlight;
    if (outcome.kind == Outcome::Kind::Failed) {
        ++s.failures;
        const std::chrono::milliseconds wait = backoffAfter(s.failures);
        s.retryAt = nowMs() + wait.count();
        qCInfo(lcReconcile) << m_options.controller << key << "failed (" << s.failures << "in a row):" << outcome.error;
        recordAt(s, key,
                 outcome.decision.isEmpty()
                     ? QStringLiteral("retry in %1").arg(describeWait(wait))
                     : outcome.decision + QStringLiteral("; retry in %1").arg(describeWait(wait)),
                 outcome.error);
        s.dirty = false; // whatever changed is looked at when the back-off ends
        enqueueAtMs(key, s.retryAt);
        return;
    }
    s.failures = 0;
    s.retryAt = 0;
    if (outcome.kind == Outcome::Kind::Done)
        recordAt(s, key, outcome.decision, outcome.reason);
    const bool dirty = std::exchange(s.dirty, false);
    const qint64 dirtyDue = s.dirtyDue;
    if (outcome.recheckAt.isValid())
        enqueueAtMs(key, outcome.recheckAt.toMSecsSinceEpoch());
    if (dirty)
        enqueueAtMs(key, dirtyDue);
    if (s.forgotten && !s.queued)
        eraseKey(it);
}

void ReconcileLoop::eraseKey(QHash<QString, KeyState>::iterator it)
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
    if (!m_queue.empty() && m_queue.begin()->first.first <= nowMs()) {
        key = m_queue.begin()->second;
        m_inRound = true;
        process(key);
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
    if (!m_allPending && m_queue.empty())
        return; // woken by the next enqueue
    const qint64 due = m_allPending ? std::numeric_limits<qint64>::min() : m_queue.begin()->first.first;
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
    if (m_queue.empty())
        return {};
    return QDateTime::fromMSecsSinceEpoch(m_queue.begin()->first.first, Qt::UTC);
}

} // namespace fd::reconcile
