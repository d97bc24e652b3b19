#include "LoadBalancingRegistry.h"

#include "elb/ElbStoreJson.h"
#include "state/Kinds.h"
#include "state/Transaction.h"
#include "store/Store.h"

#include <QSet>

#include <algorithm>

namespace fd::registries {

using namespace elb;

namespace {

// Reads every document of `kind` with `parse` into `out`; an unreadable one fails the load, naming it.
template<typename T, typename Parse>
Status loadKind(const Store &store, const QString &kind, Parse parse, QList<T> &out)
{
    Result<QList<Store::Document>> docs = store.loadDocuments(kind);
    if (!docs)
        return docs.error();
    out.clear();
    for (const Store::Document &d : docs.value()) {
        Result<T> value = parse(d.document);
        if (!value)
            return makeError(QStringLiteral("ServerException"),
                             QStringLiteral("%1 holds an unreadable %2 %3 (%4)")
                                 .arg(store.path(), kind, d.id, value.error().message));
        out.append(std::move(value).value());
    }
    return Ok{};
}

template<typename T, typename Same> const T *findIn(const QList<T> &list, Same same)
{
    auto it = std::find_if(list.cbegin(), list.cend(), same);
    return it == list.cend() ? nullptr : &*it;
}

// Replaces the item with the same id, or appends it (creation order).
template<typename T, typename Same> void upsert(QList<T> &list, const T &value, Same same)
{
    auto it = std::find_if(list.begin(), list.end(), same);
    if (it != list.end())
        *it = value;
    else
        list.append(value);
}

template<typename T>
void stageDocument(state::Transaction &tx, const QString &kind, const QString &id, const QDateTime &createdAt,
                   const T &value, std::function<void()> apply)
{
    const QByteArray doc = store::toDocument(value);
    tx.put(
        kind, id, [kind, id, createdAt, doc](Store &st) { return st.putDocument(kind, id, createdAt, doc); },
        std::move(apply));
}

void stageDelete(state::Transaction &tx, const QString &kind, const QString &id, std::function<void()> apply)
{
    tx.remove(
        kind, id, [kind, id](Store &st) { return st.deleteDocument(kind, id); }, std::move(apply));
}

} // namespace

Status LoadBalancingRegistry::load(const Store &store)
{
    if (Status s = loadKind(store, state::kLoadBalancerKind, store::loadBalancerFrom, m_loadBalancers); !s)
        return s;
    if (Status s = loadKind(store, state::kTargetGroupKind, store::targetGroupFrom, m_targetGroups); !s)
        return s;
    if (Status s = loadKind(store, state::kListenerKind, store::listenerFrom, m_listeners); !s)
        return s;
    if (Status s = loadKind(store, state::kListenerRuleKind, store::ruleFrom, m_rules); !s)
        return s;
    return loadKind(store, state::kTargetKind, store::targetFrom, m_targets);
}

const LoadBalancer *LoadBalancingRegistry::loadBalancer(const QString &id) const
{
    return findIn(m_loadBalancers, [&](const LoadBalancer &lb) { return lb.id == id; });
}

const LoadBalancer *LoadBalancingRegistry::loadBalancerNamed(const QString &name) const
{
    return findIn(m_loadBalancers, [&](const LoadBalancer &lb) { return lb.name == name; });
}

const TargetGroup *LoadBalancingRegistry::targetGroup(const QString &id) const
{
    return findIn(m_targetGroups, [&](const TargetGroup &tg) { return tg.id == id; });
}

const TargetGroup *LoadBalancingRegistry::targetGroupNamed(const QString &name) const
{
    return findIn(m_targetGroups, [&](const TargetGroup &tg) { return tg.name == name; });
}

const Listener *LoadBalancingRegistry::listener(const QString &id) const
{
    return findIn(m_listeners, [&](const Listener &l) { return l.id == id; });
}

const ListenerRule *LoadBalancingRegistry::rule(const QString &id) const
{
    return findIn(m_rules, [&](const ListenerRule &r) { return r.id == id; });
}

const Target *LoadBalancingRegistry::target(const QString &targetGroupId, const TargetKey &key) const
{
    return findIn(m_targets, [&](const Target &t) { return t.targetGroupId == targetGroupId && t.key() == key; });
}

QList<Listener> LoadBalancingRegistry::listenersOf(const QString &loadBalancerId) const
{
    QList<Listener> out;
    for (const Listener &l : m_listeners) {
        if (l.loadBalancerId == loadBalancerId)
            out.append(l);
    }
    std::sort(out.begin(), out.end(), [](const Listener &a, const Listener &b) { return a.port < b.port; });
    return out;
}

QList<ListenerRule> LoadBalancingRegistry::rulesOf(const QString &listenerId) const
{
    QList<ListenerRule> out;
    for (const ListenerRule &r : m_rules) {
        if (r.listenerId == listenerId)
            out.append(r);
    }
    std::sort(out.begin(), out.end(),
              [](const ListenerRule &a, const ListenerRule &b) { return a.priority < b.priority; });
    return out;
}

QList<Target> LoadBalancingRegistry::targetsOf(const QString &targetGroupId) const
{
    QList<Target> out;
    for (const Target &t : m_targets) {
        if (t.targetGroupId == targetGroupId)
            out.append(t);
    }
    return out;
}

QStringList LoadBalancingRegistry::loadBalancersUsing(const QString &targetGroupId) const
{
    const auto forwardsTo = [&](const QList<Action> &actions) {
        for (const Action &a : actions) {
            for (const WeightedTargetGroup &g : a.targetGroups) {
                if (g.targetGroupId == targetGroupId)
                    return true;
            }
        }
        return false;
    };
    QSet<QString> using_;
    for (const Listener &l : m_listeners) {
        if (forwardsTo(l.defaultActions))
            using_.insert(l.loadBalancerId);
    }
    for (const ListenerRule &r : m_rules) {
        const Listener *l = listener(r.listenerId);
        if (l && forwardsTo(r.actions))
            using_.insert(l->loadBalancerId);
    }
    QStringList out;
    for (const LoadBalancer &lb : m_loadBalancers) {
        if (using_.contains(lb.id))
            out.append(lb.id);
    }
    return out;
}

void LoadBalancingRegistry::stage(state::Transaction &tx, const LoadBalancer &lb)
{
    stageDocument(tx, state::kLoadBalancerKind, lb.id, lb.createdAt, lb,
                  [this, lb] { upsert(m_loadBalancers, lb, [&](const LoadBalancer &x) { return x.id == lb.id; }); });
}

void LoadBalancingRegistry::stage(state::Transaction &tx, const TargetGroup &tg)
{
    stageDocument(tx, state::kTargetGroupKind, tg.id, tg.createdAt, tg,
                  [this, tg] { upsert(m_targetGroups, tg, [&](const TargetGroup &x) { return x.id == tg.id; }); });
}

void LoadBalancingRegistry::stage(state::Transaction &tx, const Listener &l)
{
    stageDocument(tx, state::kListenerKind, l.id, l.createdAt, l,
                  [this, l] { upsert(m_listeners, l, [&](const Listener &x) { return x.id == l.id; }); });
}

void LoadBalancingRegistry::stage(state::Transaction &tx, const ListenerRule &r)
{
    stageDocument(tx, state::kListenerRuleKind, r.id, r.createdAt, r,
                  [this, r] { upsert(m_rules, r, [&](const ListenerRule &x) { return x.id == r.id; }); });
}

void LoadBalancingRegistry::stage(state::Transaction &tx, const Target &t)
{
    stageDocument(tx, state::kTargetKind, t.documentId(), t.registeredAt, t, [this, t] {
        upsert(m_targets, t, [&](const Target &x) { return x.targetGroupId == t.targetGroupId && x.key() == t.key(); });
    });
}

void LoadBalancingRegistry::stageRemoval(state::Transaction &tx, const LoadBalancer &lb)
{
    stageDelete(tx, state::kLoadBalancerKind, lb.id,
                [this, id = lb.id] { m_loadBalancers.removeIf([&](const LoadBalancer &x) { return x.id == id; }); });
}

void LoadBalancingRegistry::stageRemoval(state::Transaction &tx, const TargetGroup &tg)
{
    stageDelete(tx, state::kTargetGroupKind, tg.id,
                [this, id = tg.id] { m_targetGroups.removeIf([&](const TargetGroup &x) { return x.id == id; }); });
}

void LoadBalancingRegistry::stageRemoval(state::Transaction &tx, const Listener &l)
{
    stageDelete(tx, state::kListenerKind, l.id,
                [this, id = l.id] { m_listeners.removeIf([&](const Listener &x) { return x.id == id; }); });
}

void LoadBalancingRegistry::stageRemoval(state::Transaction &tx, const ListenerRule &r)
{
    stageDelete(tx, state::kListenerRuleKind, r.id,
                [this, id = r.id] { m_rules.removeIf([&](const ListenerRule &x) { return x.id == id; }); });
}

void LoadBalancingRegistry::stageRemoval(state::Transaction &tx, const Target &t)
{
    stageDelete(tx, state::kTargetKind, t.documentId(), [this, group = t.targetGroupId, key = t.key()] {
        m_targets.removeIf([&](const Target &x) { return x.targetGroupId == group && x.key() == key; });
    });
}

} // namespace fd::registries
