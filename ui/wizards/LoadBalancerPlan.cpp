#include "LoadBalancerPlan.h"

#include "ControlPlane.h"
#include "controllers/lb/ProxyTable.h"
#include "elb/ElbRules.h"
#include "ops/ListenerRules.h"
#include "ops/LoadBalancers.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTcpServer>
#include <QUrl>

#include <algorithm>

namespace fd::ui {

namespace {

QString configMember(const QString &field)
{
    if (field == u"path-pattern")
        return QStringLiteral("PathPatternConfig");
    if (field == u"host-header")
        return QStringLiteral("HostHeaderConfig");
    if (field == u"http-header")
        return QStringLiteral("HttpHeaderConfig");
    if (field == u"http-request-method")
        return QStringLiteral("HttpRequestMethodConfig");
    if (field == u"query-string")
        return QStringLiteral("QueryStringConfig");
    return QStringLiteral("SourceIpConfig");
}

QJsonObject conditionJson(const elb::Condition &c)
{
    QJsonObject config;
    if (c.field == u"query-string") {
        QJsonArray pairs;
        for (const elb::QueryPair &p : c.queryPairs) {
            QJsonObject pair{{QStringLiteral("Value"), p.value}};
            if (!p.key.isEmpty())
                pair.insert(QStringLiteral("Key"), p.key);
            pairs.append(pair);
        }
        config.insert(QStringLiteral("Values"), pairs);
    } else {
        config.insert(QStringLiteral("Values"), QJsonArray::fromStringList(c.values));
        if (c.field == u"http-header")
            config.insert(QStringLiteral("HttpHeaderName"), c.httpHeaderName);
    }
    return {{QStringLiteral("Field"), c.field}, {configMember(c.field), config}};
}

QJsonArray conditionsJson(const QList<elb::Condition> &conditions)
{
    QJsonArray all;
    for (const elb::Condition &c : conditions)
        all.append(conditionJson(c));
    return all;
}

// A JSON text in single quotes for a POSIX shell.
QString shellJson(const QJsonValue &v)
{
    const QByteArray json = v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                        : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
    QString text = QString::fromUtf8(json);
    return u'\'' + text.replace(u'\'', QStringLiteral("'\\''")) + u'\'';
}

QString shellVariable(const QString &targetGroupName)
{
    return QStringLiteral("TG_") + targetGroupName.toUpper().replace(u'-', u'_');
}

PlanProblem problemAt(PlanProblem::Where where, int index, fd::Error error)
{
    return PlanProblem{where, index, std::move(error)};
}

// The condition an ELBv2 error's field names ("Conditions[2].Values[0]" -> 2), or -1.
int conditionOf(const fd::Error &e)
{
    static const QRegularExpression at(QStringLiteral("^Conditions\\[(\\d+)\\]"));
    const QRegularExpressionMatch m = at.match(e.field);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

bool sameRule(const ops::RuleView &v, int priority, const QList<elb::Condition> &c, const elb::Action &a)
{
    return !v.isDefault && v.rule.priority == priority && v.rule.conditions == c && v.rule.actions.size() == 1 &&
           v.rule.actions.front().type == a.type && v.rule.actions.front().targetGroups == a.targetGroups;
}

} // namespace

elb::Condition LoadBalancerPlanner::parseCondition(const QString &field, const QString &text)
{
    elb::Condition c;
    c.field = field;
    QString rest = text;
    if (field == u"http-header") {
        const qsizetype colon = rest.indexOf(u':');
        c.httpHeaderName = colon < 0 ? rest.trimmed() : rest.left(colon).trimmed();
        rest = colon < 0 ? QString() : rest.mid(colon + 1);
    }
    for (const QString &part : rest.split(u',', Qt::SkipEmptyParts)) {
        const QString value = part.trimmed();
        if (value.isEmpty())
            continue;
        if (field == u"query-string") {
            const qsizetype eq = value.indexOf(u'=');
            c.queryPairs.append(eq < 0 ? elb::QueryPair{QString(), value}
                                       : elb::QueryPair{value.left(eq), value.mid(eq + 1)});
        } else {
            c.values << value;
        }
    }
    return c;
}

QString LoadBalancerPlanner::conditionText(const elb::Condition &c)
{
    if (c.field == u"query-string") {
        QStringList pairs;
        for (const elb::QueryPair &p : c.queryPairs)
            pairs << (p.key.isEmpty() ? u'=' + p.value : p.key + u'=' + p.value);
        return pairs.join(QStringLiteral(", "));
    }
    const QString values = c.values.join(QStringLiteral(", "));
    return c.field == u"http-header" ? c.httpHeaderName + QStringLiteral(": ") + values : values;
}

elb::Action LoadBalancerPlanner::toAction(const PlannedAction &a, const std::function<QString(const QString &)> &idOf)
{
    elb::Action out;
    out.type = a.type;
    const QString arg = a.argument.trimmed();
    if (a.type == u"forward") {
        out.targetGroups = {elb::WeightedTargetGroup{idOf(arg), std::nullopt}};
        out.givenAsTargetGroupArn = true;
    } else if (a.type == u"redirect") {
        out.redirectStatusCode = QStringLiteral("HTTP_301");
        if (arg.contains(QStringLiteral("://"))) {
            const QUrl url(arg);
            out.redirectProtocol = url.scheme().toUpper();
            out.redirectHost = url.host();
            if (url.port() > 0)
                out.redirectPort = QString::number(url.port());
            out.redirectPath = url.path().isEmpty() ? QStringLiteral("/") : url.path();
        } else {
            out.redirectPath = arg;
        }
    } else if (a.type == u"fixed-response") {
        out.fixedStatusCode = arg.section(u' ', 0, 0);
        out.fixedContentType = QStringLiteral("text/plain");
        const QString body = arg.section(u' ', 1).trimmed();
        if (!body.isEmpty())
            out.fixedMessageBody = body;
    }
    return out;
}

std::optional<PlanProblem> LoadBalancerPlanner::check(const fd::ControlPlane &cp, const LoadBalancerPlan &plan)
{
    using W = PlanProblem::Where;
    if (std::optional<Error> e = elb::checkLoadBalancerName(plan.name))
        return problemAt(W::Name, 0, *e);
    if (plan.port < 1 || plan.port > 65535)
        return problemAt(W::Port, 0, elb::validationError(QStringLiteral("Port: must be 1 to 65535")));
    const std::optional<elb::LoadBalancer> same = cp.loadBalancers().findNamed(plan.name);
    for (const elb::LoadBalancer &lb : cp.loadBalancers().list())
        for (const elb::Listener &l : cp.loadBalancers().listeners(lb.id))
            if (l.port == plan.port && !(same && same->id == lb.id))
                return problemAt(W::Port, 0,
                                 makeError(QStringLiteral("DuplicateListener"),
                                           QStringLiteral("Port %1 is held by load balancer %2 (listeners bind "
                                                          "127.0.0.1, so a port serves one load balancer)")
                                               .arg(plan.port)
                                               .arg(lb.name)));
    QSet<QString> groups;
    for (int i = 0; i < plan.newTargetGroups.size(); ++i) {
        const ops::TargetGroupRequest &tg = plan.newTargetGroups[i];
        if (std::optional<Error> e = elb::checkTargetGroupName(tg.name))
            return problemAt(W::TargetGroup, i, *e);
        if (!tg.port || *tg.port < 1 || *tg.port > 65535)
            return problemAt(W::TargetGroup, i, elb::validationError(QStringLiteral("Port: must be 1 to 65535")));
        if (std::optional<Error> e = elb::checkHealthCheck(tg.healthCheck))
            return problemAt(W::TargetGroup, i, *e);
        groups.insert(tg.name);
    }
    const auto known = [&](const QString &name) { return groups.contains(name) || cp.targetGroups().findNamed(name); };
    if (!known(plan.defaultTargetGroup))
        return problemAt(W::Default, 0,
                         makeError(QStringLiteral("TargetGroupNotFound"),
                                   QStringLiteral("The default action forwards to no target group: choose one")));
    QSet<int> priorities;
    for (int i = 0; i < plan.rules.size(); ++i) {
        const PlannedRule &r = plan.rules[i];
        if (r.priority < elb::kMinPriority || r.priority > elb::kMaxPriority)
            return problemAt(W::Rule, i,
                             elb::validationError(QStringLiteral("Priority: must be from %1 to %2 (got %3)")
                                                      .arg(elb::kMinPriority)
                                                      .arg(elb::kMaxPriority)
                                                      .arg(r.priority)));
        if (priorities.contains(r.priority))
            return problemAt(W::Rule, i,
                             makeError(QStringLiteral("PriorityInUse"),
                                       QStringLiteral("Priority '%1' is currently in use").arg(r.priority)));
        priorities.insert(r.priority);
        if (r.conditions.isEmpty())
            return problemAt(W::Rule, i,
                             elb::validationError(QStringLiteral("Conditions: a rule needs at least one condition")));
        if (std::optional<Error> e = elb::checkConditions(r.conditions)) {
            PlanProblem p = problemAt(W::Rule, i, *e);
            p.condition = conditionOf(*e);
            return p;
        }
        if (r.action.type == u"forward" && !known(r.action.argument.trimmed()))
            return problemAt(W::Rule, i,
                             makeError(QStringLiteral("TargetGroupNotFound"),
                                       QStringLiteral("No target group named '%1'").arg(r.action.argument.trimmed())));
        const elb::Action action = toAction(r.action, [](const QString &name) { return name; });
        if (std::optional<Error> e = elb::checkActions({action}, QStringLiteral("Actions")))
            return problemAt(W::Rule, i, *e);
    }
    return std::nullopt;
}

fd::Result<AppliedPlan> LoadBalancerPlanner::apply(fd::ControlPlane &cp, const LoadBalancerPlan &plan,
                                                   PlanProblem *problem)
{
    using W = PlanProblem::Where;
    const auto fail = [&](W where, int index, const fd::Error &e) -> fd::Result<AppliedPlan> {
        if (problem)
            *problem = problemAt(where, index, e);
        return e;
    };
    if (std::optional<PlanProblem> p = check(cp, plan))
        return fail(p->where, p->index, p->error);
    AppliedPlan done;
    for (int i = 0; i < plan.newTargetGroups.size(); ++i) {
        const fd::Result<elb::TargetGroup> tg = cp.targetGroups().create(plan.newTargetGroups[i]);
        if (!tg)
            return fail(W::TargetGroup, i, tg.error());
        done.targetGroupIds << tg.value().id;
    }
    const auto idOf = [&cp](const QString &name) {
        const std::optional<elb::TargetGroup> tg = cp.targetGroups().findNamed(name);
        return tg ? tg->id : name;
    };
    ops::LoadBalancerRequest lbRequest;
    lbRequest.name = plan.name;
    const fd::Result<elb::LoadBalancer> lb = cp.loadBalancers().create(lbRequest);
    if (!lb)
        return fail(W::Name, 0, lb.error());
    done.loadBalancerId = lb.value().id;
    ops::ListenerRequest listener;
    listener.loadBalancerId = lb.value().id;
    listener.port = plan.port;
    listener.defaultActions = {toAction(PlannedAction{QStringLiteral("forward"), plan.defaultTargetGroup}, idOf)};
    const fd::Result<elb::Listener> l = cp.loadBalancers().createListener(listener);
    if (!l)
        return fail(W::Port, 0, l.error());
    done.listenerId = l.value().id;
    const QList<ops::RuleView> existing = cp.listenerRules().rules(l.value().id);
    for (int i = 0; i < plan.rules.size(); ++i) {
        const PlannedRule &r = plan.rules[i];
        ops::RuleRequest request;
        request.listenerId = l.value().id;
        request.priority = r.priority;
        request.conditions = r.conditions;
        request.actions = {toAction(r.action, idOf)};
        // A retry after a later refusal: the rule made the first time is kept.
        const auto made = std::find_if(existing.cbegin(), existing.cend(), [&](const ops::RuleView &v) {
            return sameRule(v, r.priority, r.conditions, request.actions.front());
        });
        if (made != existing.cend()) {
            done.ruleIds << made->rule.id;
            continue;
        }
        const fd::Result<elb::ListenerRule> rule = cp.listenerRules().create(request);
        if (!rule)
            return fail(W::Rule, i, rule.error());
        done.ruleIds << rule.value().id;
    }
    return done;
}

std::vector<lb::Rule> LoadBalancerPlanner::proxyRules(const LoadBalancerPlan &plan)
{
    const auto byName = [](const QString &name) { return name; };
    elb::ListenerRoutes routes;
    routes.loadBalancer.name = plan.name;
    routes.listener.port = plan.port;
    routes.listener.defaultRuleId = QStringLiteral("default");
    routes.listener.defaultActions = {
        toAction(PlannedAction{QStringLiteral("forward"), plan.defaultTargetGroup}, byName)};
    for (int i = 0; i < plan.rules.size(); ++i) {
        elb::ListenerRule rule;
        rule.id = QString::number(i); // the tester maps a match back to the form's row
        rule.priority = plan.rules[i].priority;
        rule.conditions = plan.rules[i].conditions;
        rule.actions = {toAction(plan.rules[i].action, byName)};
        routes.rules.append(rule);
    }
    std::stable_sort(routes.rules.begin(), routes.rules.end(),
                     [](const elb::ListenerRule &a, const elb::ListenerRule &b) { return a.priority < b.priority; });
    elb::RoutingTable table;
    table.listeners = {routes};
    return lbctl::toProxyTable(table)->listeners.front().rules;
}

QString LoadBalancerPlanner::commands(const LoadBalancerPlan &plan, const QString &endpoint)
{
    QStringList lines;
    const QString aws =
        endpoint.isEmpty() ? QStringLiteral("aws elbv2") : QStringLiteral("aws --endpoint-url \"$EP\" elbv2");
    if (!endpoint.isEmpty())
        lines << QStringLiteral("EP=%1").arg(endpoint);
    QSet<QString> made;
    for (const ops::TargetGroupRequest &tg : plan.newTargetGroups) {
        const elb::HealthCheck &hc = tg.healthCheck;
        lines << QStringLiteral("%1=$(%2 create-target-group --name %3 --protocol HTTP --port %4 --target-type %5 "
                                "--health-check-path %6 --health-check-interval-seconds %7 "
                                "--health-check-timeout-seconds %8 --healthy-threshold-count %9 "
                                "--unhealthy-threshold-count %10 --matcher HttpCode=%11 "
                                "--query 'TargetGroups[0].TargetGroupArn' --output text)")
                     .arg(shellVariable(tg.name), aws, tg.name)
                     .arg(tg.port.value_or(80))
                     .arg(tg.targetType, hc.path)
                     .arg(hc.intervalSeconds)
                     .arg(hc.timeoutSeconds)
                     .arg(hc.healthyThreshold)
                     .arg(hc.unhealthyThreshold)
                     .arg(hc.matcher);
        made.insert(tg.name);
    }
    // Existing groups the plan forwards to: look their ARNs up.
    QStringList forwarded{plan.defaultTargetGroup};
    for (const PlannedRule &r : plan.rules)
        if (r.action.type == u"forward")
            forwarded << r.action.argument.trimmed();
    for (const QString &name : forwarded) {
        if (name.isEmpty() || made.contains(name))
            continue;
        made.insert(name);
        lines << QStringLiteral("%1=$(%2 describe-target-groups --names %3 --query 'TargetGroups[0].TargetGroupArn' "
                                "--output text)")
                     .arg(shellVariable(name), aws, name);
    }
    lines << QStringLiteral("LB=$(%1 create-load-balancer --name %2 --query 'LoadBalancers[0].LoadBalancerArn' "
                            "--output text)")
                 .arg(aws, plan.name);
    lines << QStringLiteral("LISTENER=$(%1 create-listener --load-balancer-arn \"$LB\" --protocol HTTP --port %2 "
                            "--default-actions Type=forward,TargetGroupArn=\"$%3\" "
                            "--query 'Listeners[0].ListenerArn' --output text)")
                 .arg(aws)
                 .arg(plan.port)
                 .arg(shellVariable(plan.defaultTargetGroup));
    for (const PlannedRule &r : plan.rules) {
        QString actions;
        if (r.action.type == u"forward") {
            actions =
                QStringLiteral("Type=forward,TargetGroupArn=\"$%1\"").arg(shellVariable(r.action.argument.trimmed()));
        } else {
            const elb::Action a = toAction(r.action, [](const QString &n) { return n; });
            QJsonObject action{{QStringLiteral("Type"), a.type}};
            if (a.type == u"redirect")
                action.insert(QStringLiteral("RedirectConfig"),
                              QJsonObject{{QStringLiteral("Protocol"), a.redirectProtocol},
                                          {QStringLiteral("Host"), a.redirectHost},
                                          {QStringLiteral("Port"), a.redirectPort},
                                          {QStringLiteral("Path"), a.redirectPath},
                                          {QStringLiteral("StatusCode"), a.redirectStatusCode}});
            else
                action.insert(QStringLiteral("FixedResponseConfig"),
                              QJsonObject{{QStringLiteral("StatusCode"), a.fixedStatusCode},
                                          {QStringLiteral("ContentType"), a.fixedContentType.value_or(QString())},
                                          {QStringLiteral("MessageBody"), a.fixedMessageBody.value_or(QString())}});
            actions = shellJson(QJsonArray{action});
        }
        lines << QStringLiteral(
                     "%1 create-rule --listener-arn \"$LISTENER\" --priority %2 --conditions %3 --actions %4")
                     .arg(aws)
                     .arg(r.priority)
                     .arg(shellJson(conditionsJson(r.conditions)), actions);
    }
    return lines.join(u'\n');
}

int LoadBalancerPlanner::suggestPort(const fd::ControlPlane &cp, int from)
{
    QSet<int> held;
    for (const elb::LoadBalancer &lb : cp.loadBalancers().list())
        for (const elb::Listener &l : cp.loadBalancers().listeners(lb.id))
            held.insert(l.port);
    for (int port = std::max(from, 1024); port < 65535; ++port) {
        if (held.contains(port))
            continue;
        QTcpServer probe;
        if (probe.listen(QHostAddress::LocalHost, quint16(port)))
            return port;
    }
    return from;
}

LoadBalancerPlan LoadBalancerPlanner::edgesAndCubeBuster(int port)
{
    LoadBalancerPlan plan;
    plan.name = QStringLiteral("edges-cubebuster");
    plan.port = port;
    for (const QString &name : {QStringLiteral("edges"), QStringLiteral("cubebuster")}) {
        ops::TargetGroupRequest tg;
        tg.name = name;
        tg.port = 8080;
        tg.healthCheck.path = QStringLiteral("/health");
        plan.newTargetGroups << tg;
    }
    plan.defaultTargetGroup = QStringLiteral("edges");
    PlannedRule cube;
    cube.priority = 10;
    cube.conditions = {parseCondition(QStringLiteral("path-pattern"), QStringLiteral("/cubebuster*"))};
    cube.action = PlannedAction{QStringLiteral("forward"), QStringLiteral("cubebuster")};
    plan.rules << cube;
    return plan;
}

} // namespace fd::ui
