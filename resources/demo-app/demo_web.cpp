// demo-web: the small web app Fleetdeck runs as its demo ECS service.
//
// A static program (no runtime dependencies, so it runs in a FROM scratch image) serving HTTP/1.1 on
// 0.0.0.0:$PORT with Boost.Beast. Every answer says which task, revision and colour served it, so a
// rolling deployment visibly changes what clients get.
//
//   /                 JSON {"taskId","revision","colour","hostname","uptimeSeconds"} when the Accept
//                     header prefers application/json or ?format=json; otherwise an HTML page in the colour
//   /health           200 "ok", or 500 "failing" after /fail
//   /fail, /recover   make /health fail / pass again
//   /burn?ms=N        busy-loops one CPU for N ms (at most 10000), then answers
//   /slow?ms=N        answers after N ms (at most 30000)
//   anything else     404
//
// With BASE_PATH=/cubebuster the same endpoints also answer under that prefix (/cubebuster,
// /cubebuster/health, ...): an app behind a load balancer's path rule ("/cubebuster*"), which forwards
// the path unchanged.
//
// Environment: PORT (8080), REVISION, COLOUR (or COLOR), TASK_ID (default: the hostname), BASE_PATH,
//              LOG_REQUESTS (1; 0 turns the access log off). COLOR wins over COLOUR when both are set:
//              the images bake COLOUR as a default, so a COLOR given at run time must override it.
// Arguments:   healthcheck   GET 127.0.0.1:$PORT/health, exit 0 when it answers 200, else 1
//              fetch URL     GET http://host[:port]/path, the host resolved by the container's resolver
//                            (on a user-defined network: a container name or network alias, through
//                            Docker's embedded DNS); prints the answer, exit 0 on 2xx, 1 on any other
//                            answer or failure, 2 for a URL it cannot use
//              --version, --help
//
// Model: an asio io_context run by a few threads, one strand per connection, timeouts on every read
// and write (idle keep-alive connections are closed after 60 s), a bounded number of connections, and
// a separate bounded pool for /burn so busy loops never stall /health. SIGTERM/SIGINT stop the server
// and exit 0 within a second.

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <unistd.h>

#ifndef DEMO_WEB_VERSION
#define DEMO_WEB_VERSION "1.0.0"
#endif

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

constexpr int kMaxBurnMs = 10000;
constexpr int kMaxSlowMs = 30000;
constexpr int kMaxConnections = 512;
constexpr int kMaxQueuedBurns = 64;
constexpr auto kIdleTimeout = 60s;      // waiting for the next request on a keep-alive connection
constexpr auto kRequestTimeout = 30s;   // reading the rest of a request, writing a response
constexpr auto kShutdownGrace = 500ms;  // in-flight requests get this long after SIGTERM
const std::string kServerName = "fleetdeck-demo-web/" DEMO_WEB_VERSION;

// ---------------------------------------------------------------------------------------------------
// Small helpers

std::string_view sv(beast::string_view s)
{
    return {s.data(), s.size()};
}

std::string envOr(const char *name, const std::string &fallback)
{
    const char *v = std::getenv(name);
    return (v && *v) ? std::string(v) : fallback;
}

std::string hostName()
{
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0 || !buf[0])
        return "unknown";
    return buf;
}

std::optional<int> parsePort(const std::string &s)
{
    int port = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), port);
    if (ec != std::errc{} || p != s.data() + s.size() || port < 1 || port > 65535)
        return std::nullopt;
    return port;
}

std::string jsonEscape(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + 2);
    for (unsigned char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out;
}

