#include "FleetCanvas.h"

#include "Palette.h"

#include <QEasingCurve>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QSet>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace fd::ui {

namespace {

// Scene geometry, in scene units (pixels at zoom 1).
constexpr double kMargin = 16;
constexpr double kGap = 14;
constexpr double kZonePad = 12;
constexpr double kZoneHeader = 58;
constexpr double kCardMinWidth = 250;
constexpr double kCardHeight = 172;
constexpr double kStripTop = 58;
constexpr double kStripHeight = 54;
constexpr double kTrayTitle = 36;
constexpr double kTrayPad = 12;
constexpr double kTrayBlockWidth = 118;
constexpr double kTrayBlockHeight = 40;
constexpr double kTrayEmptyHeight = 26;
// The Fargate lane at the foot of each zone: a title, then rows of blocks three lines tall
// (definition, ENI address, status).
constexpr double kLaneTitle = 34;
constexpr double kLanePad = 10;
constexpr double kLaneBlockWidth = 132; // at least; blocks share a lane row evenly, up to kLaneBlockMaxWidth
constexpr double kLaneBlockMaxWidth = 190;
constexpr double kLaneBlockHeight = 60;
constexpr double kLaneEmptyHeight = 24;
// Below this on-screen card width, text is too small to read: shapes only.
constexpr double kDetailCardPixels = 150;

// The family colours: ten that stay apart from each other on white and on a projector (Tableau 10).
const QList<QColor> &kPalette = palette::Families;

const QColor &kInk = palette::Ink;
const QColor &kMuted = palette::Slate;
const QColor &kBand = palette::Band;
const QColor &kCardBorder = palette::CardBorder;
const QColor &kSelection = palette::Link;
const QColor &kAmber = palette::Amber;
const QColor &kGreen = palette::Ok;
const QColor &kRed = palette::Error;
const QColor &kCpuBar = palette::CpuBar;
const QColor &kMemoryBar = palette::MemoryBar;
const QColor &kLaneBorder = palette::Link;
const QColor &kLaneFill = palette::InfoBox;
const QColor &kSpot = palette::Amber;

// FNV-1a over the UTF-16 code units: the same family gets the same colour in every run (qHash
// is seeded per process).
quint32 stableHash(const QString &s)
{
    quint32 h = 2166136261u;
    for (const QChar c : s) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    return h;
}

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

bool isDark(const QColor &c)
{
    return 0.299 * c.redF() + 0.587 * c.greenF() + 0.114 * c.blueF() < 0.62;
}

QFont pxFont(int pixels, bool bold = false)
{
    QFont f;
    f.setPixelSize(pixels);
    f.setBold(bold);
    return f;
}

bool reducedMotionFromEnvironment()
{
    return qEnvironmentVariableIsSet("FLEETDECK_REDUCED_MOTION") ||
           qEnvironmentVariableIsSet("FLEETDECK_NO_ANIMATIONS");
}

bool isStarting(fd::TaskStatus s)
{
    return s == fd::TaskStatus::Provisioning || s == fd::TaskStatus::Pending || s == fd::TaskStatus::Activating;
}

bool isStopping(fd::TaskStatus s)
{
    return s == fd::TaskStatus::Deactivating || s == fd::TaskStatus::Stopping || s == fd::TaskStatus::Deprovisioning;
}

QString where(const fd::Task &t)
{
    if (t.isFargate()) {
        const QString zone = FleetCanvas::fargateZone(t);
        return zone.isEmpty() ? QStringLiteral("(waiting)") : QStringLiteral("fargate:") + zone;
    }
    return t.isPlaced() ? t.containerInstanceId : QStringLiteral("(waiting)");
}

} // namespace

FleetCanvas::FleetCanvas(QWidget *parent) : QAbstractScrollArea(parent), m_animate(!reducedMotionFromEnvironment())
{
    setObjectName(QStringLiteral("fleetCanvas"));
    viewport()->setObjectName(QStringLiteral("fleetCanvasViewport"));
    viewport()->setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
    m_clock.start();
    m_animTimer.setInterval(16);
    connect(&m_animTimer, &QTimer::timeout, this, &FleetCanvas::tick);
}

QString FleetCanvas::fargateZone(const fd::Task &t)
{
    if (!t.availabilityZone.isEmpty())
        return t.availabilityZone;
    if (t.eni && t.eni->subnetId.startsWith(QStringLiteral("subnet-")))
        return t.eni->subnetId.mid(7);
    return {};
}

QColor FleetCanvas::colourFor(const QString &family, int revision, int newest)
{
    const QColor base = kPalette[int(stableHash(family) % uint(kPalette.size()))];
    const int older = std::clamp(newest - revision, 0, 3);
    return older == 0 ? base : mix(base, palette::Paper, 0.22 * older);
}

