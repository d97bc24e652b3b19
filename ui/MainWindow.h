#pragma once

#include <QMainWindow>

class QDockWidget;
class QLabel;
class QStackedWidget;

namespace fd {
class ControlPlane;
}

namespace fd::ui {

class ClustersView;
class EventLogView;
class NavigationTree;
class TaskDefinitionsView;

/**
 * The console: navigation on the left, the selected view in the centre, the event log docked at
 * the bottom. Everything it shows follows the ControlPlane's change signals, so what the API or
 * a test does appears here within a second.
 */
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(fd::ControlPlane &cp, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Shown in the status bar: where the AWS-compatible API listens ("http://127.0.0.1:4566").
    /// Empty: the API is off.
    void setApiEndpoint(const QString &endpoint);

    NavigationTree *navigation() const { return m_navigation; }
    ClustersView *clustersView() const { return m_clustersView; }
    TaskDefinitionsView *taskDefinitionsView() const { return m_taskDefinitionsView; }
    EventLogView *eventLogView() const { return m_eventLogView; }

    void showClusters(const QString &cluster = {});
    void showTaskDefinitions(const QString &family = {}, int revision = 0);

public slots:
    /// File ▸ Import task definition…: pick a .json file, then the register wizard with it.
    void importTaskDefinition();
    /// The same, without the file dialog.
    void importTaskDefinitionFile(const QString &path);

private:
    void buildMenus();
    void onNavigated(int kind, const QString &key);
    void about();

    fd::ControlPlane &m_cp;
    NavigationTree *m_navigation;
    QStackedWidget *m_stack;
    ClustersView *m_clustersView;
    TaskDefinitionsView *m_taskDefinitionsView;
    EventLogView *m_eventLogView;
    QDockWidget *m_eventLogDock;
    QLabel *m_apiEndpointLabel;
    bool m_navigating = false; // a navigation click is being shown: views must not move the tree
};

} // namespace fd::ui
