#include "runtime/RuntimeLogging.h"

namespace fd::runtime {

Q_LOGGING_CATEGORY(lcRuntime, "fleetdeck.runtime")

} // namespace fd::runtime