void FleetCanvas::setFleet(const QList<fd::ContainerInstance> &instances, const QList<fd::Task> &tasks,
                           const QStringList &zones)
{
    // What was shown, and where, so that arrivals grow in and departures fade out.
    QHash<QString, QPair<QString, QRectF>> before; // id -> (where, scene rect)
    QHash<QString, fd::Task> beforeTasks;
    const bool animate = m_animate && m_hasData;
    if (animate) {
        for (const fd::Task &t : std::as_const(m_tasks)) {
            QRectF r = m_taskRects.value(t.id);
            before.insert(t.id, {where(t), r});
            beforeTasks.insert(t.id, t);
        }
    }

    m_instances = instances;
    m_instanceIndex.clear();
    for (int i = 0; i < m_instances.size(); ++i)
        m_instanceIndex.insert(m_instances[i].id, i);
    m_zones = zones;
    for (const fd::ContainerInstance &ci : std::as_const(m_instances))
        if (!m_zones.contains(ci.availabilityZone))
            m_zones << ci.availabilityZone;

    m_tasks.clear();
    m_tasks.reserve(tasks.size());
    for (const fd::Task &t : tasks) {
        if (t.isStopped())
            continue;
        if (t.isFargate()) {
            // No instance: drawn in the lane of its zone (a zone outside the region's list still
            // gets a column, as an instance's would).
            if (const QString zone = fargateZone(t); !zone.isEmpty() && !m_zones.contains(zone))
                m_zones << zone;
        } else if (t.isPlaced() && !m_instanceIndex.contains(t.containerInstanceId)) {
            continue; // on an instance no longer registered: nothing to draw it on
        }
        m_tasks.append(t);
    }
    std::sort(m_zones.begin(), m_zones.end());
    // Oldest first: a new task lands at the right end of its card's strip.
    std::stable_sort(m_tasks.begin(), m_tasks.end(), [](const fd::Task &a, const fd::Task &b) {
        return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.id < b.id;
    });
    m_taskIndex.clear();
    m_newest.clear();
    m_waiting.clear();
    m_tasksByInstance = QList<QList<int>>(m_instances.size());
    m_fargateByZone = QList<QList<int>>(m_zones.size());
    for (int i = 0; i < m_tasks.size(); ++i) {
        const fd::Task &t = m_tasks[i];
        m_taskIndex.insert(t.id, i);
        int &newest = m_newest[t.family];
        newest = std::max(newest, t.revision);
        if (t.isFargate()) {
            const qsizetype z = m_zones.indexOf(fargateZone(t));
            if (z >= 0)
                m_fargateByZone[z].append(i);
            else
                m_waiting.append(i); // no zone yet: its ENI is not attached
        } else if (t.isPlaced())
            m_tasksByInstance[m_instanceIndex.value(t.containerInstanceId)].append(i);
        else
            m_waiting.append(i);
    }
    if (!m_selectedTask.isEmpty() && !m_taskIndex.contains(m_selectedTask))
        m_selectedTask.clear();
    if (!m_selectedInstance.isEmpty() && !m_instanceIndex.contains(m_selectedInstance))
        m_selectedInstance.clear();
    if (!m_selectedTask.isEmpty())
        m_selectedInstance = m_tasks[m_taskIndex.value(m_selectedTask)].containerInstanceId;

    m_hasData = true;
    relayout();

    if (animate) {
        const qint64 now = m_clock.elapsed();
        for (const fd::Task &t : std::as_const(m_tasks)) {
            const auto it = before.constFind(t.id);
            if (it == before.cend() || it->first != where(t))
                m_anims.insert(t.id, {now, false, {}, {}});
            else if (m_anims.contains(t.id) && m_anims[t.id].leaving)
                m_anims.remove(t.id);
        }
        for (auto it = before.cbegin(); it != before.cend(); ++it)
            if (!m_taskIndex.contains(it.key()) && !it->second.isNull())
                m_anims.insert(it.key(), {now, true, it->second, beforeTasks.value(it.key())});
        if (!m_anims.isEmpty() && !m_animTimer.isActive())
            m_animTimer.start();
    }
    viewport()->update();
    emit fleetChanged();
}

void FleetCanvas::tick()
{
    const qint64 now = m_clock.elapsed();
    for (auto it = m_anims.begin(); it != m_anims.end();) {
        if (now - it->start >= kAnimationMs)
            it = m_anims.erase(it);
        else
            ++it;
    }
    if (m_anims.isEmpty())
        m_animTimer.stop();
    viewport()->update();
}

