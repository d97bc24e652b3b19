#include "ServiceDeploymentsTab.h"

#include "ControlPlane.h"
#include "Formatter.h"
#include "Palette.h"
#include "model/Service.h"
#include "models/ItemRoles.h"
#include "ops/Services.h"
#include "widgets/ConfirmAction.h"
#include "widgets/StatusBadgeDelegate.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

} // namespace

ServiceDeploymentsTab::ServiceDeploymentsTab(fd::ControlPlane &cp, StatusBadgeDelegate *badges, QWidget *parent)
    : QWidget(parent), m_cp(cp), m_state(new QLabel(this)), m_result(new QLabel(this)),
      m_stopButton(new QPushButton(tr("Stop deployment (roll back)…"), this)), m_tree(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("serviceDeploymentsTab"));
    m_state->setObjectName(QStringLiteral("deploymentsState"));
    m_state->setTextFormat(Qt::RichText);
    m_result->setObjectName(QStringLiteral("stopDeploymentResult"));
    m_result->setTextFormat(Qt::PlainText);
    m_result->setWordWrap(true);
    m_result->setVisible(false);
    m_stopButton->setObjectName(QStringLiteral("stopDeploymentButton"));
    m_stopButton->setToolTip(tr("StopServiceDeployment (stopType ROLLBACK): stop the deployment in progress; ECS "
                                "rolls the service back to its last completed deployment"));

    m_tree->setObjectName(QStringLiteral("serviceDeployments"));
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setItemDelegateForColumn(StatusColumn, badges);
    m_tree->setItemDelegateForColumn(RolloutColumn, badges);
    m_tree->setItemDelegateForColumn(OutcomeColumn, badges);
    m_tree->setIndentation(14);
    m_tree->setHeaderLabels({tr("Deployment"), tr("Status"), tr("Task definition"), tr("Tasks"), tr("Rollout state"),
                             tr("Outcome"), tr("Started → finished")});
    m_tree->headerItem()->setToolTip(OutcomeColumn, tr("What became of the deployment, as ECS's service deployment "
                                                       "status (ListServiceDeployments)"));
    QHeaderView *h = m_tree->header();
    h->setStretchLastSection(true);
    const QFontMetrics fm = h->fontMetrics();
    // The id, badges and times have known widths; the task definition and task columns follow what
    // they show (showService).
    h->resizeSection(IdColumn, fm.horizontalAdvance(QStringLiteral("ecs-svc/0000000000000000000")) + 16);
    h->resizeSection(StatusColumn, StatusBadgeDelegate::columnWidth(font(), QStringLiteral("INACTIVE"), 16));
    h->resizeSection(RolloutColumn, StatusBadgeDelegate::columnWidth(font(), QStringLiteral("IN_PROGRESS"), 16));
    h->resizeSection(OutcomeColumn, StatusBadgeDelegate::columnWidth(font(), QStringLiteral("ROLLBACK_SUCCESSFUL"), 16));

    auto *top = new QHBoxLayout;
    top->addWidget(m_state, 1);
    top->addWidget(m_stopButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_result);
    layout->addWidget(m_tree, 1);

    connect(m_stopButton, &QPushButton::clicked, this, &ServiceDeploymentsTab::stopDeployment);
    showService({}, nullptr);
}

void ServiceDeploymentsTab::showService(const QString &cluster, const fd::Service *v)
{
    if (!v || cluster != m_cluster || v->name != m_service)
        m_result->setVisible(false);
    m_cluster = cluster;
    m_service = v ? v->name : QString();
    if (!v) {
        m_tree->clear();
        m_state->clear();
        m_stopButton->setEnabled(false);
        return;
    }
    updateHeader(*v);

    // At most 20 history entries plus the live ones: rebuilding is cheaper than matching.
    const QString selected = m_tree->currentItem() ? m_tree->currentItem()->text(IdColumn) : QString();
    const int scroll = m_tree->verticalScrollBar()->value();
    m_tree->clear();
    QList<QTreeWidgetItem *> items;
    QTreeWidgetItem *current = nullptr;
    for (const fd::Deployment *d : v->allDeployments()) {
        auto *item = new QTreeWidgetItem;
        const QString status = fd::toString(d->status);
        const QString rollout = fd::toString(d->rolloutState);
        const fd::DeploymentOutcome outcome = fd::deploymentOutcome(*v, *d);
        item->setText(IdColumn, d->id);
        item->setText(StatusColumn, status);
        item->setData(StatusColumn, StatusRole, status);
        item->setText(DefinitionColumn, d->taskDefinition());
        item->setText(TasksColumn, tasksText(*d));
        item->setToolTip(TasksColumn, tr("desired %1 · running %2 · pending %3 · failed %4")
                                          .arg(d->desiredCount)
                                          .arg(d->runningCount)
                                          .arg(d->pendingCount)
                                          .arg(d->failedTasks));
        if (d->failedTasks > 0)
            item->setForeground(TasksColumn, palette::BadBadge.text);
        item->setText(RolloutColumn, rollout);
        item->setData(RolloutColumn, StatusRole, rollout);
        item->setToolTip(RolloutColumn, d->rolloutStateReason);
        item->setText(OutcomeColumn, outcome.status);
        item->setData(OutcomeColumn, StatusRole, outcome.status);
        item->setToolTip(OutcomeColumn, outcome.reason);
        item->setText(TimeColumn, timeText(d->createdAt, outcome.finishedAt));
        // The rollout state reason, too long for a column, on a line of its own below the row, with
        // the rollback it belongs to and when the deployment last changed.
        QStringList line{d->rolloutStateReason};
        if (!d->rolledBackFrom.isEmpty())
            line << tr("rolled back from %1").arg(d->rolledBackFrom);
        if (const fd::Deployment *back = v->rollbackOf(*d))
            line << tr("rolled back to %1 (%2)").arg(back->id, back->taskDefinition());
        line << tr("updated %1").arg(Formatter::dateTime(d->updatedAt));
        auto *reason = new QTreeWidgetItem(item, {line.join(QStringLiteral(" · "))});
        reason->setForeground(0, palette::Secondary);
        reason->setToolTip(0, reason->text(0));
        if (d->status == fd::DeploymentStatus::Inactive)
            for (int c = 0; c < ColumnCount; ++c)
                if (c != StatusColumn && c != RolloutColumn && c != OutcomeColumn)
                    item->setForeground(c, palette::Muted);
        if (d->id == selected)
            current = item;
        items << item;
    }
    m_tree->addTopLevelItems(items);
    for (QTreeWidgetItem *item : std::as_const(items)) {
        item->setExpanded(true);
        item->child(0)->setFirstColumnSpanned(true);
    }
    if (current)
        m_tree->setCurrentItem(current);
    m_tree->verticalScrollBar()->setValue(scroll);
    for (int c : {DefinitionColumn, TasksColumn})
        m_tree->resizeColumnToContents(c);
}

