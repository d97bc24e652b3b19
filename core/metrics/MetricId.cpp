#include "metrics/MetricId.h"

#include <algorithm>

namespace fd::metrics {

namespace {

std::optional<Error> checkText(const QString &text, const QString &field, int maxLength)
{
    if (text.isEmpty())
        return makeError(QStringLiteral("InvalidParameterValue"), field + QStringLiteral(" must not be empty."), field);
    if (text.size() > maxLength)
        return makeError(
            QStringLiteral("InvalidParameterValue"),
            QStringLiteral("%1 must be at most %2 characters (got %3).").arg(field).arg(maxLength).arg(text.size()),
            field);
    return std::nullopt;
}

} // namespace

QString MetricId::key() const
{
    QString k = metricNamespace + QChar(0x1e) + metricName;
    for (const Dimension &d : dimensions)
        k += QChar(0x1e) + d.name + QChar(0x1f) + d.value;
    return k;
}

Result<MetricId> makeMetricId(QString metricNamespace, QString metricName, std::vector<Dimension> dimensions)
{
    if (auto e = checkText(metricNamespace, QStringLiteral("Namespace"), kMaxNameLength))
        return *e;
    if (auto e = checkText(metricName, QStringLiteral("MetricName"), kMaxNameLength))
        return *e;
    if (dimensions.size() > std::size_t(kMaxDimensions))
        return makeError(
            QStringLiteral("InvalidParameterValue"),
            QStringLiteral("A metric has at most %1 dimensions (got %2).").arg(kMaxDimensions).arg(dimensions.size()),
            QStringLiteral("Dimensions"));
    for (std::size_t i = 0; i < dimensions.size(); ++i) {
        const QString at = QStringLiteral("Dimensions[%1]").arg(i);
        if (auto e = checkText(dimensions[i].name, at + QStringLiteral(".Name"), kMaxNameLength))
            return *e;
        if (auto e = checkText(dimensions[i].value, at + QStringLiteral(".Value"), kMaxDimensionValueLength))
            return *e;
    }
    std::stable_sort(dimensions.begin(), dimensions.end(),
                     [](const Dimension &a, const Dimension &b) { return a.name < b.name; });
    for (std::size_t i = 1; i < dimensions.size(); ++i)
        if (dimensions[i].name == dimensions[i - 1].name)
            return makeError(QStringLiteral("InvalidParameterValue"),
                             QStringLiteral("The dimension %1 is given twice; a metric has each dimension name once.")
                                 .arg(dimensions[i].name),
                             QStringLiteral("Dimensions"));
    return MetricId{std::move(metricNamespace), std::move(metricName), std::move(dimensions)};
}

} // namespace fd::metrics
