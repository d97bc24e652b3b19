// bench-proxy: hosts Fleetdeck's load balancer data plane (core/lb) for bench/run proxy
// (PERFORMANCE.md rows 8-9): one listener with N path rules in front of one target group, round
// robin, the same routing HAProxy and nginx get in bench/section_proxy.sh.
//
//   bench-proxy --port P --targets 127.0.0.1:8101,127.0.0.1:8102,127.0.0.1:8103 [--rules 10] [--threads 1]
//
// Rules 1..N-1 are path patterns /r<i>/* forwarding to the group, the last is the default rule
// forwarding to it too, so a request to "/" walks every path rule before it is routed. Prints
// "listening <port>" once the listener is open; runs until SIGINT or SIGTERM.

#include "lb/Proxy.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

int fail(const std::string &message)
{
    std::fprintf(stderr, "bench-proxy: %s\n", message.c_str());
    return 2;
}

std::vector<std::string> split(const std::string &text, char by)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(by, start), text.size());
        if (end > start)
            out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    int port = 0;
    int rules = 10;
    int threads = 1;
    std::string targets;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const std::string value = argv[i + 1];
        if (key == "--port")
            port = std::atoi(value.c_str());
        else if (key == "--rules")
            rules = std::atoi(value.c_str());
        else if (key == "--threads")
            threads = std::atoi(value.c_str());
        else if (key == "--targets")
            targets = value;
        else
            return fail("unknown option " + key);
    }
    if (port <= 0 || port > 65535 || rules < 1 || threads < 1 || targets.empty())
        return fail("usage: bench-proxy --port P --targets host:port,... [--rules N] [--threads T]");

    using namespace fd::lb;
    auto table = std::make_shared<Table>();
    TargetGroup group{"tg-bench", Algorithm::RoundRobin, {}};
    for (const std::string &t : split(targets, ',')) {
        const std::size_t colon = t.rfind(':');
        if (colon == std::string::npos)
            return fail("a target is host:port, not " + t);
        group.targets.push_back(
            Target{t, t.substr(0, colon), std::uint16_t(std::atoi(t.c_str() + colon + 1)), TargetState::Healthy});
    }
    table->targetGroups.push_back(group);
    Listener listener;
    listener.id = "bench-listener";
    listener.port = std::uint16_t(port);
    for (int i = 1; i < rules; ++i) {
        Rule r;
        r.id = "r" + std::to_string(i);
        r.priority = i;
        r.conditions = {Condition{ConditionType::PathPattern, {"/r" + std::to_string(i) + "/*"}, {}, {}}};
        r.action = ForwardAction{{{"tg-bench", 1}}, std::nullopt};
        listener.rules.push_back(r);
    }
    Rule def;
    def.id = "default";
    def.isDefault = true;
    def.action = ForwardAction{{{"tg-bench", 1}}, std::nullopt};
    listener.rules.push_back(def);
    table->listeners.push_back(listener);

    // Block the stop signals before the proxy's threads start, so that only sigwait() sees them.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);

    ProxyOptions options;
    options.threads = threads;
    Proxy proxy(options);
    const auto errors = proxy.apply(table);
    if (!errors.empty())
        return fail(errors.front().error.message.toStdString());
    std::printf("listening %d\n", port);
    std::fflush(stdout);
    int signal = 0;
    sigwait(&stop, &signal);
    const ProxyStats stats = proxy.stats();
    std::uint64_t requests = 0;
    for (const TargetStats &t : stats.targets)
        requests += t.requests;
    std::printf("requests %llu elb5xx %llu\n", static_cast<unsigned long long>(requests),
                static_cast<unsigned long long>(stats.listeners.empty() ? 0 : stats.listeners[0].elb5xx));
    return 0;
}
