#pragma once

#include "Result.h"

#include <QString>
#include <QStringList>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace fd::traffic {

/// What the user asks the traffic generator for. Every field is checked by validate(); nothing
/// is silently adjusted.
struct TrafficOptions
{
    /// "http://127.0.0.1:8080/" or "http://localhost:8080/cubebuster": only http, only hosts in
    /// 127.0.0.0/8 (or "localhost", which is 127.0.0.1 without asking a resolver).
    QString url;
    /// Paths sent in turn ("/", "/cubebuster"). Empty: the URL's path. Given: the URL must not
    /// carry a path of its own beyond "/".
    QStringList paths;
    /// Keep-alive connections, each with one request in flight (1 ... kMaxConcurrency).
    int concurrency = 4;
    /// Requests per second over all connections; 0 sends as fast as the connections answer.
    double ratePerSecond = 50;
    /// Both bounds are required: the run ends at whichever comes first.
    std::chrono::milliseconds duration{std::chrono::seconds(60)};
    std::int64_t maxRequests = 10000;
    /// Connect, send and receive of one request, together.
    std::chrono::milliseconds requestTimeout{std::chrono::seconds(5)};
};

inline constexpr int kMaxConcurrency = 256;
inline constexpr double kMaxRatePerSecond = 100000;
inline constexpr double kMinRatePerSecond = 0.1;
inline constexpr std::chrono::milliseconds kMaxDuration{std::chrono::hours(1)};
inline constexpr std::int64_t kMaxRequests = 10'000'000;
inline constexpr std::chrono::milliseconds kMaxRequestTimeout{std::chrono::seconds(120)};
inline constexpr int kMaxPaths = 32;

/// Options checked and taken apart: what a run needs, in the form its thread uses.
struct TrafficPlan
{
    TrafficOptions options;
    std::string address; ///< "127.0.0.1"
    std::uint16_t port = 80;
    std::string hostHeader;           ///< "127.0.0.1:8080", as the URL spelled the host
    std::vector<std::string> targets; ///< request targets in turn: "/", "/cubebuster?x=1"
};

/**
 * Checks `options` and prepares a run. Errors are ValidationError with `field` naming the option
 * ("url", "paths[1]", "concurrency", "ratePerSecond", "duration", "maxRequests", "requestTimeout")
 * and a message a user can act on, e.g. "url: only hosts in 127.0.0.0/8 are allowed (got
 * example.com)".
 */
Result<TrafficPlan> validate(const TrafficOptions &options);

} // namespace fd::traffic
