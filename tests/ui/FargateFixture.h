#pragma once

// Until the control plane runs FARGATE tasks itself (h-fgcore), the ui tests and the screenshots
// turn a task RunTask placed on an instance into the FARGATE task DescribeTasks would show: no
// container instance, an engine, the zone of its subnet and an attached ENI with an address of its
// own. Written through Tasks::update, as the other fixtures write task states.

#include "ControlPlane.h"
#include "model/Task.h"
#include "ops/Tasks.h"

#include <QString>

namespace fd::test {

inline fd::Result<fd::Task> makeFargate(fd::ControlPlane &cp, const QString &taskId, const QString &zone,
                                        const QString &address, const QString &capacityProvider = {},
                                        fd::TaskStatus status = fd::TaskStatus::Running)
{
    return cp.tasks().update(taskId, [&](fd::Task &t) {
        t.launchType = QStringLiteral("FARGATE");
        t.containerInstanceId.clear();
        t.capacityProviderName = capacityProvider;
        t.platformVersion = QStringLiteral("1.4.0");
        t.engineId = QStringLiteral("sim");
        t.availabilityZone = zone;
        t.placementExplanation.clear();
        fd::AwsVpcConfiguration net;
        net.subnets = {QStringLiteral("subnet-") + zone};
        t.networkConfiguration = net;
        fd::NetworkInterface eni;
        eni.attachmentId = QStringLiteral("6f1c2a4e-0000-4000-8000-") + taskId.left(12);
        eni.status = QStringLiteral("ATTACHED");
        eni.eniId = QStringLiteral("eni-0") + taskId.left(16);
        eni.subnetId = QStringLiteral("subnet-") + zone;
        eni.privateIPv4Address = address;
        eni.macAddress = QStringLiteral("0a:58:7f:01:00:%1").arg(address.section(u'.', 3, 3).toInt(), 2, 16, QChar(u'0'));
        t.eni = eni;
        t.lastStatus = status;
    });
}

} // namespace fd::test
