#pragma once

// The load balancer's data plane: an HTTP/1.1 reverse proxy on Boost.Beast/Asio on its own
// thread(s). The owner builds a Table snapshot from the control plane and hands it to apply();
// listeners open and close to match, requests are routed by the listener's rules to the targets
// of its target groups. No Qt signals, no registries: everything it knows comes from the snapshot.
//
// Thread safety: every public function may be called from any thread except the proxy's own (a
// probe callback must not call apply()). stats() and targetStats() are cheap and lock-free on the
// request path.

#include "Result.h"
#include "lb/HealthProbe.h"
#include "lb/Stats.h"
#include "lb/Table.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fd::lb {

struct ProxyOptions
{
    int threads = 1;                       // io_context threads
    std::string bindAddress = "127.0.0.1"; // every listener binds here
    // A client must send a whole request header within this (slowloris guard); on expiry it gets 408.
    std::chrono::milliseconds headerTimeout{60'000};
    std::size_t maxHeaderBytes = 64 * 1024;           // request line + headers; more gets 431
    std::chrono::milliseconds connectTimeout{10'000}; // to a target; on expiry the client gets 504
    std::size_t streamChunkBytes = 64 * 1024;         // bodies are relayed in pieces of at most this
    std::size_t maxIdlePerTarget = 64;                // keep-alive connections kept per target
};

// A listener that could not be opened: the port is in the snapshot but serves nothing.
struct ListenerError
{
    std::uint16_t port = 0;
    std::string listenerId;
    Error error; // code "PortUnavailable", field "Port", a message naming the port and suggesting another
};

// Whether a listener could open `port` on `bindAddress` now: nothing, or the PortUnavailable error
// apply() would report for it (privileged port, port in use), with a free port suggested. The control
// plane asks before it commits a listener, so a client hears of it at once.
std::optional<Error> checkListenPort(const std::string &bindAddress, std::uint16_t port);

class Proxy final
{
public:
    explicit Proxy(ProxyOptions options = {});
    ~Proxy(); // closes every listener and connection and joins the threads
    Proxy(const Proxy &) = delete;
    Proxy &operator=(const Proxy &) = delete;

    // Makes `table` current: new requests use it at once; requests in flight finish on the targets
    // they were sent to. Opens the listeners whose ports are new, closes those no longer present
    // (their open connections close after their current request). Returns one entry per listener
    // that could not be opened (also for one that failed before and still fails).
    std::vector<ListenerError> apply(std::shared_ptr<const Table> table);
    std::shared_ptr<const Table> table() const;

    ProxyStats stats() const;
    std::optional<TargetStats> targetStats(const std::string &targetGroupId, const std::string &targetId) const;
    // The requests in flight to a target (0 when unknown): a draining deregistration may end when 0.
    std::uint64_t inFlight(const std::string &targetGroupId, const std::string &targetId) const;
    // Whether every request routed by a table before the current one has ended. Once true, a target
    // the current table does not route to gets no request it has not counted in inFlight().
    bool earlierTablesReleased() const;
    // The port a listener is actually bound to (for a snapshot asking port 0: tests), 0 when not open.
    std::uint16_t boundPort(std::uint16_t configuredPort) const;

    // Runs one health probe on the proxy's threads; `done` is called there, exactly once.
    void probe(ProbeRequest request, std::function<void(ProbeResult)> done);

    const ProxyOptions &options() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace fd::lb
