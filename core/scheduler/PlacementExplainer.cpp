#include "PlacementExplainer.h"

#include <algorithm>
#include <numeric>

namespace fd::scheduler::detail {

namespace {

QString plural(int n, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
}

} // namespace

QString PlacementExplainer::ecsPhrase(int i, const Check &c) const
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
QString PlacementExplainer::sentence(int i, const Check &c) const
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

void PlacementExplainer::fail(TaskPlacement &tp, int closest, const Check &c) const
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

QString PlacementExplainer::keyWords(const Rank &k, int i, qint64 key, bool winner) const
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

void PlacementExplainer::explainTask(TaskPlacement &tp, int best, const std::vector<Check> &checks,
                                     const std::vector<int> &candidates, const std::vector<qint64> &allKeys) const
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

} // namespace fd::scheduler::detail
