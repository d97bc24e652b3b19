#pragma once

#include "Result.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <vector>

namespace fd::scheduler {

struct InstanceSnapshot;

// What a cluster query reads from one container instance. Placement implements it over its own
// working state, so that runningTasksCount and task:group see the tasks placed earlier in the
// same decision.
class QueryTarget
{
public:
    virtual ~QueryTarget() = default;
    virtual bool agentConnected() const = 0;
    virtual QString agentVersion() const = 0;
    virtual QString ec2InstanceId() const = 0;
    virtual QDateTime registeredAt() const = 0;
    virtual int runningTasksCount() const = 0;
    virtual const QString *attribute(const QString &name) const = 0; // nullptr when absent
    virtual QStringList taskGroups() const = 0;                      // groups with a task here
};

enum class QuerySubject {
    AgentConnected,
    AgentVersion,
    Attribute,
    Ec2InstanceId,
    RegisteredAt,
    RunningTasksCount,
    TaskGroup
};

enum class QueryOperator {
    Equals,
    NotEquals,
    GreaterThan,
    GreaterThanEqual,
    LessThan,
    LessThanEqual,
    Exists,
    NotExists,
    In,
    NotIn,
    Matches,
    NotMatches,
};

// A parsed ECS cluster query (`subject operator [argument]`, joined with and/or/not): parse once
// with parseQuery(), evaluate many times. Arguments are converted at parse time (numbers, versions,
// dates, anchored regular expressions), so evaluation never fails. A default Expression matches
// every instance.
class Expression
{
public:
    bool evaluate(const QueryTarget &target) const;
    bool evaluate(const InstanceSnapshot &instance) const;

    const QString &text() const { return m_text; }
    bool isEmpty() const { return m_root < 0; }
    // True when the result can change as tasks are placed (runningTasksCount, task:group).
    bool dependsOnPlacement() const;
    // True when only attribute:<name> subjects occur: the result is a function of those values.
    bool readsOnlyAttributes() const;
    QStringList attributeNames() const;
    // The names of the attributes the instance lacks among those the expression reads.
    QStringList missingAttributes(const QueryTarget &target) const;

private:
    friend class QueryParser;

    struct Value
    {
        QString text;
        double number = 0;
        bool numeric = false;
        std::vector<int> version;
        QDateTime date;
        QRegularExpression regex;
    };

    struct Node
    {
        enum class Kind { Compare, And, Or, Not } kind = Kind::Compare;
        int left = -1;
        int right = -1;
        QuerySubject subject = QuerySubject::Attribute;
        QString attribute;
        QueryOperator op = QueryOperator::Exists;
        std::vector<Value> values;
    };

    bool eval(int node, const QueryTarget &t) const;
    bool compare(const Node &n, const QueryTarget &t) const;

    std::vector<Node> m_nodes;
    int m_root = -1;
    QString m_text;
};

// Parses an ECS cluster query. A syntax error is fd::Error{"QuerySyntax", message, "expression"}
// whose message is self-contained and names the 1-based character position, e.g.
// "position 29: expected an operator (==, !=, >, >=, <, <=, in, !in, =~, !~, exists, !exists) after
// 'attribute:ecs.instance-type'". The same position goes to *errorPosition when given (0 on success).
// An expression has at most 2000 characters, as in ECS.
Result<Expression> parseQuery(const QString &text, int *errorPosition = nullptr);

// "1.14.5" -> {1, 14, 5}; empty when it is not a dotted version (an optional leading 'v' is allowed).
std::vector<int> parseVersion(QStringView text);
int compareVersions(const std::vector<int> &a, const std::vector<int> &b);

} // namespace fd::scheduler
