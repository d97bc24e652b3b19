#pragma once

// Private to the task definition codec (json/TaskDefinitionJson.h is its public face): the ordered
// JSON type and the small conversions all of the codec's files use.

#include <QString>

#include <nlohmann/json.hpp>
#include <string>

namespace fd::json::taskdef {

// Ordered, so that the document keeps the member order the user wrote: the wizard shows it next
// to the form, and "first error in document order" needs the order anyway.
using OJson = nlohmann::ordered_json;

inline QString str(const std::string &s)
{
    return QString::fromStdString(s);
}

inline std::string std8(const QString &s)
{
    return s.toStdString();
}

inline QString quoted(const QString &s)
{
    return u'"' + s + u'"';
}

inline QString typeName(const OJson &v)
{
    return QString::fromLatin1(v.type_name());
}

inline std::string dump(const OJson &j, int indent = -1)
{
    return j.dump(indent, ' ', false, OJson::error_handler_t::replace);
}

// A member that is absent or null: AWS clients treat a null member as not given.
inline const OJson *member(const OJson &obj, const char *key)
{
    if (!obj.is_object())
        return nullptr;
    const auto it = obj.find(key);
    return (it == obj.end() || it->is_null()) ? nullptr : &*it;
}

inline bool spelled(const OJson &obj, const char *key)
{
    return member(obj, key) != nullptr;
}

} // namespace fd::json::taskdef
