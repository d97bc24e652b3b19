#include "TeachingSpeedControl.h"

#include "Clock.h"
#include "services/DeploymentMath.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QButtonGroup>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QScreen>
#include <QStyle>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <chrono>
#include <cmath>

namespace fd::ui {

namespace {

using std::chrono::milliseconds;

constexpr qint64 kSecond = 1000;
constexpr qint64 kMinute = 60 * kSecond;
constexpr qint64 kHour = 60 * kMinute;

qint64 ms(std::chrono::seconds s)
{
    return milliseconds(s).count();
}

// The example the summary label uses: the timer every task goes through.
qint64 healthWaitMs()
{
    return ms(fd::services::kHealthyAfterRunningWithoutChecks);
}

int speedOf(const fd::ScaledClock &clock)
{
    return int(std::lround(clock.factor()));
}

} // namespace

QList<int> TeachingSpeedControl::speeds()
{
    return {1, 2, 5, 10, 20};
}

// The one list of control-plane timers. Later features add their rows here, e.g. the load
// balancer's deregistration delay (300 s), alarm periods (60 s) and auto-scaling cooldowns (300 s).
QList<TeachingTimer> TeachingSpeedControl::timers()
{
    using Kind = TeachingTimer::Kind;
    return {
        {tr("New task counts healthy after RUNNING"), healthWaitMs(), 0, Kind::Scaled,
         tr("when its containers have no health check")},
        {tr("Start-failure back-off (throttle)"), ms(fd::services::kThrottleFirstDelay),
         ms(fd::services::kThrottleMaxDelay), Kind::Scaled, tr("doubles after each failed start")},
        {tr("\"Reached a steady state\" event repeated"), 6 * kHour, 0, Kind::Scaled,
         tr("while nothing changes in a service")},
        {tr("Stopped tasks kept in DescribeTasks"), 1 * kHour, 0, Kind::Scaled, tr("then they are forgotten")},
        {tr("Health-check grace period"), 0, 0, Kind::PerService,
         tr("healthCheckGracePeriodSeconds of each service")},
        {tr("Container health checks"), 30 * kSecond, 0, Kind::RealTime,
         tr("interval, timeout, retries, start period: run by Docker")},
        {tr("Docker stop timeout (SIGTERM → SIGKILL)"), 30 * kSecond, 0, Kind::RealTime,
         tr("stopTimeout of each container: run by Docker")},
    };
}

QString TeachingSpeedControl::span(qint64 msecs)
{
    msecs = std::max<qint64>(0, msecs);
    if (msecs < 10 * kSecond && msecs % kSecond != 0) // 500 ms -> "0.5 s": one decimal below 10 s
        return tr("%1 s").arg(QString::number(double(msecs) / kSecond, 'f', 1));
    const qint64 s = (msecs + kSecond / 2) / kSecond;
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return s % 60 == 0 ? tr("%1 min").arg(s / 60) : tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    const qint64 m = (s % 3600) / 60;
    return m == 0 ? tr("%1 h").arg(s / 3600) : tr("%1 h %2 min").arg(s / 3600).arg(m);
}

TeachingSpeedControl::TeachingSpeedControl(std::shared_ptr<fd::ScaledClock> clock, QWidget *parent)
    : QWidget(parent), m_clock(std::move(clock)), m_pauseAction(new QAction(this)),
      m_pauseButton(new QToolButton(this)), m_speedGroup(new QButtonGroup(this)), m_label(new QLabel(this)),
      m_timersButton(new QToolButton(this)), m_popup(new QFrame(this, Qt::Popup)), m_popupTitle(new QLabel(m_popup)),
      m_table(new QTableWidget(m_popup))
{
    Q_ASSERT(m_clock);
    setObjectName(QStringLiteral("teachingSpeedControl"));

    m_pauseAction->setObjectName(QStringLiteral("teachingPauseAction"));
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Space));
    connect(m_pauseAction, &QAction::triggered, this, [this](bool checked) { setPaused(checked); });
    m_pauseButton->setObjectName(QStringLiteral("teachingPauseButton"));
    m_pauseButton->setDefaultAction(m_pauseAction);
    m_pauseButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(2);
    auto *caption = new QLabel(tr("Teaching speed:"), this);
    caption->setObjectName(QStringLiteral("teachingSpeedCaption"));
    caption->setToolTip(tr("Runs the control plane's timers faster than real AWS, or stops them"));
    layout->addWidget(caption);
    layout->addSpacing(4);
    layout->addWidget(m_pauseButton);
    layout->addSpacing(6);
    for (int speed : speeds()) {
        auto *button = new QToolButton(this);
        button->setObjectName(QStringLiteral("teachingSpeed_%1").arg(speed));
        button->setText(QStringLiteral("×%1").arg(speed));
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setToolTip(speed == 1 ? tr("Real AWS timing") : tr("Control-plane timers run %1 times faster").arg(speed));
        m_speedGroup->addButton(button, speed);
        layout->addWidget(button);
    }
    connect(m_speedGroup, &QButtonGroup::idClicked, this, &TeachingSpeedControl::setSpeed);

    layout->addSpacing(6);
    m_timersButton->setObjectName(QStringLiteral("teachingTimersButton"));
    m_timersButton->setText(tr("What the speed changes…"));
    m_timersButton->setToolTip(tr("Every control-plane timer: its real-AWS value and how long it takes now"));
    connect(m_timersButton, &QToolButton::clicked, this, &TeachingSpeedControl::showTimers);
    layout->addWidget(m_timersButton);

    // Last, so that its changing width moves nothing else.
    layout->addSpacing(10);
    m_label->setObjectName(QStringLiteral("teachingSpeedLabel"));
    m_label->setToolTip(tr("How fast the control plane's timers run compared with real AWS"));
    layout->addWidget(m_label);

    m_popup->setObjectName(QStringLiteral("teachingTimersPopup"));
    m_popup->setFrameShape(QFrame::StyledPanel);
    auto *popupLayout = new QVBoxLayout(m_popup);
    popupLayout->setContentsMargins(10, 8, 10, 10);
    popupLayout->setSpacing(6);
    m_popupTitle->setObjectName(QStringLiteral("teachingTimersTitle"));
    QFont bold = m_popupTitle->font();
    bold.setBold(true);
    m_popupTitle->setFont(bold);
    popupLayout->addWidget(m_popupTitle);

    m_table->setObjectName(QStringLiteral("teachingTimersTable"));
    m_table->setColumnCount(3);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setFocusPolicy(Qt::NoFocus);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    popupLayout->addWidget(m_table);

    auto *footnote = new QLabel(tr("Container health checks and Docker's stop timeout run inside the Docker engine on "
                                   "real time: the teaching speed does not change them. Paused, no control-plane "
                                   "timer fires, but Docker keeps running containers and their health checks."),
                                m_popup);
    footnote->setObjectName(QStringLiteral("teachingTimersFootnote"));
    footnote->setWordWrap(true);
    popupLayout->addWidget(footnote);

    refresh();
}

