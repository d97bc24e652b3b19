#include "JsonPath.h"

#include <climits>

namespace fd::json::taskdef {

Path Path::key(const char *k) const
{
    Path p = *this;
    p.m_segments.push_back(Segment{k, -1});
    return p;
}

Path Path::at(int index) const
{
    Path p = *this;
    p.m_segments.push_back(Segment{{}, index});
    return p;
}

QString Path::toString() const
{
    QString s;
    for (const Segment &seg : m_segments) {
        if (seg.index >= 0) {
            s += u'[' + QString::number(seg.index) + u']';
        } else {
            if (!s.isEmpty())
                s += u'.';
            s += str(seg.key);
        }
    }
    return s;
}

std::vector<int> Path::position(const OJson &root) const
{
    std::vector<int> pos;
    const OJson *cur = &root;
    for (const Segment &seg : m_segments) {
        if (!cur)
            break;
        if (seg.index >= 0) {
            pos.push_back(seg.index);
            cur = (cur->is_array() && std::size_t(seg.index) < cur->size()) ? &(*cur)[std::size_t(seg.index)] : nullptr;
            continue;
        }
        if (!cur->is_object()) {
            pos.push_back(INT_MAX);
            break;
        }
        int i = 0;
        const OJson *next = nullptr;
        for (auto it = cur->begin(); it != cur->end(); ++it, ++i) {
            if (it.key() == seg.key) {
                next = &it.value();
                break;
            }
        }
        pos.push_back(i); // == size() when absent
        cur = next;
    }
    return pos;
}

} // namespace fd::json::taskdef
