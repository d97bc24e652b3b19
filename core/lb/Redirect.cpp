#include "lb/Redirect.h"

#include <algorithm>

namespace fd::lb {

std::string substituteKeywords(std::string_view part, const OriginalUrl &url)
{
    const std::string port = std::to_string(url.port);
    std::string_view path = url.path;
    if (!path.empty() && path.front() == '/')
        path.remove_prefix(1);
    std::string out;
    out.reserve(part.size() + url.path.size() + url.query.size());
    std::size_t i = 0;
    while (i < part.size()) {
        if (part.compare(i, 2, "#{") == 0) {
            const std::size_t close = part.find('}', i);
            if (close != std::string_view::npos) {
                const std::string_view word = part.substr(i + 2, close - i - 2);
                const std::string_view *value = nullptr;
                std::string_view portView = port;
                if (word == "protocol")
                    value = &url.protocol;
                else if (word == "host")
                    value = &url.host;
                else if (word == "port")
                    value = &portView;
                else if (word == "path")
                    value = &path;
                else if (word == "query")
                    value = &url.query;
                if (value) {
                    out.append(*value);
                    i = close + 1;
                    continue;
                }
            }
        }
        out.push_back(part[i++]);
    }
    return out;
}

std::string redirectLocation(const RedirectAction &action, const OriginalUrl &url)
{
    std::string protocol = substituteKeywords(action.protocol, url);
    std::transform(protocol.begin(), protocol.end(), protocol.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; });
    std::string path = substituteKeywords(action.path, url);
    if (path.empty() || path.front() != '/')
        path.insert(path.begin(), '/');
    const std::string query = substituteKeywords(action.query, url);
    std::string location =
        protocol + "://" + substituteKeywords(action.host, url) + ":" + substituteKeywords(action.port, url) + path;
    if (!query.empty())
        location += "?" + query;
    return location;
}

} // namespace fd::lb
