#pragma once

// Private to the ControlPlane's implementation files: the outcome of one placement decision.

#include "ControlPlane.h"

namespace fd {

struct ControlPlane::Placement
{
    struct One
    {
        QString instanceId;    // empty: no instance can take this task
        QString explanation;   // why this instance ("ranked 1 of 3: ...")
        QString failureReason; // RESOURCE:MEMORY, AGENT, ATTRIBUTE, ... when unplaced
        QString failureDetail; // a sentence naming the closest instance
        QString failureArn;    // the closest instance's ARN, as ECS puts in failures[].arn
    };
    QList<One> tasks;
};

} // namespace fd
