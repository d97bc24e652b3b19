#include "Target.h"

namespace fd::elb {

namespace {
struct Name
{
    TargetHealthState state;
    const char *text;
};
constexpr Name kNames[] = {
    {TargetHealthState::Initial, "initial"},         {TargetHealthState::Healthy, "healthy"},
    {TargetHealthState::Unhealthy, "unhealthy"},     {TargetHealthState::UnhealthyDraining, "unhealthy.draining"},
    {TargetHealthState::Draining, "draining"},       {TargetHealthState::Unused, "unused"},
    {TargetHealthState::Unavailable, "unavailable"},
};
} // namespace

QString toString(TargetHealthState s)
{
    for (const Name &n : kNames) {
        if (n.state == s)
            return QString::fromLatin1(n.text);
    }
    return QStringLiteral("unavailable");
}

std::optional<TargetHealthState> targetHealthStateFromString(const QString &s)
{
    for (const Name &n : kNames) {
        if (s == QLatin1String(n.text))
            return n.state;
    }
    return std::nullopt;
}

bool isDraining(TargetHealthState s)
{
    return s == TargetHealthState::Draining || s == TargetHealthState::UnhealthyDraining;
}

QString Target::documentId() const
{
    return targetGroupId + u'/' + id + u'/' + QString::number(port);
}

} // namespace fd::elb
