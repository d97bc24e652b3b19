#include "Launch.h"

#include <QSet>

#include <algorithm>

namespace fd::fargate {

namespace {

Error invalid(const QString &message, const QString &member)
{
    return makeError(QStringLiteral("InvalidParameterException"), message, member);
}

} // namespace

bool isFargateProvider(const QString &provider)
{
    return provider == kFargate || provider == kFargateSpot;
}

bool LaunchSpec::fargate() const
{
    if (!launchType.isEmpty())
        return launchType == kFargate;
    return !strategy.isEmpty() && isFargateProvider(strategy.front().capacityProvider);
}

Result<bool> checkStrategy(const QList<CapacityProviderStrategyItem> &strategy)
{
    const QString member = QStringLiteral("capacityProviderStrategy");
    if (strategy.isEmpty())
        return invalid(QStringLiteral("capacityProviderStrategy: needs at least one capacity provider"), member);
    if (strategy.size() > 20)
        return invalid(
            QStringLiteral("capacityProviderStrategy: at most 20 capacity providers (got %1)").arg(strategy.size()),
            member);
    QSet<QString> seen;
    int withBase = 0;
    int fargateCount = 0;
    bool anyWeight = false;
    for (qsizetype i = 0; i < strategy.size(); ++i) {
        const CapacityProviderStrategyItem &item = strategy[i];
        if (item.capacityProvider.isEmpty())
            return invalid(QStringLiteral("capacityProviderStrategy[%1].capacityProvider: is required").arg(i), member);
        if (seen.contains(item.capacityProvider))
            return invalid(QStringLiteral("capacityProviderStrategy: capacity provider %1 is listed twice")
                               .arg(item.capacityProvider),
                           member);
        seen.insert(item.capacityProvider);
        if (item.weight < 0 || item.weight > 1000)
            return invalid(QStringLiteral("capacityProviderStrategy[%1].weight: must be between 0 and 1000 (got %2)")
                               .arg(i)
                               .arg(item.weight),
                           member);
        if (item.base < 0 || item.base > 100000)
            return invalid(QStringLiteral("capacityProviderStrategy[%1].base: must be between 0 and 100000 (got %2)")
                               .arg(i)
                               .arg(item.base),
                           member);
        withBase += item.base > 0;
        anyWeight = anyWeight || item.weight > 0;
        fargateCount += isFargateProvider(item.capacityProvider);
    }
    if (withBase > 1)
        return invalid(QStringLiteral("capacityProviderStrategy: only one capacity provider can have a base "
                                      "greater than 0 (%1 have one)")
                           .arg(withBase),
                       member);
    if (!anyWeight)
        return invalid(QStringLiteral("capacityProviderStrategy: at least one capacity provider must have a "
                                      "weight greater than 0"),
                       member);
    if (fargateCount > 0 && fargateCount < strategy.size())
        return invalid(QStringLiteral("capacityProviderStrategy: FARGATE and FARGATE_SPOT cannot be mixed with "
                                      "Auto Scaling group capacity providers in one strategy"),
                       member);
    return true;
}

Result<LaunchSpec> resolveLaunch(const QString &launchType, const QList<CapacityProviderStrategyItem> &strategy,
                                 const Cluster &cluster)
{
    if (!launchType.isEmpty() && !strategy.isEmpty())
        return invalid(QStringLiteral("launchType and capacityProviderStrategy cannot both be given: specify a "
                                      "launch type or a capacity provider strategy, not both"),
                       QStringLiteral("launchType"));
    LaunchSpec spec;
    if (!launchType.isEmpty()) {
        if (launchType != kEc2 && launchType != kFargate)
            return invalid(QStringLiteral("launchType: must be EC2 or FARGATE (got \"%1\")").arg(launchType),
                           QStringLiteral("launchType"));
        spec.launchType = launchType;
        return spec;
    }
    spec.strategy = strategy;
    if (spec.strategy.isEmpty()) {
        if (cluster.defaultCapacityProviderStrategy.isEmpty()) {
            spec.launchType = kEc2.toString();
            return spec;
        }
        spec.strategy = cluster.defaultCapacityProviderStrategy;
        spec.fromClusterDefault = true;
    }
    if (Result<bool> ok = checkStrategy(spec.strategy); !ok)
        return ok.error();
    for (const CapacityProviderStrategyItem &item : spec.strategy) {
        if (!cluster.capacityProviders.contains(item.capacityProvider))
            return invalid(QStringLiteral("capacityProviderStrategy: capacity provider %1 is not associated with "
                                          "cluster %2; associate it with PutClusterCapacityProviders first")
                               .arg(item.capacityProvider, cluster.name),
                           QStringLiteral("capacityProviderStrategy"));
    }
    return spec;
}

QList<Launch> splitOverStrategy(const QList<CapacityProviderStrategyItem> &strategy, int count,
                                const QHash<QString, int> &running)
{
    QList<Launch> out;
    if (strategy.isEmpty())
        return out;
    QHash<QString, int> have = running;
    auto launchOf = [](const QString &provider) {
        return Launch{isFargateProvider(provider) ? kFargate.toString() : kEc2.toString(), provider};
    };
    for (int n = 0; n < count; ++n) {
        const CapacityProviderStrategyItem *chosen = nullptr;
        // The base first.
        for (const CapacityProviderStrategyItem &item : strategy) {
            if (item.base > have.value(item.capacityProvider)) {
                chosen = &item;
                break;
            }
        }
        if (!chosen) {
            // Then the provider furthest below its share: the smallest (tasks beyond its base + 1) /
            // weight, compared without division; the first listed wins a tie.
            qint64 bestNum = 0;
            qint64 bestDen = 1;
            for (const CapacityProviderStrategyItem &item : strategy) {
                if (item.weight <= 0)
                    continue;
                const qint64 beyond = std::max(0, have.value(item.capacityProvider) - item.base);
                const qint64 num = beyond + 1;
                const qint64 den = item.weight;
                if (!chosen || num * bestDen < bestNum * den) {
                    chosen = &item;
                    bestNum = num;
                    bestDen = den;
                }
            }
        }
        if (!chosen)
            break; // only weights of 0 and every base met: no provider takes more (checkStrategy refuses this)
        have[chosen->capacityProvider] += 1;
        out.append(launchOf(chosen->capacityProvider));
    }
    return out;
}

QList<Launch> launchesFor(const LaunchSpec &spec, int count, const QHash<QString, int> &running)
{
    if (!spec.launchType.isEmpty())
        return QList<Launch>(count, Launch{spec.launchType, {}});
    return splitOverStrategy(spec.strategy, count, running);
}

bool isFargateSize(int cpu, int memory)
{
    auto stepped = [memory](int from, int to, int step) {
        return memory >= from && memory <= to && memory % step == 0;
    };
    switch (cpu) {
    case 256:
        return memory == 512 || memory == 1024 || memory == 2048;
    case 512:
        return stepped(1024, 4096, 1024);
    case 1024:
        return stepped(2048, 8192, 1024);
    case 2048:
        return stepped(4096, 16384, 1024);
    case 4096:
        return stepped(8192, 30720, 1024);
    case 8192:
        return stepped(16384, 61440, 4096);
    case 16384:
        return stepped(32768, 122880, 8192);
    default:
        return false;
    }
}

bool supportsFargate(const TaskDefinitionSpec &spec)
{
    return spec.networkMode == u"awsvpc" && spec.cpu && spec.memory && isFargateSize(*spec.cpu, *spec.memory);
}

Result<QString> resolvePlatformVersion(const QString &requested)
{
    if (requested.isEmpty() || requested == u"LATEST")
        return kLatestPlatformVersion.toString();
    if (requested == u"1.4.0" || requested == u"1.3.0")
        return requested;
    return invalid(
        QStringLiteral("platformVersion: %1 is not a Fargate platform version (LATEST, 1.4.0 or 1.3.0)").arg(requested),
        QStringLiteral("platformVersion"));
}

Result<bool> checkNetworkConfiguration(const AwsVpcConfiguration &config)
{
    const QString member = QStringLiteral("networkConfiguration");
    const QString prefix = QStringLiteral("networkConfiguration.awsvpcConfiguration.");
    if (config.subnets.isEmpty())
        return invalid(QStringLiteral("Network Configuration must be provided when networkMode 'awsvpc' is "
                                      "specified."),
                       member);
    if (config.subnets.size() > 16)
        return invalid(prefix + QStringLiteral("subnets: at most 16 (got %1)").arg(config.subnets.size()), member);
    for (qsizetype i = 0; i < config.subnets.size(); ++i) {
        const QString &s = config.subnets[i];
        if (!s.startsWith(u"subnet-") || s.size() < 8)
            return invalid(prefix + QStringLiteral("subnets[%1]: \"%2\" is not a subnet id (subnet-...)").arg(i).arg(s),
                           member);
        if (config.subnets.indexOf(s) != i)
            return invalid(prefix + QStringLiteral("subnets[%1]: \"%2\" is given twice").arg(i).arg(s), member);
    }
    if (config.securityGroups.size() > 5)
        return invalid(prefix + QStringLiteral("securityGroups: at most 5 (got %1)").arg(config.securityGroups.size()),
                       member);
    for (qsizetype i = 0; i < config.securityGroups.size(); ++i) {
        const QString &g = config.securityGroups[i];
        if (!g.startsWith(u"sg-") || g.size() < 4)
            return invalid(
                prefix + QStringLiteral("securityGroups[%1]: \"%2\" is not a security group id (sg-...)").arg(i).arg(g),
                member);
        if (config.securityGroups.indexOf(g) != i)
            return invalid(prefix + QStringLiteral("securityGroups[%1]: \"%2\" is given twice").arg(i).arg(g), member);
    }
    return true;
}

QStringList spreadOverSubnets(const QStringList &subnets, const QStringList &zones, int count,
                              QHash<QString, int> perZone)
{
    QStringList out;
    if (subnets.isEmpty())
        return out;
    for (int n = 0; n < count; ++n) {
        qsizetype best = 0;
        int bestCount = 0;
        for (qsizetype i = 0; i < subnets.size(); ++i) {
            const int c = perZone.value(zoneOfSubnet(subnets[i], zones));
            if (i == 0 || c < bestCount) {
                best = i;
                bestCount = c;
            }
        }
        out.append(subnets[best]);
        perZone[zoneOfSubnet(subnets[best], zones)] += 1;
    }
    return out;
}

} // namespace fd::fargate