double FleetCanvas::layout(double scale, bool store)
{
    const double viewWidth = std::max(1, viewport()->width()) / scale;
    const int zoneCount = std::max<int>(1, int(m_zones.size()));
    // Never narrower than one minimal card per zone: below that the canvas scrolls sideways.
    const double width =
        std::max(viewWidth, 2 * kMargin + zoneCount * (kCardMinWidth + 2 * kZonePad) + (zoneCount - 1) * kGap);
    const double inner = width - 2 * kMargin;
    double y = kMargin;

    // The tray of tasks waiting for capacity.
    const int perRow = std::max(1, int((inner - 2 * kTrayPad + 8) / (kTrayBlockWidth + 8)));
    const int waiting = int(m_waiting.size());
    const int trayRows = (waiting + perRow - 1) / perRow;
    const double trayHeight =
        kTrayTitle + (waiting == 0 ? kTrayEmptyHeight : trayRows * (kTrayBlockHeight + 8)) + kTrayPad - 4;
    if (store) {
        m_tray = QRectF(kMargin, y, inner, trayHeight);
        m_trayBlocks.clear();
        for (int i = 0; i < waiting; ++i)
            m_trayBlocks << QRectF(kMargin + kTrayPad + (i % perRow) * (kTrayBlockWidth + 8),
                                   y + kTrayTitle + (i / perRow) * (kTrayBlockHeight + 8), kTrayBlockWidth,
                                   kTrayBlockHeight);
    }
    y += trayHeight + kGap;

    // Zones as columns of equal width; cards in rows inside each.
    const double columnWidth = (inner - (zoneCount - 1) * kGap) / zoneCount;
    const int cardsPerRow = std::max(1, int((columnWidth - 2 * kZonePad + kGap) / (kCardMinWidth + kGap)));
    const double cardWidth = (columnWidth - 2 * kZonePad - (cardsPerRow - 1) * kGap) / cardsPerRow;
    QList<int> countInZone(zoneCount, 0);
    QList<int> zoneOf(m_instances.size(), 0);
    for (int i = 0; i < m_instances.size(); ++i) {
        const int z = std::max<int>(0, int(m_zones.indexOf(m_instances[i].availabilityZone)));
        zoneOf[i] = z;
        ++countInZone[z];
    }
    const int mostCards = countInZone.isEmpty() ? 0 : *std::max_element(countInZone.cbegin(), countInZone.cend());
    const int rows = std::max(1, (mostCards + cardsPerRow - 1) / cardsPerRow);
    const double cardsHeight = kZoneHeader + rows * (kCardHeight + kGap) - kGap + kZonePad;

    // The Fargate lanes: as tall as the fullest zone's, so they line up across the columns.
    bool anyFargate = false;
    int mostFargate = 0;
    for (const QList<int> &lane : std::as_const(m_fargateByZone)) {
        anyFargate |= !lane.isEmpty();
        mostFargate = std::max(mostFargate, int(lane.size()));
    }
    const double laneWidth = columnWidth - 2 * kZonePad;
    const int perLaneRow = std::max(1, int((laneWidth - 2 * kLanePad + 8) / (kLaneBlockWidth + 8)));
    const int laneRows = (mostFargate + perLaneRow - 1) / perLaneRow;
    const double laneHeight =
        !anyFargate ? 0 : kLaneTitle + (laneRows == 0 ? kLaneEmptyHeight : laneRows * (kLaneBlockHeight + 8)) + 4;
    const double zoneHeight = cardsHeight + (anyFargate ? laneHeight + kZonePad : 0);

    if (store) {
        m_layoutWidth = width;
        m_zoneRects.clear();
        for (int z = 0; z < zoneCount; ++z)
            m_zoneRects << QRectF(kMargin + z * (columnWidth + kGap), y, columnWidth, zoneHeight);
        m_cards = QList<Card>(m_instances.size());
        m_zoneOfInstance = zoneOf;
        m_taskRects.clear();
        QList<int> placedInZone(zoneCount, 0);
        for (int i = 0; i < m_instances.size(); ++i) {
            const int z = zoneOf[i];
            const int k = placedInZone[z]++;
            const QRectF &zone = m_zoneRects[z];
            Card &card = m_cards[i];
            card.rect =
                QRectF(zone.x() + kZonePad + (k % cardsPerRow) * (cardWidth + kGap),
                       zone.y() + kZoneHeader + (k / cardsPerRow) * (kCardHeight + kGap), cardWidth, kCardHeight);
            card.strip = QRectF(card.rect.x() + 12, card.rect.y() + kStripTop, card.rect.width() - 24, kStripHeight);
            card.tasks = m_tasksByInstance.value(i);

            // Each block's width is its share of the scarcer resource. The shares of tasks whose
            // scarcer resources differ can add up to more than the strip; then all are scaled down.
            const fd::ContainerInstance &ci = m_instances[i];
            QList<double> shares;
            double total = 0;
            for (const int ti : std::as_const(card.tasks)) {
                const fd::Task &t = m_tasks[ti];
                const double cpu = ci.registeredCpu > 0 ? double(t.cpu) / ci.registeredCpu : 0;
                const double memory = ci.registeredMemory > 0 ? double(t.memory) / ci.registeredMemory : 0;
                shares << std::max(cpu, memory);
                total += shares.back();
            }
            const double factor = total > 1 ? 1 / total : 1;
            double x = card.strip.x() + 3;
            const double usable = card.strip.width() - 6;
            for (int n = 0; n < card.tasks.size(); ++n) {
                const double w = std::max(4.0, shares[n] * factor * usable);
                m_taskRects.insert(m_tasks[card.tasks[n]].id,
                                   QRectF(x + 1, card.strip.y() + 3, w - 2, card.strip.height() - 6));
                x += w;
            }
        }
        m_laneRects.clear();
        for (int z = 0; z < zoneCount && anyFargate; ++z) {
            const QRectF &zone = m_zoneRects[z];
            const QRectF lane(zone.x() + kZonePad, zone.y() + cardsHeight, laneWidth, laneHeight);
            m_laneRects << lane;
            const QList<int> &tasks = m_fargateByZone.value(z);
            // The row's width shared evenly (never wider than kLaneBlockMaxWidth, nor than the lane).
            const double blockWidth = std::min({kLaneBlockMaxWidth, laneWidth - 2 * kLanePad,
                                                (laneWidth - 2 * kLanePad - (perLaneRow - 1) * 8) / perLaneRow});
            for (int k = 0; k < tasks.size(); ++k)
                m_taskRects.insert(m_tasks[tasks[k]].id,
                                   QRectF(lane.x() + kLanePad + (k % perLaneRow) * (blockWidth + 8),
                                          lane.y() + kLaneTitle + (k / perLaneRow) * (kLaneBlockHeight + 8), blockWidth,
                                          kLaneBlockHeight));
        }
        for (int i = 0; i < m_waiting.size(); ++i)
            m_taskRects.insert(m_tasks[m_waiting[i]].id, m_trayBlocks[i]);
        m_sceneHeight = y + zoneHeight + kMargin;
    }
    return y + zoneHeight + kMargin;
}

void FleetCanvas::relayout()
{
    if (m_fit) {
        // The largest zoom at which the whole scene fits the viewport: a binary search over a
        // layout that only computes heights (monotonic: more zoom, narrower scene, taller rows).
        const double vw = std::max(1, viewport()->width());
        const double vh = std::max(1, viewport()->height());
        const auto fits = [&](double s) {
            const double h = layout(s, false) * s;
            const double viewWidth = vw / s;
            const int zoneCount = std::max<int>(1, int(m_zones.size()));
            const double minWidth = 2 * kMargin + zoneCount * (kCardMinWidth + 2 * kZonePad) + (zoneCount - 1) * kGap;
            return h <= vh && minWidth <= viewWidth + 0.5;
        };
        double lo = kMinScale;
        double hi = kMaxFitScale;
        if (fits(hi)) {
            lo = hi;
        } else {
            for (int i = 0; i < 18; ++i) {
                const double mid = (lo + hi) / 2;
                (fits(mid) ? lo : hi) = mid;
            }
        }
        m_scale = lo;
    }
    layout(m_scale, true);
    updateScrollBars();
    viewport()->update();
}

void FleetCanvas::updateScrollBars()
{
    const int contentWidth = int(std::ceil(m_layoutWidth * m_scale));
    const int contentHeight = int(std::ceil(m_sceneHeight * m_scale));
    horizontalScrollBar()->setRange(0, std::max(0, contentWidth - viewport()->width()));
    horizontalScrollBar()->setPageStep(viewport()->width());
    verticalScrollBar()->setRange(0, std::max(0, contentHeight - viewport()->height()));
    verticalScrollBar()->setPageStep(viewport()->height());
    verticalScrollBar()->setSingleStep(int(40 * m_scale));
}

