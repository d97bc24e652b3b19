#pragma once

#include "models/DeploymentTimeline.h"
#include "models/TrafficScoreboard.h"

#include <QHash>
#include <QTimer>
#include <QWidget>

class QLabel;
class QTextBrowser;

namespace fd {
class ControlPlane;
}

namespace fd::traffic {
class TrafficGenerator;
}

namespace fd::ui {

class DeploymentCanvas;

/**
 * A service's newest rolling deployment as it happens, on the control plane's clock, for a
 * projector: a header (service, deployment id and rollout state, "web:1 → web:2", counts, elapsed
 * time), the chart and task lanes of DeploymentCanvas, and beside them the service events newest
 * first, numbered like the badges on the chart. With a traffic generator (the console's), the
 * scoreboard of its run during the deployment: the verdict ("1,234 requests, 0 failed") under the
 * summary and the requests per revision and failures on the canvas's time axis.
 *
 * Follows the ControlPlane live: changes of services and tasks are coalesced (50 ms); while
 * something moves on time alone (the rollout is IN_PROGRESS or a task is neither healthy nor
 * stopped) it re-reads the clock at 3 Hz (1 Hz with FLEETDECK_REDUCED_MOTION or
 * FLEETDECK_NO_ANIMATIONS), otherwise it is idle.
 */
class DeploymentView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeploymentView)

public:
    explicit DeploymentView(fd::ControlPlane &cp, QWidget *parent = nullptr);

    void setService(const QString &cluster, const QString &name);
    /// Inside the service's tabs, whose title line already names the service and its rollout
    /// state: no title and no state line, the summary in the normal font, so the chart keeps the
    /// height. The view in a window of its own (for a projector) is not embedded.
    void setEmbedded(bool embedded);
    /// Where the scoreboard's traffic comes from (the console's generator); null: no scoreboard.
    /// While it runs the view re-reads it at 4 Hz.
    void setTraffic(const fd::traffic::TrafficGenerator *traffic);
    QString cluster() const { return m_cluster; }
    QString serviceName() const { return m_service; }

    /// What is drawn, rebuilt at the last refresh.
    const DeploymentTimeline &timeline() const { return m_timeline; }
    DeploymentCanvas *canvas() const { return m_canvas; }
    /// Re-reads the service and its tasks now (changes are otherwise coalesced).
    void refresh();
    /// True while the view re-reads the clock on its own.
    bool isLive() const { return m_tick.isActive(); }
    /// The traffic drawn, rebuilt at the last refresh.
    const TrafficScoreboard &trafficScoreboard() const { return m_scoreboard; }
    /// The verdict line as plain text; empty when no traffic ran during the deployment.
    QString trafficText() const;
    /// The header and the event list, as plain text.
    QString headerText() const;
    QString eventsText() const;

private:
    void rebuild();
    void updateHeader();
    void updateEvents();
    void updateTraffic();
    void pollTraffic();

    fd::ControlPlane &m_cp;
    QString m_cluster;
    QString m_service;
    std::optional<fd::Service> m_snapshot;
    QList<fd::Task> m_tasks;
    QHash<QString, QDateTime> m_healthySince; ///< task id -> first seen HEALTHY (checked tasks)
    bool m_firstSnapshot = true;
    DeploymentTimeline m_timeline;
    QString m_eventsKey; ///< what the event list shows, to skip needless re-layouts

    QFont m_summaryFont; ///< the summary's projector font, for when the view is not embedded
    QLabel *m_title;
    QLabel *m_state;
    QLabel *m_summary;
    DeploymentCanvas *m_canvas;
    QTextBrowser *m_events;
    QLabel *m_verdict;
    QTimer m_refreshTimer;
    QTimer m_tick;
    const fd::traffic::TrafficGenerator *m_traffic = nullptr;
    TrafficScoreboard m_scoreboard;
    QTimer m_trafficTick;
    std::uint64_t m_trafficRun = 0; ///< the run last drawn
    bool m_trafficWasRunning = false;
};

} // namespace fd::ui
