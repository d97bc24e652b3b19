// The teaching-speed toolbar, clicked like a user would: ×20 makes the control plane's clock run
// 20 times real time, pause freezes it, the label and "What the speed changes" show the numbers a
// workshop expects (40 s health wait -> 2 s at ×20), and the main window has the toolbar (and the
// Ctrl+Shift+Space shortcut) only when it is given a clock. Real time is a fake the test moves.

#include "Clock.h"
#include "ControlPlane.h"
#include "MainWindow.h"
#include "widgets/TeachingSpeedControl.h"

#include <QAction>
#include <QFrame>
#include <QLabel>
#include <QMenu>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

#include <memory>

using fd::ui::MainWindow;
using fd::ui::TeachingSpeedControl;

namespace {

const QDateTime kOrigin = QDateTime::fromSecsSinceEpoch(1767225600, Qt::UTC);

} // namespace

class TestTeachingSpeed final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void clickingTwentyRunsTheClockTwentyTimesFaster();
    void pauseFreezesTheClockAndSaysSo();
    void timerList_data();
    void timerList();
    void timersPopupShowsTheWholeTable();
    void span_data();
    void span();
    void aStartingSpeedWithoutAButtonChecksNone();
    void mainWindowHasTheToolbarOnlyWithAClock();

private:
    template<typename T> T *find(const char *name) const { return m_control->findChild<T *>(QLatin1String(name)); }
    qint64 scaledMs() const { return kOrigin.msecsTo(m_clock->now()); }
    QString nowCell(const QString &timerPrefix) const;

    std::shared_ptr<qint64> m_realMs;
    std::shared_ptr<fd::ScaledClock> m_clock;
    std::unique_ptr<TeachingSpeedControl> m_control;
};

void TestTeachingSpeed::init()
{
    m_realMs = std::make_shared<qint64>(0);
    m_clock = std::make_shared<fd::ScaledClock>(
        1.0, [ms = m_realMs] { return *ms; }, kOrigin);
    m_control = std::make_unique<TeachingSpeedControl>(m_clock);
    m_control->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_control.get()));
}

void TestTeachingSpeed::cleanup()
{
    m_control.reset();
    m_clock.reset();
}

QString TestTeachingSpeed::nowCell(const QString &timerPrefix) const
{
    auto *table = find<QTableWidget>("teachingTimersTable");
    for (int r = 0; table && r < table->rowCount(); ++r)
        if (table->item(r, 0)->text().startsWith(timerPrefix))
            return table->item(r, 2)->text();
    return QStringLiteral("<no row \"%1\">").arg(timerPrefix);
}

void TestTeachingSpeed::clickingTwentyRunsTheClockTwentyTimesFaster()
{
    auto *x1 = find<QToolButton>("teachingSpeed_1");
    auto *x20 = find<QToolButton>("teachingSpeed_20");
    QVERIFY(x1 && x20);
    QVERIFY(x1->isChecked());
    QCOMPARE(m_control->summary(), QStringLiteral("×1 · real AWS timing: 40 s health wait takes 40 s"));

    *m_realMs += 1000; // 1 s at ×1
    QSignalSpy speedChanged(m_control.get(), &TeachingSpeedControl::speedChanged);
    QTest::mouseClick(x20, Qt::LeftButton);
    QCOMPARE(m_clock->factor(), 20.0);
    QVERIFY(x20->isChecked() && !x1->isChecked());
    QCOMPARE(speedChanged.count(), 1);
    QCOMPARE(speedChanged.at(0).at(0).toInt(), 20);
    QCOMPARE(scaledMs(), 1000); // the change itself moves nothing

    *m_realMs += 2000; // the 40 s health wait passes in 2 real seconds
    QCOMPARE(scaledMs(), 1000 + 40000);
    QCOMPARE(find<QLabel>("teachingSpeedLabel")->text(), QStringLiteral("×20 · 40 s health wait takes 2 s"));

    QTest::mouseClick(find<QToolButton>("teachingSpeed_5"), Qt::LeftButton);
    QCOMPARE(m_clock->factor(), 5.0);
    QCOMPARE(m_control->summary(), QStringLiteral("×5 · 40 s health wait takes 8 s"));
}

