#include "QueryLanguage.h"

#include "InstanceSnapshot.h"

#include <QTimeZone>

#include <cmath>
#include <optional>

namespace fd::scheduler {

namespace {

const QString kCode = QStringLiteral("QuerySyntax");
const QString kField = QStringLiteral("expression");
const char kExpectedSubject[] =
    "a subject (agentConnected, agentVersion, attribute:<name>, ec2InstanceId, registeredAt, runningTasksCount, "
    "task:group)";
const char kExpectedOperator[] = "an operator (==, !=, >, >=, <, <=, in, !in, =~, !~, exists, !exists)";
// ECS's limit for a constraint expression. It also bounds the recursion of parsing and evaluation:
// 20,000 nested parentheses in one ListContainerInstances filter overflowed the stack.
constexpr int kMaxLength = 2000;

// Characters of subjects and word operators. Attribute names use [A-Za-z0-9-_/.].
bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'-' || c == u'.' || c == u':' || c == u'/';
}

bool isAttributeNameChar(QChar c)
{
    return (c.unicode() < 128 && c.isLetterOrNumber()) || c == u'-' || c == u'_' || c == u'/' || c == u'.';
}

std::optional<double> toNumber(const QString &s)
{
    bool ok = false;
    const double d = s.toDouble(&ok);
    if (!ok || !std::isfinite(d))
        return std::nullopt;
    return d;
}

// Dates as the ECS documentation writes them: 2018-06-18T22:28:28Z or 2018-06-18 (midnight UTC).
QDateTime toDate(const QString &s)
{
    if (s.size() == 10) {
        const QDate d = QDate::fromString(s, Qt::ISODate);
        return d.isValid() ? QDateTime(d, QTime(0, 0), QTimeZone::utc()) : QDateTime();
    }
    QDateTime dt = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (dt.isValid() && dt.timeSpec() == Qt::LocalTime)
        dt.setTimeZone(QTimeZone::utc()); // no offset given: ECS times are UTC
    return dt;
}

template<typename T> int threeWay(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

bool isPositive(QueryOperator op)
{
    return op != QueryOperator::NotEquals && op != QueryOperator::NotExists && op != QueryOperator::NotIn &&
           op != QueryOperator::NotMatches;
}

QueryOperator positiveOf(QueryOperator op)
{
    switch (op) {
    case QueryOperator::NotEquals:
        return QueryOperator::Equals;
    case QueryOperator::NotExists:
        return QueryOperator::Exists;
    case QueryOperator::NotIn:
        return QueryOperator::In;
    case QueryOperator::NotMatches:
        return QueryOperator::Matches;
    default:
        return op;
    }
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

std::vector<int> parseVersion(QStringView text)
{
    if (text.startsWith(u'v') || text.startsWith(u'V'))
        text = text.mid(1);
    std::vector<int> parts;
    if (text.isEmpty())
        return parts;
    for (QStringView part : text.split(u'.')) {
        bool ok = false;
        const int v = part.toInt(&ok);
        if (!ok || v < 0 || part.startsWith(u'+'))
            return {};
        parts.push_back(v);
    }
    return parts;
}

int compareVersions(const std::vector<int> &a, const std::vector<int> &b)
{
    const std::size_t n = std::max(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const int x = i < a.size() ? a[i] : 0; // 1.14 == 1.14.0
        const int y = i < b.size() ? b[i] : 0;
        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}

// ---------------------------------------------------------------------------------------------
// Parsing: recursive descent over the characters. Grammar, loosest binding first:
//   or := and (('||' | 'or') and)*      and := unary (('&&' | 'and') unary)*
//   unary := ('!' | 'not') unary | '(' or ')' | subject operator [argument]

class QueryParser
{
public:
    explicit QueryParser(const QString &text) : m_s(text) { m_e.m_text = text; }

    Result<Expression> run(int *errorPosition)
    {
        skipSpace();
        if (m_s.size() > kMaxLength) {
            fail(kMaxLength, QStringLiteral("an expression has at most %1 characters (this one has %2)")
                                 .arg(kMaxLength)
                                 .arg(m_s.size()));
        } else if (atEnd()) {
            fail(m_pos, QStringLiteral("expected %1; the expression is empty").arg(QLatin1String(kExpectedSubject)));
        } else {
            m_e.m_root = parseOr();
            if (!m_error && !atEnd())
                fail(m_pos,
                     QStringLiteral("expected 'and', 'or' or the end of the expression, found '%1'").arg(peekToken()));
        }
        if (errorPosition)
            *errorPosition = m_error ? m_errorPos + 1 : 0;
        if (m_error)
            return *m_error;
        return std::move(m_e);
    }

private:
    bool atEnd() const { return m_pos >= m_s.size(); }
    QChar peek(int ahead = 0) const { return m_pos + ahead < m_s.size() ? m_s.at(m_pos + ahead) : QChar(); }

    void skipSpace()
    {
        while (!atEnd() && m_s.at(m_pos).isSpace())
            ++m_pos;
    }

    // A word (and, not_in, ...) at the cursor, case-insensitive and not followed by a word character.
    bool takeWord(QLatin1StringView word)
    {
        const int n = int(word.size());
        if (QStringView(m_s).mid(m_pos, n).compare(word, Qt::CaseInsensitive) != 0)
            return false;
        if (m_pos + n < m_s.size() && isWordChar(m_s.at(m_pos + n)))
            return false;
        m_pos += n;
        return true;
    }

    bool takeSymbol(QLatin1StringView sym)
    {
        if (!QStringView(m_s).mid(m_pos).startsWith(sym))
            return false;
        m_pos += int(sym.size());
        return true;
    }

    QString peekToken() const
    {
        int end = m_pos;
        while (end < m_s.size() && !m_s.at(end).isSpace())
            ++end;
        return m_s.mid(m_pos, std::min(end - m_pos, 30));
    }

    void fail(int pos, const QString &what)
    {
        if (m_error)
            return;
        m_errorPos = pos;
        const QString where = pos >= m_s.size() ? QStringLiteral("position %1 (end of expression)").arg(pos + 1)
                                                : QStringLiteral("position %1").arg(pos + 1);
        m_error = Error{kCode, where + QStringLiteral(": ") + what, kField};
    }

    int add(Expression::Node node)
    {
        m_e.m_nodes.push_back(std::move(node));
        return int(m_e.m_nodes.size()) - 1;
    }

    int binary(Expression::Node::Kind kind, int l, int r)
    {
        Expression::Node n;
        n.kind = kind;
        n.left = l;
        n.right = r;
        return add(std::move(n));
    }

    int parseOr()
    {
        int left = parseAnd();
        while (!m_error) {
            skipSpace();
            if (!takeSymbol(QLatin1StringView("||")) && !takeWord(QLatin1StringView("or")))
                break;
            const int right = parseAnd();
            left = binary(Expression::Node::Kind::Or, left, right);
        }
        return left;
    }

    int parseAnd()
    {
        int left = parseUnary();
        while (!m_error) {
            skipSpace();
            if (!takeSymbol(QLatin1StringView("&&")) && !takeWord(QLatin1StringView("and")))
                break;
            const int right = parseUnary();
            left = binary(Expression::Node::Kind::And, left, right);
        }
        return left;
    }

    int parseUnary()
    {
        skipSpace();
        if (m_error)
            return -1;
        if (takeSymbol(QLatin1StringView("!")) || takeWord(QLatin1StringView("not"))) {
            const int inner = parseUnary();
            return binary(Expression::Node::Kind::Not, inner, -1);
        }
        if (peek() == u'(') {
            const int open = m_pos++;
            const int inner = parseOr();
            skipSpace();
            if (!m_error && peek() != u')')
                fail(m_pos, atEnd() ? QStringLiteral("expected ')' to close the '(' at position %1").arg(open + 1)
                                    : QStringLiteral("expected ')' to close the '(' at position %1, found '%2'")
                                          .arg(open + 1)
                                          .arg(peekToken()));
            ++m_pos;
            return inner;
        }
        return parseComparison();
    }

    int parseComparison()
    {
        Expression::Node n;
        const int start = m_pos;
        // Up to white space or an operator character, so that a stray '$' in an attribute name is
        // reported as such rather than as a missing operator.
        while (!atEnd() && !m_s.at(m_pos).isSpace() && !QStringView(u"=!<>()[],&|'\"~").contains(m_s.at(m_pos)))
            ++m_pos;
        const QString subject = m_s.mid(start, m_pos - start);
        if (subject.isEmpty()) {
            fail(start,
                 atEnd() ? QStringLiteral("expected %1").arg(QLatin1String(kExpectedSubject))
                         : QStringLiteral("expected %1, found '%2'").arg(QLatin1String(kExpectedSubject), peekToken()));
            return -1;
        }
        if (subject.startsWith(QLatin1StringView("attribute:"), Qt::CaseInsensitive)) {
            n.subject = QuerySubject::Attribute;
            n.attribute = subject.mid(10);
            if (n.attribute.isEmpty()) {
                fail(start + 10, QStringLiteral("expected an attribute name after 'attribute:'"));
                return -1;
            }
            for (int i = 0; i < n.attribute.size(); ++i) {
                if (!isAttributeNameChar(n.attribute.at(i))) {
                    fail(start + 10 + i, QStringLiteral("'%1' cannot appear in an attribute name (letters, digits, "
                                                        "'-', '_', '/' and '.')")
                                             .arg(n.attribute.at(i)));
                    return -1;
                }
            }
            if (n.attribute.size() > 128) {
                fail(start + 10, QStringLiteral("an attribute name has at most 128 characters"));
                return -1;
            }
        } else {
            static const struct
            {
                const char *name;
                QuerySubject subject;
            } subjects[] = {
                {"agentConnected", QuerySubject::AgentConnected},       {"agentVersion", QuerySubject::AgentVersion},
                {"ec2InstanceId", QuerySubject::Ec2InstanceId},         {"registeredAt", QuerySubject::RegisteredAt},
                {"runningTasksCount", QuerySubject::RunningTasksCount}, {"task:group", QuerySubject::TaskGroup},
            };
            bool found = false;
            for (const auto &s : subjects) {
                if (subject.compare(QLatin1String(s.name), Qt::CaseInsensitive) == 0) {
                    n.subject = s.subject;
                    found = true;
                }
            }
            if (!found) {
                fail(start,
                     QStringLiteral("unknown subject '%1'; expected %2").arg(subject, QLatin1String(kExpectedSubject)));
                return -1;
            }
        }

        skipSpace();
        const int opPos = m_pos;
        if (!parseOperator(n.op)) {
            fail(opPos, atEnd()
                            ? QStringLiteral("expected %1 after '%2'").arg(QLatin1String(kExpectedOperator), subject)
                            : QStringLiteral("expected %1 after '%2', found '%3'")
                                  .arg(QLatin1String(kExpectedOperator), subject, peekToken()));
            return -1;
        }
        const QString opText = m_s.mid(opPos, m_pos - opPos);
        if (n.op == QueryOperator::Exists || n.op == QueryOperator::NotExists)
            return add(std::move(n));

        skipSpace();
        const bool isList = n.op == QueryOperator::In || n.op == QueryOperator::NotIn;
        const bool isRegex = n.op == QueryOperator::Matches || n.op == QueryOperator::NotMatches;
        if (peek() == u'[' && !isRegex) { // a regex may start with a character class
            if (!isList) {
                fail(m_pos, QStringLiteral("a list [a, b] needs 'in' or '!in', not '%1'").arg(opText));
                return -1;
            }
            const int open = m_pos++;
            while (true) {
                skipSpace();
                if (!parseValue(n, true, opText))
                    return -1;
                skipSpace();
                if (peek() == u',') {
                    ++m_pos;
                    continue;
                }
                if (peek() == u']') {
                    ++m_pos;
                    break;
                }
                fail(m_pos, atEnd()
                                ? QStringLiteral("expected ',' or ']' to close the list at position %1").arg(open + 1)
                                : QStringLiteral("expected ',' or ']' in the list at position %1, found '%2'")
                                      .arg(open + 1)
                                      .arg(peekToken()));
                return -1;
            }
        } else if (!parseValue(n, false, opText)) {
            return -1;
        }
        return add(std::move(n));
    }

    bool parseOperator(QueryOperator &op)
    {
        // Longest symbols first; "!exists"/"!in" are words glued to '!'.
        static const struct
        {
            const char *text;
            QueryOperator op;
            bool word;
        } ops[] = {
            {"==", QueryOperator::Equals, false},
            {"!=", QueryOperator::NotEquals, false},
            {">=", QueryOperator::GreaterThanEqual, false},
            {"<=", QueryOperator::LessThanEqual, false},
            {"=~", QueryOperator::Matches, false},
            {"!~", QueryOperator::NotMatches, false},
            {"!exists", QueryOperator::NotExists, true},
            {"!in", QueryOperator::NotIn, true},
            {">", QueryOperator::GreaterThan, false},
            {"<", QueryOperator::LessThan, false},
            {"equals", QueryOperator::Equals, true},
            {"not_equals", QueryOperator::NotEquals, true},
            {"greater_than_equal", QueryOperator::GreaterThanEqual, true},
            {"greater_than", QueryOperator::GreaterThan, true},
            {"less_than_equal", QueryOperator::LessThanEqual, true},
            {"less_than", QueryOperator::LessThan, true},
            {"exists", QueryOperator::Exists, true},
            {"not_exists", QueryOperator::NotExists, true},
            {"in", QueryOperator::In, true},
            {"not_in", QueryOperator::NotIn, true},
            {"matches", QueryOperator::Matches, true},
            {"not_matches", QueryOperator::NotMatches, true},
        };
        for (const auto &o : ops) {
            const QLatin1StringView t(o.text);
            if (o.word ? takeWord(t) : takeSymbol(t)) {
                op = o.op;
                return true;
            }
        }
        return false;
    }

    // One argument: 'quoted', "quoted" or bare. A bare value ends at white space, at a ')' or ']'
    // that it did not open itself (so "(g2|p3).*" and "[a-z]+" stay whole), and at ',' in a list.
    bool parseValue(Expression::Node &n, bool inList, const QString &opText)
    {
        const int start = m_pos;
        QString text;
        if (peek() == u'\'' || peek() == u'"') {
            const QChar quote = peek();
            const int close = m_s.indexOf(quote, m_pos + 1);
            if (close < 0) {
                fail(start, QStringLiteral("the quoted value starting here is not closed with %1").arg(quote));
                return false;
            }
            text = m_s.mid(m_pos + 1, close - m_pos - 1);
            m_pos = close + 1;
        } else {
            int parens = 0, brackets = 0, braces = 0;
            while (!atEnd()) {
                const QChar c = m_s.at(m_pos);
                if (c.isSpace())
                    break;
                if ((c == u'&' || c == u'|') && peek(1) == c && parens <= 0 && brackets <= 0)
                    break; // "a==b&&c==d" without spaces
                if (c == u'(')
                    ++parens;
                else if (c == u')' && parens-- == 0)
                    break;
                else if (c == u'[')
                    ++brackets;
                else if (c == u']' && brackets-- == 0)
                    break;
                else if (c == u'{')
                    ++braces;
                else if (c == u'}')
                    --braces;
                else if (c == u',' && inList && parens <= 0 && brackets <= 0 && braces <= 0)
                    break;
                ++m_pos;
            }
            text = m_s.mid(start, m_pos - start);
            if (text.isEmpty()) {
                fail(start, atEnd()
                                ? QStringLiteral("expected a value after '%1'").arg(opText)
                                : QStringLiteral("expected a value after '%1', found '%2'").arg(opText, peekToken()));
                return false;
            }
        }
        return convert(n, text, start);
    }

    // Converts the argument once, for the subject's type, so that evaluation cannot fail.
    bool convert(Expression::Node &n, const QString &text, int pos)
    {
        Expression::Value v;
        v.text = text;
        if (const auto d = toNumber(text)) {
            v.number = *d;
            v.numeric = true;
        }
        const QueryOperator op = positiveOf(n.op);
        if (op == QueryOperator::Matches) {
            v.regex = QRegularExpression(QRegularExpression::anchoredPattern(text)); // Java's matches(): whole value
            if (!v.regex.isValid()) {
                fail(pos, QStringLiteral("invalid regular expression '%1': %2").arg(text, v.regex.errorString()));
                return false;
            }
            v.regex.optimize();
        } else {
            switch (n.subject) {
            case QuerySubject::AgentConnected:
                if (text.compare(QLatin1String("true"), Qt::CaseInsensitive) != 0 &&
                    text.compare(QLatin1String("false"), Qt::CaseInsensitive) != 0) {
                    fail(pos, QStringLiteral("agentConnected compares with true or false, not '%1'").arg(text));
                    return false;
                }
                v.number = text.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0 ? 1 : 0;
                v.numeric = true;
                break;
            case QuerySubject::AgentVersion:
                v.version = parseVersion(text);
                if (v.version.empty()) {
                    fail(pos,
                         QStringLiteral("agentVersion compares with a version such as 1.14.5, not '%1'").arg(text));
                    return false;
                }
                break;
            case QuerySubject::RegisteredAt:
                v.date = toDate(text);
                if (!v.date.isValid()) {
                    fail(pos, QStringLiteral("registeredAt compares with a date such as 2018-06-18T22:28:28Z or "
                                             "2018-06-18, not '%1'")
                                  .arg(text));
                    return false;
                }
                break;
            case QuerySubject::RunningTasksCount:
                if (!v.numeric || v.number != std::floor(v.number)) {
                    fail(pos, QStringLiteral("runningTasksCount compares with a whole number, not '%1'").arg(text));
                    return false;
                }
                break;
            default:
                break;
            }
        }
        n.values.push_back(std::move(v));
        return true;
    }

    const QString &m_s;
    int m_pos = 0;
    Expression m_e;
    std::optional<Error> m_error;
    int m_errorPos = 0;
};

Result<Expression> parseQuery(const QString &text, int *errorPosition)
{
    return QueryParser(text).run(errorPosition);
}

// ---------------------------------------------------------------------------------------------
// Evaluation

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
