#include "ContainerTableModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "ops/Engines.h"
#include "Formatter.h"
#include "Palette.h"
#include "controllers/MetricsController.h"

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

ContainerTableModel::ContainerTableModel(fd::ControlPlane &cp, QObject *parent) : ColumnTableModel(parent), m_cp(cp)
{
    defineColumns();
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

QString ContainerTableModel::percentText(double percent)
{
    if (!std::isfinite(percent))
        return Formatter::none();
    return QStringLiteral("%1 %").arg(QLocale().toString(percent, 'f', 1));
}

double ContainerTableModel::latest(const fd::ManagedContainer &c, fd::metrics::Metric metric) const
{
    if (!m_metrics)
        return std::nan("");
    const std::optional<fd::metrics::DerivedSample> sample = m_metrics->latest(c.id);
    return sample ? (*sample)[metric] : std::nan("");
}

void ContainerTableModel::defineColumns()
{
    using R = ContainerRow;
    using fd::metrics::Metric;
    m_columns.setRowRole(KeyRole, [](const R &r) { return r.container.id; });
    m_columns.setRowRole(StatusRole, [](const R &r) { return r.container.state; });
    m_columns.setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_columns.add(tr("Container")).display([](const R &r) { return r.container.name; }).toolTip([](const R &r) {
        return r.container.id;
    });
    m_columns.add(tr("Engine")).display([](const R &r) { return r.container.engineId; });
    m_columns.add(tr("State")).display([](const R &r) { return r.container.state; }).foreground([](const R &r) {
        return r.container.state == u"running" ? QVariant() : QVariant(palette::Muted);
    });
    m_columns.add(tr("CPU"))
        .display([this](const R &r) { return percentText(latest(r.container, Metric::CpuPercent)); })
        .raw([this](const R &r) {
            const double cpu = latest(r.container, Metric::CpuPercent);
            return std::isfinite(cpu) ? cpu : -1.0;
        })
        .align(Qt::AlignRight | Qt::AlignVCenter)
        .toolTip([](const R &) { return tr("100 % is one full core, like docker stats"); });
    m_columns.add(tr("Memory"))
        .display([this](const R &r) {
            const double memory = latest(r.container, Metric::MemoryBytes);
            return std::isfinite(memory) ? Formatter::bytes(qint64(memory)) : Formatter::none();
        })
        .raw([this](const R &r) {
            const double memory = latest(r.container, Metric::MemoryBytes);
            return std::isfinite(memory) ? memory : -1.0;
        })
        .align(Qt::AlignRight | Qt::AlignVCenter)
        .toolTip([this](const R &r) {
            const double percent = latest(r.container, Metric::MemoryPercent);
            return std::isfinite(percent) ? QVariant(tr("%1 of its limit").arg(percentText(percent))) : QVariant();
        });
    m_columns.add(tr("Fleetdeck"))
        .display([](const R &r) { return r.matched ? tr("matched") : tr("unmatched — left as it is"); })
        .raw([](const R &r) { return r.matched ? 1 : 0; })
        .foreground([](const R &r) { return r.matched ? QVariant() : QVariant(palette::Waiting); })
        .font([](const R &r) {
            if (r.matched)
                return QVariant();
            QFont bold;
            bold.setBold(true);
            return QVariant(bold);
        })
        .toolTip([](const R &r) {
            return r.matched ? tr("Belongs to a task Fleetdeck knows")
                             : tr("Carries Fleetdeck's labels but matches no task Fleetdeck knows. Fleetdeck "
                                  "leaves it as it is: only you can remove it (Remove…).");
        })
        .role(StatusRole,
              [](const R &r) { return r.matched ? QStringLiteral("matched") : QStringLiteral("unmatched"); });
    m_columns.add(tr("Task"))
        .display([](const R &r) { return taskText(r.container); })
        .raw([](const R &r) { return label(r.container, "fleetdeck.task"); })
        .toolTip([](const R &r) { return label(r.container, "fleetdeck.task"); });
    m_columns.add(tr("Cluster"))
        .display([](const R &r) {
            const QString cluster = label(r.container, "fleetdeck.cluster");
            return cluster.isEmpty() ? Formatter::none() : cluster;
        })
        .raw([](const R &r) { return label(r.container, "fleetdeck.cluster"); });
    m_columns.add(tr("Image")).display([](const R &r) { return r.container.image; });
    Q_ASSERT(m_columns.count() == ColumnCount);
}

} // namespace fd::ui
