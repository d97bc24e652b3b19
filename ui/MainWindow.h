#pragma once

#include <QMainWindow>

#include <memory>

class QDockWidget;
class QLabel;
class QStackedWidget;

namespace fd {
class ControlPlane;
class EngineMonitor;
class MetricsController;
class ScaledClock;
} // namespace fd

namespace fd::ui {

class ClustersView;
class ContainersView;
class EngineStatusWidget;
class EnginesView;
class EventLogView;
class FleetView;
class ImagesView;
class InstancesView;
class LogsView;
class NavigationTree;
class TaskDefinitionsView;
class ServicesView;
class TasksView;
class TeachingSpeedControl;

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

    /// The agents' connection to Docker: the Images and Container logs views get their clients
    /// from it, and Engines ▸ Check now probes through it. Null (the default): those views say
    /// there is no engine connection.
    void setEngineMonitor(fd::EngineMonitor *monitor);
    /// Live container metrics for the Containers view. Null (the default): it says there are none.
    void setMetricsController(fd::MetricsController *metrics);
    /// The control plane's clock: adds the "Teaching speed" toolbar (pause, ×1 … ×20) and
    /// View ▸ Pause control-plane time (Ctrl+Shift+Space). Null (the default): no toolbar.
    void setTeachingClock(std::shared_ptr<fd::ScaledClock> clock);

    NavigationTree *navigation() const { return m_navigation; }
    ClustersView *clustersView() const { return m_clustersView; }
    TaskDefinitionsView *taskDefinitionsView() const { return m_taskDefinitionsView; }
    EventLogView *eventLogView() const { return m_eventLogView; }
    InstancesView *instancesView() const { return m_instancesView; }
    EnginesView *enginesView() const { return m_enginesView; }
    ImagesView *imagesView() const { return m_imagesView; }
    LogsView *logsView() const { return m_logsView; }
    ContainersView *containersView() const { return m_containersView; }
    EngineStatusWidget *engineStatus() const { return m_engineStatus; }
    TasksView *tasksView() const { return m_tasksView; }
    FleetView *fleetView() const { return m_fleetView; }
    ServicesView *servicesView() const { return m_servicesView; }
    /// Null until setTeachingClock().
    TeachingSpeedControl *teachingSpeed() const { return m_teachingSpeed; }

    void showClusters(const QString &cluster = {});
    void showTaskDefinitions(const QString &family = {}, int revision = 0);
    void showInstances(const QString &cluster);
    void showEngines(const QString &engine = {});
    void showImages();
    void showLogs();
    void showContainers();
    void showTasks(const QString &cluster);
    void showFleet(const QString &cluster);
    void showServices(const QString &cluster);

public slots:
    /// File ▸ Import task definition…: pick a .json file, then the register wizard with it.
    void importTaskDefinition();
    /// The same, without the file dialog.
    void importTaskDefinitionFile(const QString &path);
    /// Tasks ▸ Run task…: the wizard for the cluster shown (else "default"), then its Tasks view.
    void runTask();
    /// File ▸ Create service…: the dialog for the cluster shown (else "default"), then its Services view.
    void createService();

private:
    void buildMenus();
    void onNavigated(int kind, const QString &key);
    void about();
    QString shownCluster() const; // the cluster the console shows now, else "default"

    fd::ControlPlane &m_cp;
    NavigationTree *m_navigation;
    QStackedWidget *m_stack;
    ClustersView *m_clustersView;
    TaskDefinitionsView *m_taskDefinitionsView;
    InstancesView *m_instancesView;
    EnginesView *m_enginesView;
    ImagesView *m_imagesView;
    LogsView *m_logsView;
    ContainersView *m_containersView = nullptr;
    TasksView *m_tasksView = nullptr;
    FleetView *m_fleetView = nullptr;
    ServicesView *m_servicesView = nullptr;
    TeachingSpeedControl *m_teachingSpeed = nullptr;
    EventLogView *m_eventLogView;
    QDockWidget *m_eventLogDock;
    EngineStatusWidget *m_engineStatus;
    QLabel *m_apiEndpointLabel;
    bool m_navigating = false; // a navigation click is being shown: views must not move the tree
};

} // namespace fd::ui
