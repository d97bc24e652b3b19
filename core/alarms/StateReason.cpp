#include "alarms/StateReason.h"

#include <QDateTime>
#include <QLocale>
#include <QStringList>

#include <cmath>
#include <nlohmann/json.hpp>

namespace fd::alarms {

namespace {

using OJson = nlohmann::ordered_json;

QString plural(int n, const QString &one, const QString &many)
{
    return n == 1 ? one : many;
}

QString datapoints(int n)
{
    return QString::number(n) + plural(n, QStringLiteral(" datapoint"), QStringLiteral(" datapoints"));
}

QString wasWere(int n)
{
    return plural(n, QStringLiteral("was"), QStringLiteral("were"));
}

QString treatedAs(TreatMissingData t)
{
    return t == TreatMissingData::Breaching ? QStringLiteral("[Breaching]") : QStringLiteral("[NonBreaching]");
}

/// "[8.89 (14/07/21 23:18:00), 9.72 (...)]": the evaluated real datapoints that support `state`, newest first.
QStringList supporting(const std::vector<WindowSlot> &window, const AlarmDecision &d, bool breaching)
{
    QStringList items;
    for (auto it = d.evaluated.rbegin(); it != d.evaluated.rend(); ++it) {
        const WindowSlot &s = window[std::size_t(*it)];
        if (s.value && s.breaching == breaching)
            items << reasonNumber(*s.value) + QStringLiteral(" (") + reasonTime(s.timestampMs) + u')';
    }
    return items;
}

QString thresholdCrossed(const AlarmDefinition &a, const AlarmDecision &d, const std::vector<WindowSlot> &window)
{
    const bool alarm = d.state == AlarmState::Alarm;
    const QStringList items = supporting(window, d, alarm);
    const int k = int(items.size());
    const QString verb = (alarm ? QString() : QStringLiteral("not ")) + comparisonWords(a.comparison);
    QString text = QStringLiteral("Threshold Crossed: ");
    if (k > 0) {
        text += a.datapointsToAlarm ? QStringLiteral("%1 out of the last %2 datapoints [%3] %4 %5 the threshold (%6)")
                                          .arg(k)
                                          .arg(QString::number(a.evaluationPeriods), items.join(QStringLiteral(", ")),
                                               wasWere(k), verb, reasonNumber(a.threshold))
                                    : QStringLiteral("%1 [%2] %3 %4 the threshold (%5)")
                                          .arg(datapoints(k), items.join(QStringLiteral(", ")), wasWere(k), verb,
                                               reasonNumber(a.threshold));
        if (d.filled > 0)
            text += QStringLiteral(" and ");
    }
    if (d.filled > 0)
        text += QStringLiteral("%1 missing %2 %3 treated as %4")
                    .arg(d.filled)
                    .arg(plural(d.filled, QStringLiteral("datapoint"), QStringLiteral("datapoints")), wasWere(d.filled),
                         treatedAs(a.treatMissingData));
    if (a.datapointsToAlarm) {
        const int minimum = alarm ? a.m() : a.evaluationPeriods - a.m() + 1;
        text += QStringLiteral(" (minimum %1 for %2 transition)")
                    .arg(datapoints(minimum), alarm ? QStringLiteral("OK -> ALARM") : QStringLiteral("ALARM -> OK"));
    }
    return text + u'.';
}

OJson stateJson(const AlarmStatus &s)
{
    OJson j;
    j["stateValue"] = toString(s.state).toStdString();
    j["stateReason"] = s.reason.toStdString();
    if (!s.reasonData.isEmpty()) {
        OJson data = OJson::parse(s.reasonData.toStdString(), nullptr, false);
        if (!data.is_discarded())
            j["stateReasonData"] = std::move(data);
    }
    return j;
}

} // namespace

QString reasonNumber(double v)
{
    if (v == 0)
        return QStringLiteral("0.0");
    const double magnitude = std::fabs(v);
    if (magnitude >= 1e-3 && magnitude < 1e7) {
        QString s = QString::number(v, 'f', QLocale::FloatingPointShortest);
        if (!s.contains(u'.'))
            s += QStringLiteral(".0");
        return s;
    }
    // Java: mantissa with at least one decimal, "E", exponent without sign padding: 1.0E7, 1.5E-4.
    const QString e = QString::number(v, 'e', QLocale::FloatingPointShortest);
    const qsizetype at = e.indexOf(u'e');
    QString mantissa = e.left(at);
    if (!mantissa.contains(u'.'))
        mantissa += QStringLiteral(".0");
    return mantissa + u'E' + QString::number(e.mid(at + 1).toInt());
}

QString reasonTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("dd/MM/yy HH:mm:ss"));
}