std::string htmlEscape(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

// A colour safe to put into CSS: names, #hex, rgb(...) and hsl(...) pass; anything else becomes grey.
std::string cssColour(std::string_view s)
{
    if (s.empty() || s.size() > 64)
        return "grey";
    for (char c : s) {
        const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '#' || c == '(' || c == ')'
            || c == ',' || c == '.' || c == '%' || c == ' ';
        if (!ok)
            return "grey";
    }
    return std::string(s);
}

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percentDecode(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0) {
            out += static_cast<char>(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// Splits a request target into its path and its query parameters (the last value of a repeated name wins).
struct Target
{
    std::string path;
    std::map<std::string, std::string> query;
};

Target splitTarget(std::string_view target)
{
    Target t;
    const auto q = target.find('?');
    t.path = percentDecode(target.substr(0, q));
    if (t.path.empty())
        t.path = "/";
    if (q == std::string_view::npos)
        return t;
    std::string_view rest = target.substr(q + 1);
    const auto hash = rest.find('#');
    rest = rest.substr(0, hash);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        if (pair.empty())
            continue;
        const auto eq = pair.find('=');
        t.query[percentDecode(pair.substr(0, eq))] =
            eq == std::string_view::npos ? std::string{} : percentDecode(pair.substr(eq + 1));
    }
    return t;
}

// The q value the Accept header gives the media type `type/subtype` (exact match beats type/* beats */*).
double acceptQuality(std::string_view accept, std::string_view type, std::string_view subtype)
{
    double best = -1;
    int bestSpecificity = -1;
    while (!accept.empty()) {
        const auto comma = accept.find(',');
        std::string_view item = accept.substr(0, comma);
        accept = comma == std::string_view::npos ? std::string_view{} : accept.substr(comma + 1);

        const auto semi = item.find(';');
        const std::string range = lower(trim(item.substr(0, semi)));
        double q = 1.0;
        if (semi != std::string_view::npos) {
            std::string_view params = item.substr(semi + 1);
            while (!params.empty()) {
                const auto s2 = params.find(';');
                const std::string_view param = trim(params.substr(0, s2));
                params = s2 == std::string_view::npos ? std::string_view{} : params.substr(s2 + 1);
                if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
                    const std::string v(param.substr(2));
                    char *end = nullptr;
                    const double parsed = std::strtod(v.c_str(), &end);
                    if (end && *end == '\0')
                        q = std::clamp(parsed, 0.0, 1.0);
                }
            }
        }
        const auto slash = range.find('/');
        if (slash == std::string::npos)
            continue;
        const std::string_view rt = std::string_view(range).substr(0, slash);
        const std::string_view rs = std::string_view(range).substr(slash + 1);
        int specificity = -1;
        if (rt == "*" && rs == "*")
            specificity = 0;
        else if (rt == type && rs == "*")
            specificity = 1;
        else if (rt == type && rs == subtype)
            specificity = 2;
        if (specificity > bestSpecificity) {
            bestSpecificity = specificity;
            best = q;
        }
    }
    return best < 0 ? 0.0 : best;
}

bool prefersJson(std::string_view accept)
{
    if (accept.empty())
        return false;
    const double json = acceptQuality(accept, "application", "json");
    const double html = acceptQuality(accept, "text", "html");
    return json > 0 && json > html;
}

std::string timestamp()
{
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return buf;
}

std::mutex g_logMutex;

void logLine(const std::string &line)
{
    std::lock_guard lock(g_logMutex);
    std::fprintf(stdout, "%s %s\n", timestamp().c_str(), line.c_str());
    std::fflush(stdout);
}

// ---------------------------------------------------------------------------------------------------
// Process-wide state

struct App
{
    std::string taskId;
    std::string revision;
    std::string colour;
    std::string hostname;
    std::string basePath; // "" or "/prefix" without a trailing slash
    int port = 8080;
    bool logRequests = true;
    Clock::time_point started = Clock::now();

    std::atomic<bool> failing{false};
    std::atomic<bool> stopping{false};
    std::atomic<int> connections{0};
    std::atomic<int> inFlight{0};
    std::atomic<int> queuedBurns{0};

    std::unique_ptr<asio::thread_pool> burnPool;

    long uptimeSeconds() const
    {
        return static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started).count());
    }
};

