#pragma once

#include <QLoggingCategory>

namespace fd::docker {

/// "fleetdeck.docker": requests, answers, stream (re)connections.
Q_DECLARE_LOGGING_CATEGORY(lcDocker)

} // namespace fd::docker
