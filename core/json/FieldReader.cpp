#include "FieldReader.h"

#include <cstdint>

namespace fd::json::taskdef {

QString rangeReason(const Range &r, qint64 got)
{
    const QString unit = QString::fromLatin1(r.unit);
    if (r.max >= INT_MAX) {
        if (got > r.max)
            return QStringLiteral("must be at most %1%2 (got %3)").arg(r.max).arg(unit).arg(got);
        return QStringLiteral("must be at least %1%2 (got %3)").arg(r.min).arg(unit).arg(got);
    }
    return QStringLiteral("must be between %1 and %2%3 (got %4)").arg(r.min).arg(r.max).arg(unit).arg(got);
}

void FieldReader::fail(const Path &p, QString reason, bool atEnd)
{
    m_problems.push_back(Problem{p, std::move(reason), atEnd});
}

std::optional<QString> FieldReader::string(const OJson &obj, const Path &parent, const char *key, bool required)
{
    const OJson *v = typed(obj, parent, key, required, OJson::value_t::string, "must be a string");
    if (!v)
        return std::nullopt;
    return str(v->get_ref<const std::string &>());
}

std::optional<qint64> FieldReader::integerValue(const OJson &v, const Path &p)
{
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        return u > std::uint64_t(INT64_MAX) ? INT64_MAX : qint64(u);
    }
    if (v.is_number_integer())
        return v.get<std::int64_t>();
    fail(p, QStringLiteral("must be an integer"));
    return std::nullopt;
}

std::optional<int> FieldReader::integer(const OJson &obj, const Path &parent, const char *key, const Range &range)
{
    const Path p = parent.key(key);
    const OJson *v = member(obj, key);
    if (!v)
        return std::nullopt;
    const std::optional<qint64> n = integerValue(*v, p);
    if (!n)
        return std::nullopt;
    return inRange(*n, range, p);
}

std::optional<int> FieldReader::inRange(qint64 n, const Range &range, const Path &p)
{
    if (n < range.min || n > range.max) {
        fail(p, rangeReason(range, n));
        return std::nullopt;
    }
    return int(n);
}

std::optional<bool> FieldReader::boolean(const OJson &obj, const Path &parent, const char *key)
{
    const OJson *v = member(obj, key);
    if (!v)
        return std::nullopt;
    if (!v->is_boolean()) {
        fail(parent.key(key), QStringLiteral("must be a boolean"));
        return std::nullopt;
    }
    return v->get<bool>();
}

QStringList FieldReader::stringList(const OJson &obj, const Path &parent, const char *key)
{
    QStringList out;
    const OJson *arr = array(obj, parent, key);
    if (!arr)
        return out;
    const Path p = parent.key(key);
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const OJson &e = (*arr)[i];
        if (!e.is_string()) {
            fail(p.at(int(i)), QStringLiteral("must be a string"));
            continue;
        }
        out << str(e.get_ref<const std::string &>());
    }
    return out;
}

const OJson *FieldReader::array(const OJson &obj, const Path &parent, const char *key, bool required)
{
    return typed(obj, parent, key, required, OJson::value_t::array, "must be an array");
}

const OJson *FieldReader::object(const OJson &obj, const Path &parent, const char *key, bool required)
{
    return typed(obj, parent, key, required, OJson::value_t::object, "must be an object");
}

const OJson *FieldReader::typed(const OJson &obj, const Path &parent, const char *key, bool required,
                                OJson::value_t type, const char *wrongType)
{
    const OJson *v = member(obj, key);
    if (!v) {
        if (required)
            fail(parent.key(key), QStringLiteral("is required"));
        return nullptr;
    }
    if (v->type() != type) {
        fail(parent.key(key), QString::fromLatin1(wrongType));
        return nullptr;
    }
    return v;
}

bool FieldReader::isObjectElement(const OJson &v, const Path &p)
{
    if (v.is_object())
        return true;
    fail(p, QStringLiteral("must be an object"));
    return false;
}

Error FieldReader::firstProblem(const OJson &doc) const
{
    std::vector<int> best;
    const Problem *first = nullptr;
    for (const Problem &problem : m_problems) {
        std::vector<int> pos = problem.path.position(doc);
        if (problem.atEnd)
            pos.push_back(INT_MAX);
        if (!first || pos < best) {
            best = std::move(pos);
            first = &problem;
        }
    }
    const QString field = first->path.toString();
    return makeError(QStringLiteral("ClientException"),
                     field.isEmpty() ? first->reason : field + QStringLiteral(": ") + first->reason, field);
}

} // namespace fd::json::taskdef