void FleetCanvas::setScale(double scale)
{
    const double s = std::clamp(scale, kMinScale, kMaxScale);
    // Keep the scene point at the centre of the viewport where it is.
    const QPointF centre = toScene(viewport()->rect().center());
    m_fit = false;
    m_scale = s;
    layout(m_scale, true);
    updateScrollBars();
    horizontalScrollBar()->setValue(int(centre.x() * s - viewport()->width() / 2.0));
    verticalScrollBar()->setValue(int(centre.y() * s - viewport()->height() / 2.0));
    viewport()->update();
}

void FleetCanvas::zoomToFit()
{
    m_fit = true;
    relayout();
    horizontalScrollBar()->setValue(0);
    verticalScrollBar()->setValue(0);
}

void FleetCanvas::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    relayout();
}

void FleetCanvas::scrollContentsBy(int, int)
{
    viewport()->update();
}

QPointF FleetCanvas::toScene(const QPoint &viewportPos) const
{
    return QPointF((viewportPos.x() + horizontalScrollBar()->value()) / m_scale,
                   (viewportPos.y() + verticalScrollBar()->value()) / m_scale);
}

QRect FleetCanvas::toViewport(const QRectF &r) const
{
    if (r.isNull())
        return {};
    return QRectF(r.x() * m_scale - horizontalScrollBar()->value(), r.y() * m_scale - verticalScrollBar()->value(),
                  r.width() * m_scale, r.height() * m_scale)
        .toAlignedRect();
}

QString FleetCanvas::taskAt(const QPoint &viewportPos) const
{
    const QPointF p = toScene(viewportPos);
    if (m_tray.contains(p)) {
        for (int i = 0; i < m_trayBlocks.size(); ++i)
            if (m_trayBlocks[i].contains(p))
                return m_tasks[m_waiting[i]].id;
        return {};
    }
    for (int z = 0; z < m_laneRects.size(); ++z) {
        if (!m_laneRects[z].contains(p))
            continue;
        for (const int ti : m_fargateByZone.value(z))
            if (m_taskRects.value(m_tasks[ti].id).contains(p))
                return m_tasks[ti].id;
        return {};
    }
    for (int i = 0; i < m_cards.size(); ++i) {
        if (!m_cards[i].strip.contains(p))
            continue;
        for (const int ti : m_cards[i].tasks)
            if (m_taskRects.value(m_tasks[ti].id).adjusted(-1, 0, 1, 0).contains(p))
                return m_tasks[ti].id;
        return {};
    }
    return {};
}

QString FleetCanvas::instanceAt(const QPoint &viewportPos) const
{
    const QPointF p = toScene(viewportPos);
    for (int i = 0; i < m_cards.size(); ++i)
        if (m_cards[i].rect.contains(p))
            return m_instances[i].id;
    return {};
}

QRect FleetCanvas::instanceRect(const QString &instanceId) const
{
    const int i = m_instanceIndex.value(instanceId, -1);
    return i < 0 || i >= m_cards.size() ? QRect() : toViewport(m_cards[i].rect);
}

QRect FleetCanvas::taskRect(const QString &taskId) const
{
    return m_taskRects.contains(taskId) ? toViewport(m_taskRects.value(taskId)) : QRect();
}

QRect FleetCanvas::trayRect() const
{
    return toViewport(m_tray);
}

QRect FleetCanvas::zoneRect(const QString &zone) const
{
    const qsizetype z = m_zones.indexOf(zone);
    return z < 0 || z >= m_zoneRects.size() ? QRect() : toViewport(m_zoneRects[z]);
}

QRect FleetCanvas::laneRect(const QString &zone) const
{
    const qsizetype z = m_zones.indexOf(zone);
    return z < 0 || z >= m_laneRects.size() ? QRect() : toViewport(m_laneRects[z]);
}

QStringList FleetCanvas::fargateTasksIn(const QString &zone) const
{
    QStringList ids;
    for (const int i : m_fargateByZone.value(m_zones.indexOf(zone)))
        ids << m_tasks[i].id;
    return ids;
}

QStringList FleetCanvas::waitingTasks() const
{
    QStringList ids;
    for (const int i : m_waiting)
        ids << m_tasks[i].id;
    return ids;
}

QStringList FleetCanvas::tasksOn(const QString &instanceId) const
{
    QStringList ids;
    const int i = m_instanceIndex.value(instanceId, -1);
    if (i >= 0 && i < m_cards.size())
        for (const int ti : m_cards[i].tasks)
            ids << m_tasks[ti].id;
    return ids;
}

const fd::Task *FleetCanvas::task(const QString &taskId) const
{
    const int i = m_taskIndex.value(taskId, -1);
    return i < 0 ? nullptr : &m_tasks[i];
}

const fd::ContainerInstance *FleetCanvas::instance(const QString &instanceId) const
{
    const int i = m_instanceIndex.value(instanceId, -1);
    return i < 0 ? nullptr : &m_instances[i];
}

QList<FleetCanvas::LegendEntry> FleetCanvas::legend() const
{
    QMap<QString, QSet<int>> revisions;
    for (const fd::Task &t : m_tasks)
        revisions[t.family].insert(t.revision);
    QList<LegendEntry> out;
    for (auto it = revisions.cbegin(); it != revisions.cend(); ++it) {
        QList<int> revs = it->values();
        std::sort(revs.begin(), revs.end(), std::greater<>());
        for (const int r : revs)
            out << LegendEntry{QStringLiteral("%1:%2").arg(it.key()).arg(r), colourFor(it.key(), r, revs.front())};
    }
    return out;
}

void FleetCanvas::selectTask(const QString &taskId)
{
    const int i = m_taskIndex.value(taskId, -1);
    m_selectedTask = i < 0 ? QString() : taskId;
    m_selectedInstance = i < 0 ? QString() : m_tasks[i].containerInstanceId;
    if (i >= 0)
        ensureVisible(taskRect(taskId));
    viewport()->update();
    emit selectionChanged();
}

