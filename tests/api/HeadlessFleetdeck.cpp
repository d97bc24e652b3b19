#include "HeadlessFleetdeck.h"

#include "TestSupport.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace fd::test {

HeadlessFleetdeck::HeadlessFleetdeck(QString dataDir, QStringList extraArgs)
    : m_dataDir(std::move(dataDir)), m_extraArgs(std::move(extraArgs))
{}

HeadlessFleetdeck::~HeadlessFleetdeck()
{
    if (running())
        terminate();
}

bool HeadlessFleetdeck::start(int timeoutMs)
{
    m_port = freeLoopbackPort();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(fleetdeckBin(), QStringList{QStringLiteral("--headless"), QStringLiteral("--data-dir"), m_dataDir,
                                                 QStringLiteral("--api-port"), QString::number(m_port)} +
                                         m_extraArgs);
    QByteArray output;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        m_process->waitForReadyRead(100);
        output += m_process->readAll();
        if (output.contains("api:  http://"))
            return true;
        if (m_process->state() == QProcess::NotRunning) {
            m_error = QStringLiteral("fleetdeck exited (%1): %2").arg(m_process->exitCode()).arg(QString::fromUtf8(output));
            return false;
        }
    }
    m_error = QStringLiteral("fleetdeck did not report its API within %1 ms: %2").arg(timeoutMs).arg(QString::fromUtf8(output));
    return false;
}

void HeadlessFleetdeck::kill()
{
    if (!m_process)
        return;
    m_process->kill();
    m_process->waitForFinished(5000);
}

void HeadlessFleetdeck::terminate()
{
    if (!m_process)
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(5000))
        kill();
}

bool HeadlessFleetdeck::running() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QString HeadlessFleetdeck::endpoint() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

HeadlessFleetdeck::Reply HeadlessFleetdeck::call(const QString &operation, const QByteArray &body, int timeoutMs) const
{
    QNetworkAccessManager nam;
    QNetworkRequest req(QUrl(endpoint() + u'/'));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/x-amz-json-1.1"));
    req.setRawHeader("X-Amz-Target", "AmazonEC2ContainerServiceV20141113." + operation.toLatin1());
    req.setRawHeader("Authorization",
                     "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, "
                     "Signature=0");
    QNetworkReply *reply = nam.post(req, body);
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Reply out;
    if (reply->isFinished()) {
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = reply->readAll();
    } else {
        reply->abort();
    }
    reply->deleteLater();
    return out;
}

ProcessResult runFleetdeck(const QStringList &args, int timeoutMs)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    p.setProcessEnvironment(env);
    p.start(fleetdeckBin(), args);
    ProcessResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitCode();
    r.crashed = p.exitStatus() == QProcess::CrashExit;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace fd::test
