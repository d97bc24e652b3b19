#include "TaskDefinitionValidator.h"

#include "fargate/Launch.h"

#include <QRegularExpression>

#include <climits>
#include <cmath>

namespace fd::json::taskdef {

namespace {

const char *const kNetworkModes[] = {"none", "bridge", "awsvpc", "host"};

// Task-level cpu and memory: numbers or strings, converted as ECS does at registration.

// "1024" -> 1024, "1 vCPU" -> 1024, "0.5 vcpu" -> 512.
std::optional<qint64> cpuUnitsFrom(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*(vcpus?)?\\s*$"),
                                       QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const double number = m.captured(1).toDouble();
    const double units = m.captured(2).isEmpty() ? number : number * 1024.0;
    if (std::floor(units) != units || units > double(INT_MAX))
        return std::nullopt;
    return qint64(units);
}

// "512" -> 512, "512 MiB" -> 512, "1GB" -> 1024, "0.5 GiB" -> 512.
std::optional<qint64> memoryMiBFrom(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*(mib|mb|gib|gb)?\\s*$"),
                                       QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const double number = m.captured(1).toDouble();
    const bool gib = m.captured(2).startsWith(u'g', Qt::CaseInsensitive);
    const double mib = gib ? number * 1024.0 : number;
    if (std::floor(mib) != mib || mib > double(INT_MAX))
        return std::nullopt;
    return qint64(mib);
}

// The memory sizes Fargate offers with `cpu` units, for the message that refuses a pair ("" when
// Fargate has no such cpu size). The table itself is fargate::isFargateSize.
QString fargateMemoryChoices(int cpu)
{
    switch (cpu) {
    case 256:
        return QStringLiteral("512, 1024 or 2048");
    case 512:
        return QStringLiteral("1024 to 4096 in steps of 1024");
    case 1024:
        return QStringLiteral("2048 to 8192 in steps of 1024");
    case 2048:
        return QStringLiteral("4096 to 16384 in steps of 1024");
    case 4096:
        return QStringLiteral("8192 to 30720 in steps of 1024");
    case 8192:
        return QStringLiteral("16384 to 61440 in steps of 4096");
    case 16384:
        return QStringLiteral("32768 to 122880 in steps of 8192");
    }
    return {};
}

} // namespace

// Task-level cpu or memory: an integer, or a string that fromText converts; then the range.
struct TaskSizeRule
{
    const char *key;
    std::optional<qint64> (*fromText)(const QString &text);
    const char *unconvertible; // %1: the text as written, quoted
    const char *wrongType;
    Range range;
};

namespace {

const TaskSizeRule kTaskCpu{
    "cpu", cpuUnitsFrom, "cannot convert %1 to CPU units: write units (\"1024\") or vCPUs (\"1 vCPU\")",
    "must be an integer or a string such as \"1024\" or \"1 vCPU\"", Range{128, 196608, " CPU units"}};
const TaskSizeRule kTaskMemory{"memory", memoryMiBFrom, "cannot convert %1 to MiB: write MiB (\"512\") or GB (\"1GB\")",
                               "must be an integer or a string such as \"512\" or \"1GB\"", Range{6, INT_MAX, " MiB"}};

} // namespace

Result<TaskDefinitionSpec> TaskDefinitionValidator::run()
{
    const Path root;

    if (const std::optional<QString> family = string(m_doc, root, "family", true)) {
        if (checkName(*family, root.key("family")))
            m_spec.family = *family;
    }

    if (const std::optional<QString> mode = string(m_doc, root, "networkMode")) {
        if (oneOf(*mode, kNetworkModes)) {
            m_spec.networkMode = *mode;
        } else {
            fail(root.key("networkMode"),
                 QStringLiteral("must be one of %1 (got %2)").arg(joined(kNetworkModes), quoted(*mode)));
            m_networkModeKnown = false;
        }
    } else if (spelled(m_doc, "networkMode")) {
        m_networkModeKnown = false;
    }

    m_spec.cpu = taskSize(kTaskCpu);
    m_spec.memory = taskSize(kTaskMemory);

    // The other task-level members are kept as given and read back, so each must have its model's
    // type: a wrong one would be stored and described back as something ECS never returns.
    for (const char *key : {"taskRoleArn", "executionRoleArn", "pidMode", "ipcMode"})
        string(m_doc, root, key);
    for (const char *key : {"volumes", "inferenceAccelerators"})
        array(m_doc, root, key);
    requiresCompatibilities();
    for (const char *key : {"proxyConfiguration", "ephemeralStorage", "runtimePlatform"})
        object(m_doc, root, key);
    boolean(m_doc, root, "enableFaultInjection");

    if (const OJson *defs = array(m_doc, root, "containerDefinitions", true)) {
        if (defs->empty())
            fail(root.key("containerDefinitions"), QStringLiteral("must contain at least one container definition"));
        else
            containers(*defs, root.key("containerDefinitions"));
    }

    placementConstraints();
    memberTypes(m_doc, root, std::string());
    if (m_registration)
        fargateChecks();

    if (hasProblems())
        return firstProblem(m_doc);

    // The documented conversions: ECS stores task cpu and memory as integer strings.
    if (m_spec.cpu)
        m_doc["cpu"] = std::to_string(*m_spec.cpu);
    if (m_spec.memory)
        m_doc["memory"] = std::to_string(*m_spec.memory);
    m_spec.document = QByteArray::fromStdString(dump(m_doc));
    return m_spec;
}

// Family and container names: up to 255 letters, digits, '_' and '-'.
bool TaskDefinitionValidator::checkName(const QString &name, const Path &p)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_-]*$"));
    if (name.isEmpty()) {
        fail(p, QStringLiteral("must not be empty"));
        return false;
    }
    if (name.size() > 255) {
        fail(p, QStringLiteral("must be at most 255 characters (got %1)").arg(name.size()));
        return false;
    }
    if (!re.match(name).hasMatch()) {
        fail(p, QStringLiteral("may contain only letters, digits, '_' and '-' (got %1)").arg(quoted(name)));
        return false;
    }
    return true;
}

