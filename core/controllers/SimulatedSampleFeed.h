#pragma once

#include "Clock.h"
#include "metrics/SampleSink.h"
#include "metrics/StatsCollector.h"

#include <QObject>
#include <QSet>

#include <memory>

namespace fd {

namespace runtime {
class SimulatedRuntime;
}

/**
 * The simulated runtime's containers on the same path as Docker's: the runtime pushes raw samples
 * (cumulative CPU time, memory) here as a SampleSink; they go into a StatsCollector of their own,
 * which derives CPU % and memory exactly as for a remote Docker container and emits one
 * StatsCollector::sampled() batch per round. A container is tracked from its first sample and
 * dropped (with its series) after the first round without it.
 *
 * The collector's clock is the control plane's (the simulation runs on it); its timer is not
 * used: the runtime's rounds drive it (SimulatedRuntime::samplesPushed).
 */
class SimulatedSampleFeed final : public QObject, public metrics::SampleSink
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulatedSampleFeed)

public:
    /// Makes itself `runtime`'s sample sink (one sample per container every `interval`).
    SimulatedSampleFeed(runtime::SimulatedRuntime &runtime, std::shared_ptr<const Clock> clock,
                        std::chrono::milliseconds interval = std::chrono::seconds(1), QObject *parent = nullptr);
    ~SimulatedSampleFeed() override;

    void pushSample(const QString &id, const metrics::RawSample &sample) override;

    const metrics::StatsCollector &collector() const { return m_collector; }
    metrics::StatsCollector &collector() { return m_collector; }
    runtime::SimulatedRuntime &runtime() { return m_runtime; }

private:
    void endRound();

    runtime::SimulatedRuntime &m_runtime;
    metrics::StatsCollector m_collector;
    QSet<QString> m_seen; ///< ids sampled in the current round
};

} // namespace fd
