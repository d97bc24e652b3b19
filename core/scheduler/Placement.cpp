#include "Placement.h"

#include <QHash>

#include <algorithm>
#include <numeric>
#include <unordered_set>
#include <vector>

namespace fd::scheduler {

namespace {

// Sort keys pack (value, instance index) into one integer, so "least value, then instance order"
// is a single comparison. Values are offset so that negative remainders still sort first.
constexpr qint64 kKeyOffset = qint64(1) << 31;

quint64 packKey(qint64 value, int instance)
{
    return (quint64(value + kKeyOffset) << 32) | quint32(instance);
}

int keyInstance(quint64 key)
{
    return int(quint32(key & 0xffffffffu));
}

quint64 splitmix(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

quint64 portKey(int instance, int port)
{
    return (quint64(quint32(instance)) << 32) | quint32(port);
}

enum class Field { None, Cpu, Memory };

const QString kZoneAttribute = QStringLiteral("ecs.availability-zone");

// One link of the strategy chain, resolved to interned ids.
struct Rank
{
    enum class Kind { SpreadAttribute, SpreadInstance, BinpackCpu, BinpackMemory, Random } kind = Kind::Random;
    int attr = -1;           // SpreadAttribute
    QString label;           // "spread attribute:ecs.availability-zone"
    bool isDefault = false;  // the no-strategy behaviour
    std::vector<int> counts; // SpreadAttribute: tasks of the group per attribute value (bucket)
};

struct Check
{
    RejectReason reason = RejectReason::None;
    int stage = 0;  // how far through the pipeline the instance got
    int detail = 0; // the port, or the constraint's index
};

QString plural(int n, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
}

} // namespace

QString ecsReasonCode(RejectReason reason)
{
    switch (reason) {
    case RejectReason::AgentDisconnected:
        return QStringLiteral("AGENT");
    case RejectReason::InsufficientCpu:
        return QStringLiteral("RESOURCE:CPU");
    case RejectReason::InsufficientMemory:
        return QStringLiteral("RESOURCE:MEMORY");
    case RejectReason::TcpPortInUse:
        return QStringLiteral("RESOURCE:PORTS");
    case RejectReason::UdpPortInUse:
        return QStringLiteral("RESOURCE:PORTS_UDP");
    case RejectReason::DistinctInstance:
    case RejectReason::MemberOf:
        return QStringLiteral("ATTRIBUTE");
    case RejectReason::None:
    case RejectReason::NotActive:
    case RejectReason::NoInstances:
        break;
    }
    return {};
}

int PlacementPlan::placedCount() const
{
    return int(std::count_if(tasks.cbegin(), tasks.cend(), [](const TaskPlacement &t) { return t.placed(); }));
}

QList<int> PlacementPlan::chosenInstances() const
{
    QList<int> out;
    out.reserve(tasks.size());
    for (const TaskPlacement &t : tasks)
        out << t.instance;
    return out;
}

// ---------------------------------------------------------------------------------------------

struct PlacementEngine::State
{
    QList<InstanceSnapshot> snap;
    int n = 0;
    std::vector<int> remCpu, remMem, running;
    std::vector<RejectReason> base; // NotActive / AgentDisconnected: never change within an engine
    std::unordered_set<quint64> tcp, udp;
    bool indexed = true;

    // Attribute values interned per name, built the first time a request names the attribute.
    struct Attr
    {
        std::vector<int> bucket; // per instance: value id + 1, 0 when the instance lacks it
        QStringList values;      // value id -> text
    };
    std::vector<Attr> attrs;
    QHash<QString, int> attrIds;

    // Task groups: per instance (group id, count) pairs, per group the instances holding one.
    QHash<QString, int> groupIds;
    QStringList groupNames;
    std::vector<std::vector<std::pair<int, int>>> instGroups;
    std::vector<std::vector<int>> groupMembers;
    std::vector<int> withGroups; // instances whose snapshot lists group counts
    int groupLoads = 0;
    bool snapshotGroupsBuilt = false;
    QHash<QString, std::vector<std::pair<int, int>>> snapshotGroups; // group -> (instance, count)
    std::vector<int> groupOn; // the current request's group, dense; zero between requests