using Response = http::response<http::string_body>;

Response makeResponse(const App &app, unsigned version, http::status status, std::string contentType, std::string body)
{
    Response res{status, version};
    res.set(http::field::server, kServerName);
    res.set(http::field::content_type, std::move(contentType));
    res.set(http::field::cache_control, "no-store");
    res.set("X-Task-Id", app.taskId);
    res.set("X-Revision", app.revision);
    res.set("X-Colour", app.colour);
    res.body() = std::move(body);
    return res;
}

Response text(const App &app, unsigned version, http::status status, std::string body)
{
    return makeResponse(app, version, status, "text/plain; charset=utf-8", std::move(body));
}

std::string identityJson(const App &app)
{
    std::string j = "{";
    j += "\"taskId\":\"" + jsonEscape(app.taskId) + "\",";
    j += "\"revision\":\"" + jsonEscape(app.revision) + "\",";
    j += "\"colour\":\"" + jsonEscape(app.colour) + "\",";
    j += "\"hostname\":\"" + jsonEscape(app.hostname) + "\",";
    j += "\"uptimeSeconds\":" + std::to_string(app.uptimeSeconds());
    j += "}\n";
    return j;
}

std::string identityHtml(const App &app, int refreshSeconds)
{
    const std::string colour = cssColour(app.colour);
    std::string h;
    h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
    if (refreshSeconds > 0)
        h += "<meta http-equiv=\"refresh\" content=\"" + std::to_string(refreshSeconds) + "\">";
    h += "<title>Fleetdeck demo-web: revision " + htmlEscape(app.revision) + " (" + htmlEscape(app.colour) + ")</title>\n";
    h += "<style>body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;"
         "background:" + colour + ";font-family:sans-serif;color:#fff;text-shadow:0 1px 3px #000}"
         "main{background:rgba(0,0,0,.35);padding:2em 3em;border-radius:12px}"
         "dt{font-weight:bold;margin-top:.6em}dd{margin:0;font-family:monospace;font-size:1.2em}</style>\n";
    h += "</head><body data-colour=\"" + htmlEscape(app.colour) + "\"><main>\n";
    h += "<h1>Revision " + htmlEscape(app.revision) + " &middot; " + htmlEscape(app.colour) + "</h1>\n<dl>\n";
    h += "<dt>Task</dt><dd class=\"task-id\">" + htmlEscape(app.taskId) + "</dd>\n";
    h += "<dt>Revision</dt><dd class=\"revision\">" + htmlEscape(app.revision) + "</dd>\n";
    h += "<dt>Colour</dt><dd class=\"colour\">" + htmlEscape(app.colour) + "</dd>\n";
    h += "<dt>Hostname</dt><dd class=\"hostname\">" + htmlEscape(app.hostname) + "</dd>\n";
    h += "<dt>Uptime</dt><dd class=\"uptime\">" + std::to_string(app.uptimeSeconds()) + " s</dd>\n";
    h += "</dl></main></body></html>\n";
    return h;
}

// Parses ?ms=N: a non-negative integer, capped. nullopt when present but not a number.
std::optional<int> msParam(const Target &t, int fallback, int cap)
{
    const auto it = t.query.find("ms");
    if (it == t.query.end() || it->second.empty())
        return std::min(fallback, cap);
    long long v = 0;
    const std::string &s = it->second;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc::result_out_of_range && p == s.data() + s.size() && !s.empty() && s[0] != '-')
        return cap;
    if (ec != std::errc{} || p != s.data() + s.size() || v < 0)
        return std::nullopt;
    return static_cast<int>(std::min<long long>(v, cap));
}

// ---------------------------------------------------------------------------------------------------
// One HTTP connection

class Session : public std::enable_shared_from_this<Session>
{
public:
    Session(tcp::socket &&socket, App &app)
        : stream_(std::move(socket)), timer_(stream_.get_executor()), app_(app)
    {
        app_.connections.fetch_add(1);
    }
    ~Session() { app_.connections.fetch_sub(1); }

