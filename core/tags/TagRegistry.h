#pragma once

#include "Tag.h"
#include "state/Forward.h"

#include <QDateTime>
#include <QHash>

namespace fd::tags {

// The tags of every taggable resource, a registry of its own on the store's documents table (kind
// "tags", id "<resource kind>/<key>"), so tagging needed no change to the other kinds' tables. It owns
// its memory and changes only through a transaction.
class TagRegistry final
{
public:
    Status load(const Store &store);

    // The tags of resource (kind, key), e.g. ("service", "default/web"); empty when it has none.
    TagList tags(const QString &kind, const QString &key) const;
    // Stages the resource's whole tag list; an empty list removes it. The resource itself is announced
    // as a derived change so that what shows it refreshes.
    void stage(state::Transaction &tx, const QString &kind, const QString &key, const TagList &tags,
               const QDateTime &now);

private:
    QHash<QString, TagList> m_tags; // "<kind>/<key>" -> tags
};

} // namespace fd::tags