    // Static memberOf results per expression text (they cannot change within an engine).
    QHash<QString, std::vector<quint8>> memberCache;

    // Candidates sorted by (remaining field, instance), bucketed by an attribute's value: what the
    // indexed path walks instead of every instance. Kept up to date on every commit.
    struct Index
    {
        int attr = -1;
        Field field = Field::None;
        std::vector<std::vector<quint64>> buckets;
    };
    std::vector<Index> indexes;

    class Target final : public QueryTarget
    {
    public:
        Target(const State &s, int i) : m_s(s), m_i(i) {}
        bool agentConnected() const override { return m_s.snap[m_i].agentConnected; }
        QString agentVersion() const override { return m_s.snap[m_i].agentVersion; }
        QString ec2InstanceId() const override { return m_s.snap[m_i].ec2InstanceId; }
        QDateTime registeredAt() const override { return m_s.snap[m_i].registeredAt; }
        int runningTasksCount() const override { return m_s.running[std::size_t(m_i)]; }
        const QString *attribute(const QString &name) const override
        {
            const auto &a = m_s.snap[m_i].attributes;
            const auto it = a.constFind(name);
            return it == a.cend() ? nullptr : &it.value();
        }
        QStringList taskGroups() const override
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

    private:
        const State &m_s;
        int m_i;
    };

    explicit State(QList<InstanceSnapshot> instances) : snap(std::move(instances)), n(int(snap.size()))
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
    int groupId(const QString &name)
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

    int groupCount(int i, int g) const
    {
        for (const auto &[gg, c] : instGroups[std::size_t(i)])
            if (gg == g)
                return c;
        return 0;
    }

    int attributeId(const QString &name)
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

    int bucketCount(int attr) const { return attr < 0 ? 1 : int(attrs[std::size_t(attr)].values.size()) + 1; }
    int bucketOf(int attr, int i) const { return attr < 0 ? 0 : attrs[std::size_t(attr)].bucket[std::size_t(i)]; }

    QString bucketName(int attr, int bucket) const
    {
        if (bucket == 0)
            return QStringLiteral("(no value)");
        return attrs[std::size_t(attr)].values.at(bucket - 1);
    }

    qint64 fieldValue(Field f, int i) const
    {
        return f == Field::Cpu ? remCpu[std::size_t(i)] : f == Field::Memory ? remMem[std::size_t(i)] : 0;
    }

    Index &index(int attr, Field field)
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

    // Moves one key to its new place in a sorted bucket, shifting the ones in between.
    static void moveKey(std::vector<quint64> &v, quint64 from, quint64 to)
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

    const std::vector<quint8> &memberMask(const Constraint &c)
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
};

// The per-request view: resolved strategies and constraints, and the placement loop.
namespace {

struct Request
{
    const TaskRequest &r;
    std::vector<Rank> ranks;
    bool distinct = false;
    std::vector<const std::vector<quint8> *> masks; // static memberOf, all constraints
    std::vector<int> maskConstraint;                // constraint index of each mask
    std::vector<int> dynamicConstraints;            // memberOf that read placement state
    std::vector<int> tcpPorts, udpPorts;
    int group = -1;
};

} // namespace

PlacementEngine::PlacementEngine(QList<InstanceSnapshot> instances) : d(std::make_unique<State>(std::move(instances)))
{}

PlacementEngine::~PlacementEngine() = default;

int PlacementEngine::instanceCount() const
{
    return d->n;
}

const InstanceSnapshot &PlacementEngine::instance(int index) const
{
    return d->snap.at(index);
}

int PlacementEngine::remainingCpu(int index) const
{
    return d->remCpu.at(std::size_t(index));
}

int PlacementEngine::remainingMemory(int index) const
{
    return d->remMem.at(std::size_t(index));
}

int PlacementEngine::runningTasksCount(int index) const
{
    return d->running.at(std::size_t(index));
}

int PlacementEngine::groupTaskCount(int index, const QString &group) const
{
    const auto it = d->groupIds.constFind(group);
    return it == d->groupIds.cend() ? d->snap.at(index).groupTaskCounts.value(group) : d->groupCount(index, it.value());
}

void PlacementEngine::setIndexedPathEnabled(bool enabled)
{
    d->indexed = enabled;
}

namespace {

// Everything place() needs over one request, kept out of the header.
class Placer
{
public:
    Placer(PlacementEngine::State &s, const TaskRequest &r) : m_s(s), m_q{r, {}, false, {}, {}, {}, {}, {}, -1} {}

