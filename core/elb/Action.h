#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace fd::elb {

// One target group of a forward action, by id (ARNs are made per request, with its region).
struct WeightedTargetGroup
{
    QString targetGroupId;
    std::optional<int> weight; // 0-999; absent reads back as 1
    bool operator==(const WeightedTargetGroup &) const = default;
};

// A rule's (or a listener's default) action. Fleetdeck serves the three terminal ALB actions:
// forward, redirect and fixed-response; authenticate-* actions are refused where a request enters.
struct Action
{
    QString type;             // "forward", "redirect", "fixed-response"
    std::optional<int> order; // 1-50000, as given

    // forward: one or more target groups, weighted; given as TargetGroupArn (one group) or ForwardConfig.
    QList<WeightedTargetGroup> targetGroups;
    bool givenAsTargetGroupArn = false;
    std::optional<bool> stickinessEnabled;
    std::optional<int> stickinessDurationSeconds; // 1-604800

    // redirect: each part defaults to the request's own (#{protocol}, #{host}, #{port}, /#{path}, #{query}).
    QString redirectProtocol = QStringLiteral("#{protocol}");
    QString redirectPort = QStringLiteral("#{port}");
    QString redirectHost = QStringLiteral("#{host}");
    QString redirectPath = QStringLiteral("/#{path}");
    QString redirectQuery = QStringLiteral("#{query}");
    QString redirectStatusCode; // HTTP_301 or HTTP_302

    // fixed-response
    QString fixedStatusCode; // 2XX, 4XX or 5XX
    std::optional<QString>
        fixedContentType; // text/plain, text/css, text/html, application/javascript, application/json
    std::optional<QString> fixedMessageBody; // at most 1024 characters

    bool operator==(const Action &) const = default;
};

} // namespace fd::elb
