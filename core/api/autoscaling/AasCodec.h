#pragma once

// What the Application Auto Scaling handlers share: the resources in their wire form (members as
// the botocore model names them, unset optional members left out, timestamps in epoch seconds),
// the request's target key, numbers and timestamps read through Params.

#include "Result.h"
#include "api/Params.h"
#include "autoscaling/ScalableTarget.h"
#include "ops/AutoScaling.h"

#include <QDateTime>
#include <QString>

#include <nlohmann/json.hpp>
#include <optional>

namespace fd::api::autoscaling {

using nlohmann::json;

inline QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}
inline std::string ss(const QString &s)
{
    return s.toStdString();
}

// ServiceNamespace, ResourceId and ScalableDimension (required), each checked: unsupported ones are
// a ValidationException naming them.
std::optional<ops::TargetKey> targetKey(Params &p);
// ServiceNamespace (required) and the optional ResourceId / ScalableDimension filters of a Describe.
struct DescribeFilter
{
    std::optional<std::string> resourceId;
    bool matches(const fd::autoscaling::ScalableTarget &t) const;
};
std::optional<DescribeFilter> describeFilter(Params &p);

std::optional<double> number(Params &p, const char *name);
// Epoch seconds (a number) or ISO 8601 text.
std::optional<QDateTime> timestamp(Params &p, const char *name);
// A member of a closed set of members: any other is refused by name (never accepted and ignored).
void onlyMembers(Params &p, const json &object, std::initializer_list<const char *> allowed, const std::string &path);

json targetJson(const fd::autoscaling::ScalableTarget &t);
json policyJson(const fd::autoscaling::ScalableTarget &t, const fd::autoscaling::ScalingPolicy &p,
                const QList<fd::autoscaling::AlarmRef> &alarms);
json scheduledJson(const fd::autoscaling::ScalableTarget &t, const fd::autoscaling::ScheduledAction &a);
json activityJson(const fd::autoscaling::ScalableTarget &t, const fd::autoscaling::ScalingActivity &a);
json epochSeconds(const QDateTime &t);

// Readers of the policy configurations (PutScalingPolicy).
std::optional<fd::autoscaling::StepScalingConfiguration> stepConfiguration(Params &p);
std::optional<fd::autoscaling::TargetTrackingConfiguration> targetTrackingConfiguration(Params &p);

// The page style of every Describe: MaxResults 1..50 (default 50), NextToken.
PageStyle pageStyle();

} // namespace fd::api::autoscaling
