#include "ops/Domain.h"

#include "ControlPlane.h"
#include "state/Transaction.h"

#include <QRegularExpression>

namespace fd::ops {

Domain::Domain(ControlPlane &cp, const Registries &r)
    : m_cp(cp), m_clusterRegistry(r.clusters), m_taskDefinitionRegistry(r.taskDefinitions),
      m_instanceRegistry(r.instances), m_taskRegistry(r.tasks), m_serviceRegistry(r.services), m_tags(r.tags)
{}

state::Transaction Domain::begin() const
{
    return m_cp.begin();
}

state::Transaction Domain::observation() const
{
    // Nothing the console does reports what an engine runs: without a scope, it is the monitor's.
    const state::Cause cause = m_cp.currentCause();
    return state::Transaction(cause == state::Cause::console() ? state::Cause::system(QStringLiteral("engine-monitor"))
                                                               : cause);
}

Status Domain::commit(state::Transaction &&tx)
{
    return m_cp.commit(std::move(tx));
}

QDateTime Domain::now() const
{
    return m_cp.clock().now();
}

QString Domain::region() const
{
    return m_cp.defaultRegion();
}

Event Domain::makeEvent(const QString &type, const QString &resource, const QString &message) const
{
    return Event{0, now(), type, resource, message};
}

Error invalidParameter(const QString &message, const QString &field)
{
    return makeError(QStringLiteral("InvalidParameterException"), message, field);
}

Error clusterNotFound()
{
    return makeError(QStringLiteral("ClusterNotFoundException"), QStringLiteral("Cluster not found."));
}

bool isValidName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_-]{1,255}$"));
    return re.match(name).hasMatch();
}

} // namespace fd::ops
