#include "ElbRules.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QSet>

namespace fd::elb {

namespace {

std::optional<Error> checkName(const QString &name, const char *what, const char *member)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9-]+$"));
    const QString field = QLatin1String(member);
    if (name.isEmpty())
        return validationError(QStringLiteral("%1: a %2 name is required").arg(field, QLatin1String(what)), field);
    if (name.size() > kMaxNameLength)
        return validationError(QStringLiteral("%1: a %2 name cannot be longer than '%3' characters (got %4)")
                                   .arg(field, QLatin1String(what))
                                   .arg(kMaxNameLength)
                                   .arg(name.size()),
                               field);
    if (!re.match(name).hasMatch())
        return validationError(QStringLiteral("%1: '%2' may hold only letters, digits and hyphens").arg(field, name),
                               field);
    if (name.startsWith(u'-') || name.endsWith(u'-'))
        return validationError(QStringLiteral("%1: '%2' cannot begin or end with a hyphen").arg(field, name), field);
    return std::nullopt;
}

int wildcards(const QString &s)
{
    return int(s.count(u'*') + s.count(u'?'));
}

std::optional<Error> checkPathPattern(const QString &pattern, const QString &at)
{
    static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9_\\-.$/~\"'@:+&*?]+$"));
    if (pattern.isEmpty() || pattern.size() > kMaxPathPatternLength)
        return validationError(QStringLiteral("%1: a path pattern must be 1 to %2 characters (got %3)")
                                   .arg(at)
                                   .arg(kMaxPathPatternLength)
                                   .arg(pattern.size()),
                               at);
    if (!allowed.match(pattern).hasMatch())
        return validationError(QStringLiteral("%1: path pattern '%2' may hold only A-Z a-z 0-9 _ - . $ / ~ \" ' @ : + "
                                              "& * ?")
                                   .arg(at, pattern),
                               at);
    return std::nullopt;
}

std::optional<Error> checkValue(const Condition &c, const QString &value, const QString &at)
{
    if (c.field == u"path-pattern")
        return checkPathPattern(value, at);
    if (c.field == u"host-header") {
        static const QRegularExpression host(QStringLiteral("^[A-Za-z0-9\\-.*?]{1,128}$"));
        if (!host.match(value).hasMatch())
            return validationError(
                QStringLiteral("%1: host '%2' must be 1 to 128 of A-Z a-z 0-9 - . * ?").arg(at, value), at);
    } else if (c.field == u"http-request-method") {
        static const QRegularExpression method(QStringLiteral("^[A-Z_-]{1,40}$"));
        if (!method.match(value).hasMatch())
            return validationError(
                QStringLiteral("%1: method '%2' must be capitals, '_' or '-' (methods are case-sensitive)")
                    .arg(at, value),
                at);
    } else if (c.field == u"source-ip") {
        const std::pair<QHostAddress, int> subnet = QHostAddress::parseSubnet(value);
        if (subnet.first.isNull() || !value.contains(u'/'))
            return validationError(
                QStringLiteral("%1: '%2' is not an address range in CIDR form (192.0.2.0/24)").arg(at, value), at);
    } else if (value.isEmpty() || value.size() > 128) {
        return validationError(QStringLiteral("%1: a value must be 1 to 128 characters").arg(at), at);
    }
    return std::nullopt;
}

