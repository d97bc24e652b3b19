#include "AlarmCommand.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>

namespace fd::ui {

namespace {

// The shortest text that reads back as the same double.
QString exactNumber(double v)
{
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

// The CLI's shorthand cannot carry a comma, '=' or a bracket in a value: JSON then.
bool shorthandSafe(const QString &s)
{
    static const QRegularExpression unsafe(QStringLiteral("[,=\\[\\]{}\"'\\s]"));
    return !s.isEmpty() && !unsafe.match(s).hasMatch();
}

QStringList dimensionArguments(const metrics::MetricId &metric)
{
    bool shorthand = true;
    for (const metrics::Dimension &d : metric.dimensions)
        shorthand = shorthand && shorthandSafe(d.name) && shorthandSafe(d.value);
    if (shorthand) {
        QStringList words;
        for (const metrics::Dimension &d : metric.dimensions)
            words << QStringLiteral("Name=%1,Value=%2").arg(d.name, d.value);
        return words;
    }
    QJsonArray all;
    for (const metrics::Dimension &d : metric.dimensions)
        all.append(QJsonObject{{QStringLiteral("Name"), d.name}, {QStringLiteral("Value"), d.value}});
    return {QString::fromUtf8(QJsonDocument(all).toJson(QJsonDocument::Compact))};
}

QStringList tagArguments(const tags::TagList &tags)
{
    bool shorthand = true;
    for (const tags::Tag &t : tags)
        shorthand = shorthand && shorthandSafe(t.key) && shorthandSafe(t.value);
    if (shorthand) {
        QStringList words;
        for (const tags::Tag &t : tags)
            words << QStringLiteral("Key=%1,Value=%2").arg(t.key, t.value);
        return words;
    }
    QJsonArray all;
    for (const tags::Tag &t : tags)
        all.append(QJsonObject{{QStringLiteral("Key"), t.key}, {QStringLiteral("Value"), t.value}});
    return {QString::fromUtf8(QJsonDocument(all).toJson(QJsonDocument::Compact))};
}

} // namespace

QStringList AlarmCommand::arguments(const ops::AlarmPut &r, const QString &endpoint)
{
    const alarms::AlarmDefinition &d = r.definition;
    QStringList args{QStringLiteral("aws")};
    if (!endpoint.isEmpty())
        args << QStringLiteral("--endpoint-url") << endpoint;
    args << QStringLiteral("cloudwatch") << QStringLiteral("put-metric-alarm");
    args << QStringLiteral("--alarm-name") << d.name;
    if (r.description)
        args << QStringLiteral("--alarm-description") << *r.description;
    args << QStringLiteral("--namespace") << d.metric.metricNamespace;
    args << QStringLiteral("--metric-name") << d.metric.metricName;
    if (!d.metric.dimensions.empty())
        args << QStringLiteral("--dimensions") << dimensionArguments(d.metric);
    if (d.statistic)
        args << QStringLiteral("--statistic") << metrics::toString(*d.statistic);
    else
        args << QStringLiteral("--extended-statistic") << d.extendedStatistic;
    if (d.unit)
        args << QStringLiteral("--unit") << metrics::toString(*d.unit);
    args << QStringLiteral("--period") << QString::number(d.periodSeconds);
    args << QStringLiteral("--evaluation-periods") << QString::number(d.evaluationPeriods);
    if (d.datapointsToAlarm)
        args << QStringLiteral("--datapoints-to-alarm") << QString::number(*d.datapointsToAlarm);
    args << QStringLiteral("--threshold") << exactNumber(d.threshold);
    args << QStringLiteral("--comparison-operator") << alarms::toString(d.comparison);
    if (r.treatMissingDataGiven)
        args << QStringLiteral("--treat-missing-data") << alarms::toString(d.treatMissingData);
    if (!d.actionsEnabled)
        args << QStringLiteral("--no-actions-enabled");
    if (!d.alarmActions.isEmpty())
        args << QStringLiteral("--alarm-actions") << d.alarmActions;
    if (!d.okActions.isEmpty())
        args << QStringLiteral("--ok-actions") << d.okActions;
    if (!d.insufficientDataActions.isEmpty())
        args << QStringLiteral("--insufficient-data-actions") << d.insufficientDataActions;
    if (!r.tags.isEmpty())
        args << QStringLiteral("--tags") << tagArguments(r.tags);
    return args;
}

QString AlarmCommand::shellWord(const QString &arg)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:=,@%+-]+$"));
    if (plain.match(arg).hasMatch())
        return arg;
    QString quoted = arg;
    return u'\'' + quoted.replace(u'\'', QStringLiteral("'\\''")) + u'\'';
}

QString AlarmCommand::text(const ops::AlarmPut &r, const QString &endpoint)
{
    QStringList lines;
    QString line;
    bool options = false; // past the subcommand: each --option starts a line
    for (const QString &a : arguments(r, endpoint)) {
        if (a == u"put-metric-alarm")
            options = true;
        else if (options && a.startsWith(QStringLiteral("--"))) {
            lines << line;
            line = QStringLiteral("  ");
        }
        if (!line.trimmed().isEmpty())
            line += u' ';
        line += shellWord(a);
    }
    lines << line;
    return lines.join(QStringLiteral(" \\\n"));
}

} // namespace fd::ui