    PlacementPlan run()
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

private:
    void resolve()
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

    bool portsFree(int i) const
    {
        for (int p : m_q.tcpPorts)
            if (m_s.tcp.count(portKey(i, p)))
                return false;
        for (int p : m_q.udpPorts)
            if (m_s.udp.count(portKey(i, p)))
                return false;
        return true;
    }

    // The indexed path: per bucket (attribute value) in the sorted order, the first instance that
    // passes every check is the best of its bucket; the best bucket has the fewest tasks of the
    // group, ties going to the smaller (remaining, instance) key, exactly as the scan ranks.
    int fastPick() const
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

    Check check(int i) const
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

    qint64 key(const Rank &k, int t, int i) const
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

    // The plain pipeline over every instance; the reference the indexed path must agree with.
    int scan(int t, TaskPlacement &tp) const
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
        if (best < 0)
            fail(tp, closest, closestCheck);
        if (explain)
            explainTask(tp, best, checks, candidates, allKeys);
        return best;
    }

    QString ecsPhrase(int i, const Check &c) const
    {
        switch (c.reason) {
        case RejectReason::NotActive:
            return QStringLiteral("is not ACTIVE");
        case RejectReason::AgentDisconnected:
            return QStringLiteral("encountered error \"AGENT\"");
        case RejectReason::InsufficientCpu:
            return QStringLiteral("has insufficient CPU units available");
        case RejectReason::InsufficientMemory:
            return QStringLiteral("has insufficient memory available");
        case RejectReason::TcpPortInUse:
        case RejectReason::UdpPortInUse:
            return QStringLiteral("is already using a port required by your task");
        case RejectReason::DistinctInstance:
            return QStringLiteral("does not satisfy constraint distinctInstance (it already runs a task of group %1)")
                .arg(m_q.r.group);
        case RejectReason::MemberOf: {
            const Constraint &con = m_q.r.constraints.at(c.detail);
            if (!con.query.missingAttributes(PlacementEngine::State::Target(m_s, i)).isEmpty())
                return QStringLiteral("is missing an attribute required by your task");
            return QStringLiteral("does not satisfy constraint %1").arg(con.toString());
        }
        case RejectReason::None:
        case RejectReason::NoInstances:
            break;
        }
        return {};
    }

