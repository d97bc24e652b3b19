#pragma once

#include "model/Service.h"

#include <QWidget>

class QGridLayout;
class QLabel;
class QPushButton;

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/**
 * The target groups a service's tasks are registered in (its `loadBalancers`, at most 5): each row
 * a target group (by name, sent as its ARN) and the container and port of the task definition's
 * port mappings ("web:8080"). Rows: "lbTargetGroup<i>", "lbContainer<i>", "lbRemove<i>"; Attach
 * adds one. Follows the chosen task definition (setTaskDefinition()).
 */
class ServiceLoadBalancersEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceLoadBalancersEditor)

public:
    explicit ServiceLoadBalancersEditor(fd::ControlPlane &cp, QWidget *parent = nullptr);

    /// The task definition ("family:revision") whose containers and ports the rows offer.
    void setTaskDefinition(const QString &familyRevision);
    void setLoadBalancers(const QList<fd::ServiceLoadBalancer> &loadBalancers);
    QList<fd::ServiceLoadBalancer> loadBalancers() const;
    /// Adds a row (the first target group not yet attached, the first container port).
    void attach();
    int rowCount() const { return int(m_rows.size()); }

signals:
    void changed();

private:
    struct Row
    {
        QWidget *group;
        QLabel *arrow;
        QWidget *container;
        QPushButton *remove;
    };
    void addRow(const fd::ServiceLoadBalancer &lb);
    void rebuild(const QList<fd::ServiceLoadBalancer> &keep);
    void fillContainers(int row, const fd::ServiceLoadBalancer &lb);
    void updateState();

    fd::ControlPlane &m_cp;
    QString m_taskDefinition;
    QList<Row> m_rows;
    QGridLayout *m_grid;
    QLabel *m_hint;
    QPushButton *m_attachButton;
};

} // namespace fd::ui
