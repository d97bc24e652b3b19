#include "TaskDefinition.h"

namespace fd {

QString toString(TaskDefinitionStatus s)
{
    switch (s) {
    case TaskDefinitionStatus::Active:
        return QStringLiteral("ACTIVE");
    case TaskDefinitionStatus::Inactive:
        return QStringLiteral("INACTIVE");
    case TaskDefinitionStatus::DeleteInProgress:
        return QStringLiteral("DELETE_IN_PROGRESS");
    }
    return QStringLiteral("ACTIVE");
}

namespace {

struct FargateSize
{
    int cpu;
    int minMemory;
    int maxMemory;
    int step;
};

// 256 CPU units take 512, 1024 or 2048 MiB: 512 to 2048 with 1536 left out (below).
constexpr FargateSize kFargateSizes[] = {
    {256, 512, 2048, 512},     {512, 1024, 4096, 1024},   {1024, 2048, 8192, 1024},     {2048, 4096, 16384, 1024},
    {4096, 8192, 30720, 1024}, {8192, 16384, 61440, 4096}, {16384, 32768, 122880, 8192},
};

const FargateSize *fargateSize(int cpu)
{
    for (const FargateSize &s : kFargateSizes) {
        if (s.cpu == cpu)
            return &s;
    }
    return nullptr;
}

} // namespace

bool isFargateTaskSize(int cpu, int memory)
{
    const FargateSize *s = fargateSize(cpu);
    if (!s || memory < s->minMemory || memory > s->maxMemory || (memory - s->minMemory) % s->step != 0)
        return false;
    return !(cpu == 256 && memory == 1536);
}

QString fargateMemoryChoices(int cpu)
{
    const FargateSize *s = fargateSize(cpu);
    if (!s)
        return {};
    if (cpu == 256)
        return QStringLiteral("512, 1024 or 2048");
    return QStringLiteral("%1 to %2 in steps of %3").arg(s->minMemory).arg(s->maxMemory).arg(s->step);
}

bool TaskDefinitionSpec::fargateCompatible() const
{
    return networkMode == u"awsvpc" && cpu && memory && isFargateTaskSize(*cpu, *memory);
}

QStringList TaskDefinitionSpec::compatibilities() const
{
    QStringList out{QStringLiteral("EC2")};
    if (fargateCompatible())
        out << QStringLiteral("FARGATE");
    return out;
}

std::optional<TaskDefinitionStatus> taskDefinitionStatusFromString(const QString &s)
{
    if (s == u"ACTIVE")
        return TaskDefinitionStatus::Active;
    if (s == u"INACTIVE")
        return TaskDefinitionStatus::Inactive;
    if (s == u"DELETE_IN_PROGRESS")
        return TaskDefinitionStatus::DeleteInProgress;
    return std::nullopt;
}

} // namespace fd
