// The floor of PERFORMANCE.md row 14: the least a Qt Widgets program does to paint a first window.
// An empty QMainWindow of the console's size that quits once its first paint has been handled,
// exactly as `fleetdeck --exit-after-first-frame` does (app/main.cpp FirstFrameQuitter). Built with
// the same compiler, flags and Qt as the console; bench-startup times both.

#include <QApplication>
#include <QEvent>
#include <QMainWindow>
#include <QMetaObject>

namespace {

class QuitAfterFirstPaint final : public QObject
{
public:
    using QObject::QObject;
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_done) {
            m_done = true;
            QMetaObject::invokeMethod(qApp, &QCoreApplication::quit, Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_done = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.setWindowTitle(QStringLiteral("Fleetdeck"));
    window.resize(1280, 800); // the console's first size (ui/MainWindow.cpp)
    window.show();
    window.installEventFilter(new QuitAfterFirstPaint(&window));
    return app.exec();
}
