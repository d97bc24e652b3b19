#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace fd {

// An expected failure, shaped like an AWS error: `code` is the exception name the API returns
// (ClientException, ClusterNotFoundException, ...), `field` is the path of the offending input
// when there is one (`containerDefinitions[1].memory`), so the UI can point at it.
struct Error
{
    QString code;
    QString message;
    QString field;
};

// The result of anything that can fail at run time. A small stand-in for std::expected (C++23).
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_v); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_v); }
    T &value() & { return std::get<T>(m_v); }
    T &&value() && { return std::get<T>(std::move(m_v)); }
    const T *operator->() const { return &std::get<T>(m_v); }
    const T &operator*() const { return std::get<T>(m_v); }
    // The value, or `fallback` when this holds an error.
    T value_or(T fallback) && { return ok() ? std::get<T>(std::move(m_v)) : std::move(fallback); }

    const Error &error() const { return std::get<Error>(m_v); }

private:
    std::variant<T, Error> m_v;
};

struct Ok
{};

using Status = Result<Ok>;

inline Error makeError(QString code, QString message, QString field = {})
{
    return Error{std::move(code), std::move(message), std::move(field)};
}

} // namespace fd
