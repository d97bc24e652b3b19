#include "runtime/SimulatedHostPorts.h"

#include <utility>

namespace fd::runtime {

namespace {

constexpr quint32 kUdpBit = 0x10000;

QString normalisedProtocol(const QString &protocol)
{
    // Shared strings for the usual values: 30,000 containers need not carry 30,000 copies of "tcp".
    static const QString tcp = QStringLiteral("tcp");
    static const QString udp = QStringLiteral("udp");
    if (protocol.isEmpty() || protocol.compare(tcp, Qt::CaseInsensitive) == 0)
        return tcp;
    if (protocol.compare(udp, Qt::CaseInsensitive) == 0)
        return udp;
    return protocol.toLower();
}

} // namespace

void SimulatedHostPorts::setDynamicRange(quint16 first, quint16 last)
{
    m_first = first;
    m_last = last;
}

bool SimulatedHostPorts::portInUse(const QString &hostIp, quint32 key) const
{
    static const QString any = QStringLiteral("0.0.0.0");
    if (const auto it = m_tables.constFind(hostIp); it != m_tables.cend() && it->used.contains(key))
        return true;
    if (hostIp != any) {
        const auto it = m_tables.constFind(any);
        return it != m_tables.cend() && it->used.contains(key);
    }
    // 0.0.0.0 takes the port on every address, so it is free only where no address holds it.
    for (const PortTable &t : m_tables)
        if (t.used.contains(key))
            return true;
    return false;
}

Result<QList<BoundPort>> SimulatedHostPorts::allocate(const QString &hostIp, const QString &name, const QString &id,
                                                      const QList<PortSpec> &specs)
{
    QList<BoundPort> bound;
    bound.reserve(specs.size());
    const auto rollBack = [&] {
        PortTable &table = m_tables[hostIp];
        for (const BoundPort &b : std::as_const(bound))
            table.used.remove((b.protocol == u"udp" ? kUdpBit : 0) | b.hostPort);
    };
    const auto failure = [&](quint16 port, const QString &reason) {
        rollBack();
        return makeError(QString(errc::Conflict),
                         QStringLiteral("driver failed programming external connectivity on endpoint %1 (%2): Bind "
                                        "for %3:%4 failed: %5")
                             .arg(name, id.left(12), hostIp)
                             .arg(port)
                             .arg(reason),
                         QStringLiteral("portMappings"));
    };

    const quint32 first = m_first;
    const quint32 size = quint32(m_last) - first + 1;
    for (const PortSpec &spec : specs) {
        const QString protocol = normalisedProtocol(spec.protocol);
        const quint32 protoBit = protocol == u"udp" ? kUdpBit : 0;
        quint16 port = spec.hostPort;
        if (port != 0) {
            if (portInUse(hostIp, protoBit | port))
                return failure(port, QStringLiteral("port is already allocated"));
        } else {
            // Like Docker's port allocator: go on from the port after the last one handed out on
            // this address, wrapping around the range, so a port just released is not reused at once.
            PortTable &table = m_tables[hostIp];
            quint16 &next = protoBit ? table.nextUdp : table.nextTcp;
            const quint32 start = next >= first && next <= m_last ? next - first : 0;
            for (quint32 i = 0; i < size && port == 0; ++i) {
                const quint16 candidate = quint16(first + (start + i) % size);
                if (!portInUse(hostIp, protoBit | candidate))
                    port = candidate;
            }
            if (port == 0)
                return failure(0, QStringLiteral("all ports are allocated"));
            next = quint16(first + (port - first + 1) % size);
        }
        m_tables[hostIp].used.insert(protoBit | port);
        bound.append(BoundPort{spec.containerPort, protocol, hostIp, port});
    }
    return bound;
}

void SimulatedHostPorts::release(const QString &hostIp, const QList<BoundPort> &ports)
{
    if (ports.isEmpty())
        return;
    PortTable &table = m_tables[hostIp];
    for (const BoundPort &b : ports)
        table.used.remove((b.protocol == u"udp" ? kUdpBit : 0) | b.hostPort);
}

} // namespace fd::runtime
