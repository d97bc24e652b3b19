#pragma once

// Building blocks of the proxy tests: a table with one listener on a free port, target groups of
// in-process targets, forward rules, and counting which target answered.

#include "LbTestBackend.h"
#include "TestSupport.h"
#include "lb/Proxy.h"

#include <QString>
#include <QtGlobal>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lbtest {

using namespace fd::lb;
using namespace std::chrono_literals;

inline Target target(const Backend &b, TargetState state = TargetState::Healthy)
{
    return Target{b.name(), "127.0.0.1", b.port(), state};
}

inline TargetGroup group(std::string id, std::vector<Target> targets, Algorithm algorithm = Algorithm::RoundRobin)
{
    return TargetGroup{std::move(id), algorithm, std::move(targets)};
}

inline Rule forwardRule(std::string id, std::vector<WeightedGroup> groups, std::vector<Condition> conditions = {},
                        std::optional<std::chrono::seconds> stickiness = std::nullopt)
{
    Rule r;
    r.id = std::move(id);
    r.isDefault = conditions.empty();
    r.conditions = std::move(conditions);
    r.action = ForwardAction{std::move(groups), stickiness};
    return r;
}

inline Condition path(std::string pattern)
{
    Condition c;
    c.type = ConditionType::PathPattern;
    c.values = {std::move(pattern)};
    return c;
}

struct Setup
{
    std::uint16_t port = fd::test::freeLoopbackPort();
    std::shared_ptr<Table> table = std::make_shared<Table>();

    Listener &listener(std::vector<Rule> rules, std::chrono::seconds idle = 60s)
    {
        Listener l;
        l.id = "arn:listener/test";
        l.loadBalancerId = "arn:loadbalancer/app/test";
        l.port = port;
        l.rules = std::move(rules);
        l.idleTimeout = idle;
        table->listeners.push_back(std::move(l));
        return table->listeners.back();
    }
};

inline std::map<std::string, int> countBackends(Client &client, const std::string &target, int n,
                                                const std::string &cookie = {})
{
    std::map<std::string, int> counts;
    for (int i = 0; i < n; ++i) {
        http::request<http::string_body> req(http::verb::get, target, 11);
        if (!cookie.empty())
            req.set(http::field::cookie, cookie);
        const auto res = client.send(req);
        ++counts[res ? std::string(res->body()) : std::string("<no answer>")];
    }
    return counts;
}

inline int count(const std::map<std::string, int> &counts, const std::string &name)
{
    const auto it = counts.find(name);
    if (it == counts.end()) {
        QString all;
        for (const auto &[k, v] : counts)
            all += QStringLiteral("%1=%2 ").arg(QString::fromStdString(k)).arg(v);
        qWarning("no answer from %s; answers: %s", name.c_str(), qPrintable(all));
        return 0;
    }
    return it->second;
}

inline std::string headerLine(const std::string &dump, const std::string &name)
{
    const std::string key = "\n" + name + ": ";
    const std::string text = "\n" + dump;
    const auto at = text.find(key);
    if (at == std::string::npos)
        return {};
    const auto end = text.find('\n', at + key.size());
    return text.substr(at + key.size(), end - at - key.size());
}

} // namespace lbtest