    // The audience-facing sentence for one rejected instance, with the numbers.
    QString sentence(int i, const Check &c) const
    {
        const std::size_t u = std::size_t(i);
        switch (c.reason) {
        case RejectReason::NotActive:
            return QStringLiteral("is not ACTIVE (draining or deregistered), so it takes no new tasks");
        case RejectReason::AgentDisconnected:
            return QStringLiteral("agent is disconnected, so it cannot start tasks");
        case RejectReason::InsufficientCpu:
            return QStringLiteral("has insufficient CPU units available (the task needs %1, %2 left)")
                .arg(m_q.r.cpu)
                .arg(m_s.remCpu[u]);
        case RejectReason::InsufficientMemory:
            return QStringLiteral("has insufficient memory available (the task needs %1 MiB, %2 MiB left)")
                .arg(m_q.r.memory)
                .arg(m_s.remMem[u]);
        case RejectReason::TcpPortInUse:
            return QStringLiteral("is already using a port required by your task (TCP %1)").arg(c.detail);
        case RejectReason::UdpPortInUse:
            return QStringLiteral("is already using a port required by your task (UDP %1)").arg(c.detail);
        case RejectReason::DistinctInstance:
            return QStringLiteral("does not satisfy constraint distinctInstance: it already runs a task of group %1")
                .arg(m_q.r.group);
        case RejectReason::MemberOf: {
            const Constraint &con = m_q.r.constraints.at(c.detail);
            const QStringList missing = con.query.missingAttributes(PlacementEngine::State::Target(m_s, i));
            if (!missing.isEmpty())
                return QStringLiteral("is missing an attribute required by your task (%1 in %2)")
                    .arg(missing.join(QStringLiteral(", ")), con.toString());
            return QStringLiteral("does not satisfy constraint %1").arg(con.toString());
        }
        case RejectReason::None:
        case RejectReason::NoInstances:
            break;
        }
        return {};
    }

    void fail(TaskPlacement &tp, int closest, const Check &c) const
    {
        PlacementFailure &f = tp.failure;
        if (closest < 0) {
            f.reason = RejectReason::NoInstances;
            f.detail = QStringLiteral("No container instances were found in the cluster.");
            return;
        }
        f.reason = c.reason;
        f.code = ecsReasonCode(c.reason);
        f.closestInstanceId = m_s.snap.at(closest).id;
        f.detail = QStringLiteral("The closest matching (container-instance %1) %2.")
                       .arg(f.closestInstanceId, ecsPhrase(closest, c));
    }

    QString keyWords(const Rank &k, int i, qint64 key, bool winner) const
    {
        switch (k.kind) {
        case Rank::Kind::SpreadAttribute:
            return QStringLiteral("%1 → %2 had %3 of group %4%5")
                .arg(k.label, m_s.bucketName(k.attr, m_s.bucketOf(k.attr, i)), plural(int(key), "task", "tasks"),
                     m_q.r.group, winner ? QStringLiteral(" (fewest)") : QString());
        case Rank::Kind::SpreadInstance:
            return QStringLiteral("%1 → this instance had %2 of group %3%4")
                .arg(k.label, plural(int(key), "task", "tasks"), m_q.r.group,
                     winner ? QStringLiteral(" (fewest)") : QString());
        case Rank::Kind::BinpackCpu:
            return QStringLiteral("%1 → %2 CPU units left%3")
                .arg(k.label)
                .arg(key)
                .arg(winner ? QStringLiteral(" (least)") : QString());
        case Rank::Kind::BinpackMemory:
            return QStringLiteral("%1 → %2 MiB left%3")
                .arg(k.label)
                .arg(key)
                .arg(winner ? QStringLiteral(" (least)") : QString());
        case Rank::Kind::Random:
            return QStringLiteral("%1 → drew %2 with seed %3%4")
                .arg(k.label)
                .arg(double(key) / 9223372036854775807.0, 0, 'f', 4)
                .arg(m_q.r.seed)
                .arg(winner ? QStringLiteral(" (lowest)") : QString());
        }
        return {};
    }

