#pragma once

// Private to the cluster query language (scheduler/QueryLanguage.h is its public face): the
// conversions of argument values the parser and the evaluation share, and operator polarity.

#include "QueryLanguage.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace fd::scheduler::query {

// A finite number, or nothing ("1e400", "nan" and text are not numbers).
std::optional<double> toNumber(const QString &s);
// Dates as the ECS documentation writes them: 2018-06-18T22:28:28Z or 2018-06-18 (midnight UTC).
// Invalid when the text is neither.
QDateTime toDate(const QString &s);

// False for the negated operators (!=, !exists, !in, !~).
bool isPositive(QueryOperator op);
// The operator a negated one negates (!= -> ==); a positive one itself.
QueryOperator positiveOf(QueryOperator op);

} // namespace fd::scheduler::query
