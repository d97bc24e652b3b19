#pragma once

#include "Tag.h"

namespace fd {
class ControlPlane;
}

namespace fd::tags {

// A taggable resource: its kind ("cluster", "task-definition", "service", "task",
// "container-instance") and its key among that kind ("default", "web:3", "default/web", a task id,
// a container instance id) — the same ids change sets use.
struct ResourceRef
{
    QString kind;
    QString key;
};

// The resource an ECS ARN names, if it exists. Not an ECS ARN of a taggable kind:
// InvalidParameterException naming it; no such resource: ResourceNotFoundException.
Result<ResourceRef> resolve(const ControlPlane &cp, const QString &arn);

// TagResource: adds or overwrites the given tags (validated as a whole with what is there).
Status tagResource(ControlPlane &cp, const QString &arn, const TagList &tags);
// UntagResource: removes the keys; absent keys are not an error. aws: keys cannot be removed.
Status untagResource(ControlPlane &cp, const QString &arn, const QStringList &keys);
// ListTagsForResource.
Result<TagList> listTags(const ControlPlane &cp, const QString &arn);

} // namespace fd::tags
