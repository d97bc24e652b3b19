// libFuzzer target: the ECS cluster query language (core/scheduler/QueryLanguage), parsed and then
// evaluated against a small fixed set of container instance snapshots.
//
// Beyond "no crash, no leak, no sanitizer report", every input checks:
//  - a syntax error is QuerySyntax on the field `expression`, and its position (1-based, at most
//    one past the end) is the one its message starts with;
//  - an accepted expression evaluates the same through the InstanceSnapshot and the QueryTarget
//    entry points, and `not (<expression>)`, when it parses, is its exact negation;
//  - dependsOnPlacement() and readsOnlyAttributes() tell the truth: an expression that does not
//    depend on placement gives the same answer when only the running tasks change, and one that
//    reads only attributes gives the same answer when everything but the attributes changes;
//  - missingAttributes() names only attributes that the expression reads and the instance lacks.

#include "FuzzCheck.h"

#include "scheduler/InstanceSnapshot.h"
#include "scheduler/QueryLanguage.h"

#include <QDateTime>
#include <QTimeZone>

#include <climits>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace {

using fd::fuzz::check;
using fd::scheduler::Expression;
using fd::scheduler::InstanceSnapshot;

QDateTime utc(int y, int mo, int d, int h, int mi, int s)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), QTimeZone::utc());
}

// The instance of TestQueryLanguage, one with nothing set, and one with awkward values.
std::vector<InstanceSnapshot> makeSnapshots()
{
    std::vector<InstanceSnapshot> out;

    InstanceSnapshot a;
    a.ec2InstanceId = QStringLiteral("i-abcd1234");
    a.agentVersion = QStringLiteral("1.14.2");
    a.registeredAt = utc(2018, 6, 18, 22, 28, 28);
    a.attributes.insert(QStringLiteral("ecs.instance-type"), QStringLiteral("g2.2xlarge"));
    a.attributes.insert(QStringLiteral("ecs.availability-zone"), QStringLiteral("us-east-1a"));
    a.attributes.insert(QStringLiteral("ecs.os-type"), QStringLiteral("linux"));
    a.attributes.insert(QStringLiteral("stack"), QStringLiteral("prod"));
    a.attributes.insert(QStringLiteral("gpus"), QStringLiteral("4"));
    a.runningTasksCount = 1;
    a.groupTaskCounts.insert(QStringLiteral("database"), 1);
    a.groupTaskCounts.insert(QStringLiteral("service:web"), 2);
    out.push_back(a);

    InstanceSnapshot bare;
    bare.agentConnected = false;
    out.push_back(bare);

    InstanceSnapshot odd;
    odd.ec2InstanceId = QStringLiteral("i-0");
    odd.agentVersion = QStringLiteral("v2.0.1");
    odd.registeredAt = utc(1970, 1, 1, 0, 0, 0);
    odd.attributes.insert(QStringLiteral("empty"), QString());
    odd.attributes.insert(QStringLiteral("big"), QStringLiteral("1e308"));
    odd.attributes.insert(QStringLiteral("zero"), QStringLiteral("-0"));
    odd.attributes.insert(QStringLiteral("octal"), QStringLiteral("007"));
    odd.attributes.insert(QStringLiteral("gpus"), QStringLiteral("nan"));
    odd.attributes.insert(QStringLiteral("stack"), QStringLiteral("pr\u00f6d \u2603"));
    odd.attributes.insert(QStringLiteral("ecs.instance-type"), QStringLiteral("p3.16xlarge"));
    odd.runningTasksCount = INT_MAX;
    odd.groupTaskCounts.insert(QStringLiteral("database"), 0); // counted but none running
    odd.groupTaskCounts.insert(QStringLiteral("family:x"), 3);
    out.push_back(odd);
    return out;
}

const std::vector<InstanceSnapshot> &snapshots()
{
    static const std::vector<InstanceSnapshot> s = makeSnapshots();
    return s;
}

// The same instance with other tasks on it.
InstanceSnapshot otherPlacement(InstanceSnapshot s)
{
    s.runningTasksCount = s.runningTasksCount == 5 ? 6 : 5;
    s.groupTaskCounts.clear();
    s.groupTaskCounts.insert(QStringLiteral("service:other"), 1);
    return s;
}

// The same attributes on an instance that differs in everything else.
InstanceSnapshot otherInstance(InstanceSnapshot s)
{
    s = otherPlacement(std::move(s));
    s.agentConnected = !s.agentConnected;
    s.agentVersion = QStringLiteral("9.9.9");
    s.ec2InstanceId = QStringLiteral("i-ffff");
    s.registeredAt = utc(2030, 1, 1, 0, 0, 0);
    return s;
}

class Target final : public fd::scheduler::QueryTarget
{
public:
    explicit Target(const InstanceSnapshot &s) : m_s(s) {}
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

void checkError(const QString &text, const fd::Error &e, int position)
{
    check(e.code == u"QuerySyntax" && e.field == u"expression", "a syntax error is QuerySyntax on 'expression'",
          [&] { return e.code + u' ' + e.field; });
    check(position >= 1 && position <= text.size() + 1, "the error position lies in the text or just past it",
          [&] { return QStringLiteral("position %1 in %2 characters: %3").arg(position).arg(text.size()).arg(e.message); });
    check(e.message.startsWith(QStringLiteral("position %1").arg(position)),
          "the message starts with the error position", [&] { return QString::number(position) + u' ' + e.message; });
}

void checkExpression(const QString &text, const Expression &e)
{
    check(!e.isEmpty() && e.text() == text, "a parsed expression keeps its text and is not empty", [&] { return e.text(); });
    const QStringList names = e.attributeNames();

    const fd::Result<Expression> negated = fd::scheduler::parseQuery(QStringLiteral("not (") + text + u')');
    for (const InstanceSnapshot &s : snapshots()) {
        const bool v = e.evaluate(s);
        check(e.evaluate(Target(s)) == v, "evaluate(snapshot) == evaluate(target)", [&] { return text; });
        if (negated.ok())
            check(negated->evaluate(s) == !v, "not (<expression>) is the negation", [&] { return text; });
        if (!e.dependsOnPlacement())
            check(e.evaluate(otherPlacement(s)) == v, "an expression that does not depend on placement ignores tasks",
                  [&] { return text; });
        if (e.readsOnlyAttributes())
            check(e.evaluate(otherInstance(s)) == v, "an expression that reads only attributes ignores the rest",
                  [&] { return text; });
        for (const QString &missing : e.missingAttributes(Target(s)))
            check(names.contains(missing) && !s.attributes.contains(missing),
                  "missingAttributes() are read by the expression and absent", [&] { return missing; });
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    int position = -1;
    const fd::Result<Expression> parsed = fd::scheduler::parseQuery(text, &position);
    if (!parsed.ok()) {
        checkError(text, parsed.error(), position);
        return 0;
    }
    check(position == 0, "a parsed expression reports position 0", [&] { return QString::number(position); });
    checkExpression(text, *parsed);
    return 0;
}
