#pragma once

// The awsvpc network mode: a task with a network interface (ENI) of its own. Here an ENI is an
// address of the task's own on the loopback range (127.0.0.0/8), on which its containers' ports are
// published one to one (hostPort = containerPort), so two awsvpc tasks can both serve port 80, as on
// separate ENIs in a VPC. DESIGN.md "ECS concepts, mapped to one machine" (Fargate task).

#include <QList>
#include <QSet>
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

// The states of an ENI attachment Fleetdeck goes through: PRECREATED when the task is created,
// ATTACHED once PROVISIONING attached it, DELETED once DEPROVISIONING detached it.
inline constexpr QStringView kEniPrecreated = u"PRECREATED";
inline constexpr QStringView kEniAttached = u"ATTACHED";
inline constexpr QStringView kEniDeleted = u"DELETED";

// The availability zone of `subnetId` among `zones` (in order): a subnet id that contains a zone's
// name ("subnet-us-east-1b") is in that zone, as a load balancer's subnets are; any other id is
// mapped to a zone by a hash of the id that never changes (the same id, the same zone, in every
// run). Empty when `zones` is.
QString zoneOfSubnet(const QString &subnetId, const QStringList &zones);

// A new ENI id: "eni-" and 17 lowercase hex digits.
QString newEniId();
// The ENI's MAC address, derived from its id (stable across restarts): 0a:xx:xx:xx:xx:xx, a
// locally administered unicast address as AWS gives ENIs.
QString macAddressOf(const QString &eniId);
// "ip-127-1-0-5.ec2.internal" for 127.1.0.5 (the attachment's privateDnsName).
QString privateDnsNameOf(const QString &address);

// The loopback addresses Fargate and awsvpc tasks get for their ENIs: 127.1.0.1 upward (skipping
// .0 and .255), apart from the container instances' 127.0.x.y. An address is held from the task's
// creation (PROVISIONING) until it is STOPPED; the pool is built from the tasks as stored, so a
// restart can never hand out an address a live task holds.
class EniAddressPool
{
public:
    static constexpr quint32 kFirst = (127u << 24) | (1u << 16) | 1u; // 127.1.0.1
    static constexpr quint32 kLast = (127u << 24) | 0x00fffffeu;       // 127.255.255.254

    // `held`: addresses in use (the tasks' ENIs, any instance address).
    explicit EniAddressPool(QSet<QString> held = {}) : m_held(std::move(held)) {}

    // The lowest free address, held from now on; empty when every address is taken.
    QString take();
    void hold(const QString &address) { m_held.insert(address); }
    bool isHeld(const QString &address) const { return m_held.contains(address); }
    qsizetype heldCount() const { return m_held.size(); }

private:
    QSet<QString> m_held;
    quint32 m_next = kFirst;
};

} // namespace fd
