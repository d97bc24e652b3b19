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
    int last = 0;
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

void TaskDefinitionRegistry::apply(const TaskDefinition &td)
{
    auto it = std::lower_bound(m_revisions.begin(), m_revisions.end(), td, byFamilyRevision);
    if (it != m_revisions.end() && it->spec.family == td.spec.family && it->revision == td.revision)
        *it = td;
    else
        m_revisions.insert(it, td);
}

} // namespace fd::registries
