// The API round trip of RunTask over HTTP, p50 and p99, beside DescribeClusters as the floor
// (issue 10, "Measured"). Each run starts a headless fleetdeck of its own:
//   fleetdeck --headless --runtime simulated --api-port 0 --data-dir <fresh temporary dir>
// (the first start creates cluster "default" with three simulated instances), registers a small task
// definition, and then, over one keep-alive HTTP/1.1 connection on 127.0.0.1, repeats --count rounds
// of: DescribeClusters (timed), RunTask count=1 (timed), StopTask of that task (not timed, so that the
// number of live tasks stays the same from round to round). Requests carry what the aws CLI sends
// (X-Amz-Target, the JSON 1.1 content type, a SigV4-shaped Authorization that Fleetdeck does not
// check). The client is Boost.Beast, synchronous, one request in flight.
//
//   bench-api --fleetdeck <path> [--count 1000] [--runs 5] [--warmup 50]
//             [--server-cpu n --client-cpu n]   (pin the server and this client to one CPU each)
//
// Prints key=value lines (bench/run api turns them into the RESULTS.md section): per run and the
// median over runs of p50 and p99 for both operations, and the ratios. Exit status 1 on any
// non-200 answer, a RunTask that places nothing, or a server that does not come up.

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sched.h>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Options
{
    QString fleetdeck;
    int count = 1000;
    int runs = 5;
    int warmup = 50;
    int serverCpu = -1;
    int clientCpu = -1;
};

void pinTo(int cpu)
{
    if (cpu < 0)
        return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
}

// One keep-alive connection to the API, reopened if the server closes it.
class Client
{
public:
    explicit Client(unsigned short port) : m_port(port) { connect(); }

    // POSTs one ECS operation; returns the body of a 200 answer, throws otherwise.
    std::string call(const std::string &operation, const std::string &body)
    {
        http::request<http::string_body> req{http::verb::post, "/", 11};
        req.set(http::field::host, "127.0.0.1:" + std::to_string(m_port));
        req.set(http::field::content_type, "application/x-amz-json-1.1");
        req.set("X-Amz-Target", "AmazonEC2ContainerServiceV20141113." + operation);
        req.set(http::field::authorization, "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ecs/aws4_request, "
                                            "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0");
        req.set("X-Amz-Date", "20260101T000000Z");
        req.keep_alive(true);
        req.body() = body;
        req.prepare_payload();

        m_stream.expires_after(std::chrono::seconds(30));
        http::write(m_stream, req);
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(m_stream, buffer, res);
        if (res.result() != http::status::ok)
            throw std::runtime_error(operation + " answered " + std::to_string(res.result_int()) + ": " + res.body());
        if (!res.keep_alive()) {
            beast::error_code ignored;
            m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
            m_stream.close();
            connect();
        }
        return res.body();
    }

private:
    void connect()
    {
        m_stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), m_port));
        m_stream.socket().set_option(tcp::no_delay(true));
    }

    unsigned short m_port;
    boost::asio::io_context m_io;
    beast::tcp_stream m_stream{m_io};
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    // Nearest rank: the smallest value with at least p% of the samples at or below it.
    const std::size_t rank = std::size_t(std::max(1.0, std::ceil(p / 100.0 * double(v.size()))));
    return v[std::min(rank, v.size()) - 1];
}

double median(std::vector<double> v)
{
    return percentile(std::move(v), 50);
}

struct RunResult
{
    std::vector<double> describeUs;
    std::vector<double> runTaskUs;
};

// Starts fleetdeck and returns the API port it reports.
unsigned short startServer(QProcess &server, const Options &o, const QString &dataDir)
{
    server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const int cpu = o.serverCpu;
    server.setChildProcessModifier([cpu] { pinTo(cpu); });
    server.start(o.fleetdeck, {QStringLiteral("--headless"), QStringLiteral("--runtime"), QStringLiteral("simulated"),
                               QStringLiteral("--api-port"), QStringLiteral("0"), QStringLiteral("--data-dir"), dataDir});
    static const QRegularExpression api(QStringLiteral("api:\\s+http://127\\.0\\.0\\.1:(\\d+)"));
    QByteArray out;
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (Clock::now() < deadline) {
        server.waitForReadyRead(100);
        out += server.readAllStandardOutput();
        const QRegularExpressionMatch m = api.match(QString::fromUtf8(out));
        if (m.hasMatch())
            return static_cast<unsigned short>(m.captured(1).toUInt());
        if (server.state() == QProcess::NotRunning)
            break;
    }
    throw std::runtime_error("fleetdeck did not report its API: " + out.toStdString());
}

std::string taskArnOf(const std::string &runTaskBody)
{
    const nlohmann::json j = nlohmann::json::parse(runTaskBody, nullptr, false);
    if (j.is_discarded() || !j.contains("tasks") || j["tasks"].size() != 1 ||
        !j.value("failures", nlohmann::json::array()).empty())
        throw std::runtime_error("RunTask placed nothing: " + runTaskBody);
    return j["tasks"][0].value("taskArn", "");
}

