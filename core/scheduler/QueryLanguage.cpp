#include "QueryLanguage.h"

// Evaluating a parsed cluster query against one container instance. Parsing is in
// QueryParser.cpp, the argument conversions both share in QueryValues.cpp.

#include "InstanceSnapshot.h"
#include "QueryValues.h"

namespace fd::scheduler {

using namespace query;

namespace {

template<typename T> int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

class SnapshotTarget final : public QueryTarget
{
public:
    explicit SnapshotTarget(const InstanceSnapshot &s) : m_s(s) {}
    bool agentConnected() const override { return m_s.agentConnected; }
    QString agentVersion() const override { return m_s.agentVersion; }
    QString ec2InstanceId() const override { return m_s.ec2InstanceId; }
    QDateTime registeredAt() const override { return m_s.registeredAt; }
    int runningTasksCount() const override { return m_s.runningTasksCount; }
    const QString *attribute(const QString &name) const override
    {
        const auto it = m_s.attributes.constFind(name);
        return it == m_s.attributes.cend() ? nullptr : &it.value();
    }
    QStringList taskGroups() const override
    {
        QStringList groups;
        for (auto it = m_s.groupTaskCounts.cbegin(); it != m_s.groupTaskCounts.cend(); ++it)
            if (it.value() > 0)
                groups << it.key();
        return groups;
    }

private:
    const InstanceSnapshot &m_s;
};

} // namespace

bool Expression::evaluate(const QueryTarget &target) const
{
    return m_root < 0 || eval(m_root, target);
}

bool Expression::evaluate(const InstanceSnapshot &instance) const
{
    return evaluate(SnapshotTarget(instance));
}

bool Expression::eval(int i, const QueryTarget &t) const
{
    const Node &n = m_nodes[std::size_t(i)];
    switch (n.kind) {
    case Node::Kind::And:
        return eval(n.left, t) && eval(n.right, t);
    case Node::Kind::Or:
        return eval(n.left, t) || eval(n.right, t);
    case Node::Kind::Not:
        return !eval(n.left, t);
    case Node::Kind::Compare:
        break;
    }
    // Negated operators are exactly the negation of their positive form: an instance without the
    // attribute satisfies `attribute:x != y` and `attribute:x !exists`.
    return isPositive(n.op) == compare(n, t);
}

bool Expression::compare(const Node &n, const QueryTarget &t) const
{
    const QueryOperator op = positiveOf(n.op);

    // The subject's value(s): task:group is the set of groups running on the instance and a
    // comparison holds when it holds for one of them.
    QStringList texts;
    switch (n.subject) {
    case QuerySubject::AgentConnected:
        texts << (t.agentConnected() ? QStringLiteral("true") : QStringLiteral("false"));
        break;
    case QuerySubject::AgentVersion:
        if (const QString v = t.agentVersion(); !v.isEmpty())
            texts << v;
        break;
    case QuerySubject::Attribute:
        if (const QString *v = t.attribute(n.attribute))
            texts << *v;
        break;
    case QuerySubject::Ec2InstanceId:
        if (const QString v = t.ec2InstanceId(); !v.isEmpty())
            texts << v;
        break;
    case QuerySubject::RegisteredAt:
        if (const QDateTime d = t.registeredAt(); d.isValid())
            texts << d.toUTC().toString(Qt::ISODate);
        break;
    case QuerySubject::RunningTasksCount:
        texts << QString::number(t.runningTasksCount());
        break;
    case QuerySubject::TaskGroup:
        texts = t.taskGroups();
        break;
    }
    if (op == QueryOperator::Exists)
        return !texts.isEmpty();
    if (texts.isEmpty())
        return false;

    // -1/0/1, or nullopt when the two cannot be ordered.
    auto order = [&](const QString &actual, const Value &v) -> std::optional<int> {
        switch (n.subject) {
        case QuerySubject::AgentConnected:
            return threeWay(t.agentConnected() ? 1.0 : 0.0, v.number);
        case QuerySubject::AgentVersion: {
            const std::vector<int> a = parseVersion(actual);
            if (a.empty())
                return std::nullopt;
            return compareVersions(a, v.version);
        }
        case QuerySubject::RegisteredAt:
            return threeWay(t.registeredAt().toMSecsSinceEpoch(), v.date.toMSecsSinceEpoch());
        case QuerySubject::RunningTasksCount:
            return threeWay(double(t.runningTasksCount()), v.number);
        default:
            // Attribute values are strings; numbers compare as numbers so that `attribute:x > 9` works.
            if (v.numeric) {
                if (const auto a = toNumber(actual))
                    return threeWay(*a, v.number);
            }
            return threeWay(QStringView(actual).compare(v.text), 0);
        }
    };

    for (const QString &actual : std::as_const(texts)) {
        for (const Value &v : n.values) {
            if (op == QueryOperator::Matches) {
                if (v.regex.match(actual).hasMatch())
                    return true;
                continue;
            }
            const std::optional<int> c = order(actual, v);
            if (!c)
                continue;
            switch (op) {
            case QueryOperator::Equals:
            case QueryOperator::In:
                if (*c == 0)
                    return true;
                break;
            case QueryOperator::GreaterThan:
                if (*c > 0)
                    return true;
                break;
            case QueryOperator::GreaterThanEqual:
                if (*c >= 0)
                    return true;
                break;
            case QueryOperator::LessThan:
                if (*c < 0)
                    return true;
                break;
            case QueryOperator::LessThanEqual:
                if (*c <= 0)
                    return true;
                break;
            default:
                break;
            }
        }
    }
    return false;
}

bool Expression::dependsOnPlacement() const
{
    for (const Node &n : m_nodes)
        if (n.kind == Node::Kind::Compare &&
            (n.subject == QuerySubject::RunningTasksCount || n.subject == QuerySubject::TaskGroup))
            return true;
    return false;
}

bool Expression::readsOnlyAttributes() const
{
    for (const Node &n : m_nodes)
        if (n.kind == Node::Kind::Compare && n.subject != QuerySubject::Attribute)
            return false;
    return true;
}

QStringList Expression::attributeNames() const
{
    QStringList names;
    for (const Node &n : m_nodes)
        if (n.kind == Node::Kind::Compare && n.subject == QuerySubject::Attribute && !names.contains(n.attribute))
            names << n.attribute;
    return names;
}

QStringList Expression::missingAttributes(const QueryTarget &target) const
{
    QStringList missing;
    for (const QString &name : attributeNames())
        if (!target.attribute(name))
            missing << name;
    return missing;
}

} // namespace fd::scheduler
