#pragma once

#include "Result.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace fd::api {

struct HttpRequest
{
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;

    std::string header(const std::string &lowerName) const
    {
        auto it = headers.find(lowerName);
        return it == headers.end() ? std::string() : it->second;
    }
};

struct HttpResponse
{
    int status = 200;
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;

    std::string header(const std::string &lowerName) const
    {
        auto it = headers.find(lowerName);
        return it == headers.end() ? std::string() : it->second;
    }
};

using Reply = std::function<void(HttpResponse)>;
// Called on a server thread. It must call `reply` exactly once, from any thread.
using Handler = std::function<void(HttpRequest, Reply)>;

// A small HTTP/1.1 server (Boost.Beast) on its own thread, with keep-alive. Binds to one address
// (127.0.0.1 unless told otherwise).
class HttpServer final
{
public:
    explicit HttpServer(Handler handler);
    ~HttpServer();
    HttpServer(const HttpServer &) = delete;
    HttpServer &operator=(const HttpServer &) = delete;

    // Binds and starts serving. Port 0 picks a free port. Fails with a message naming the address
    // when it is in use or not allowed.
    Status listen(const QString &address, quint16 port);
    void stop();
    quint16 port() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace fd::api
