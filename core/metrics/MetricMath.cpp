#include "metrics/MetricMath.h"

#include <algorithm>
#include <cmath>

namespace fd::metrics {

MathValue MathValue::number(double v)
{
    MathValue m;
    m.kind = Kind::Scalar;
    m.scalar = v;
    return m;
}

MathValue MathValue::of(Series s)
{
    MathValue m;
    m.kind = Kind::Series;
    m.series = std::move(s);
    return m;
}

namespace {

const QStringList kSupportedFunctions = {QStringLiteral("SUM"), QStringLiteral("AVG"), QStringLiteral("MIN"),
                                         QStringLiteral("MAX"), QStringLiteral("METRICS")};

std::optional<double> apply(QChar op, double a, double b)
{
    switch (op.unicode()) {
    case '+':
        return a + b;
    case '-':
        return a - b;
    case '*':
        return a * b;
    default:
        if (b == 0)
            return std::nullopt;
        return a / b;
    }
}

Series combine(QChar op, const Series &a, const Series &b)
{
    Series out;
    for (const auto &[t, v] : a) {
        auto it = b.find(t);
        if (it == b.end())
            continue;
        if (auto r = apply(op, v, it->second))
            out.emplace(t, *r);
    }
    return out;
}

Series withScalar(QChar op, const Series &s, double k, bool scalarFirst)
{
    Series out;
    for (const auto &[t, v] : s) {
        if (auto r = scalarFirst ? apply(op, k, v) : apply(op, v, k))
            out.emplace(t, *r);
    }
    return out;
}

// a op b for two non-array values.
MathValue binary(QChar op, const MathValue &a, const MathValue &b)
{
    using K = MathValue::Kind;
    if (a.kind == K::Scalar && b.kind == K::Scalar) {
        const auto r = apply(op, a.scalar, b.scalar);
        return MathValue::number(r ? *r : std::nan(""));
    }
    if (a.kind == K::Scalar)
        return MathValue::of(withScalar(op, b.series, a.scalar, true));
    if (b.kind == K::Scalar)
        return MathValue::of(withScalar(op, a.series, b.scalar, false));
    return MathValue::of(combine(op, a.series, b.series));
}

double reduce(const QString &fn, const std::vector<double> &values)
{
    if (fn == u"SUM" || fn == u"AVG") {
        double sum = 0;
        for (double v : values)
            sum += v;
        return fn == u"SUM" ? sum : sum / double(values.size());
    }
    if (fn == u"MIN")
        return *std::min_element(values.begin(), values.end());
    return *std::max_element(values.begin(), values.end());
}

class Parser
{
public:
    Parser(const QString &text, const std::vector<MathOperand> &operands,
           const std::function<Result<MathValue>(const QString &)> &resolve)
        : m_text(text), m_operands(operands), m_resolve(resolve)
    {}

    Result<MathValue> parse()
    {
        Result<MathValue> v = expression();
        if (!v)
            return v;
        skipSpace();
        if (m_pos < m_text.size())
            return syntax(QStringLiteral("unexpected '%1'").arg(m_text[m_pos]));
        return v;
    }

private:
    Error syntax(const QString &problem) const
    {
        return makeError(QStringLiteral("InvalidParameterValue"),
                         QStringLiteral("Expression \"%1\": %2 at position %3").arg(m_text, problem).arg(m_pos + 1),
                         QStringLiteral("Expression"));
    }

    void skipSpace()
    {
        while (m_pos < m_text.size() && m_text[m_pos].isSpace())
            ++m_pos;
    }

    bool accept(QChar c)
    {
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }

    Result<MathValue> operate(QChar op, const MathValue &a, const MathValue &b)
    {
        using K = MathValue::Kind;
        if (a.kind == K::Array && b.kind == K::Array)
            return syntax(QStringLiteral("an arithmetic operation between two arrays of time series"));
        if (a.kind == K::Array || b.kind == K::Array) {
            const MathValue &arr = a.kind == K::Array ? a : b;
            const MathValue &other = a.kind == K::Array ? b : a;
            MathValue out;
            out.kind = K::Array;
            for (const MathValue::Member &m : arr.array) {
                const MathValue one = MathValue::of(m.series);
                const MathValue r = a.kind == K::Array ? binary(op, one, other) : binary(op, other, one);
                out.array.push_back({m.label, r.series});
            }
            return out;
        }
        return binary(op, a, b);
    }

    Result<MathValue> expression()
    {
        Result<MathValue> left = term();
        while (left) {
            skipSpace();
            if (m_pos >= m_text.size() || (m_text[m_pos] != u'+' && m_text[m_pos] != u'-'))
                break;
            const QChar op = m_text[m_pos++];
            Result<MathValue> right = term();
            if (!right)
                return right;
            left = operate(op, left.value(), right.value());
        }
        return left;
    }

    Result<MathValue> term()
    {
        Result<MathValue> left = unary();
        while (left) {
            skipSpace();
            if (m_pos >= m_text.size() || (m_text[m_pos] != u'*' && m_text[m_pos] != u'/'))
                break;
            const QChar op = m_text[m_pos++];
            Result<MathValue> right = unary();
            if (!right)
                return right;
            left = operate(op, left.value(), right.value());
        }
        return left;
    }

    Result<MathValue> unary()
    {
        if (accept(u'-')) {
            Result<MathValue> v = unary();
            if (!v)
                return v;
            return operate(u'*', MathValue::number(-1), v.value());
        }
        return primary();
    }

