#include "docker/DockerJson.h"

// The request bodies and query values Fleetdeck writes to the engine: container and network
// create, `filters=`, build args and labels. Reading the engine's answers is in DockerJson.cpp.

#include "docker/DockerJsonReader.h"

#include <string>

namespace fd::docker::json {

using namespace detail;

QByteArray containerCreateBody(const ContainerCreateSpec &spec)
{
    Json j = Json::object();
    j["Image"] = s(spec.image);
    if (!spec.cmd.isEmpty())
        j["Cmd"] = strArray(spec.cmd);
    if (spec.entrypoint)
        j["Entrypoint"] = strArray(*spec.entrypoint);
    if (!spec.env.isEmpty())
        j["Env"] = strArray(spec.env);
    j["Labels"] = strObject(spec.labels);
    if (!spec.user.isEmpty())
        j["User"] = s(spec.user);
    if (!spec.workingDir.isEmpty())
        j["WorkingDir"] = s(spec.workingDir);
    j["Tty"] = spec.tty;
    if (!spec.stopSignal.isEmpty())
        j["StopSignal"] = s(spec.stopSignal);
    if (spec.stopTimeout)
        j["StopTimeout"] = *spec.stopTimeout;
    if (spec.healthcheck) {
        const HealthcheckSpec &h = *spec.healthcheck;
        j["Healthcheck"] = {{"Test", strArray(h.test)},
                            {"Interval", qint64(h.interval.count())},
                            {"Timeout", qint64(h.timeout.count())},
                            {"StartPeriod", qint64(h.startPeriod.count())},
                            {"Retries", h.retries}};
    }

    // Spec 1.4.1: on 20.10 a binding takes effect only for a port in ExposedPorts, so every bound
    // port is exposed too (as the docker CLI does for -p).
    Json exposed = Json::object();
    Json bindings = Json::object();
    for (const PortBinding &b : spec.portBindings) {
        const std::string key = std::to_string(b.containerPort) + "/" +
                                s(b.protocol.isEmpty() ? QStringLiteral("tcp") : b.protocol.toLower());
        exposed[key] = Json::object();
        if (!bindings.contains(key))
            bindings[key] = Json::array();
        bindings[key].push_back(
            {{"HostIp", s(b.hostIp)}, {"HostPort", b.hostPort ? std::to_string(b.hostPort) : std::string()}});
    }
    if (!exposed.empty())
        j["ExposedPorts"] = exposed;

    Json host = Json::object();
    if (spec.cpuShares > 0)
        host["CpuShares"] = spec.cpuShares;
    if (spec.nanoCpus > 0)
        host["NanoCpus"] = spec.nanoCpus;
    if (spec.memoryBytes > 0)
        host["Memory"] = spec.memoryBytes;
    if (spec.memoryReservationBytes > 0)
        host["MemoryReservation"] = spec.memoryReservationBytes;
    if (!bindings.empty())
        host["PortBindings"] = bindings;
    host["RestartPolicy"] = {{"Name", "no"}};
    if (!spec.network.isEmpty()) {
        // Attached at create: NetworkMode names the network, its endpoint carries the aliases.
        host["NetworkMode"] = s(spec.network);
        const Json aliases = strArray(spec.networkAliases);
        Json endpoint = Json::object();
        if (!aliases.empty())
            endpoint["Aliases"] = aliases;
        j["NetworkingConfig"] = {{"EndpointsConfig", {{s(spec.network), endpoint}}}};
    } else if (!spec.networkMode.isEmpty()) {
        host["NetworkMode"] = s(spec.networkMode);
    }
    if (!spec.dns.isEmpty())
        host["Dns"] = strArray(spec.dns);
    if (spec.init)
        host["Init"] = *spec.init;
    j["HostConfig"] = host;
    return bytes(j);
}

QByteArray networkCreateBody(const NetworkCreateSpec &spec)
{
    const Json j = {{"Name", s(spec.name)},
                    {"CheckDuplicate", true},
                    {"Driver", s(spec.driver.isEmpty() ? QStringLiteral("bridge") : spec.driver)},
                    {"Internal", spec.internal},
                    {"Labels", strObject(spec.labels)}};
    return bytes(j);
}

QByteArray filtersJson(const QMap<QString, QStringList> &filters)
{
    Json j = Json::object();
    for (auto it = filters.cbegin(); it != filters.cend(); ++it) {
        j[s(it.key())] = strArray(it.value());
    }
    return bytes(j);
}

QByteArray stringMapJson(const QMap<QString, QString> &map)
{
    return bytes(strObject(map));
}

} // namespace fd::docker::json
