#pragma once

#include "Result.h"

#include <QString>

#include <vector>

namespace fd::metrics {

/// One name=value pair that, with the namespace and metric name, identifies a metric.
struct Dimension
{
    QString name;
    QString value;

    friend bool operator==(const Dimension &, const Dimension &) = default;
};

/**
 * A CloudWatch metric's identity: namespace, metric name and a set of dimensions. Each distinct
 * combination is a separate metric (CPUUtilization for ClusterName=a is not the same metric as
 * CPUUtilization for ClusterName=a,ServiceName=web). Build it with makeMetricId(), which checks
 * CloudWatch's limits and sorts the dimensions by name, so equal sets compare equal whatever
 * order the client sent them in.
 */
struct MetricId
{
    QString metricNamespace;
    QString metricName;
    std::vector<Dimension> dimensions; ///< sorted by name, names unique

    friend bool operator==(const MetricId &, const MetricId &) = default;

    /// A stable key for maps: the parts joined by control characters that names cannot hold.
    QString key() const;
};

inline constexpr int kMaxDimensions = 30;  ///< CloudWatch's limit per metric
inline constexpr int kMaxNameLength = 255; ///< namespace, metric name, dimension name
inline constexpr int kMaxDimensionValueLength = 1024;

/**
 * Checks and normalises a metric identity. Errors (code InvalidParameterValue, `field` naming
 * the part): an empty or too long namespace, metric name, dimension name or value; more than 30
 * dimensions; the same dimension name twice.
 * Example: ("AWS/ECS", "CPUUtilization", {ServiceName=web, ClusterName=c}) gives the dimensions
 * in the order ClusterName, ServiceName.
 */
Result<MetricId> makeMetricId(QString metricNamespace, QString metricName, std::vector<Dimension> dimensions);

} // namespace fd::metrics
