#pragma once

#include "Action.h"
#include "ListenerRule.h"
#include "Result.h"
#include "TargetGroup.h"

#include <QList>
#include <QString>

#include <optional>

// The input rules of ELBv2 (API reference and ALB guide; ECS-SEMANTICS §1.7), as pure checks. Each
// answers the error AWS gives (code ValidationError unless named) with a message naming the member.
namespace fd::elb {

inline constexpr int kMaxNameLength = 32;
inline constexpr int kMinPriority = 1;
inline constexpr int kMaxPriority = 50000;
inline constexpr int kMaxConditionValuesPerRule = 5;
inline constexpr int kMaxValuesPerCondition = 3;
inline constexpr int kMaxWildcardsPerRule = 5;
inline constexpr int kMaxPathPatternLength = 128;
inline constexpr int kMaxTargetGroupsPerForward = 5;
inline constexpr int kMaxRulesPerListener = 100;

Error validationError(const QString &message, const QString &field = {});

// Load balancer and target group names: 1-32 letters, digits and hyphens, not starting or ending with
// a hyphen; a load balancer's may not start with "internal-".
std::optional<Error> checkLoadBalancerName(const QString &name);
std::optional<Error> checkTargetGroupName(const QString &name);

// Ranges of §1.7 (interval 5-300, timeout 2-120 and below the interval, thresholds 2-10), protocol
// HTTP (HTTPS checks need TLS, not served), port "traffic-port" or 1-65535, a path starting with
// "/" of at most 1024 characters, and the matcher.
std::optional<Error> checkHealthCheck(const HealthCheck &hc);
// HttpCode: codes 200-499 as "200", "200,202" or "200-299" (ranges ascending).
std::optional<Error> checkMatcher(const QString &httpCode);

// A rule's conditions: one each of host-header, path-pattern, http-request-method and source-ip;
// at most 3 values per condition and 5 in all; at most 5 wildcards; path patterns of at most 128
// characters from A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & * ?; methods in capitals; source-ip as CIDR.
std::optional<Error> checkConditions(const QList<Condition> &conditions);
// Exactly one terminal action (forward, redirect or fixed-response), with its settings in range.
// `member` names the list in messages ("Actions", "DefaultActions").
std::optional<Error> checkActions(const QList<Action> &actions, const QString &member);

} // namespace fd::elb
