#pragma once

#include <QList>
#include <QString>
#include <QWidget>

#include <memory>

class QAction;
class QButtonGroup;
class QFrame;
class QLabel;
class QTableWidget;
class QToolButton;

namespace fd {
class ScaledClock;
} // namespace fd

namespace fd::ui {

/** One control-plane timer as "What the speed changes" lists it. */
struct TeachingTimer
{
    enum class Kind {
        Scaled,     ///< runs on the control plane's clock: real-AWS value ÷ speed
        PerService, ///< scaled, but its value is set per service (no single number to show)
        RealTime,   ///< runs inside Docker on real time: the speed does not touch it
    };
    QString name;       ///< "New task counts healthy after RUNNING (no health check)"
    qint64 awsMs = 0;   ///< the real-AWS value (the first delay for a back-off)
    qint64 awsMaxMs = 0; ///< a back-off's ceiling; 0: a single value
    Kind kind = Kind::Scaled;
    QString note;       ///< one line shown under the name ("doubles after each failure")
};

/**
 * The "Teaching speed" toolbar: pause/resume and ×1 ×2 ×5 ×10 ×20 for the control plane's
 * ScaledClock, a label saying what the speed means ("×20 · 40 s health wait takes 2 s"), and
 * "What the speed changes", a popup table of every control-plane timer with its real-AWS value and
 * what it takes at this speed — including the timers the speed does not change.
 *
 * All changes to the clock made through this widget keep control-plane time continuous (see
 * ScaledClock). Changes made to the clock elsewhere show after refresh().
 */
class TeachingSpeedControl final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TeachingSpeedControl)

public:
    explicit TeachingSpeedControl(std::shared_ptr<fd::ScaledClock> clock, QWidget *parent = nullptr);
    ~TeachingSpeedControl() override;

    /// The speeds offered, slowest first: 1, 2, 5, 10, 20.
    static QList<int> speeds();
    /// Every control-plane timer the popup lists, in its order. Add rows here (one place).
    static QList<TeachingTimer> timers();
    /// A real-AWS duration as it passes at `factor`: "2 s", "0.5 s", "7 min 30 s", "1 h 12 min".
    static QString span(qint64 msecs);

    const std::shared_ptr<fd::ScaledClock> &clock() const { return m_clock; }
    /// Checkable "Pause control-plane time" (Ctrl+Shift+Space); the window puts it in a menu too.
    QAction *pauseAction() const { return m_pauseAction; }
    /// The summary label's text.
    QString summary() const;

public slots:
    /// Sets the clock to `factor` (one of speeds()); while paused, the speed to resume at.
    void setSpeed(int factor);
    void setPaused(bool paused);
    void togglePause();
    /// Shows "What the speed changes" below its button.
    void showTimers();
    /// Re-reads the clock (after someone else changed it).
    void refresh();

signals:
    void speedChanged(int factor);
    void pausedChanged(bool paused);

private:
    void fillTimers(int factor);

    std::shared_ptr<fd::ScaledClock> m_clock;
    QAction *m_pauseAction;
    QToolButton *m_pauseButton;
    QButtonGroup *m_speedGroup;
    QLabel *m_label;
    QToolButton *m_timersButton;
    QFrame *m_popup;
    QLabel *m_popupTitle;
    QTableWidget *m_table;
};

} // namespace fd::ui