TeachingSpeedControl::~TeachingSpeedControl() = default;

QString TeachingSpeedControl::summary() const
{
    return m_label->text();
}

void TeachingSpeedControl::setSpeed(int factor)
{
    if (factor < 1)
        return;
    const bool changed = speedOf(*m_clock) != factor;
    m_clock->setFactor(double(factor));
    refresh();
    if (changed)
        emit speedChanged(factor);
}

void TeachingSpeedControl::setPaused(bool paused)
{
    const bool changed = m_clock->isPaused() != paused;
    if (paused)
        m_clock->pause();
    else
        m_clock->resume();
    refresh();
    if (changed)
        emit pausedChanged(paused);
}

void TeachingSpeedControl::togglePause()
{
    setPaused(!m_clock->isPaused());
}

void TeachingSpeedControl::refresh()
{
    const int speed = speedOf(*m_clock);
    const bool paused = m_clock->isPaused();

    // A starting speed that has no button (--speed 3) leaves none checked.
    if (QAbstractButton *button = m_speedGroup->button(speed)) {
        button->setChecked(true);
    } else if (QAbstractButton *checked = m_speedGroup->checkedButton()) {
        m_speedGroup->setExclusive(false);
        checked->setChecked(false);
        m_speedGroup->setExclusive(true);
    }

    m_pauseAction->setChecked(paused);
    m_pauseAction->setText(paused ? tr("Resume control-plane time") : tr("Pause control-plane time"));
    m_pauseAction->setIconText(paused ? tr("Resume") : tr("Pause")); // what the toolbar button shows
    m_pauseAction->setIcon(style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    m_pauseAction->setToolTip(paused ? tr("Resume control-plane time at ×%1 (%2)")
                                           .arg(speed)
                                           .arg(m_pauseAction->shortcut().toString(QKeySequence::NativeText))
                                     : tr("Pause control-plane time (%1)")
                                           .arg(m_pauseAction->shortcut().toString(QKeySequence::NativeText)));

    const qint64 wait = healthWaitMs();
    if (paused)
        m_label->setText(tr("Paused — control-plane time stopped (resumes at ×%1)").arg(speed));
    else if (speed == 1)
        m_label->setText(tr("×1 · real AWS timing: %1 health wait takes %1").arg(span(wait)));
    else
        m_label->setText(tr("×%1 · %2 health wait takes %3").arg(speed).arg(span(wait), span(wait / speed)));
    // Paused is a state the user must not miss: the label stands out.
    QFont font = m_label->font();
    font.setBold(paused);
    m_label->setFont(font);

    fillTimers(speed);
}

void TeachingSpeedControl::fillTimers(int factor)
{
    const bool paused = m_clock->isPaused();
    m_popupTitle->setText(paused ? tr("What the speed changes — paused: no control-plane timer runs (×%1 on resume)")
                                       .arg(factor)
                                 : tr("What the speed changes — now ×%1").arg(factor));
    m_table->setHorizontalHeaderLabels({tr("Timer"), tr("Real AWS"), tr("At ×%1").arg(factor)});

    const QList<TeachingTimer> rows = timers();
    m_table->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        const TeachingTimer &t = rows.at(r);
        QString aws;
        QString now;
        switch (t.kind) {
        case TeachingTimer::Kind::Scaled:
            if (t.awsMaxMs > 0) {
                aws = tr("%1, doubling to %2").arg(span(t.awsMs), span(t.awsMaxMs));
                now = tr("%1, doubling to %2").arg(span(t.awsMs / factor), span(t.awsMaxMs / factor));
            } else {
                aws = span(t.awsMs);
                now = span(t.awsMs / factor);
            }
            break;
        case TeachingTimer::Kind::PerService:
            aws = tr("set per service");
            now = factor == 1 ? tr("as set") : tr("its value ÷ %1").arg(factor);
            break;
        case TeachingTimer::Kind::RealTime:
            aws = tr("%1 default").arg(span(t.awsMs));
            now = tr("%1 — not scaled (real time in Docker)").arg(span(t.awsMs));
            break;
        }
        auto *name = new QTableWidgetItem(t.name);
        name->setToolTip(t.note);
        auto *awsItem = new QTableWidgetItem(aws);
        auto *nowItem = new QTableWidgetItem(now);
        // Scaled values in bold (they are what the speed changed), unscaled ones in italics.
        QFont font = nowItem->font();
        if (t.kind == TeachingTimer::Kind::RealTime)
            font.setItalic(true);
        else
            font.setBold(factor != 1);
        nowItem->setFont(font);
        m_table->setItem(r, 0, name);
        m_table->setItem(r, 1, awsItem);
        m_table->setItem(r, 2, nowItem);
    }
    m_table->resizeColumnsToContents();
    m_table->resizeRowsToContents();
    // Show the whole table: no scroll bars in a popup this small; air between the columns.
    int width = m_table->frameWidth() * 2;
    for (int c = 0; c < m_table->columnCount(); ++c) {
        m_table->setColumnWidth(c, m_table->columnWidth(c) + 18);
        width += m_table->columnWidth(c);
    }
    m_table->horizontalHeader()->setStretchLastSection(true);
    int height = m_table->frameWidth() * 2 + m_table->horizontalHeader()->sizeHint().height();
    for (int r = 0; r < m_table->rowCount(); ++r)
        height += m_table->rowHeight(r);
    m_table->setFixedSize(width, height);
    m_popup->adjustSize();
}

void TeachingSpeedControl::showTimers()
{
    refresh();
    m_popup->adjustSize();
    QPoint at = m_timersButton->mapToGlobal(QPoint(0, m_timersButton->height()));
    if (const QScreen *screen = m_timersButton->screen()) {
        const QRect area = screen->availableGeometry();
        at.setX(std::clamp(at.x(), area.left(), std::max(area.left(), area.right() - m_popup->width())));
    }
    m_popup->move(at);
    m_popup->show();
}

} // namespace fd::ui