    void explainTask(TaskPlacement &tp, int best, const std::vector<Check> &checks, const std::vector<int> &candidates,
                     const std::vector<qint64> &allKeys) const
    {
        TaskExplanation &e = tp.explanation;
        const std::size_t nr = m_q.ranks.size();
        const int nc = int(candidates.size());
        e.candidateCount = nc;

        // Rank the candidates: keys, then instance order.
        std::vector<int> order(static_cast<std::size_t>(nc));
        std::iota(order.begin(), order.end(), 0);
        auto keysOf = [&](int c) { return allKeys.begin() + std::ptrdiff_t(std::size_t(c) * nr); };
        std::sort(order.begin(), order.end(), [&](int a, int b) {
            const auto ka = keysOf(a), kb = keysOf(b);
            if (std::lexicographical_compare(ka, ka + std::ptrdiff_t(nr), kb, kb + std::ptrdiff_t(nr)))
                return true;
            if (std::lexicographical_compare(kb, kb + std::ptrdiff_t(nr), ka, ka + std::ptrdiff_t(nr)))
                return false;
            return candidates[std::size_t(a)] < candidates[std::size_t(b)];
        });
        std::vector<int> rankOf(std::size_t(m_s.n), 0);
        std::vector<int> candidateOf(std::size_t(m_s.n), -1);
        for (int r = 0; r < nc; ++r) {
            rankOf[std::size_t(candidates[std::size_t(order[std::size_t(r)])])] = r + 1;
            candidateOf[std::size_t(candidates[std::size_t(order[std::size_t(r)])])] = order[std::size_t(r)];
        }

        QList<int> rejectedBy(int(RejectReason::NoInstances) + 1, 0);
        for (int i = 0; i < m_s.n; ++i) {
            InstanceVerdict v;
            v.instance = i;
            const Check &c = checks[std::size_t(i)];
            v.reason = c.reason;
            if (c.reason != RejectReason::None) {
                v.sentence = sentence(i, c);
                ++rejectedBy[int(c.reason)];
            } else {
                v.rank = rankOf[std::size_t(i)];
                const auto k = keysOf(candidateOf[std::size_t(i)]);
                QStringList words;
                for (std::size_t r = 0; r < nr; ++r) {
                    StrategyKey sk;
                    sk.strategy = m_q.ranks[r].label;
                    sk.key = k[std::ptrdiff_t(r)];
                    const QString w = keyWords(m_q.ranks[r], i, sk.key, v.rank == 1);
                    sk.value = w.mid(sk.strategy.size() + 3); // after "label → "
                    v.keys << sk;
                    words << w;
                }
                v.sentence = QStringLiteral("ranked %1 of %2").arg(v.rank).arg(nc);
                if (!words.isEmpty())
                    v.sentence += QStringLiteral(": ") + words.join(QStringLiteral("; "));
                if (v.rank == 1 && nr == 0)
                    v.sentence += QStringLiteral(": first in instance order");
            }
            e.instances << v;
        }

        if (best >= 0) {
            QString s = e.instances.at(best).sentence;
            // Say when instance order settled a tie, so nobody looks for a reason that is not there.
            int ties = 0;
            const auto bk = keysOf(candidateOf[std::size_t(best)]);
            for (int c = 0; c < nc; ++c)
                if (std::equal(bk, bk + std::ptrdiff_t(nr), keysOf(c)))
                    ++ties;
            if (ties > 1 && nr > 0)
                s += QStringLiteral("; then first in instance order among %1 equal candidates").arg(ties);
            e.summary = s;
            return;
        }
        QStringList parts;
        for (int r = int(RejectReason::NotActive); r < int(RejectReason::NoInstances); ++r) {
            if (!rejectedBy[r])
                continue;
            static const char *const what[] = {"",
                                               "not ACTIVE",
                                               "agent disconnected",
                                               "insufficient CPU units",
                                               "insufficient memory",
                                               "a TCP port in use",
                                               "a UDP port in use",
                                               "distinctInstance not satisfied",
                                               "memberOf not satisfied"};
            parts << QStringLiteral("%1 with %2")
                         .arg(plural(rejectedBy[r], "instance", "instances"))
                         .arg(QLatin1String(what[r]));
        }
        e.summary =
            QStringLiteral("not placed (%1): of %2, %3. %4")
                .arg(tp.failure.code.isEmpty() ? QStringLiteral("no candidate") : tp.failure.code,
                     plural(m_s.n, "instance", "instances"),
                     parts.isEmpty() ? QStringLiteral("none could be considered") : parts.join(QStringLiteral(", ")),
                     tp.failure.detail);
    }

