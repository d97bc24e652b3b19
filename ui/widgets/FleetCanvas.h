#pragma once

#include "model/ContainerInstance.h"
#include "model/Task.h"

#include <QAbstractScrollArea>
#include <QColor>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QMap>
#include <QRectF>
#include <QTimer>

namespace fd::ui {

/**
 * The teaching picture, painted: availability zones as columns, each holding its container
 * instances as cards, each card holding its tasks as blocks on a strip that stands for the whole
 * instance. A block's width is the task's share of the instance's scarcer resource: the larger of
 * (CPU units reserved ÷ CPU registered) and (MiB reserved ÷ MiB registered), so a card whose strip
 * is full has run out of CPU or memory. Under the strip, two bars show CPU and memory reserved of
 * registered exactly. Blocks are coloured by family (a stable colour per family name), older
 * revisions a lighter shade. Tasks that no instance can take wait in a tray above the zones.
 * FARGATE tasks have no instance: they sit in a "Fargate" lane at the foot of the zone of their
 * subnet, apart from the cards, each block showing its ENI address (and SPOT for FARGATE_SPOT);
 * the lanes appear when the cluster has a Fargate task.
 *
 * Built for 1,000 instances: the layout is computed when data or width change, not per paint;
 * painting skips cards outside the exposed area and drops text when cards are too small to read.
 * New tasks grow in and leaving tasks fade out over kAnimationMs, unless animations are off
 * (setAnimationsEnabled(false), or FLEETDECK_REDUCED_MOTION / FLEETDECK_NO_ANIMATIONS set).
 *
 * Hit-testing works in viewport coordinates: taskAt(), instanceAt(), instanceRect(), taskRect(),
 * laneRect().
 */
class FleetCanvas final : public QAbstractScrollArea
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetCanvas)

public:
    static constexpr int kAnimationMs = 300;
    static constexpr double kMinScale = 0.15;
    static constexpr double kMaxFitScale = 1.6;
    static constexpr double kMaxScale = 3.0;

    struct LegendEntry
    {
        QString label; ///< "demo-web:3"
        QColor colour;
    };

    explicit FleetCanvas(QWidget *parent = nullptr);

    /// Replaces what is shown: the cluster's instances (ACTIVE and DRAINING), its tasks that are
    /// not STOPPED, and the zones to draw (empty zones included, so an empty zone is seen).
    void setFleet(const QList<fd::ContainerInstance> &instances, const QList<fd::Task> &tasks,
                  const QStringList &zones);

    void setAnimationsEnabled(bool enabled) { m_animate = enabled; }
    bool animationsEnabled() const { return m_animate; }
    /// True while a grow or fade is in progress.
    bool isAnimating() const { return !m_anims.isEmpty(); }

    double scale() const { return m_scale; }
    /// Fixed zoom (stops following the size of the window).
    void setScale(double scale);
    void zoomIn() { setScale(m_scale * 1.25); }
    void zoomOut() { setScale(m_scale / 1.25); }
    /// The largest zoom (up to kMaxFitScale) that shows everything without scrolling; kept while the
    /// window or the fleet changes, until the zoom is set by hand.
    void zoomToFit();
    bool isFitting() const { return m_fit; }

    QString selectedTask() const { return m_selectedTask; }
    QString selectedInstance() const { return m_selectedInstance; }
    /// Selects a task (empty: none) and scrolls to it; emits selectionChanged.
    void selectTask(const QString &taskId);
    void selectInstance(const QString &instanceId);

    // Hit-testing, in viewport coordinates.
    QString taskAt(const QPoint &viewportPos) const;
    QString instanceAt(const QPoint &viewportPos) const;
    QRect instanceRect(const QString &instanceId) const; ///< null when not shown
    QRect taskRect(const QString &taskId) const;         ///< null when not shown
    QRect trayRect() const;
    QRect zoneRect(const QString &zone) const;
    /// The Fargate lane of a zone; null when no lane is drawn (the cluster has no Fargate task).
    QRect laneRect(const QString &zone) const;
    /// The FARGATE tasks drawn in a zone's lane, oldest first.
    QStringList fargateTasksIn(const QString &zone) const;
    /// The zone a FARGATE task is drawn in: its availabilityZone, else the zone its ENI's subnet
    /// names ("subnet-us-east-1b"); empty when not known yet.
    static QString fargateZone(const fd::Task &task);
    /// The task ids waiting in the tray, oldest first.
    QStringList waitingTasks() const;
    /// The tasks drawn on this instance's card, left to right.
    QStringList tasksOn(const QString &instanceId) const;
    const fd::Task *task(const QString &taskId) const;
    const fd::ContainerInstance *instance(const QString &instanceId) const;

    QList<LegendEntry> legend() const;
    /// The block colour of a family's revision: stable per family name; revisions older than the
    /// newest shown (`newest`) get lighter.
    static QColor colourFor(const QString &family, int revision, int newest);

    /// Paints the whole scene at the current zoom into `painter` (for benchmarks and screenshots).
    void paintScene(QPainter &painter, const QRectF &exposedScene) const;
    QSizeF sceneSize() const { return {m_layoutWidth, m_sceneHeight}; }

