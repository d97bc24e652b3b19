#pragma once

// One HTTP health check: GET `path` from host:port on a fresh connection with a timeout. The owner's
// health checker runs these on the proxy's threads (Proxy::probe()) and keeps the counting
// (thresholds, matcher codes, states) itself.

#include <chrono>
#include <cstdint>
#include <string>

namespace fd::lb {

struct ProbeRequest
{
    std::string host; // an IP address
    std::uint16_t port = 0;
    std::string path = "/";
    std::chrono::milliseconds timeout{5000}; // connect + request + response header
};

struct ProbeResult
{
    enum class Outcome {
        Response,  // statusCode holds the answer
        Timeout,   // no complete response header within the timeout
        Refused,   // connection refused
        Reset,     // the target reset or closed the connection before answering
        BadAnswer, // something that is not an HTTP response
        Error,     // anything else (detail says what)
    };
    Outcome outcome = Outcome::Error;
    int statusCode = 0;
    std::chrono::microseconds elapsed{0};
    std::string detail; // e.g. "connection refused", "Request timed out"
};

const char *toString(ProbeResult::Outcome outcome);

} // namespace fd::lb
