#include "ops/ElbCommon.h"

#include "registries/LoadBalancingRegistry.h"

#include <QRandomGenerator>
#include <QSet>

namespace fd::ops {

namespace {
Error notFound(const char *code, const char *text, const QString &what)
{
    const QString message = QString::fromLatin1(text);
    return makeError(QString::fromLatin1(code), what.isEmpty() ? message : message + QStringLiteral(": ") + what);
}
} // namespace

Error loadBalancerNotFound(const QString &what)
{
    return notFound("LoadBalancerNotFound", "One or more load balancers not found", what);
}

Error targetGroupNotFound(const QString &what)
{
    return notFound("TargetGroupNotFound", "One or more target groups not found", what);
}

Error listenerNotFound(const QString &what)
{
    return notFound("ListenerNotFound", "One or more listeners not found", what);
}

Error ruleNotFound(const QString &what)
{
    return notFound("RuleNotFound", "One or more rules not found", what);
}

QString newElbId()
{
    return QStringLiteral("%1").arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
}

std::optional<Error> checkElbTags(const tags::TagList &list)
{
    QSet<QString> seen;
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (seen.contains(list[i].key))
            return makeError(QStringLiteral("DuplicateTagKeys"),
                             QStringLiteral("Tags[%1].Key: '%2' is given twice").arg(i).arg(list[i].key),
                             QStringLiteral("Tags"));
        seen.insert(list[i].key);
    }
    if (tags::userTagCount(list) > tags::kMaxTagsPerResource)
        return makeError(QStringLiteral("TooManyTags"),
                         QStringLiteral("Tags: a resource can have at most %1 tags (got %2)")
                             .arg(tags::kMaxTagsPerResource)
                             .arg(tags::userTagCount(list)),
                         QStringLiteral("Tags"));
    if (std::optional<Error> e = tags::validate(list, QStringLiteral("Tags"))) {
        e->code = QStringLiteral("ValidationError");
        return e;
    }
    return std::nullopt;
}

std::optional<Error> checkForwardTargets(const registries::LoadBalancingRegistry &registry,
                                         const QList<elb::Action> &actions)
{
    for (const elb::Action &a : actions) {
        for (const elb::WeightedTargetGroup &g : a.targetGroups) {
            if (!registry.targetGroup(g.targetGroupId))
                return targetGroupNotFound(g.targetGroupId);
        }
    }
    return std::nullopt;
}

} // namespace fd::ops