QString ServiceDeploymentsTab::tasksText(const fd::Deployment &d)
{
    QStringList parts{tr("%1 of %2 running").arg(d.runningCount).arg(d.desiredCount)};
    if (d.pendingCount > 0)
        parts << tr("%1 pending").arg(d.pendingCount);
    if (d.failedTasks > 0)
        parts << tr("%1 failed").arg(d.failedTasks);
    return parts.join(QStringLiteral(" · "));
}

QString ServiceDeploymentsTab::timeText(const QDateTime &started, const QDateTime &finished)
{
    const QString from = Formatter::dateTime(started);
    if (!finished.isValid())
        return from;
    const QString to = Formatter::dateTime(finished);
    // The same day: the finish as a time of day ("… → 09:32:10").
    const qsizetype space = to.indexOf(u' ');
    const bool sameDay = space > 0 && from.left(space) == to.left(space);
    return QStringLiteral("%1 → %2").arg(from, sameDay ? to.mid(space + 1) : to);
}

void ServiceDeploymentsTab::updateHeader(const fd::Service &v)
{
    const fd::Deployment *p = v.primary();
    m_stopButton->setEnabled(p && v.status == fd::ServiceStatus::Active);
    if (!p) {
        m_state->setText(palette::themed(tr("<span style='color:{{hint}}'>No deployment yet.</span>")));
        return;
    }
    if (p->rolloutState == fd::RolloutState::InProgress) {
        const QString what = p->rolledBackFrom.isEmpty()
                                 ? tr("rolling out")
                                 : tr("rolling back from %1 to").arg(p->rolledBackFrom.toHtmlEscaped());
        m_state->setText(tr("Deployment <b>%1</b> is %2 <b>%3</b>: %4 of %5 running.")
                             .arg(p->id.toHtmlEscaped(), what, p->taskDefinition().toHtmlEscaped())
                             .arg(p->runningCount)
                             .arg(p->desiredCount));
        return;
    }
    m_state->setText(palette::themed(tr("<span style='color:{{secondary}}'>No deployment in progress: %1 (%2) "
                                        "is %3.</span>"))
                         .arg(p->id.toHtmlEscaped(), p->taskDefinition().toHtmlEscaped(),
                              fd::toString(p->rolloutState)));
}

void ServiceDeploymentsTab::stopDeployment()
{
    const std::optional<fd::Service> v = m_cp.services().find(m_cluster, m_service);
    if (!v || !v->primary())
        return;
    const fd::Deployment current = *v->primary();
    // Where ECS would go back to: the same search the ops call makes, on a copy. When there is no
    // such deployment (or nothing in progress), the ops call refuses and says why; no question first.
    fd::Service dryRun = *v;
    const bool stoppable = current.rolloutState == fd::RolloutState::InProgress && current.rolledBackFrom.isEmpty();
    const std::optional<QString> target =
        stoppable ? fd::rollBackToLastCompleted(dryRun, {}, m_cp.clock().now()) : std::nullopt;
    if (target) {
        const fd::Deployment *to = dryRun.primary();
        const bool stop = confirmAction(
            this, QStringLiteral("stopDeploymentConfirm"), tr("Stop deployment"),
            tr("Stop deployment %1 of service %2 and roll back?").arg(current.id, v->name),
            tr("ECS rolls the service back to its last completed deployment, %1 (%2): it becomes the PRIMARY "
               "deployment again and replaces the tasks of %3, which is marked FAILED and shows as "
               "ROLLBACK_IN_PROGRESS, then ROLLBACK_SUCCESSFUL once the rollback completes.")
                .arg(*target, to->taskDefinition(), current.taskDefinition()),
            tr("Stop and roll back"));
        if (!stop)
            return;
    }
    const fd::Result<fd::Service> r = m_cp.services().rollBackDeployment(m_cluster, m_service, current.id);
    m_result->setVisible(true);
    if (!r) {
        m_result->setStyleSheet(QStringLiteral("color: %1").arg(palette::BadBadge.text.name()));
        m_result->setText(r.error().message);
        return;
    }
    m_result->setStyleSheet(QString());
    m_result->setText(tr("Deployment %1 stopped: rolling back to %2 (%3).")
                          .arg(current.id, r->primary()->id, r->primary()->taskDefinition()));
    showService(m_cluster, &*r);
}

} // namespace fd::ui
