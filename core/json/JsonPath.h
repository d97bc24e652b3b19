#pragma once

// Private to the task definition codec (json/TaskDefinitionJson.h is its public face): where in a
// request document a problem is ("containerDefinitions[0].portMappings[1].hostPort"), and the
// problem itself.

#include "OrderedJson.h"

#include <QString>

#include <string>
#include <vector>

namespace fd::json::taskdef {

// A path into a request document: member names and array indexes from the root.
class Path
{
public:
    Path key(const char *k) const;
    Path at(int index) const;

    // "containerDefinitions[0].portMappings[1].hostPort"
    QString toString() const;

    // Where the path points in `root`, for sorting problems in document order: a member's index
    // in its object, an element's index in its array. An absent member sorts after its siblings.
    std::vector<int> position(const OJson &root) const;

private:
    struct Segment
    {
        std::string key;
        int index = -1;
    };
    std::vector<Segment> m_segments;
};

struct Problem
{
    Path path;
    QString reason;
    bool atEnd = false; // about a whole array: sorts after the problems inside it
};

} // namespace fd::json::taskdef
