#pragma once

#include "reconcile/DecisionLog.h"
#include "reconcile/Outcome.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace fd {
class Clock;
}

namespace fd::reconcile {

/**
 * The one keyed, level-triggered work loop every controller runs on (STYLE.md point 9; the k8s
 * work queue with its rate limiter, on the control plane's clock).
 *
 * Work is keyed by resource (a task id, "cluster/service"). enqueue() asks for a pass over a key
 * now, enqueueAt() at a control-plane time; a key is queued once, at the earliest time asked for.
 * The handler processes one key per call and answers an Outcome:
 *   - Done: over, optionally with a time to look again (Outcome::lookAgainAt);
 *   - InFlight: an asynchronous step runs; the key is in flight until complete(key, outcome).
 *     A key is never processed twice at once: enqueueing an in-flight key is remembered and the
 *     key is processed again after it completes;
 *   - Failed: the key is retried after a back-off of base, 2 x base, 4 x base, ... up to the cap,
 *     reset by the next pass that does not fail. While a key backs off, enqueueing it does not
 *     bring it forward (a change elsewhere must not turn the back-off into a busy retry).
 *
 * No polling: while running, the loop sleeps until the earliest due time, converted to real time
 * through Clock::rate() (x20 teaching speed sleeps a twentieth; a paused clock or a ManualClock
 * does not wake it on its own), and re-arms whenever the clock changes rate or jumps.
 *
 * A round processes the keys that are due when it starts, earliest first; keys enqueued during a
 * round (a controller's own commits change what it watches) wait for the next round, one event-loop
 * turn later. pause() stops rounds; step() processes exactly the next due key, paused or not.
 * Every decision a handler reports goes to the DecisionLog (a repeat of a key's last record is
 * skipped). One thread: use the loop from the thread it lives on.
 */
class ReconcileLoop final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReconcileLoop)

public:
    using Handler = std::function<Outcome(const QString &key)>;
    using KeySource = std::function<QStringList()>;
    /// Takes one key of a listing.
    using KeySink = std::function<void(const QString &key)>;
    /// Lists keys by handing each to the sink, in order, without building a list.
    using KeyLister = std::function<void(const KeySink &add)>;

    struct Options
    {
        QString controller = QStringLiteral("controller"); ///< names the records: "tasks", "services"
        std::chrono::milliseconds backoffBase{250};        ///< after the first failure (control-plane time)
        std::chrono::milliseconds backoffCap{std::chrono::seconds(30)};
    };

    ReconcileLoop(const Clock &clock, Options options, Handler handler, QObject *parent = nullptr);
    ~ReconcileLoop() override;

    // ---- work ---------------------------------------------------------------------------------
    void enqueue(const QString &key);
    void enqueueAt(const QString &key, const QDateTime &due);
    /// Every key the key source lists, due now. Cheap however often it is called: the source is
    /// asked once, before the next round (a burst of change signals lists the keys once).
    void enqueueAll();
    void setKeySource(KeySource source);
    /// The same without a list: the controllers hand out the keys their registries keep. A key
    /// handed out as the very string listed at the same position last time (shared, not equal:
    /// the same characters in memory) finds its state without a hash lookup.
    void setKeySource(KeyLister lister) { m_keyLister = std::move(lister); }
    /// Ends an InFlight pass with its real outcome (Done or Failed; InFlight counts as Done).
    void complete(const QString &key, const Outcome &outcome);
    /// The resource is gone: drops the key from the queue with its back-off and last record. An
    /// in-flight key stays in flight until complete().
    void forget(const QString &key);
    /// A decision taken outside a pass (an exit reported by the engine), recorded like one.
    void record(const QString &key, const QString &decision, const QString &reason = {});

    // ---- running ------------------------------------------------------------------------------
    /// Rounds run on their own from now on: due keys are processed as they come due.
    void start();
    void stop();
    bool isRunning() const { return m_running; }
    /// Runs rounds now, at most `maxRounds`, while keys are due (tests and reconcileNow()).
    /// Returns the number of keys processed; 0 while paused.
    int runDue(int maxRounds = 1);
    /// No rounds until resume(); work is still queued. step() still works.
    void pause();
    void resume();
    bool isPaused() const { return m_paused; }
    /// Processes exactly the next due key (paused or not) and returns it; empty when none is due.
    QString step();

    // ---- inspection ---------------------------------------------------------------------------
    bool isQueued(const QString &key) const;
    QDateTime dueAt(const QString &key) const; ///< invalid when not queued
    bool isInFlight(const QString &key) const;
    int inFlightCount() const { return m_inFlight; }
    qsizetype queuedCount() const { return m_queuedCount; }
    int failures(const QString &key) const; ///< consecutive failed passes
    QDateTime nextDue() const;              ///< the earliest due time queued; invalid when none
    /// The back-off after `failures` consecutive failures: base x 2^(failures - 1), at most the cap.
    std::chrono::milliseconds backoffAfter(int failures) const;
    /// How long the loop sleeps in real time before its next round; -1 when it waits for work or
    /// for the clock to move (for tests).
    qint64 armedRealMs() const { return m_timer.isActive() ? m_armedRealMs : -1; }
    const Options &options() const { return m_options; }

    DecisionLog &log() const { return *m_log; }
    /// Several controllers can share one log.
    void setLog(std::shared_ptr<DecisionLog> log);

