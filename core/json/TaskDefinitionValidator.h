#pragma once

// Private to the task definition codec (json/TaskDefinitionJson.h is its public face): the
// validator of a RegisterTaskDefinition request. It walks the whole request, collects every
// problem and reports the first in document order (FieldReader). Collecting, rather than stopping
// at the first check that fails, keeps the report independent of the order the checks run in,
// which cross-field rules need.
//
// The task-level rules (family, networkMode, cpu and memory and what the containers may add up
// to, placement constraints) are in TaskDefinitionValidator.cpp; the rules for one container and
// between containers (ports, health check, links, dependsOn, logging, dependency cycles) in
// ContainerDefinitionChecks.cpp.

#include "FieldReader.h"
#include "model/TaskDefinition.h"

#include <QHash>
#include <QLatin1StringView>
#include <QList>
#include <QStringList>

#include <algorithm>
#include <iterator>
#include <string>

namespace fd::json::taskdef {

template<std::size_t N> inline bool oneOf(const QString &value, const char *const (&allowed)[N])
{
    return std::any_of(std::begin(allowed), std::end(allowed),
                       [&](const char *a) { return value == QLatin1StringView(a); });
}

template<std::size_t N> inline QString joined(const char *const (&allowed)[N])
{
    QStringList parts;
    for (const char *a : allowed)
        parts << QString::fromLatin1(a);
    return parts.join(QStringLiteral(", "));
}

struct TaskSizeRule;

class TaskDefinitionValidator : private FieldReader
{
public:
    // `doc` is the request with read-only members removed; run() converts its cpu and memory to
    // ECS's integer strings and stores it in the spec's `document`.
    // `registration`: a new registration, checked by today's rules; false for a document registered
    // earlier (read from the store), where rules added since (the FARGATE ones) must not refuse it.
    explicit TaskDefinitionValidator(OJson &doc, bool registration = true) : m_doc(doc), m_registration(registration) {}

    Result<TaskDefinitionSpec> run();

private:
    bool checkName(const QString &name, const Path &p);

    // TaskDefinitionValidator.cpp
    std::optional<int> taskSize(const TaskSizeRule &rule);
    void taskWideChecks(const OJson &defs, const Path &p);
    void placementConstraints();
    void requiresCompatibilities();
    void fargateChecks();

    // ContainerDefinitionChecks.cpp
    void containers(const OJson &defs, const Path &p);
    ContainerDefinition container(const OJson &c, const Path &p, int index);
    void portMappings(const OJson &c, const Path &p, ContainerDefinition &d);
    std::optional<HealthCheck> healthCheck(const OJson &c, const Path &p);
    void links(const Path &p, const ContainerDefinition &d, int index);
    void dependsOn(const OJson &c, const Path &p, ContainerDefinition &d, int index);
    void logConfiguration(const OJson &c, const Path &p, ContainerDefinition &d);
    void dependencyCycles(const Path &p);

    // TaskDefinitionMemberTypes.cpp: the types of the members kept as given and read back
    void memberTypes(const OJson &obj, const Path &p, const std::string &pattern);
    void memberType(const OJson &v, const Path &p, const std::string &pattern);

    OJson &m_doc;
    bool m_registration = true;
    std::vector<Problem> m_problems;
    TaskDefinitionSpec m_spec;
    QStringList m_requiresCompatibilities; // as given (EC2, FARGATE)
    bool m_networkModeKnown = true; // false when networkMode is invalid: mode-dependent checks are skipped

    // What every container says about itself, read before the containers are checked one by one,
    // so links and dependsOn can refer to containers further down.
    QStringList m_names;
    QList<bool> m_essential;
    QList<bool> m_hasHealthCheck;

    QHash<QString, QString> m_hostPorts; // "8080/tcp" -> path of the mapping that took it
};

} // namespace fd::json::taskdef
