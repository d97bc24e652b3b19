#include "TaskDefinitionValidator.h"

#include <QRegularExpression>

#include <climits>
#include <functional>

namespace fd::json::taskdef {

namespace {

const char *const kLogDrivers[] = {"json-file", "syslog",  "journald", "gelf",
                                   "fluentd",   "awslogs", "splunk",   "awsfirelens"};
const char *const kConditions[] = {"START", "COMPLETE", "SUCCESS", "HEALTHY"};

// Host ports the ECS agent never hands out: SSH, the Docker daemon (plain and TLS) and the
// agent's own introspection/credentials endpoints.
bool isReservedHostPort(int port)
{
    return port == 22 || port == 2375 || port == 2376 || (port >= 51678 && port <= 51680);
}

} // namespace

void TaskDefinitionValidator::containers(const OJson &defs, const Path &p)
{
    for (const OJson &c : defs) {
        const OJson *name = member(c, "name");
        const OJson *essential = member(c, "essential");
        m_names << ((name && name->is_string()) ? str(name->get_ref<const std::string &>()) : QString());
        m_essential << ((essential && essential->is_boolean()) ? essential->get<bool>() : true);
        m_hasHealthCheck << (member(c, "healthCheck") != nullptr);
    }

    for (std::size_t i = 0; i < defs.size(); ++i) {
        const Path cp = p.at(int(i));
        if (!isObjectElement(defs[i], cp)) {
            m_spec.containerDefinitions << ContainerDefinition{};
            continue;
        }
        m_spec.containerDefinitions << container(defs[i], cp, int(i));
    }

    dependencyCycles(p);
    taskWideChecks(defs, p);
}

ContainerDefinition TaskDefinitionValidator::container(const OJson &c, const Path &p, int index)
{
    ContainerDefinition d;

    if (const std::optional<QString> name = string(c, p, "name", true)) {
        if (checkName(*name, p.key("name"))) {
            d.name = *name;
            const int firstUse = int(m_names.indexOf(*name));
            if (firstUse >= 0 && firstUse < index)
                fail(p.key("name"), QStringLiteral("duplicate container name %1 (also containerDefinitions[%2])")
                                        .arg(quoted(*name))
                                        .arg(firstUse));
        }
    }

    if (const std::optional<QString> image = string(c, p, "image", true)) {
        static const QRegularExpression whitespace(QStringLiteral("\\s"));
        if (image->isEmpty())
            fail(p.key("image"), QStringLiteral("must not be empty"));
        else if (image->contains(whitespace))
            fail(p.key("image"), QStringLiteral("must not contain whitespace (got %1)").arg(quoted(*image)));
        else
            d.image = *image;
    }

    d.cpu = integer(c, p, "cpu", Range{0, INT_MAX, " CPU units"});
    // 6 MiB is the smallest limit Docker 20.10 and later accept.
    d.memory = integer(c, p, "memory", Range{6, INT_MAX, " MiB"});
    d.memoryReservation = integer(c, p, "memoryReservation", Range{6, INT_MAX, " MiB"});
    if (d.memory && d.memoryReservation && *d.memory <= *d.memoryReservation) {
        fail(p.key("memory"), QStringLiteral("must be greater than memoryReservation (%1 %2 %3)")
                                  .arg(*d.memory)
                                  .arg(*d.memory == *d.memoryReservation ? QStringLiteral("=") : QStringLiteral("<"))
                                  .arg(*d.memoryReservation));
    }

    if (const std::optional<bool> essential = boolean(c, p, "essential"))
        d.essential = *essential;

    d.entryPoint = stringList(c, p, "entryPoint");
    d.command = stringList(c, p, "command");

    if (const OJson *env = array(c, p, "environment")) {
        const Path ep = p.key("environment");
        for (std::size_t i = 0; i < env->size(); ++i) {
            const Path e = ep.at(int(i));
            if (!isObjectElement((*env)[i], e))
                continue;
            KeyValuePair kv;
            if (const std::optional<QString> name = string((*env)[i], e, "name", true)) {
                if (name->isEmpty())
                    fail(e.key("name"), QStringLiteral("must not be empty"));
                kv.name = *name;
            }
            kv.value = string((*env)[i], e, "value").value_or(QString());
            d.environment << kv;
        }
    }

    portMappings(c, p, d);
    d.healthCheck = healthCheck(c, p);

    d.links = stringList(c, p, "links");
    links(p, d, index);
    dependsOn(c, p, d, index);

    // ECS gives a container 30 s by default (the agent's ECS_CONTAINER_STOP_TIMEOUT) and caps it at 120 s.
    d.stopTimeout = integer(c, p, "stopTimeout", Range{0, 120, " seconds"});

    logConfiguration(c, p, d);
    return d;
}

void TaskDefinitionValidator::portMappings(const OJson &c, const Path &p, ContainerDefinition &d)
{
    const OJson *mappings = array(c, p, "portMappings");
    if (!mappings)
        return;
    const Path mp = p.key("portMappings");
    if (m_networkModeKnown && m_spec.networkMode == u"none" && !mappings->empty())
        fail(mp, QStringLiteral("port mappings are not allowed with networkMode none"));
    const bool fixedHostPort = m_spec.networkMode == u"host" || m_spec.networkMode == u"awsvpc";

    for (std::size_t i = 0; i < mappings->size(); ++i) {
        const Path e = mp.at(int(i));
        const OJson &m = (*mappings)[i];
        if (!isObjectElement(m, e))
            continue;

        PortMapping pm;
        const std::optional<int> containerPort = integer(m, e, "containerPort", Range{1, 65535});
        if (!containerPort && !spelled(m, "containerPort"))
            fail(e.key("containerPort"), QStringLiteral("is required"));
        const std::optional<int> hostPort = integer(m, e, "hostPort", Range{0, 65535});
        if (const std::optional<QString> protocol = string(m, e, "protocol")) {
            if (*protocol != u"tcp" && *protocol != u"udp")
                fail(e.key("protocol"), QStringLiteral("must be tcp or udp (got %1)").arg(quoted(*protocol)));
            pm.protocol = *protocol;
        }
        if (!containerPort || (spelled(m, "hostPort") && !hostPort))
            continue;
        pm.containerPort = *containerPort;
        pm.hostPort = hostPort.value_or(0);

        if (fixedHostPort && m_networkModeKnown) {
            // host and awsvpc have no port translation: the container's port is the host's.
            if (pm.hostPort != 0 && pm.hostPort != pm.containerPort)
                fail(e.key("hostPort"), QStringLiteral("must be empty or equal containerPort (%1) with networkMode %2")
                                            .arg(pm.containerPort)
                                            .arg(m_spec.networkMode));
            pm.hostPort = pm.containerPort;
        }

        if (pm.hostPort != 0) {
            if (isReservedHostPort(pm.hostPort)) {
                fail(e.key("hostPort"), QStringLiteral("host port %1 is reserved (22, 2375, 2376 and 51678-51680 are "
                                                       "kept for SSH, the Docker daemon and the ECS agent)")
                                            .arg(pm.hostPort));
            }
            const QString key = QString::number(pm.hostPort) + u'/' + pm.protocol;
            const auto taken = m_hostPorts.constFind(key);
            if (taken != m_hostPorts.constEnd())
                fail(e.key("hostPort"), QStringLiteral("host port %1 is already used by %2").arg(key, *taken));
            else
                m_hostPorts.insert(key, e.toString());
        }
        d.portMappings << pm;
    }
}

std::optional<HealthCheck> TaskDefinitionValidator::healthCheck(const OJson &c, const Path &p)
{
    const OJson *hc = object(c, p, "healthCheck");
    if (!hc)
        return std::nullopt;
    const Path hp = p.key("healthCheck");
    HealthCheck h;
    if (array(*hc, hp, "command", true)) {
        h.command = stringList(*hc, hp, "command");
        if ((*hc)["command"].empty()) {
            fail(hp.key("command"), QStringLiteral("must not be empty"));
        } else if (!h.command.isEmpty() && (*hc)["command"][0].is_string()) {
            const QString kind = h.command.first();
            if (kind != u"CMD" && kind != u"CMD-SHELL")
                fail(hp.key("command").at(0), QStringLiteral("must be CMD or CMD-SHELL (got %1)").arg(quoted(kind)));
            else if (h.command.size() < 2)
                fail(hp.key("command"), QStringLiteral("must name the command to run after %1").arg(kind));
        }
    }
    h.interval = integer(*hc, hp, "interval", Range{5, 300, " seconds"}).value_or(h.interval);
    h.timeout = integer(*hc, hp, "timeout", Range{2, 60, " seconds"}).value_or(h.timeout);
    h.retries = integer(*hc, hp, "retries", Range{1, 10}).value_or(h.retries);
    h.startPeriod = integer(*hc, hp, "startPeriod", Range{0, 300, " seconds"}).value_or(h.startPeriod);
    return h;
}

void TaskDefinitionValidator::links(const Path &p, const ContainerDefinition &d, int index)
{
    if (d.links.isEmpty())
        return;
    const Path lp = p.key("links");
    if (m_networkModeKnown && m_spec.networkMode != u"bridge") {
        fail(lp,
             QStringLiteral("are only supported with networkMode bridge (the task uses %1)").arg(m_spec.networkMode));
        return;
    }
    static const QRegularExpression aliasRe(QStringLiteral("^[A-Za-z0-9_-]+$"));
    for (int i = 0; i < d.links.size(); ++i) {
        const QStringList parts = d.links[i].split(u':');
        const Path e = lp.at(i);
        if (parts.size() > 2 || parts.first().isEmpty()) {
            fail(e, QStringLiteral("must be \"name\" or \"name:alias\" (got %1)").arg(quoted(d.links[i])));
            continue;
        }
        const QString &target = parts.first();
        const int targetIndex = int(m_names.indexOf(target));
        if (targetIndex == index)
            fail(e, QStringLiteral("a container cannot link to itself"));
        else if (targetIndex < 0)
            fail(e, QStringLiteral("%1 is not a container in this task").arg(quoted(target)));
        else if (parts.size() == 2 && !aliasRe.match(parts[1]).hasMatch())
            fail(e, QStringLiteral("the alias may contain only letters, digits, '_' and '-' (got %1)")
                        .arg(quoted(parts[1])));
    }
}

void TaskDefinitionValidator::dependsOn(const OJson &c, const Path &p, ContainerDefinition &d, int index)
{
    const OJson *deps = array(c, p, "dependsOn");
    if (!deps)
        return;
    const Path dp = p.key("dependsOn");
    for (std::size_t i = 0; i < deps->size(); ++i) {
        const Path e = dp.at(int(i));
        if (!isObjectElement((*deps)[i], e))
            continue;
        ContainerDependency dep;
        int target = -1;
        if (const std::optional<QString> name = string((*deps)[i], e, "containerName", true)) {
            dep.containerName = *name;
            target = int(m_names.indexOf(*name));
            if (target == index) {
                fail(e.key("containerName"), QStringLiteral("a container cannot depend on itself"));
                target = -1;
            } else if (target < 0) {
                fail(e.key("containerName"), QStringLiteral("%1 is not a container in this task").arg(quoted(*name)));
            }
        }
        if (const std::optional<QString> condition = string((*deps)[i], e, "condition", true)) {
            dep.condition = *condition;
            if (!oneOf(*condition, kConditions)) {
                fail(e.key("condition"),
                     QStringLiteral("must be one of %1 (got %2)").arg(joined(kConditions), quoted(*condition)));
            } else if (target >= 0 && (*condition == u"COMPLETE" || *condition == u"SUCCESS") && m_essential[target]) {
                // An essential container that exits stops the task, so nothing could wait for it to finish.
                fail(e.key("condition"),
                     QStringLiteral("%1 is not allowed because %2 is essential (use START or HEALTHY, or make it "
                                    "\"essential\": false)")
                         .arg(*condition, quoted(dep.containerName)));
            } else if (target >= 0 && *condition == u"HEALTHY" && !m_hasHealthCheck[target]) {
                fail(e.key("condition"),
                     QStringLiteral("HEALTHY needs %1 to have a healthCheck").arg(quoted(dep.containerName)));
            }
        }
        d.dependsOn << dep;
    }
}

void TaskDefinitionValidator::logConfiguration(const OJson &c, const Path &p, ContainerDefinition &d)
{
    const OJson *log = object(c, p, "logConfiguration");
    if (!log)
        return;
    const Path lp = p.key("logConfiguration");
    if (const std::optional<QString> driver = string(*log, lp, "logDriver", true)) {
        if (oneOf(*driver, kLogDrivers))
            d.logDriver = *driver;
        else
            fail(lp.key("logDriver"),
                 QStringLiteral("must be one of %1 (got %2)").arg(joined(kLogDrivers), quoted(*driver)));
    }
    if (const OJson *options = object(*log, lp, "options")) {
        for (auto it = options->begin(); it != options->end(); ++it) {
            if (!it.value().is_string())
                fail(lp.key("options").key(it.key().c_str()), QStringLiteral("must be a string"));
        }
    }
}

// Containers start in dependency order, so a cycle would leave every container in it waiting.
void TaskDefinitionValidator::dependencyCycles(const Path &p)
{
    const QList<ContainerDefinition> &defs = m_spec.containerDefinitions;
    enum class Mark { None, OnStack, Done };
    QList<Mark> marks(defs.size(), Mark::None);
    QList<int> stack;

    std::function<bool(int)> visit = [&](int u) -> bool {
        marks[u] = Mark::OnStack;
        stack << u;
        for (int k = 0; k < defs[u].dependsOn.size(); ++k) {
            const int v = int(m_names.indexOf(defs[u].dependsOn[k].containerName));
            if (v < 0 || v == u)
                continue;
            if (marks[v] == Mark::OnStack) {
                QStringList cycle;
                for (int s = int(stack.indexOf(v)); s < stack.size(); ++s)
                    cycle << m_names[stack[s]];
                cycle << m_names[v];
                fail(p.at(u).key("dependsOn").at(k).key("containerName"),
                     QStringLiteral("dependency cycle: %1").arg(cycle.join(QStringLiteral(" -> "))));
                return true;
            }
            if (marks[v] == Mark::None && visit(v))
                return true;
        }
        stack.removeLast();
        marks[u] = Mark::Done;
        return false;
    };
    for (int i = 0; i < defs.size(); ++i) {
        if (marks[i] == Mark::None && visit(i))
            return;
    }
}

} // namespace fd::json::taskdef
