#pragma once

#include "ApiRequest.h"
#include "HttpServer.h"
#include "Result.h"

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

namespace fd::api {

// The AWS Query protocol, both directions. Requests are form-encoded (a POST body of type
// application/x-www-form-urlencoded, or the query string of a GET): Action, Version, then the members
// with their shapes in the names:
//   Name=value                         a scalar
//   Name.Member=value                  a member of a structure
//   Name.member.N=value                item N (from 1) of a list; "Name=" alone is an empty list
//   Name.entry.N.key / .value          entry N (from 1) of a map
// Answers are XML: <OpResponse xmlns=ns><OpResult>...</OpResult><ResponseMetadata><RequestId>..
// </RequestId></ResponseMetadata></OpResponse>, list items as <member>; errors are
// <ErrorResponse xmlns=ns><Error><Type>Sender|Receiver</Type><Code/><Message/></Error><RequestId/>
// </ErrorResponse>. Every function here is pure.

// A form body or query string -> protocol-neutral (operation from Action, version from Version,
// the rest as a tree of strings; service and region are left empty). Total: never throws or
// crashes, whatever the bytes (the fuzzers call it). Malformed input is an error naming the
// parameter and the problem: bad percent-encoding, a name used both as a value and a structure,
// list items not numbered 1, 2, 3..., a map entry without its key, a name given twice, bytes that
// are not UTF-8. A missing Action is MissingAction.
Result<ApiRequest> decodeAwsQueryRequest(std::string_view form);

// The same from HTTP: the body of a form POST, else the query string; service and region from the
// SigV4 credential scope of the Authorization header.
Result<ApiRequest> decodeAwsQueryRequest(const HttpRequest &http);

// Which members of a request are maps: without a schema an object reads as a structure. Paths are
// member names joined with '.', list levels left out ("Attributes", "Items.Tags").
struct QueryEncodeOptions
{
    std::set<std::string> maps;
};

// Protocol-neutral -> the form body (Action, Version, then the members in tree order), and the
// whole HTTP request a client would send (with a credential scope for region and service).
std::string encodeAwsQueryForm(const ApiRequest &request, const QueryEncodeOptions &options = {});
HttpRequest encodeAwsQueryRequest(const ApiRequest &request, const QueryEncodeOptions &options = {});

// Answers. A null result is an operation without output: no <OpResult> element.
HttpResponse encodeAwsQueryResponse(const std::string &operation, const std::string &xmlNamespace,
                                    const nlohmann::json &result, const std::string &requestId);
// Type is Sender below status 500, Receiver from 500.
HttpResponse encodeAwsQueryError(const Error &error, int status, const std::string &xmlNamespace,
                                 const std::string &requestId);

// HTTP -> the members of <OpResult> (an object; null when the answer has none), or the error of
// an <ErrorResponse>. <member> items become arrays; every value is a string.
Result<nlohmann::json> decodeAwsQueryResponse(const HttpResponse &http);

// RFC 3986 percent-encoding as AWS signs it: A-Z a-z 0-9 - _ . ~ stay, every other byte is %XX.
std::string percentEncode(std::string_view text);

} // namespace fd::api