void TestTeachingSpeed::pauseFreezesTheClockAndSaysSo()
{
    QTest::mouseClick(find<QToolButton>("teachingSpeed_20"), Qt::LeftButton);
    *m_realMs += 100;
    QCOMPARE(scaledMs(), 2000);

    auto *pause = find<QToolButton>("teachingPauseButton");
    QVERIFY(pause);
    QCOMPARE(pause->text(), QStringLiteral("Pause"));
    QSignalSpy pausedChanged(m_control.get(), &TeachingSpeedControl::pausedChanged);
    QTest::mouseClick(pause, Qt::LeftButton);
    QVERIFY(m_clock->isPaused());
    QCOMPARE(m_clock->factor(), 20.0); // the speed to come back to
    QCOMPARE(pausedChanged.count(), 1);
    QCOMPARE(pause->text(), QStringLiteral("Resume"));
    QVERIFY(m_control->summary().startsWith(QStringLiteral("Paused — control-plane time stopped")));
    QVERIFY(m_control->summary().contains(QStringLiteral("×20")));

    *m_realMs += 60000; // a coffee break: nothing moves
    QCOMPARE(scaledMs(), 2000);

    // Choosing a speed while paused stays paused, and resume runs at it.
    QTest::mouseClick(find<QToolButton>("teachingSpeed_10"), Qt::LeftButton);
    QVERIFY(m_clock->isPaused());
    QCOMPARE(scaledMs(), 2000);
    QVERIFY(m_control->summary().contains(QStringLiteral("×10")));

    QTest::mouseClick(pause, Qt::LeftButton);
    QVERIFY(!m_clock->isPaused());
    QCOMPARE(pausedChanged.count(), 2);
    QCOMPARE(m_control->summary(), QStringLiteral("×10 · 40 s health wait takes 4 s"));
    *m_realMs += 100;
    QCOMPARE(scaledMs(), 3000); // continues from the frozen instant
}

// What each control-plane timer takes at each speed; the real-time ones say they are not scaled.
void TestTeachingSpeed::timerList_data()
{
    QTest::addColumn<int>("speed");
    QTest::addColumn<QString>("timer");
    QTest::addColumn<QString>("awsCell");
    QTest::addColumn<QString>("nowCell");

    QTest::newRow("health wait x1") << 1 << "New task counts healthy"
                                    << "40 s"
                                    << "40 s";
    QTest::newRow("health wait x20") << 20 << "New task counts healthy"
                                     << "40 s"
                                     << "2 s";
    QTest::newRow("back-off x20") << 20 << "Start-failure back-off"
                                  << "10 s, doubling to 15 min"
                                  << "0.5 s, doubling to 45 s";
    QTest::newRow("back-off x2") << 2 << "Start-failure back-off"
                                 << "10 s, doubling to 15 min"
                                 << "5 s, doubling to 7 min 30 s";
    QTest::newRow("steady state x20") << 20 << "\"Reached a steady state\""
                                      << "6 h"
                                      << "18 min";
    QTest::newRow("steady state x5") << 5 << "\"Reached a steady state\""
                                     << "6 h"
                                     << "1 h 12 min";
    QTest::newRow("stopped tasks x10") << 10 << "Stopped tasks kept"
                                       << "1 h"
                                       << "6 min";
    QTest::newRow("grace period x20") << 20 << "Health-check grace period"
                                      << "set per service"
                                      << "its value ÷ 20";
    QTest::newRow("container health checks are real time") << 20 << "Container health checks"
                                                           << "30 s default"
                                                           << "30 s — not scaled (real time in Docker)";
    QTest::newRow("docker stop timeout is real time") << 10 << "Docker stop timeout"
                                                      << "30 s default"
                                                      << "30 s — not scaled (real time in Docker)";
}

void TestTeachingSpeed::timerList()
{
    QFETCH(int, speed);
    QFETCH(QString, timer);
    QFETCH(QString, awsCell);
    QFETCH(QString, nowCell);

    QTest::mouseClick(find<QToolButton>(qPrintable(QStringLiteral("teachingSpeed_%1").arg(speed))), Qt::LeftButton);
    auto *table = find<QTableWidget>("teachingTimersTable");
    QVERIFY(table);
    QCOMPARE(table->horizontalHeaderItem(2)->text(), QStringLiteral("At ×%1").arg(speed));
    int row = -1;
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->item(r, 0)->text().startsWith(timer))
            row = r;
    QVERIFY2(row >= 0, qPrintable(timer));
    QCOMPARE(table->item(row, 1)->text(), awsCell);
    QCOMPARE(table->item(row, 2)->text(), nowCell);
    QCOMPARE(this->nowCell(timer), nowCell);
}

