#pragma once

#include "model/TaskDefinition.h"

#include <QJsonObject>

namespace fd::ui {

/**
 * Reads the typed fields of a task definition from JSON that parses but does not validate
 * (memory below memoryReservation, a missing image, ...), so the wizard's form can show what the
 * JSON says while the error is being fixed. Never fails: what is missing or of the wrong type is
 * left at its default. The real validation stays fd::json::parseTaskDefinition.
 */
class LenientTaskDefinitionReader final
{
public:
    LenientTaskDefinitionReader() = delete;

    /// `object` may be a register request, a describe output or its {"taskDefinition": ...} wrapper.
    /// The spec's document is the request part of `object` (read-only members dropped), compact.
    static fd::TaskDefinitionSpec read(const QJsonObject &object);
};

} // namespace fd::ui
