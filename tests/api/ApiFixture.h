#pragma once

#include "AwsCli.h"
#include "HeadlessFleetdeck.h"

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace fd::test {

// What every aws CLI test of the API sets up once: a scratch directory, the aws CLI with its
// throwaway config there, a `fleetdeck --headless` on the directory's "state" (restartable on the
// same state), and one AWS service's commands (`aws ecs ...`, `aws elbv2 ...`) against it in
// kRegion. A test class holds one as a member and calls FD_START_API_FIXTURE in initTestCase().
class ApiFixture
{
public:
    static constexpr char kRegion[] = "eu-west-1";

    // `service`: the CLI's service name; `fleetdeckArgs`: the headless process's options
    // (--runtime simulated, --speed 20, ...).
    ApiFixture(QString service, QStringList fleetdeckArgs);
    ~ApiFixture();
    // The options for the simulated runtime (no Docker), at a teaching speed when given.
    static QStringList simulated(int speed = 0);
    ApiFixture(const ApiFixture &) = delete;
    ApiFixture &operator=(const ApiFixture &) = delete;

    bool dirValid() const { return m_dir.isValid(); }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }
    const AwsCli &cli() const { return m_cli; }
    // The commands of the fixture's service.
    const ServiceCli &service() const { return m_service; }
    // Another service's commands against the same Fleetdeck (an ELB test asking ECS, ...).
    ServiceCli serviceCli(const QString &service) const;

    // Starts Fleetdeck on the state directory (false: errorText() says why).
    bool start();
    // SIGTERM, then start() again on the same state: what was written must still be there.
    bool restart();
    void stop() { m_fleetdeck.reset(); }
    HeadlessFleetdeck &fleetdeck() { return *m_fleetdeck; }
    QString endpoint() const { return m_fleetdeck ? m_fleetdeck->endpoint() : QString(); }
    QString errorText() const { return m_fleetdeck ? m_fleetdeck->errorText() : QStringLiteral("not started"); }

private:
    QTemporaryDir m_dir;
    QStringList m_args;
    AwsCli m_cli;
    ServiceCli m_service;
    std::unique_ptr<HeadlessFleetdeck> m_fleetdeck;
};

} // namespace fd::test

// In initTestCase(): the scratch directory, the aws CLI (FD_REQUIRE_AWS_CLI: skip, or fail under
// CI, without it) and a started Fleetdeck.
#define FD_START_API_FIXTURE(fixture)                                                                                  \
    do {                                                                                                               \
        QVERIFY((fixture).dirValid());                                                                                 \
        FD_REQUIRE_AWS_CLI((fixture).cli());                                                                           \
        QVERIFY2((fixture).start(), qPrintable((fixture).errorText()));                                                \
    } while (false)
