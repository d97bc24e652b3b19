#include "TagRegistry.h"

#include "state/Kinds.h"
#include "state/Transaction.h"
#include "store/Store.h"

namespace fd::tags {

namespace {

QString documentId(const QString &kind, const QString &key)
{
    return kind + u'/' + key;
}

} // namespace

Status TagRegistry::load(const Store &store)
{
    Result<QList<Store::Document>> docs = store.loadDocuments(state::kTagsKind);
    if (!docs)
        return docs.error();
    m_tags.clear();
    for (const Store::Document &d : docs.value()) {
        Result<TagList> list = fromJson(d.document);
        if (!list)
            return makeError(QStringLiteral("ServerException"),
                             QStringLiteral("%1 holds unreadable tags for %2 (%3)")
                                 .arg(store.path(), d.id, list.error().message));
        m_tags.insert(d.id, std::move(list).value());
    }
    return Ok{};
}

TagList TagRegistry::tags(const QString &kind, const QString &key) const
{
    return m_tags.value(documentId(kind, key));
}

void TagRegistry::stage(state::Transaction &tx, const QString &kind, const QString &key, const TagList &tags,
                        const QDateTime &now)
{
    const QString id = documentId(kind, key);
    if (tags.isEmpty()) {
        if (!m_tags.contains(id))
            return;
        tx.remove(state::kTagsKind, id, [id](Store &store) { return store.deleteDocument(state::kTagsKind, id); },
                  [this, id] { m_tags.remove(id); });
    } else {
        tx.put(
            state::kTagsKind, id,
            [id, tags, now](Store &store) { return store.putDocument(state::kTagsKind, id, now, toJson(tags)); },
            [this, id, tags] { m_tags.insert(id, tags); });
    }
    tx.derived(kind, key);
}

} // namespace fd::tags
