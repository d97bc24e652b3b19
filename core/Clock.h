#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QMutex>

namespace fd {

// Every timer in Fleetdeck reads time through a Clock, so tests can drive it by hand and
// workshops can run it faster than real time.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override;
};

// Real time scaled by a factor from the moment the clock was made (x1 ... x20 "teaching speed").
class ScaledClock final : public Clock
{
public:
    explicit ScaledClock(double factor = 1.0);
    QDateTime now() const override;
    double factor() const;
    void setFactor(double factor);

private:
    mutable QMutex m_mutex;
    QDateTime m_originWall;
    QDateTime m_originScaled;
    QElapsedTimer m_elapsed;
    double m_factor;
};

// Time moves only when a test says so.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime::fromSecsSinceEpoch(1767225600, Qt::UTC));
    QDateTime now() const override;
    void advance(qint64 msecs);
    void set(QDateTime t);

private:
    mutable QMutex m_mutex;
    QDateTime m_now;
};

} // namespace fd