    void run()
    {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->readRequest(); });
    }

    // Called on the session's strand when the server stops: a connection waiting for its next request
    // closes now; one answering a request closes after the answer (sent with Connection: close), and a
    // /slow wait is cut short with a 503.
    void stopIfIdle()
    {
        if (!busy_)
            close();
        else
            timer_.cancel();
    }

    auto executor() { return stream_.get_executor(); }

private:
    void readRequest()
    {
        if (app_.stopping)
            return close();
        parser_.emplace();
        parser_->header_limit(16 * 1024);
        parser_->body_limit(64 * 1024);
        stream_.expires_after(kIdleTimeout);
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&Session::onRead, shared_from_this()));
    }

    void onRead(beast::error_code ec, std::size_t)
    {
        if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted
            || ec == asio::error::connection_reset || ec == asio::error::eof)
            return close();
        if (ec) {
            // Malformed request: say so once, then close.
            req_ = {};
            auto res = text(app_, 11, http::status::bad_request, "bad request: " + ec.message() + "\n");
            res.keep_alive(false);
            return send(std::move(res), "-", "-", Clock::now());
        }
        req_ = parser_->release();
        busy_ = true;
        app_.inFlight.fetch_add(1);
        handle();
    }

    void handle()
    {
        const auto t0 = Clock::now();
        const unsigned version = req_.version();
        const std::string method(req_.method_string());
        const std::string targetText(req_.target());
        const Target target = splitTarget(sv(req_.target()));
        auto reply = [&](Response res) { send(std::move(res), method, targetText, t0); };

        if (req_.method() != http::verb::get && req_.method() != http::verb::head) {
            auto res = text(app_, version, http::status::method_not_allowed, "method not allowed\n");
            res.set(http::field::allow, "GET, HEAD");
            return reply(std::move(res));
        }

        std::string path = target.path;
        if (!app_.basePath.empty() && path.compare(0, app_.basePath.size(), app_.basePath) == 0 &&
            (path.size() == app_.basePath.size() || path[app_.basePath.size()] == '/'))
            path = path.size() == app_.basePath.size() ? std::string("/") : path.substr(app_.basePath.size());
        if (path == "/" || path == "/index.html") {
            const auto fmt = target.query.find("format");
            bool json = prefersJson(sv(req_[http::field::accept]));
            if (fmt != target.query.end())
                json = lower(fmt->second) == "json";
            if (json)
                return reply(makeResponse(app_, version, http::status::ok, "application/json", identityJson(app_)));
            int refresh = 0;
            if (const auto r = target.query.find("refresh"); r != target.query.end())
                refresh = std::clamp(std::atoi(r->second.c_str()), 0, 3600);
            return reply(makeResponse(app_, version, http::status::ok, "text/html; charset=utf-8",
                                      identityHtml(app_, refresh)));
        }
        if (path == "/health") {
            if (app_.failing)
                return reply(text(app_, version, http::status::internal_server_error, "failing"));
            return reply(text(app_, version, http::status::ok, "ok"));
        }
        if (path == "/fail") {
            app_.failing = true;
            logLine("health check now failing (GET /fail)");
            return reply(text(app_, version, http::status::ok, "health now failing; GET /recover to undo\n"));
        }
        if (path == "/recover") {
            app_.failing = false;
            logLine("health check recovered (GET /recover)");
            return reply(text(app_, version, http::status::ok, "recovered\n"));
        }
        if (path == "/burn") {
            const auto ms = msParam(target, 1000, kMaxBurnMs);
            if (!ms)
                return reply(text(app_, version, http::status::bad_request, "ms must be a non-negative integer\n"));
            if (app_.queuedBurns.fetch_add(1) >= kMaxQueuedBurns) {
                app_.queuedBurns.fetch_sub(1);
                return reply(text(app_, version, http::status::service_unavailable, "too many /burn requests\n"));
            }
            asio::post(*app_.burnPool, [self = shared_from_this(), ms = *ms, version, method, targetText, t0] {
                const auto until = Clock::now() + std::chrono::milliseconds(ms);
                volatile unsigned long long sink = 0;
                unsigned long long x = 88172645463325252ull;
                while (Clock::now() < until && !self->app_.stopping) {
                    for (int i = 0; i < 20000; ++i) { // xorshift: real work the optimiser keeps
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                    }
                    sink = sink + x;
                }
                self->app_.queuedBurns.fetch_sub(1);
                const bool cut = Clock::now() < until;
                const long took = static_cast<long>(
                    std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count());
                asio::post(self->stream_.get_executor(), [self, ms, cut, took, version, method, targetText, t0] {
                    if (cut)
                        return self->send(text(self->app_, version, http::status::service_unavailable,
                                               "stopping: /burn cut short after " + std::to_string(took) + " ms\n"),
                                          method, targetText, t0);
                    self->send(text(self->app_, version, http::status::ok,
                                    "burned " + std::to_string(ms) + " ms of CPU (answered after " + std::to_string(took)
                                        + " ms)\n"),
                               method, targetText, t0);
                });
            });
            return;
        }
        if (path == "/slow") {
            const auto ms = msParam(target, 1000, kMaxSlowMs);
            if (!ms)
                return reply(text(app_, version, http::status::bad_request, "ms must be a non-negative integer\n"));
            timer_.expires_after(std::chrono::milliseconds(*ms));
            timer_.async_wait([self = shared_from_this(), ms = *ms, version, method, targetText, t0](beast::error_code ec) {
                if (ec == asio::error::operation_aborted)
                    return self->send(text(self->app_, version, http::status::service_unavailable,
                                           "stopping: /slow cut short\n"),
                                      method, targetText, t0);
                self->send(text(self->app_, version, http::status::ok,
                                "answered after " + std::to_string(ms) + " ms\n"),
                           method, targetText, t0);
            });
            return;
        }
        return reply(text(app_, version, http::status::not_found, "not found: " + path + "\n"));
    }

    void send(Response res, const std::string &method, const std::string &target, Clock::time_point t0)
    {
        const bool keepAlive = !app_.stopping && req_.keep_alive() && res.keep_alive();
        res.keep_alive(keepAlive);
        res.prepare_payload();
        if (req_.method() == http::verb::head)
            res.body().clear(); // Content-Length stays as prepared
        res_ = std::move(res);
        if (app_.logRequests) {
            const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.1f ms", ms);
            logLine(method + " " + target + " " + std::to_string(res_.result_int()) + " " + buf);
        }
        stream_.expires_after(kRequestTimeout);
        http::async_write(stream_, res_, beast::bind_front_handler(&Session::onWrite, shared_from_this(), keepAlive));
    }

    void onWrite(bool keepAlive, beast::error_code ec, std::size_t)
    {
        // onRead counts a request once it parsed; the 400 for a malformed one was not counted.
        if (busy_) {
            busy_ = false;
            app_.inFlight.fetch_sub(1);
        }
        if (ec || !keepAlive)
            return close();
        readRequest();
    }

    void close()
    {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.close();
    }

    beast::tcp_stream stream_;
    asio::steady_timer timer_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::request<http::string_body> req_;
    Response res_;
    App &app_;
    bool busy_ = false; // a parsed request is being answered
};

