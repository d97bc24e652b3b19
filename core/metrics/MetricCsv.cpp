#include "metrics/MetricCsv.h"

#include <QDateTime>
#include <QLocale>
#include <QStringList>

namespace fd::metrics {

namespace {

QString number(const std::optional<double> &v)
{
    return v ? QString::number(*v, 'g', QLocale::FloatingPointShortest) : QString();
}

} // namespace

QString statisticsToCsv(const StatisticsQuery &query, const std::vector<StatisticsDatapoint> &datapoints)
{
    QStringList header{QStringLiteral("Timestamp")};
    for (Statistic s : query.statistics)
        header << toString(s);
    for (const QString &p : query.extendedStatistics)
        header << p;
    header << QStringLiteral("Unit");

    QString csv = header.join(u',') + u'\n';
    for (const StatisticsDatapoint &d : datapoints) {
        QStringList row{QDateTime::fromMSecsSinceEpoch(d.timestampMs, Qt::UTC).toString(Qt::ISODate)};
        for (Statistic s : query.statistics)
            row << number(d.get(s));
        for (const QString &p : query.extendedStatistics)
            row << number(d.getExtended(p));
        row << toString(d.unit);
        csv += row.join(u',') + u'\n';
    }
    return csv;
}

} // namespace fd::metrics
