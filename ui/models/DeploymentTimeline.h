#pragma once

// What the deployment view draws, as a value: one service's newest deployment rebuilt from its tasks'
// timestamps (ECS-SEMANTICS 1.2, 1.4). Pure: no widgets, no signals, so tests read the same numbers
// the picture is painted from.

#include "model/Service.h"
#include "model/Task.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

namespace fd::ui {

/// Where a task is in its life, as the deployment view colours it.
enum class LanePhase {
    Starting, ///< PROVISIONING, PENDING, ACTIVATING: holds a place under maximumPercent
    Running,  ///< RUNNING, not counted healthy yet (40 s without health checks, else until HEALTHY)
    Healthy,  ///< RUNNING and counted toward minimumHealthyPercent
    Stopping, ///< DEACTIVATING, STOPPING, DEPROVISIONING: still holds its place until STOPPED
    Stopped,  ///< gone: the lane ends here
};
QString toString(LanePhase p); // "starting", "running, not yet healthy", "healthy", "stopping", "stopped"

struct LaneSpan
{
    QDateTime from;
    QDateTime to; ///< exclusive; for a task still alive the last span ends at `now`
    LanePhase phase = LanePhase::Starting;
};

/// One task's life in the window.
struct TimelineLane
{
    QString taskId;
    int group = 0;          ///< index into DeploymentTimeline::groups
    QList<LaneSpan> spans;  ///< in time order, no gaps, empty spans left out
    LanePhase phaseNow = LanePhase::Starting;
    QDateTime createdAt;
    QDateTime healthyAt;    ///< when it counted healthy; invalid when it never did
    QDateTime stoppedAt;    ///< valid once STOPPED: where the lane ends with a marker
    QString stoppedReason;  ///< "Scaling activity initiated by (deployment ecs-svc/…)"
    QString lastStatus;     ///< "RUNNING", …
    bool alive() const { return !stoppedAt.isValid(); }
    /// The phase at `t`; Stopped before creation and after the stop.
    LanePhase phaseAt(const QDateTime &t) const;
    /// False before creation and from the stop on.
    bool existsAt(const QDateTime &t) const;
};

/// The tasks of one deployment (one revision), oldest deployment first, the target last.
struct TimelineGroup
{
    QString deploymentId; ///< "ecs-svc/…"; empty for tasks no known deployment started
    QString family;
    int revision = 0;
    bool target = false;  ///< the newest deployment: the revision being rolled out
    QString status;       ///< PRIMARY, ACTIVE, INACTIVE, or empty when unknown
    QList<int> lanes;     ///< indexes into DeploymentTimeline::lanes, by creation
    QString taskDefinition() const { return family + u':' + QString::number(revision); }
};

/// Task counts per group, valid from `at` until the next point (a step function).
struct TimelineCounts
{
    QDateTime at;
    QList<int> healthy;  ///< per group
    QList<int> starting; ///< per group: Starting and Running (not yet healthy)
    QList<int> stopping; ///< per group
    int totalHealthy() const;
    /// Every task holding a place: what maximumPercent bounds.
    int total() const;
};

struct TimelineEvent
{
    int number = 0;    ///< 1 for the oldest in the window: the badge on the chart
    QDateTime at;
    QString message;   ///< API form
    QString shortText; ///< without "(service S) " and with task ids cut to 8 digits
};

struct DeploymentTimeline
{
    bool hasService = false;
    bool hasDeployment = false;
    QString service;
    QString cluster;
    QString deploymentId;
    RolloutState rolloutState = RolloutState::InProgress;
    QString rolloutStateReason;
    QString rolledBackFrom;    ///< the failed deployment a rollback reinstated this one after
    QStringList fromRevisions; ///< older revisions with tasks in the window: "web:1"
    QString toRevision;        ///< "web:2"
    QDateTime createdAt;       ///< of the newest deployment
    QDateTime completedAt;     ///< invalid while IN_PROGRESS
    QDateTime now;
    QDateTime windowStart;
    QDateTime windowEnd;
    int desiredCount = 0;
    services::DeploymentPercents percents;
    services::DeploymentBounds bounds;
    QList<TimelineGroup> groups;
    QList<TimelineLane> lanes;
    QList<TimelineCounts> counts; ///< from windowStart to now
    QList<TimelineEvent> events;  ///< in the window, newest first

    /// The counts in effect at `t` (zeros before the first point).
    TimelineCounts countsAt(const QDateTime &t) const;
    /// Most tasks holding a place at once, in the window.
    int peakTotal() const;
    /// Fewest healthy tasks at once from the deployment's creation on.
    int lowestHealthySinceCreated() const;
    /// Something moves on time alone: the rollout is IN_PROGRESS or a task is neither healthy nor stopped.
    bool isLive() const;
    /// "1:35" since createdAt, until completedAt when done.
    qint64 elapsedMs() const;
    int groupIndex(const QString &deploymentId) const;
};

/**
 * Rebuilds the newest deployment of `service` from `tasks` (its group's tasks, stopped ones
 * included, as ops::Tasks keeps them an hour) at `now`.
 *
 * A task counts healthy as the service controller judges it: without an essential health check 40 s
 * after RUNNING; with one, from `healthySince[id]` (when the caller first saw it HEALTHY; the view
 * records it, since tasks carry no such timestamp). A task stops counting at stoppingAt.
 *
 * The window ends at now plus a margin, rounded up to a whole step (a 95 s rollout gets a 2-minute
 * axis), and starts a twelfth of that (at least 10 s) before createdAt, so the axis does not rescale
 * on every frame;
 * once COMPLETED or FAILED it ends a short while after completedAt (a quarter of the rollout's
 * duration, at least 20 s) if that is before now.
 */
DeploymentTimeline buildDeploymentTimeline(const fd::Service &service, const QList<fd::Task> &tasks,
                                           const QDateTime &now, const QHash<QString, QDateTime> &healthySince = {});

/// An "empty" timeline for a service without deployments, or none at all.
DeploymentTimeline emptyDeploymentTimeline(const QString &cluster, const QString &service, bool exists);

/// "(service web) has started 2 tasks: (task 0123…) (task 4567…)." → "has started 2 tasks: 01234567 45670123."
QString shortEventText(const QString &message);

/// "1:05", "12:00", "1:02:03"; negative as "−0:10".
QString formatElapsed(qint64 ms);

} // namespace fd::ui