// ---------------------------------------------------------------------------------------------------

int runHealthcheck()
{
    const std::string portText = envOr("PORT", "8080");
    const auto port = parsePort(portText);
    if (!port) {
        std::printf("unhealthy: PORT=%s is not a port\n", portText.c_str());
        return 1;
    }
    ::alarm(10); // backstop: a hung probe dies of SIGALRM, which Docker counts as a failure

    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    beast::flat_buffer buffer;
    http::request<http::empty_body> req{http::verb::get, "/health", 11};
    req.set(http::field::host, "127.0.0.1:" + portText);
    req.set(http::field::user_agent, "demo-web-healthcheck");
    req.set(http::field::connection, "close");
    http::response<http::string_body> res;
    std::string failure;

    stream.expires_after(3s);
    stream.async_connect(tcp::endpoint(asio::ip::address_v4::loopback(), static_cast<unsigned short>(*port)),
                         [&](beast::error_code ec) {
        if (ec) {
            failure = "connect: " + ec.message();
            return;
        }
        http::async_write(stream, req, [&](beast::error_code ec2, std::size_t) {
            if (ec2) {
                failure = "write: " + ec2.message();
                return;
            }
            http::async_read(stream, buffer, res, [&](beast::error_code ec3, std::size_t) {
                if (ec3)
                    failure = "read: " + ec3.message();
            });
        });
    });
    ioc.run();

    if (!failure.empty()) {
        std::printf("unhealthy: GET http://127.0.0.1:%d/health: %s\n", *port, failure.c_str());
        return 1;
    }
    if (res.result() != http::status::ok) {
        std::printf("unhealthy: GET /health answered %u %s\n", res.result_int(), res.body().c_str());
        return 1;
    }
    std::printf("healthy: GET /health answered 200 %s\n", res.body().c_str());
    return 0;
}

