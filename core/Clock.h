#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QMutex>

#include <functional>

namespace fd {

// Every timer in Fleetdeck reads time through a Clock, so tests can drive it by hand and
// workshops can run it faster than real time.
class Clock
{
public:
    virtual ~Clock();
    virtual QDateTime now() const = 0;

    /// How fast now() moves against real time right now: clock milliseconds per real millisecond.
    /// 1 for real time, 20 at teaching speed x20, 0 while time stands still (a paused ScaledClock,
    /// a ManualClock). A timer that waits for a clock instant waits (instant - now()) / rate()
    /// real milliseconds, and not at all on its own while the rate is 0.
    virtual double rate() const { return 1.0; }

    /// Calls `onChange` after every change of rate() and every jump of now() (ScaledClock:
    /// setFactor, pause, resume, advanceTo; ManualClock: advance, set), on the thread that made the
    /// change, so that timers waiting for a clock instant can re-arm. Listening does not change the
    /// clock (hence const). Returns an id for unsubscribe().
    int subscribe(std::function<void()> onChange) const;
    void unsubscribe(int id) const;

protected:
    /// For subclasses, after a change, with no lock of their own held (listeners read now()).
    void notifyChanged() const;

private:
    mutable QMutex m_listenersMutex;
    mutable QHash<int, std::function<void()>> m_listeners;
    mutable int m_nextListener = 1;
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override;
};

/**
 * Real time scaled by a factor: the control plane's clock at "teaching speed" (x1 ... x20), which can
 * also be paused. Control-plane time never jumps and never goes backwards: a change of factor, a
 * pause and a resume all re-anchor at the current scaled instant, so only the rate changes.
 *
 * Example: at x20, 2 real seconds move now() by 40 s; pause() then freezes now(); resume() continues
 * from exactly the frozen instant at x20 again.
 *
 * Thread-safe (controllers may read it from other threads).
 */
class ScaledClock final : public Clock
{
public:
    /// Real milliseconds since some fixed point; must never decrease. Tests inject their own.
    using ElapsedSource = std::function<qint64()>;

    /// Starts at the current wall-clock time, running at `factor` (> 0).
    explicit ScaledClock(double factor = 1.0);
    /// Starts at `origin`, reading real time from `elapsedMs` (for tests: no sleeps).
    ScaledClock(double factor, ElapsedSource elapsedMs, QDateTime origin);

    QDateTime now() const override;
    /// factor(), or 0 while paused.
    double rate() const override;

    /// The speed the clock runs at, or will run at again after resume() while paused.
    double factor() const;
    /// Changes the speed without moving now(). While paused it only sets the speed to resume at.
    /// Non-positive or non-finite factors are ignored (use pause() to stop time).
    void setFactor(double factor);

    /// Freezes now() at the current instant; factor() keeps the speed to return to. Idempotent.
    void pause();
    /// Continues from the frozen instant at factor(). Idempotent.
    void resume();
    bool isPaused() const;
    /// Moves now() forward to `t` when it is behind (never back). A restart at teaching speed starts
    /// from wall time, which may be behind the time the control plane last recorded: catching up
    /// keeps its timers (40 s to healthy, back-offs) from seeing time run backwards.
    void advanceTo(const QDateTime &t);

private:
    qint64 scaledMSecsLocked() const; ///< ms since m_origin at the current real time
    void reanchorLocked();

    mutable QMutex m_mutex;
    ElapsedSource m_elapsedMs;
    QElapsedTimer m_timer;       ///< the default elapsed source
    QDateTime m_origin;          ///< scaled time at construction
    qint64 m_anchorScaledMs = 0; ///< scaled ms since m_origin at the last anchor
    qint64 m_anchorRealMs = 0;   ///< real ms (from m_elapsedMs) at the last anchor
    double m_factor;
    bool m_paused = false;
};

// Time moves only when a test says so.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime::fromSecsSinceEpoch(1767225600, Qt::UTC));
    QDateTime now() const override;
    /// 0: time moves only through advance() and set(), which notify listeners.
    double rate() const override { return 0.0; }
    void advance(qint64 msecs);
    void set(QDateTime t);

private:
    mutable QMutex m_mutex;
    QDateTime m_now;
};

} // namespace fd
