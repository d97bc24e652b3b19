#pragma once

// Private to the ControlPlane's implementation files: checks and errors more than one of them uses.

#include "Result.h"

#include <QString>

namespace fd::detail {

// 1 to 255 letters, numbers, hyphens and underscores (cluster and engine names).
bool isValidName(const QString &name);
// ECS's ClusterNotFoundException.
Error clusterNotFound();

} // namespace fd::detail
