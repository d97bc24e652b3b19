#pragma once

#include "Page.h"

#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableView;
class QTextBrowser;

namespace fd {
class ControlPlane;
struct Task;
} // namespace fd

namespace fd::ui {

class ResourceTags;
class SortKeyProxyModel;
class TagsEditor;
class TaskMetricsPane;
class TaskProtectionActions;
class TaskTableModel;

/**
 * The tasks of one cluster: a table (task, definition, last and desired status, health, instance,
 * ports, started, stopped, stopped reason) filtered by desired status and by text, with Run task…,
 * Stop… (asks for a reason; several at once), Logs and scale-in protection (TaskProtectionActions; also
 * in the table's context menu), and the details of the current task below:
 * its containers (status, exit code, reason, health, port bindings as links), why it was placed
 * where it is or why it waits, and its timestamps; a Metrics tab (TaskMetricsPane: its Container
 * Insights charts, or how to turn them on) and a Tags tab beside them (ECS's aws: tags read-only). Follows the
 * ControlPlane live; a refresh keeps the selection and the scroll position.
 */
class TasksView final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TasksView)

public:
    using UrlOpener = std::function<void(const QUrl &)>;

    explicit TasksView(ConsoleContext &context, QWidget *parent = nullptr);

    QString pageKey() const override;
    QString title() const override;
    QString toolTip(const QString &key) const override;
    void showKey(const QString &key) override;
    bool selectItem(const QString &item) override;

    void setCluster(const QString &cluster);
    QString cluster() const;
    TaskTableModel *model() const { return m_model; }
    /// Protect from scale-in… and Remove protection for the selected tasks (button menu, context menu).
    TaskProtectionActions *protection() const { return m_protection; }
    /// The Metrics tab: the current task's Container Insights charts, or the note to turn them on.
    TaskMetricsPane *metricsPane() const { return m_metrics; }

    /// Ids of the selected tasks, in table order.
    QStringList selectedTaskIds() const;
    /// Selects the task (id or ARN); false when it is not shown (filtered out or unknown).
    bool selectTask(const QString &id);
    /// What a click on a port does (QDesktopServices::openUrl by default); tests replace it.
    void setUrlOpener(UrlOpener opener) { m_openUrl = std::move(opener); }

public slots:
    /// Opens the Run task dialog for this cluster and selects what it started.
    void runTask();
    /// Asks for a reason, then stops the selected tasks.
    void stopSelected();
    /// The logs of the current task's container (asks which one when there are several).
    void showLogs();

signals:
    /// Show the logs of a container on an engine (MainWindow opens the Container logs view).
    void logsRequested(const QString &engineId, const QString &containerId);

private:
    void updateActions();
    void updateSummary();
    void updateDetails();
    std::optional<fd::Task> currentTask() const;
    QString detailsHtml(const fd::Task &t) const;

    fd::ControlPlane &m_cp;
    TaskTableModel *m_model;
    SortKeyProxyModel *m_proxy;
    QLabel *m_title;
    QLabel *m_summary;
    QComboBox *m_statusFilter;
    QLineEdit *m_filterEdit;
    QTableView *m_table;
    QPushButton *m_runButton;
    QPushButton *m_stopButton;
    QPushButton *m_logsButton;
    QPushButton *m_protectButton; ///< its menu: m_protection's actions
    TaskProtectionActions *m_protection;
    QTimer m_protectionTick; ///< repaints the Protected column's "min left"
    QTextBrowser *m_details;
    QTabWidget *m_detailTabs;
    TaskMetricsPane *m_metrics;
    TagsEditor *m_tagsEditor;
    ResourceTags *m_tags;
    QString m_detailsShownFor;
    qint64 m_detailsVersion = -1;
    QString m_detailsHint; ///< the hint the details pane shows while no task is current
    QStringList m_selectionBeforeReset;
    QTimer m_updateTimer;
    UrlOpener m_openUrl;
};

} // namespace fd::ui
