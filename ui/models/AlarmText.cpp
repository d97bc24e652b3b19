#include "AlarmText.h"

#include <QCoreApplication>
#include <QStringList>

#include <cmath>

namespace fd::ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("fd::ui::AlarmText", text);
}

} // namespace

QString AlarmText::symbol(alarms::ComparisonOperator op)
{
    using Op = alarms::ComparisonOperator;
    switch (op) {
    case Op::GreaterThanOrEqualToThreshold:
        return QStringLiteral(">=");
    case Op::GreaterThanThreshold:
        return QStringLiteral(">");
    case Op::LessThanThreshold:
        return QStringLiteral("<");
    case Op::LessThanOrEqualToThreshold:
        return QStringLiteral("<=");
    default:
        return alarms::toString(op);
    }
}

QString AlarmText::span(qint64 seconds)
{
    if (seconds < 60 || seconds % 60 != 0)
        return seconds == 1 ? tr("1 second") : tr("%1 seconds").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return minutes == 1 ? tr("1 minute") : tr("%1 minutes").arg(minutes);
    const qint64 hours = minutes / 60;
    const QString h = hours == 1 ? tr("1 hour") : tr("%1 hours").arg(hours);
    if (minutes % 60 == 0)
        return h;
    return h + u' ' + (minutes % 60 == 1 ? tr("1 minute") : tr("%1 minutes").arg(minutes % 60));
}

QString AlarmText::number(double v)
{
    return QString::number(v, 'g', 6);
}

QString AlarmText::value(double v)
{
    const double a = std::abs(v);
    if (a >= 100)
        return QString::number(v, 'f', 0);
    if (a >= 1 || a == 0)
        return QString::number(v, 'f', 1);
    return QString::number(v, 'g', 2);
}

QString AlarmText::condition(const alarms::AlarmDefinition &a)
{
    const int m = a.m();
    return tr("%1 %2 %3 for %4 within %5")
        .arg(a.metric.metricName, symbol(a.comparison), number(a.threshold),
             m == 1 ? tr("1 datapoint") : tr("%1 datapoints").arg(m),
             span(qint64(a.periodSeconds) * a.evaluationPeriods));
}

QString AlarmText::dimensions(const metrics::MetricId &id)
{
    if (id.dimensions.empty())
        return tr("no dimensions");
    QStringList parts;
    for (const metrics::Dimension &d : id.dimensions)
        parts << d.name + u'=' + d.value;
    return parts.join(QStringLiteral(", "));
}

QString AlarmText::metric(const metrics::MetricId &id)
{
    const QString base = id.metricNamespace + u' ' + id.metricName;
    return id.dimensions.empty() ? base : QStringLiteral("%1 (%2)").arg(base, dimensions(id));
}

QString AlarmText::badgeKey(alarms::AlarmState state)
{
    return QStringLiteral("ALARM_") + alarms::toString(state);
}

QString AlarmText::treatment(alarms::TreatMissingData t)
{
    using T = alarms::TreatMissingData;
    switch (t) {
    case T::Missing:
        return tr("missing data: missing (not counted; all missing → INSUFFICIENT_DATA)");
    case T::Ignore:
        return tr("missing data: ignore (the state stays as it is)");
    case T::Breaching:
        return tr("missing data: breaching (a missing period counts as breaching)");
    case T::NotBreaching:
        return tr("missing data: notBreaching (a missing period counts as good)");
    }
    return {};
}

} // namespace fd::ui