void FleetCanvas::selectInstance(const QString &instanceId)
{
    m_selectedTask.clear();
    m_selectedInstance = m_instanceIndex.contains(instanceId) ? instanceId : QString();
    viewport()->update();
    emit selectionChanged();
}

void FleetCanvas::ensureVisible(const QRect &r)
{
    if (r.isNull())
        return;
    if (r.top() < 0 || r.bottom() > viewport()->height())
        verticalScrollBar()->setValue(verticalScrollBar()->value() + r.center().y() - viewport()->height() / 2);
    if (r.left() < 0 || r.right() > viewport()->width())
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() + r.center().x() - viewport()->width() / 2);
}

void FleetCanvas::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QAbstractScrollArea::mousePressEvent(event);
    const QPoint pos = event->position().toPoint();
    const QString taskId = taskAt(pos);
    if (!taskId.isEmpty())
        selectTask(taskId);
    else
        selectInstance(instanceAt(pos));
}

void FleetCanvas::mouseDoubleClickEvent(QMouseEvent *event)
{
    // A double click on the background is "show me everything".
    if (taskAt(event->position().toPoint()).isEmpty() && instanceAt(event->position().toPoint()).isEmpty())
        zoomToFit();
}

void FleetCanvas::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        selectInstance({});
        return;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

bool FleetCanvas::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString taskId = taskAt(help->pos());
        if (const fd::Task *t = task(taskId)) {
            QToolTip::showText(help->globalPos(), taskTip(*t), viewport(), taskRect(taskId));
            return true;
        }
        if (const fd::ContainerInstance *ci = instance(instanceAt(help->pos()))) {
            QToolTip::showText(help->globalPos(), instanceTip(*ci), viewport(), instanceRect(ci->id));
            return true;
        }
        for (const QRectF &lane : std::as_const(m_laneRects)) {
            if (toViewport(lane).contains(help->pos())) {
                QToolTip::showText(help->globalPos(),
                                   tr("FARGATE tasks of this zone: no container instance, each with an elastic network "
                                      "interface of its own (the address shown), in the zone of its subnet."),
                                   viewport(), toViewport(lane));
                return true;
            }
        }
        if (trayRect().contains(help->pos())) {
            QToolTip::showText(help->globalPos(),
                               tr("Tasks that no instance can take wait here, PENDING, and are placed as soon as "
                                  "capacity appears."),
                               viewport(), trayRect());
            return true;
        }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

QString FleetCanvas::taskTip(const fd::Task &t) const
{
    QString tip = QStringLiteral("<b>%1</b> &nbsp;task <tt>%2</tt><br>%3 (desired %4) · %5 CPU units · %6 MiB reserved")
                      .arg(t.taskDefinition().toHtmlEscaped(), t.id.left(8), fd::toString(t.lastStatus),
                           fd::toString(t.desiredStatus))
                      .arg(t.cpu)
                      .arg(t.memory);
    if (t.isFargate()) {
        tip += tr("<br><b>%1</b>%2 · platform %3 · zone %4")
                   .arg(t.capacityProviderName.isEmpty() ? QStringLiteral("FARGATE") : t.capacityProviderName,
                        t.capacityProviderName.isEmpty() ? QString() : tr(" (capacity provider)"),
                        t.platformVersion.isEmpty() ? tr("—") : t.platformVersion,
                        fargateZone(t).isEmpty() ? tr("not yet known") : fargateZone(t));
        tip += t.eni ? tr("<br>ENI %1 · address <b>%2</b> · subnet %3 · %4")
                           .arg(t.eni->eniId, t.eni->privateIPv4Address, t.eni->subnetId, t.eni->status)
                     : tr("<br>ENI not attached yet");
    } else if (!t.isPlaced())
        tip += tr("<br><b>Why nothing fits:</b> %1").arg(t.pendingReason.toHtmlEscaped());
    else if (!t.placementExplanation.isEmpty())
        tip += tr("<br><b>Why here:</b> %1").arg(t.placementExplanation.toHtmlEscaped());
    return QStringLiteral("<div style='max-width:420px'>%1</div>").arg(tip);
}

QString FleetCanvas::instanceTip(const fd::ContainerInstance &ci) const
{
    return tr("<b>%1</b> · %2 · %3<br>%4 · address %5 · engine %6<br>CPU %7 of %8 units reserved · memory %9 of %10 "
              "MiB reserved<br>%11 running, %12 pending task(s) · agent %13")
        .arg(ci.ec2InstanceId, ci.instanceType, ci.availabilityZone, fd::toString(ci.status), ci.address, ci.engineId)
        .arg(ci.usedCpu)
        .arg(ci.registeredCpu)
        .arg(ci.usedMemory)
        .arg(ci.registeredMemory)
        .arg(ci.runningTasksCount)
        .arg(ci.pendingTasksCount)
        .arg(ci.agentConnected ? tr("connected") : tr("disconnected"));
}

void FleetCanvas::paintEvent(QPaintEvent *event)
{
    QPainter p(viewport());
    p.fillRect(event->rect(), palette::Paper);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.translate(-horizontalScrollBar()->value(), -verticalScrollBar()->value());
    p.scale(m_scale, m_scale);
    const QRectF exposed = p.transform().inverted().mapRect(QRectF(event->rect()));
    paintScene(p, exposed);
}

void FleetCanvas::paintScene(QPainter &p, const QRectF &exposed) const
{
    const bool detailed = m_cards.isEmpty() || m_cards.front().rect.width() * m_scale >= kDetailCardPixels;
    if (m_tray.intersects(exposed))
        paintTray(p, true);
    paintZones(p, exposed, detailed);
    paintLanes(p, exposed, detailed);
    for (int i = 0; i < m_cards.size(); ++i)
        if (m_cards[i].rect.intersects(exposed))
            paintCard(p, i, detailed);

    // Departing tasks fade out where they were.
    const qint64 now = m_clock.elapsed();
    for (auto it = m_anims.cbegin(); it != m_anims.cend(); ++it) {
        if (!it->leaving || !it->rect.intersects(exposed))
            continue;
        const double t = std::clamp(double(now - it->start) / kAnimationMs, 0.0, 1.0);
        QRectF r = it->rect;
        r.setTop(r.top() + r.height() * t * 0.5);
        paintBlock(p, r, it->task, 1.0 - t, detailed, !it->task.isPlaced());
    }
}

