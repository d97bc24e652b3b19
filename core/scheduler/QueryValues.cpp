#include "QueryValues.h"

#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace fd::scheduler {

namespace query {

std::optional<double> toNumber(const QString &s)
{
    bool ok = false;
    const double d = s.toDouble(&ok);
    if (!ok || !std::isfinite(d))
        return std::nullopt;
    return d;
}

QDateTime toDate(const QString &s)
{
    if (s.size() == 10) {
        const QDate d = QDate::fromString(s, Qt::ISODate);
        return d.isValid() ? QDateTime(d, QTime(0, 0), QTimeZone::utc()) : QDateTime();
    }
    QDateTime dt = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (dt.isValid() && dt.timeSpec() == Qt::LocalTime)
        dt.setTimeZone(QTimeZone::utc()); // no offset given: ECS times are UTC
    return dt;
}

bool isPositive(QueryOperator op)
{
    return op != QueryOperator::NotEquals && op != QueryOperator::NotExists && op != QueryOperator::NotIn &&
           op != QueryOperator::NotMatches;
}

QueryOperator positiveOf(QueryOperator op)
{
    switch (op) {
    case QueryOperator::NotEquals:
        return QueryOperator::Equals;
    case QueryOperator::NotExists:
        return QueryOperator::Exists;
    case QueryOperator::NotIn:
        return QueryOperator::In;
    case QueryOperator::NotMatches:
        return QueryOperator::Matches;
    default:
        return op;
    }
}

} // namespace query

std::vector<int> parseVersion(QStringView text)
{
    if (text.startsWith(u'v') || text.startsWith(u'V'))
        text = text.mid(1);
    std::vector<int> parts;
    if (text.isEmpty())
        return parts;
    for (QStringView part : text.split(u'.')) {
        bool ok = false;
        const int v = part.toInt(&ok);
        if (!ok || v < 0 || part.startsWith(u'+'))
            return {};
        parts.push_back(v);
    }
    return parts;
}

int compareVersions(const std::vector<int> &a, const std::vector<int> &b)
{
    const std::size_t n = std::max(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const int x = i < a.size() ? a[i] : 0; // 1.14 == 1.14.0
        const int y = i < b.size() ? b[i] : 0;
        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}

} // namespace fd::scheduler
