#pragma once

// The stored form of a scalable target with its policies, scheduled actions, activities and
// cooldown memory: one JSON document of kind "scalable-target".

#include "Result.h"
#include "autoscaling/ScalableTarget.h"

#include <QByteArray>

namespace fd::autoscaling {

QByteArray toDocument(const ScalableTarget &target);
Result<ScalableTarget> scalableTargetFrom(const QByteArray &document);

} // namespace fd::autoscaling
