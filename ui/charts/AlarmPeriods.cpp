#include "charts/AlarmPeriods.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace fd::ui {

namespace {

struct Transition
{
    qint64 tMs = 0;
    QString from;
    QString to;
};

std::optional<Transition> transitionOf(const fd::alarms::AlarmHistoryItem &item)
{
    if (item.historyItemType != u"StateUpdate")
        return std::nullopt;
    const QJsonObject data = QJsonDocument::fromJson(item.historyData.toUtf8()).object();
    Transition t;
    t.tMs = item.timestampMs;
    t.from = data.value(QStringLiteral("oldState")).toObject().value(QStringLiteral("stateValue")).toString();
    t.to = data.value(QStringLiteral("newState")).toObject().value(QStringLiteral("stateValue")).toString();
    if (t.to.isEmpty()) {
        // "Alarm updated from OK to ALARM" when the data is not there.
        const QStringList words = item.historySummary.split(u' ');
        if (words.size() >= 2 && words[words.size() - 2] == u"to") {
            t.to = words.last();
            t.from = words.size() >= 4 ? words[words.size() - 3] : QString();
        }
    }
    if (t.to.isEmpty())
        return std::nullopt;
    return t;
}

} // namespace

QList<MetricChart::Period> alarmPeriods(const fd::alarms::MetricAlarm &alarm, qint64 nowMs)
{
    std::vector<Transition> transitions;
    for (const fd::alarms::AlarmHistoryItem &item : alarm.history)
        if (std::optional<Transition> t = transitionOf(item))
            transitions.push_back(*t);
    std::stable_sort(transitions.begin(), transitions.end(),
                     [](const Transition &a, const Transition &b) { return a.tMs < b.tMs; });

    const QString alarmState = fd::alarms::toString(fd::alarms::AlarmState::Alarm);
    QList<MetricChart::Period> out;
    bool open = !transitions.empty() && transitions.front().from == alarmState;
    qint64 openedAt = 0;
    for (const Transition &t : transitions) {
        if (t.to == alarmState) {
            if (!open)
                openedAt = t.tMs;
            open = true;
        } else if (open) {
            out.append({openedAt, t.tMs});
            open = false;
        }
    }
    if (open)
        out.append({openedAt, std::max(openedAt, nowMs)});
    return out;
}

} // namespace fd::ui
