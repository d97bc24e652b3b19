#pragma once

// Private to the Docker JSON codec (docker/DockerJson.h is its public face): tolerant reading of
// the engine's JSON. A missing key, a null or a value of the wrong type reads as the empty value;
// a malformed document is a Protocol error; nothing throws out of parseWith().

#include "Result.h"
#include "docker/DockerTypes.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>
#include <string>

namespace fd::docker::json::detail {

using Json = nlohmann::json;

const Json *member(const Json &j, const char *key);
const Json &obj(const Json &j, const char *key); ///< an empty object unless j[key] is one
const Json &arr(const Json &j, const char *key); ///< an empty array unless j[key] is one
QString toQString(const Json &v);
QString str(const Json &j, const char *key);
/// Integers, unsigned (capped), finite floats (truncated) and numeric strings; anything else 0.
qint64 toInt64(const Json &v);
qint64 int64(const Json &j, const char *key);
quint64 uint64(const Json &j, const char *key); ///< negative values read as 0
bool boolean(const Json &j, const char *key);
QStringList strList(const Json &j, const char *key);
/// An object's members as strings (non-string values as their JSON text).
Labels strMap(const Json &j, const char *key);
QDateTime fromUnixSeconds(qint64 secs); ///< invalid for 0 and below
/// "/name" -> "name": the engine writes container names with a leading slash.
QString stripSlash(QString name);

Error protocolError(const QString &what);

// Parses `text` and runs `convert` on it; a malformed document or an unexpected type (should one
// slip past the accessors) is a Protocol error, never an exception.
template<typename T, typename F> Result<T> parseWith(const QByteArray &text, const QString &what, F convert)
{
    const Json j = Json::parse(text.constData(), text.constData() + text.size(), nullptr, false);
    if (j.is_discarded())
        return protocolError(what);
    try {
        return convert(j);
    } catch (const Json::exception &e) {
        return makeError(QStringLiteral("Protocol"),
                         QStringLiteral("The Docker engine sent %1 of an unexpected shape (%2).")
                             .arg(what, QString::fromUtf8(e.what())));
    }
}

// Writing: Qt values into the JSON of a request body.
std::string s(const QString &q);
Json strArray(const QStringList &list);
Json strObject(const QMap<QString, QString> &map);
QByteArray bytes(const Json &j); ///< the compact text of `j`

} // namespace fd::docker::json::detail
