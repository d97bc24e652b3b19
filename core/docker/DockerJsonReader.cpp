#include "docker/DockerJsonReader.h"

#include <cmath>
#include <limits>

namespace fd::docker::json::detail {

const Json *member(const Json &j, const char *key)
{
    if (!j.is_object())
        return nullptr;
    const auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
}

const Json &obj(const Json &j, const char *key)
{
    static const Json empty = Json::object();
    const Json *m = member(j, key);
    return m && m->is_object() ? *m : empty;
}

const Json &arr(const Json &j, const char *key)
{
    static const Json empty = Json::array();
    const Json *m = member(j, key);
    return m && m->is_array() ? *m : empty;
}

QString toQString(const Json &v)
{
    return v.is_string() ? QString::fromStdString(v.get_ref<const std::string &>()) : QString();
}

QString str(const Json &j, const char *key)
{
    const Json *m = member(j, key);
    return m ? toQString(*m) : QString();
}

qint64 toInt64(const Json &v)
{
    if (v.is_number_integer())
        return v.get<qint64>();
    if (v.is_number_unsigned()) {
        const auto u = v.get<quint64>();
        return u > quint64(std::numeric_limits<qint64>::max()) ? std::numeric_limits<qint64>::max() : qint64(u);
    }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        return std::isfinite(d) ? qint64(d) : 0;
    }
    if (v.is_string())
        return QString::fromStdString(v.get_ref<const std::string &>()).toLongLong();
    return 0;
}

qint64 int64(const Json &j, const char *key)
{
    const Json *m = member(j, key);
    return m ? toInt64(*m) : 0;
}

quint64 uint64(const Json &j, const char *key)
{
    const Json *m = member(j, key);
    if (m && m->is_number_unsigned())
        return m->get<quint64>();
    const qint64 v = m ? toInt64(*m) : 0;
    return v > 0 ? quint64(v) : 0;
}

bool boolean(const Json &j, const char *key)
{
    const Json *m = member(j, key);
    return m && m->is_boolean() && m->get<bool>();
}

QStringList strList(const Json &j, const char *key)
{
    QStringList out;
    for (const Json &v : arr(j, key))
        if (v.is_string())
            out.append(toQString(v));
    return out;
}

Labels strMap(const Json &j, const char *key)
{
    Labels out;
    for (const auto &[k, v] : obj(j, key).items())
        out.insert(QString::fromStdString(k), v.is_string() ? toQString(v) : QString::fromStdString(v.dump()));
    return out;
}

QString stripSlash(QString name)
{
    if (name.startsWith(u'/'))
        name.remove(0, 1);
    return name;
}

QDateTime fromUnixSeconds(qint64 secs)
{
    return secs > 0 ? QDateTime::fromSecsSinceEpoch(secs, Qt::UTC) : QDateTime();
}

Error protocolError(const QString &what)
{
    return makeError(QStringLiteral("Protocol"),
                     QStringLiteral("The Docker engine sent %1 that is not valid JSON.").arg(what));
}

std::string s(const QString &q)
{
    return q.toStdString();
}

Json strArray(const QStringList &list)
{
    Json a = Json::array();
    for (const QString &v : list)
        a.push_back(s(v));
    return a;
}

Json strObject(const QMap<QString, QString> &map)
{
    Json o = Json::object();
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        o[s(it.key())] = s(it.value());
    return o;
}

QByteArray bytes(const Json &j)
{
    const std::string out = j.dump();
    return QByteArray(out.data(), qsizetype(out.size()));
}

} // namespace fd::docker::json::detail