double elapsedUs(Clock::time_point start)
{
    return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

RunResult runOnce(const Options &o)
{
    QTemporaryDir data;
    if (!data.isValid())
        throw std::runtime_error("cannot create a temporary data directory");
    QProcess server;
    const unsigned short port = startServer(server, o, data.path() + QStringLiteral("/fleetdeck"));

    RunResult r;
    try {
        Client client(port);
        client.call("RegisterTaskDefinition",
                    R"({"family":"bench-api","containerDefinitions":[{"name":"app","image":"fleetdeck/demo-web:1",)"
                    R"("memory":16,"essential":true}]})");
        const std::string describe = R"({"clusters":["default"]})";
        const std::string runTask = R"({"cluster":"default","taskDefinition":"bench-api","count":1})";

        for (int i = 0; i < o.warmup + o.count; ++i) {
            const bool timed = i >= o.warmup;
            auto t0 = Clock::now();
            client.call("DescribeClusters", describe);
            const double describeUs = elapsedUs(t0);
            t0 = Clock::now();
            const std::string body = client.call("RunTask", runTask);
            const double runTaskUs = elapsedUs(t0);
            const std::string arn = taskArnOf(body);
            client.call("StopTask", R"({"cluster":"default","reason":"bench","task":")" + arn + "\"}");
            if (timed) {
                r.describeUs.push_back(describeUs);
                r.runTaskUs.push_back(runTaskUs);
            }
        }
    } catch (...) {
        server.kill();
        server.waitForFinished(5000);
        throw;
    }
    server.terminate();
    if (!server.waitForFinished(10000)) {
        server.kill();
        server.waitForFinished(5000);
    }
    return r;
}

void printList(const char *key, const std::vector<double> &values)
{
    std::printf("%s=", key);
    for (std::size_t i = 0; i < values.size(); ++i)
        std::printf("%s%.0f", i ? "," : "", values[i]);
    std::printf("\n");
}

bool parseOptions(int argc, char *argv[], Options &o)
{
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc)
            return false;
        const char *v = argv[++i];
        if (a == "--fleetdeck")
            o.fleetdeck = QString::fromLocal8Bit(v);
        else if (a == "--count")
            o.count = std::max(1, std::atoi(v));
        else if (a == "--runs")
            o.runs = std::max(1, std::atoi(v));
        else if (a == "--warmup")
            o.warmup = std::max(0, std::atoi(v));
        else if (a == "--server-cpu")
            o.serverCpu = std::atoi(v);
        else if (a == "--client-cpu")
            o.clientCpu = std::atoi(v);
        else
            return false;
    }
    return !o.fleetdeck.isEmpty();
}

} // namespace

int main(int argc, char *argv[])
{
    Options o;
    if (!parseOptions(argc, argv, o)) {
        std::fprintf(stderr, "usage: bench-api --fleetdeck <path> [--count n] [--runs n] [--warmup n] "
                             "[--server-cpu n --client-cpu n]\n");
        return 2;
    }
    pinTo(o.clientCpu);

    std::vector<double> d50, d99, r50, r99, dAll, rAll;
    try {
        for (int run = 0; run < o.runs; ++run) {
            const RunResult r = runOnce(o);
            d50.push_back(percentile(r.describeUs, 50));
            d99.push_back(percentile(r.describeUs, 99));
            r50.push_back(percentile(r.runTaskUs, 50));
            r99.push_back(percentile(r.runTaskUs, 99));
            dAll.insert(dAll.end(), r.describeUs.begin(), r.describeUs.end());
            rAll.insert(rAll.end(), r.runTaskUs.begin(), r.runTaskUs.end());
            std::fprintf(stderr, "bench-api: run %d: DescribeClusters p50 %.0f us p99 %.0f us; RunTask p50 %.0f us "
                                 "p99 %.0f us\n",
                         run + 1, d50.back(), d99.back(), r50.back(), r99.back());
        }
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench-api: %s\n", e.what());
        return 1;
    }

    std::printf("count=%d\nruns=%d\nwarmup=%d\nserver_cpu=%d\nclient_cpu=%d\n", o.count, o.runs, o.warmup, o.serverCpu,
                o.clientCpu);
    const double md50 = median(d50), md99 = median(d99), mr50 = median(r50), mr99 = median(r99);
    std::printf("describe_p50_us=%.0f\ndescribe_p99_us=%.0f\nruntask_p50_us=%.0f\nruntask_p99_us=%.0f\n", md50, md99,
                mr50, mr99);
    std::printf("describe_max_us=%.0f\nruntask_max_us=%.0f\n", *std::max_element(dAll.begin(), dAll.end()),
                *std::max_element(rAll.begin(), rAll.end()));
    std::printf("ratio_p50=%.2f\nratio_p99=%.2f\n", md50 > 0 ? mr50 / md50 : 0.0, md99 > 0 ? mr99 / md99 : 0.0);
    printList("describe_p50_runs_us", d50);
    printList("describe_p99_runs_us", d99);
    printList("runtask_p50_runs_us", r50);
    printList("runtask_p99_runs_us", r99);
    return 0;
}
