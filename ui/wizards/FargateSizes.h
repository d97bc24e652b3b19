#pragma once

#include "model/TaskDefinition.h"

#include <QList>
#include <QString>

namespace fd::ui {

/**
 * The task sizes FARGATE runs (task-level CPU units and MiB), as the console offers them, and
 * whether a task definition can run on FARGATE: network mode awsvpc and a task-level CPU and
 * memory pair from the table (ECS then lists FARGATE in its compatibilities).
 *   256 → 512, 1024, 2048 · 512 → 1024..4096 · 1024 → 2048..8192 · 2048 → 4096..16384 ·
 *   4096 → 8192..30720 (steps of 1024) · 8192 → 16384..61440 (4096) · 16384 → 32768..122880 (8192);
 * the last two need platform version 1.4.0.
 */
class FargateSizes final
{
public:
    FargateSizes() = delete;

    static QList<int> cpuChoices();
    /// The memory sizes (MiB) that go with `cpu`; empty when `cpu` is not a Fargate size.
    static QList<int> memoryChoices(int cpu);
    static bool isValid(int cpu, int memory);
    /// "0.25 vCPU", "1 vCPU"; "512 MiB", "2 GB".
    static QString cpuText(int cpu);
    static QString memoryText(int memory);
    /// Empty when `spec` can run on FARGATE; otherwise why not, in one sentence.
    static QString whyNotFargate(const fd::TaskDefinitionSpec &spec);
};

} // namespace fd::ui
