#include "QueryLanguage.h"

// Parsing a cluster query: recursive descent over the characters into Expression's node array,
// arguments converted once here (numbers, versions, dates, anchored regular expressions), errors
// worded with the 1-based position. Evaluation is in QueryLanguage.cpp.

#include "QueryValues.h"

#include <optional>

namespace fd::scheduler {

using namespace query;

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

} // namespace

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

} // namespace fd::scheduler
