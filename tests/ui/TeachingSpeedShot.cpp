// fleetdeck-teaching-speed-shot <output dir>: renders the Teaching speed toolbar offscreen, so a
// change to it can be looked at: the console at ×20, the toolbar paused, and the "What the speed
// changes" popup at ×20 and ×2.

#include "Clock.h"
#include "ControlPlane.h"
#include "ops/Clusters.h"
#include "MainWindow.h"
#include "widgets/TeachingSpeedControl.h"

#include <QApplication>
#include <QDir>
#include <QFrame>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

#include <cstdio>

namespace {

bool save(QWidget *widget, const QString &dir, const QString &name)
{
    QTest::qWait(150); // let layouts settle
    const QString path = QDir(dir).filePath(name);
    const bool ok = widget->grab().save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: fleetdeck-teaching-speed-shot <output dir>\n");
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    QDir().mkpath(out);

    QTemporaryDir dir;
    const auto clock = std::make_shared<fd::ScaledClock>(1.0);
    auto opened = fd::ControlPlane::open(dir.path(), clock);
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().message));
        return 1;
    }
    const std::unique_ptr<fd::ControlPlane> cp = std::move(opened).value();
    (void)cp->clusters().create(QStringLiteral("default"));

    fd::ui::MainWindow window(*cp);
    window.context().setApiEndpoint(QStringLiteral("http://127.0.0.1:7466"));
    window.context().setTeachingClock(clock);
    window.resize(1280, 800);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;
    fd::ui::TeachingSpeedControl *control = window.teachingSpeed();
    auto *bar = window.findChild<QToolBar *>(QStringLiteral("teachingSpeedToolBar"));

    bool ok = true;
    control->setSpeed(20);
    ok &= save(&window, out, QStringLiteral("main-window-teaching-speed.png"));
    ok &= save(bar, out, QStringLiteral("teaching-speed-x20.png"));
    control->setSpeed(1);
    ok &= save(bar, out, QStringLiteral("teaching-speed-x1.png"));
    control->setSpeed(20);
    control->setPaused(true);
    ok &= save(bar, out, QStringLiteral("teaching-speed-paused.png"));
    control->setPaused(false);

    auto *popup = control->findChild<QFrame *>(QStringLiteral("teachingTimersPopup"));
    control->showTimers();
    ok &= save(popup, out, QStringLiteral("teaching-speed-timers-x20.png"));
    popup->hide();
    control->setSpeed(2);
    control->showTimers();
    ok &= save(popup, out, QStringLiteral("teaching-speed-timers-x2.png"));
    popup->hide();
    return ok ? 0 : 1;
}
