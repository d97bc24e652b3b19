// The words the service scheduler uses in ECS's own phrasing: the reason it gives a task it stops and
// the event when a task cannot be placed. Declared in ServiceReconciler.h with the step that uses them.

#include "ServiceReconciler.h"

#include "model/Arn.h"

namespace fd::services {

QString scalingActivityReason(const QString &deploymentId)
{
    return QStringLiteral("Scaling activity initiated by (deployment %1)").arg(deploymentId);
}

QString placementFailureEvent(const QString &serviceName, const QString &reason, const QString &closestInstance)
{
    QString message = QStringLiteral("(service %1) was unable to place a task because no container instance met all "
                                     "of its requirements.")
                          .arg(serviceName);
    const QString id = arn::containerInstanceIdFrom(closestInstance);
    if (id.isEmpty() || closestInstance.contains(QLatin1StringView(":cluster/")))
        return message;
    QString why;
    if (reason == u"RESOURCE:MEMORY")
        why = QStringLiteral("has insufficient memory available");
    else if (reason == u"RESOURCE:CPU")
        why = QStringLiteral("has insufficient CPU units available");
    else if (reason == u"RESOURCE:PORTS" || reason == u"RESOURCE:PORTS_UDP")
        why = QStringLiteral("is already using a port required by your task");
    else if (reason == u"AGENT")
        why = QStringLiteral("encountered error \"AGENT\"");
    else if (reason == u"ATTRIBUTE")
        why = QStringLiteral("is missing an attribute required by your task");
    else
        return message;
    return message + QStringLiteral(" The closest matching (container-instance %1) %2. For more information, see the "
                                    "Troubleshooting section of the Amazon ECS Developer Guide.")
                         .arg(id, why);
}

} // namespace fd::services