void FleetCanvas::paintTray(QPainter &p, bool detailed) const
{
    const bool any = !m_waiting.isEmpty();
    p.setPen(QPen(any ? kAmber : kCardBorder, 1.5, any ? Qt::DashLine : Qt::SolidLine));
    p.setBrush(any ? palette::WaitingLaneFill : palette::LaneFill);
    p.drawRoundedRect(m_tray, 8, 8);
    p.setPen(any ? palette::Warn : kMuted);
    p.setFont(pxFont(15, true));
    const QRectF title(m_tray.x() + kTrayPad, m_tray.y() + 4, m_tray.width() - 2 * kTrayPad, kTrayTitle - 8);
    const int n = int(m_waiting.size());
    const QString heading = !any     ? tr("Waiting for capacity")
                            : n == 1 ? tr("Waiting for capacity — 1 task PENDING")
                                     : tr("Waiting for capacity — %1 tasks PENDING").arg(n);
    p.drawText(title, Qt::AlignLeft | Qt::AlignVCenter, heading);
    p.setFont(pxFont(12));
    p.setPen(kMuted);
    p.drawText(title, Qt::AlignRight | Qt::AlignVCenter,
               any ? tr("placed as soon as an instance can take them · click one: why nothing fits") : QString());
    if (!any) {
        p.drawText(QRectF(m_tray.x() + kTrayPad, m_tray.y() + kTrayTitle - 4, m_tray.width(), kTrayEmptyHeight),
                   Qt::AlignLeft | Qt::AlignTop, tr("Nothing is waiting: every task found an instance."));
        return;
    }
    const qint64 now = m_clock.elapsed();
    for (int i = 0; i < m_waiting.size(); ++i) {
        const fd::Task &t = m_tasks[m_waiting[i]];
        QRectF r = m_trayBlocks[i];
        double alpha = 1;
        if (const auto it = m_anims.constFind(t.id); it != m_anims.cend() && !it->leaving) {
            alpha = std::clamp(double(now - it->start) / kAnimationMs, 0.0, 1.0);
            const double grow = QEasingCurve(QEasingCurve::OutCubic).valueForProgress(alpha);
            r = QRectF(r.center().x() - r.width() * grow / 2, r.y(), r.width() * grow, r.height());
        }
        paintBlock(p, r, t, alpha, detailed, true);
    }
}

void FleetCanvas::paintZones(QPainter &p, const QRectF &exposed, bool detailed) const
{
    QList<int> instances(m_zones.size(), 0);
    QList<int> tasks(m_zones.size(), 0);
    for (int i = 0; i < m_instances.size() && i < m_zoneOfInstance.size(); ++i) {
        ++instances[m_zoneOfInstance[i]];
        tasks[m_zoneOfInstance[i]] += int(m_tasksByInstance[i].size());
    }
    for (int z = 0; z < m_zoneRects.size() && z < m_zones.size(); ++z) {
        const QRectF &r = m_zoneRects[z];
        if (!r.intersects(exposed))
            continue;
        p.setPen(Qt::NoPen);
        p.setBrush(kBand);
        p.drawRoundedRect(r, 10, 10);
        if (!detailed && r.width() * m_scale < 120)
            continue;
        // Two lines, so a narrow column never draws the counts over the zone's name.
        p.setPen(kInk);
        p.setFont(pxFont(18, true));
        p.drawText(QRectF(r.x() + kZonePad, r.y() + 6, r.width() - 2 * kZonePad, 26), Qt::AlignLeft | Qt::AlignVCenter,
                   m_zones[z]);
        p.setPen(kMuted);
        p.setFont(pxFont(13));
        QString counts = (instances[z] == 1 ? tr("1 instance") : tr("%1 instances").arg(instances[z])) +
                         QStringLiteral(" · ") + (tasks[z] == 1 ? tr("1 task") : tr("%1 tasks").arg(tasks[z]));
        if (const int fargate = int(m_fargateByZone.value(z).size()); fargate > 0)
            counts += QStringLiteral(" · ") + (fargate == 1 ? tr("1 on Fargate") : tr("%1 on Fargate").arg(fargate));
        p.drawText(QRectF(r.x() + kZonePad, r.y() + 31, r.width() - 2 * kZonePad, 18), Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetricsF(p.font()).elidedText(counts, Qt::ElideRight, r.width() - 2 * kZonePad));
        if (instances[z] == 0) {
            p.setFont(pxFont(13));
            QRectF empty = r.adjusted(kZonePad, kZoneHeader, -kZonePad, -kZonePad);
            if (z < m_laneRects.size())
                empty.setBottom(m_laneRects[z].top() - 4);
            p.drawText(empty, Qt::AlignCenter | Qt::TextWordWrap, tr("No container instances in this zone"));
        }
    }
}

