#include "metrics/StatsCollector.h"

#include "metrics/MetricsLogging.h"
#include "metrics/StatsMath.h"

#include <algorithm>

namespace fd::metrics {

struct StatsCollector::Tracked
{
    QString id;
    qint64 pid = 0;
    Source source = Source::Local;
    std::optional<ContainerCgroup> cgroup; ///< resolved on the first tick that finds it
    std::optional<RawSample> prev;         ///< baseline of the next rates
    DerivedSample last;
    std::array<TimeSeries, kMetricCount> series;
    bool failing = false; ///< logged once per failure streak, not once per second
};

StatsCollector::StatsCollector(std::shared_ptr<const Clock> clock, QObject *parent)
    : StatsCollector(std::move(clock), Options{}, parent)
{}

StatsCollector::StatsCollector(std::shared_ptr<const Clock> clock, Options options, QObject *parent)
    : QObject(parent), m_clock(std::move(clock)), m_options(std::move(options)), m_reader(m_options.roots)
{
    Q_ASSERT(m_clock);
    // A precise timer keeps ticks within a millisecond or two of the interval instead of the 5 %
    // slack of Qt::CoarseTimer: rates are per measured interval anyway, but charts look steadier.
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(std::max(1, m_options.intervalMs));
    connect(&m_timer, &QTimer::timeout, this, &StatsCollector::sampleNow);
}

StatsCollector::~StatsCollector() = default;

StatsCollector::Tracked *StatsCollector::find(const QString &id) const
{
    return m_byId.value(id, nullptr);
}

StatsCollector::Tracked &StatsCollector::addOrUpdate(const QString &id, qint64 pid, Source source)
{
    Tracked *t = find(id);
    if (!t) {
        auto owned = std::make_unique<Tracked>();
        t = owned.get();
        t->id = id;
        for (TimeSeries &s : t->series)
            s = TimeSeries(m_options.capacity);
        m_containers.push_back(std::move(owned));
        m_byId.insert(id, t);
    } else if (t->pid != pid || t->source != source) {
        // A restarted container keeps its id but gets a new init process (and network namespace):
        // re-resolve the files and start the rates from a new baseline.
        t->cgroup.reset();
        t->prev.reset();
    }
    t->pid = pid;
    t->source = source;
    return *t;
}

void StatsCollector::addContainer(const QString &id, qint64 pid)
{
    addOrUpdate(id, pid, Source::Local);
}

void StatsCollector::addRemoteContainer(const QString &id)
{
    addOrUpdate(id, 0, Source::Remote);
}

bool StatsCollector::removeContainer(const QString &id)
{
    Tracked *t = find(id);
    if (!t)
        return false;
    m_byId.remove(id);
    m_pushed.removeIf([&](const ContainerSample &s) { return s.id == id; });
    m_containers.erase(std::find_if(m_containers.begin(), m_containers.end(),
                                    [t](const std::unique_ptr<Tracked> &p) { return p.get() == t; }));
    return true;
}

bool StatsCollector::contains(const QString &id) const
{
    return m_byId.contains(id);
}

QStringList StatsCollector::containerIds() const
{
    QStringList ids;
    ids.reserve(qsizetype(m_containers.size()));
    for (const auto &t : m_containers)
        ids.append(t->id);
    return ids;
}

void StatsCollector::start()
{
    m_timer.start();
}

void StatsCollector::stop()
{
    m_timer.stop();
}

bool StatsCollector::isActive() const
{
    return m_timer.isActive();
}

int StatsCollector::intervalMs() const
{
    return m_timer.interval();
}

void StatsCollector::setIntervalMs(int ms)
{
    m_options.intervalMs = std::max(1, ms);
    m_timer.setInterval(m_options.intervalMs);
}

DerivedSample StatsCollector::ingest(Tracked &t, const RawSample &raw)
{
    const RawSample *prev = t.prev ? &*t.prev : nullptr;
    const DerivedSample d = derive(prev, raw, t.last);
    // A duplicate keeps the old baseline, so the next rate spans the whole real interval.
    if (!prev || !isDuplicate(*prev, raw))
        t.prev = raw;
    t.last = d;
    for (int m = 0; m < kMetricCount; ++m)
        t.series[std::size_t(m)].append(raw.timestampMs, d.values[std::size_t(m)]);
    return d;
}

void StatsCollector::sampleNow()
{
    SampleBatch batch;
    batch.timestampMs = m_clock->now().toMSecsSinceEpoch();
    batch.samples.reserve(qsizetype(m_containers.size()) + m_pushed.size());
    batch.samples.append(m_pushed);
    m_pushed.clear();

    // Host CPU once per round, like the daemon's collector: every container's CPU % is relative
    // to the same host interval.
    std::optional<HostCpu> host;
    bool anyLocal = false;
    for (const auto &t : m_containers)
        anyLocal = anyLocal || t->source == Source::Local;
    if (anyLocal) {
        Result<HostCpu> h = m_reader.readHostCpu();
        if (h)
            host = *h;
        else
            qCWarning(lcMetrics) << "no CPU % this round:" << h.error().message;
    }

    for (const auto &owned : m_containers) {
        Tracked &t = *owned;
        if (t.source != Source::Local)
            continue;
        if (!t.cgroup) {
            Result<ContainerCgroup> located = m_reader.locate(t.id, t.pid);
            if (!located) {
                if (!t.failing)
                    qCWarning(lcMetrics) << located.error().message;
                t.failing = true;
                batch.failures.append({t.id, located.error()});
                continue;
            }
            t.cgroup = std::move(located).value();
            qCDebug(lcMetrics) << "container" << t.id.left(12) << "found:" << toString(t.cgroup->layout);
        }
        Result<RawSample> read = m_reader.read(*t.cgroup);
        if (!read) {
            if (!t.failing)
                qCWarning(lcMetrics) << read.error().message;
            t.failing = true;
            // Stopped, or about to be restarted under a new cgroup: look it up again next round.
            t.cgroup.reset();
            batch.failures.append({t.id, read.error()});
            continue;
        }
        if (t.failing)
            qCDebug(lcMetrics) << "container" << t.id.left(12) << "readable again";
        t.failing = false;

        RawSample raw = *read;
        raw.timestampMs = batch.timestampMs;
        if (host) {
            raw.systemCpuNs = host->totalNs;
            raw.onlineCpus = host->onlineCpus;
        } else {
            raw.parts &= quint8(~RawSample::Cpu);
        }
        batch.samples.append({t.id, raw.timestampMs, ingest(t, raw)});
    }
    emit sampled(batch);
}

void StatsCollector::pushSample(const QString &id, const RawSample &sample)
{
    Tracked *t = find(id);
    if (!t) {
        qCDebug(lcMetrics) << "dropped a sample for untracked container" << id.left(12);
        return;
    }
    m_pushed.append({id, sample.timestampMs, ingest(*t, sample)});
}

const TimeSeries *StatsCollector::series(const QString &id, Metric m) const
{
    const Tracked *t = find(id);
    return t ? &t->series[std::size_t(m)] : nullptr;
}

std::optional<DerivedSample> StatsCollector::latest(const QString &id) const
{
    const Tracked *t = find(id);
    if (!t || !t->prev)
        return std::nullopt;
    return t->last;
}

} // namespace fd::metrics
