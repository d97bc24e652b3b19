#pragma once

#include "Result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace fd::tags {

// A resource tag as ECS keeps it: a key and an optional value, case-sensitive, in the order given.
struct Tag
{
    QString key;
    QString value;
    bool operator==(const Tag &) const = default;
};
using TagList = QList<Tag>;

inline constexpr int kMaxTagsPerResource = 50; // aws:-prefixed tags do not count
inline constexpr int kMaxKeyLength = 128;
inline constexpr int kMaxValueLength = 256;

// Whether a key (or value) carries the prefix AWS reserves for itself, in any case ("aws:", "AWS:", "Aws:").
bool isReserved(const QString &text);

// Checks tags a user gives (TagResource, or at create time), ECS-SEMANTICS/AWS limits: key 1-128
// and value 0-256 characters of letters, numbers, spaces and + - = . _ : / @; no aws: prefix on keys
// or values; each key once. Errors name the member: "tags[2].key: ...". `field` is the member's name.
std::optional<Error> validate(const TagList &tags, const QString &field = QStringLiteral("tags"));

// `base` with `add` applied: a key already present takes the new value in place, new keys go last.
TagList merged(TagList base, const TagList &add);
// `base` without the given keys.
TagList without(TagList base, const QStringList &keys);
// The user's tags of a list (those without the aws: prefix).
int userTagCount(const TagList &tags);

// propagateTags of services and RunTask: where a new task's tags come from.
enum class Propagate {
    None,
    TaskDefinition,
    Service,
};
QString toString(Propagate p); // "NONE", "TASK_DEFINITION", "SERVICE"
std::optional<Propagate> propagateFromString(const QString &text);

// ECS's managed tags of a task: aws:ecs:clusterName, and aws:ecs:serviceName for a service's task.
TagList managedTags(const QString &cluster, const QString &service = {});

// Store form: [{"key":"k","value":"v"}, ...] (compact JSON), and back. Unreadable text gives an error.
QByteArray toJson(const TagList &tags);
Result<TagList> fromJson(const QByteArray &json);

} // namespace fd::tags
