#include "alarms/AlarmDecision.h"

#include <algorithm>

namespace fd::alarms {

namespace {

AlarmState byCount(int breaching, int m)
{
    return breaching >= m ? AlarmState::Alarm : AlarmState::Ok;
}

/// The `count` newest missing slots and every real one, oldest first.
std::vector<int> realsAndNewestMissing(const std::vector<std::optional<bool>> &range, int count)
{
    std::vector<int> out;
    for (int i = int(range.size()) - 1; i >= 0; --i) {
        if (range[std::size_t(i)].has_value())
            out.push_back(i);
        else if (count > 0) {
            out.push_back(i);
            --count;
        }
    }
    std::reverse(out.begin(), out.end());
    return out;
}

AlarmDecision decideWithSomeData(const std::vector<std::optional<bool>> &range, int m, int n, int reals,
                                 TreatMissingData treatment, AlarmState current)
{
    AlarmDecision d;
    d.evaluated = realsAndNewestMissing(range, n - reals);
    int breaching = 0;
    for (const auto &slot : range)
        breaching += slot.value_or(false) ? 1 : 0;
    const int nonBreaching = reals - breaching;
    if (treatment == TreatMissingData::Breaching || treatment == TreatMissingData::NotBreaching) {
        d.filled = n - reals;
        d.state = byCount(breaching + (treatment == TreatMissingData::Breaching ? d.filled : 0), m);
        return d;
    }
    if (breaching >= m || nonBreaching > 0) {
        d.state = byCount(breaching, m);
        return d;
    }
    if (treatment == TreatMissingData::Ignore) {
        d.kind = DecisionKind::Retained;
        d.state = current;
        return d;
    }
    const bool oldestIsReal = range[std::size_t(d.evaluated.front())].has_value();
    d.kind = oldestIsReal ? DecisionKind::Datapoints : DecisionKind::Insufficient;
    d.state = oldestIsReal ? AlarmState::Alarm : AlarmState::InsufficientData;
    return d;
}

} // namespace

int evaluationRange(int evaluationPeriods)
{
    return evaluationPeriods + 2;
}

AlarmDecision decide(const std::vector<std::optional<bool>> &range, int m, int n, TreatMissingData treatment,
                     AlarmState current)
{
    std::vector<int> reals;
    for (int i = 0; i < int(range.size()); ++i)
        if (range[std::size_t(i)].has_value())
            reals.push_back(i);

    if (int(reals.size()) >= n) {
        AlarmDecision d;
        d.evaluated.assign(reals.end() - n, reals.end());
        int breaching = 0;
        for (int i : d.evaluated)
            breaching += *range[std::size_t(i)] ? 1 : 0;
        d.state = byCount(breaching, m);
        return d;
    }
    if (!reals.empty())
        return decideWithSomeData(range, m, n, int(reals.size()), treatment, current);

    AlarmDecision d;
    d.evaluated = realsAndNewestMissing(range, n);
    switch (treatment) {
    case TreatMissingData::Missing:
        d.kind = DecisionKind::Insufficient;
        d.state = AlarmState::InsufficientData;
        break;
    case TreatMissingData::Ignore:
        d.kind = DecisionKind::Retained;
        d.state = current;
        break;
    case TreatMissingData::Breaching:
    case TreatMissingData::NotBreaching:
        d.kind = DecisionKind::NoData;
        d.filled = n;
        d.state = treatment == TreatMissingData::Breaching ? AlarmState::Alarm : AlarmState::Ok;
        break;
    }
    return d;
}

} // namespace fd::alarms
