#include "alarms/AlarmEvaluator.h"

#include "alarms/AlarmDecision.h"
#include "alarms/StateReason.h"
#include "metrics/MetricStore.h"

namespace fd::alarms {

namespace {

qint64 floorTo(qint64 ms, qint64 unit)
{
    return (ms / unit - ((ms % unit) < 0 ? 1 : 0)) * unit;
}

metrics::StatisticsQuery rangeQuery(const AlarmDefinition &a, qint64 nowMs)
{
    const qint64 periodMs = qint64(a.periodSeconds) * 1000;
    metrics::StatisticsQuery q;
    q.metric = a.metric;
    q.periodSeconds = a.periodSeconds;
    q.endMs = floorTo(nowMs, a.periodSeconds >= 60 ? 60000 : periodMs);
    q.startMs = q.endMs - evaluationRange(a.evaluationPeriods) * periodMs;
    q.unit = a.unit;
    if (a.statistic)
        q.statistics = {*a.statistic};
    else
        q.extendedStatistics = {a.extendedStatistic};
    return q;
}

std::vector<WindowSlot> slotsOf(const AlarmDefinition &a, const metrics::StatisticsQuery &q,
                                const std::vector<metrics::StatisticsDatapoint> &points)
{
    const qint64 periodMs = qint64(a.periodSeconds) * 1000;
    std::vector<WindowSlot> window(std::size_t(evaluationRange(a.evaluationPeriods)));
    for (std::size_t i = 0; i < window.size(); ++i)
        window[i].timestampMs = q.startMs + qint64(i) * periodMs;
    for (const metrics::StatisticsDatapoint &p : points) {
        const qint64 i = (p.timestampMs - q.startMs) / periodMs;
        if (i < 0 || i >= qint64(window.size()))
            continue;
        const std::optional<double> v = a.statistic ? p.get(*a.statistic) : p.getExtended(a.extendedStatistic);
        if (!v)
            continue; // no percentile for this period: missing
        WindowSlot &s = window[std::size_t(i)];
        s.value = v;
        s.sampleCount = p.sampleCount;
        s.breaching = breaches(a.comparison, *v, a.threshold);
    }
    return window;
}

/// The query asks for the alarm's statistic only; SampleCount comes along for StateReasonData.
metrics::StatisticsQuery withSampleCount(metrics::StatisticsQuery q)
{
    if (!q.statistics.empty() && q.statistics.front() != metrics::Statistic::SampleCount)
        q.statistics.push_back(metrics::Statistic::SampleCount);
    return q;
}

} // namespace

qint64 evaluationIntervalMs(int periodSeconds)
{
    return periodSeconds < 60 ? 10000 : 60000;
}

qint64 nextEvaluationAt(int periodSeconds, qint64 nowMs)
{
    const qint64 interval = evaluationIntervalMs(periodSeconds);
    return floorTo(nowMs, interval) + interval;
}

Result<AlarmEvaluation> evaluate(const AlarmDefinition &alarm, const AlarmStatus &current,
                                 const metrics::MetricStore &store, qint64 nowMs)
{
    if (Status s = validate(alarm); !s)
        return s.error();
    const metrics::StatisticsQuery q = rangeQuery(alarm, nowMs);
    Result<std::vector<metrics::StatisticsDatapoint>> points = store.statistics(withSampleCount(q));
    if (!points)
        return points.error();

    AlarmEvaluation e;
    e.queryMs = nowMs;
    e.previous = current.state;
    e.window = slotsOf(alarm, q, *points);
    std::vector<std::optional<bool>> range;
    for (const WindowSlot &s : e.window)
        range.push_back(s.breaching);
    const AlarmDecision d = decide(range, alarm.m(), alarm.evaluationPeriods, alarm.treatMissingData, current.state);
    for (int i : d.evaluated) {
        e.window[std::size_t(i)].evaluated = true;
        e.window[std::size_t(i)].filled = d.filled > 0 && !e.window[std::size_t(i)].value;
    }
    e.state = d.state;
    if (d.kind == DecisionKind::Retained) {
        e.reason = current.reason;
        e.reasonData = current.reasonData;
        return e;
    }
    e.reason = stateReason(alarm, d, e.window);
    e.reasonData = stateReasonData(alarm, e.window, nowMs);
    e.transitioned = e.state != current.state;
    if (e.transitioned)
        e.history = transitionHistory(alarm.name, current, AlarmStatus{e.state, e.reason, e.reasonData}, nowMs);
    return e;
}

} // namespace fd::alarms
