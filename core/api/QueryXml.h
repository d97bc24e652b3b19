#pragma once

#include "Result.h"

#include <nlohmann/json.hpp>
#include <string>

namespace fd::api {

// The XML of AWS Query answers (see AwsQueryProtocol.h). Objects become elements named after their
// members, arrays <member> items, null members are left out.
std::string queryResponseXml(const std::string &operation, const std::string &xmlNamespace,
                             const nlohmann::json &result, const std::string &requestId);
std::string queryErrorXml(const std::string &type, const std::string &code, const std::string &message,
                          const std::string &xmlNamespace, const std::string &requestId);

// A map member for queryResponseXml: the object's members as <entry><key>k</key><value>v</value></entry>
// items, the way Query answers carry map shapes (GetMetricStatistics' ExtendedStatistics).
nlohmann::json queryMap(const nlohmann::json &object);

// An answer's XML -> the members of its <OpResult> (null when there is none), or for an
// <ErrorResponse> (or a status of 300 and more) the Error it carries. Never throws.
Result<nlohmann::json> parseQueryResponseXml(const std::string &xml, int status);

// &, <, >, " and ' as entities; control characters as character references.
std::string xmlEscape(const std::string &text);

} // namespace fd::api
