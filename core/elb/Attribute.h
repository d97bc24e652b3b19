#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace fd::elb {

// One Key/Value attribute of a load balancer, target group or listener, as ELBv2 carries them: every
// value is a string ("true", "300", "round_robin"). Lists keep the order of the defaults.
struct Attribute
{
    QString key;
    QString value;
    bool operator==(const Attribute &) const = default;
};
using Attributes = QList<Attribute>;

// The value of `key`, if the list has it.
std::optional<QString> attributeValue(const Attributes &attributes, const QString &key);
// `base` with each of `changes` replacing the value of the same key (keys not in `base` are appended).
Attributes withAttributes(Attributes base, const Attributes &changes);

} // namespace fd::elb
