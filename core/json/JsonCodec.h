#pragma once

// Small conversions shared by the JSON codecs: Qt strings and times to nlohmann::json and back,
// tolerant on read (a missing or mistyped member gives the empty value, never an exception).

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

namespace fd::json::codec {

inline std::string s(const QString &q)
{
    return q.toStdString();
}

inline QString q(const nlohmann::json &j, const char *key)
{
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

inline int integer(const nlohmann::json &j, const char *key, int fallback = 0)
{
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

inline bool boolean(const nlohmann::json &j, const char *key, bool fallback = false)
{
    auto it = j.find(key);
    return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

// Times in the store: milliseconds since the epoch, null when unset.
inline nlohmann::json ms(const QDateTime &t)
{
    return t.isValid() ? nlohmann::json(t.toMSecsSinceEpoch()) : nlohmann::json(nullptr);
}

inline QDateTime fromMs(const nlohmann::json &j, const char *key)
{
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer())
        return {};
    return QDateTime::fromMSecsSinceEpoch(it->get<qint64>(), Qt::UTC);
}

inline nlohmann::json stringList(const QStringList &l)
{
    nlohmann::json out = nlohmann::json::array();
    for (const QString &v : l)
        out.push_back(s(v));
    return out;
}

inline QStringList stringListFrom(const nlohmann::json &j, const char *key)
{
    QStringList out;
    auto it = j.find(key);
    if (it != j.end() && it->is_array()) {
        for (const nlohmann::json &v : *it) {
            if (v.is_string())
                out.append(QString::fromStdString(v.get<std::string>()));
        }
    }
    return out;
}

// Times in API answers: epoch seconds (the AWS CLI prints them as ISO dates); absent when unset.
inline void putTime(nlohmann::json &out, const char *key, const QDateTime &t)
{
    if (t.isValid())
        out[key] = double(t.toMSecsSinceEpoch()) / 1000.0;
}

} // namespace fd::json::codec