struct FetchUrl
{
    std::string host;
    std::string port = "80";
    std::string target = "/";
};

// "http://host[:port][/path]" (no userinfo, no IPv6 literal: the test's needs, not a URL library)
std::optional<FetchUrl> parseFetchUrl(std::string_view url)
{
    constexpr std::string_view scheme = "http://";
    if (url.substr(0, scheme.size()) != scheme)
        return std::nullopt;
    url.remove_prefix(scheme.size());
    FetchUrl out;
    const auto slash = url.find('/');
    std::string_view authority = url.substr(0, slash);
    if (slash != std::string_view::npos)
        out.target = std::string(url.substr(slash));
    if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
        out.port = std::string(authority.substr(colon + 1));
        authority = authority.substr(0, colon);
        if (!parsePort(out.port))
            return std::nullopt;
    }
    if (authority.empty() || authority.find_first_of("@[]") != std::string_view::npos)
        return std::nullopt;
    out.host = std::string(authority);
    return out;
}

// GET one URL from inside a container: how a test proves that containers on one network find each
// other by name and alias (Docker's embedded DNS), without any traffic from the host.
int runFetch(const std::string &url)
{
    const auto parsed = parseFetchUrl(url);
    if (!parsed) {
        std::fprintf(stderr, "demo-web: fetch needs http://host[:port][/path], not '%s'\n", url.c_str());
        return 2;
    }
    ::alarm(15); // backstop: resolution has no timeout of its own; SIGALRM is a non-zero exit too

    asio::io_context ioc;
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    // IPv4 only: task networks have no IPv6, and an AAAA query for a name Docker does not know
    // would be forwarded to the external resolvers for nothing.
    const auto endpoints = resolver.resolve(tcp::v4(), parsed->host, parsed->port, ec);
    if (ec) {
        std::printf("fetch %s: cannot resolve %s: %s\n", url.c_str(), parsed->host.c_str(), ec.message().c_str());
        return 1;
    }

    beast::tcp_stream stream(ioc);
    beast::flat_buffer buffer;
    http::request<http::empty_body> req{http::verb::get, parsed->target, 11};
    req.set(http::field::host, parsed->host + ":" + parsed->port);
    req.set(http::field::user_agent, "demo-web-fetch");
    req.set(http::field::connection, "close");
    http::response<http::string_body> res;
    std::string failure;
    std::string peer;

    stream.expires_after(5s);
    stream.async_connect(endpoints, [&](beast::error_code ec1, const tcp::endpoint &connected) {
        if (ec1) {
            failure = "connect: " + ec1.message();
            return;
        }
        peer = connected.address().to_string() + ":" + std::to_string(connected.port());
        http::async_write(stream, req, [&](beast::error_code ec2, std::size_t) {
            if (ec2) {
                failure = "write: " + ec2.message();
                return;
            }
            http::async_read(stream, buffer, res, [&](beast::error_code ec3, std::size_t) {
                if (ec3)
                    failure = "read: " + ec3.message();
            });
        });
    });
    ioc.run();

    if (!failure.empty()) {
        std::printf("fetch %s: %s\n", url.c_str(), failure.c_str());
        return 1;
    }
    std::printf("fetch %s (%s): %u %s\n%s\n", url.c_str(), peer.c_str(), res.result_int(),
                std::string(sv(res.reason())).c_str(), res.body().c_str());
    return res.result_int() >= 200 && res.result_int() < 300 ? 0 : 1;
}