    void commit(int i)
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

    PlacementEngine::State &m_s;
    Request m_q;
    bool m_fastPath = false;
    const PlacementEngine::State::Index *m_index = nullptr;
    Field m_indexField = Field::None;
    const std::vector<int> *m_spreadCounts = nullptr;
};

} // namespace

PlacementPlan PlacementEngine::place(const TaskRequest &request)
{
    return Placer(*d, request).run();
}

PlacementPlan planPlacement(const QList<InstanceSnapshot> &instances, const TaskRequest &request)
{
    PlacementEngine engine(instances);
    return engine.place(request);
}

// ---------------------------------------------------------------------------------------------
// Scale-in

QStringList chooseTasksToStop(const QList<InstanceSnapshot> &instances, const QList<StopCandidate> &tasks,
                              const QList<Strategy> &strategies, int count, quint64 seed)
{
    QList<Strategy> chain = strategies;
    if (chain.isEmpty()) {
        Strategy zone;
        zone.type = Strategy::Type::Spread;
        zone.field = QStringLiteral("attribute:") + kZoneAttribute;
        chain << zone;
    }
    std::vector<qint64> remCpu, remMem;
    for (const InstanceSnapshot &s : instances) {
        remCpu.push_back(s.remainingCpu);
        remMem.push_back(s.remainingMemory);
    }
    auto valid = [&](const StopCandidate &t) { return t.instance >= 0 && t.instance < instances.size(); };

    std::vector<int> left; // indices into tasks still running
    for (int t = 0; t < tasks.size(); ++t)
        if (valid(tasks.at(t)))
            left.push_back(t);

    QStringList out;
    for (int round = 0; round < count && !left.empty(); ++round) {
        std::vector<int> cand = left;
        for (const Strategy &s : chain) {
            if (s.type == Strategy::Type::Random || cand.size() <= 1)
                break;
            // Higher score stops first.
            std::vector<qint64> score(cand.size());
            if (s.type == Strategy::Type::Spread) {
                const QString attr = s.spreadAttribute();
                auto bucket = [&](int t) -> QString {
                    const InstanceSnapshot &in = instances.at(tasks.at(t).instance);
                    if (attr.isEmpty())
                        return in.id + QString::number(tasks.at(t).instance);
                    const auto it = in.attributes.constFind(attr);
                    return it == in.attributes.cend() ? QString() : QStringLiteral("=") + it.value();
                };
                QHash<QString, int> perBucket; // over every task still running, not only the tied ones
                for (int t : left)
                    ++perBucket[bucket(t)];
                for (std::size_t c = 0; c < cand.size(); ++c)
                    score[c] = perBucket.value(bucket(cand[c]));
            } else {
                const bool cpu = s.field == u"cpu";
                for (std::size_t c = 0; c < cand.size(); ++c) {
                    const StopCandidate &t = tasks.at(cand[c]);
                    const std::size_t in = std::size_t(t.instance);
                    score[c] = cpu ? remCpu[in] + t.cpu : remMem[in] + t.memory; // left after stopping it
                }
            }
            const qint64 top = *std::max_element(score.begin(), score.end());
            std::vector<int> kept;
            for (std::size_t c = 0; c < cand.size(); ++c)
                if (score[c] == top)
                    kept.push_back(cand[c]);
            cand = std::move(kept);
        }
        const int pick = cand[std::size_t(splitmix(seed ^ splitmix(quint64(round) + 1)) % cand.size())];
        const StopCandidate &t = tasks.at(pick);
        remCpu[std::size_t(t.instance)] += t.cpu;
        remMem[std::size_t(t.instance)] += t.memory;
        out << t.taskId;
        left.erase(std::find(left.begin(), left.end(), pick));
    }
    return out;
}

} // namespace fd::scheduler
