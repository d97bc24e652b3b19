#include "TargetGroup.h"

namespace fd::elb {

int TargetGroup::deregistrationDelaySeconds() const
{
    return attributeValue(attributes, QStringLiteral("deregistration_delay.timeout_seconds"))
        .value_or(QStringLiteral("300"))
        .toInt();
}

} // namespace fd::elb