std::optional<Error> checkForward(const Action &a, const QString &at)
{
    if (a.targetGroups.isEmpty())
        return validationError(
            QStringLiteral("%1: a forward action needs TargetGroupArn or ForwardConfig.TargetGroups").arg(at), at);
    if (a.targetGroups.size() > kMaxTargetGroupsPerForward)
        return makeError(QStringLiteral("TooManyTargetGroups"),
                         QStringLiteral("%1: a forward action may name at most %2 target groups (got %3)")
                             .arg(at)
                             .arg(kMaxTargetGroupsPerForward)
                             .arg(a.targetGroups.size()),
                         at);
    QSet<QString> seen;
    for (const WeightedTargetGroup &g : a.targetGroups) {
        if (seen.contains(g.targetGroupId))
            return validationError(QStringLiteral("%1: a target group is given twice in ForwardConfig").arg(at), at);
        seen.insert(g.targetGroupId);
        if (g.weight && (*g.weight < 0 || *g.weight > 999))
            return validationError(
                QStringLiteral("%1: target group weights are 0 to 999 (got %2)").arg(at).arg(*g.weight), at);
    }
    if (a.stickinessDurationSeconds && (*a.stickinessDurationSeconds < 1 || *a.stickinessDurationSeconds > 604800))
        return validationError(
            QStringLiteral("%1: TargetGroupStickinessConfig.DurationSeconds must be 1 to 604800 (got %2)")
                .arg(at)
                .arg(*a.stickinessDurationSeconds),
            at);
    if (a.stickinessEnabled.value_or(false) && !a.stickinessDurationSeconds)
        return validationError(QStringLiteral("%1: TargetGroupStickinessConfig.DurationSeconds is required when "
                                              "stickiness is enabled")
                                   .arg(at),
                               at);
    return std::nullopt;
}

std::optional<Error> checkRedirect(const Action &a, const QString &at)
{
    static const QRegularExpression protocol(QStringLiteral("^(HTTPS?|#\\{protocol\\})$"));
    if (a.redirectStatusCode != u"HTTP_301" && a.redirectStatusCode != u"HTTP_302")
        return validationError(QStringLiteral("%1: RedirectConfig.StatusCode must be HTTP_301 or HTTP_302").arg(at),
                               at);
    if (!protocol.match(a.redirectProtocol).hasMatch())
        return validationError(
            QStringLiteral("%1: RedirectConfig.Protocol must be HTTP, HTTPS or #{protocol} (got '%2')")
                .arg(at, a.redirectProtocol),
            at);
    if (a.redirectHost.isEmpty() || a.redirectHost.size() > 128 || a.redirectPath.isEmpty() ||
        a.redirectPath.size() > 128 || a.redirectQuery.size() > 128)
        return validationError(
            QStringLiteral("%1: RedirectConfig Host and Path are 1 to 128 characters, Query at most 128").arg(at), at);
    if (!a.redirectPath.startsWith(u'/'))
        return validationError(
            QStringLiteral("%1: RedirectConfig.Path must start with '/' (got '%2')").arg(at, a.redirectPath), at);
    bool portOk = false;
    const int port = a.redirectPort.toInt(&portOk);
    if (a.redirectPort != u"#{port}" && (!portOk || port < 1 || port > 65535))
        return validationError(
            QStringLiteral("%1: RedirectConfig.Port must be 1 to 65535 or #{port} (got '%2')").arg(at, a.redirectPort),
            at);
    return std::nullopt;
}

std::optional<Error> checkFixedResponse(const Action &a, const QString &at)
{
    static const QRegularExpression status(QStringLiteral("^(2|4|5)\\d\\d$"));
    static const QStringList types{QStringLiteral("text/plain"), QStringLiteral("text/css"),
                                   QStringLiteral("text/html"), QStringLiteral("application/javascript"),
                                   QStringLiteral("application/json")};
    if (!status.match(a.fixedStatusCode).hasMatch())
        return validationError(QStringLiteral("%1: FixedResponseConfig.StatusCode must be 2XX, 4XX or 5XX (got '%2')")
                                   .arg(at, a.fixedStatusCode),
                               at);
    if (a.fixedContentType && !types.contains(*a.fixedContentType))
        return validationError(QStringLiteral("%1: FixedResponseConfig.ContentType must be one of %2 (got '%3')")
                                   .arg(at, types.join(QStringLiteral(", ")), *a.fixedContentType),
                               at);
    if (a.fixedMessageBody && a.fixedMessageBody->size() > 1024)
        return validationError(QStringLiteral("%1: FixedResponseConfig.MessageBody is at most 1024 characters").arg(at),
                               at);
    return std::nullopt;
}

} // namespace

Error validationError(const QString &message, const QString &field)
{
    return makeError(QStringLiteral("ValidationError"), message, field);
}

