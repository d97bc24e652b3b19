#include "InstanceType.h"

namespace fd {

const QList<InstanceType> &instanceTypes()
{
    static const QList<InstanceType> types = {
        {QStringLiteral("t3.micro"), 2, 2048, 1024},    {QStringLiteral("t3.small"), 2, 2048, 2048},
        {QStringLiteral("t3.medium"), 2, 2048, 4096},   {QStringLiteral("t3.large"), 2, 2048, 8192},
        {QStringLiteral("t3.xlarge"), 4, 4096, 16384},  {QStringLiteral("c5.large"), 2, 2048, 4096},
        {QStringLiteral("c5.xlarge"), 4, 4096, 8192},   {QStringLiteral("m5.large"), 2, 2048, 8192},
        {QStringLiteral("m5.xlarge"), 4, 4096, 16384},  {QStringLiteral("m5.2xlarge"), 8, 8192, 32768},
        {QStringLiteral("r5.large"), 2, 2048, 16384},
    };
    return types;
}

std::optional<InstanceType> instanceType(const QString &name)
{
    for (const InstanceType &t : instanceTypes()) {
        if (t.name == name)
            return t;
    }
    return std::nullopt;
}

} // namespace fd
