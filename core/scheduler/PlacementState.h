#pragma once

// Private to the placement engine (scheduler/Placement.h is its public face): the engine's state
// over one snapshot, kept across place() calls. The snapshot is indexed once: attribute values and
// task groups interned, remaining resources and running counts in dense arrays, candidates sorted
// per attribute value by remaining CPU or memory for binpack, static memberOf results cached.
// Every commit of a placement updates it, so the next decision sees the ones before.

#include "Placement.h"

#include <QHash>
#include <QStringList>

#include <unordered_set>
#include <utility>
#include <vector>

namespace fd::scheduler {

namespace detail {

// Sort keys pack (value, instance index) into one integer, so "least value, then instance order"
// is a single comparison. Values are offset so that negative remainders still sort first.
constexpr qint64 kKeyOffset = qint64(1) << 31;

inline quint64 packKey(qint64 value, int instance)
{
    return (quint64(value + kKeyOffset) << 32) | quint32(instance);
}

inline int keyInstance(quint64 key)
{
    return int(quint32(key & 0xffffffffu));
}

inline quint64 splitmix(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

inline quint64 portKey(int instance, int port)
{
    return (quint64(quint32(instance)) << 32) | quint32(port);
}

enum class Field { None, Cpu, Memory };

inline const QString kZoneAttribute = QStringLiteral("ecs.availability-zone");

} // namespace detail

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
        detail::Field field = detail::Field::None;
        std::vector<std::vector<quint64>> buckets;
    };
    std::vector<Index> indexes;

    // A query's view of one instance: the snapshot plus what this engine placed since.
    class Target final : public QueryTarget
    {
    public:
        Target(const State &s, int i) : m_s(s), m_i(i) {}
        bool agentConnected() const override { return m_s.snap[m_i].agentConnected; }
        QString agentVersion() const override { return m_s.snap[m_i].agentVersion; }
        QString ec2InstanceId() const override { return m_s.snap[m_i].ec2InstanceId; }
        QDateTime registeredAt() const override { return m_s.snap[m_i].registeredAt; }
        int runningTasksCount() const override { return m_s.running[std::size_t(m_i)]; }
        const QString *attribute(const QString &name) const override;
        QStringList taskGroups() const override;

    private:
        const State &m_s;
        int m_i;
    };

    explicit State(QList<InstanceSnapshot> instances);

    // Groups are loaded from the snapshot when a request first names them: a decision reads one
    // group, and walking every instance's groups up front would cost more than the decision.
    int groupId(const QString &name);
    int groupCount(int i, int g) const;

    int attributeId(const QString &name);
    int bucketCount(int attr) const { return attr < 0 ? 1 : int(attrs[std::size_t(attr)].values.size()) + 1; }
    int bucketOf(int attr, int i) const { return attr < 0 ? 0 : attrs[std::size_t(attr)].bucket[std::size_t(i)]; }
    QString bucketName(int attr, int bucket) const;

    qint64 fieldValue(detail::Field f, int i) const
    {
        return f == detail::Field::Cpu      ? remCpu[std::size_t(i)]
               : f == detail::Field::Memory ? remMem[std::size_t(i)]
                                            : 0;
    }

    // The sorted candidates for (attribute, field), built on first use.
    Index &index(int attr, detail::Field field);
    // Moves one key to its new place in a sorted bucket, shifting the ones in between.
    static void moveKey(std::vector<quint64> &v, quint64 from, quint64 to);

    // memberOf's answer per instance for a constraint that reads no placement state.
    const std::vector<quint8> &memberMask(const Constraint &c);
};

} // namespace fd::scheduler
