#include "TrafficGenerator.h"

#include "TrafficRecorder.h"
#include "TrafficRun.h"

namespace fd::traffic {

TrafficGenerator::TrafficGenerator(const fd::Clock *clock)
    : m_clock(clock), m_recorder(std::make_shared<TrafficRecorder>(clock))
{}

TrafficGenerator::~TrafficGenerator()
{
    std::lock_guard lock(m_mutex);
    m_run.reset(); // stops and joins
}

// A finished run's thread has returned from its loop: joining it is immediate.
void TrafficGenerator::reapLocked()
{
    if (m_run && m_run->finished())
        m_run.reset();
}

Status TrafficGenerator::start(const TrafficOptions &options)
{
    Result<TrafficPlan> plan = validate(options);
    if (!plan)
        return plan.error();
    std::lock_guard lock(m_mutex);
    reapLocked();
    if (m_run)
        return makeError(QStringLiteral("TrafficRunning"),
                         QStringLiteral("traffic is already being sent; stop it before starting another run"));
    m_recorder->begin(++m_runs, plan.value());
    m_run = std::make_shared<TrafficRun>(std::move(plan).value(), m_recorder);
    m_run->start();
    return Ok{};
}

void TrafficGenerator::stop()
{
    std::lock_guard lock(m_mutex);
    if (m_run)
        m_run->stop();
}

bool TrafficGenerator::isRunning() const
{
    std::lock_guard lock(m_mutex);
    return m_run && !m_run->finished();
}

bool TrafficGenerator::waitForFinished(std::chrono::milliseconds timeout) const
{
    std::shared_ptr<TrafficRun> run;
    {
        std::lock_guard lock(m_mutex);
        run = m_run;
    }
    return !run || run->waitForFinished(timeout);
}

TrafficSnapshot TrafficGenerator::snapshot() const
{
    return m_recorder->snapshot();
}

std::uint64_t TrafficGenerator::runId() const
{
    std::lock_guard lock(m_mutex);
    return m_runs;
}

} // namespace fd::traffic
