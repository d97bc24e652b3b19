#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace fd::test {

// The real `aws` CLI pointed at a Fleetdeck endpoint with throwaway credentials and config.
class AwsCli
{
public:
    struct Result
    {
        int exitCode = -1;
        QJsonObject json;
        QString out;
        QString err;
    };

    // Finds `aws` on the PATH and reads its version. `scratchDir` holds the empty config files.
    explicit AwsCli(QString scratchDir);

    bool found() const { return !m_aws.isEmpty(); }
    QString version() const { return m_version; }
    // What the CLI exits with when the service answered an error: 254 for v2, 255 for v1.
    int serviceErrorExit() const { return m_serviceErrorExit; }

    Result run(const QString &endpoint, const QStringList &args,
               const QString &region = QStringLiteral("eu-west-1")) const;

private:
    QString m_aws;
    QString m_version;
    QString m_scratchDir;
    int m_serviceErrorExit = 254;
};

// One service's commands (`aws <service> ...`) against a Fleetdeck endpoint in one region, with
// the three ways tests read them: any outcome, success expected, refusal expected.
class ServiceCli
{
public:
    // `endpoint` is asked at each call: a test may restart its Fleetdeck on another port.
    ServiceCli(const AwsCli &cli, QString service, std::function<QString()> endpoint, QString region)
        : m_cli(cli), m_service(std::move(service)), m_endpoint(std::move(endpoint)), m_region(std::move(region))
    {}

    AwsCli::Result run(const QStringList &args) const;
    // Logs the command and its error when it does not exit 0.
    AwsCli::Result ok(const QStringList &args) const;
    // The CLI's error text for a request the service refused ("An error occurred (Code) ..."), or
    // "not refused (exit N): ..." with what it printed.
    QString refused(const QStringList &args) const;

    // run() and ok() on a worker thread while this thread's event loop keeps running: for an API
    // served in this process, whose requests the control plane handles on this thread. A command
    // still running after `limitMs` is logged and then awaited (AwsCli::run() ends it after 120 s).
    AwsCli::Result runServing(const QStringList &args, int limitMs = 150000) const;
    AwsCli::Result okServing(const QStringList &args, int limitMs = 150000) const;

private:
    AwsCli::Result serving(const QStringList &args, bool logFailure, int limitMs) const;

    const AwsCli &m_cli;
    QString m_service;
    std::function<QString()> m_endpoint;
    QString m_region;
};

} // namespace fd::test

// In a test function: fails under CI and skips elsewhere when `cli` (an AwsCli) found no `aws`.
#define FD_REQUIRE_AWS_CLI(cli)                                                                                        \
    do {                                                                                                               \
        if (!(cli).found()) {                                                                                          \
            if (fd::test::inCi())                                                                                      \
                QFAIL("the aws CLI is not installed; the set-up script installs Debian's awscli");                   \
            QSKIP("the aws CLI is not installed (run the README's set-up)");                                          \
        }                                                                                                              \
    } while (false)