void usage(std::FILE *out)
{
    std::fprintf(out,
                 "usage: demo-web [healthcheck | fetch URL | --version | --help]\n"
                 "  Serves HTTP on 0.0.0.0:$PORT (default 8080): /, /health, /fail, /recover, /burn?ms=N, /slow?ms=N.\n"
                 "  Environment: PORT, REVISION, COLOUR (or COLOR, which wins), TASK_ID (default: hostname), LOG_REQUESTS=0|1,\n"
                 "  BASE_PATH=/prefix (the endpoints also answer under it).\n"
                 "  healthcheck: GET 127.0.0.1:$PORT/health; exit 0 on 200, else 1.\n"
                 "  fetch URL: GET http://host[:port]/path (a container name or alias on the same network);\n"
                 "             exit 0 on 2xx, 1 otherwise, 2 for an unusable URL.\n");
}

} // namespace

int main(int argc, char **argv)
{
    std::signal(SIGPIPE, SIG_IGN);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);

    if (argc > 1) {
        const std::string_view arg = argv[1];
        if (arg == "healthcheck")
            return runHealthcheck();
        if (arg == "fetch") {
            if (argc != 3) {
                std::fprintf(stderr, "demo-web: fetch needs exactly one URL\n");
                usage(stderr);
                return 2;
            }
            return runFetch(argv[2]);
        }
        if (arg == "--version" || arg == "version") {
            std::printf("demo-web %s (Fleetdeck demo app; revision %s, colour %s)\n", DEMO_WEB_VERSION,
                        envOr("REVISION", "0").c_str(), envOr("COLOR", envOr("COLOUR", "grey")).c_str());
            return 0;
        }
        if (arg == "--help" || arg == "-h" || arg == "help") {
            usage(stdout);
            return 0;
        }
        std::fprintf(stderr, "demo-web: unknown argument '%s'\n", argv[1]);
        usage(stderr);
        return 2;
    }

    App app;
    app.hostname = hostName();
    // Fleetdeck tells every container its task (FLEETDECK_TASK_ID); TASK_ID lets a user override it.
    app.taskId = envOr("TASK_ID", envOr("FLEETDECK_TASK_ID", app.hostname));
    app.basePath = envOr("BASE_PATH", "");
    while (!app.basePath.empty() && app.basePath.back() == '/')
        app.basePath.pop_back();
    if (!app.basePath.empty() && app.basePath.front() != '/')
        app.basePath.insert(app.basePath.begin(), '/');
    app.revision = envOr("REVISION", "0");
    app.colour = envOr("COLOR", envOr("COLOUR", "grey"));
    app.logRequests = envOr("LOG_REQUESTS", "1") != "0";
    const std::string portText = envOr("PORT", "8080");
    const auto port = parsePort(portText);
    if (!port) {
        std::fprintf(stderr, "demo-web: PORT=%s is not a TCP port (1-65535)\n", portText.c_str());
        return 2;
    }
    app.port = *port;

    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    const unsigned ioThreads = std::clamp(hw * 2, 4u, 16u);
    app.burnPool = std::make_unique<asio::thread_pool>(std::clamp(hw, 2u, 8u));

    asio::io_context ioc{static_cast<int>(ioThreads)};
    tcp::acceptor acceptor(ioc);
    try {
        const tcp::endpoint endpoint(asio::ip::address_v4::any(), static_cast<unsigned short>(app.port));
        acceptor.open(endpoint.protocol());
        acceptor.set_option(asio::socket_base::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen(asio::socket_base::max_listen_connections);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "demo-web: cannot listen on 0.0.0.0:%d: %s\n", app.port, e.what());
        return 1;
    }

    // Live sessions, so a stop can close idle keep-alive connections at once.
    std::mutex sessionsMutex;
    std::vector<std::weak_ptr<Session>> sessions;

    std::function<void()> accept = [&] {
        acceptor.async_accept(asio::make_strand(ioc), [&](beast::error_code ec, tcp::socket socket) {
            if (ec) {
                if (ec == asio::error::operation_aborted || app.stopping)
                    return;
                logLine("accept failed: " + ec.message());
                // e.g. out of file descriptors: back off briefly rather than spin
                auto t = std::make_shared<asio::steady_timer>(ioc, 100ms);
                t->async_wait([t, &accept](beast::error_code) { accept(); });
                return;
            }
            if (app.connections.load() >= kMaxConnections) {
                // Bounded: refuse politely and close.
                beast::error_code wec;
                static const std::string busy = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                                                "Content-Length: 20\r\nConnection: close\r\n\r\ntoo many connections";
                asio::write(socket, asio::buffer(busy), wec);
                socket.shutdown(tcp::socket::shutdown_both, wec);
            } else {
                auto session = std::make_shared<Session>(std::move(socket), app);
                {
                    std::lock_guard lock(sessionsMutex);
                    std::erase_if(sessions, [](const std::weak_ptr<Session> &w) { return w.expired(); });
                    sessions.push_back(session);
                }
                session->run();
            }
            accept();
        });
    };
    accept();

    asio::signal_set signals(ioc, SIGTERM, SIGINT);
    asio::steady_timer shutdownTimer(ioc);
    Clock::time_point stopAt{};
    std::function<void()> waitForInFlight = [&] {
        if (app.inFlight.load() <= 0 || Clock::now() - stopAt >= kShutdownGrace) {
            ioc.stop();
            return;
        }
        shutdownTimer.expires_after(20ms);
        shutdownTimer.async_wait([&](beast::error_code) { waitForInFlight(); });
    };
    signals.async_wait([&](beast::error_code ec, int signo) {
        if (ec)
            return;
        logLine(std::string("received ") + (signo == SIGTERM ? "SIGTERM" : "SIGINT") + ", stopping");
        app.stopping = true;
        stopAt = Clock::now();
        beast::error_code ignored;
        acceptor.close(ignored);
        std::vector<std::shared_ptr<Session>> live;
        {
            std::lock_guard lock(sessionsMutex);
            for (auto &w : sessions)
                if (auto s = w.lock())
                    live.push_back(std::move(s));
        }
        // Close connections that wait for a request; in-flight ones finish (with Connection: close) or
        // are cut when the grace period ends.
        for (auto &s : live)
            asio::post(s->executor(), [s] { s->stopIfIdle(); });
        waitForInFlight();
    });

    logLine("demo-web " DEMO_WEB_VERSION " listening on 0.0.0.0:" + std::to_string(app.port) + " (task " + app.taskId
            + ", revision " + app.revision + ", colour " + app.colour + ")");

    std::vector<std::thread> threads;
    threads.reserve(ioThreads - 1);
    for (unsigned i = 1; i < ioThreads; ++i)
        threads.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto &t : threads)
        t.join();

    app.stopping = true;
    app.burnPool->stop();
    app.burnPool->join();
    logLine("demo-web stopped");
    return 0;
}
