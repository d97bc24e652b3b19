#pragma once

#include <QString>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace fd::test {

/**
 * An HTTP/1.1 backend on 127.0.0.1 (its own Asio thread) for traffic-generator tests. It answers
 * like the demo app, with X-Task-Id, X-Revision and X-Colour, taking its tasks in turn (request n
 * goes to task n mod tasks), and misbehaves on the paths it is told to.
 */
class TrafficBackend final
{
public:
    struct Task
    {
        std::string id;
        std::string revision;
        std::string colour;
    };
    enum class Behaviour {
        Answer,          ///< 200 "ok"
        Status500,       ///< 500 Internal Server Error, with the task's headers
        Status404,       ///< 404 Not Found, with the task's headers
        Reset,           ///< reads the request, then resets the connection (RST)
        Hang,            ///< reads the request and never answers
        AnswerThenClose, ///< 200 without "Connection: close", then closes the connection at once
    };

    TrafficBackend();
    ~TrafficBackend();
    TrafficBackend(const TrafficBackend &) = delete;
    TrafficBackend &operator=(const TrafficBackend &) = delete;

    /// Binds 127.0.0.1 on a free port and serves; false when it cannot.
    bool start();
    std::uint16_t port() const;
    /// "http://127.0.0.1:<port><path>"
    QString url(const QString &path = QStringLiteral("/")) const;

    /// Call before sending traffic.
    void setTasks(std::vector<Task> tasks);
    void setBehaviour(const std::string &path, Behaviour behaviour);
    /// Every answer waits this long first.
    void setDelay(std::chrono::milliseconds delay);

    /// Requests read so far (all paths).
    std::int64_t requestsSeen() const;
    /// Connections accepted so far.
    std::int64_t connectionsAccepted() const;

private:
    struct Impl;
    std::shared_ptr<Impl> d;
};

} // namespace fd::test