void FleetCanvas::paintLanes(QPainter &p, const QRectF &exposed, bool detailed) const
{
    const qint64 now = m_clock.elapsed();
    for (int z = 0; z < m_laneRects.size(); ++z) {
        const QRectF &lane = m_laneRects[z];
        if (!lane.intersects(exposed))
            continue;
        p.setPen(QPen(kLaneBorder, 1.5, Qt::DashLine));
        p.setBrush(kLaneFill);
        p.drawRoundedRect(lane, 8, 8);
        const QList<int> &tasks = m_fargateByZone.value(z);
        if (detailed || lane.width() * m_scale >= 120) {
            const QRectF title(lane.x() + kLanePad, lane.y() + 4, lane.width() - 2 * kLanePad, kLaneTitle - 8);
            p.setPen(kLaneBorder.darker(120));
            p.setFont(pxFont(15, true));
            const QString heading =
                tasks.size() == 1 ? tr("Fargate — 1 task") : tr("Fargate — %1 tasks").arg(tasks.size());
            p.drawText(title, Qt::AlignLeft | Qt::AlignVCenter, heading);
            const double headingWidth = QFontMetricsF(p.font()).horizontalAdvance(heading);
            p.setFont(pxFont(12));
            p.setPen(kMuted);
            p.drawText(title.adjusted(headingWidth + 12, 0, 0, 0), Qt::AlignRight | Qt::AlignVCenter,
                       QFontMetricsF(p.font()).elidedText(tr("no instance"), Qt::ElideRight,
                                                          title.width() - headingWidth - 12));
            if (tasks.isEmpty())
                p.drawText(QRectF(lane.x() + kLanePad, lane.y() + kLaneTitle - 4, lane.width() - 2 * kLanePad,
                                  kLaneEmptyHeight),
                           Qt::AlignLeft | Qt::AlignTop, tr("No Fargate task in this zone."));
        }
        for (const int ti : tasks) {
            const fd::Task &t = m_tasks[ti];
            QRectF r = m_taskRects.value(t.id);
            double alpha = 1;
            if (const auto it = m_anims.constFind(t.id); it != m_anims.cend() && !it->leaving) {
                alpha = std::clamp(double(now - it->start) / kAnimationMs, 0.0, 1.0);
                const double grow = QEasingCurve(QEasingCurve::OutCubic).valueForProgress(alpha);
                r = QRectF(r.center().x() - r.width() * grow / 2, r.y(), r.width() * grow, r.height());
            }
            paintBlock(p, r, t, alpha, detailed, false);
        }
    }
}

void FleetCanvas::paintCard(QPainter &p, int index, bool detailed) const
{
    const fd::ContainerInstance &ci = m_instances[index];
    const Card &card = m_cards[index];
    const bool draining = ci.status == fd::InstanceStatus::Draining;
    const bool selected = ci.id == m_selectedInstance && m_selectedTask.isEmpty();
    const QRectF r = card.rect;

    p.setPen(QPen(selected ? kSelection : draining ? kAmber : kCardBorder, selected ? 3 : draining ? 2 : 1.2));
    p.setBrush(!ci.agentConnected ? palette::OfflineCard : draining ? palette::DrainingCard : palette::Paper);
    p.drawRoundedRect(r, 8, 8);

    // The strip: the whole instance; blocks on it are its tasks.
    p.setPen(QPen(palette::BarBorder, 1));
    p.setBrush(palette::BarTrack);
    p.drawRoundedRect(card.strip, 5, 5);
    const qint64 now = m_clock.elapsed();
    for (const int ti : card.tasks) {
        const fd::Task &t = m_tasks[ti];
        QRectF b = m_taskRects.value(t.id);
        double alpha = 1;
        if (const auto it = m_anims.constFind(t.id); it != m_anims.cend() && !it->leaving) {
            alpha = std::clamp(double(now - it->start) / kAnimationMs, 0.0, 1.0);
            b.setWidth(b.width() * QEasingCurve(QEasingCurve::OutCubic).valueForProgress(alpha));
        }
        paintBlock(p, b, t, alpha, detailed, false);
    }

    if (!detailed)
        return;

    // Header: agent dot, EC2 id, status.
    p.setPen(Qt::NoPen);
    p.setBrush(ci.agentConnected ? kGreen : kRed);
    p.drawEllipse(QPointF(r.x() + 17, r.y() + 21), 5.5, 5.5);
    p.setPen(kInk);
    p.setFont(pxFont(15, true));
    const QString status = fd::toString(ci.status);
    const QFont pillFont = pxFont(11, true);
    const double pillWidth = QFontMetricsF(pillFont).horizontalAdvance(status) + 16;
    const QRectF pill(r.right() - 12 - pillWidth, r.y() + 11, pillWidth, 20);
    p.drawText(QRectF(r.x() + 29, r.y() + 8, pill.left() - r.x() - 33, 26), Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetricsF(p.font()).elidedText(ci.ec2InstanceId, Qt::ElideMiddle, pill.left() - r.x() - 33));
    p.setPen(Qt::NoPen);
    p.setBrush(draining ? kAmber : palette::ActiveChip);
    p.drawRoundedRect(pill, 10, 10);
    p.setPen(draining ? palette::OnFill : palette::ActiveChipText);
    p.setFont(pillFont);
    p.drawText(pill, Qt::AlignCenter, status);

    p.setFont(pxFont(12));
    p.setPen(kMuted);
    QString sub = QStringLiteral("%1 · %2").arg(ci.instanceType, ci.address);
    if (!ci.agentConnected)
        sub += tr(" · agent disconnected");
    p.drawText(QRectF(r.x() + 14, r.y() + 33, r.width() - 28, 20), Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetricsF(p.font()).elidedText(sub, Qt::ElideRight, r.width() - 28));
    if (card.tasks.isEmpty()) {
        p.setPen(palette::EmptyText);
        p.drawText(card.strip, Qt::AlignCenter, tr("no tasks"));
    }

    // Capacity bars: reserved of registered, exactly.
    const auto bar = [&](double y, const QString &label, int used, int registered, const QString &value,
                         const QColor &colour) {
        p.setFont(pxFont(11, true));
        p.setPen(kMuted);
        p.drawText(QRectF(r.x() + 12, y, 40, 16), Qt::AlignLeft | Qt::AlignVCenter, label);
        const QFont valueFont = pxFont(11);
        const double valueWidth = 104;
        const QRectF track(r.x() + 52, y + 4, r.width() - 52 - 12 - valueWidth - 6, 8);
        p.setPen(Qt::NoPen);
        p.setBrush(palette::Placeholder);
        p.drawRoundedRect(track, 4, 4);
        const double share = registered > 0 ? std::clamp(double(used) / registered, 0.0, 1.0) : 0;
        if (share > 0) {
            p.setBrush(share >= 0.9 ? kRed : colour);
            p.drawRoundedRect(
                QRectF(track.x(), track.y(), std::max(track.height(), track.width() * share), track.height()), 4, 4);
        }
        p.setFont(valueFont);
        p.setPen(kInk);
        p.drawText(QRectF(r.right() - 12 - valueWidth, y, valueWidth, 16), Qt::AlignRight | Qt::AlignVCenter, value);
    };
    const double barsTop = card.strip.bottom() + 12;
    bar(barsTop, tr("CPU"), ci.usedCpu, ci.registeredCpu,
        QStringLiteral("%1 / %2").arg(ci.usedCpu).arg(ci.registeredCpu), kCpuBar);
    bar(barsTop + 21, tr("MEM"), ci.usedMemory, ci.registeredMemory,
        QStringLiteral("%1 / %2 MiB").arg(ci.usedMemory).arg(ci.registeredMemory), kMemoryBar);
}

