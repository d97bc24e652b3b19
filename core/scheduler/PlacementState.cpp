#include "PlacementState.h"

#include <algorithm>

namespace fd::scheduler {

using namespace detail;

const QString *PlacementEngine::State::Target::attribute(const QString &name) const
{
    const auto &a = m_s.snap[m_i].attributes;
    const auto it = a.constFind(name);
    return it == a.cend() ? nullptr : &it.value();
}

QStringList PlacementEngine::State::Target::taskGroups() const
{
    // The snapshot's groups, plus those this engine placed (or loaded) since.
    const auto &fromSnapshot = m_s.snap[m_i].groupTaskCounts;
    QStringList out;
    for (auto it = fromSnapshot.cbegin(); it != fromSnapshot.cend(); ++it)
        if (it.value() > 0)
            out << it.key();
    for (const auto &[g, c] : m_s.instGroups[std::size_t(m_i)])
        if (c > 0 && !fromSnapshot.contains(m_s.groupNames.at(g)))
            out << m_s.groupNames.at(g);
    return out;
}

PlacementEngine::State::State(QList<InstanceSnapshot> instances) : snap(std::move(instances)), n(int(snap.size()))
{
    remCpu.resize(std::size_t(n));
    remMem.resize(std::size_t(n));
    running.resize(std::size_t(n));
    base.resize(std::size_t(n));
    instGroups.resize(std::size_t(n));
    groupOn.assign(std::size_t(n), 0);
    for (int i = 0; i < n; ++i) {
        const InstanceSnapshot &s = snap.at(i);
        remCpu[std::size_t(i)] = s.remainingCpu;
        remMem[std::size_t(i)] = s.remainingMemory;
        running[std::size_t(i)] = s.runningTasksCount;
        base[std::size_t(i)] = !s.active           ? RejectReason::NotActive
                               : !s.agentConnected ? RejectReason::AgentDisconnected
                                                   : RejectReason::None;
        for (int p : s.usedTcpPorts)
            tcp.insert(portKey(i, p));
        for (int p : s.usedUdpPorts)
            udp.insert(portKey(i, p));
        if (!s.groupTaskCounts.isEmpty())
            withGroups.push_back(i);
    }
}

// Groups are loaded from the snapshot when a request first names them: a decision reads one
// group, and walking every instance's groups up front would cost more than the decision.
int PlacementEngine::State::groupId(const QString &name)
{
    const auto it = groupIds.constFind(name);
    if (it != groupIds.cend())
        return it.value();
    const int id = int(groupNames.size());
    groupIds.insert(name, id);
    groupNames << name;
    groupMembers.emplace_back();
    auto load = [&](int i, int c) {
        if (c > 0) {
            instGroups[std::size_t(i)].emplace_back(id, c);
            groupMembers[std::size_t(id)].push_back(i);
        }
    };
    // One lookup per instance is cheapest for a one-off decision; an engine that keeps
    // placing new groups inverts every instance's groups once instead.
    if (++groupLoads <= 2) {
        for (int i : withGroups)
            load(i, snap.at(i).groupTaskCounts.value(name));
        return id;
    }
    if (!snapshotGroupsBuilt) {
        snapshotGroupsBuilt = true;
        for (int i : withGroups) {
            const auto &counts = snap.at(i).groupTaskCounts;
            for (auto it = counts.cbegin(); it != counts.cend(); ++it)
                snapshotGroups[it.key()].emplace_back(i, it.value());
        }
    }
    for (const auto &[i, c] : snapshotGroups.value(name))
        load(i, c);
    return id;
}

int PlacementEngine::State::groupCount(int i, int g) const
{
    for (const auto &[gg, c] : instGroups[std::size_t(i)])
        if (gg == g)
            return c;
    return 0;
}

int PlacementEngine::State::attributeId(const QString &name)
{
    const auto it = attrIds.constFind(name);
    if (it != attrIds.cend())
        return it.value();
    Attr a;
    a.bucket.resize(std::size_t(n));
    QHash<QString, int> ids;
    for (int i = 0; i < n; ++i) {
        const auto &attributes = snap.at(i).attributes;
        const auto v = attributes.constFind(name);
        if (v == attributes.cend())
            continue;
        // Few distinct values (zones, instance types): comparing is cheaper than hashing.
        int id = -1;
        if (a.values.size() <= 8) {
            id = int(a.values.indexOf(v.value()));
        } else {
            if (ids.isEmpty())
                for (int k = 0; k < a.values.size(); ++k)
                    ids.insert(a.values.at(k), k);
            id = ids.value(v.value(), -1);
        }
        if (id < 0) {
            id = int(a.values.size());
            a.values << v.value();
            if (!ids.isEmpty())
                ids.insert(v.value(), id);
        }
        a.bucket[std::size_t(i)] = id + 1;
    }
    const int id = int(attrs.size());
    attrs.push_back(std::move(a));
    attrIds.insert(name, id);
    return id;
}

QString PlacementEngine::State::bucketName(int attr, int bucket) const
{
    if (bucket == 0)
        return QStringLiteral("(no value)");
    return attrs[std::size_t(attr)].values.at(bucket - 1);
}

PlacementEngine::State::Index &PlacementEngine::State::index(int attr, Field field)
{
    for (Index &ix : indexes)
        if (ix.attr == attr && ix.field == field)
            return ix;
    Index ix;
    ix.attr = attr;
    ix.field = field;
    ix.buckets.resize(std::size_t(bucketCount(attr)));
    for (int i = 0; i < n; ++i)
        if (base[std::size_t(i)] == RejectReason::None) // never a candidate otherwise
            ix.buckets[std::size_t(bucketOf(attr, i))].push_back(packKey(fieldValue(field, i), i));
    for (auto &b : ix.buckets)
        std::sort(b.begin(), b.end());
    indexes.push_back(std::move(ix));
    return indexes.back();
}

void PlacementEngine::State::moveKey(std::vector<quint64> &v, quint64 from, quint64 to)
{
    auto pos = std::lower_bound(v.begin(), v.end(), from);
    if (pos == v.end() || *pos != from)
        return;
    if (to < from) {
        auto np = std::lower_bound(v.begin(), pos, to);
        std::move_backward(np, pos, pos + 1);
        *np = to;
    } else {
        auto np = std::lower_bound(pos + 1, v.end(), to);
        std::move(pos + 1, np, pos);
        *(np - 1) = to;
    }
}

const std::vector<quint8> &PlacementEngine::State::memberMask(const Constraint &c)
{
    auto it = memberCache.find(c.expression);
    if (it != memberCache.end())
        return it.value();
    std::vector<quint8> mask(std::size_t(n), 0);
    const QStringList names = c.query.attributeNames();
    if (c.query.readsOnlyAttributes() && names.size() == 1) {
        // A function of one attribute's value: evaluate once per distinct value.
        const int a = attributeId(names.first());
        std::vector<qint8> byBucket(std::size_t(bucketCount(a)), -1);
        for (int i = 0; i < n; ++i) {
            qint8 &r = byBucket[std::size_t(bucketOf(a, i))];
            if (r < 0)
                r = c.query.evaluate(Target(*this, i)) ? 1 : 0;
            mask[std::size_t(i)] = quint8(r);
        }
    } else {
        for (int i = 0; i < n; ++i)
            mask[std::size_t(i)] = c.query.evaluate(Target(*this, i)) ? 1 : 0;
    }
    return memberCache.insert(c.expression, std::move(mask)).value();
}

} // namespace fd::scheduler
