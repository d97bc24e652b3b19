#include "lb/Runtime.h"

#include "lb/Balancer.h"

#include <boost/asio/ip/address.hpp>
#include <cstdio>

namespace fd::lb::detail {

const CompiledGroup *Compiled::group(const std::string &id) const
{
    const auto it = groups.find(id);
    return it == groups.end() ? nullptr : &it->second;
}

const CompiledListener *Compiled::listener(std::uint16_t port) const
{
    const auto it = listeners.find(port);
    return it == listeners.end() ? nullptr : &it->second;
}

std::string stickyToken(const std::string &targetGroupId)
{
    std::uint64_t hash = 1469598103934665603ull; // FNV-1a
    for (unsigned char c : targetGroupId) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
    return buf;
}

std::shared_ptr<const Compiled> Runtime::current() const
{
    std::lock_guard lock(m_mutex);
    return m_current;
}

std::shared_ptr<ListenerCounters> Runtime::listenerCounters(std::uint16_t port)
{
    std::lock_guard lock(m_mutex);
    auto &counters = m_listenerCounters[port];
    if (!counters)
        counters = std::make_shared<ListenerCounters>();
    return counters;
}

void Runtime::install(std::shared_ptr<const Table> table)
{
    auto compiled = std::make_shared<Compiled>();
    compiled->table = table;
    std::lock_guard lock(m_mutex);
    decltype(m_targetCounters) keptCounters;
    decltype(m_groupTickets) keptTickets;
    decltype(m_listenerCounters) keptListeners;
    for (const TargetGroup &group : table->targetGroups) {
        CompiledGroup g;
        g.spec = &group;
        auto &ticket = keptTickets[group.id];
        ticket = m_groupTickets.count(group.id) ? m_groupTickets[group.id] : std::make_shared<GroupTicket>();
        g.ticket = ticket;
        g.stickyToken = stickyToken(group.id);
        g.routable = routableTargets(group.targets);
        for (const Target &target : group.targets) {
            CompiledTarget t;
            t.spec = &target;
            boost::system::error_code ec;
            const auto address = boost::asio::ip::make_address(target.host, ec);
            t.addressValid = !ec && target.port != 0;
            if (t.addressValid)
                t.endpoint = {address, target.port};
            const auto key = std::make_pair(group.id, target.id);
            auto &counters = keptCounters[key];
            const auto old = m_targetCounters.find(key);
            counters = old != m_targetCounters.end() ? old->second : std::make_shared<TargetCounters>();
            t.counters = counters;
            g.targets.push_back(std::move(t));
        }
        compiled->groups.emplace(group.id, std::move(g));
    }
    for (const Listener &listener : table->listeners) {
        CompiledListener l;
        l.spec = &listener;
        auto &counters = keptListeners[listener.port];
        const auto old = m_listenerCounters.find(listener.port);
        counters = old != m_listenerCounters.end() ? old->second : std::make_shared<ListenerCounters>();
        l.counters = counters;
        for (std::size_t i = 0; i < listener.rules.size(); ++i)
            l.ruleTickets.push_back(std::make_unique<std::atomic<std::uint64_t>>(0));
        compiled->listeners.emplace(listener.port, std::move(l));
    }
    m_targetCounters = std::move(keptCounters);
    m_groupTickets = std::move(keptTickets);
    m_listenerCounters = std::move(keptListeners);
    if (m_current)
        m_earlier.push_back(m_current);
    m_current = std::move(compiled);
    std::erase_if(m_earlier, [](const std::weak_ptr<const Compiled> &w) { return w.expired(); });
}

bool Runtime::earlierSnapshotsReleased() const
{
    std::lock_guard lock(m_mutex);
    std::erase_if(m_earlier, [](const std::weak_ptr<const Compiled> &w) { return w.expired(); });
    return m_earlier.empty();
}

} // namespace fd::lb::detail
