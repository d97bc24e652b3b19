#include "DeploymentTimeline.h"

#include <QObject>
#include <QRegularExpression>

#include <algorithm>
#include <set>

namespace fd::ui {

namespace {

constexpr qint64 kSecond = 1000;

bool hasEssentialHealthCheck(const fd::Task &t)
{
    return std::any_of(t.containers.cbegin(), t.containers.cend(),
                       [](const fd::TaskContainer &c) { return c.essential && c.hasHealthCheck; });
}

// The smallest valid of the times given; invalid when none is.
QDateTime earliest(std::initializer_list<QDateTime> times)
{
    QDateTime best;
    for (const QDateTime &t : times)
        if (t.isValid() && (!best.isValid() || t < best))
            best = t;
    return best;
}

void addSpan(QList<LaneSpan> &spans, const QDateTime &from, const QDateTime &to, LanePhase phase)
{
    if (from.isValid() && to.isValid() && from < to)
        spans.append({from, to, phase});
}

LanePhase phaseOfStatus(const fd::Task &t, bool healthy)
{
    if (t.isStopped())
        return LanePhase::Stopped;
    if (t.lastStatus > fd::TaskStatus::Running)
        return LanePhase::Stopping;
    if (t.lastStatus == fd::TaskStatus::Running)
        return healthy ? LanePhase::Healthy : LanePhase::Running;
    return LanePhase::Starting;
}

// The axis end: `span` rounded up to a step that keeps the scale still for a while. A 95 s rollout
// gets a 2-minute axis, then 3, 4, …; a 14-minute one moves in 5-minute steps.
qint64 roundUpSpan(qint64 span)
{
    static const qint64 steps[] = {30 * kSecond, 60 * kSecond, 2 * 60 * kSecond, 5 * 60 * kSecond,
                                   10 * 60 * kSecond, 30 * 60 * kSecond};
    qint64 step = steps[0];
    for (const qint64 s : steps) {
        step = s;
        if (span <= s * 8)
            break;
    }
    return ((span + step - 1) / step) * step;
}

} // namespace

QString toString(LanePhase p)
{
    switch (p) {
    case LanePhase::Starting:
        return QObject::tr("starting");
    case LanePhase::Running:
        return QObject::tr("running, not yet healthy");
    case LanePhase::Healthy:
        return QObject::tr("healthy");
    case LanePhase::Stopping:
        return QObject::tr("stopping");
    case LanePhase::Stopped:
        return QObject::tr("stopped");
    }
    return {};
}

bool TimelineLane::existsAt(const QDateTime &t) const
{
    return createdAt.isValid() && t >= createdAt && (!stoppedAt.isValid() || t < stoppedAt);
}

LanePhase TimelineLane::phaseAt(const QDateTime &t) const
{
    if (!existsAt(t) || spans.isEmpty())
        return existsAt(t) ? phaseNow : LanePhase::Stopped;
    for (const LaneSpan &s : spans)
        if (t >= s.from && t < s.to)
            return s.phase;
    // Past the last span of a task still alive: it is in its phase of now.
    return t >= spans.back().to ? phaseNow : spans.front().phase;
}

int TimelineCounts::totalHealthy() const
{
    int n = 0;
    for (const int h : healthy)
        n += h;
    return n;
}

int TimelineCounts::total() const
{
    int n = totalHealthy();
    for (const int s : starting)
        n += s;
    for (const int s : stopping)
        n += s;
    return n;
}

TimelineCounts DeploymentTimeline::countsAt(const QDateTime &t) const
{
    TimelineCounts result;
    for (const TimelineCounts &c : counts) {
        if (c.at > t)
            break;
        result = c;
    }
    if (result.healthy.isEmpty()) {
        result.at = t;
        result.healthy = result.starting = result.stopping = QList<int>(groups.size(), 0);
    }
    return result;
}

int DeploymentTimeline::peakTotal() const
{
    int peak = 0;
    for (const TimelineCounts &c : counts)
        peak = std::max(peak, c.total());
    return peak;
}

int DeploymentTimeline::lowestHealthySinceCreated() const
{
    int lowest = -1;
    for (int i = 0; i < counts.size(); ++i) {
        // A point before createdAt still applies from createdAt on when the next one is later.
        const bool applies = counts[i].at >= createdAt || i + 1 == counts.size() || counts[i + 1].at > createdAt;
        if (!applies)
            continue;
        const int h = counts[i].totalHealthy();
        lowest = lowest < 0 ? h : std::min(lowest, h);
    }
    return std::max(lowest, 0);
}

bool DeploymentTimeline::isLive() const
{
    if (!hasDeployment)
        return false;
    if (rolloutState == RolloutState::InProgress)
        return true;
    return std::any_of(lanes.cbegin(), lanes.cend(), [](const TimelineLane &l) {
        return l.phaseNow != LanePhase::Healthy && l.phaseNow != LanePhase::Stopped;
    });
}

qint64 DeploymentTimeline::elapsedMs() const
{
    if (!createdAt.isValid())
        return 0;
    return createdAt.msecsTo(completedAt.isValid() ? completedAt : now);
}

int DeploymentTimeline::groupIndex(const QString &id) const
{
    for (int i = 0; i < groups.size(); ++i)
        if (groups[i].deploymentId == id)
            return i;
    return -1;
}

DeploymentTimeline emptyDeploymentTimeline(const QString &cluster, const QString &service, bool exists)
{
    DeploymentTimeline tl;
    tl.cluster = cluster;
    tl.service = service;
    tl.hasService = exists;
    return tl;
}

DeploymentTimeline buildDeploymentTimeline(const fd::Service &service, const QList<fd::Task> &tasks,
                                           const QDateTime &now, const QHash<QString, QDateTime> &healthySince)
{
    DeploymentTimeline tl = emptyDeploymentTimeline(service.cluster, service.name, true);
    tl.now = now;
    tl.desiredCount = service.desiredCount;
    tl.percents = service.percents;
    tl.bounds = services::resolveBounds(service.desiredCount, service.percents);
    const fd::Deployment *primary = service.primary();
    if (!primary)
        return tl;
    tl.hasDeployment = true;
    tl.deploymentId = primary->id;
    tl.rolloutState = primary->rolloutState;
    tl.rolloutStateReason = primary->rolloutStateReason;
    tl.toRevision = primary->taskDefinition();
    tl.createdAt = primary->createdAt.isValid() ? primary->createdAt : now;
    // After a rollback the PRIMARY is the reinstated older deployment: the story starts with the failed one.
    tl.rolledBackFrom = primary->rolledBackFrom;
    if (!primary->rolledBackFrom.isEmpty()) {
        for (const QList<fd::Deployment> *list : {&service.deployments, &service.deploymentHistory})
            for (const fd::Deployment &d : *list)
                if (d.id == primary->rolledBackFrom && d.createdAt.isValid() && d.createdAt > tl.createdAt)
                    tl.createdAt = d.createdAt;
    }
    if (primary->rolloutState != RolloutState::InProgress)
        tl.completedAt = primary->completedAt.isValid() ? primary->completedAt : primary->updatedAt;

    // The window: a lead before createdAt, the end rounded up so the scale holds still for a while.
    const QDateTime endOfInterest =
        tl.completedAt.isValid() ? std::min(now, tl.completedAt.addMSecs(std::max<qint64>(
                                                     20 * kSecond, tl.createdAt.msecsTo(tl.completedAt) / 4)))
                                 : now;
    // Both ends move only when the rounded span steps up, so a live axis holds still between steps.
    const qint64 span = std::max<qint64>(tl.createdAt.msecsTo(endOfInterest), 20 * kSecond);
    const qint64 rounded = roundUpSpan(span + std::max<qint64>(5 * kSecond, span / 12));
    const qint64 lead = std::max<qint64>(10 * kSecond, rounded / 12);
    tl.windowStart = tl.createdAt.addMSecs(-lead);
    tl.windowEnd = tl.createdAt.addMSecs(rounded);
    const QDateTime visibleEnd = std::min(now, tl.windowEnd);

    // Every deployment we know of, by id.
    QHash<QString, const fd::Deployment *> known;
    for (const fd::Deployment &d : service.deployments)
        known.insert(d.id, &d);
    for (const fd::Deployment &d : service.deploymentHistory)
        if (!known.contains(d.id))
            known.insert(d.id, &d);

    // Lanes: the tasks alive at some point in the window.
    for (const fd::Task &t : tasks) {
        if (!t.createdAt.isValid() || t.createdAt > visibleEnd)
            continue;
        if (t.isStopped() && t.stoppedAt.isValid() && t.stoppedAt < tl.windowStart)
            continue;
        TimelineLane lane;
        lane.taskId = t.id;
        lane.createdAt = t.createdAt;
        lane.lastStatus = fd::toString(t.lastStatus);
        lane.stoppedReason = t.stoppedReason;
        if (t.isStopped())
            lane.stoppedAt = t.stoppedAt.isValid() ? t.stoppedAt : (t.stoppingAt.isValid() ? t.stoppingAt : now);

        const QDateTime end = lane.stoppedAt.isValid() ? lane.stoppedAt : now;
        const QDateTime started = t.startedAt.isValid() && t.startedAt < end ? t.startedAt : QDateTime();
        const QDateTime stopping = t.stoppingAt.isValid() && t.stoppingAt < end ? t.stoppingAt : QDateTime();
        if (started.isValid()) {
            const QDateTime healthy = hasEssentialHealthCheck(t)
                                          ? healthySince.value(t.id)
                                          : started.addSecs(services::kHealthyAfterRunningWithoutChecks.count());
            if (healthy.isValid() && healthy <= end && (!stopping.isValid() || healthy < stopping))
                lane.healthyAt = std::max(healthy, started);
        }
        addSpan(lane.spans, t.createdAt, earliest({started, stopping, end}), LanePhase::Starting);
        if (started.isValid())
            addSpan(lane.spans, started, earliest({lane.healthyAt, stopping, end}), LanePhase::Running);
        if (lane.healthyAt.isValid())
            addSpan(lane.spans, lane.healthyAt, earliest({stopping, end}), LanePhase::Healthy);
        if (stopping.isValid())
            addSpan(lane.spans, stopping, end, LanePhase::Stopping);
        // From the timestamps, not the last span: a task healthy exactly at `now` has no healthy span yet.
        lane.phaseNow = lane.stoppedAt.isValid()                          ? LanePhase::Stopped
                        : stopping.isValid()                              ? LanePhase::Stopping
                        : lane.healthyAt.isValid() && lane.healthyAt <= now ? LanePhase::Healthy
                        : started.isValid()                               ? LanePhase::Running
                                                                          : phaseOfStatus(t, false);
        // A stop asked for but not begun yet (desired STOPPED, still RUNNING): it no longer counts.
        if (t.desiredStatus == fd::TaskStatus::Stopped && !t.isStopped() && lane.phaseNow != LanePhase::Stopping &&
            !stopping.isValid()) {
            if (!lane.spans.isEmpty() && lane.spans.back().to >= now)
                lane.spans.back().to = now;
            lane.phaseNow = LanePhase::Stopping;
        }

        // Its group: the deployment that started it.
        int g = tl.groupIndex(t.startedBy);
        if (g < 0) {
            TimelineGroup group;
            group.deploymentId = t.startedBy;
            const fd::Deployment *d = known.value(t.startedBy);
            group.family = d ? d->family : t.family;
            group.revision = d ? d->revision : t.revision;
            group.status = d ? fd::toString(d->status) : QString();
            group.target = t.startedBy == primary->id;
            tl.groups.append(group);
            g = int(tl.groups.size() - 1);
        }
        lane.group = g;
        tl.lanes.append(lane);
    }
    // The target always has a group, even before its first task.
    if (tl.groupIndex(primary->id) < 0) {
        TimelineGroup group;
        group.deploymentId = primary->id;
        group.family = primary->family;
        group.revision = primary->revision;
        group.status = fd::toString(primary->status);
        group.target = true;
        tl.groups.append(group);
    }

    // Groups: older deployments first (by createdAt, else revision), the target last.
    QList<int> order(tl.groups.size());
    for (int i = 0; i < order.size(); ++i)
        order[i] = i;
    const auto created = [&](const TimelineGroup &g) {
        const fd::Deployment *d = known.value(g.deploymentId);
        return d ? d->createdAt : QDateTime();
    };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        const TimelineGroup &ga = tl.groups[a];
        const TimelineGroup &gb = tl.groups[b];
        if (ga.target != gb.target)
            return gb.target;
        const QDateTime ca = created(ga), cb = created(gb);
        if (ca.isValid() && cb.isValid() && ca != cb)
            return ca < cb;
        return ga.revision < gb.revision;
    });
    QList<int> newIndex(order.size());
    QList<TimelineGroup> sorted;
    for (int i = 0; i < order.size(); ++i) {
        newIndex[order[i]] = i;
        sorted.append(tl.groups[order[i]]);
    }
    tl.groups = sorted;
    for (TimelineLane &l : tl.lanes)
        l.group = newIndex[l.group];
    std::stable_sort(tl.lanes.begin(), tl.lanes.end(), [](const TimelineLane &a, const TimelineLane &b) {
        if (a.group != b.group)
            return a.group < b.group;
        return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.taskId < b.taskId;
    });
    for (int i = 0; i < tl.lanes.size(); ++i)
        tl.groups[tl.lanes[i].group].lanes.append(i);
    for (const TimelineGroup &g : std::as_const(tl.groups))
        if (!g.target && !g.lanes.isEmpty() && !tl.fromRevisions.contains(g.taskDefinition()))
            tl.fromRevisions.append(g.taskDefinition());

    // The counts: a step function with a point wherever a lane changes phase.
    std::set<qint64> times{tl.windowStart.toMSecsSinceEpoch(), std::min(tl.createdAt, visibleEnd).toMSecsSinceEpoch()};
    for (const TimelineLane &l : std::as_const(tl.lanes)) {
        const auto add = [&](const QDateTime &t) {
            if (t.isValid() && t >= tl.windowStart && t <= visibleEnd)
                times.insert(t.toMSecsSinceEpoch());
        };
        add(l.createdAt);
        add(l.healthyAt); // may have no span yet when it is exactly now
        add(l.stoppedAt);
        for (const LaneSpan &s : l.spans)
            add(s.from);
    }
    const int groups = int(tl.groups.size());
    for (const qint64 ms : times) {
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        TimelineCounts c;
        c.at = at;
        c.healthy = c.starting = c.stopping = QList<int>(groups, 0);
        for (const TimelineLane &l : std::as_const(tl.lanes)) {
            if (!l.existsAt(at))
                continue;
            switch (l.phaseAt(at)) {
            case LanePhase::Starting:
            case LanePhase::Running:
                ++c.starting[l.group];
                break;
            case LanePhase::Healthy:
                ++c.healthy[l.group];
                break;
            case LanePhase::Stopping:
                ++c.stopping[l.group];
                break;
            case LanePhase::Stopped:
                break;
            }
        }
        if (!tl.counts.isEmpty() && tl.counts.back().healthy == c.healthy && tl.counts.back().starting == c.starting &&
            tl.counts.back().stopping == c.stopping)
            continue; // no change: the previous step goes on
        tl.counts.append(c);
    }

    // Events of the window, numbered oldest first, listed newest first.
    int number = 0;
    for (auto it = service.events.crbegin(); it != service.events.crend(); ++it) {
        if (it->createdAt < tl.windowStart || it->createdAt > visibleEnd)
            continue;
        tl.events.prepend({++number, it->createdAt, it->message, shortEventText(it->message)});
    }
    return tl;
}

QString shortEventText(const QString &message)
{
    static const QRegularExpression servicePrefix(QStringLiteral("^\\(service [^)]*\\)\\s*"));
    static const QRegularExpression taskId(QStringLiteral("\\(task ([0-9a-f]{8})[0-9a-f]{24}\\)"));
    QString s = message;
    s.remove(servicePrefix);
    s.replace(taskId, QStringLiteral("\\1"));
    if (!s.isEmpty())
        s[0] = s[0].toUpper();
    return s;
}

QString formatElapsed(qint64 ms)
{
    const bool negative = ms < 0;
    qint64 s = (negative ? -ms : ms) / 1000;
    const qint64 h = s / 3600;
    const qint64 m = (s / 60) % 60;
    s %= 60;
    QString text = h > 0 ? QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'))
                         : QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
    return negative ? QStringLiteral("\u2212") + text : text;
}

} // namespace fd::ui
