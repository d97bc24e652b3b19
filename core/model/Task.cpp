#include "Task.h"

#include <array>
#include <utility>

namespace fd {

namespace {

template <typename E, std::size_t N>
std::optional<E> fromTable(const std::array<std::pair<E, const char16_t *>, N> &table, const QString &s)
{
    for (const auto &[value, name] : table) {
        if (s == QStringView(name))
            return value;
    }
    return std::nullopt;
}

template <typename E, std::size_t N>
QString toTable(const std::array<std::pair<E, const char16_t *>, N> &table, E e)
{
    for (const auto &[value, name] : table) {
        if (value == e)
            return QString::fromUtf16(name);
    }
    return {};
}

constexpr std::array<std::pair<TaskStatus, const char16_t *>, 8> kTaskStatuses{{
    {TaskStatus::Provisioning, u"PROVISIONING"},
    {TaskStatus::Pending, u"PENDING"},
    {TaskStatus::Activating, u"ACTIVATING"},
    {TaskStatus::Running, u"RUNNING"},
    {TaskStatus::Deactivating, u"DEACTIVATING"},
    {TaskStatus::Stopping, u"STOPPING"},
    {TaskStatus::Deprovisioning, u"DEPROVISIONING"},
    {TaskStatus::Stopped, u"STOPPED"},
}};

constexpr std::array<std::pair<StopCode, const char16_t *>, 5> kStopCodes{{
    {StopCode::TaskFailedToStart, u"TaskFailedToStart"},
    {StopCode::EssentialContainerExited, u"EssentialContainerExited"},
    {StopCode::UserInitiated, u"UserInitiated"},
    {StopCode::ServiceSchedulerInitiated, u"ServiceSchedulerInitiated"},
    {StopCode::SpotInterruption, u"SpotInterruption"},
}};

constexpr std::array<std::pair<Health, const char16_t *>, 3> kHealth{{
    {Health::Unknown, u"UNKNOWN"},
    {Health::Healthy, u"HEALTHY"},
    {Health::Unhealthy, u"UNHEALTHY"},
}};

constexpr std::array<std::pair<ContainerRunState, const char16_t *>, 3> kContainerStates{{
    {ContainerRunState::Pending, u"PENDING"},
    {ContainerRunState::Running, u"RUNNING"},
    {ContainerRunState::Stopped, u"STOPPED"},
}};

} // namespace

QString toString(TaskStatus s)
{
    return toTable(kTaskStatuses, s);
}

std::optional<TaskStatus> taskStatusFromString(const QString &s)
{
    return fromTable(kTaskStatuses, s);
}

QString toString(StopCode c)
{
    return toTable(kStopCodes, c);
}

std::optional<StopCode> stopCodeFromString(const QString &s)
{
    if (s.isEmpty())
        return StopCode::None;
    return fromTable(kStopCodes, s);
}

QString toString(Health h)
{
    return toTable(kHealth, h);
}

Health healthFromString(const QString &s)
{
    return fromTable(kHealth, s).value_or(Health::Unknown);
}

QString toString(ContainerRunState s)
{
    return toTable(kContainerStates, s);
}

std::optional<ContainerRunState> containerRunStateFromString(const QString &s)
{
    return fromTable(kContainerStates, s);
}

const TaskContainer *Task::container(const QString &name) const
{
    for (const TaskContainer &c : containers) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

TaskContainer *Task::container(const QString &name)
{
    for (TaskContainer &c : containers) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

Health aggregateHealth(const QList<TaskContainer> &containers)
{
    bool anyChecked = false;
    bool anyUnknown = false;
    for (const TaskContainer &c : containers) {
        if (!c.essential || !c.hasHealthCheck)
            continue;
        anyChecked = true;
        if (c.health == Health::Unhealthy)
            return Health::Unhealthy;
        if (c.health == Health::Unknown)
            anyUnknown = true;
    }
    if (!anyChecked || anyUnknown)
        return Health::Unknown;
    return Health::Healthy;
}

} // namespace fd
