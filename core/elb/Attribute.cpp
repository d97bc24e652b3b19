#include "Attribute.h"

namespace fd::elb {

std::optional<QString> attributeValue(const Attributes &attributes, const QString &key)
{
    for (const Attribute &a : attributes) {
        if (a.key == key)
            return a.value;
    }
    return std::nullopt;
}

Attributes withAttributes(Attributes base, const Attributes &changes)
{
    for (const Attribute &c : changes) {
        auto it = std::find_if(base.begin(), base.end(), [&](const Attribute &a) { return a.key == c.key; });
        if (it != base.end())
            it->value = c.value;
        else
            base.append(c);
    }
    return base;
}

} // namespace fd::elb
