#include "ScaleIn.h"

#include "PlacementState.h"

#include <QHash>

#include <algorithm>
#include <vector>

namespace fd::scheduler {

using namespace detail;

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