signals:
    void selectionChanged();
    void fleetChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    struct Card
    {
        QRectF rect;
        QRectF strip;
        QList<int> tasks; // indexes into m_tasks, left to right
    };
    struct Anim
    {
        qint64 start = 0;
        bool leaving = false;
        QRectF rect;   // scene rect of a leaving block (where it was)
        fd::Task task; // what it was, for a leaving block
    };

    // Lays the scene out for a viewport `width` pixels wide at zoom `scale`; returns its height in
    // scene units. Only geometry: cheap enough for zoomToFit's search.
    double layout(double scale, bool store);
    void relayout();
    void ensureVisible(const QRect &viewportRect);
    void updateScrollBars();
    QPointF toScene(const QPoint &viewportPos) const;
    QRect toViewport(const QRectF &sceneRect) const;
    void paintCard(QPainter &p, int index, bool detailed) const;
    void paintBlock(QPainter &p, const QRectF &r, const fd::Task &t, double alpha, bool detailed, bool waiting) const;
    void paintTray(QPainter &p, bool detailed) const;
    void paintZones(QPainter &p, const QRectF &exposed, bool detailed) const;
    void paintLanes(QPainter &p, const QRectF &exposed, bool detailed) const;
    QString taskTip(const fd::Task &t) const;
    QString instanceTip(const fd::ContainerInstance &ci) const;
    int newestRevision(const QString &family) const { return m_newest.value(family); }
    void tick();

    QList<fd::ContainerInstance> m_instances;
    QList<fd::Task> m_tasks;
    QStringList m_zones;
    QHash<QString, int> m_instanceIndex; // id -> index in m_instances
    QHash<QString, int> m_taskIndex;     // id -> index in m_tasks
    QHash<QString, int> m_newest;        // family -> newest revision shown
    QList<int> m_waiting;                // indexes into m_tasks, oldest first
    QList<QList<int>> m_tasksByInstance; // per instance, indexes into m_tasks
    QList<QList<int>> m_fargateByZone;   // per zone, FARGATE tasks (indexes into m_tasks), oldest first
    bool m_hasData = false;

    // Layout, in scene units.
    QList<Card> m_cards;                // per instance
    QList<QRectF> m_zoneRects;          // per zone
    QList<QRectF> m_laneRects;          // per zone, the Fargate lane (none when no Fargate task)
    QList<int> m_zoneOfInstance;        // per instance
    QHash<QString, QRectF> m_taskRects; // task id -> block
    QRectF m_tray;
    QList<QRectF> m_trayBlocks; // per m_waiting entry
    double m_layoutWidth = 0;
    double m_sceneHeight = 0;
    double m_scale = 1.0;
    bool m_fit = true;

    QString m_selectedTask;
    QString m_selectedInstance;

    bool m_animate = true;
    QHash<QString, Anim> m_anims;
    QElapsedTimer m_clock;
    QTimer m_animTimer;
};

} // namespace fd::ui
