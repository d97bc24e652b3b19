#pragma once

// The awsvpc network mode: a task with a network interface (ENI) of its own. Here an ENI is an
// address of the task's own on the loopback range (127.0.0.0/8), on which its containers' ports are
// published one to one (hostPort = containerPort), so two awsvpc tasks can both serve port 80, as on
// separate ENIs in a VPC. DESIGN.md "ECS concepts, mapped to one machine" (Fargate task).

#include <QList>
#include <QString>
#include <QStringList>

namespace fd {

// RunTask's and CreateService's networkConfiguration.awsvpcConfiguration, as given (and read back).
struct AwsVpcConfiguration
{
    QStringList subnets;        // subnet ids, "subnet-..."; 1 to 16
    QStringList securityGroups; // "sg-..."; up to 5; empty: the VPC's default group
    bool assignPublicIp = false; // ENABLED / DISABLED (a public address is never reachable here)

    friend bool operator==(const AwsVpcConfiguration &, const AwsVpcConfiguration &) = default;
};

// A task's network interface, as DescribeTasks reports it in `attachments` (type
// ElasticNetworkInterface) and the console shows it.
struct NetworkInterface
{
    QString attachmentId;       // UUID, the attachment's id
    QString status;             // the attachment's: PRECREATED, ATTACHING, ATTACHED, DETACHING, DETACHED, DELETED
    QString eniId;              // "eni-" + 17 hex digits
    QString subnetId;           // one of the configuration's subnets; its zone is the task's zone
    QString privateIPv4Address; // the task's own loopback address, 127.x.y.z
    QString macAddress;         // "0a:..." (locally administered), stable for the ENI

    friend bool operator==(const NetworkInterface &, const NetworkInterface &) = default;
};

} // namespace fd
