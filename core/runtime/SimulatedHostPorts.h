#pragma once

// The host ports of SimulatedRuntime's containers, per host address and protocol, with Docker's
// rules: a static port is free only where no container holds it (0.0.0.0 holds it on every
// address), a dynamic one comes from the ephemeral range, going on after the last one handed out
// so that a port just released is not reused at once.

#include "Result.h"
#include "runtime/RuntimeTypes.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

namespace fd::runtime {

class SimulatedHostPorts
{
public:
    /// The ephemeral range dynamic ports come from (ECS's Linux default 49153-65535).
    void setDynamicRange(quint16 first, quint16 last);

    /// Binds `specs` on `hostIp` for the container `name` (`id`): all of them, or none and Docker's
    /// Conflict error ("driver failed programming external connectivity ... port is already
    /// allocated" / "all ports are allocated").
    Result<QList<BoundPort>> allocate(const QString &hostIp, const QString &name, const QString &id,
                                      const QList<PortSpec> &specs);
    void release(const QString &hostIp, const QList<BoundPort> &ports);

private:
    bool portInUse(const QString &hostIp, quint32 key) const;

    struct PortTable
    {
        QSet<quint32> used;  ///< the key packs protocol and port
        quint16 nextTcp = 0; ///< where the search for the next dynamic port starts (0: the range's first)
        quint16 nextUdp = 0;
    };
    QHash<QString, PortTable> m_tables; // by host address
    quint16 m_first = 49153;
    quint16 m_last = 65535;
};

} // namespace fd::runtime
