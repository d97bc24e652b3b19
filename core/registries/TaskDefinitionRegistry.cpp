#include "TaskDefinitionRegistry.h"

#include "model/Arn.h"
#include "state/Kinds.h"
#include "state/Transaction.h"
#include "store/Store.h"

#include <QSet>

#include <algorithm>
#include <tuple>

namespace fd::registries {

namespace {

bool byFamilyRevision(const TaskDefinition &a, const TaskDefinition &b)
{
    return std::tie(a.spec.family, a.revision) < std::tie(b.spec.family, b.revision);
}

} // namespace

Status TaskDefinitionRegistry::load(const Store &store)
{
    Result<QList<TaskDefinition>> tds = store.loadTaskDefinitions();
    if (!tds)
        return tds.error();
    m_revisions = std::move(tds).value();
    Result<QList<Store::Document>> deletions = store.loadDocuments(state::kTaskDefinitionDeletionKind);
    if (!deletions)
        return deletions.error();
    for (const Store::Document &d : *deletions) {
        const qsizetype colon = d.id.lastIndexOf(u':');
        for (TaskDefinition &td : m_revisions) {
            if (td.spec.family == d.id.left(colon) && td.revision == d.id.mid(colon + 1).toInt())
                td.deleteRequestedAt = d.createdAt;
        }
    }
    Result<QList<Store::Document>> families = store.loadDocuments(state::kTaskDefinitionFamilyKind);
    if (!families)
        return families.error();
    m_deletedUpTo.clear();
    for (const Store::Document &d : *families)
        m_deletedUpTo.insert(d.id, d.document.toInt());
    return Ok{};
}

const TaskDefinition *TaskDefinitionRegistry::find(const QString &ref) const
{
    const QString r = arn::taskDefinitionRefFrom(ref);
    const qsizetype colon = r.lastIndexOf(u':');
    if (colon < 0) {
        const TaskDefinition *best = nullptr;
        for (const TaskDefinition &td : m_revisions) {
            if (td.spec.family == r && td.status == TaskDefinitionStatus::Active)
                best = &td; // sorted by revision: the last match is the latest
        }
        return best;
    }
    bool ok = false;
    const int revision = r.mid(colon + 1).toInt(&ok);
    if (!ok)
        return nullptr;
    return find(r.left(colon), revision);
}

const TaskDefinition *TaskDefinitionRegistry::find(const QString &family, int revision) const
{
    auto it = std::lower_bound(m_revisions.cbegin(), m_revisions.cend(), std::tie(family, revision),
                               [](const TaskDefinition &td, const std::tuple<const QString &, int &> &key) {
                                   return std::tie(td.spec.family, td.revision) < key;
                               });
    if (it == m_revisions.cend() || it->spec.family != family || it->revision != revision)
        return nullptr;
    return &*it;
}

int TaskDefinitionRegistry::lastRevision(const QString &family) const
{
    int last = m_deletedUpTo.value(family, 0);
    for (const TaskDefinition &td : m_revisions) {
        if (td.spec.family == family)
            last = std::max(last, td.revision);
    }
    return last;
}

QStringList TaskDefinitionRegistry::families(std::optional<TaskDefinitionStatus> status) const
{
    QStringList all;
    QSet<QString> withActive;
    for (const TaskDefinition &td : m_revisions) {
        if (all.isEmpty() || all.last() != td.spec.family)
            all.append(td.spec.family);
        if (td.status == TaskDefinitionStatus::Active)
            withActive.insert(td.spec.family);
    }
    if (!status)
        return all;
    QStringList out;
    for (const QString &f : all) {
        if ((*status == TaskDefinitionStatus::Active) == withActive.contains(f))
            out.append(f);
    }
    return out;
}

void TaskDefinitionRegistry::stage(state::Transaction &tx, const TaskDefinition &td)
{
    tx.put(state::kTaskDefinitionKind, td.familyRevision(), [td](Store &store) { return store.putTaskDefinition(td); },
           [this, td] { apply(td); });
}

void TaskDefinitionRegistry::stageDeletionRequest(state::Transaction &tx, const TaskDefinition &td)
{
    stage(tx, td);
    const QString id = td.familyRevision();
    const QDateTime at = td.deleteRequestedAt;
    tx.put(state::kTaskDefinitionDeletionKind, id, [id, at](Store &store) {
        return store.putDocument(state::kTaskDefinitionDeletionKind, id, at, QByteArray("{}"));
    });
}

void TaskDefinitionRegistry::stageRemoval(state::Transaction &tx, const TaskDefinition &td)
{
    const QString family = td.spec.family;
    const int revision = td.revision;
    const int upTo = std::max(revision, m_deletedUpTo.value(family, 0));
    const QString id = td.familyRevision();
    const QDateTime at = td.deleteRequestedAt;
    tx.remove(
        state::kTaskDefinitionKind, id,
        [family, revision, id, upTo, at](Store &store) -> Status {
            if (Status s = store.deleteTaskDefinition(family, revision); !s)
                return s;
            if (Status s = store.deleteDocument(state::kTaskDefinitionDeletionKind, id); !s)
                return s;
            return store.putDocument(state::kTaskDefinitionFamilyKind, family, at, QByteArray::number(upTo));
        },
        [this, family, revision, upTo] {
            m_deletedUpTo.insert(family, upTo);
            m_revisions.erase(std::remove_if(m_revisions.begin(), m_revisions.end(),
                                             [&](const TaskDefinition &t) {
                                                 return t.spec.family == family && t.revision == revision;
                                             }),
                              m_revisions.end());
        });
}

void TaskDefinitionRegistry::apply(const TaskDefinition &td)
{
    auto it = std::lower_bound(m_revisions.begin(), m_revisions.end(), td, byFamilyRevision);
    if (it != m_revisions.end() && it->spec.family == td.spec.family && it->revision == td.revision)
        *it = td;
    else
        m_revisions.insert(it, td);
}

} // namespace fd::registries
