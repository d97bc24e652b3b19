// Scheduled actions' schedules (PutScheduledAction's Schedule and Timezone): the next run of at(),
// rate() and cron() in a time zone, within StartTime and EndTime, and the refusals naming the problem.

#include "autoscaling/Schedule.h"

#include <QTest>

using namespace fd::autoscaling;
using namespace Qt::StringLiterals;

namespace {

QDateTime utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toUTC();
}

} // namespace

class TestSchedule final : public QObject
{
    Q_OBJECT

private slots:
    void nextRun_data()
    {
        QTest::addColumn<QString>("schedule");
        QTest::addColumn<QString>("timezone");
        QTest::addColumn<QDateTime>("after");
        QTest::addColumn<QDateTime>("origin");
        QTest::addColumn<QDateTime>("start");
        QTest::addColumn<QDateTime>("end");
        QTest::addColumn<QDateTime>("expected");

        const QDateTime none;
        const QDateTime t0 = utc("2026-01-01T00:00:00Z"); // a Thursday
        QTest::newRow("rate counts from the creation") << u"rate(5 minutes)"_s << QString() << t0 << t0 << none << none
                                                       << utc("2026-01-01T00:05:00Z");
        QTest::newRow("rate, the next after a run") << u"rate(1 hour)"_s << QString() << utc("2026-01-01T03:00:00Z") << t0
                                                    << none << none << utc("2026-01-01T04:00:00Z");
        QTest::newRow("rate counts from StartTime") << u"rate(2 days)"_s << QString() << t0 << t0
                                                    << utc("2026-01-10T06:00:00Z") << none << utc("2026-01-12T06:00:00Z");
        QTest::newRow("cron in Tokyo: 09:00 is 00:00 UTC, strictly after")
            << u"cron(0 9 * * ? *)"_s << u"Asia/Tokyo"_s << t0 << t0 << none << none << utc("2026-01-02T00:00:00Z");
        QTest::newRow("cron on weekdays skips the weekend")
            << u"cron(30 8 ? * MON-FRI *)"_s << QString() << utc("2026-01-02T09:00:00Z") << t0 << none << none
            << utc("2026-01-05T08:30:00Z");
        QTest::newRow("cron day-of-week numbers: 1 is Sunday")
            << u"cron(0 0 ? * 1 *)"_s << QString() << t0 << t0 << none << none << utc("2026-01-04T00:00:00Z");
        QTest::newRow("cron steps") << u"cron(0/15 * * * ? *)"_s << QString() << utc("2026-01-01T00:16:00Z") << t0
                                    << none << none << utc("2026-01-01T00:30:00Z");
        QTest::newRow("cron, summer time in Paris") << u"cron(0 12 1 JUL ? 2026)"_s << u"Europe/Paris"_s << t0 << t0
                                                    << none << none << utc("2026-07-01T10:00:00Z");
        QTest::newRow("at in Paris (winter: UTC+1)") << u"at(2026-03-01T12:00:00)"_s << u"Europe/Paris"_s << t0 << t0
                                                     << none << none << utc("2026-03-01T11:00:00Z");
        QTest::newRow("at, already past") << u"at(2025-12-31T12:00:00)"_s << QString() << t0 << t0 << none << none
                                          << none;
        QTest::newRow("after EndTime: none") << u"rate(1 day)"_s << QString() << t0 << t0 << none
                                             << utc("2026-01-01T12:00:00Z") << none;
        QTest::newRow("cron not before StartTime") << u"cron(0 0 * * ? *)"_s << QString() << t0 << t0
                                                   << utc("2026-02-01T00:00:00Z") << none << utc("2026-02-01T00:00:00Z");
    }

    void nextRun()
    {
        QFETCH(QString, schedule);
        QFETCH(QString, timezone);
        QFETCH(QDateTime, after);
        QFETCH(QDateTime, origin);
        QFETCH(QDateTime, start);
        QFETCH(QDateTime, end);
        QFETCH(QDateTime, expected);
        const auto parsed = parseSchedule(schedule);
        QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().message));
        const QDateTime next =
            fd::autoscaling::nextRun(parsed.value(), timezone, after, start.isValid() ? std::optional(start) : std::nullopt,
                                     end.isValid() ? std::optional(end) : std::nullopt, origin);
        QCOMPARE(next, expected);
    }

    void refused_data()
    {
        QTest::addColumn<QString>("schedule");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not a schedule") << u"every day"_s << u"at(...), rate(...) or cron(...)"_s;
        QTest::newRow("at without seconds") << u"at(2026-01-01T10:00)"_s << u"yyyy-mm-ddThh:mm:ss"_s;
        QTest::newRow("rate of 0") << u"rate(0 minutes)"_s << u"at least 1"_s;
        QTest::newRow("rate, 1 with the plural") << u"rate(1 minutes)"_s << u"singular"_s;
        QTest::newRow("rate, unknown unit") << u"rate(2 weeks)"_s << u"minute(s), hour(s) or day(s)"_s;
        QTest::newRow("cron with 5 fields") << u"cron(0 9 * * ?)"_s << u"has 5 fields"_s;
        QTest::newRow("cron with both days") << u"cron(0 9 * * * *)"_s << u"exactly one of day-of-month"_s;
        QTest::newRow("cron with L") << u"cron(0 9 L * ? *)"_s << u"L, W and #"_s;
        QTest::newRow("cron hour 24") << u"cron(0 24 * * ? *)"_s << u"cron hours field '24'"_s;
    }

    void refused()
    {
        QFETCH(QString, schedule);
        QFETCH(QString, mentions);
        const auto parsed = parseSchedule(schedule);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code, u"ValidationException"_s);
        QCOMPARE(parsed.error().field, u"Schedule"_s);
        QVERIFY2(parsed.error().message.contains(mentions), qPrintable(parsed.error().message));
    }

    void timezones()
    {
        QVERIFY(checkTimezone(u"Pacific/Tahiti"_s));
        const fd::Status bad = checkTimezone(u"Mars/Olympus"_s);
        QCOMPARE(bad.error().field, u"Timezone"_s);
    }
};

QTEST_APPLESS_MAIN(TestSchedule)
#include "TestSchedule.moc"
