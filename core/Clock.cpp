#include "Clock.h"

#include <QMutexLocker>

namespace fd {

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

ScaledClock::ScaledClock(double factor)
    : m_originWall(QDateTime::currentDateTimeUtc()), m_originScaled(m_originWall), m_factor(factor)
{
    m_elapsed.start();
}

QDateTime ScaledClock::now() const
{
    QMutexLocker lock(&m_mutex);
    return m_originScaled.addMSecs(qint64(double(m_elapsed.elapsed()) * m_factor));
}

double ScaledClock::factor() const
{
    QMutexLocker lock(&m_mutex);
    return m_factor;
}

void ScaledClock::setFactor(double factor)
{
    QMutexLocker lock(&m_mutex);
    // Re-anchor so that time never jumps when the factor changes.
    m_originScaled = m_originScaled.addMSecs(qint64(double(m_elapsed.restart()) * m_factor));
    m_factor = factor;
}

ManualClock::ManualClock(QDateTime start) : m_now(std::move(start)) {}

QDateTime ManualClock::now() const
{
    QMutexLocker lock(&m_mutex);
    return m_now;
}

void ManualClock::advance(qint64 msecs)
{
    QMutexLocker lock(&m_mutex);
    m_now = m_now.addMSecs(msecs);
}

void ManualClock::set(QDateTime t)
{
    QMutexLocker lock(&m_mutex);
    m_now = std::move(t);
}

} // namespace fd
