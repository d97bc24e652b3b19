#pragma once

#include <QTimer>
#include <QTreeWidget>

#include <functional>

namespace fd::ui {

/// One entry of the navigation: it opens page `page` for `key`. (page, key) identifies it.
struct NavEntry
{
    QString page;
    QString key;
    QString text;
    QString toolTip;
    bool inactive = false;      ///< shown greyed (an INACTIVE family or revision)
    bool expandWhenNew = false; ///< opened when it first appears, so its children are seen
    QList<NavEntry> children;
};

/**
 * The console's navigation: a tree of NavEntry that consoleSections() describes (Clusters ▸ each
 * cluster ▸ its pages; Task definitions ▸ family ▸ "family:rev"; Engines; ...). Every item is
 * identified by its page and key, never by its position. A refresh keeps the items that stay, so
 * the current item and what is expanded survive it; top-level entries are shown bold.
 */
class NavigationTree final : public QTreeWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NavigationTree)

public:
    enum Role {
        PageRole = Qt::UserRole + 1, ///< the page key the item opens
        KeyRole,                     ///< cluster name, family, or "family:revision" (empty for whole pages)
    };

    using EntrySource = std::function<QList<NavEntry>()>;

    explicit NavigationTree(QWidget *parent = nullptr);

    /// Where the entries come from; refreshes now.
    void setEntrySource(EntrySource source);
    /// Re-reads the entries now.
    void refresh();
    /// Asks for a refresh soon; a burst of calls is one refresh.
    void scheduleRefresh();
    /// Makes the item of `page`/`key` current; false when there is none.
    bool select(const QString &page, const QString &key);
    /// The item of `page`/`key`, or null.
    QTreeWidgetItem *item(const QString &page, const QString &key = {}) const;

    static QString pageOf(const QTreeWidgetItem *item);
    static QString keyOf(const QTreeWidgetItem *item);

signals:
    void navigated(const QString &page, const QString &key);

private:
    // Brings parent's children to `entries` (in that order), keeping items whose page and key stay.
    void syncChildren(QTreeWidgetItem *parent, const QList<NavEntry> &entries);
    static void updateItem(QTreeWidgetItem *item, const NavEntry &entry);

    EntrySource m_source;
    QTimer m_refreshTimer;
};

} // namespace fd::ui
