#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

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

} // namespace fd::test
