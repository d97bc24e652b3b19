// The JSON type of the members a task definition keeps as given and reads back without reading them
// itself (linuxParameters, ulimits, secrets, volume configurations, ...): each must have the type
// ECS's API gives it, or it would be stored and described back as something ECS never returns.
// Members checked where they are read (name, image, cpu, portMappings' ports, healthCheck, ...) are
// not repeated here; members ECS does not have are kept as given.

#include "TaskDefinitionValidator.h"

#include <string>
#include <unordered_map>

namespace fd::json::taskdef {

namespace {

enum class Kind { String, Integer, Boolean, List, Object, StringMap };

// "x[]" is an item of the list x.
const std::unordered_map<std::string, Kind> &memberKinds()
{
    using K = Kind;
    static const std::unordered_map<std::string, Kind> kinds = {
        {"containerDefinitions[].repositoryCredentials", K::Object},
        {"containerDefinitions[].repositoryCredentials.credentialsParameter", K::String},
        {"containerDefinitions[].portMappings", K::List},
        {"containerDefinitions[].portMappings[]", K::Object},
        {"containerDefinitions[].portMappings[].name", K::String},
        {"containerDefinitions[].portMappings[].appProtocol", K::String},
        {"containerDefinitions[].portMappings[].containerPortRange", K::String},
        {"containerDefinitions[].restartPolicy", K::Object},
        {"containerDefinitions[].restartPolicy.enabled", K::Boolean},
        {"containerDefinitions[].restartPolicy.ignoredExitCodes", K::List},
        {"containerDefinitions[].restartPolicy.ignoredExitCodes[]", K::Integer},
        {"containerDefinitions[].restartPolicy.restartAttemptPeriod", K::Integer},
        {"containerDefinitions[].environmentFiles", K::List},
        {"containerDefinitions[].environmentFiles[]", K::Object},
        {"containerDefinitions[].environmentFiles[].value", K::String},
        {"containerDefinitions[].environmentFiles[].type", K::String},
        {"containerDefinitions[].mountPoints", K::List},
        {"containerDefinitions[].mountPoints[]", K::Object},
        {"containerDefinitions[].mountPoints[].sourceVolume", K::String},
        {"containerDefinitions[].mountPoints[].containerPath", K::String},
        {"containerDefinitions[].mountPoints[].readOnly", K::Boolean},
        {"containerDefinitions[].volumesFrom", K::List},
        {"containerDefinitions[].volumesFrom[]", K::Object},
        {"containerDefinitions[].volumesFrom[].sourceContainer", K::String},
        {"containerDefinitions[].volumesFrom[].readOnly", K::Boolean},
        {"containerDefinitions[].linuxParameters", K::Object},
        {"containerDefinitions[].linuxParameters.capabilities", K::Object},
        {"containerDefinitions[].linuxParameters.capabilities.add", K::List},
        {"containerDefinitions[].linuxParameters.capabilities.add[]", K::String},
        {"containerDefinitions[].linuxParameters.capabilities.drop", K::List},
        {"containerDefinitions[].linuxParameters.capabilities.drop[]", K::String},
        {"containerDefinitions[].linuxParameters.devices", K::List},
        {"containerDefinitions[].linuxParameters.devices[]", K::Object},
        {"containerDefinitions[].linuxParameters.devices[].hostPath", K::String},
        {"containerDefinitions[].linuxParameters.devices[].containerPath", K::String},
        {"containerDefinitions[].linuxParameters.devices[].permissions", K::List},
        {"containerDefinitions[].linuxParameters.devices[].permissions[]", K::String},
        {"containerDefinitions[].linuxParameters.initProcessEnabled", K::Boolean},
        {"containerDefinitions[].linuxParameters.sharedMemorySize", K::Integer},
        {"containerDefinitions[].linuxParameters.tmpfs", K::List},
        {"containerDefinitions[].linuxParameters.tmpfs[]", K::Object},
        {"containerDefinitions[].linuxParameters.tmpfs[].containerPath", K::String},
        {"containerDefinitions[].linuxParameters.tmpfs[].size", K::Integer},
        {"containerDefinitions[].linuxParameters.tmpfs[].mountOptions", K::List},
        {"containerDefinitions[].linuxParameters.tmpfs[].mountOptions[]", K::String},
        {"containerDefinitions[].linuxParameters.maxSwap", K::Integer},
        {"containerDefinitions[].linuxParameters.swappiness", K::Integer},
        {"containerDefinitions[].secrets", K::List},
        {"containerDefinitions[].secrets[]", K::Object},
        {"containerDefinitions[].secrets[].name", K::String},
        {"containerDefinitions[].secrets[].valueFrom", K::String},
        {"containerDefinitions[].startTimeout", K::Integer},
        {"containerDefinitions[].versionConsistency", K::String},
        {"containerDefinitions[].hostname", K::String},
        {"containerDefinitions[].user", K::String},
        {"containerDefinitions[].workingDirectory", K::String},
        {"containerDefinitions[].disableNetworking", K::Boolean},
        {"containerDefinitions[].privileged", K::Boolean},
        {"containerDefinitions[].readonlyRootFilesystem", K::Boolean},
        {"containerDefinitions[].dnsServers", K::List},
        {"containerDefinitions[].dnsServers[]", K::String},
        {"containerDefinitions[].dnsSearchDomains", K::List},
        {"containerDefinitions[].dnsSearchDomains[]", K::String},
        {"containerDefinitions[].extraHosts", K::List},
        {"containerDefinitions[].extraHosts[]", K::Object},
        {"containerDefinitions[].extraHosts[].hostname", K::String},
        {"containerDefinitions[].extraHosts[].ipAddress", K::String},
        {"containerDefinitions[].dockerSecurityOptions", K::List},
        {"containerDefinitions[].dockerSecurityOptions[]", K::String},
        {"containerDefinitions[].interactive", K::Boolean},
        {"containerDefinitions[].pseudoTerminal", K::Boolean},
        {"containerDefinitions[].dockerLabels", K::StringMap},
        {"containerDefinitions[].ulimits", K::List},
        {"containerDefinitions[].ulimits[]", K::Object},
        {"containerDefinitions[].ulimits[].name", K::String},
        {"containerDefinitions[].ulimits[].softLimit", K::Integer},
        {"containerDefinitions[].ulimits[].hardLimit", K::Integer},
        {"containerDefinitions[].logConfiguration.secretOptions", K::List},
        {"containerDefinitions[].logConfiguration.secretOptions[]", K::Object},
        {"containerDefinitions[].logConfiguration.secretOptions[].name", K::String},
        {"containerDefinitions[].logConfiguration.secretOptions[].valueFrom", K::String},
        {"containerDefinitions[].systemControls", K::List},
        {"containerDefinitions[].systemControls[]", K::Object},
        {"containerDefinitions[].systemControls[].namespace", K::String},
        {"containerDefinitions[].systemControls[].value", K::String},
        {"containerDefinitions[].resourceRequirements", K::List},
        {"containerDefinitions[].resourceRequirements[]", K::Object},
        {"containerDefinitions[].resourceRequirements[].value", K::String},
        {"containerDefinitions[].resourceRequirements[].type", K::String},
        {"containerDefinitions[].firelensConfiguration", K::Object},
        {"containerDefinitions[].firelensConfiguration.type", K::String},
        {"containerDefinitions[].firelensConfiguration.options", K::StringMap},
        {"containerDefinitions[].credentialSpecs", K::List},
        {"containerDefinitions[].credentialSpecs[]", K::String},
        {"volumes[]", K::Object},
        {"volumes[].name", K::String},
        {"volumes[].host", K::Object},
        {"volumes[].host.sourcePath", K::String},
        {"volumes[].dockerVolumeConfiguration", K::Object},
        {"volumes[].dockerVolumeConfiguration.scope", K::String},
        {"volumes[].dockerVolumeConfiguration.autoprovision", K::Boolean},
        {"volumes[].dockerVolumeConfiguration.driver", K::String},
        {"volumes[].dockerVolumeConfiguration.driverOpts", K::StringMap},
        {"volumes[].dockerVolumeConfiguration.labels", K::StringMap},
        {"volumes[].efsVolumeConfiguration", K::Object},
        {"volumes[].efsVolumeConfiguration.fileSystemId", K::String},
        {"volumes[].efsVolumeConfiguration.rootDirectory", K::String},
        {"volumes[].efsVolumeConfiguration.transitEncryption", K::String},
        {"volumes[].efsVolumeConfiguration.transitEncryptionPort", K::Integer},
        {"volumes[].efsVolumeConfiguration.authorizationConfig", K::Object},
        {"volumes[].efsVolumeConfiguration.authorizationConfig.accessPointId", K::String},
        {"volumes[].efsVolumeConfiguration.authorizationConfig.iam", K::String},
        {"volumes[].s3filesVolumeConfiguration", K::Object},
        {"volumes[].s3filesVolumeConfiguration.fileSystemArn", K::String},
        {"volumes[].s3filesVolumeConfiguration.rootDirectory", K::String},
        {"volumes[].s3filesVolumeConfiguration.transitEncryptionPort", K::Integer},
        {"volumes[].s3filesVolumeConfiguration.accessPointArn", K::String},
        {"volumes[].fsxWindowsFileServerVolumeConfiguration", K::Object},
        {"volumes[].fsxWindowsFileServerVolumeConfiguration.fileSystemId", K::String},
        {"volumes[].fsxWindowsFileServerVolumeConfiguration.rootDirectory", K::String},
        {"volumes[].fsxWindowsFileServerVolumeConfiguration.authorizationConfig", K::Object},
        {"volumes[].fsxWindowsFileServerVolumeConfiguration.authorizationConfig.credentialsParameter", K::String},
        {"volumes[].fsxWindowsFileServerVolumeConfiguration.authorizationConfig.domain", K::String},
        {"volumes[].configuredAtLaunch", K::Boolean},
        {"proxyConfiguration.type", K::String},
        {"proxyConfiguration.containerName", K::String},
        {"proxyConfiguration.properties", K::List},
        {"proxyConfiguration.properties[]", K::Object},
        {"proxyConfiguration.properties[].name", K::String},
        {"proxyConfiguration.properties[].value", K::String},
        {"inferenceAccelerators[]", K::Object},
        {"inferenceAccelerators[].deviceName", K::String},
        {"inferenceAccelerators[].deviceType", K::String},
        {"ephemeralStorage.sizeInGiB", K::Integer},
        {"runtimePlatform.cpuArchitecture", K::String},
        {"runtimePlatform.operatingSystemFamily", K::String},
    };
    return kinds;
}

} // namespace

void TaskDefinitionValidator::memberTypes(const OJson &obj, const Path &p, const std::string &pattern)
{
    if (!obj.is_object())
        return;
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const std::string member = pattern.empty() ? it.key() : pattern + "." + it.key();
        const bool containers = member == "containerDefinitions";
        if (containers || member == "volumes" || member == "inferenceAccelerators") {
            // Lists whose own type the validator checks: their items are walked.
            if (it->is_array()) {
                for (std::size_t i = 0; i < it->size(); ++i) {
                    const std::string item = member + "[]";
                    if (containers)
                        memberTypes((*it)[i], p.key(it.key().c_str()).at(int(i)), item);
                    else
                        memberType((*it)[i], p.key(it.key().c_str()).at(int(i)), item);
                }
            }
            continue;
        }
        if (member == "proxyConfiguration" || member == "ephemeralStorage" || member == "runtimePlatform" ||
            member == "containerDefinitions[].logConfiguration") {
            memberTypes(*it, p.key(it.key().c_str()), member); // an object the validator checks is one
            continue;
        }
        memberType(*it, p.key(it.key().c_str()), member);
    }
}