    Result<MathValue> number()
    {
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && (m_text[m_pos].isDigit() || m_text[m_pos] == u'.'))
            ++m_pos;
        if (m_pos < m_text.size() && (m_text[m_pos] == u'e' || m_text[m_pos] == u'E')) {
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == u'+' || m_text[m_pos] == u'-'))
                ++m_pos;
            while (m_pos < m_text.size() && m_text[m_pos].isDigit())
                ++m_pos;
        }
        bool ok = false;
        const double v = m_text.mid(start, m_pos - start).toDouble(&ok);
        if (!ok) {
            m_pos = start;
            return syntax(QStringLiteral("malformed number"));
        }
        return MathValue::number(v);
    }

    Result<MathValue> array()
    {
        MathValue out;
        out.kind = MathValue::Kind::Array;
        do {
            Result<MathValue> item = expression();
            if (!item)
                return item;
            if (item->kind == MathValue::Kind::Series)
                out.array.push_back({QString(), item->series});
            else if (item->kind == MathValue::Kind::Array)
                out.array.insert(out.array.end(), item->array.begin(), item->array.end());
            else
                return syntax(QStringLiteral("an array holds time series, not numbers"));
        } while (accept(u','));
        if (!accept(u']'))
            return syntax(QStringLiteral("expected ']'"));
        return out;
    }

    Result<MathValue> primary()
    {
        skipSpace();
        if (m_pos >= m_text.size())
            return syntax(QStringLiteral("unexpected end"));
        const QChar c = m_text[m_pos];
        if (c.isDigit() || c == u'.')
            return number();
        if (accept(u'(')) {
            Result<MathValue> v = expression();
            if (v && !accept(u')'))
                return syntax(QStringLiteral("expected ')'"));
            return v;
        }
        if (accept(u'['))
            return array();
        if (!c.isLetter())
            return syntax(QStringLiteral("unexpected '%1'").arg(c));
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && (m_text[m_pos].isLetterOrNumber() || m_text[m_pos] == u'_'))
            ++m_pos;
        const QString word = m_text.mid(start, m_pos - start);
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == u'(') {
            ++m_pos;
            return function(word);
        }
        if (c.isUpper())
            return syntax(QStringLiteral("'%1' is neither a query id (ids start with a lowercase letter) nor a "
                                         "function call")
                              .arg(word));
        Result<MathValue> v = m_resolve(word);
        if (!v)
            return makeError(v.error().code, QStringLiteral("Expression \"%1\": %2").arg(m_text, v.error().message),
                             QStringLiteral("Expression"));
        return v;
    }

    Result<MathValue> metricsFunction()
    {
        QString filter;
        skipSpace();
        if (m_pos < m_text.size() && (m_text[m_pos] == u'\'' || m_text[m_pos] == u'"')) {
            const QChar quote = m_text[m_pos++];
            const qsizetype end = m_text.indexOf(quote, m_pos);
            if (end < 0)
                return syntax(QStringLiteral("unterminated string"));
            filter = m_text.mid(m_pos, end - m_pos);
            m_pos = end + 1;
        }
        if (!accept(u')'))
            return syntax(QStringLiteral("METRICS takes no argument or one string"));
        MathValue out;
        out.kind = MathValue::Kind::Array;
        for (const MathOperand &o : m_operands) {
            if (!o.isMetric || (!filter.isEmpty() && !o.label.contains(filter)))
                continue;
            Result<MathValue> v = m_resolve(o.id);
            if (!v)
                return v;
            out.array.push_back({o.label, v->series});
        }
        return out;
    }

    Result<MathValue> function(const QString &name)
    {
        if (!kSupportedFunctions.contains(name))
            return makeError(QStringLiteral("InvalidParameterValue"),
                             QStringLiteral("Expression \"%1\": the function %2 is not supported by Fleetdeck "
                                            "(supported: %3, and + - * / with numbers and other ids)")
                                 .arg(m_text, name, kSupportedFunctions.join(QStringLiteral(", "))),
                             QStringLiteral("Expression"));
        if (name == u"METRICS")
            return metricsFunction();
        Result<MathValue> arg = expression();
        if (!arg)
            return arg;
        if (!accept(u')'))
            return syntax(QStringLiteral("%1 takes one argument: expected ')'").arg(name));
        return aggregate(name, arg.value());
    }

    static MathValue aggregate(const QString &fn, const MathValue &arg)
    {
        switch (arg.kind) {
        case MathValue::Kind::Scalar:
            return arg;
        case MathValue::Kind::Series: {
            std::vector<double> values;
            for (const auto &[t, v] : arg.series)
                values.push_back(v);
            if (values.empty())
                return MathValue::of({});
            return MathValue::number(reduce(fn, values));
        }
        case MathValue::Kind::Array:
            break;
        }
        std::map<qint64, std::vector<double>> byTime;
        for (const MathValue::Member &m : arg.array) {
            for (const auto &[t, v] : m.series)
                byTime[t].push_back(v);
        }
        Series out;
        for (const auto &[t, values] : byTime)
            out.emplace(t, reduce(fn, values));
        return MathValue::of(std::move(out));
    }

    const QString &m_text;
    const std::vector<MathOperand> &m_operands;
    const std::function<Result<MathValue>(const QString &)> &m_resolve;
    qsizetype m_pos = 0;
};

} // namespace

Result<MathValue> evaluateExpression(const QString &expression, const std::vector<MathOperand> &operands,
                                     const std::function<Result<MathValue>(const QString &id)> &resolve)
{
    if (expression.trimmed().isEmpty())
        return makeError(QStringLiteral("InvalidParameterValue"), QStringLiteral("Expression: must not be empty"),
                         QStringLiteral("Expression"));
    return Parser(expression, operands, resolve).parse();
}

} // namespace fd::metrics