void TestTeachingSpeed::timersPopupShowsTheWholeTable()
{
    auto *popup = find<QFrame>("teachingTimersPopup");
    QVERIFY(popup);
    QVERIFY(!popup->isVisible());
    QTest::mouseClick(find<QToolButton>("teachingTimersButton"), Qt::LeftButton);
    QTRY_VERIFY(popup->isVisible());
    auto *table = find<QTableWidget>("teachingTimersTable");
    QCOMPARE(table->rowCount(), int(TeachingSpeedControl::timers().size()));
    // Every row and column is in view: the popup has no scroll bars to hide them behind.
    const QRect last = table->visualItemRect(table->item(table->rowCount() - 1, 2));
    QVERIFY(table->viewport()->rect().contains(last.bottomLeft()));
    QVERIFY(last.right() <= table->viewport()->width());
    QVERIFY(find<QLabel>("teachingTimersFootnote")->text().contains(QStringLiteral("real time")));
    popup->hide();
}

void TestTeachingSpeed::span_data()
{
    QTest::addColumn<qint64>("msecs");
    QTest::addColumn<QString>("text");

    QTest::newRow("half a second") << qint64(500) << "0.5 s";
    QTest::newRow("whole seconds") << qint64(2000) << "2 s";
    QTest::newRow("below 10 s keeps a decimal") << qint64(7500) << "7.5 s";
    QTest::newRow("from 10 s whole seconds") << qint64(45000) << "45 s";
    QTest::newRow("minutes and seconds") << qint64(450000) << "7 min 30 s";
    QTest::newRow("whole minutes") << qint64(15 * 60000) << "15 min";
    QTest::newRow("hours") << qint64(6 * 3600000) << "6 h";
    QTest::newRow("hours and minutes") << qint64(72 * 60000) << "1 h 12 min";
    QTest::newRow("zero") << qint64(0) << "0 s";
}

void TestTeachingSpeed::span()
{
    QFETCH(qint64, msecs);
    QFETCH(QString, text);
    QCOMPARE(TeachingSpeedControl::span(msecs), text);
}

void TestTeachingSpeed::aStartingSpeedWithoutAButtonChecksNone()
{
    m_clock->setFactor(3.0); // fleetdeck --speed 3
    m_control->refresh();
    for (int speed : TeachingSpeedControl::speeds())
        QVERIFY(!find<QToolButton>(qPrintable(QStringLiteral("teachingSpeed_%1").arg(speed)))->isChecked());
    QCOMPARE(m_control->summary(), QStringLiteral("×3 · 40 s health wait takes 13 s"));
}

void TestTeachingSpeed::mainWindowHasTheToolbarOnlyWithAClock()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = fd::ControlPlane::open(dir.path(), m_clock);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
    const std::unique_ptr<fd::ControlPlane> cp = std::move(opened).value();
    MainWindow window(*cp);
    QVERIFY(!window.findChild<QToolBar *>(QStringLiteral("teachingSpeedToolBar")));
    QVERIFY(!window.teachingSpeed());

    window.context().setTeachingClock(m_clock);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *bar = window.findChild<QToolBar *>(QStringLiteral("teachingSpeedToolBar"));
    QVERIFY(bar && bar->isVisible());
    QCOMPARE(bar->windowTitle(), QStringLiteral("Teaching speed"));
    QVERIFY(window.teachingSpeed());
    QCOMPARE(window.teachingSpeed()->clock(), m_clock);
    QVERIFY(window.findChild<QMenu *>(QStringLiteral("viewMenu"))
                ->actions()
                .contains(window.teachingSpeed()->pauseAction()));

    // Ctrl+Shift+Space pauses and resumes from anywhere in the window.
    window.activateWindow();
    QTest::keyClick(&window, Qt::Key_Space, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(m_clock->isPaused());
    QTest::keyClick(&window, Qt::Key_Space, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(!m_clock->isPaused());

    window.context().setTeachingClock(nullptr);
    QVERIFY(!window.findChild<QToolBar *>(QStringLiteral("teachingSpeedToolBar")));
    QVERIFY(!window.teachingSpeed());
}

QTEST_MAIN(TestTeachingSpeed)
#include "TestTeachingSpeed.moc"
