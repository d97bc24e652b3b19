#pragma once

// The traffic generator's run as the deployment view draws it: requests per second attributed to
// the deployment's groups (revisions), on the control plane's time axis, failures at their time,
// and the verdict. Pure, like DeploymentTimeline: tests read the numbers the band is painted from.

#include "models/DeploymentTimeline.h"

#include <QColor>
#include <QDateTime>
#include <QList>
#include <QString>

namespace fd::traffic {
struct TrafficSnapshot;
}

namespace fd::ui {

/// One bucket of wall time (a quarter of a second) of traffic, placed on the control plane's
/// clock: 250 ms wide at x1, 5 s at teaching speed x20, nothing while the clock is paused.
struct TrafficColumn
{
    QDateTime from;
    QDateTime to;
    QList<qint64> perGroup; ///< answered requests per DeploymentTimeline group
    qint64 other = 0;       ///< answered by a task or revision of no group (another service)
    qint64 failed = 0;
    qint64 answered() const;
};

/// A failed request at its time.
struct TrafficMark
{
    QDateTime at;
    QString cause;  ///< "timeout", "HTTP status", ...
    QString detail; ///< "HTTP 502 Bad Gateway"
    QString taskId; ///< empty when unknown
    QString path;
    int group = -1; ///< the task's group, or -1
};

struct TrafficScoreboard
{
    bool present = false; ///< a run of the generator overlaps the deployment's window
    bool running = false;
    QString url;
    int concurrency = 0;
    double ratePerSecond = 0;
    qint64 requests = 0; ///< ended, over the whole run
    qint64 failed = 0;
    qint64 abandoned = 0;
    QString endReason;
    QList<qint64> servedPerGroup; ///< answered requests per group over the whole run
    qint64 servedOther = 0;
    QList<TrafficColumn> columns; ///< in the window, in time order
    QList<TrafficMark> failures;  ///< in the window, in time order (the generator keeps the first 1,000)
    qint64 peakPerBucket = 0;     ///< most answered requests in one column of the window
    qint64 bucketMs = 250;        ///< wall time per column
    /// The busiest column as requests per second.
    qint64 peakPerSecond() const { return bucketMs > 0 ? peakPerBucket * 1000 / bucketMs : 0; }

    /// "1,234 requests, 0 failed"; "1,234 requests, 3 failed".
    QString verdict() const;
    /// "served: web:1 612 · web:2 622" (and "other" when any).
    QString servedText(const DeploymentTimeline &tl) const;
};

/// A revision's colour by age, as the deployment view paints revisions: 0 the newest (the one
/// being rolled out, target blue), then the older ones (orange, reddish purple, grey).
QColor revisionColour(int age);
/// The snapshot's revisions (X-Revision), newest first: "10" before "9", numbers before names.
QStringList revisionsNewestFirst(const fd::traffic::TrafficSnapshot &snapshot);

/**
 * Places `snapshot` on `timeline`'s axis. A request is attributed to a group by its task
 * (X-Task-Id is the ECS task id, and every lane knows its group); an answer from a task the
 * timeline does not have goes by X-Revision to the newest group of that revision, else to other.
 */
TrafficScoreboard buildTrafficScoreboard(const fd::traffic::TrafficSnapshot &snapshot,
                                         const DeploymentTimeline &timeline);

} // namespace fd::ui
