#include "Arn.h"

#include <QStringList>

namespace fd::arn {

namespace {
QString prefix(const QString &region)
{
    return QStringLiteral("arn:aws:ecs:%1:%2:").arg(region.isEmpty() ? QString::fromLatin1(kDefaultRegion) : region,
                                                     QString::fromLatin1(kAccount));
}

QString resourceAfter(const QString &s, QLatin1StringView type)
{
    if (!s.startsWith(QLatin1StringView("arn:")))
        return s;
    const QStringList parts = s.split(u':');
    if (parts.size() < 6)
        return s;
    // arn:partition:service:region:account:resource (the resource may itself contain ':')
    const QString resource = parts.mid(5).join(u':');
    if (!resource.startsWith(type + u'/'))
        return s;
    return resource.mid(type.size() + 1);
}
} // namespace

QString cluster(const QString &region, const QString &name)
{
    return prefix(region) + QStringLiteral("cluster/") + name;
}

QString taskDefinition(const QString &region, const QString &family, int revision)
{
    return prefix(region) + QStringLiteral("task-definition/") + family + u':' + QString::number(revision);
}

QString containerInstance(const QString &region, const QString &cluster, const QString &id)
{
    return prefix(region) + QStringLiteral("container-instance/") + cluster + u'/' + id;
}

QString task(const QString &region, const QString &cluster, const QString &id)
{
    return prefix(region) + QStringLiteral("task/") + cluster + u'/' + id;
}

QString service(const QString &region, const QString &cluster, const QString &name)
{
    return prefix(region) + QStringLiteral("service/") + cluster + u'/' + name;
}

QString serviceNameFrom(const QString &nameOrArn)
{
    if (!nameOrArn.startsWith(QLatin1StringView("arn:")))
        return nameOrArn;
    return resourceAfter(nameOrArn, QLatin1StringView("service")).section(u'/', -1);
}

QString taskIdFrom(const QString &idOrArn)
{
    return idOrArn.section(u'/', -1);
}

QString containerInstanceIdFrom(const QString &idOrArn)
{
    return idOrArn.section(u'/', -1);
}

QString clusterNameFrom(const QString &nameOrArn)
{
    return resourceAfter(nameOrArn, QLatin1StringView("cluster"));
}

QString taskDefinitionRefFrom(const QString &refOrArn)
{
    return resourceAfter(refOrArn, QLatin1StringView("task-definition"));
}

} // namespace fd::arn
