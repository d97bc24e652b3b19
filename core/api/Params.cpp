#include "Params.h"

#include <climits>

namespace fd::api {

using nlohmann::json;

namespace {

const json &nullJson()
{
    static const json null;
    return null;
}

} // namespace

Params::Params(const ApiContext &ctx, const json &params, std::string prefix)
    : m_ctx(ctx), m_params(params), m_prefix(std::move(prefix))
{}

std::string Params::path(const char *name) const
{
    return m_prefix.empty() ? std::string(name) : m_prefix + "." + name;
}

void Params::fail(const std::string &name, const std::string &problem)
{
    if (!m_error)
        m_error = makeError(QString::fromStdString(m_ctx.validationError),
                            QString::fromStdString(path(name.c_str()) + ": " + problem),
                            QString::fromStdString(path(name.c_str())));
}

void Params::take(const Params &nested)
{
    if (!m_error && nested.m_error)
        m_error = nested.m_error;
}

const json &Params::raw(const char *name) const
{
    if (!m_params.is_object())
        return nullJson();
    auto it = m_params.find(name);
    return it == m_params.end() ? nullJson() : *it;
}

std::optional<std::string> Params::string(const char *name)
{
    const json &v = raw(name);
    if (v.is_null())
        return std::nullopt;
    if (!v.is_string()) {
        fail(name, "must be a string");
        return std::nullopt;
    }
    return v.get<std::string>();
}

std::vector<std::string> Params::strings(const char *name)
{
    std::vector<std::string> out;
    const json &v = raw(name);
    if (v.is_null())
        return out;
    if (m_ctx.protocol == Protocol::AwsQuery && v.is_string() && v.get<std::string>().empty())
        return out;
    if (!v.is_array()) {
        fail(name, "must be a list of strings");
        return out;
    }
    for (const json &item : v) {
        if (!item.is_string()) {
            fail(name, "must be a list of strings");
            return {};
        }
        out.push_back(item.get<std::string>());
    }
    return out;
}

std::optional<int> Params::integer(const char *name)
{
    const json &v = raw(name);
    if (v.is_null())
        return std::nullopt;
    if (m_ctx.protocol == Protocol::AwsQuery && v.is_string()) {
        // Digits with an optional minus sign, as the wire carries integers.
        const std::string s = v.get<std::string>();
        const std::size_t digits = s.rfind('-', 0) == 0 ? 1 : 0;
        if (s.size() > digits && s.size() - digits <= 10 &&
            s.find_first_not_of("0123456789", digits) == std::string::npos) {
            const long long n = std::stoll(s);
            if (n >= INT_MIN && n <= INT_MAX)
                return int(n);
        }
        fail(name, "must be an integer");
        return std::nullopt;
    }
    if (!v.is_number_integer()) {
        fail(name, "must be an integer");
        return std::nullopt;
    }
    const auto n = v.get<long long>();
    if (n < INT_MIN || n > INT_MAX) {
        fail(name, "must be an integer");
        return std::nullopt;
    }
    return int(n);
}

std::optional<bool> Params::boolean(const char *name)
{
    const json &v = raw(name);
    if (v.is_null())
        return std::nullopt;
    if (m_ctx.protocol == Protocol::AwsQuery && v.is_string()) {
        if (v == "true")
            return true;
        if (v == "false")
            return false;
    }
    if (!v.is_boolean()) {
        fail(name, "must be true or false");
        return std::nullopt;
    }
    return v.get<bool>();
}

Params Params::object(const char *name)
{
    const json &v = raw(name);
    if (!v.is_null() && !v.is_object())
        fail(name, "must be an object");
    return Params(m_ctx, v.is_object() ? v : nullJson(), path(name));
}

Result<json> page(const std::vector<json> &items, Params &p, const char *member, const PageStyle &style)
{
    const int size = p.integer(style.sizeMember).value_or(style.defaultSize);
    if (!p.ok())
        return p.error();
    if (size < 1 || size > style.maxSize) {
        p.fail(style.sizeMember, "must be between 1 and " + std::to_string(style.maxSize));
        return p.error();
    }
    std::size_t start = 0;
    const auto token = p.string(style.tokenMember);
    if (!p.ok())
        return p.error();
    if (token) {
        const bool digits =
            !token->empty() && token->size() < 10 && token->find_first_not_of("0123456789") == std::string::npos;
        start = digits ? std::stoul(*token) : items.size() + 1;
        if (start > items.size()) {
            p.fail(style.tokenMember, "not a token this endpoint issued");
            return p.error();
        }
    }
    const std::size_t end = std::min(items.size(), start + std::size_t(size));
    json out = json::object();
    out[member] = json(std::vector<json>(items.begin() + std::ptrdiff_t(start), items.begin() + std::ptrdiff_t(end)));
    if (end < items.size())
        out[style.nextTokenMember] = std::to_string(end);
    return out;
}

Result<json> page(const std::vector<std::string> &items, Params &p, const char *member, const PageStyle &style)
{
    return page(std::vector<json>(items.begin(), items.end()), p, member, style);
}

json describeEach(const std::vector<std::string> &references, const char *member,
                  const std::function<std::optional<json>(const std::string &)> &describe,
                  const std::function<std::string(const std::string &)> &arnOf)
{
    json found = json::array(), failures = json::array();
    for (const std::string &ref : references) {
        if (std::optional<json> item = describe(ref))
            found.push_back(std::move(*item));
        else
            failures.push_back({{"arn", ref.rfind("arn:", 0) == 0 ? ref : arnOf(ref)}, {"reason", "MISSING"}});
    }
    return {{member, found}, {"failures", failures}};
}

} // namespace fd::api
