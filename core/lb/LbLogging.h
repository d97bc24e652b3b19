#pragma once

#include <QLoggingCategory>

namespace fd::lb {
Q_DECLARE_LOGGING_CATEGORY(lcLb) // "fleetdeck.lb"
} // namespace fd::lb
