#pragma once

// What the proxy's connections share (internal): the compiled current snapshot, the counters and
// round-robin tickets that outlive snapshots, the target connection pool and the options.

#include "lb/Counters.h"
#include "lb/Proxy.h"
#include "lb/Table.h"
#include "lb/UpstreamPool.h"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace fd::lb::detail {

struct CompiledTarget
{
    const Target *spec = nullptr;
    boost::asio::ip::tcp::endpoint endpoint;
    bool addressValid = false;
    std::shared_ptr<TargetCounters> counters;
};

struct GroupTicket
{
    std::atomic<std::uint64_t> next{0};
};

struct CompiledGroup
{
    const TargetGroup *spec = nullptr;
    std::shared_ptr<GroupTicket> ticket; // persists across snapshots
    std::vector<CompiledTarget> targets;
    std::vector<std::size_t> routable; // routableTargets(spec->targets)
    std::string stickyToken;           // the AWSALBTG cookie value naming this group
};

struct CompiledListener
{
    const Listener *spec = nullptr;
    std::shared_ptr<ListenerCounters> counters;
    // One weighted-split ticket per rule (parallel to spec->rules).
    std::vector<std::unique_ptr<std::atomic<std::uint64_t>>> ruleTickets;
};

struct Compiled
{
    std::shared_ptr<const Table> table;
    std::unordered_map<std::string, CompiledGroup> groups;
    std::map<std::uint16_t, CompiledListener> listeners;

    const CompiledGroup *group(const std::string &id) const;
    const CompiledListener *listener(std::uint16_t port) const;
};

class Runtime
{
public:
    explicit Runtime(ProxyOptions options) : m_options(std::move(options)), m_pool(m_options.maxIdlePerTarget) {}

    const ProxyOptions &options() const { return m_options; }
    UpstreamPool &pool() { return m_pool; }

    std::shared_ptr<const Compiled> current() const;
    // Compiles `table` (reusing the counters and tickets of what it keeps) and makes it current.
    void install(std::shared_ptr<const Table> table);
    // Whether every snapshot before the current one has been let go: a connection holds its snapshot
    // from routing a request to the end of its answer, so no request routed by an earlier one is left.
    bool earlierSnapshotsReleased() const;

    std::shared_ptr<ListenerCounters> listenerCounters(std::uint16_t port);

private:
    ProxyOptions m_options;
    UpstreamPool m_pool;
    mutable std::mutex m_mutex;
    std::shared_ptr<const Compiled> m_current;
    mutable std::vector<std::weak_ptr<const Compiled>> m_earlier; // replaced snapshots maybe still in use
    std::map<std::pair<std::string, std::string>, std::shared_ptr<TargetCounters>> m_targetCounters;
    std::unordered_map<std::string, std::shared_ptr<GroupTicket>> m_groupTickets;
    std::map<std::uint16_t, std::shared_ptr<ListenerCounters>> m_listenerCounters;
};

// The AWSALBTG value for a group: a stable opaque token (hex of a hash of its id).
std::string stickyToken(const std::string &targetGroupId);

} // namespace fd::lb::detail