QString reasonDataTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) +
           QStringLiteral("+0000");
}

QString stateReason(const AlarmDefinition &alarm, const AlarmDecision &d, const std::vector<WindowSlot> &window)
{
    switch (d.kind) {
    case DecisionKind::Insufficient: {
        int unknown = 0;
        for (int i : d.evaluated)
            unknown += window[std::size_t(i)].value ? 0 : 1;
        return QStringLiteral("Insufficient Data: %1 %2 unknown.").arg(datapoints(unknown), wasWere(unknown));
    }
    case DecisionKind::NoData:
        return QStringLiteral(
                   "Threshold Crossed: no datapoints were received for %1 %2 and %3 missing %4 %5 treated as %6.")
            .arg(d.filled)
            .arg(plural(d.filled, QStringLiteral("period"), QStringLiteral("periods")))
            .arg(d.filled)
            .arg(plural(d.filled, QStringLiteral("datapoint"), QStringLiteral("datapoints")), wasWere(d.filled),
                 treatedAs(alarm.treatMissingData));
    case DecisionKind::Datapoints:
    case DecisionKind::Retained:
        break;
    }
    return thresholdCrossed(alarm, d, window);
}

QString stateReasonData(const AlarmDefinition &alarm, const std::vector<WindowSlot> &window, qint64 queryMs)
{
    OJson j;
    j["version"] = "1.0";
    j["queryDate"] = reasonDataTime(queryMs).toStdString();
    OJson recent = OJson::array();
    OJson evaluated = OJson::array();
    for (const WindowSlot &s : window) {
        if (!s.evaluated)
            continue;
        if (s.value) {
            if (!j.contains("startDate"))
                j["startDate"] = reasonDataTime(s.timestampMs).toStdString();
            recent.push_back(*s.value);
        }
    }
    for (auto it = window.rbegin(); it != window.rend(); ++it) {
        if (!it->evaluated)
            continue;
        OJson p;
        p["timestamp"] = reasonDataTime(it->timestampMs).toStdString();
        if (it->value) {
            if (it->sampleCount) // unknown for a percentile alarm: the query cannot ask for both
                p["sampleCount"] = *it->sampleCount;
            p["value"] = *it->value;
        }
        evaluated.push_back(std::move(p));
    }
    if (alarm.unit)
        j["unit"] = metrics::toString(*alarm.unit).toStdString();
    j["statistic"] = alarm.statisticName().toStdString();
    j["period"] = alarm.periodSeconds;
    j["recentDatapoints"] = std::move(recent);
    j["threshold"] = alarm.threshold;
    j["evaluatedDatapoints"] = std::move(evaluated);
    return QString::fromStdString(j.dump());
}

AlarmHistoryItem transitionHistory(const QString &alarmName, const AlarmStatus &before, const AlarmStatus &after,
                                   qint64 nowMs)
{
    OJson data;
    data["version"] = "1.0";
    data["oldState"] = stateJson(before);
    data["newState"] = stateJson(after);
    AlarmHistoryItem item;
    item.alarmName = alarmName;
    item.timestampMs = nowMs;
    item.historySummary =
        QStringLiteral("Alarm updated from %1 to %2").arg(toString(before.state), toString(after.state));
    item.historyData = QString::fromStdString(data.dump());
    return item;
}

} // namespace fd::alarms