void TaskDefinitionValidator::memberType(const OJson &v, const Path &p, const std::string &pattern)
{
    const auto known = memberKinds().find(pattern);
    if (known == memberKinds().end() || v.is_null())
        return;
    switch (known->second) {
    case Kind::String:
        if (!v.is_string())
            fail(p, QStringLiteral("must be a string"));
        break;
    case Kind::Integer:
        if (!v.is_number_integer())
            fail(p, QStringLiteral("must be an integer"));
        break;
    case Kind::Boolean:
        if (!v.is_boolean())
            fail(p, QStringLiteral("must be a boolean"));
        break;
    case Kind::List:
        if (!v.is_array()) {
            fail(p, QStringLiteral("must be an array"));
            break;
        }
        for (std::size_t i = 0; i < v.size(); ++i)
            memberType(v[i], p.at(int(i)), pattern + "[]");
        break;
    case Kind::Object:
        if (!v.is_object())
            fail(p, QStringLiteral("must be an object"));
        else
            memberTypes(v, p, pattern);
        break;
    case Kind::StringMap:
        if (!v.is_object()) {
            fail(p, QStringLiteral("must be an object"));
            break;
        }
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (!it->is_string())
                fail(p.key(it.key().c_str()), QStringLiteral("must be a string"));
        }
        break;
    }
}

} // namespace fd::json::taskdef
