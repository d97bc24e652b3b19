#include "controllers/SimulatedSampleFeed.h"

#include "runtime/SimulatedRuntime.h"

namespace fd {

SimulatedSampleFeed::SimulatedSampleFeed(runtime::SimulatedRuntime &runtime, std::shared_ptr<const Clock> clock,
                                         std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent), m_runtime(runtime), m_collector(std::move(clock))
{
    m_runtime.setSampleSink(this, interval);
    connect(&m_runtime, &runtime::SimulatedRuntime::samplesPushed, this, &SimulatedSampleFeed::endRound);
}

SimulatedSampleFeed::~SimulatedSampleFeed()
{
    m_runtime.setSampleSink(nullptr);
}

void SimulatedSampleFeed::pushSample(const QString &id, const metrics::RawSample &sample)
{
    if (!m_collector.contains(id))
        m_collector.addRemoteContainer(id);
    m_seen.insert(id);
    m_collector.pushSample(id, sample);
}

void SimulatedSampleFeed::endRound()
{
    const QStringList tracked = m_collector.containerIds();
    for (const QString &id : tracked) {
        if (!m_seen.contains(id))
            m_collector.removeContainer(id);
    }
    m_seen.clear();
    m_collector.sampleNow();
}

} // namespace fd
