#pragma once

#include "Action.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace fd::elb {

struct QueryPair
{
    QString key; // may be empty: then only the value is matched
    QString value;
    bool operator==(const QueryPair &) const = default;
};

// One condition of a rule. `field` is host-header, path-pattern, http-header, http-request-method,
// query-string or source-ip; `values` holds the patterns of all but query-string (its pairs).
struct Condition
{
    QString field;
    QStringList values;
    QString httpHeaderName;      // http-header
    QList<QueryPair> queryPairs; // query-string
    // host-header and path-pattern may be given as the legacy top-level Values instead of their
    // *Config: read back the way they were written.
    bool givenAsValues = false;

    bool operator==(const Condition &) const = default;
};

// A listener rule other than the default rule: priority 1-50000 (lowest first), conditions, actions.
struct ListenerRule
{
    QString id; // 16 hex digits
    QString listenerId;
    int priority = 1;
    QList<Condition> conditions;
    QList<Action> actions;
    QDateTime createdAt;

    bool operator==(const ListenerRule &) const = default;
};

} // namespace fd::elb
