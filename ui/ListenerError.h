#pragma once

#include <QString>

namespace fd::ui {

/// A listener the load balancers' data plane could not open, so it serves nothing: a port in use by
/// another program, a privileged port. What the console shows of it.
struct ListenerError
{
    QString listenerId;
    int port = 0;
    QString code;    ///< "PortUnavailable"
    QString message; ///< names the port and the reason, and suggests a free port

    bool operator==(const ListenerError &) const = default;
};

} // namespace fd::ui
