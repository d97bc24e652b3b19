#include "HealthJudge.h"

#include <QStringList>

namespace fd::lbctl {

namespace {

using State = elb::TargetHealthState;

HealthChange failureOf(const ProbeOutcome &o)
{
    switch (o.kind) {
    case ProbeOutcome::Kind::Response:
        return {State::Unhealthy, QStringLiteral("Target.ResponseCodeMismatch"),
                QStringLiteral("Health checks failed with these codes: [%1]").arg(o.statusCode)};
    case ProbeOutcome::Kind::Timeout:
        return {State::Unhealthy, QStringLiteral("Target.Timeout"), QStringLiteral("Request timed out")};
    case ProbeOutcome::Kind::Failed:
        break;
    }
    return {State::Unhealthy, QStringLiteral("Target.FailedHealthChecks"), QStringLiteral("Health checks failed")};
}

} // namespace

bool matcherAccepts(const QString &matcher, int code)
{
    const QStringList parts = matcher.split(u',', Qt::SkipEmptyParts);
    for (const QString &raw : parts) {
        const QString part = raw.trimmed();
        const qsizetype dash = part.indexOf(u'-');
        if (dash < 0) {
            if (part.toInt() == code)
                return true;
            continue;
        }
        bool okLow = false, okHigh = false;
        const int low = part.left(dash).toInt(&okLow);
        const int high = part.mid(dash + 1).toInt(&okHigh);
        if (okLow && okHigh && code >= low && code <= high)
            return true;
    }
    return false;
}

std::optional<HealthChange> judgeProbe(const elb::Target &target, const elb::HealthCheck &check, HealthRun &run,
                                       const ProbeOutcome &outcome)
{
    if (elb::isDraining(target.state) || target.state == State::Unused)
        return std::nullopt;
    const bool passed = outcome.kind == ProbeOutcome::Kind::Response && matcherAccepts(check.matcher, outcome.statusCode);
    if (passed) {
        ++run.passes;
        run.failures = 0;
    } else {
        ++run.failures;
        run.passes = 0;
    }
    const HealthChange healthy{State::Healthy, {}, {}};
    switch (target.state) {
    case State::Initial:
        if (passed)
            return healthy;
        if (run.failures >= check.unhealthyThreshold)
            return failureOf(outcome);
        if (target.reason != u"Elb.InitialHealthChecking")
            return HealthChange{State::Initial, QStringLiteral("Elb.InitialHealthChecking"),
                                QStringLiteral("Initial health checks in progress")};
        return std::nullopt;
    case State::Healthy:
    case State::Unavailable:
        if (passed)
            return target.state == State::Healthy ? std::nullopt : std::optional(healthy);
        if (run.failures >= check.unhealthyThreshold)
            return failureOf(outcome);
        return std::nullopt;
    case State::Unhealthy: {
        if (passed)
            return run.passes >= check.healthyThreshold ? std::optional(healthy) : std::nullopt;
        const HealthChange failed = failureOf(outcome);
        if (failed.reason != target.reason || failed.description != target.description)
            return failed;
        return std::nullopt;
    }
    case State::UnhealthyDraining:
    case State::Draining:
    case State::Unused:
        break;
    }
    return std::nullopt;
}

} // namespace fd::lbctl
