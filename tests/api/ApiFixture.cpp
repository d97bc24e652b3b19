#include "ApiFixture.h"

namespace fd::test {

ApiFixture::ApiFixture(QString service, QStringList fleetdeckArgs)
    : m_args(std::move(fleetdeckArgs)), m_cli(m_dir.path()),
      m_service(
          m_cli, std::move(service), [this] { return endpoint(); }, QString::fromLatin1(kRegion))
{}

ApiFixture::~ApiFixture() = default;

QStringList ApiFixture::simulated(int speed)
{
    QStringList args{QStringLiteral("--runtime"), QStringLiteral("simulated")};
    if (speed > 0)
        args << QStringLiteral("--speed") << QString::number(speed);
    return args;
}

ServiceCli ApiFixture::serviceCli(const QString &service) const
{
    return ServiceCli(
        m_cli, service, [this] { return endpoint(); }, QString::fromLatin1(kRegion));
}

bool ApiFixture::start()
{
    m_fleetdeck = std::make_unique<HeadlessFleetdeck>(m_dir.filePath(QStringLiteral("state")), m_args);
    return m_fleetdeck->start();
}

bool ApiFixture::restart()
{
    if (m_fleetdeck)
        m_fleetdeck->terminate();
    return start();
}

} // namespace fd::test
