#pragma once

#include <QLoggingCategory>

namespace fd::runtime {

/// "fleetdeck.runtime": containers run, stopped and removed, signals from the engine's events,
/// simulated failures injected.
Q_DECLARE_LOGGING_CATEGORY(lcRuntime)

} // namespace fd::runtime
