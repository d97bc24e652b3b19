#include "metrics/MetricStatistic.h"

#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <cmath>

namespace fd::metrics {

namespace {

constexpr std::array<const char *, 5> kStatisticNames = {"SampleCount", "Average", "Sum", "Minimum", "Maximum"};

} // namespace

QString toString(Statistic s)
{
    return QString::fromLatin1(kStatisticNames[std::size_t(s)]);
}

std::optional<Statistic> statisticFromString(const QString &s)
{
    for (std::size_t i = 0; i < kStatisticNames.size(); ++i)
        if (s == QLatin1String(kStatisticNames[i]))
            return Statistic(i);
    return std::nullopt;
}

Result<Percentile> parsePercentile(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^p(\\d{1,3}(?:\\.\\d{1,2})?)$"));
    const QRegularExpressionMatch m = re.match(text);
    const double percent = m.hasMatch() ? m.captured(1).toDouble() : -1.0;
    if (!m.hasMatch() || percent > 100.0)
        return makeError(QStringLiteral("InvalidParameterValue"),
                         QStringLiteral("The extended statistic %1 is not valid: a percentile is between p0 and p100, "
                                        "written pNN or pNN.NN.")
                             .arg(text),
                         QStringLiteral("ExtendedStatistics"));
    return Percentile{text, percent};
}

Status checkPeriod(int periodSeconds)
{
    const bool highResolution =
        periodSeconds == 1 || periodSeconds == 5 || periodSeconds == 10 || periodSeconds == 20 || periodSeconds == 30;
    if (highResolution || (periodSeconds > 0 && periodSeconds % 60 == 0))
        return Ok{};
    return makeError(
        QStringLiteral("InvalidParameterValue"),
        QStringLiteral("The parameter Period must be 1, 5, 10, 20, 30 or a multiple of 60 seconds (got %1).")
            .arg(periodSeconds),
        QStringLiteral("Period"));
}

qint64 alignedStart(qint64 startMs, int periodSeconds)
{
    const qint64 unit = periodSeconds >= 60 ? 60000 : qint64(periodSeconds) * 1000;
    // Floor division, also right for instants before the epoch.
    const qint64 q = startMs / unit - ((startMs % unit) < 0 ? 1 : 0);
    return q * unit;
}

std::optional<double> nearestRankPercentile(std::vector<WeightedValue> values, double percent)
{
    if (values.empty())
        return std::nullopt;
    std::sort(values.begin(), values.end(),
              [](const WeightedValue &a, const WeightedValue &b) { return a.value < b.value; });
    double total = 0;
    for (const WeightedValue &v : values)
        total += v.count;
    const double rank = std::max(std::ceil(percent / 100.0 * total - 1e-9), 1.0);
    double seen = 0;
    for (const WeightedValue &v : values) {
        seen += v.count;
        if (seen >= rank)
            return v.value;
    }
    return values.back().value;
}

} // namespace fd::metrics
