#include "LoadBalancerTree.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "Formatter.h"
#include "Palette.h"
#include "controllers/lb/ProxyTable.h"
#include "models/ItemRoles.h"
#include "models/LbText.h"
#include "ops/ListenerRules.h"
#include "ops/LoadBalancers.h"
#include "ops/TargetGroups.h"
#include "widgets/StatusBadgeDelegate.h"

#include <QHeaderView>
#include <QScrollBar>

namespace fd::ui {

namespace {

// Item data beside KeyRole: what refreshInFlight() needs of a target item.
constexpr int kGroupIdRole = Qt::UserRole + 100;
constexpr int kProxyTargetRole = Qt::UserRole + 101;
// On a target group's item: its id.
constexpr int kTargetGroupRole = Qt::UserRole + 102;

QFont bold(QFont f)
{
    f.setBold(true);
    return f;
}

} // namespace

LoadBalancerTree::LoadBalancerTree(fd::ControlPlane &cp, QWidget *parent) : QTreeWidget(parent), m_cp(cp)
{
    setObjectName(QStringLiteral("loadBalancerTree"));
    setColumnCount(ColumnCount);
    setHeaderLabels({tr("Listener / rule / target group / target"), tr("Health"), tr("Reason"), tr("Description"),
                     tr("In flight")});
    headerItem()->setToolTip(InFlightColumn, tr("Requests the load balancer has sent to the target and not yet "
                                                "answered"));
    setItemDelegateForColumn(StateColumn, new StatusBadgeDelegate(this));
    setAlternatingRowColors(true);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(ItemColumn, QHeaderView::Interactive);
    header()->setSectionResizeMode(DescriptionColumn, QHeaderView::Stretch);
    const QFontMetrics fm = fontMetrics();
    // Sized for the example's longest rule and reason; the description takes the rest (and has a
    // tool tip), so it is what a narrow window shortens.
    header()->resizeSection(
        ItemColumn,
        fm.horizontalAdvance(QStringLiteral("#1  priority 10 · path is /cubebuster* → forward to cubebuster")) + 70);
    header()->resizeSection(StateColumn, fm.horizontalAdvance(QStringLiteral("unhealthy.draining")) + 24);
    header()->resizeSection(ReasonColumn, fm.horizontalAdvance(QStringLiteral("Target.ResponseCodeMismatch")) + 16);
    header()->resizeSection(InFlightColumn, fm.horizontalAdvance(tr("In flight")) + 30);

    connect(this, &QTreeWidget::itemCollapsed, this,
            [this](QTreeWidgetItem *item) { m_collapsed.insert(item->data(0, KeyRole).toString()); });
    connect(this, &QTreeWidget::itemExpanded, this,
            [this](QTreeWidgetItem *item) { m_collapsed.remove(item->data(0, KeyRole).toString()); });
    m_rebuildTimer.setSingleShot(true);
    m_rebuildTimer.setInterval(50);
    connect(&m_rebuildTimer, &QTimer::timeout, this, &LoadBalancerTree::rebuild);
    ChangeFeed::watch(m_cp, loadBalancing(), this, [this] { m_rebuildTimer.start(); });
    m_sinceStart.start();
    m_lingerTimer.setSingleShot(true);
    connect(&m_lingerTimer, &QTimer::timeout, this, &LoadBalancerTree::rebuild);
}

void LoadBalancerTree::setLoadBalancer(const QString &loadBalancerId)
{
    if (loadBalancerId == m_loadBalancerId && topLevelItemCount() > 0)
        return;
    m_loadBalancerId = loadBalancerId;
    m_seen.clear();
    m_gone.clear();
    rebuild();
}

void LoadBalancerTree::setInFlight(InFlight inFlight)
{
    m_inFlight = std::move(inFlight);
    refreshInFlight();
}

void LoadBalancerTree::setListenerErrors(const QList<ListenerError> &errors)
{
    if (errors == m_listenerErrors) // told after every apply of the routing table, mostly unchanged
        return;
    m_listenerErrors = errors;
    rebuild();
}

void LoadBalancerTree::rebuild()
{
    const QString current = currentItem() ? currentItem()->data(0, KeyRole).toString() : QString();
    const int scroll = verticalScrollBar()->value();
    clear();
    if (!m_cp.loadBalancers().find(m_loadBalancerId))
        return;
    for (const elb::Listener &l : m_cp.loadBalancers().listeners(m_loadBalancerId))
        addListener(l.id);
    // Everything open except what the user closed.
    QTreeWidgetItemIterator it(this);
    for (; *it; ++it) {
        (*it)->setExpanded(!m_collapsed.contains((*it)->data(0, KeyRole).toString()));
        if (!current.isEmpty() && (*it)->data(0, KeyRole).toString() == current)
            setCurrentItem(*it);
    }
    refreshInFlight();
    verticalScrollBar()->setValue(scroll);
}

QTreeWidgetItem *LoadBalancerTree::addListener(const QString &listenerId)
{
    const std::optional<elb::Listener> l = m_cp.loadBalancers().findListener(listenerId);
    auto *item = new QTreeWidgetItem(this);
    item->setText(ItemColumn,
                  tr("Listener %1 :%2   %3").arg(l->protocol).arg(l->port).arg(LbText::listenerUrl(l->port)));
    item->setFont(ItemColumn, bold(font()));
    item->setData(0, KeyRole, QStringLiteral("listener:%1").arg(l->port));
    item->setToolTip(
        ItemColumn,
        tr("Requests to %1 are matched against the rules below, in this order").arg(LbText::listenerUrl(l->port)));
    for (const ListenerError &e : std::as_const(m_listenerErrors))
        if (e.listenerId == l->id || (e.listenerId.isEmpty() && e.port == l->port))
            markNotServing(item, e);
    const auto groupName = [this](const QString &id) {
        const std::optional<elb::TargetGroup> tg = m_cp.targetGroups().find(id);
        return tg ? tg->name : id;
    };
    int sequence = 0;
    for (const ops::RuleView &v : m_cp.listenerRules().rules(listenerId)) {
        ++sequence;
        auto *rule = new QTreeWidgetItem(item);
        const QString priority = v.isDefault ? tr("default") : tr("priority %1").arg(v.rule.priority);
        rule->setText(ItemColumn, tr("#%1  %2 · %3 → %4")
                                      .arg(sequence)
                                      .arg(priority, LbText::conditions(v.rule.conditions),
                                           LbText::actions(v.rule.actions, groupName)));
        rule->setToolTip(ItemColumn, rule->text(ItemColumn));
        rule->setData(0, KeyRole,
                      QStringLiteral("rule:%1:%2")
                          .arg(l->port)
                          .arg(v.isDefault ? QStringLiteral("default") : QString::number(v.rule.priority)));
        for (const elb::Action &a : v.rule.actions)
            for (const elb::WeightedTargetGroup &g : a.targetGroups)
                addGroup(rule, g.targetGroupId);
    }
    return item;
}

void LoadBalancerTree::markNotServing(QTreeWidgetItem *listener, const ListenerError &error)
{
    listener->setText(StateColumn, tr("not serving"));
    listener->setData(StateColumn, StatusRole, QStringLiteral("LISTENER_NOT_SERVING"));
    listener->setToolTip(StateColumn, tr("The load balancer could not open this listener: requests to it get no "
                                         "answer. Free the port, or move the listener to another one."));
    listener->setText(ReasonColumn, error.code);
    listener->setText(DescriptionColumn, tr("Not listening"));
    listener->setForeground(DescriptionColumn, palette::Error);
    // The proxy's words (the port, why, a free port) in full, on a line of their own under it.
    auto *why = new QTreeWidgetItem;
    listener->insertChild(0, why);
    why->setFirstColumnSpanned(true);
    why->setText(ItemColumn, error.message);
    why->setToolTip(ItemColumn, error.message);
    why->setForeground(ItemColumn, palette::Error);
    why->setData(0, KeyRole, QStringLiteral("listener-error:%1").arg(error.port));
}

void LoadBalancerTree::addGroup(QTreeWidgetItem *rule, const QString &targetGroupId)
{
    const std::optional<elb::TargetGroup> tg = m_cp.targetGroups().find(targetGroupId);
    if (!tg)
        return;
    const fd::Result<QList<ops::TargetHealthView>> health = m_cp.targetGroups().health(tg->id);
    const QList<ops::TargetHealthView> targets = health ? health.value() : QList<ops::TargetHealthView>();
    QSet<QString> live;
    for (const ops::TargetHealthView &t : targets)
        live.insert(QStringLiteral("%1:%2").arg(t.target.id).arg(t.target.port));
    int healthy = 0;
    for (const ops::TargetHealthView &t : targets)
        healthy += t.state == elb::TargetHealthState::Healthy;
    auto *group = new QTreeWidgetItem(rule);
    group->setText(ItemColumn, tr("Target group %1 (port %2, %3)").arg(tg->name).arg(tg->port).arg(tg->targetType));
    group->setFont(ItemColumn, bold(font()));
    group->setText(StateColumn,
                   targets.isEmpty() ? tr("no targets") : tr("%1 of %2 healthy").arg(healthy).arg(targets.size()));
    group->setText(DescriptionColumn, LbText::healthCheck(tg->healthCheck));
    group->setForeground(DescriptionColumn, palette::Secondary);
    group->setData(0, KeyRole, QStringLiteral("group:%1/%2").arg(rule->data(0, KeyRole).toString(), tg->name));
    group->setData(0, kTargetGroupRole, tg->id);
    for (const ops::TargetHealthView &t : targets) {
        auto *target = new QTreeWidgetItem(group);
        const QString id = QStringLiteral("%1:%2").arg(t.target.id).arg(t.target.port);
        target->setText(ItemColumn, id);
        target->setToolTip(ItemColumn, tr("Registered %1; health checked on port %2")
                                           .arg(Formatter::dateTime(t.target.registeredAt), t.healthCheckPort));
        target->setText(StateColumn, elb::toString(t.state));
        target->setData(StateColumn, StatusRole, LbText::badgeKey(t.state));
        target->setText(ReasonColumn, t.reason);
        target->setToolTip(ReasonColumn, t.reason);
        target->setText(DescriptionColumn, t.description);
        target->setToolTip(DescriptionColumn, t.description);
        target->setTextAlignment(InFlightColumn, Qt::AlignRight | Qt::AlignVCenter);
        target->setData(0, KeyRole, QStringLiteral("target:%1/%2").arg(tg->name, id));
        target->setData(0, kGroupIdRole, tg->id);
        target->setData(0, kProxyTargetRole, QString::fromStdString(lbctl::proxyTargetId(t.target)));
    }
    addGoneTargets(group, tg->id, live);
}

void LoadBalancerTree::addGoneTargets(QTreeWidgetItem *group, const QString &targetGroupId, const QSet<QString> &live)
{
    const qint64 now = m_sinceStart.elapsed();
    QHash<QString, qint64> &gone = m_gone[targetGroupId];
    for (const QString &key : m_seen.value(targetGroupId))
        if (!live.contains(key) && !gone.contains(key))
            gone.insert(key, now);
    m_seen.insert(targetGroupId, live);
    qint64 nextExpiry = -1;
    for (auto it = gone.begin(); it != gone.end();) {
        const qint64 left = it.value() + kUnusedLingerMs - now;
        if (live.contains(it.key()) || left <= 0) { // registered again, or shown long enough
            it = gone.erase(it);
            continue;
        }
        auto *target = new QTreeWidgetItem(group);
        target->setText(ItemColumn, it.key());
        target->setText(StateColumn, elb::toString(elb::TargetHealthState::Unused));
        target->setData(StateColumn, StatusRole, LbText::badgeKey(elb::TargetHealthState::Unused));
        target->setText(ReasonColumn, QString::fromLatin1(elb::kReasonNotRegistered));
        target->setText(DescriptionColumn, QString::fromLatin1(elb::kDescriptionNotRegistered));
        target->setForeground(ItemColumn, palette::Muted);
        target->setData(
            0, KeyRole,
            QStringLiteral("target:%1/%2").arg(group->data(0, KeyRole).toString().section(u'/', -1), it.key()));
        nextExpiry = nextExpiry < 0 ? left : std::min(nextExpiry, left);
        ++it;
    }
    if (nextExpiry >= 0 && (!m_lingerTimer.isActive() || m_lingerTimer.remainingTime() > nextExpiry))
        m_lingerTimer.start(int(nextExpiry) + 1);
}

void LoadBalancerTree::refreshInFlight()
{
    QTreeWidgetItemIterator it(this);
    for (; *it; ++it) {
        const QString groupId = (*it)->data(0, kGroupIdRole).toString();
        if (groupId.isEmpty())
            continue;
        const QString text = m_inFlight
                                 ? QString::number(m_inFlight(groupId, (*it)->data(0, kProxyTargetRole).toString()))
                                 : Formatter::none();
        if ((*it)->text(InFlightColumn) != text)
            (*it)->setText(InFlightColumn, text);
    }
}

QTreeWidgetItem *LoadBalancerTree::itemByKey(const QString &key) const
{
    QTreeWidgetItemIterator it(const_cast<LoadBalancerTree *>(this));
    for (; *it; ++it)
        if ((*it)->data(0, KeyRole).toString() == key)
            return *it;
    return nullptr;
}

QString LoadBalancerTree::targetGroupIdOf(const QTreeWidgetItem *item)
{
    for (; item; item = item->parent()) {
        const QString id = item->data(0, kTargetGroupRole).toString();
        if (!id.isEmpty())
            return id;
    }
    return {};
}

} // namespace fd::ui
