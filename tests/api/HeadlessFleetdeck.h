#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace fd::test {

// A `fleetdeck --headless` process on a data directory and a free loopback port.
class HeadlessFleetdeck
{
public:
    explicit HeadlessFleetdeck(QString dataDir, QStringList extraArgs = {});
    ~HeadlessFleetdeck();

    // Starts the process and waits until it reports its API address. False (with errorText())
    // when it exits or stays silent.
    bool start(int timeoutMs = 15000);
    void kill(); // SIGKILL, then reap
    void terminate(); // SIGTERM, then reap
    bool running() const;

    quint16 port() const { return m_port; }
    QString endpoint() const;
    QString errorText() const { return m_error; }

    // One synchronous ECS JSON 1.1 call (test code only): returns the HTTP status and body.
    struct Reply
    {
        int status = 0;
        QByteArray body;
    };
    Reply call(const QString &operation, const QByteArray &body, int timeoutMs = 10000) const;

private:
    QString m_dataDir;
    QStringList m_extraArgs;
    quint16 m_port = 0;
    QString m_error;
    std::unique_ptr<QProcess> m_process;
};

// Runs fleetdeck with `args` to completion: exit code and the two output streams.
struct ProcessResult
{
    int exitCode = -1;
    bool crashed = false;
    QString out;
    QString err;
};
ProcessResult runFleetdeck(const QStringList &args, int timeoutMs = 15000);

} // namespace fd::test
