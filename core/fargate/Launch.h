#pragma once

// How a task launches: a launch type (EC2 or FARGATE) and, when a capacity provider strategy chose
// it, the provider. Pure functions (STYLE.md point 6): the request and the cluster in, the launch
// of each task out. ECS-SEMANTICS.md and /work/shared fargate notes: a strategy's base tasks go to
// its provider first, the rest are split in proportion to the weights; FARGATE and FARGATE_SPOT both
// launch as FARGATE with capacityProviderName set.

#include "Result.h"
#include "model/Cluster.h"
#include "model/Network.h"
#include "model/TaskDefinition.h"

#include <QHash>
#include <QList>
#include <QString>

namespace fd::fargate {

inline constexpr QStringView kFargate = u"FARGATE";
inline constexpr QStringView kFargateSpot = u"FARGATE_SPOT";
inline constexpr QStringView kEc2 = u"EC2";
// What LATEST means for Linux tasks, and the versions that exist.
inline constexpr QStringView kLatestPlatformVersion = u"1.4.0";

bool isFargateProvider(const QString &provider);

// One task's launch.
struct Launch
{
    QString launchType;       // EC2 or FARGATE
    QString capacityProvider; // the strategy's provider that chose it; empty for a plain launch type
    friend bool operator==(const Launch &, const Launch &) = default;
};

// What a request resolves to before it is split: a plain launch type, or a strategy.
struct LaunchSpec
{
    QString launchType; // EC2 or FARGATE; empty when `strategy` decides
    QList<CapacityProviderStrategyItem> strategy;
    bool fromClusterDefault = false; // the strategy is the cluster's defaultCapacityProviderStrategy
    bool fargate() const; // every task of it runs on FARGATE
};

// launchType / capacityProviderStrategy as given (both empty: the cluster's default strategy, else
// EC2), checked: not both, a known launch type, a valid strategy whose providers are associated
// with the cluster. Errors are InvalidParameterException naming the member.
Result<LaunchSpec> resolveLaunch(const QString &launchType, const QList<CapacityProviderStrategyItem> &strategy,
                                 const Cluster &cluster);
// A strategy's own rules: providers named once, weight 0..1000, base 0..100000, at most one base,
// some weight above 0, FARGATE providers not mixed with others.
Result<bool> checkStrategy(const QList<CapacityProviderStrategyItem> &strategy);

// The provider of each of `count` new tasks: base first (counting `running`, the tasks each
// provider already has, e.g. a service's), then by weight, so that the providers' shares over
// all tasks approach their weights. Ties go to the provider listed first.
QList<Launch> splitOverStrategy(const QList<CapacityProviderStrategyItem> &strategy, int count,
                                const QHash<QString, int> &running = {});

// The launch of each of `count` tasks for `spec` (a plain launch type: all the same).
QList<Launch> launchesFor(const LaunchSpec &spec, int count, const QHash<QString, int> &running = {});

// FARGATE's task sizes: task-level cpu and memory in one of the documented combinations.
bool isFargateSize(int cpu, int memory);
// The definition can run on FARGATE: networkMode awsvpc and a FARGATE size (what ECS lists as
// the FARGATE compatibility).
bool supportsFargate(const TaskDefinitionSpec &spec);

// "" and LATEST are 1.4.0; 1.4.0 and 1.3.0 are themselves; anything else is an
// InvalidParameterException naming the version.
Result<QString> resolvePlatformVersion(const QString &requested);

// A network configuration's own rules: 1 to 16 subnets "subnet-...", each once; up to 5 security
// groups "sg-...". `member` prefixes the messages ("networkConfiguration.awsvpcConfiguration").
Result<bool> checkNetworkConfiguration(const AwsVpcConfiguration &config);

// The zone-balanced choice of a subnet for each of `count` tasks: the subnet whose zone has the
// fewest tasks (`perZone`, counted as they are chosen), ties to the subnet listed first.
QStringList spreadOverSubnets(const QStringList &subnets, const QStringList &zones, int count,
                              QHash<QString, int> perZone = {});

} // namespace fd::fargate
