#pragma once

#include <QObject>
#include <QStringList>

#include <functional>
#include <optional>

class QAction;
class QMenu;
class QWidget;

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/**
 * "Protect from scale-in…" and "Remove protection" for the selected tasks of a task table (the Tasks
 * page, a service's Tasks tab): UpdateTaskProtection through the same ops call as the API
 * (Tasks::setProtection). Protect asks for how long, in minutes (1-2880, ECS's default 120); a task
 * the ops call refuses (not a service's task, stopping or stopped) is listed with its words.
 */
class TaskProtectionActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskProtectionActions)

public:
    /// The cluster and the selected task ids, read when an action runs; `dialogParent` parents the
    /// dialogs.
    TaskProtectionActions(fd::ControlPlane &cp, std::function<QString()> cluster,
                          std::function<QStringList()> selection, QWidget *dialogParent);

    QAction *protectAction() const { return m_protect; }
    QAction *unprotectAction() const { return m_unprotect; }
    /// Both actions, for a button's menu.
    QMenu *menu() const { return m_menu; }
    /// Enables the actions when some task is selected.
    void setSelectionSize(int selected);

    /// Applies protection (enabled, for `minutes`) or its removal to each task; one line
    /// "abcd1234: why" per task the ops call refused.
    static QStringList apply(fd::ControlPlane &cp, const QString &cluster, const QStringList &ids, bool enabled,
                             std::optional<int> minutes);

public slots:
    /// Asks for the minutes, then protects the selected tasks.
    void protectSelected();
    /// Removes the selected tasks' protection.
    void unprotectSelected();

signals:
    /// Protection of some task was set or removed.
    void applied();

private:
    fd::ControlPlane &m_cp;
    std::function<QString()> m_cluster;
    std::function<QStringList()> m_selection;
    QWidget *m_dialogParent;
    QAction *m_protect;
    QAction *m_unprotect;
    QMenu *m_menu;
};

} // namespace fd::ui
