#include "Clock.h"

#include <QMutexLocker>

#include <algorithm>
#include <cmath>

namespace fd {

Clock::~Clock() = default;

int Clock::subscribe(std::function<void()> onChange) const
{
    QMutexLocker lock(&m_listenersMutex);
    const int id = m_nextListener++;
    m_listeners.insert(id, std::move(onChange));
    return id;
}

void Clock::unsubscribe(int id) const
{
    QMutexLocker lock(&m_listenersMutex);
    m_listeners.remove(id);
}

void Clock::notifyChanged() const
{
    // Called without the lock: a listener may subscribe or unsubscribe.
    QList<std::function<void()>> listeners;
    {
        QMutexLocker lock(&m_listenersMutex);
        listeners = m_listeners.values();
    }
    for (const std::function<void()> &listener : listeners)
        listener();
}

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

namespace {

bool validFactor(double factor)
{
    return std::isfinite(factor) && factor > 0.0;
}

} // namespace

ScaledClock::ScaledClock(double factor)
    : m_origin(QDateTime::currentDateTimeUtc()), m_factor(validFactor(factor) ? factor : 1.0)
{
    m_timer.start();
    m_elapsedMs = [this] { return m_timer.elapsed(); };
    m_anchorRealMs = m_elapsedMs();
}

ScaledClock::ScaledClock(double factor, ElapsedSource elapsedMs, QDateTime origin)
    : m_elapsedMs(std::move(elapsedMs)), m_origin(std::move(origin)), m_factor(validFactor(factor) ? factor : 1.0)
{
    Q_ASSERT(m_elapsedMs);
    m_anchorRealMs = m_elapsedMs();
}

qint64 ScaledClock::scaledMSecsLocked() const
{
    if (m_paused)
        return m_anchorScaledMs;
    // A source that stepped back (it must not) counts as no time passing rather than time reversing.
    const qint64 real = std::max<qint64>(0, m_elapsedMs() - m_anchorRealMs);
    // llround, not truncation: 3 ms at x0.5 is 2 ms, never a lost millisecond per re-anchor.
    return m_anchorScaledMs + std::llround(double(real) * m_factor);
}

void ScaledClock::reanchorLocked()
{
    // The new anchor is exactly what now() returns at this moment, so the next now() continues
    // from it: with real 1,000 ms at x20 the anchor becomes 20,000 ms, and after setFactor(2)
    // another real 500 ms reads 21,000 ms.
    m_anchorScaledMs = scaledMSecsLocked();
    m_anchorRealMs = std::max(m_anchorRealMs, m_elapsedMs());
}

void ScaledClock::advanceTo(const QDateTime &t)
{
    {
        QMutexLocker lock(&m_mutex);
        reanchorLocked();
        const qint64 target = m_origin.msecsTo(t);
        if (!t.isValid() || target <= m_anchorScaledMs)
            return;
        m_anchorScaledMs = target;
    }
    notifyChanged();
}

QDateTime ScaledClock::now() const
{
    QMutexLocker lock(&m_mutex);
    return m_origin.addMSecs(scaledMSecsLocked());
}

double ScaledClock::rate() const
{
    QMutexLocker lock(&m_mutex);
    return m_paused ? 0.0 : m_factor;
}

double ScaledClock::factor() const
{
    QMutexLocker lock(&m_mutex);
    return m_factor;
}

void ScaledClock::setFactor(double factor)
{
    if (!validFactor(factor))
        return;
    {
        QMutexLocker lock(&m_mutex);
        reanchorLocked();
        m_factor = factor;
    }
    notifyChanged();
}

void ScaledClock::pause()
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_paused)
            return;
        reanchorLocked();
        m_paused = true;
    }
    notifyChanged();
}

void ScaledClock::resume()
{
    {
        QMutexLocker lock(&m_mutex);
        if (!m_paused)
            return;
        // Real time that passed while paused is skipped: start counting from now.
        m_anchorRealMs = std::max(m_anchorRealMs, m_elapsedMs());
        m_paused = false;
    }
    notifyChanged();
}

bool ScaledClock::isPaused() const
{
    QMutexLocker lock(&m_mutex);
    return m_paused;
}

ManualClock::ManualClock(QDateTime start) : m_now(std::move(start))
{}

QDateTime ManualClock::now() const
{
    QMutexLocker lock(&m_mutex);
    return m_now;
}

void ManualClock::advance(qint64 msecs)
{
    {
        QMutexLocker lock(&m_mutex);
        m_now = m_now.addMSecs(msecs);
    }
    notifyChanged();
}

void ManualClock::set(QDateTime t)
{
    {
        QMutexLocker lock(&m_mutex);
        m_now = std::move(t);
    }
    notifyChanged();
}

} // namespace fd