std::optional<int> TaskDefinitionValidator::taskSize(const TaskSizeRule &rule)
{
    const Path p = Path().key(rule.key);
    const OJson *v = member(m_doc, rule.key);
    if (!v)
        return std::nullopt;
    std::optional<qint64> size;
    if (v->is_number_integer()) {
        size = integerValue(*v, p);
    } else if (v->is_string()) {
        const QString text = str(v->get_ref<const std::string &>());
        size = rule.fromText(text);
        if (!size) {
            fail(p, QString::fromLatin1(rule.unconvertible).arg(quoted(text)));
            return std::nullopt;
        }
    } else {
        fail(p, QString::fromLatin1(rule.wrongType));
        return std::nullopt;
    }
    return inRange(*size, rule.range, p);
}

void TaskDefinitionValidator::taskWideChecks(const OJson &defs, const Path &p)
{
    const QList<ContainerDefinition> &cs = m_spec.containerDefinitions;

    if (std::none_of(cs.begin(), cs.end(), [](const ContainerDefinition &d) { return d.essential; }))
        fail(p, QStringLiteral("at least one container must be essential"), true);

    const bool taskMemoryGiven = spelled(m_doc, "memory");
    qint64 cpuSum = 0;
    qint64 memorySum = 0;
    for (int i = 0; i < cs.size(); ++i) {
        const OJson &c = defs[std::size_t(i)];
        if (!c.is_object())
            continue;
        const Path cp = p.at(i);
        // On EC2 something has to say how much memory to reserve on the instance.
        if (!taskMemoryGiven && !spelled(c, "memory") && !spelled(c, "memoryReservation"))
            fail(cp.key("memory"),
                 QStringLiteral("is required when the task has no memory (set memory or memoryReservation)"));

        // "The total amount of CPU/memory reserved for all containers within a task must be lower
        // than the task-level value" (ECS developer guide, container cpu and memory).
        if (m_spec.cpu && cs[i].cpu) {
            cpuSum += *cs[i].cpu;
            if (cpuSum > *m_spec.cpu)
                fail(cp.key("cpu"), QStringLiteral("the containers' cpu adds up to %1, more than the task cpu (%2)")
                                        .arg(cpuSum)
                                        .arg(*m_spec.cpu));
        }
        if (m_spec.memory && (cs[i].memory || cs[i].memoryReservation)) {
            memorySum += cs[i].reservedMemory();
            if (memorySum > *m_spec.memory)
                fail(cp.key(cs[i].memoryReservation ? "memoryReservation" : "memory"),
                     QStringLiteral("the containers reserve %1 MiB in total, more than the task memory (%2 MiB)")
                         .arg(memorySum)
                         .arg(*m_spec.memory));
        }
    }
}

