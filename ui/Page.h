#pragma once

#include <QWidget>

namespace fd::ui {

class ConsoleContext;

/**
 * A page of the console: a widget in the centre, shown by the navigation for a key. The key says
 * what the page shows (a cluster's name for the per-cluster pages, a family or "family:revision"
 * for task definitions, nothing for the whole page); an item is something to select in it.
 *
 * A new page is one file deriving from Page and one line in consoleSections() (Sections.cpp).
 */
class Page : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Page)

public:
    ~Page() override;

    /// Stable name of the page ("cluster-tasks"): navigation entries are (pageKey, key) pairs.
    virtual QString pageKey() const = 0;
    /// Its name in the navigation ("Tasks").
    virtual QString title() const = 0;
    /// The navigation entry's tool tip for `key` (the cluster for per-cluster pages).
    virtual QString toolTip(const QString &key) const;
    /// Shows what `key` names; the page is about to become (or already is) the current one.
    virtual void showKey(const QString &key) = 0;
    /// Selects `item` (a task id, an engine id ...) on the page as shown; false when it cannot.
    virtual bool selectItem(const QString &item);

    ConsoleContext &context() const { return m_context; }

signals:
    /// The user selected something the navigation can show by key (a cluster, a revision): the
    /// navigation follows quietly.
    void keySelected(const QString &key);

protected:
    explicit Page(ConsoleContext &context, QWidget *parent = nullptr);

private:
    ConsoleContext &m_context;
};

} // namespace fd::ui
