#include "autoscaling/Schedule.h"

#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>

namespace fd::autoscaling {

namespace {

Error scheduleError(const QString &message)
{
    return makeError(QStringLiteral("ValidationException"), message, QStringLiteral("Schedule"));
}

struct FieldSpec
{
    const char *name;
    int low;
    int high;
    QStringList names; // names for low, low+1, ...
};

const FieldSpec kFields[6] = {
    {"minutes", 0, 59, {}},
    {"hours", 0, 23, {}},
    {"day-of-month", 1, 31, {}},
    {"month", 1, 12, {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
    {"day-of-week", 1, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
    {"year", 1970, 2199, {}},
};

std::optional<int> valueOf(const QString &text, const FieldSpec &spec)
{
    const qsizetype named = spec.names.indexOf(text.toUpper());
    if (named >= 0)
        return spec.low + int(named);
    bool ok = false;
    const int v = text.toInt(&ok);
    if (!ok || v < spec.low || v > spec.high)
        return std::nullopt;
    return v;
}

Result<QList<int>> parseField(const QString &text, const FieldSpec &spec)
{
    const QString where = QStringLiteral("cron %1 field '%2'").arg(QLatin1String(spec.name), text);
    // L and W (day-of-month) and L and # (day-of-week); month names such as JUL are fine.
    const bool dayField = spec.low == 1 && (spec.high == 31 || spec.high == 7);
    if (dayField && (text.toUpper().contains(u'L') || (spec.high == 31 && text.toUpper().contains(u'W')) ||
                     text.contains(u'#')))
        return scheduleError(QStringLiteral("%1: L, W and # are not supported by Fleetdeck").arg(where));
    QList<int> out;
    if (text == u"*" || text == u"?") {
        for (int v = spec.low; v <= spec.high; ++v)
            out.append(v);
        return out;
    }
    for (const QString &part : text.split(u',')) {
        QString range = part;
        int step = 1;
        if (const qsizetype slash = part.indexOf(u'/'); slash >= 0) {
            bool ok = false;
            step = part.mid(slash + 1).toInt(&ok);
            if (!ok || step < 1)
                return scheduleError(
                    QStringLiteral("%1: '%2' is not a step of at least 1").arg(where, part.mid(slash + 1)));
            range = part.left(slash);
        }
        int from = spec.low, to = spec.high;
        if (range != u"*") {
            const QStringList ends = range.split(u'-');
            const std::optional<int> a = valueOf(ends.value(0), spec);
            const std::optional<int> b = ends.size() == 2 ? valueOf(ends[1], spec) : a;
            if (!a || !b || ends.size() > 2 || *b < *a)
                return scheduleError(QStringLiteral("%1: '%2' is not a value or range within %3-%4")
                                         .arg(where, range)
                                         .arg(spec.low)
                                         .arg(spec.high));
            from = *a;
            to = (ends.size() == 1 && part.contains(u'/')) ? spec.high : *b;
        }
        for (int v = from; v <= to; v += step)
            out.append(v);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Result<Schedule> parseCron(const QString &body)
{
    const QStringList parts = body.split(u' ', Qt::SkipEmptyParts);
    if (parts.size() != 6)
        return scheduleError(QStringLiteral("cron(%1) has %2 fields; it needs 6: minutes hours day-of-month month "
                                            "day-of-week year")
                                 .arg(body)
                                 .arg(parts.size()));
    if ((parts[2] == u"?") == (parts[4] == u"?"))
        return scheduleError(
            QStringLiteral("cron(%1): exactly one of day-of-month and day-of-week must be '?'").arg(body));
    Schedule s;
    s.kind = Schedule::Kind::Cron;
    for (int i = 0; i < 6; ++i) {
        Result<QList<int>> values = parseField(parts[i], kFields[i]);
        if (!values)
            return values.error();
        s.fields.append(std::move(values).value());
    }
    return s;
}

Result<Schedule> parseRate(const QString &body)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*$"));
    const auto m = re.match(body);
    if (!m.hasMatch())
        return scheduleError(
            QStringLiteral("rate(%1) is not rate(value unit) with a unit of minute(s), hour(s) or day(s)").arg(body));
    const qint64 value = m.captured(1).toLongLong();
    const QString unit = m.captured(2);
    if (value < 1)
        return scheduleError(QStringLiteral("rate(%1): the value must be at least 1").arg(body));
    if ((value == 1) != !unit.endsWith(u's'))
        return scheduleError(
            QStringLiteral("rate(%1): use the singular unit with 1 and the plural with more").arg(body));
    Schedule s;
    s.kind = Schedule::Kind::Rate;
    s.rateSeconds = value * (unit.startsWith(u"minute") ? 60 : unit.startsWith(u"hour") ? 3600 : 86400);
    return s;
}

QTimeZone zoneOf(const QString &timezone)
{
    return timezone.isEmpty() ? QTimeZone::utc() : QTimeZone(timezone.toUtf8());
}

QDateTime nextCron(const Schedule &s, const QTimeZone &zone, const QDateTime &after)
{
    const QDateTime local = after.toTimeZone(zone);
    QDate day = local.date();
    for (int i = 0; i < 366 * 4; ++i, day = day.addDays(1)) {
        if (!s.fields[5].contains(day.year()) || !s.fields[3].contains(day.month()) ||
            !s.fields[2].contains(day.day()) || !s.fields[4].contains(day.dayOfWeek() % 7 + 1))
            continue;
        for (int h : s.fields[1]) {
            for (int m : s.fields[0]) {
                const QDateTime t(day, QTime(h, m), zone);
                if (t.isValid() && t > after)
                    return t.toUTC();
            }
        }
    }
    return {};
}

} // namespace

Result<Schedule> parseSchedule(const QString &text)
{
    const QString t = text.trimmed();
    if (!t.endsWith(u')'))
        return scheduleError(QStringLiteral("Schedule '%1' is not at(...), rate(...) or cron(...)").arg(text));
    if (t.startsWith(u"at(")) {
        const QString body = t.mid(3, t.size() - 4);
        QDateTime at = QDateTime::fromString(body, QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
        if (!at.isValid())
            return scheduleError(QStringLiteral("at(%1) is not at(yyyy-mm-ddThh:mm:ss)").arg(body));
        Schedule s;
        s.kind = Schedule::Kind::At;
        s.at = at;
        return s;
    }
    if (t.startsWith(u"rate("))
        return parseRate(t.mid(5, t.size() - 6));
    if (t.startsWith(u"cron("))
        return parseCron(t.mid(5, t.size() - 6));
    return scheduleError(QStringLiteral("Schedule '%1' is not at(...), rate(...) or cron(...)").arg(text));
}

Status checkTimezone(const QString &timezone)
{
    if (!QTimeZone(timezone.toUtf8()).isValid())
        return makeError(
            QStringLiteral("ValidationException"),
            QStringLiteral("Timezone '%1' is not a time zone name (such as Etc/GMT+9 or Pacific/Tahiti)").arg(timezone),
            QStringLiteral("Timezone"));
    return Ok{};
}

QDateTime nextRun(const Schedule &s, const QString &timezone, const QDateTime &after,
                  const std::optional<QDateTime> &startTime, const std::optional<QDateTime> &endTime,
                  const QDateTime &origin)
{
    QDateTime from = after;
    if (startTime && *startTime > from)
        from = startTime->addMSecs(-1); // a run at the start time itself counts
    const QTimeZone zone = zoneOf(timezone);
    QDateTime next;
    switch (s.kind) {
    case Schedule::Kind::At: {
        const QDateTime at(s.at.date(), s.at.time(), zone);
        if (at > from)
            next = at.toUTC();
        break;
    }
    case Schedule::Kind::Rate: {
        const QDateTime base = startTime ? *startTime : origin;
        const qint64 elapsed = std::max<qint64>(0, base.secsTo(from));
        const qint64 periods = elapsed / s.rateSeconds + 1;
        next = base.addSecs(periods * s.rateSeconds);
        break;
    }
    case Schedule::Kind::Cron:
        next = nextCron(s, zone, from);
        break;
    }
    if (next.isValid() && endTime && next > *endTime)
        return {};
    return next;
}

} // namespace fd::autoscaling
