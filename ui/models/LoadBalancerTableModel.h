#pragma once

#include "ColumnTableModel.h"
#include "ListenerError.h"
#include "elb/Listener.h"
#include "elb/LoadBalancer.h"

#include <optional>

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/// One load balancer with its listeners, as a row of LoadBalancerTableModel.
struct LoadBalancerRow
{
    elb::LoadBalancer loadBalancer;
    QList<elb::Listener> listeners; // by port
    QList<ListenerError> notServing; // of these listeners: the ones the data plane could not open
    bool operator==(const LoadBalancerRow &) const = default;
};

/**
 * The load balancers (ELBv2), one row each, keyed by name: name, DNS name, state, listeners with
 * the local URL each answers on (or "not serving" with the error's code, in red, when the data plane
 * could not open the listener's port), created. Follows the ChangeFeed's load balancer and listener
 * changes, coalesced and merged by key like the other entity tables.
 */
class LoadBalancerTableModel final : public ColumnTableModel<LoadBalancerRow>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoadBalancerTableModel)

public:
    enum Column {
        NameColumn,
        DnsColumn,
        StateColumn,
        ListenersColumn, ///< "HTTP :8080 → http://127.0.0.1:8080/"
        CreatedColumn,
        ColumnCount
    };

    explicit LoadBalancerTableModel(fd::ControlPlane &cp, QObject *parent = nullptr);

    void refresh() override;
    /// The row of the load balancer with this name, or -1.
    int rowOf(const QString &name) const;
    std::optional<LoadBalancerRow> rowAt(int row) const;
    /// The listeners the data plane could not open (ConsoleContext::listenerErrors()).
    void setListenerErrors(const QList<ListenerError> &errors);

private:
    void defineColumns();
    fd::ControlPlane &m_cp;
    QList<ListenerError> m_listenerErrors;
};

} // namespace fd::ui
