#include "AwsCli.h"

#include <QDebug>
#include <QDir>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <future>

namespace fd::test {

AwsCli::AwsCli(QString scratchDir) : m_scratchDir(std::move(scratchDir))
{
    m_aws = QStandardPaths::findExecutable(QStringLiteral("aws"));
    if (m_aws.isEmpty())
        return;
    QProcess version;
    version.start(m_aws, {QStringLiteral("--version")});
    version.waitForFinished(60000);
    m_version = QString::fromUtf8(version.readAllStandardOutput() + version.readAllStandardError()).trimmed();
    if (m_version.startsWith(QStringLiteral("aws-cli/1.")))
        m_serviceErrorExit = 255;
}

AwsCli::Result AwsCli::run(const QString &endpoint, const QStringList &args, const QString &region) const
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("test"));
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("test"));
    env.insert(QStringLiteral("AWS_DEFAULT_REGION"), region);
    env.insert(QStringLiteral("AWS_EC2_METADATA_DISABLED"), QStringLiteral("true"));
    env.insert(QStringLiteral("AWS_PAGER"), QString());
    env.insert(QStringLiteral("AWS_CONFIG_FILE"), QDir(m_scratchDir).filePath(QStringLiteral("aws-config")));
    env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), QDir(m_scratchDir).filePath(QStringLiteral("aws-credentials")));
    p.setProcessEnvironment(env);
    // A dead endpoint fails fast instead of the CLI's minute-long connect retries.
    p.start(m_aws, QStringList{QStringLiteral("--endpoint-url"), endpoint, QStringLiteral("--output"),
                               QStringLiteral("json"), QStringLiteral("--cli-connect-timeout"), QStringLiteral("5")} +
                       args);
    Result r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("aws timed out");
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError()).trimmed();
    r.json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    return r;
}

AwsCli::Result ServiceCli::run(const QStringList &args) const
{
    return m_cli.run(m_endpoint(), QStringList{m_service} + args, m_region);
}

AwsCli::Result ServiceCli::ok(const QStringList &args) const
{
    AwsCli::Result r = run(args);
    if (r.exitCode != 0)
        qWarning().noquote() << "aws" << m_service << args.join(u' ') << "->" << r.exitCode << r.err;
    return r;
}

QString ServiceCli::refused(const QStringList &args) const
{
    const AwsCli::Result r = run(args);
    if (r.exitCode != m_cli.serviceErrorExit())
        return QStringLiteral("not refused (exit %1): %2 %3").arg(r.exitCode).arg(r.out, r.err);
    return r.err;
}

AwsCli::Result ServiceCli::runServing(const QStringList &args, int limitMs) const
{
    return serving(args, false, limitMs);
}

AwsCli::Result ServiceCli::okServing(const QStringList &args, int limitMs) const
{
    return serving(args, true, limitMs);
}

AwsCli::Result ServiceCli::serving(const QStringList &args, bool logFailure, int limitMs) const
{
    std::future<AwsCli::Result> f = std::async(std::launch::async, [&] { return logFailure ? ok(args) : run(args); });
    if (!QTest::qWaitFor([&] { return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }, limitMs))
        qWarning().noquote() << "aws" << m_service << args.join(u' ') << "has not answered within" << limitMs << "ms";
    return f.get();
}

} // namespace fd::test
