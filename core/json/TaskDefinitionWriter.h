#pragma once

// Private to the task definition codec (json/TaskDefinitionJson.h is its public face): writing a
// spec's typed fields over the request document it came from. Members the typed fields do not
// cover (unknown ones, array elements' extra members) survive; members the document lacks are
// inserted where AWS's member order puts them; defaults the document did not spell out stay
// unwritten, so an untouched form gives back the document it came from.

#include "OrderedJson.h"
#include "model/TaskDefinition.h"

#include <string_view>
#include <vector>

namespace fd::json::taskdef {

// AWS's member order (the CLI's --generate-cli-skeleton): a member the document lacks is written
// right after the nearest member that comes before it here, so new members land where a reader
// of the JSON expects them.
using Order = std::vector<std::string_view>;

extern const Order kTaskOrder;
extern const Order kContainerOrder;
extern const Order kPortMappingOrder;
extern const Order kHealthCheckOrder;

// Sets obj[key] = value: in place when the member exists, else at its place in `order`.
void put(OJson &obj, const char *key, OJson value, const Order &order);

// The request document for `spec`: spec.document with the typed fields written over it.
OJson registerDocument(const TaskDefinitionSpec &spec);

} // namespace fd::json::taskdef
