#include "TrafficScoreboard.h"

#include "Formatter.h"
#include "Palette.h"
#include "traffic/TrafficSnapshot.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>

namespace fd::ui {

namespace {

QDateTime at(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

/// Who answered what, by task id first and revision second.
class Attribution
{
public:
    explicit Attribution(const DeploymentTimeline &tl)
    {
        for (const TimelineLane &lane : tl.lanes)
            m_byTask.insert(lane.taskId, lane.group);
        for (int g = 0; g < tl.groups.size(); ++g)
            m_byRevision.insert(QString::number(tl.groups[g].revision), g); // the newest group wins
    }
    int groupOfTask(const QString &taskId) const { return m_byTask.value(taskId, -1); }
    int groupOf(const QString &taskId, const QString &revision) const
    {
        const int g = groupOfTask(taskId);
        return g >= 0 ? g : m_byRevision.value(revision, -1);
    }

private:
    QHash<QString, int> m_byTask;
    QHash<QString, int> m_byRevision;
};

} // namespace

QColor revisionColour(int age)
{
    if (age <= 0)
        return palette::TargetRevision;
    return palette::OlderRevisions[std::min<qsizetype>(age - 1, palette::OlderRevisions.size() - 1)];
}

QStringList revisionsNewestFirst(const fd::traffic::TrafficSnapshot &s)
{
    QStringList revisions;
    for (const fd::traffic::ServedBy &r : s.revisions)
        revisions << r.id;
    std::sort(revisions.begin(), revisions.end(), [](const QString &a, const QString &b) {
        bool okA = false, okB = false;
        const qlonglong na = a.toLongLong(&okA), nb = b.toLongLong(&okB);
        if (okA && okB)
            return na > nb;
        if (okA != okB)
            return okA;
        return a > b;
    });
    return revisions;
}

qint64 TrafficColumn::answered() const
{
    qint64 n = other;
    for (const qint64 v : perGroup)
        n += v;
    return n;
}

QString TrafficScoreboard::verdict() const
{
    return QCoreApplication::translate("fd::ui::TrafficScoreboard", "%1 requests, %2 failed")
        .arg(Formatter::count(requests), Formatter::count(failed));
}

QString TrafficScoreboard::servedText(const DeploymentTimeline &tl) const
{
    QStringList parts;
    for (int g = 0; g < servedPerGroup.size() && g < tl.groups.size(); ++g)
        if (servedPerGroup[g] > 0)
            parts << QStringLiteral("%1 %2").arg(tl.groups[g].taskDefinition(), Formatter::count(servedPerGroup[g]));
    if (servedOther > 0)
        parts
            << QCoreApplication::translate("fd::ui::TrafficScoreboard", "other %1").arg(Formatter::count(servedOther));
    return parts.join(QStringLiteral(" · "));
}

TrafficScoreboard buildTrafficScoreboard(const fd::traffic::TrafficSnapshot &s, const DeploymentTimeline &tl)
{
    TrafficScoreboard sb;
    if (s.runId == 0 || !tl.hasDeployment || !tl.windowStart.isValid())
        return sb;
    const QDateTime runStart = at(s.startedClockMs);
    const QDateTime runEnd = s.endedWallMs ? at(s.endedClockMs) : tl.now;
    if (runEnd < tl.windowStart || runStart > tl.windowEnd)
        return sb;
    sb.present = true;
    sb.running = s.isRunning();
    sb.url = s.url;
    sb.concurrency = s.concurrency;
    sb.ratePerSecond = s.ratePerSecond;
    sb.requests = s.completed;
    sb.failed = s.failed;
    sb.abandoned = s.abandoned;
    sb.endReason = fd::traffic::toString(s.endReason);
    sb.bucketMs = fd::traffic::kBucketMs;

    const Attribution who(tl);
    const qsizetype groups = tl.groups.size();
    sb.servedPerGroup = QList<qint64>(groups, 0);
    // Per task rather than per revision: a task's revision is what its lane says.
    for (const fd::traffic::ServedBy &t : s.tasks) {
        const int g = who.groupOf(t.id, t.revision);
        (g >= 0 ? sb.servedPerGroup[g] : sb.servedOther) += t.requests;
    }
    // Answers without X-Task-Id (not the demo app) still count, by revision or as other.
    for (const fd::traffic::ServedBy &r : s.revisions) {
        qint64 withTask = 0;
        for (const fd::traffic::ServedBy &t : s.tasks)
            if (t.revision == r.id)
                withTask += t.requests;
        const qint64 without = r.requests - withTask;
        if (without > 0) {
            const int g = who.groupOf({}, r.id);
            (g >= 0 ? sb.servedPerGroup[g] : sb.servedOther) += without;
        }
    }

    for (const fd::traffic::TimeBucket &b : s.buckets) {
        const QDateTime from = at(b.clockStartMs);
        const QDateTime to = at(b.clockEndMs);
        if (to < tl.windowStart || from > tl.windowEnd)
            continue;
        TrafficColumn c;
        c.from = from;
        c.to = to;
        c.perGroup = QList<qint64>(groups, 0);
        c.failed = b.failed;
        qint64 byTask = 0;
        for (const auto &[task, n] : b.byTask) {
            const int g = who.groupOfTask(task);
            if (g >= 0)
                c.perGroup[g] += n;
            else
                c.other += n;
            byTask += n;
        }
        if (byTask == 0) // no X-Task-Id at all: by revision
            for (const auto &[revision, n] : b.byRevision) {
                const int g = who.groupOf({}, revision);
                (g >= 0 ? c.perGroup[g] : c.other) += n;
            }
        sb.peakPerBucket = std::max(sb.peakPerBucket, c.answered());
        sb.columns.append(c);
    }
    for (const fd::traffic::Failure &f : s.failures) {
        const QDateTime when = at(f.clockMs);
        if (when < tl.windowStart || when > tl.windowEnd)
            continue;
        sb.failures.append({when, fd::traffic::toString(f.cause), f.detail, f.taskId, f.path,
                            f.taskId.isEmpty() ? -1 : who.groupOfTask(f.taskId)});
    }
    return sb;
}

} // namespace fd::ui
