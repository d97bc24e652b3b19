#include "docker/DockerLogging.h"

namespace fd::docker {

Q_LOGGING_CATEGORY(lcDocker, "fleetdeck.docker")

} // namespace fd::docker
