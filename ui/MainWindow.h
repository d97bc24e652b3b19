#pragma once

#include "ConsoleContext.h"

#include <QMainWindow>

#include <memory>

class QDockWidget;
class QLabel;
class QStackedWidget;

namespace fd {
class ControlPlane;
} // namespace fd

namespace fd::ui {

class EngineStatusWidget;
class EventLogView;
class NavigationTree;
class Page;
class TeachingSpeedControl;

/**
 * The console: navigation on the left, the selected page in the centre, the event log docked at
 * the bottom. The pages and the navigation come from consoleSections(); every page gets the
 * ConsoleContext. Everything it shows follows the ControlPlane's changes, so what the API or a
 * test does appears here within a second.
 */
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(ConsoleContext &context, QWidget *parent = nullptr);
    /// A console over `cp` with a context of its own (no engine monitor, metrics or clock until
    /// set on context()).
    explicit MainWindow(fd::ControlPlane &cp, QWidget *parent = nullptr);
    ~MainWindow() override;

    ConsoleContext &context() const { return m_ctx; }
    NavigationTree *navigation() const { return m_navigation; }
    EventLogView *eventLogView() const { return m_eventLogView; }
    EngineStatusWidget *engineStatus() const { return m_engineStatus; }
    /// Null until the context has a teaching clock.
    TeachingSpeedControl *teachingSpeed() const { return m_teachingSpeed; }

    /// Every page, in section order.
    const QList<Page *> &pages() const { return m_pages; }
    /// The page with key `pageKey`, or null.
    Page *page(const QString &pageKey) const;
    /// The page of type P, or null.
    template<typename P> P *page() const
    {
        for (Page *p : m_pages)
            if (auto *typed = qobject_cast<P *>(p))
                return typed;
        return nullptr;
    }

    /// Shows page `pageKey` for `key` through the navigation (so it shows the same) and selects
    /// `item` there when given. False when there is no such page or entry.
    bool show(const QString &pageKey, const QString &key = {}, const QString &item = {});
    using QMainWindow::show;

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
    MainWindow(std::unique_ptr<ConsoleContext> owned, ConsoleContext *context, QWidget *parent);
    void buildPages();
    void buildMenus();
    void onNavigated(const QString &pageKey, const QString &key);
    void updateApiEndpoint();
    void updateTeachingSpeed();
    void about();
    QString shownCluster() const; // the cluster the console shows now, else "default"

    std::unique_ptr<ConsoleContext> m_ownedContext;
    ConsoleContext &m_ctx;
    NavigationTree *m_navigation;
    QStackedWidget *m_stack;
    QList<Page *> m_pages;
    TeachingSpeedControl *m_teachingSpeed = nullptr;
    EventLogView *m_eventLogView;
    QDockWidget *m_eventLogDock;
    EngineStatusWidget *m_engineStatus;
    QLabel *m_apiEndpointLabel;
    bool m_navigating = false; // a navigation click is being shown: pages must not move the tree
};

} // namespace fd::ui