signals:
    /// After each round (and each step()), with the number of keys processed.
    void roundFinished(int processed);

private:
    using QueueKey = std::pair<qint64, quint64>; // (due, seq)
    using Queue = std::map<QueueKey, QString>;
    struct KeyState
    {
        qint64 due = 0; ///< while queued: due time (ms since epoch, control-plane clock)
        quint64 seq = 0;
        Queue::iterator queuedAt; ///< while queued in m_queue: its entry (erased without a search)
        bool queued = false;
        bool ready = false; ///< while queued: in m_ready rather than m_queue
        bool inFlight = false;
        bool dirty = false; ///< enqueued while in flight
        qint64 dirtyDue = 0;
        int failures = 0;
        qint64 retryAt = 0;        ///< back-off end; 0: none
        size_t lastRecordHash = 0; ///< the key's last record, to skip repeats
        bool forgotten = false;    ///< forget() while in flight: dropped when the pass ends
    };
    /// A key due already when it was queued, in the ready FIFO. The FIFO stays ordered by
    /// (due, seq) like m_queue (a key due earlier than its tail goes to m_queue instead), so a
    /// round merging the two takes keys in exactly the order one ordered queue would. An entry
    /// whose key was dequeued since stays behind, stale (its seq no longer matches), and is
    /// skipped. `state` saves the key's hash lookup while m_keys has kept its layout.
    struct ReadyEntry
    {
        qint64 due = 0;
        quint64 seq = 0;
        QString key;
        KeyState *state = nullptr; ///< valid while m_keysLayout == layout
        quint64 layout = 0;
    };
    using KeyIterator = QHash<QString, KeyState>::iterator;

    qint64 nowMs() const;
    KeyState &state(const QString &key); ///< the key's state, added when new
    void eraseKey(KeyIterator it);
    /// Queues the key at `due`; `now` is the control-plane time (due by then: the ready FIFO).
    void enqueueAtMs(const QString &key, qint64 due, qint64 now);
    void enqueueAtMs(KeyState &state, const QString &key, qint64 due, qint64 now);
    void dequeue(KeyState &state);
    /// The key state of a ready entry that is still live; nullptr when stale.
    KeyState *liveState(const ReadyEntry &entry);
    bool isLive(const ReadyEntry &entry) const;
    /// The first live ready entry (stale heads are dropped) and its key state; nullptr when none.
    ReadyEntry *readyHead(KeyState **state);
    const ReadyEntry *readyHeadConst() const;
    void popReady();
    void dropTakenReady();
    void compactReady();
    /// The next key a round or step() takes: the earlier of the ready head and the first entry of
    /// m_queue due by `now` (entries with seq >= `notFrom` skipped); false when none is due.
    bool takeNext(qint64 now, quint64 notFrom, QString *key, KeyState **state);
    void expandAll();
    int runRound();
    void process(const QString &key, KeyState *state);
    void finish(const QString &key, const Outcome &outcome);
    void finish(KeyState &state, const QString &key, const Outcome &outcome);
    void recordAt(KeyState &state, const QString &key, const QString &decision, const QString &reason);
    void rearm();
    void armIfEarlier(qint64 due);
    qint64 earliestDue() const; ///< the earliest due time queued; max when none

    const Clock &m_clock;
    Options m_options;
    Handler m_handler;
    KeyLister m_keyLister;
    /// The keys of the last enqueueAll() with their states, valid while m_keysLayout is
    /// m_listedLayout and m_listedValid: each string shares its characters with the source's.
    struct Listed
    {
        QString key;
        KeyState *state = nullptr;
    };
    std::vector<Listed> m_listed;
    quint64 m_listedLayout = 0;
    bool m_listedValid = false;
    std::shared_ptr<DecisionLog> m_log;
    QHash<QString, KeyState> m_keys;
    quint64 m_keysLayout = 0; ///< moves when m_keys gains or loses a key (its iterators may move)
    Queue m_queue;                  ///< keys due later than when they were queued (or out of order)
    std::vector<ReadyEntry> m_ready; ///< the ready FIFO, from m_readyHead on
    size_t m_readyHead = 0;
    size_t m_readyStale = 0; ///< stale entries in the FIFO
    qsizetype m_queuedCount = 0;
    quint64 m_nextSeq = 1;
    int m_inFlight = 0;
    bool m_allPending = false;
    bool m_running = false;
    bool m_paused = false;
    bool m_inRound = false;
    QTimer m_timer;
    qint64 m_armedDue = 0; ///< the due time the timer is armed for; valid while m_armed
    bool m_armed = false;
    qint64 m_armedRealMs = -1;
    int m_clockListener = 0;
};

} // namespace fd::reconcile
