#include "NavigationTree.h"

#include "Palette.h"

#include <QBrush>
#include <QSet>

namespace fd::ui {

namespace {

using Identity = std::pair<QString, QString>; // (page, key)

Identity identityOf(const QTreeWidgetItem *item)
{
    return {NavigationTree::pageOf(item), NavigationTree::keyOf(item)};
}

QTreeWidgetItem *findIn(QTreeWidgetItem *parent, const Identity &id)
{
    for (int i = 0; i < parent->childCount(); ++i) {
        QTreeWidgetItem *child = parent->child(i);
        if (identityOf(child) == id)
            return child;
        if (QTreeWidgetItem *found = findIn(child, id))
            return found;
    }
    return nullptr;
}

QTreeWidgetItem *topLevelOf(QTreeWidgetItem *item)
{
    while (item && item->parent())
        item = item->parent();
    return item;
}

} // namespace

NavigationTree::NavigationTree(QWidget *parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("navigation"));
    setHeaderHidden(true);
    setColumnCount(1);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::SingleSelection);

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(50);
    connect(&m_refreshTimer, &QTimer::timeout, this, &NavigationTree::refresh);

    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *current) {
        if (current)
            emit navigated(pageOf(current), keyOf(current));
    });
}

QString NavigationTree::pageOf(const QTreeWidgetItem *item)
{
    return item ? item->data(0, PageRole).toString() : QString();
}

QString NavigationTree::keyOf(const QTreeWidgetItem *item)
{
    return item ? item->data(0, KeyRole).toString() : QString();
}

void NavigationTree::setEntrySource(EntrySource source)
{
    m_source = std::move(source);
    refresh();
}

void NavigationTree::scheduleRefresh()
{
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void NavigationTree::updateItem(QTreeWidgetItem *item, const NavEntry &entry)
{
    item->setText(0, entry.text);
    item->setToolTip(0, entry.toolTip);
    item->setForeground(0, entry.inactive ? QBrush(palette::inactiveText()) : QBrush());
}

void NavigationTree::syncChildren(QTreeWidgetItem *parent, const QList<NavEntry> &entries)
{
    QSet<Identity> wanted;
    for (const NavEntry &e : entries)
        wanted.insert({e.page, e.key});
    for (int i = parent->childCount() - 1; i >= 0; --i)
        if (!wanted.contains(identityOf(parent->child(i))))
            delete parent->takeChild(i);
    // What is left is in the wanted order already; insert the missing ones where they belong.
    for (int i = 0; i < entries.size(); ++i) {
        const NavEntry &e = entries[i];
        QTreeWidgetItem *item = i < parent->childCount() ? parent->child(i) : nullptr;
        const bool isNew = !item || identityOf(item) != Identity{e.page, e.key};
        if (isNew) {
            item = new QTreeWidgetItem;
            item->setData(0, PageRole, e.page);
            item->setData(0, KeyRole, e.key);
            if (parent == invisibleRootItem()) {
                QFont bold = font();
                bold.setBold(true);
                item->setFont(0, bold);
            }
            parent->insertChild(i, item);
        }
        updateItem(item, e);
        syncChildren(item, e.children);
        if (isNew && e.expandWhenNew)
            item->setExpanded(true);
    }
}

void NavigationTree::refresh()
{
    m_refreshTimer.stop();
    if (!m_source)
        return;
    // Removing the current item would move "current" to a neighbour and navigate there; the
    // console should stay where it is, so signals are held while the tree changes.
    const QSignalBlocker blocker(this);
    QTreeWidgetItem *before = currentItem();
    const Identity beforeId = before ? identityOf(before) : Identity();
    const Identity beforeTop = before ? identityOf(topLevelOf(before)) : Identity();

    syncChildren(invisibleRootItem(), m_source());

    if (before && !beforeId.second.isEmpty() && !item(beforeId.first, beforeId.second)) {
        // The current item went away: fall back to the top-level entry it was under, quietly.
        if (QTreeWidgetItem *top = item(beforeTop.first, beforeTop.second))
            setCurrentItem(top);
    }
}

QTreeWidgetItem *NavigationTree::item(const QString &page, const QString &key) const
{
    return findIn(invisibleRootItem(), {page, key});
}

bool NavigationTree::select(const QString &page, const QString &key)
{
    refresh();
    QTreeWidgetItem *target = item(page, key);
    if (!target)
        return false;
    setCurrentItem(target);
    scrollToItem(target);
    return true;
}

} // namespace fd::ui