std::optional<Error> checkLoadBalancerName(const QString &name)
{
    if (std::optional<Error> e = checkName(name, "load balancer", "Name"))
        return e;
    if (name.startsWith(QStringLiteral("internal-")))
        return validationError(
            QStringLiteral("Name: a load balancer name cannot begin with 'internal-' (got '%1')").arg(name),
            QStringLiteral("Name"));
    return std::nullopt;
}

std::optional<Error> checkTargetGroupName(const QString &name)
{
    return checkName(name, "target group", "Name");
}

std::optional<Error> checkMatcher(const QString &httpCode)
{
    const QString field = QStringLiteral("Matcher.HttpCode");
    if (httpCode.isEmpty())
        return validationError(QStringLiteral("%1: is required").arg(field), field);
    for (const QString &part : httpCode.split(u',')) {
        const QStringList range = part.split(u'-');
        bool okLow = false, okHigh = true;
        const int low = range[0].toInt(&okLow);
        const int high = range.size() == 2 ? range[1].toInt(&okHigh) : low;
        if (range.size() > 2 || !okLow || !okHigh || low < 200 || high > 499 || low > high)
            return validationError(
                QStringLiteral("%1: '%2' must be HTTP codes from 200 to 499, as \"200\", \"200,202\" "
                               "or \"200-299\"")
                    .arg(field, httpCode),
                field);
    }
    return std::nullopt;
}

std::optional<Error> checkHealthCheck(const HealthCheck &hc)
{
    auto range = [](const char *member, int value, int min, int max) -> std::optional<Error> {
        if (value >= min && value <= max)
            return std::nullopt;
        return validationError(QStringLiteral("%1: must be from %2 to %3 (got %4)")
                                   .arg(QLatin1String(member))
                                   .arg(min)
                                   .arg(max)
                                   .arg(value),
                               QLatin1String(member));
    };
    if (hc.protocol != u"HTTP")
        // InvalidConfigurationRequest: CreateTargetGroup and ModifyTargetGroup have no UnsupportedProtocol.
        return makeError(
            QStringLiteral("InvalidConfigurationRequest"),
            QStringLiteral("HealthCheckProtocol: Fleetdeck checks targets over HTTP only (got '%1')").arg(hc.protocol),
            QStringLiteral("HealthCheckProtocol"));
    bool ok = false;
    const int port = hc.port.toInt(&ok);
    if (hc.port != u"traffic-port" && (!ok || port < 1 || port > 65535))
        return validationError(
            QStringLiteral("HealthCheckPort: must be traffic-port or 1 to 65535 (got '%1')").arg(hc.port),
            QStringLiteral("HealthCheckPort"));
    if (!hc.path.startsWith(u'/') || hc.path.size() > 1024)
        return validationError(
            QStringLiteral("HealthCheckPath: must start with '/' and be at most 1024 characters (got '%1')")
                .arg(hc.path),
            QStringLiteral("HealthCheckPath"));
    if (auto e = range("HealthCheckIntervalSeconds", hc.intervalSeconds, 5, 300))
        return e;
    if (auto e = range("HealthCheckTimeoutSeconds", hc.timeoutSeconds, 2, 120))
        return e;
    if (auto e = range("HealthyThresholdCount", hc.healthyThreshold, 2, 10))
        return e;
    if (auto e = range("UnhealthyThresholdCount", hc.unhealthyThreshold, 2, 10))
        return e;
    if (hc.timeoutSeconds >= hc.intervalSeconds)
        return validationError(QStringLiteral("HealthCheckTimeoutSeconds: the timeout (%1) must be smaller than the "
                                              "interval (%2)")
                                   .arg(hc.timeoutSeconds)
                                   .arg(hc.intervalSeconds),
                               QStringLiteral("HealthCheckTimeoutSeconds"));
    return checkMatcher(hc.matcher);
}

