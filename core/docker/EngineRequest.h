#pragma once

// Private to DockerEngineClient and its streams: how a call to the Docker Engine API is built
// (versioned target with percent-encoded query, path segments, the request) and how its answer's
// status is read (success, the engine's error message as a named Error).

#include "docker/DockerClient.h"
#include "docker/HttpExchange.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QString>

#include <chrono>
#include <functional>
#include <utility>

namespace fd::docker::engine {

constexpr int kBuffered = int(HttpExchange::BodyMode::Buffered);
constexpr int kLines = int(HttpExchange::BodyMode::Lines);
constexpr int kBytes = int(HttpExchange::BodyMode::Bytes);
constexpr std::chrono::seconds kStreamHeaderTimeout{15};
// The engine answers a pull only once the registry has answered (its own dial timeout is 30 s);
// with no answer at all after this long, the pull is reported as failed rather than left hanging.
constexpr std::chrono::seconds kPullFirstAnswerTimeout{60};

/// Builds "/v1.41/<path>?k=v&..." with percent-encoded values.
class Target
{
public:
    explicit Target(const QByteArray &path);

    Target &add(const char *key, const QByteArray &value);
    Target &add(const char *key, const QString &value) { return add(key, value.toUtf8()); }
    Target &add(const char *key, qint64 value) { return add(key, QByteArray::number(value)); }
    Target &flag(const char *key, bool on) { return add(key, QByteArray(on ? "1" : "0")); }

    QByteArray str() const { return m_target; }

private:
    QByteArray m_target;
    bool m_hasQuery = false;
};

/// A container id or name as a path segment.
QByteArray seg(const QString &idOrName);
/// An image reference as a path segment: '/' and ':' stay, the engine's router expects them.
QByteArray imageSeg(const QString &reference);
HttpRequest request(const char *method, const Target &target);
/// GET /containers/{id}/logs for `o`, following the output or not.
Target logsTarget(const QString &id, const LogOptions &o, bool follow);

bool isSuccess(int status);
Error unexpectedStatus(const HttpReply &reply, const QString &context = {});
/// The error of a failed exchange or of a non-2xx answer, as a message and as a code.
QString errorText(const Result<HttpReply> &r, const QString &context = {});
QString errorCode(const Result<HttpReply> &r);

/// A promise's canceller that aborts `ex` (if it still exists).
std::function<void()> abortOnCancel(HttpExchange *ex);

// Splits "name:tag" / "name@sha256:..." into (fromImage, tag); the tag defaults to "latest".
std::pair<QString, QString> splitReference(const QString &reference);
// "1.41" -> 141; garbage -> 0
int apiNumber(const QString &v);
/// What is left of `total` since `since` started (at least 1 ms); a zero total stays zero (no limit).
Timeout remaining(Timeout total, const QElapsedTimer &since);

} // namespace fd::docker::engine
