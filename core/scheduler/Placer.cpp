#include "Placer.h"

#include "PlacementExplainer.h"

#include <algorithm>

namespace fd::scheduler::detail {

PlacementPlan Placer::run()
{
    resolve();
    PlacementPlan plan;
    const int count = std::max(0, m_q.r.count);
    plan.tasks.reserve(count);
    for (int t = 0; t < count; ++t) {
        TaskPlacement tp;
        int chosen = -1;
        const bool fast = m_fastPath && !m_q.r.explain;
        if (fast)
            chosen = fastPick();
        if (!fast || chosen < 0)
            chosen = scan(t, tp); // also words the failure, and the explanation when asked
        if (chosen >= 0) {
            tp.instance = chosen;
            tp.instanceId = m_s.snap.at(chosen).id;
            commit(chosen);
        }
        plan.tasks << std::move(tp);
    }
    for (int i : m_s.groupMembers[std::size_t(m_q.group)])
        m_s.groupOn[std::size_t(i)] = 0;
    return plan;
}

void Placer::resolve()
{
    const TaskRequest &r = m_q.r;
    m_q.group = m_s.groupId(r.group);
    for (int i : m_s.groupMembers[std::size_t(m_q.group)])
        m_s.groupOn[std::size_t(i)] = m_s.groupCount(i, m_q.group);

    if (r.strategies.isEmpty()) {
        Rank k;
        k.kind = Rank::Kind::SpreadAttribute;
        k.attr = m_s.attributeId(kZoneAttribute);
        k.label = QStringLiteral("fewest tasks in the Availability Zone (no strategy given)");
        k.isDefault = true;
        m_q.ranks.push_back(std::move(k));
    }
    for (const Strategy &st : r.strategies) {
        Rank k;
        k.kind = Rank::Kind::Random;
        k.label = st.toString();
        if (st.type == Strategy::Type::Spread) {
            if (st.spreadsOnInstance()) {
                k.kind = Rank::Kind::SpreadInstance;
            } else {
                k.kind = Rank::Kind::SpreadAttribute;
                k.attr = m_s.attributeId(st.spreadAttribute());
            }
        } else if (st.type == Strategy::Type::Binpack) {
            k.kind = st.field == u"cpu" ? Rank::Kind::BinpackCpu : Rank::Kind::BinpackMemory;
        }
        m_q.ranks.push_back(std::move(k));
    }
    for (Rank &k : m_q.ranks) {
        if (k.kind != Rank::Kind::SpreadAttribute)
            continue;
        k.counts.assign(std::size_t(m_s.bucketCount(k.attr)), 0);
        for (int i : m_s.groupMembers[std::size_t(m_q.group)])
            k.counts[std::size_t(m_s.bucketOf(k.attr, i))] += m_s.groupOn[std::size_t(i)];
    }

    for (int c = 0; c < r.constraints.size(); ++c) {
        const Constraint &con = r.constraints.at(c);
        if (con.type == Constraint::Type::DistinctInstance) {
            m_q.distinct = true;
        } else if (con.query.dependsOnPlacement()) {
            m_q.dynamicConstraints.push_back(c);
        } else if (!con.query.isEmpty()) {
            m_q.masks.push_back(&m_s.memberMask(con));
            m_q.maskConstraint.push_back(c);
        }
    }
    m_q.tcpPorts.assign(r.tcpPorts.cbegin(), r.tcpPorts.cend());
    m_q.udpPorts.assign(r.udpPorts.cbegin(), r.udpPorts.cend());

    // The indexed path covers [spread attribute]? [binpack]?, the chains the console templates
    // and the ECS default produce; anything else (random, spread instanceId, longer chains)
    // and placement-dependent queries go through the scan.
    const auto &k = m_q.ranks;
    int attr = -1;
    Field field = Field::None;
    std::size_t next = 0;
    if (next < k.size() && k[next].kind == Rank::Kind::SpreadAttribute)
        attr = k[next++].attr;
    if (next < k.size() && (k[next].kind == Rank::Kind::BinpackCpu || k[next].kind == Rank::Kind::BinpackMemory))
        field = k[next++].kind == Rank::Kind::BinpackCpu ? Field::Cpu : Field::Memory;
    m_fastPath = m_s.indexed && next == k.size() && m_q.dynamicConstraints.empty();
    if (m_fastPath) {
        m_index = &m_s.index(attr, field);
        m_indexField = field;
        m_spreadCounts = attr >= 0 ? &m_q.ranks.front().counts : nullptr;
    }
}

bool Placer::portsFree(int i) const
{
    for (int p : m_q.tcpPorts)
        if (m_s.tcp.count(portKey(i, p)))
            return false;
    for (int p : m_q.udpPorts)
        if (m_s.udp.count(portKey(i, p)))
            return false;
    return true;
}

int Placer::fastPick() const
{
    const int cpu = m_q.r.cpu, mem = m_q.r.memory;
    const quint64 start = m_indexField == Field::Cpu      ? packKey(cpu, 0)
                          : m_indexField == Field::Memory ? packKey(mem, 0)
                                                          : 0;
    const int *remCpu = m_s.remCpu.data();
    const int *remMem = m_s.remMem.data();
    const int *groupOn = m_s.groupOn.data();
    const bool checkPorts = !m_q.tcpPorts.empty() || !m_q.udpPorts.empty();
    int best = -1, bestCount = 0;
    quint64 bestKey = 0;
    const std::size_t nb = m_index->buckets.size();
    for (std::size_t b = 0; b < nb; ++b) {
        const std::vector<quint64> &v = m_index->buckets[b];
        const int c = m_spreadCounts ? (*m_spreadCounts)[b] : 0;
        if (v.empty() || (best >= 0 && c > bestCount))
            continue;
        for (auto it = std::lower_bound(v.begin(), v.end(), start); it != v.end(); ++it) {
            if (best >= 0 && c == bestCount && *it > bestKey)
                break; // nothing further in this bucket can win
            const int i = keyInstance(*it);
            if (remCpu[i] < cpu || remMem[i] < mem || (m_q.distinct && groupOn[i] > 0))
                continue;
            bool ok = true;
            for (const auto *mask : m_q.masks)
                ok = ok && (*mask)[std::size_t(i)];
            if (!ok || (checkPorts && !portsFree(i)))
                continue;
            best = i;
            bestCount = c;
            bestKey = *it;
            break;
        }
    }
    return best;
}

Check Placer::check(int i) const
{
    const std::size_t u = std::size_t(i);
    if (m_s.base[u] != RejectReason::None)
        return {m_s.base[u], int(m_s.base[u]), 0};
    if (m_s.remCpu[u] < m_q.r.cpu)
        return {RejectReason::InsufficientCpu, int(RejectReason::InsufficientCpu), 0};
    if (m_s.remMem[u] < m_q.r.memory)
        return {RejectReason::InsufficientMemory, int(RejectReason::InsufficientMemory), 0};
    for (int p : m_q.tcpPorts)
        if (m_s.tcp.count(portKey(i, p)))
            return {RejectReason::TcpPortInUse, int(RejectReason::TcpPortInUse), p};
    for (int p : m_q.udpPorts)
        if (m_s.udp.count(portKey(i, p)))
            return {RejectReason::UdpPortInUse, int(RejectReason::UdpPortInUse), p};
    const int constraintStage = int(RejectReason::DistinctInstance);
    const QList<Constraint> &cs = m_q.r.constraints;
    for (int c = 0; c < cs.size(); ++c) {
        const Constraint &con = cs.at(c);
        if (con.type == Constraint::Type::DistinctInstance) {
            if (m_s.groupOn[u] > 0)
                return {RejectReason::DistinctInstance, constraintStage + c, c};
            continue;
        }
        const auto m = std::find(m_q.maskConstraint.cbegin(), m_q.maskConstraint.cend(), c);
        const bool ok = m != m_q.maskConstraint.cend()
                            ? (*m_q.masks[std::size_t(m - m_q.maskConstraint.cbegin())])[u] != 0
                            : con.query.evaluate(PlacementEngine::State::Target(m_s, i));
        if (!ok)
            return {RejectReason::MemberOf, constraintStage + c, c};
    }
    return {};
}

qint64 Placer::key(const Rank &k, int t, int i) const
{
    switch (k.kind) {
    case Rank::Kind::SpreadAttribute:
        return k.counts[std::size_t(m_s.bucketOf(k.attr, i))];
    case Rank::Kind::SpreadInstance:
        return m_s.groupOn[std::size_t(i)];
    case Rank::Kind::BinpackCpu:
        return qint64(m_s.remCpu[std::size_t(i)]) - m_q.r.cpu;
    case Rank::Kind::BinpackMemory:
        return qint64(m_s.remMem[std::size_t(i)]) - m_q.r.memory;
    case Rank::Kind::Random:
        // A lot per (seed, task, instance): uniform, independent of instance order.
        return qint64(splitmix(m_q.r.seed ^ splitmix(quint64(t) * 0x100000001ULL ^ quint64(i))) >> 1);
    }
    return 0;
}

int Placer::scan(int t, TaskPlacement &tp) const
{
    const bool explain = m_q.r.explain;
    const std::size_t nr = m_q.ranks.size();
    std::vector<qint64> bestKeys(nr), keys(nr);
    std::vector<int> candidates;
    std::vector<qint64> allKeys; // explain: nr keys per candidate
    int best = -1, closest = -1, closestStage = -1;
    Check closestCheck;
    std::vector<Check> checks(explain ? std::size_t(m_s.n) : 0);
    for (int i = 0; i < m_s.n; ++i) {
        const Check c = check(i);
        if (explain)
            checks[std::size_t(i)] = c;
        if (c.reason != RejectReason::None) {
            if (c.stage > closestStage) {
                closestStage = c.stage;
                closest = i;
                closestCheck = c;
            }
            continue;
        }
        for (std::size_t k = 0; k < nr; ++k)
            keys[k] = key(m_q.ranks[k], t, i);
        if (best < 0 || keys < bestKeys) {
            best = i;
            bestKeys = keys;
        }
        if (explain) {
            candidates.push_back(i);
            allKeys.insert(allKeys.end(), keys.begin(), keys.end());
        }
    }
    const PlacementExplainer words(m_s, m_q);
    if (best < 0)
        words.fail(tp, closest, closestCheck);
    if (explain)
        words.explainTask(tp, best, checks, candidates, allKeys);
    return best;
}

void Placer::commit(int i)
{
    const std::size_t u = std::size_t(i);
    const TaskRequest &r = m_q.r;
    for (PlacementEngine::State::Index &ix : m_s.indexes) {
        const int delta = ix.field == Field::Cpu ? r.cpu : ix.field == Field::Memory ? r.memory : 0;
        if (delta == 0)
            continue;
        const qint64 old = m_s.fieldValue(ix.field, i);
        PlacementEngine::State::moveKey(ix.buckets[std::size_t(m_s.bucketOf(ix.attr, i))], packKey(old, i),
                                        packKey(old - delta, i));
    }
    m_s.remCpu[u] -= r.cpu;
    m_s.remMem[u] -= r.memory;
    ++m_s.running[u];
    for (int p : m_q.tcpPorts)
        m_s.tcp.insert(portKey(i, p));
    for (int p : m_q.udpPorts)
        m_s.udp.insert(portKey(i, p));

    const int g = m_q.group;
    if (m_s.groupOn[u]++ == 0) {
        m_s.instGroups[u].emplace_back(g, 1);
        m_s.groupMembers[std::size_t(g)].push_back(i);
    } else {
        for (auto &[gg, c] : m_s.instGroups[u])
            if (gg == g)
                ++c;
    }
    for (Rank &k : m_q.ranks)
        if (k.kind == Rank::Kind::SpreadAttribute)
            ++k.counts[std::size_t(m_s.bucketOf(k.attr, i))];
}

} // namespace fd::scheduler::detail
