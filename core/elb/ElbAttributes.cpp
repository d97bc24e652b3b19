#include "ElbAttributes.h"

#include <QRegularExpression>

namespace fd::elb {

namespace {

// How a value is checked: a boolean, an integer range, one of a few words, or free text.
struct Rule
{
    const char *key;
    const char *defaultValue;
    enum class Kind { Boolean, Integer, Word, Text } kind;
    int min = 0;
    int max = 0;
    const char *words = nullptr; // "a|b|c" for Word
};

using K = Rule::Kind;

// An ALB's attributes (ELB API reference, LoadBalancerAttribute; defaults of a new ALB).
const Rule kLoadBalancerRules[] = {
    {"access_logs.s3.enabled", "false", K::Boolean},
    {"access_logs.s3.bucket", "", K::Text},
    {"access_logs.s3.prefix", "", K::Text},
    {"connection_logs.s3.enabled", "false", K::Boolean},
    {"connection_logs.s3.bucket", "", K::Text},
    {"connection_logs.s3.prefix", "", K::Text},
    {"deletion_protection.enabled", "false", K::Boolean},
    {"idle_timeout.timeout_seconds", "60", K::Integer, 1, 4000},
    {"client_keep_alive.seconds", "3600", K::Integer, 60, 604800},
    {"routing.http.desync_mitigation_mode", "defensive", K::Word, 0, 0, "monitor|defensive|strictest"},
    {"routing.http.drop_invalid_header_fields.enabled", "false", K::Boolean},
    {"routing.http.preserve_host_header.enabled", "false", K::Boolean},
    {"routing.http.x_amzn_tls_version_and_cipher_suite.enabled", "false", K::Boolean},
    {"routing.http.xff_client_port.enabled", "false", K::Boolean},
    {"routing.http.xff_header_processing.mode", "append", K::Word, 0, 0, "append|preserve|remove"},
    {"routing.http2.enabled", "true", K::Boolean},
    {"waf.fail_open.enabled", "false", K::Boolean},
    {"zonal_shift.config.enabled", "false", K::Boolean},
    {"load_balancing.cross_zone.enabled", "true", K::Boolean},
};

// A target group's attributes for instance and ip targets behind an ALB.
const Rule kTargetGroupRules[] = {
    {"deregistration_delay.timeout_seconds", "300", K::Integer, 0, 3600},
    {"stickiness.enabled", "false", K::Boolean},
    {"stickiness.type", "lb_cookie", K::Word, 0, 0, "lb_cookie|app_cookie"},
    {"stickiness.lb_cookie.duration_seconds", "86400", K::Integer, 1, 604800},
    {"stickiness.app_cookie.cookie_name", "", K::Text},
    {"stickiness.app_cookie.duration_seconds", "86400", K::Integer, 1, 604800},
    {"load_balancing.algorithm.type", "round_robin", K::Word, 0, 0,
     "round_robin|least_outstanding_requests|weighted_random"},
    {"load_balancing.algorithm.anomaly_mitigation", "off", K::Word, 0, 0, "on|off"},
    {"load_balancing.cross_zone.enabled", "use_load_balancer_configuration", K::Word, 0, 0,
     "true|false|use_load_balancer_configuration"},
    {"slow_start.duration_seconds", "0", K::Integer, 0, 900},
    {"target_group_health.dns_failover.minimum_healthy_targets.count", "1", K::Text},
    {"target_group_health.dns_failover.minimum_healthy_targets.percentage", "off", K::Text},
    {"target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "1", K::Text},
    {"target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "off", K::Text},
};

// An HTTP listener's (DescribeListenerAttributes).
const Rule kListenerRules[] = {
    {"routing.http.response.server.enabled", "true", K::Boolean},
};

// Values the local data plane does not act on are refused rather than kept and ignored: the
// attribute reads back exactly what the proxy does. Each entry: the key and the values served.
struct Served
{
    const char *key;
    const char *values; // '|'-separated
    const char *why;
};
const Served kServedLoadBalancer[] = {
    {"access_logs.s3.enabled", "false", "there is no S3 here: the console's Traffic page and the metrics show the requests"},
    {"connection_logs.s3.enabled", "false", "there is no S3 here"},
    {"routing.http.drop_invalid_header_fields.enabled", "false", "the proxy forwards header fields as received"},
    {"routing.http.xff_client_port.enabled", "false", "X-Forwarded-For carries the client's address only"},
    {"routing.http.xff_header_processing.mode", "append", "the proxy appends the client's address to X-Forwarded-For"},
    {"zonal_shift.config.enabled", "false", "zonal shift is not available"},
};
const Served kServedTargetGroup[] = {
    {"stickiness.enabled", "false",
     "target stickiness (lb_cookie, app_cookie) is not served; a forward action's target group stickiness is"},
    {"load_balancing.algorithm.type", "round_robin|least_outstanding_requests", "weighted_random is not served"},
    {"load_balancing.algorithm.anomaly_mitigation", "off", "anomaly mitigation is not served"},
    {"slow_start.duration_seconds", "0", "slow start is not served"},
    {"target_group_health.dns_failover.minimum_healthy_targets.count", "1", "DNS failover is not served"},
    {"target_group_health.dns_failover.minimum_healthy_targets.percentage", "off", "DNS failover is not served"},
    {"target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "1",
     "the load balancer fails open only when no target is healthy"},
    {"target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "off",
     "the load balancer fails open only when no target is healthy"},
};

template<std::size_t N>
std::optional<Error> checkServed(const Served (&served)[N], const Attributes &changes)
{
    for (const Attribute &a : changes) {
        for (const Served &s : served) {
            if (a.key != QLatin1String(s.key))
                continue;
            const QStringList values = QString::fromLatin1(s.values).split(u'|');
            if (!values.contains(a.value))
                return makeError(QStringLiteral("ValidationError"),
                                 QStringLiteral("Attribute '%1' = '%2' is not served by Fleetdeck's load balancer (%3); "
                                                "it takes %4")
                                     .arg(a.key, a.value, QLatin1String(s.why), values.join(QStringLiteral(" or "))),
                                 QStringLiteral("Attributes"));
        }
    }
    return std::nullopt;
}

template<std::size_t N> Attributes defaults(const Rule (&rules)[N])
{
    Attributes out;
    for (const Rule &r : rules)
        out.append({QString::fromLatin1(r.key), QString::fromLatin1(r.defaultValue)});
    return out;
}

Error validation(const QString &message)
{
    return makeError(QStringLiteral("ValidationError"), message, QStringLiteral("Attributes"));
}

std::optional<Error> checkValue(const Rule &rule, const QString &value)
{
    const QString key = QString::fromLatin1(rule.key);
    switch (rule.kind) {
    case K::Boolean:
        if (value != u"true" && value != u"false")
            return validation(QStringLiteral("Attribute '%1' must be true or false (got '%2')").arg(key, value));
        return std::nullopt;
    case K::Integer: {
        bool ok = false;
        const int n = value.toInt(&ok);
        if (!ok || n < rule.min || n > rule.max)
            return validation(QStringLiteral("Attribute '%1' must be an integer from %2 to %3 (got '%4')")
                                  .arg(key)
                                  .arg(rule.min)
                                  .arg(rule.max)
                                  .arg(value));
        return std::nullopt;
    }
    case K::Word: {
        const QStringList words = QString::fromLatin1(rule.words).split(u'|');
        if (!words.contains(value))
            return validation(QStringLiteral("Attribute '%1' must be one of %2 (got '%3')")
                                  .arg(key, words.join(QStringLiteral(", ")), value));
        return std::nullopt;
    }
    case K::Text:
        if (value.size() > 1024)
            return validation(QStringLiteral("Attribute '%1' must be at most 1024 characters").arg(key));
        return std::nullopt;
    }
    return std::nullopt;
}

template<std::size_t N>
std::optional<Error> checkAll(const Rule (&rules)[N], const Attributes &changes, const char *what)
{
    static const QRegularExpression keyPattern(QStringLiteral("^[a-zA-Z0-9._]+$"));
    QStringList seen;
    for (const Attribute &a : changes) {
        if (!keyPattern.match(a.key).hasMatch() || a.key.size() > 256)
            return validation(
                QStringLiteral("Attribute key '%1' must be 1 to 256 letters, digits, '.' and '_'").arg(a.key));
        if (seen.contains(a.key))
            return validation(QStringLiteral("Attribute '%1' is given twice").arg(a.key));
        seen.append(a.key);
        const Rule *rule = nullptr;
        for (const Rule &r : rules) {
            if (a.key == QLatin1String(r.key))
                rule = &r;
        }
        if (!rule) {
            QStringList known;
            for (const Rule &r : rules)
                known.append(QString::fromLatin1(r.key));
            return validation(QStringLiteral("%1 attribute key '%2' is not recognized; known keys: %3")
                                  .arg(QLatin1String(what), a.key, known.join(QStringLiteral(", "))));
        }
        if (std::optional<Error> e = checkValue(*rule, a.value))
            return e;
    }
    return std::nullopt;
}

} // namespace

Attributes defaultLoadBalancerAttributes()
{
    return defaults(kLoadBalancerRules);
}

Attributes defaultTargetGroupAttributes()
{
    return defaults(kTargetGroupRules);
}

Attributes defaultListenerAttributes()
{
    return defaults(kListenerRules);
}

std::optional<Error> checkLoadBalancerAttributes(const Attributes &changes)
{
    if (changes.isEmpty())
        return validation(QStringLiteral("Attributes: at least one attribute is required"));
    if (changes.size() > 20)
        return validation(QStringLiteral("Attributes: at most 20 attributes per request (got %1)").arg(changes.size()));
    if (std::optional<Error> e = checkAll(kLoadBalancerRules, changes, "Load balancer"))
        return e;
    if (std::optional<Error> e = checkServed(kServedLoadBalancer, changes))
        return e;
    if (attributeValue(changes, QStringLiteral("load_balancing.cross_zone.enabled")) == QStringLiteral("false"))
        return validation(QStringLiteral("Attribute 'load_balancing.cross_zone.enabled' is always true for "
                                         "application load balancers"));
    return std::nullopt;
}

std::optional<Error> checkTargetGroupAttributes(const Attributes &changes, const Attributes &result)
{
    if (changes.isEmpty())
        return validation(QStringLiteral("Attributes: at least one attribute is required"));
    if (std::optional<Error> e = checkAll(kTargetGroupRules, changes, "Target group"))
        return e;
    if (std::optional<Error> e = checkServed(kServedTargetGroup, changes))
        return e;
    const int slowStart =
        attributeValue(result, QStringLiteral("slow_start.duration_seconds")).value_or(QString()).toInt();
    if (slowStart != 0 && slowStart < 30)
        return validation(QStringLiteral("Attribute 'slow_start.duration_seconds' must be 0 (off) or from 30 to 900 "
                                         "(got '%1')")
                              .arg(slowStart));
    const QString algorithm =
        attributeValue(result, QStringLiteral("load_balancing.algorithm.type")).value_or(QString());
    if (slowStart > 0 && algorithm == u"least_outstanding_requests")
        return makeError(QStringLiteral("InvalidConfigurationRequest"),
                         QStringLiteral("Slow start cannot be combined with the least_outstanding_requests "
                                        "algorithm: set slow_start.duration_seconds to 0 or use round_robin"),
                         QStringLiteral("Attributes"));
    return std::nullopt;
}

} // namespace fd::elb
