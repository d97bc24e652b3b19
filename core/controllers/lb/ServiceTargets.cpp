#include "ServiceTargets.h"

#include <QSet>

namespace fd::lbctl {

namespace {

bool meantToRun(const Task &t)
{
    return t.lastStatus == TaskStatus::Running && t.desiredStatus == TaskStatus::Running;
}

const elb::Target *findTarget(const QList<elb::Target> &targets, const elb::TargetKey &key)
{
    for (const elb::Target &t : targets) {
        if (t.id == key.id && t.port == key.port)
            return &t;
    }
    return nullptr;
}

} // namespace

QString targetGroupIdFromArn(const QString &arn)
{
    // arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>
    const qsizetype at = arn.indexOf(QLatin1StringView(":targetgroup/"));
    if (at < 0)
        return {};
    const QStringList path = arn.mid(at + 13).split(u'/');
    return path.size() == 2 ? path[1] : QString();
}

QList<TaskTarget> targetsOfTask(const Service &service, const Task &task,
                                const std::function<QString(const QString &)> &ec2InstanceIdOf)
{
    QList<TaskTarget> out;
    if (!task.isPlaced())
        return out;
    // An awsvpc task (FARGATE or EC2) is an ip target: its ENI address and the container port;
    // any other task is its instance and the host port.
    const bool ip = task.eni.has_value();
    const QString instance = ip ? task.eni->privateIPv4Address : ec2InstanceIdOf(task.containerInstanceId);
    if (instance.isEmpty())
        return out;
    for (const ServiceLoadBalancer &lb : service.loadBalancers) {
        for (const TaskContainer &c : task.containers) {
            if (c.name != lb.containerName)
                continue;
            for (const NetworkBinding &b : c.networkBindings) {
                if (b.containerPort == lb.containerPort && b.protocol == u"tcp" && b.hostPort > 0) {
                    out.append(TaskTarget{targetGroupIdFromArn(lb.targetGroupArn), lb.targetGroupArn, task.id,
                                          elb::TargetKey{instance, ip ? b.containerPort : b.hostPort}});
                    break;
                }
            }
        }
    }
    return out;
}

ServiceTargetPlan planServiceTargets(const Service &service, const QList<const Task *> &tasks,
                                     const std::function<QString(const QString &)> &ec2InstanceIdOf,
                                     const QHash<QString, QList<elb::Target>> &registered)
{
    ServiceTargetPlan plan;
    if (service.loadBalancers.isEmpty())
        return plan;
    // A target a running task holds is never deregistered for another task that had the same host
    // port before it (a port is reused once its first owner stopped).
    QSet<QString> wanted;
    for (const Task *t : tasks) {
        if (!meantToRun(*t))
            continue;
        for (const TaskTarget &target : targetsOfTask(service, *t, ec2InstanceIdOf)) {
            wanted.insert(target.targetGroupId + u'/' + target.target.id + u':' + QString::number(target.target.port));
            const elb::Target *now = findTarget(registered.value(target.targetGroupId), target.target);
            if (!now || elb::isDraining(now->state))
                plan.registrations.append(target);
        }
    }
    for (const Task *t : tasks) {
        if (meantToRun(*t))
            continue;
        for (const TaskTarget &target : targetsOfTask(service, *t, ec2InstanceIdOf)) {
            if (wanted.contains(target.targetGroupId + u'/' + target.target.id + u':' +
                                QString::number(target.target.port)))
                continue;
            const elb::Target *now = findTarget(registered.value(target.targetGroupId), target.target);
            if (now && !elb::isDraining(now->state))
                plan.deregistrations.append(target);
        }
    }
    return plan;
}

QString registeredTargetsEvent(const QString &service, int count, const QString &targetGroupArn)
{
    return QStringLiteral("(service %1) registered %2 targets in (target-group %3)").arg(service).arg(count).arg(targetGroupArn);
}

QString deregisteredTargetsEvent(const QString &service, int count, const QString &targetGroupArn)
{
    return QStringLiteral("(service %1) deregistered %2 targets in (target-group %3)").arg(service).arg(count).arg(targetGroupArn);
}

QString drainingEvent(const QString &service, int taskCount)
{
    return QStringLiteral("(service %1) has begun draining connections on %2 tasks.").arg(service).arg(taskCount);
}

} // namespace fd::lbctl
