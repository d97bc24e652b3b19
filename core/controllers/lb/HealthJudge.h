#pragma once

// A target group's health checks as a pure function: a probe's outcome and the target's run of
// passes and failures in, its next health out (ECS-SEMANTICS.md §1.7). The controller probes, calls
// judgeProbe() and commits what changed.

#include "elb/Target.h"
#include "elb/TargetGroup.h"

#include <QString>

#include <optional>

namespace fd::lbctl {

// What one health check got.
struct ProbeOutcome
{
    enum class Kind { Response, Timeout, Failed };
    Kind kind = Kind::Failed;
    int statusCode = 0; // Response
    QString detail;     // Failed: "connection refused", ...
};

// Consecutive passes and failures of one target, kept by the controller between probes.
struct HealthRun
{
    int passes = 0;
    int failures = 0;
};

struct HealthChange
{
    elb::TargetHealthState state;
    QString reason;
    QString description;
    bool operator==(const HealthChange &) const = default;
};

// Whether `matcher` ("200", "200,202", "200-299", or a mix) accepts `code`.
bool matcherAccepts(const QString &matcher, int code);

// The target's next health after `outcome`, or nothing when it stays as it is; updates `run`.
// - initial: one passing check makes it healthy (the 2023 ALB guide); UnhealthyThreshold
//   consecutive failures make it unhealthy;
// - healthy: UnhealthyThreshold consecutive failures make it unhealthy;
// - unhealthy: HealthyThreshold consecutive passes make it healthy; a failure with another cause
//   updates the reason;
// - draining targets are not checked (the caller does not probe them).
// Reasons: Target.ResponseCodeMismatch "Health checks failed with these codes: [404]",
// Target.Timeout "Request timed out", Target.FailedHealthChecks "Health checks failed".
std::optional<HealthChange> judgeProbe(const elb::Target &target, const elb::HealthCheck &check, HealthRun &run,
                                       const ProbeOutcome &outcome);

} // namespace fd::lbctl
