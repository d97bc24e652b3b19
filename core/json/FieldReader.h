#pragma once

// Private to the task definition codec (json/TaskDefinitionJson.h is its public face): reading
// typed values out of a request document. A reader never stops at a problem: it records it (the
// path and the reason, worded for the user) and returns nothing, so a validator built on it can
// walk the whole document and report the first problem in document order, whatever order its
// checks ran in.

#include "JsonPath.h"
#include "Result.h"

#include <QString>
#include <QStringList>

#include <climits>
#include <optional>
#include <vector>

namespace fd::json::taskdef {

struct Range
{
    qint64 min = 0;
    qint64 max = INT_MAX;
    const char *unit = ""; // " MiB", " seconds", ...
};

// "must be between 1 and 65535 (got 70000)", "must be at least 6 MiB (got 4)", ...
QString rangeReason(const Range &r, qint64 got);

class FieldReader
{
protected:
    void fail(const Path &p, QString reason, bool atEnd = false);

    // The member `key` of `obj`, absent and null alike giving nothing (and "is required" when
    // `required`); a member of the wrong type gives nothing and "must be a string" and so on.
    std::optional<QString> string(const OJson &obj, const Path &parent, const char *key, bool required = false);
    std::optional<int> integer(const OJson &obj, const Path &parent, const char *key, const Range &range);
    std::optional<qint64> integerValue(const OJson &v, const Path &p);
    std::optional<bool> boolean(const OJson &obj, const Path &parent, const char *key);
    QStringList stringList(const OJson &obj, const Path &parent, const char *key);
    const OJson *array(const OJson &obj, const Path &parent, const char *key, bool required = false);
    const OJson *object(const OJson &obj, const Path &parent, const char *key, bool required = false);
    bool isObjectElement(const OJson &v, const Path &p);
    // `n` as an int when `range` holds it, else a problem at `p` ("must be between ...").
    std::optional<int> inRange(qint64 n, const Range &range, const Path &p);

    bool hasProblems() const { return !m_problems.empty(); }
    // The first problem in `doc`'s document order as a ClientException "<field>: <reason>";
    // ties keep the order the checks found them in. Only when hasProblems().
    Error firstProblem(const OJson &doc) const;

private:
    // The member when it is there with the JSON type `type`; else the problem "is required" (when
    // `required`) or `wrongType`, and nothing.
    const OJson *typed(const OJson &obj, const Path &parent, const char *key, bool required, OJson::value_t type,
                       const char *wrongType);

    std::vector<Problem> m_problems;
};

} // namespace fd::json::taskdef
