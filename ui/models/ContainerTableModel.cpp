#include "ContainerTableModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "ops/Engines.h"
#include "Formatter.h"
#include "Palette.h"
#include "controllers/MetricsController.h"

#include <QColor>
#include <QFont>
#include <QLocale>

#include <cmath>

namespace fd::ui {

namespace {

QString keyOf(const ContainerRow &r)
{
    return r.container.engineId + u'/' + r.container.id;
}

bool sameRow(const ContainerRow &a, const ContainerRow &b)
{
    return a.matched == b.matched && a.container.state == b.container.state && a.container.name == b.container.name &&
           a.container.image == b.container.image && a.container.labels == b.container.labels;
}

QString label(const fd::ManagedContainer &c, const char *name)
{
    return c.labels.value(QLatin1String(name));
}

// "3f2a9c1b0d4e (demo-web:3)": the task id, short like a container id (the tooltip has it whole),
// and what it runs.
QString taskText(const fd::ManagedContainer &c)
{
    QString task = label(c, "fleetdeck.task");
    if (task.isEmpty())
        return Formatter::none();
    task = task.section(u'/', -1).left(12); // an ARN's last part is the id
    const QString family = label(c, "fleetdeck.family");
    const QString revision = label(c, "fleetdeck.revision");
    if (family.isEmpty())
        return task;
    return QStringLiteral("%1 (%2%3)").arg(task, family, revision.isEmpty() ? QString() : u':' + revision);
}

} // namespace

ContainerTableModel::ContainerTableModel(fd::ControlPlane &cp, QObject *parent) : KeyedTableModel(parent), m_cp(cp)
{
    ChangeFeed::watch(m_cp, Change::UnmatchedContainers, this, [this] { scheduleRefresh(); });
}

void ContainerTableModel::setMetricsController(fd::MetricsController *metrics)
{
    disconnect(m_containersConnection);
    disconnect(m_sampledConnection);
    m_metrics = metrics;
    if (metrics) {
        m_containersConnection =
            connect(metrics, &fd::MetricsController::containersChanged, this, [this] { scheduleRefresh(); });
        m_sampledConnection =
            connect(metrics, &fd::MetricsController::sampled, this, &ContainerTableModel::metricsSampled);
    }
    refresh();
}

fd::MetricsController *ContainerTableModel::metricsController() const
{
    return m_metrics.data();
}

void ContainerTableModel::refresh()
{
    QList<ContainerRow> fresh;
    if (m_metrics) {
        QSet<QString> unmatched;
        for (const fd::ManagedContainer &c : m_cp.engines().unmatchedContainers())
            unmatched.insert(c.engineId + u'/' + c.id);
        for (const fd::ManagedContainer &c : m_metrics->containers())
            fresh.append({c, !unmatched.contains(c.engineId + u'/' + c.id)});
    }
    syncRows(std::move(fresh), keyOf, sameRow);
}

void ContainerTableModel::metricsSampled()
{
    if (m_rows.isEmpty())
        return;
    // One signal for the two live columns of every row: at 1 Hz, cheaper than finding which rows
    // got a sample, and a view repaints only what is visible.
    emit dataChanged(index(0, CpuColumn), index(int(m_rows.size()) - 1, MemoryColumn),
                     {Qt::DisplayRole, RawValueRole, Qt::ToolTipRole});
}

int ContainerTableModel::rowOf(const QString &containerId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].container.id == containerId)
            return int(i);
    }
    return -1;
}

int ContainerTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ContainerTableModel::percentText(double percent)
{
    if (!std::isfinite(percent))
        return Formatter::none();
    return QStringLiteral("%1 %").arg(QLocale().toString(percent, 'f', 1));
}

QVariant ContainerTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ContainerRow &row = m_rows[index.row()];
    const fd::ManagedContainer &c = row.container;
    const auto column = Column(index.column());

    std::optional<fd::metrics::DerivedSample> sample;
    if ((column == CpuColumn || column == MemoryColumn) && m_metrics)
        sample = m_metrics->latest(c.id);
    const double cpu = sample ? (*sample)[fd::metrics::Metric::CpuPercent] : std::nan("");
    const double memory = sample ? (*sample)[fd::metrics::Metric::MemoryBytes] : std::nan("");
    const double memoryPercent = sample ? (*sample)[fd::metrics::Metric::MemoryPercent] : std::nan("");

    switch (role) {
    case KeyRole:
        return c.id;
    case StatusRole:
        return column == MatchColumn ? QVariant(row.matched ? QStringLiteral("matched") : QStringLiteral("unmatched"))
                                     : QVariant(c.state);
    case Qt::TextAlignmentRole:
        return column == CpuColumn || column == MemoryColumn ? int(Qt::AlignRight | Qt::AlignVCenter)
                                                             : int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (column == MatchColumn && !row.matched)
            return palette::Waiting;
        if (column == StateColumn && c.state != u"running")
            return palette::Muted;
        return {};
    case Qt::FontRole:
        if (column == MatchColumn && !row.matched) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ToolTipRole:
        switch (column) {
        case NameColumn:
            return c.id;
        case MatchColumn:
            return row.matched ? tr("Belongs to a task Fleetdeck knows")
                               : tr("Carries Fleetdeck's labels but matches no task Fleetdeck knows. Fleetdeck "
                                    "leaves it as it is: only you can remove it (Remove…).");
        case TaskColumn:
            return label(c, "fleetdeck.task");
        case MemoryColumn:
            return std::isfinite(memoryPercent) ? tr("%1 of its limit").arg(percentText(memoryPercent)) : QVariant();
        case CpuColumn:
            return tr("100 % is one full core, like docker stats");
        default:
            return {};
        }
    case Qt::DisplayRole:
    case RawValueRole:
        break;
    default:
        return {};
    }
    const bool raw = role == RawValueRole;
    switch (column) {
    case NameColumn:
        return c.name;
    case EngineColumn:
        return c.engineId;
    case ImageColumn:
        return c.image;
    case StateColumn:
        return c.state;
    case TaskColumn:
        return raw ? label(c, "fleetdeck.task") : taskText(c);
    case ClusterColumn: {
        const QString cluster = label(c, "fleetdeck.cluster");
        return cluster.isEmpty() && !raw ? Formatter::none() : cluster;
    }
    case MatchColumn:
        if (raw)
            return row.matched ? 1 : 0;
        return row.matched ? tr("matched") : tr("unmatched — left as it is");
    case CpuColumn:
        if (raw)
            return std::isfinite(cpu) ? cpu : -1.0;
        return percentText(cpu);
    case MemoryColumn:
        if (raw)
            return std::isfinite(memory) ? memory : -1.0;
        return std::isfinite(memory) ? Formatter::bytes(qint64(memory)) : Formatter::none();
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ContainerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Container");
    case EngineColumn:
        return tr("Engine");
    case ImageColumn:
        return tr("Image");
    case StateColumn:
        return tr("State");
    case TaskColumn:
        return tr("Task");
    case ClusterColumn:
        return tr("Cluster");
    case MatchColumn:
        return tr("Fleetdeck");
    case CpuColumn:
        return tr("CPU");
    case MemoryColumn:
        return tr("Memory");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace fd::ui