void TaskDefinitionValidator::placementConstraints()
{
    const Path root;
    const OJson *list = array(m_doc, root, "placementConstraints");
    if (!list)
        return;
    const Path pp = root.key("placementConstraints");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const Path e = pp.at(int(i));
        if (!isObjectElement((*list)[i], e))
            continue;
        PlacementConstraint pc;
        if (const std::optional<QString> type = string((*list)[i], e, "type", true)) {
            if (*type != u"memberOf")
                fail(e.key("type"), QStringLiteral("must be memberOf, the only type a task definition takes (got %1)")
                                        .arg(quoted(*type)));
            pc.type = *type;
        }
        if (const std::optional<QString> expression = string((*list)[i], e, "expression", true)) {
            if (expression->trimmed().isEmpty())
                fail(e.key("expression"), QStringLiteral("must not be empty"));
            pc.expression = *expression;
        }
        m_spec.placementConstraints << pc;
    }
}

// EC2 and FARGATE; ECS's other launch types need instances Fleetdeck does not have.
void TaskDefinitionValidator::requiresCompatibilities()
{
    const Path root;
    const OJson *list = array(m_doc, root, "requiresCompatibilities");
    if (!list)
        return;
    const Path lp = root.key("requiresCompatibilities");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const OJson &v = (*list)[i];
        const Path e = lp.at(int(i));
        if (!v.is_string()) {
            fail(e, QStringLiteral("must be a string: EC2 or FARGATE"));
            continue;
        }
        const QString value = str(v.get_ref<const std::string &>());
        if (value == u"EC2" || value == u"FARGATE") {
            m_requiresCompatibilities << value;
        } else if (!m_registration) {
            continue; // kept in the document as registered
        } else if (value == u"EXTERNAL" || value == u"MANAGED_INSTANCES") {
            fail(e, QStringLiteral("%1 is not available: Fleetdeck runs tasks on its own container instances (EC2) "
                                   "and on Fargate; use EC2 or FARGATE")
                        .arg(value));
        } else {
            fail(e, QStringLiteral("must be EC2 or FARGATE (got %1)").arg(quoted(value)));
        }
    }
}

// requiresCompatibilities FARGATE: the definition must be one Fargate can run (awsvpc, task-level
// cpu and memory in one of its sizes). Host ports other than the container port are refused for
// every awsvpc definition already (portMappings).
void TaskDefinitionValidator::fargateChecks()
{
    if (!m_requiresCompatibilities.contains(u"FARGATE"))
        return;
    const Path root;
    if (m_networkModeKnown && m_spec.networkMode != u"awsvpc")
        fail(root.key("networkMode"),
             QStringLiteral("must be awsvpc when requiresCompatibilities includes FARGATE (got %1%2): each Fargate "
                            "task has a network interface of its own")
                 .arg(m_spec.networkMode, spelled(m_doc, "networkMode") ? QString() : QStringLiteral(", the default")));
    for (const char *key : {"cpu", "memory"}) {
        if (!spelled(m_doc, key))
            fail(root.key(key), QStringLiteral("is required when requiresCompatibilities includes FARGATE: Fargate "
                                               "sizes a task by its task-level cpu and memory"));
    }
    if (!m_spec.cpu || !m_spec.memory || fargate::isFargateSize(*m_spec.cpu, *m_spec.memory))
        return;
    const QString choices = fargateMemoryChoices(*m_spec.cpu);
    const QString hint =
        choices.isEmpty()
            ? QStringLiteral("Fargate's task cpu is 256, 512, 1024, 2048, 4096, 8192 or 16384 units.")
            : QStringLiteral("With %1 CPU units Fargate offers %2 MiB of memory.").arg(*m_spec.cpu).arg(choices);
    fail(root,
         QStringLiteral("No Fargate configuration exists for given values: %1 CPU, %2 memory. See the Amazon ECS "
                        "documentation for the valid values. %3")
             .arg(*m_spec.cpu)
             .arg(*m_spec.memory)
             .arg(hint),
         true);
}

} // namespace fd::json::taskdef