void FleetCanvas::paintBlock(QPainter &p, const QRectF &r, const fd::Task &t, double alpha, bool detailed,
                             bool waiting) const
{
    if (r.width() <= 0.5 || alpha <= 0)
        return;
    const QColor base = colourFor(t.family, t.revision, newestRevision(t.family));
    const bool starting = isStarting(t.lastStatus) && !waiting;
    const bool stopping = isStopping(t.lastStatus);
    const bool selected = t.id == m_selectedTask;
    p.save();
    p.setOpacity(alpha);

    QColor fill = base;
    if (waiting || starting)
        fill = mix(base, palette::Paper, 0.55);
    p.setPen(waiting || starting ? QPen(base.darker(125), 1.6, Qt::DashLine) : QPen(base.darker(135), 1));
    p.setBrush(fill);
    p.drawRoundedRect(r, 4, 4);
    if (stopping) {
        p.setPen(Qt::NoPen);
        p.setBrush(QBrush(palette::Veil, Qt::BDiagPattern));
        p.drawRoundedRect(r, 4, 4);
    }
    if (t.healthStatus == fd::Health::Unhealthy) {
        p.setPen(QPen(palette::OnFill, 1.5));
        p.setBrush(kRed);
        p.drawEllipse(QPointF(r.right() - 6, r.top() + 6), 4.5, 4.5);
    }
    if (selected) {
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(palette::Paper, 5));
        p.drawRoundedRect(r.adjusted(-1, -1, 1, 1), 5, 5);
        p.setPen(QPen(kInk, 2.5));
        p.drawRoundedRect(r.adjusted(-1, -1, 1, 1), 5, 5);
    }
    const bool spot = t.capacityProviderName == u"FARGATE_SPOT";
    if (t.isFargate() && detailed && r.height() >= 48 && r.width() >= 60) {
        // Three lines: the definition, the ENI address (what a client connects to), the status;
        // FARGATE_SPOT tasks carry a SPOT tag in the corner.
        const QColor ink = waiting || starting || !isDark(fill) ? kInk : palette::OnFill;
        const double tagWidth = spot ? 38 : 0;
        if (spot) {
            const QRectF tag(r.right() - tagWidth - 3, r.top() + 3, tagWidth, 15);
            p.setPen(Qt::NoPen);
            p.setBrush(kSpot);
            p.drawRoundedRect(tag, 4, 4);
            p.setPen(palette::OnFill);
            p.setFont(pxFont(10, true));
            p.drawText(tag, Qt::AlignCenter, QStringLiteral("SPOT"));
        }
        const double w = r.width() - 8;
        p.setPen(ink);
        p.setFont(pxFont(13, true));
        p.drawText(QRectF(r.x() + 4, r.y() + 2, w - tagWidth, 19), Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetricsF(p.font()).elidedText(t.taskDefinition(), Qt::ElideRight, w - tagWidth));
        QFont mono = pxFont(13, true);
        mono.setFamily(QStringLiteral("monospace"));
        mono.setStyleHint(QFont::Monospace);
        p.setFont(mono);
        const QString address =
            t.eni && !t.eni->privateIPv4Address.isEmpty() ? t.eni->privateIPv4Address : tr("ENI attaching…");
        p.drawText(QRectF(r.x() + 4, r.y() + 21, w, 19), Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetricsF(mono).elidedText(address, Qt::ElideRight, w));
        p.setFont(pxFont(11));
        p.drawText(QRectF(r.x() + 4, r.y() + 40, w, 16), Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetricsF(p.font()).elidedText(fd::toString(t.lastStatus), Qt::ElideRight, w));
    } else if (detailed && r.width() >= 14) {
        const QColor ink = waiting || starting || !isDark(fill) ? kInk : palette::OnFill;
        p.setPen(ink);
        const QString full = t.taskDefinition();
        const QString shortText = QStringLiteral(":%1").arg(t.revision);
        QFont f = pxFont(13, true);
        p.setFont(f);
        QFontMetricsF fm(f);
        QString text = fm.horizontalAdvance(full) + 10 <= r.width()       ? full
                       : fm.horizontalAdvance(shortText) + 6 <= r.width() ? shortText
                                                                          : QString();
        if (text.isEmpty()) {
            f = pxFont(10, true);
            p.setFont(f);
            text = QFontMetricsF(f).horizontalAdvance(shortText) + 2 <= r.width() ? shortText : QString();
        }
        if (!text.isEmpty()) {
            const bool room = r.height() >= 36 && text == full;
            p.drawText(room ? r.adjusted(0, 0, 0, -r.height() / 2 + 4) : r, Qt::AlignCenter, text);
            if (room) {
                p.setFont(pxFont(11));
                const QString state = waiting ? tr("PENDING") : fd::toString(t.lastStatus);
                p.drawText(r.adjusted(2, r.height() / 2 - 2, -2, 0), Qt::AlignCenter,
                           QFontMetricsF(p.font()).elidedText(state, Qt::ElideRight, r.width() - 4));
            }
        }
    }
    p.restore();
}

} // namespace fd::ui
