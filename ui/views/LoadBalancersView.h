#pragma once

#include "Page.h"
#include "views/LoadBalancerTree.h"

#include <QTimer>

#include <optional>

namespace fd::elb {
struct LoadBalancer;
}

class QAction;
class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace fd::ui {

class LoadBalancerTableModel;
class MetricsPanel;

/**
 * The Load balancers page: the load balancers (name, DNS name, state, listeners with their local
 * URLs, created) and, for the selected one, a LoadBalancerTree (listeners → rules → target groups
 * → targets with their health, live). Create load balancer… opens the wizard; Delete… asks
 * first; "Create the Edges + CubeBuster example" sets up the seed's two-app example in one click.
 * "Send traffic…" (a button, and the tree's context menu) opens the Traffic page with the URL of the
 * selected listener (the one of the item selected in the tree, else the load balancer's first).
 * A Metrics tab beside the tree charts the selected load balancer's AWS/ApplicationELB metrics, or
 * those of one of its target groups: its "Charts of" chooser, which follows the tree (a target group
 * or a target selected there picks its group; a listener or rule, the load balancer), and the tree's
 * "Charts of this target group" opens the tab on the group.
 * Listeners the data plane could not open (ConsoleContext::listenerErrors()) are named in red above
 * the table, and marked in the tree with the reason.
 *
 * In-flight requests come from the data plane through setInFlight() and are re-read at 4 Hz
 * while the page is visible.
 */
class LoadBalancersView final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoadBalancersView)

public:
    static inline const QString kPageKey = QStringLiteral("load-balancers"); ///< item: a load balancer's name

    explicit LoadBalancersView(ConsoleContext &context, QWidget *parent = nullptr);

    QString pageKey() const override { return kPageKey; }
    QString title() const override;
    QString toolTip(const QString &key) const override;
    void showKey(const QString &key) override;
    bool selectItem(const QString &item) override;

    /// The data plane's in-flight counts (null: the column reads "—").
    void setInFlight(LoadBalancerTree::InFlight inFlight);
    LoadBalancerTableModel *model() const { return m_model; }
    LoadBalancerTree *tree() const { return m_tree; }
    /// The Metrics tab: the selected load balancer's charts, or one of its target groups'.
    MetricsPanel *metricsPanel() const { return m_metrics; }
    QTabWidget *detailTabs() const { return m_detailTabs; }
    /// The target group whose charts the Metrics tab shows; empty: the load balancer's.
    QString chartedTargetGroupId() const;
    /// Charts this target group of the selected load balancer (empty: the load balancer itself);
    /// false when it is not behind the selected load balancer.
    bool chartTargetGroup(const QString &targetGroupId);
    /// The name of the selected load balancer; empty when none.
    QString currentName() const;
    /// Where "Send traffic…" sends: the URL of the listener of the item selected in the tree, else
    /// of the selected load balancer's first listener; empty when it has none.
    QString trafficUrl() const;

public slots:
    /// The create-load-balancer wizard; selects what it created.
    void createLoadBalancer();
    /// Asks, then deletes the selected load balancer with its listeners and rules.
    void deleteLoadBalancer();
    /// Target groups edges and cubebuster, a listener forwarding to edges and /cubebuster* to
    /// cubebuster; then says which clicks create the two services.
    void createExample();
    /// Opens the Traffic page with trafficUrl() filled in; false (and why, in the hint) when it cannot.
    bool sendTraffic();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void updateSelection();
    void setHint(const QString &html, bool error = false);
    void updateSendTraffic();
    void updateMetrics();
    void applyMetricsScope();
    void followTreeSelection();
    void updateListenerErrors();

    LoadBalancerTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    LoadBalancerTree *m_tree;
    QTabWidget *m_detailTabs = nullptr; ///< the tree, and Metrics
    MetricsPanel *m_metrics = nullptr;
    QComboBox *m_metricsScope = nullptr; ///< the load balancer, then its target groups (data: group id)
    QAction *m_chartsAction = nullptr;   ///< the tree's "Charts of this target group"
    QString m_followedTreeKey;           ///< the tree item whose selection the chooser last followed
    QLabel *m_hint;
    QLabel *m_notServing; // every listener not serving, of any load balancer
    QPushButton *m_createButton;
    QPushButton *m_exampleButton;
    QPushButton *m_deleteButton;
    QPushButton *m_sendTrafficButton;
    QAction *m_sendTrafficAction;
    QTimer m_inFlightTimer;
};

} // namespace fd::ui
