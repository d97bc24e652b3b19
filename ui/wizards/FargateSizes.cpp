#include "FargateSizes.h"

#include <QObject>

namespace fd::ui {

namespace {

struct Row
{
    int cpu;
    int first;
    int last;
    int step;
};

constexpr Row kTable[] = {
    {256, 512, 2048, 0}, // 512, 1024, 2048: listed below
    {512, 1024, 4096, 1024},   {1024, 2048, 8192, 1024},   {2048, 4096, 16384, 1024},
    {4096, 8192, 30720, 1024}, {8192, 16384, 61440, 4096}, {16384, 32768, 122880, 8192},
};

} // namespace

QList<int> FargateSizes::cpuChoices()
{
    QList<int> out;
    for (const Row &r : kTable)
        out << r.cpu;
    return out;
}

QList<int> FargateSizes::memoryChoices(int cpu)
{
    if (cpu == 256)
        return {512, 1024, 2048};
    for (const Row &r : kTable) {
        if (r.cpu != cpu)
            continue;
        QList<int> out;
        for (int m = r.first; m <= r.last; m += r.step)
            out << m;
        return out;
    }
    return {};
}

bool FargateSizes::isValid(int cpu, int memory)
{
    return memoryChoices(cpu).contains(memory);
}

QString FargateSizes::cpuText(int cpu)
{
    return QObject::tr("%1 vCPU").arg(QString::number(cpu / 1024.0, 'g', 4));
}

QString FargateSizes::memoryText(int memory)
{
    return memory < 1024 ? QObject::tr("%1 MiB").arg(memory)
                         : QObject::tr("%1 GB").arg(QString::number(memory / 1024.0, 'g', 4));
}

QString FargateSizes::whyNotFargate(const fd::TaskDefinitionSpec &spec)
{
    if (spec.networkMode != u"awsvpc")
        return QObject::tr("its network mode is %1; FARGATE needs awsvpc").arg(spec.networkMode);
    if (!spec.cpu || !spec.memory)
        return QObject::tr("it has no task-level cpu and memory; FARGATE needs both");
    if (!isValid(*spec.cpu, *spec.memory))
        return QObject::tr("%1 CPU units with %2 MiB is not a Fargate size").arg(*spec.cpu).arg(*spec.memory);
    return {};
}

} // namespace fd::ui
