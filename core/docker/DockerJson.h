#pragma once

// Conversions between the DTOs of DockerTypes.h and the engine's JSON (nlohmann stays in the .cpp).
// Every parse function accepts anything the engine might send: missing keys, nulls and wrong types
// read as empty values, malformed JSON is an error with code "Protocol"; nothing throws.

#include "Result.h"
#include "docker/DockerTypes.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace fd::docker::json {

Result<VersionInfo> parseVersion(const QByteArray &body);
Result<EngineInfo> parseInfo(const QByteArray &body);
Result<CreatedContainer> parseCreated(const QByteArray &body);
Result<ContainerInspect> parseContainerInspect(const QByteArray &body);
Result<QList<ContainerSummary>> parseContainerList(const QByteArray &body);
Result<QList<ImageSummary>> parseImageList(const QByteArray &body);
Result<ImageInspect> parseImageInspect(const QByteArray &body);
Result<CreatedNetwork> parseCreatedNetwork(const QByteArray &body);
Result<QList<NetworkSummary>> parseNetworkList(const QByteArray &body);
/// One stats frame (a line of the stream, or the one-shot body).
Result<ContainerStats> parseStats(const QByteArray &line);
/// One line of the events stream.
Result<DockerEvent> parseEvent(const QByteArray &line);

/// One line of the /images/create (pull) or /build progress stream.
struct ProgressMessage
{
    QString status; ///< pull: "Downloading", "Pull complete", ...
    QString id;     ///< pull: the layer id
    qint64 current = 0;
    qint64 total = 0;
    QString progress; ///< pull: the engine's text bar
    QString stream;   ///< build: output text (may hold several lines, or a partial one)
    QString auxId;    ///< build: aux.ID, the built image's id
    QString error;    ///< a failure reported inside the 200 stream
};
Result<ProgressMessage> parseProgress(const QByteArray &line);

/// The JSON body of POST /containers/create (spec 1.3): ExposedPorts for every binding,
/// HostConfig.PortBindings, RestartPolicy "no", resource limits, health check in ns.
QByteArray containerCreateBody(const ContainerCreateSpec &spec);
/// The JSON body of POST /networks/create: Name, CheckDuplicate true, Driver, Internal, Labels.
QByteArray networkCreateBody(const NetworkCreateSpec &spec);
/// The value of a `filters=` query parameter: a JSON map of string lists (not URL-encoded yet).
QByteArray filtersJson(const QMap<QString, QStringList> &filters);
/// A JSON object of strings (build args, labels for /build).
QByteArray stringMapJson(const QMap<QString, QString> &map);

/// The error for a 4xx/5xx answer: code NotFound (404), Conflict (409) or EngineError, and the
/// engine's own message ({"message": "..."}) as the sentence, prefixed by `context` when given.
Error errorFromResponse(int status, const QByteArray &body, const QString &context = {});

/// RFC 3339 with up to nanoseconds ("2026-11-24T23:55:52.123456789Z", "...+01:00"), as the
/// engine writes times; the zero time 0001-01-01T00:00:00Z and garbage give an invalid QDateTime.
QDateTime parseTimestamp(const QString &text);
/// "seconds.nanoseconds", the form `since`/`until` take.
QByteArray unixNanoParam(qint64 timeNano);

} // namespace fd::docker::json
