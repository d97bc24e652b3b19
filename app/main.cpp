// Fleetdeck's entry point: parse options, open the control plane, serve the API, and open the
// console (or run headless).

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "System.h"
#include "controllers/LoadBalancerController.h"
#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QEvent>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QStandardPaths>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

constexpr quint16 kDefaultApiPort = 7466;

int g_signalFd[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] auto n = ::write(g_signalFd[0], &c, 1);
}

// SIGINT/SIGTERM end the event loop cleanly (state is already committed; this closes SQLite).
void quitOnSignals(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFd) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalFd[1], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [] { QCoreApplication::quit(); });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}

// Quits once the window has handled its first paint (for start-up measurements).
class FirstFrameQuitter final : public QObject
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

void fail(const QString &message)
{
    std::fprintf(stderr, "fleetdeck: %s\n", qPrintable(message));
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Fleetdeck: a desktop console that runs Amazon ECS concepts (clusters, task definitions, tasks, "
                       "services, load balancing) for real on Docker, with an AWS-compatible API for the aws CLI."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")},
                                        QStringLiteral("Show this help and exit."));
    const QCommandLineOption versionOption({QStringLiteral("v"), QStringLiteral("version")},
                                           QStringLiteral("Show the version and exit."));
    const QCommandLineOption headlessOption(
        QStringLiteral("headless"),
        QStringLiteral("Run the control plane and API without a window (no display needed)."));
    const QCommandLineOption dataDirOption(
        QStringLiteral("data-dir"),
        QStringLiteral("Keep state in <dir> (default: %1).")
            .arg(QDir::toNativeSeparators(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                                          QStringLiteral("/fleetdeck"))),
        QStringLiteral("dir"));
    const QCommandLineOption apiPortOption(
        QStringLiteral("api-port"),
        QStringLiteral("Serve the AWS-compatible API on port <n> (default %1; 0 picks a free port).")
            .arg(kDefaultApiPort),
        QStringLiteral("n"));
    const QCommandLineOption apiAddressOption(
        QStringLiteral("api-address"), QStringLiteral("Bind the API to <address> (default 127.0.0.1, loopback only)."),
        QStringLiteral("address"));
    const QCommandLineOption noApiOption(QStringLiteral("no-api"), QStringLiteral("Do not serve the API."));
    const QCommandLineOption firstFrameOption(
        QStringLiteral("exit-after-first-frame"),
        QStringLiteral("Quit as soon as the console has painted its first frame (start-up benchmarks)."));
    const QCommandLineOption emptyOption(
        QStringLiteral("empty"),
        QStringLiteral("On a first start, create nothing (by default: cluster \"default\" with three instances, one "
                       "per availability zone)."));
    const QCommandLineOption runtimeOption(
        QStringLiteral("runtime"),
        QStringLiteral("Where a first start puts its instances: \"docker\" (the local engine at $DOCKER_HOST or "
                       "/var/run/docker.sock; default) or \"simulated\" (in process, no Docker needed)."),
        QStringLiteral("kind"));
    const QCommandLineOption speedOption(
        QStringLiteral("speed"),
        QStringLiteral("Start the control plane's timers at <n> times real AWS speed (1-20, default 1; the console's "
                       "Teaching speed toolbar changes it later)."),
        QStringLiteral("n"));
    parser.addOptions({helpOption, versionOption, headlessOption, dataDirOption, apiPortOption, apiAddressOption,
                       noApiOption, emptyOption, runtimeOption, speedOption, firstFrameOption});

    if (!parser.parse(args)) {
        fail(parser.errorText() + QStringLiteral(" (see fleetdeck --help)"));
        return 2;
    }
    if (!parser.positionalArguments().isEmpty()) {
        fail(QStringLiteral("unexpected argument \"%1\" (see fleetdeck --help)")
                 .arg(parser.positionalArguments().first()));
        return 2;
    }
    if (parser.isSet(helpOption)) {
        std::fputs(
            qPrintable(parser.helpText().replace(QStringLiteral("<executable_name>"), QStringLiteral("fleetdeck"))),
            stdout);
        return 0;
    }
    if (parser.isSet(versionOption)) {
        std::printf("fleetdeck %s\n", FLEETDECK_VERSION);
        return 0;
    }

    quint16 apiPort = kDefaultApiPort;
    if (parser.isSet(apiPortOption)) {
        bool ok = false;
        const uint port = parser.value(apiPortOption).toUInt(&ok);
        if (!ok || port > 65535) {
            fail(QStringLiteral("--api-port: \"%1\" is not a port number (0-65535)").arg(parser.value(apiPortOption)));
            return 2;
        }
        apiPort = quint16(port);
    }
    const QString apiAddress =
        parser.isSet(apiAddressOption) ? parser.value(apiAddressOption) : QStringLiteral("127.0.0.1");

    const QString runtime = parser.isSet(runtimeOption) ? parser.value(runtimeOption) : QStringLiteral("docker");
    if (runtime != u"docker" && runtime != u"simulated") {
        fail(QStringLiteral("--runtime: \"%1\" is not a runtime (docker or simulated)").arg(runtime));
        return 2;
    }

    int speed = 1;
    if (parser.isSet(speedOption)) {
        bool ok = false;
        speed = parser.value(speedOption).toInt(&ok);
        if (!ok || speed < 1 || speed > 20) {
            fail(QStringLiteral("--speed: \"%1\" is not a teaching speed (a whole number from 1 to 20)")
                     .arg(parser.value(speedOption)));
            return 2;
        }
    }

    const bool headless = parser.isSet(headlessOption);
    if (!headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        fail(QStringLiteral("no display to open the console on (DISPLAY is not set); run with --headless, or "
                            "set QT_QPA_PLATFORM=offscreen"));
        return 1;
    }

    // Per-request traces are for debugging; QT_LOGGING_RULES turns them back on.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("fleetdeck.*.debug=false"));

    std::unique_ptr<QCoreApplication> app(headless ? new QCoreApplication(argc, argv) : new QApplication(argc, argv));
    QCoreApplication::setApplicationName(QStringLiteral("Fleetdeck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FLEETDECK_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("Fleetdeck"));
    quitOnSignals(*app);

    const QString dataDir =
        parser.isSet(dataDirOption)
            ? parser.value(dataDirOption)
            : QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/fleetdeck");
    if (dataDir.isEmpty()) {
        fail(QStringLiteral("--data-dir: must not be empty"));
        return 2;
    }
    // The whole Fleetdeck, from the options: state, the control plane's clock (teaching speed), the
    // engines and live metrics, the controllers and the AWS-compatible API.
    fd::SystemOptions options;
    options.dataDir = dataDir;
    options.speed = double(speed);
    options.emptyFirstStart = parser.isSet(emptyOption);
    options.firstStartEngine = runtime == u"simulated" ? fd::Engine::Kind::Simulated : fd::Engine::Kind::Docker;
    options.dockerHost = qEnvironmentVariable("DOCKER_HOST", QStringLiteral("unix:///var/run/docker.sock"));
    if (!parser.isSet(noApiOption))
        options.api = fd::SystemOptions::Api{apiAddress, apiPort};
    auto built = fd::System::create(options);
    if (!built) {
        const bool apiFailed = built.error().field == u"api";
        fail(built.error().message + (apiFailed ? QStringLiteral(" (choose another with --api-port)") : QString()));
        return 1;
    }
    fd::System &system = *built.value();
    fd::ControlPlane &plane = system.controlPlane();
    const QString endpoint = system.apiUrl();

    std::unique_ptr<fd::ui::ConsoleContext> console; // what every page of the console uses
    std::unique_ptr<fd::ui::MainWindow> window;
    if (headless) {
        std::printf("Fleetdeck %s running headless\n  data: %s\n  api:  %s\n", FLEETDECK_VERSION,
                    qPrintable(QDir::toNativeSeparators(dataDir)), endpoint.isEmpty() ? "off" : qPrintable(endpoint));
        if (speed != 1)
            std::printf("  speed: x%d (control-plane timers)\n", speed);
        std::fflush(stdout);
    } else {
        console = std::make_unique<fd::ui::ConsoleContext>(plane);
        console->setApiEndpoint(endpoint);
        console->setEngineMonitor(system.engineMonitor());
        console->setMetricsController(system.metrics());
        console->setAlarmController(system.alarmController());
        console->setAutoScalingController(system.autoScalingController());
        console->setTeachingClock(system.scaledClock());
        if (fd::LoadBalancerController *lbs = system.loadBalancerController()) {
            console->setTargetInFlight([lbs](const QString &targetGroupId, const QString &targetId) {
                return lbs->proxy().inFlight(targetGroupId.toStdString(), targetId.toStdString());
            });
            // Listeners the proxy could not open, re-read after each apply of the routing table.
            console->setListenerErrors([lbs] {
                QList<fd::ui::ListenerError> errors;
                for (const fd::lb::ListenerError &e : lbs->listenerErrors())
                    errors.append({QString::fromStdString(e.listenerId), int(e.port), e.error.code, e.error.message});
                return errors;
            });
            QObject::connect(lbs, &fd::LoadBalancerController::routingApplied, console.get(),
                             &fd::ui::ConsoleContext::notifyListenerErrorsChanged);
        }
        window = std::make_unique<fd::ui::MainWindow>(*console);
        window->show();
        if (parser.isSet(firstFrameOption))
            window->installEventFilter(new FirstFrameQuitter(window.get()));
    }
    const int rc = app->exec();
    window.reset();
    console.reset();
    built.value().reset(); // the API stops first, the state closes last
    return rc;
}