std::optional<Error> checkConditions(const QList<Condition> &conditions)
{
    static const QStringList fields{QStringLiteral("host-header"),  QStringLiteral("path-pattern"),
                                    QStringLiteral("http-header"),  QStringLiteral("http-request-method"),
                                    QStringLiteral("query-string"), QStringLiteral("source-ip")};
    static const QStringList once{QStringLiteral("host-header"), QStringLiteral("path-pattern"),
                                  QStringLiteral("http-request-method"), QStringLiteral("source-ip")};
    QSet<QString> seen;
    int values = 0, wild = 0;
    for (qsizetype i = 0; i < conditions.size(); ++i) {
        const Condition &c = conditions[i];
        const QString at = QStringLiteral("Conditions[%1]").arg(i);
        if (!fields.contains(c.field))
            return validationError(
                QStringLiteral("%1.Field: '%2' is not one of %3").arg(at, c.field, fields.join(QStringLiteral(", "))),
                at + QStringLiteral(".Field"));
        if (once.contains(c.field) && seen.contains(c.field))
            return validationError(QStringLiteral("%1: a rule can have only one '%2' condition").arg(at, c.field), at);
        seen.insert(c.field);
        const int n = int(c.field == u"query-string" ? c.queryPairs.size() : c.values.size());
        if (n == 0)
            return validationError(QStringLiteral("%1: a '%2' condition needs at least one value").arg(at, c.field),
                                   at);
        if (n > kMaxValuesPerCondition)
            return validationError(QStringLiteral("%1: a condition can only have '%2' values (got %3)")
                                       .arg(at)
                                       .arg(kMaxValuesPerCondition)
                                       .arg(n),
                                   at);
        values += n;
        if (c.field == u"http-header") {
            static const QRegularExpression token(QStringLiteral("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$"));
            if (!token.match(c.httpHeaderName).hasMatch())
                return validationError(QStringLiteral("%1.HttpHeaderConfig.HttpHeaderName: '%2' is not a header name")
                                           .arg(at, c.httpHeaderName),
                                       at);
        }
        for (qsizetype v = 0; v < c.values.size(); ++v) {
            if (auto e = checkValue(c, c.values[v], QStringLiteral("%1.Values[%2]").arg(at).arg(v)))
                return e;
            if (c.field != u"source-ip")
                wild += wildcards(c.values[v]);
        }
        for (const QueryPair &p : c.queryPairs) {
            if (p.value.isEmpty() || p.value.size() > 128 || p.key.size() > 128)
                return validationError(
                    QStringLiteral("%1.QueryStringConfig: a value is 1 to 128 characters, a key at most 128").arg(at),
                    at);
            wild += wildcards(p.key) + wildcards(p.value);
        }
    }
    if (values > kMaxConditionValuesPerRule)
        return validationError(QStringLiteral("Conditions: a rule can only have '%1' condition values (got %2)")
                                   .arg(kMaxConditionValuesPerRule)
                                   .arg(values),
                               QStringLiteral("Conditions"));
    if (wild > kMaxWildcardsPerRule)
        return validationError(QStringLiteral("Conditions: a rule can only have '%1' wildcards (got %2)")
                                   .arg(kMaxWildcardsPerRule)
                                   .arg(wild),
                               QStringLiteral("Conditions"));
    return std::nullopt;
}

std::optional<Error> checkActions(const QList<Action> &actions, const QString &member)
{
    if (actions.isEmpty())
        return validationError(QStringLiteral("%1: at least one action is required").arg(member), member);
    if (actions.size() > 1)
        return makeError(QStringLiteral("TooManyActions"),
                         QStringLiteral("%1: a rule takes exactly one action here (forward, redirect or "
                                        "fixed-response); got %2")
                             .arg(member)
                             .arg(actions.size()),
                         member);
    const Action &a = actions.first();
    const QString at = member + QStringLiteral("[0]");
    if (a.order && (*a.order < 1 || *a.order > 50000))
        return validationError(QStringLiteral("%1.Order: must be 1 to 50000 (got %2)").arg(at).arg(*a.order), at);
    if (a.type == u"forward")
        return checkForward(a, at);
    if (a.type == u"redirect")
        return checkRedirect(a, at);
    if (a.type == u"fixed-response")
        return checkFixedResponse(a, at);
    return validationError(QStringLiteral("%1.Type: '%2' is not forward, redirect or fixed-response").arg(at, a.type),
                           at);
}

} // namespace fd::elb
