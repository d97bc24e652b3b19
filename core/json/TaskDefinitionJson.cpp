#include "TaskDefinitionJson.h"

#include "model/Arn.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fd::json {

namespace {

// Ordered, so that the document keeps the member order the user wrote: the wizard shows it next
// to the form, and "first error in document order" needs the order anyway.
using OJson = nlohmann::ordered_json;

constexpr int kMaxDepth = 128;

const char *const kReadOnlyMembers[] = {
    "taskDefinitionArn", "revision",     "status",         "requiresAttributes", "compatibilities",
    "registeredAt",      "registeredBy", "deregisteredAt", "deleteRequestedAt",
};

const char *const kNetworkModes[] = {"none", "bridge", "awsvpc", "host"};
const char *const kLogDrivers[] = {"json-file", "syslog",  "journald", "gelf",
                                   "fluentd",   "awslogs", "splunk",   "awsfirelens"};
const char *const kConditions[] = {"START", "COMPLETE", "SUCCESS", "HEALTHY"};

// Host ports the ECS agent never hands out: SSH, the Docker daemon (plain and TLS) and the
// agent's own introspection/credentials endpoints.
bool isReservedHostPort(int port)
{
    return port == 22 || port == 2375 || port == 2376 || (port >= 51678 && port <= 51680);
}

template<std::size_t N> bool oneOf(const QString &value, const char *const (&allowed)[N])
{
    return std::any_of(std::begin(allowed), std::end(allowed),
                       [&](const char *a) { return value == QLatin1StringView(a); });
}

template<std::size_t N> QString joined(const char *const (&allowed)[N])
{
    QStringList parts;
    for (const char *a : allowed)
        parts << QString::fromLatin1(a);
    return parts.join(QStringLiteral(", "));
}

QString str(const std::string &s)
{
    return QString::fromStdString(s);
}

std::string std8(const QString &s)
{
    return s.toStdString();
}

QString quoted(const QString &s)
{
    return u'"' + s + u'"';
}

QString typeName(const OJson &v)
{
    return QString::fromLatin1(v.type_name());
}

std::string dump(const OJson &j, int indent = -1)
{
    return j.dump(indent, ' ', false, OJson::error_handler_t::replace);
}

// A member that is absent or null: AWS clients treat a null member as not given.
const OJson *member(const OJson &obj, const char *key)
{
    if (!obj.is_object())
        return nullptr;
    const auto it = obj.find(key);
    return (it == obj.end() || it->is_null()) ? nullptr : &*it;
}

bool spelled(const OJson &obj, const char *key)
{
    return member(obj, key) != nullptr;
}

// "line L, column C" for a 1-based byte position as nlohmann reports it. Columns count
// characters (UTF-8 code points), not bytes, so they match what an editor shows.
QString lineColumn(const QByteArray &text, std::size_t bytePosition)
{
    const qsizetype offset = std::clamp<qsizetype>(qsizetype(bytePosition) - 1, 0, text.size());
    int line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    if (lineStart == 0 && text.startsWith("\xEF\xBB\xBF"))
        lineStart = 3; // nlohmann skips a UTF-8 byte order mark; so does an editor
    int column = 1;
    for (qsizetype i = lineStart; i < offset; ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            ++column;
    }
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

// nlohmann's what() is "[json.exception.parse_error.101] parse error at line 3, column 3: <reason>".
QString parseErrorReason(const char *what)
{
    const QString text = QString::fromUtf8(what);
    const qsizetype colon = text.indexOf(QStringLiteral(": "));
    return colon < 0 ? text : text.mid(colon + 2);
}

struct TooDeep
{};

// ---------------------------------------------------------------------------------------------
// Paths and problems

class Path
{
public:
    Path key(const char *k) const
    {
        Path p = *this;
        p.m_segments.push_back(Segment{k, -1});
        return p;
    }
    Path at(int index) const
    {
        Path p = *this;
        p.m_segments.push_back(Segment{{}, index});
        return p;
    }

    // "containerDefinitions[0].portMappings[1].hostPort"
    QString toString() const
    {
        QString s;
        for (const Segment &seg : m_segments) {
            if (seg.index >= 0) {
                s += u'[' + QString::number(seg.index) + u']';
            } else {
                if (!s.isEmpty())
                    s += u'.';
                s += str(seg.key);
            }
        }
        return s;
    }

    // Where the path points in `root`, for sorting problems in document order: a member's index
    // in its object, an element's index in its array. An absent member sorts after its siblings.
    std::vector<int> position(const OJson &root) const
    {
        std::vector<int> pos;
        const OJson *cur = &root;
        for (const Segment &seg : m_segments) {
            if (!cur)
                break;
            if (seg.index >= 0) {
                pos.push_back(seg.index);
                cur = (cur->is_array() && std::size_t(seg.index) < cur->size()) ? &(*cur)[std::size_t(seg.index)]
                                                                                : nullptr;
                continue;
            }
            if (!cur->is_object()) {
                pos.push_back(INT_MAX);
                break;
            }
            int i = 0;
            const OJson *next = nullptr;
            for (auto it = cur->begin(); it != cur->end(); ++it, ++i) {
                if (it.key() == seg.key) {
                    next = &it.value();
                    break;
                }
            }
            pos.push_back(i); // == size() when absent
            cur = next;
        }
        return pos;
    }

private:
    struct Segment
    {
        std::string key;
        int index = -1;
    };
    std::vector<Segment> m_segments;
};

struct Problem
{
    Path path;
    QString reason;
    bool atEnd = false; // about a whole array: sorts after the problems inside it
};

struct Range
{
    qint64 min = 0;
    qint64 max = INT_MAX;
    const char *unit = ""; // " MiB", " seconds", ...
};

QString rangeReason(const Range &r, qint64 got)
{
    const QString unit = QString::fromLatin1(r.unit);
    if (r.max >= INT_MAX) {
        if (got > r.max)
            return QStringLiteral("must be at most %1%2 (got %3)").arg(r.max).arg(unit).arg(got);
        return QStringLiteral("must be at least %1%2 (got %3)").arg(r.min).arg(unit).arg(got);
    }
    return QStringLiteral("must be between %1 and %2%3 (got %4)").arg(r.min).arg(r.max).arg(unit).arg(got);
}

// ---------------------------------------------------------------------------------------------
// Task-level cpu and memory: numbers or strings, converted as ECS does at registration.

// "1024" -> 1024, "1 vCPU" -> 1024, "0.5 vcpu" -> 512.
std::optional<qint64> cpuUnitsFrom(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*(vcpus?)?\\s*$"),
                                       QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const double number = m.captured(1).toDouble();
    const double units = m.captured(2).isEmpty() ? number : number * 1024.0;
    if (std::floor(units) != units || units > double(INT_MAX))
        return std::nullopt;
    return qint64(units);
}

// "512" -> 512, "512 MiB" -> 512, "1GB" -> 1024, "0.5 GiB" -> 512.
std::optional<qint64> memoryMiBFrom(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*(mib|mb|gib|gb)?\\s*$"),
                                       QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const double number = m.captured(1).toDouble();
    const bool gib = m.captured(2).startsWith(u'g', Qt::CaseInsensitive);
    const double mib = gib ? number * 1024.0 : number;
    if (std::floor(mib) != mib || mib > double(INT_MAX))
        return std::nullopt;
    return qint64(mib);
}

// ---------------------------------------------------------------------------------------------
// The validator: walks the whole request, collects every problem, reports the first in
// document order. Collecting (rather than stopping at the first check that fails) keeps the
// report independent of the order the checks run in, which cross-field rules need.

class Validator
{
public:
    explicit Validator(OJson &doc) : m_doc(doc) {}

    Result<TaskDefinitionSpec> run();

private:
    void fail(const Path &p, QString reason, bool atEnd = false)
    {
        m_problems.push_back(Problem{p, std::move(reason), atEnd});
    }

    std::optional<QString> string(const OJson &obj, const Path &parent, const char *key, bool required = false);
    std::optional<int> integer(const OJson &obj, const Path &parent, const char *key, const Range &range);
    std::optional<qint64> integerValue(const OJson &v, const Path &p);
    std::optional<bool> boolean(const OJson &obj, const Path &parent, const char *key);
    QStringList stringList(const OJson &obj, const Path &parent, const char *key);
    const OJson *array(const OJson &obj, const Path &parent, const char *key, bool required = false);
    const OJson *object(const OJson &obj, const Path &parent, const char *key, bool required = false);
    bool isObjectElement(const OJson &v, const Path &p);
    bool checkName(const QString &name, const Path &p);

    std::optional<int> taskCpu();
    std::optional<int> taskMemory();
    void containers(const OJson &defs, const Path &p);
    ContainerDefinition container(const OJson &c, const Path &p, int index);
    void portMappings(const OJson &c, const Path &p, ContainerDefinition &d);
    std::optional<HealthCheck> healthCheck(const OJson &c, const Path &p);
    void links(const Path &p, const ContainerDefinition &d, int index);
    void dependsOn(const OJson &c, const Path &p, ContainerDefinition &d, int index);
    void logConfiguration(const OJson &c, const Path &p, ContainerDefinition &d);
    void dependencyCycles(const Path &p);
    void taskWideChecks(const OJson &defs, const Path &p);
    void placementConstraints();

    OJson &m_doc;
    std::vector<Problem> m_problems;
    TaskDefinitionSpec m_spec;
    bool m_networkModeKnown = true; // false when networkMode is invalid: mode-dependent checks are skipped

    // What every container says about itself, read before the containers are checked one by one,
    // so links and dependsOn can refer to containers further down.
    QStringList m_names;
    QList<bool> m_essential;
    QList<bool> m_hasHealthCheck;

    QHash<QString, QString> m_hostPorts; // "8080/tcp" -> path of the mapping that took it
};

std::optional<QString> Validator::string(const OJson &obj, const Path &parent, const char *key, bool required)
{
    const Path p = parent.key(key);
    const OJson *v = member(obj, key);
    if (!v) {
        if (required)
            fail(p, QStringLiteral("is required"));
        return std::nullopt;
    }
    if (!v->is_string()) {
        fail(p, QStringLiteral("must be a string"));
        return std::nullopt;
    }
    return str(v->get_ref<const std::string &>());
}

std::optional<qint64> Validator::integerValue(const OJson &v, const Path &p)
{
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        return u > std::uint64_t(INT64_MAX) ? INT64_MAX : qint64(u);
    }
    if (v.is_number_integer())
        return v.get<std::int64_t>();
    fail(p, QStringLiteral("must be an integer"));
    return std::nullopt;
}

std::optional<int> Validator::integer(const OJson &obj, const Path &parent, const char *key, const Range &range)
{
    const Path p = parent.key(key);
    const OJson *v = member(obj, key);
    if (!v)
        return std::nullopt;
    const std::optional<qint64> n = integerValue(*v, p);
    if (!n)
        return std::nullopt;
    if (*n < range.min || *n > range.max) {
        fail(p, rangeReason(range, *n));
        return std::nullopt;
    }
    return int(*n);
}

std::optional<bool> Validator::boolean(const OJson &obj, const Path &parent, const char *key)
{
    const OJson *v = member(obj, key);
    if (!v)
        return std::nullopt;
    if (!v->is_boolean()) {
        fail(parent.key(key), QStringLiteral("must be a boolean"));
        return std::nullopt;
    }
    return v->get<bool>();
}

QStringList Validator::stringList(const OJson &obj, const Path &parent, const char *key)
{
    QStringList out;
    const OJson *arr = array(obj, parent, key);
    if (!arr)
        return out;
    const Path p = parent.key(key);
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const OJson &e = (*arr)[i];
        if (!e.is_string()) {
            fail(p.at(int(i)), QStringLiteral("must be a string"));
            continue;
        }
        out << str(e.get_ref<const std::string &>());
    }
    return out;
}

const OJson *Validator::array(const OJson &obj, const Path &parent, const char *key, bool required)
{
    const OJson *v = member(obj, key);
    if (!v) {
        if (required)
            fail(parent.key(key), QStringLiteral("is required"));
        return nullptr;
    }
    if (!v->is_array()) {
        fail(parent.key(key), QStringLiteral("must be an array"));
        return nullptr;
    }
    return v;
}

const OJson *Validator::object(const OJson &obj, const Path &parent, const char *key, bool required)
{
    const OJson *v = member(obj, key);
    if (!v) {
        if (required)
            fail(parent.key(key), QStringLiteral("is required"));
        return nullptr;
    }
    if (!v->is_object()) {
        fail(parent.key(key), QStringLiteral("must be an object"));
        return nullptr;
    }
    return v;
}

bool Validator::isObjectElement(const OJson &v, const Path &p)
{
    if (v.is_object())
        return true;
    fail(p, QStringLiteral("must be an object"));
    return false;
}

// Family and container names: up to 255 letters, digits, '_' and '-'.
bool Validator::checkName(const QString &name, const Path &p)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_-]*$"));
    if (name.isEmpty()) {
        fail(p, QStringLiteral("must not be empty"));
        return false;
    }
    if (name.size() > 255) {
        fail(p, QStringLiteral("must be at most 255 characters (got %1)").arg(name.size()));
        return false;
    }
    if (!re.match(name).hasMatch()) {
        fail(p, QStringLiteral("may contain only letters, digits, '_' and '-' (got %1)").arg(quoted(name)));
        return false;
    }
    return true;
}

std::optional<int> Validator::taskCpu()
{
    const Path p = Path().key("cpu");
    const OJson *v = member(m_doc, "cpu");
    if (!v)
        return std::nullopt;
    std::optional<qint64> units;
    if (v->is_number_integer()) {
        units = integerValue(*v, p);
    } else if (v->is_string()) {
        const QString text = str(v->get_ref<const std::string &>());
        units = cpuUnitsFrom(text);
        if (!units) {
            fail(p, QStringLiteral("cannot convert %1 to CPU units: write units (\"1024\") or vCPUs (\"1 vCPU\")")
                        .arg(quoted(text)));
            return std::nullopt;
        }
    } else {
        fail(p, QStringLiteral("must be an integer or a string such as \"1024\" or \"1 vCPU\""));
        return std::nullopt;
    }
    const Range range{128, 196608, " CPU units"};
    if (*units < range.min || *units > range.max) {
        fail(p, rangeReason(range, *units));
        return std::nullopt;
    }
    return int(*units);
}

std::optional<int> Validator::taskMemory()
{
    const Path p = Path().key("memory");
    const OJson *v = member(m_doc, "memory");
    if (!v)
        return std::nullopt;
    std::optional<qint64> mib;
    if (v->is_number_integer()) {
        mib = integerValue(*v, p);
    } else if (v->is_string()) {
        const QString text = str(v->get_ref<const std::string &>());
        mib = memoryMiBFrom(text);
        if (!mib) {
            fail(p, QStringLiteral("cannot convert %1 to MiB: write MiB (\"512\") or GB (\"1GB\")").arg(quoted(text)));
            return std::nullopt;
        }
    } else {
        fail(p, QStringLiteral("must be an integer or a string such as \"512\" or \"1GB\""));
        return std::nullopt;
    }
    const Range range{6, INT_MAX, " MiB"};
    if (*mib < range.min || *mib > range.max) {
        fail(p, rangeReason(range, *mib));
        return std::nullopt;
    }
    return int(*mib);
}

Result<TaskDefinitionSpec> Validator::run()
{
    const Path root;

    if (const std::optional<QString> family = string(m_doc, root, "family", true)) {
        if (checkName(*family, root.key("family")))
            m_spec.family = *family;
    }

    if (const std::optional<QString> mode = string(m_doc, root, "networkMode")) {
        if (oneOf(*mode, kNetworkModes)) {
            m_spec.networkMode = *mode;
        } else {
            fail(root.key("networkMode"),
                 QStringLiteral("must be one of %1 (got %2)").arg(joined(kNetworkModes), quoted(*mode)));
            m_networkModeKnown = false;
        }
    } else if (spelled(m_doc, "networkMode")) {
        m_networkModeKnown = false;
    }

    m_spec.cpu = taskCpu();
    m_spec.memory = taskMemory();

    if (const OJson *defs = array(m_doc, root, "containerDefinitions", true)) {
        if (defs->empty())
            fail(root.key("containerDefinitions"), QStringLiteral("must contain at least one container definition"));
        else
            containers(*defs, root.key("containerDefinitions"));
    }

    placementConstraints();

    if (!m_problems.empty()) {
        // The first problem in document order; ties keep the order the checks found them in.
        std::vector<int> best;
        const Problem *first = nullptr;
        for (const Problem &problem : m_problems) {
            std::vector<int> pos = problem.path.position(m_doc);
            if (problem.atEnd)
                pos.push_back(INT_MAX);
            if (!first || pos < best) {
                best = std::move(pos);
                first = &problem;
            }
        }
        const QString field = first->path.toString();
        return makeError(QStringLiteral("ClientException"),
                         field.isEmpty() ? first->reason : field + QStringLiteral(": ") + first->reason, field);
    }

    // The documented conversions: ECS stores task cpu and memory as integer strings.
    if (m_spec.cpu)
        m_doc["cpu"] = std::to_string(*m_spec.cpu);
    if (m_spec.memory)
        m_doc["memory"] = std::to_string(*m_spec.memory);
    m_spec.document = QByteArray::fromStdString(dump(m_doc));
    return m_spec;
}

void Validator::containers(const OJson &defs, const Path &p)
{
    for (const OJson &c : defs) {
        const OJson *name = member(c, "name");
        const OJson *essential = member(c, "essential");
        m_names << ((name && name->is_string()) ? str(name->get_ref<const std::string &>()) : QString());
        m_essential << ((essential && essential->is_boolean()) ? essential->get<bool>() : true);
        m_hasHealthCheck << (member(c, "healthCheck") != nullptr);
    }

    for (std::size_t i = 0; i < defs.size(); ++i) {
        const Path cp = p.at(int(i));
        if (!isObjectElement(defs[i], cp)) {
            m_spec.containerDefinitions << ContainerDefinition{};
            continue;
        }
        m_spec.containerDefinitions << container(defs[i], cp, int(i));
    }

    dependencyCycles(p);
    taskWideChecks(defs, p);
}

ContainerDefinition Validator::container(const OJson &c, const Path &p, int index)
{
    ContainerDefinition d;

    if (const std::optional<QString> name = string(c, p, "name", true)) {
        if (checkName(*name, p.key("name"))) {
            d.name = *name;
            const int firstUse = int(m_names.indexOf(*name));
            if (firstUse >= 0 && firstUse < index)
                fail(p.key("name"), QStringLiteral("duplicate container name %1 (also containerDefinitions[%2])")
                                        .arg(quoted(*name))
                                        .arg(firstUse));
        }
    }

    if (const std::optional<QString> image = string(c, p, "image", true)) {
        static const QRegularExpression whitespace(QStringLiteral("\\s"));
        if (image->isEmpty())
            fail(p.key("image"), QStringLiteral("must not be empty"));
        else if (image->contains(whitespace))
            fail(p.key("image"), QStringLiteral("must not contain whitespace (got %1)").arg(quoted(*image)));
        else
            d.image = *image;
    }

    d.cpu = integer(c, p, "cpu", Range{0, INT_MAX, " CPU units"});
    // 6 MiB is the smallest limit Docker 20.10 and later accept.
    d.memory = integer(c, p, "memory", Range{6, INT_MAX, " MiB"});
    d.memoryReservation = integer(c, p, "memoryReservation", Range{6, INT_MAX, " MiB"});
    if (d.memory && d.memoryReservation && *d.memory <= *d.memoryReservation) {
        fail(p.key("memory"), QStringLiteral("must be greater than memoryReservation (%1 %2 %3)")
                                  .arg(*d.memory)
                                  .arg(*d.memory == *d.memoryReservation ? QStringLiteral("=") : QStringLiteral("<"))
                                  .arg(*d.memoryReservation));
    }

    if (const std::optional<bool> essential = boolean(c, p, "essential"))
        d.essential = *essential;

    d.entryPoint = stringList(c, p, "entryPoint");
    d.command = stringList(c, p, "command");

    if (const OJson *env = array(c, p, "environment")) {
        const Path ep = p.key("environment");
        for (std::size_t i = 0; i < env->size(); ++i) {
            const Path e = ep.at(int(i));
            if (!isObjectElement((*env)[i], e))
                continue;
            KeyValuePair kv;
            if (const std::optional<QString> name = string((*env)[i], e, "name", true)) {
                if (name->isEmpty())
                    fail(e.key("name"), QStringLiteral("must not be empty"));
                kv.name = *name;
            }
            kv.value = string((*env)[i], e, "value").value_or(QString());
            d.environment << kv;
        }
    }

    portMappings(c, p, d);
    d.healthCheck = healthCheck(c, p);

    d.links = stringList(c, p, "links");
    links(p, d, index);
    dependsOn(c, p, d, index);

    // ECS gives a container 30 s by default (the agent's ECS_CONTAINER_STOP_TIMEOUT) and caps it at 120 s.
    d.stopTimeout = integer(c, p, "stopTimeout", Range{0, 120, " seconds"});

    logConfiguration(c, p, d);
    return d;
}

void Validator::portMappings(const OJson &c, const Path &p, ContainerDefinition &d)
{
    const OJson *mappings = array(c, p, "portMappings");
    if (!mappings)
        return;
    const Path mp = p.key("portMappings");
    if (m_networkModeKnown && m_spec.networkMode == u"none" && !mappings->empty())
        fail(mp, QStringLiteral("port mappings are not allowed with networkMode none"));
    const bool fixedHostPort = m_spec.networkMode == u"host" || m_spec.networkMode == u"awsvpc";

    for (std::size_t i = 0; i < mappings->size(); ++i) {
        const Path e = mp.at(int(i));
        const OJson &m = (*mappings)[i];
        if (!isObjectElement(m, e))
            continue;

        PortMapping pm;
        const std::optional<int> containerPort = integer(m, e, "containerPort", Range{1, 65535});
        if (!containerPort && !spelled(m, "containerPort"))
            fail(e.key("containerPort"), QStringLiteral("is required"));
        const std::optional<int> hostPort = integer(m, e, "hostPort", Range{0, 65535});
        if (const std::optional<QString> protocol = string(m, e, "protocol")) {
            if (*protocol != u"tcp" && *protocol != u"udp")
                fail(e.key("protocol"), QStringLiteral("must be tcp or udp (got %1)").arg(quoted(*protocol)));
            pm.protocol = *protocol;
        }
        if (!containerPort || (spelled(m, "hostPort") && !hostPort))
            continue;
        pm.containerPort = *containerPort;
        pm.hostPort = hostPort.value_or(0);

        if (fixedHostPort && m_networkModeKnown) {
            // host and awsvpc have no port translation: the container's port is the host's.
            if (pm.hostPort != 0 && pm.hostPort != pm.containerPort)
                fail(e.key("hostPort"), QStringLiteral("must be empty or equal containerPort (%1) with networkMode %2")
                                            .arg(pm.containerPort)
                                            .arg(m_spec.networkMode));
            pm.hostPort = pm.containerPort;
        }

        if (pm.hostPort != 0) {
            if (isReservedHostPort(pm.hostPort)) {
                fail(e.key("hostPort"), QStringLiteral("host port %1 is reserved (22, 2375, 2376 and 51678-51680 are "
                                                       "kept for SSH, the Docker daemon and the ECS agent)")
                                            .arg(pm.hostPort));
            }
            const QString key = QString::number(pm.hostPort) + u'/' + pm.protocol;
            const auto taken = m_hostPorts.constFind(key);
            if (taken != m_hostPorts.constEnd())
                fail(e.key("hostPort"), QStringLiteral("host port %1 is already used by %2").arg(key, *taken));
            else
                m_hostPorts.insert(key, e.toString());
        }
        d.portMappings << pm;
    }
}

std::optional<HealthCheck> Validator::healthCheck(const OJson &c, const Path &p)
{
    const OJson *hc = object(c, p, "healthCheck");
    if (!hc)
        return std::nullopt;
    const Path hp = p.key("healthCheck");
    HealthCheck h;
    if (array(*hc, hp, "command", true)) {
        h.command = stringList(*hc, hp, "command");
        if ((*hc)["command"].empty()) {
            fail(hp.key("command"), QStringLiteral("must not be empty"));
        } else if (!h.command.isEmpty() && (*hc)["command"][0].is_string()) {
            const QString kind = h.command.first();
            if (kind != u"CMD" && kind != u"CMD-SHELL")
                fail(hp.key("command").at(0), QStringLiteral("must be CMD or CMD-SHELL (got %1)").arg(quoted(kind)));
            else if (h.command.size() < 2)
                fail(hp.key("command"), QStringLiteral("must name the command to run after %1").arg(kind));
        }
    }
    h.interval = integer(*hc, hp, "interval", Range{5, 300, " seconds"}).value_or(h.interval);
    h.timeout = integer(*hc, hp, "timeout", Range{2, 60, " seconds"}).value_or(h.timeout);
    h.retries = integer(*hc, hp, "retries", Range{1, 10}).value_or(h.retries);
    h.startPeriod = integer(*hc, hp, "startPeriod", Range{0, 300, " seconds"}).value_or(h.startPeriod);
    return h;
}

void Validator::links(const Path &p, const ContainerDefinition &d, int index)
{
    if (d.links.isEmpty())
        return;
    const Path lp = p.key("links");
    if (m_networkModeKnown && m_spec.networkMode != u"bridge") {
        fail(lp,
             QStringLiteral("are only supported with networkMode bridge (the task uses %1)").arg(m_spec.networkMode));
        return;
    }
    static const QRegularExpression aliasRe(QStringLiteral("^[A-Za-z0-9_-]+$"));
    for (int i = 0; i < d.links.size(); ++i) {
        const QStringList parts = d.links[i].split(u':');
        const Path e = lp.at(i);
        if (parts.size() > 2 || parts.first().isEmpty()) {
            fail(e, QStringLiteral("must be \"name\" or \"name:alias\" (got %1)").arg(quoted(d.links[i])));
            continue;
        }
        const QString &target = parts.first();
        const int targetIndex = int(m_names.indexOf(target));
        if (targetIndex == index)
            fail(e, QStringLiteral("a container cannot link to itself"));
        else if (targetIndex < 0)
            fail(e, QStringLiteral("%1 is not a container in this task").arg(quoted(target)));
        else if (parts.size() == 2 && !aliasRe.match(parts[1]).hasMatch())
            fail(e, QStringLiteral("the alias may contain only letters, digits, '_' and '-' (got %1)")
                        .arg(quoted(parts[1])));
    }
}

void Validator::dependsOn(const OJson &c, const Path &p, ContainerDefinition &d, int index)
{
    const OJson *deps = array(c, p, "dependsOn");
    if (!deps)
        return;
    const Path dp = p.key("dependsOn");
    for (std::size_t i = 0; i < deps->size(); ++i) {
        const Path e = dp.at(int(i));
        if (!isObjectElement((*deps)[i], e))
            continue;
        ContainerDependency dep;
        int target = -1;
        if (const std::optional<QString> name = string((*deps)[i], e, "containerName", true)) {
            dep.containerName = *name;
            target = int(m_names.indexOf(*name));
            if (target == index) {
                fail(e.key("containerName"), QStringLiteral("a container cannot depend on itself"));
                target = -1;
            } else if (target < 0) {
                fail(e.key("containerName"), QStringLiteral("%1 is not a container in this task").arg(quoted(*name)));
            }
        }
        if (const std::optional<QString> condition = string((*deps)[i], e, "condition", true)) {
            dep.condition = *condition;
            if (!oneOf(*condition, kConditions)) {
                fail(e.key("condition"),
                     QStringLiteral("must be one of %1 (got %2)").arg(joined(kConditions), quoted(*condition)));
            } else if (target >= 0 && (*condition == u"COMPLETE" || *condition == u"SUCCESS") && m_essential[target]) {
                // An essential container that exits stops the task, so nothing could wait for it to finish.
                fail(e.key("condition"),
                     QStringLiteral("%1 is not allowed because %2 is essential (use START or HEALTHY, or make it "
                                    "\"essential\": false)")
                         .arg(*condition, quoted(dep.containerName)));
            } else if (target >= 0 && *condition == u"HEALTHY" && !m_hasHealthCheck[target]) {
                fail(e.key("condition"),
                     QStringLiteral("HEALTHY needs %1 to have a healthCheck").arg(quoted(dep.containerName)));
            }
        }
        d.dependsOn << dep;
    }
}

void Validator::logConfiguration(const OJson &c, const Path &p, ContainerDefinition &d)
{
    const OJson *log = object(c, p, "logConfiguration");
    if (!log)
        return;
    const Path lp = p.key("logConfiguration");
    if (const std::optional<QString> driver = string(*log, lp, "logDriver", true)) {
        if (oneOf(*driver, kLogDrivers))
            d.logDriver = *driver;
        else
            fail(lp.key("logDriver"),
                 QStringLiteral("must be one of %1 (got %2)").arg(joined(kLogDrivers), quoted(*driver)));
    }
    if (const OJson *options = object(*log, lp, "options")) {
        for (auto it = options->begin(); it != options->end(); ++it) {
            if (!it.value().is_string())
                fail(lp.key("options").key(it.key().c_str()), QStringLiteral("must be a string"));
        }
    }
}

// Containers start in dependency order, so a cycle would leave every container in it waiting.
void Validator::dependencyCycles(const Path &p)
{
    const QList<ContainerDefinition> &defs = m_spec.containerDefinitions;
    enum class Mark { None, OnStack, Done };
    QList<Mark> marks(defs.size(), Mark::None);
    QList<int> stack;

    std::function<bool(int)> visit = [&](int u) -> bool {
        marks[u] = Mark::OnStack;
        stack << u;
        for (int k = 0; k < defs[u].dependsOn.size(); ++k) {
            const int v = int(m_names.indexOf(defs[u].dependsOn[k].containerName));
            if (v < 0 || v == u)
                continue;
            if (marks[v] == Mark::OnStack) {
                QStringList cycle;
                for (int s = int(stack.indexOf(v)); s < stack.size(); ++s)
                    cycle << m_names[stack[s]];
                cycle << m_names[v];
                fail(p.at(u).key("dependsOn").at(k).key("containerName"),
                     QStringLiteral("dependency cycle: %1").arg(cycle.join(QStringLiteral(" -> "))));
                return true;
            }
            if (marks[v] == Mark::None && visit(v))
                return true;
        }
        stack.removeLast();
        marks[u] = Mark::Done;
        return false;
    };
    for (int i = 0; i < defs.size(); ++i) {
        if (marks[i] == Mark::None && visit(i))
            return;
    }
}

void Validator::taskWideChecks(const OJson &defs, const Path &p)
{
    const QList<ContainerDefinition> &cs = m_spec.containerDefinitions;

    if (std::none_of(cs.begin(), cs.end(), [](const ContainerDefinition &d) { return d.essential; }))
        fail(p, QStringLiteral("at least one container must be essential"), true);

    const bool taskMemoryGiven = spelled(m_doc, "memory");
    qint64 cpuSum = 0;
    qint64 memorySum = 0;
    for (int i = 0; i < cs.size(); ++i) {
        const OJson &c = defs[std::size_t(i)];
        if (!c.is_object())
            continue;
        const Path cp = p.at(i);
        // On EC2 something has to say how much memory to reserve on the instance.
        if (!taskMemoryGiven && !spelled(c, "memory") && !spelled(c, "memoryReservation"))
            fail(cp.key("memory"),
                 QStringLiteral("is required when the task has no memory (set memory or memoryReservation)"));

        // "The total amount of CPU/memory reserved for all containers within a task must be lower
        // than the task-level value" (ECS developer guide, container cpu and memory).
        if (m_spec.cpu && cs[i].cpu) {
            cpuSum += *cs[i].cpu;
            if (cpuSum > *m_spec.cpu)
                fail(cp.key("cpu"), QStringLiteral("the containers' cpu adds up to %1, more than the task cpu (%2)")
                                        .arg(cpuSum)
                                        .arg(*m_spec.cpu));
        }
        if (m_spec.memory && (cs[i].memory || cs[i].memoryReservation)) {
            memorySum += cs[i].reservedMemory();
            if (memorySum > *m_spec.memory)
                fail(cp.key(cs[i].memoryReservation ? "memoryReservation" : "memory"),
                     QStringLiteral("the containers reserve %1 MiB in total, more than the task memory (%2 MiB)")
                         .arg(memorySum)
                         .arg(*m_spec.memory));
        }
    }
}

void Validator::placementConstraints()
{
    const Path root;
    const OJson *list = array(m_doc, root, "placementConstraints");
    if (!list)
        return;
    const Path pp = root.key("placementConstraints");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const Path e = pp.at(int(i));
        if (!isObjectElement((*list)[i], e))
            continue;
        PlacementConstraint pc;
        if (const std::optional<QString> type = string((*list)[i], e, "type", true)) {
            if (*type != u"memberOf")
                fail(e.key("type"), QStringLiteral("must be memberOf, the only type a task definition takes (got %1)")
                                        .arg(quoted(*type)));
            pc.type = *type;
        }
        if (const std::optional<QString> expression = string((*list)[i], e, "expression", true)) {
            if (expression->trimmed().isEmpty())
                fail(e.key("expression"), QStringLiteral("must not be empty"));
            pc.expression = *expression;
        }
        m_spec.placementConstraints << pc;
    }
}

// ---------------------------------------------------------------------------------------------
// Writing: the typed fields over the document.

// AWS's member order (the CLI's --generate-cli-skeleton): a member the document lacks is written
// right after the nearest member that comes before it here, so new members land where a reader
// of the JSON expects them.
using Order = std::vector<std::string_view>;

const Order kTaskOrder = {
    "family",  "taskRoleArn",          "executionRoleArn",        "networkMode", "containerDefinitions",
    "volumes", "placementConstraints", "requiresCompatibilities", "cpu",         "memory"};
const Order kContainerOrder = {
    "name",         "image",     "cpu",         "memory",           "memoryReservation", "links",
    "portMappings", "essential", "entryPoint",  "command",          "environment",       "mountPoints",
    "volumesFrom",  "dependsOn", "stopTimeout", "logConfiguration", "healthCheck"};
const Order kPortMappingOrder = {"containerPort", "hostPort", "protocol"};
const Order kHealthCheckOrder = {"command", "interval", "timeout", "retries", "startPeriod"};
const Order kKeyValueOrder = {"name", "value"};
const Order kDependencyOrder = {"containerName", "condition"};
const Order kConstraintOrder = {"type", "expression"};
const Order kLogOrder = {"logDriver", "options"};

void put(OJson &obj, const char *key, OJson value, const Order &order)
{
    const auto it = obj.find(key);
    if (it != obj.end()) {
        *it = std::move(value);
        return;
    }
    const auto self = std::find(order.begin(), order.end(), std::string_view(key));
    if (self == order.end()) {
        obj[key] = std::move(value);
        return;
    }
    // The index of the last member of `obj` that precedes `key` in `order` (-1: none, insert first).
    int anchor = -1;
    int i = 0;
    for (auto m = obj.begin(); m != obj.end(); ++m, ++i) {
        if (std::find(order.begin(), self, std::string_view(m.key())) != self)
            anchor = i;
    }
    OJson rebuilt = OJson::object();
    if (anchor < 0)
        rebuilt[key] = std::move(value);
    i = 0;
    for (auto m = obj.begin(); m != obj.end(); ++m, ++i) {
        rebuilt[m.key()] = std::move(m.value());
        if (i == anchor)
            rebuilt[key] = std::move(value);
    }
    obj = std::move(rebuilt);
}

// Writes `value` unless it is the default and the document did not spell the member out, so an
// untouched form gives back the document it came from.
void putDefaulted(OJson &obj, const char *key, const OJson &value, const OJson &defaultValue, const Order &order)
{
    if (value != defaultValue || spelled(obj, key))
        put(obj, key, value, order);
    else
        obj.erase(key);
}

void putOptional(OJson &obj, const char *key, const std::optional<int> &value, const Order &order)
{
    if (value)
        put(obj, key, *value, order);
    else
        obj.erase(key);
}

// An empty list drops the member, unless the document already had it as [] (describe output does).
void putList(OJson &obj, const char *key, OJson list, const Order &order)
{
    if (!list.empty()) {
        put(obj, key, std::move(list), order);
        return;
    }
    const auto it = obj.find(key);
    if (it != obj.end() && it->is_array() && it->empty())
        return;
    obj.erase(key);
}

OJson stringArray(const QStringList &list)
{
    OJson a = OJson::array();
    for (const QString &s : list)
        a.push_back(std8(s));
    return a;
}

// Element i of a document array as the base to write over: unknown members of array elements
// (a port mapping's "name" or "appProtocol", say) survive an edit of the typed ones.
OJson elementBase(const OJson &obj, const char *key, int i)
{
    const OJson *arr = member(obj, key);
    if (arr && arr->is_array() && std::size_t(i) < arr->size() && (*arr)[std::size_t(i)].is_object())
        return (*arr)[std::size_t(i)];
    return OJson::object();
}

std::optional<std::string> nameOf(const OJson &c)
{
    const OJson *n = member(c, "name");
    return (n && n->is_string()) ? std::optional<std::string>(n->get<std::string>()) : std::nullopt;
}

// The document's container that typed container i was parsed from: the one at the same index
// with the same name, else the one with the same name (reordered), else the one at the same
// index if no typed container still uses its name (renamed in the form).
OJson containerBase(const OJson &doc, const QList<ContainerDefinition> &defs, int i)
{
    const OJson *arr = member(doc, "containerDefinitions");
    if (!arr || !arr->is_array())
        return OJson::object();
    const std::string name = std8(defs[i].name);
    const std::size_t at = std::size_t(i);
    if (at < arr->size() && (*arr)[at].is_object() && nameOf((*arr)[at]) == name)
        return (*arr)[at];
    for (const OJson &c : *arr) {
        if (c.is_object() && nameOf(c) == name)
            return c;
    }
    if (at < arr->size() && (*arr)[at].is_object()) {
        const std::optional<std::string> old = nameOf((*arr)[at]);
        const bool stillUsed = old && std::any_of(defs.begin(), defs.end(),
                                                  [&](const ContainerDefinition &d) { return std8(d.name) == *old; });
        if (!stillUsed)
            return (*arr)[at];
    }
    return OJson::object();
}

OJson portMappingJson(OJson m, const PortMapping &pm, const QString &networkMode)
{
    put(m, "containerPort", pm.containerPort, kPortMappingOrder);
    // In host and awsvpc mode the host port is the container port whether written or not, so a
    // written 0 (or none) is left alone when the typed host port is the container port.
    const bool fixed = networkMode == u"host" || networkMode == u"awsvpc";
    const OJson *written = member(m, "hostPort");
    const bool unchanged =
        written && written->is_number_integer() &&
        (fixed && written->get<qint64>() == 0 ? pm.containerPort : written->get<qint64>()) == pm.hostPort;
    if (!unchanged)
        putDefaulted(m, "hostPort", pm.hostPort, fixed ? pm.containerPort : 0, kPortMappingOrder);
    putDefaulted(m, "protocol", std8(pm.protocol), "tcp", kPortMappingOrder);
    return m;
}

template<typename T, typename Fill>
OJson objectArray(const OJson &owner, const char *key, const QList<T> &items, Fill fill)
{
    OJson out = OJson::array();
    for (int i = 0; i < items.size(); ++i) {
        OJson e = elementBase(owner, key, i);
        fill(e, items[i]);
        out.push_back(std::move(e));
    }
    return out;
}

OJson containerJson(OJson c, const ContainerDefinition &d, const QString &networkMode)
{
    const Order &order = kContainerOrder;
    put(c, "name", std8(d.name), order);
    put(c, "image", std8(d.image), order);
    putOptional(c, "cpu", d.cpu, order);
    putOptional(c, "memory", d.memory, order);
    putOptional(c, "memoryReservation", d.memoryReservation, order);
    putList(c, "links", stringArray(d.links), order);

    OJson ports = OJson::array();
    for (int i = 0; i < d.portMappings.size(); ++i)
        ports.push_back(portMappingJson(elementBase(c, "portMappings", i), d.portMappings[i], networkMode));
    putList(c, "portMappings", std::move(ports), order);

    putDefaulted(c, "essential", d.essential, true, order);
    putList(c, "entryPoint", stringArray(d.entryPoint), order);
    putList(c, "command", stringArray(d.command), order);
    putList(c, "environment",
            objectArray(c, "environment", d.environment,
                        [](OJson &e, const KeyValuePair &kv) {
                            put(e, "name", std8(kv.name), kKeyValueOrder);
                            put(e, "value", std8(kv.value), kKeyValueOrder);
                        }),
            order);
    putList(c, "dependsOn",
            objectArray(c, "dependsOn", d.dependsOn,
                        [](OJson &e, const ContainerDependency &dep) {
                            put(e, "containerName", std8(dep.containerName), kDependencyOrder);
                            put(e, "condition", std8(dep.condition), kDependencyOrder);
                        }),
            order);
    putOptional(c, "stopTimeout", d.stopTimeout, order);

    if (!d.logDriver.isEmpty()) {
        const OJson *old = member(c, "logConfiguration");
        OJson log = (old && old->is_object()) ? *old : OJson::object();
        put(log, "logDriver", std8(d.logDriver), kLogOrder);
        put(c, "logConfiguration", std::move(log), order);
    } else {
        c.erase("logConfiguration"); // logDriver is required inside it
    }

    if (d.healthCheck) {
        const OJson *old = member(c, "healthCheck");
        OJson h = (old && old->is_object()) ? *old : OJson::object();
        const HealthCheck defaults;
        put(h, "command", stringArray(d.healthCheck->command), kHealthCheckOrder);
        putDefaulted(h, "interval", d.healthCheck->interval, defaults.interval, kHealthCheckOrder);
        putDefaulted(h, "timeout", d.healthCheck->timeout, defaults.timeout, kHealthCheckOrder);
        putDefaulted(h, "retries", d.healthCheck->retries, defaults.retries, kHealthCheckOrder);
        putDefaulted(h, "startPeriod", d.healthCheck->startPeriod, defaults.startPeriod, kHealthCheckOrder);
        put(c, "healthCheck", std::move(h), order);
    } else {
        c.erase("healthCheck");
    }
    return c;
}

OJson registerDocument(const TaskDefinitionSpec &spec)
{
    OJson doc = OJson::object();
    if (!spec.document.isEmpty()) {
        OJson parsed = OJson::parse(spec.document.constBegin(), spec.document.constEnd(), nullptr, false);
        if (parsed.is_object())
            doc = std::move(parsed);
    }

    const Order &order = kTaskOrder;
    put(doc, "family", std8(spec.family), order);
    putDefaulted(doc, "networkMode", std8(spec.networkMode), "bridge", order);

    OJson containers = OJson::array();
    for (int i = 0; i < spec.containerDefinitions.size(); ++i)
        containers.push_back(containerJson(containerBase(doc, spec.containerDefinitions, i),
                                           spec.containerDefinitions[i], spec.networkMode));
    put(doc, "containerDefinitions", std::move(containers), order);

    putList(doc, "placementConstraints",
            objectArray(doc, "placementConstraints", spec.placementConstraints,
                        [](OJson &e, const PlacementConstraint &pc) {
                            put(e, "type", std8(pc.type), kConstraintOrder);
                            put(e, "expression", std8(pc.expression), kConstraintOrder);
                        }),
            order);

    // ECS keeps task-level cpu and memory as integer strings.
    if (spec.cpu)
        put(doc, "cpu", std::to_string(*spec.cpu), order);
    else
        doc.erase("cpu");
    if (spec.memory)
        put(doc, "memory", std::to_string(*spec.memory), order);
    else
        doc.erase("memory");
    return doc;
}

// ---------------------------------------------------------------------------------------------
// Describe

// The agent capabilities a task definition needs, as ECS derives them at registration.
OJson requiresAttributes(const TaskDefinitionSpec &spec)
{
    QStringList names;
    auto need = [&](const QString &name) {
        if (!names.contains(name))
            names << name;
    };
    for (const ContainerDefinition &c : spec.containerDefinitions) {
        if (c.memoryReservation)
            need(QStringLiteral("com.amazonaws.ecs.capability.docker-remote-api.1.21"));
        if (c.healthCheck) {
            need(QStringLiteral("ecs.capability.container-health-check"));
            need(QStringLiteral("com.amazonaws.ecs.capability.docker-remote-api.1.24"));
        }
        if (!c.dependsOn.isEmpty())
            need(QStringLiteral("ecs.capability.container-ordering"));
        if (!c.logDriver.isEmpty())
            need(QStringLiteral("com.amazonaws.ecs.capability.logging-driver.") + c.logDriver);
    }
    if (spec.networkMode == u"awsvpc")
        need(QStringLiteral("ecs.capability.task-eni"));

    OJson out = OJson::array();
    for (const QString &n : names)
        out.push_back(OJson{{"name", std8(n)}});
    return out;
}

void putIfAbsent(OJson &obj, const char *key, OJson value, const Order &order)
{
    if (!spelled(obj, key))
        put(obj, key, std::move(value), order);
}

double epochSeconds(const QDateTime &t)
{
    return double(t.toMSecsSinceEpoch()) / 1000.0;
}

OJson describeOrdered(const TaskDefinition &td, const QString &region)
{
    const TaskDefinitionSpec &spec = td.spec;
    const OJson doc = registerDocument(spec);

    OJson containers = doc["containerDefinitions"];
    for (std::size_t i = 0; i < containers.size(); ++i) {
        OJson &c = containers[i];
        const ContainerDefinition &d = spec.containerDefinitions[int(i)];
        // What describe shows for members left out at registration.
        putIfAbsent(c, "portMappings", OJson::array(), kContainerOrder);
        OJson &ports = c["portMappings"];
        for (std::size_t k = 0; k < ports.size() && int(k) < d.portMappings.size(); ++k) {
            put(ports[k], "hostPort", d.portMappings[int(k)].hostPort, kPortMappingOrder);
            put(ports[k], "protocol", std8(d.portMappings[int(k)].protocol), kPortMappingOrder);
        }
        put(c, "essential", d.essential, kContainerOrder);
        putIfAbsent(c, "environment", OJson::array(), kContainerOrder);
        putIfAbsent(c, "mountPoints", OJson::array(), kContainerOrder);
        putIfAbsent(c, "volumesFrom", OJson::array(), kContainerOrder);
        if (d.healthCheck) {
            OJson &h = c["healthCheck"];
            put(h, "interval", d.healthCheck->interval, kHealthCheckOrder);
            put(h, "timeout", d.healthCheck->timeout, kHealthCheckOrder);
            put(h, "retries", d.healthCheck->retries, kHealthCheckOrder);
        }
    }

    // Member order as ECS prints it; members it does not know about follow the family.
    static const char *const placedLater[] = {"family",
                                              "containerDefinitions",
                                              "networkMode",
                                              "volumes",
                                              "placementConstraints",
                                              "requiresCompatibilities",
                                              "cpu",
                                              "memory",
                                              "tags"};
    OJson out = OJson::object();
    out["taskDefinitionArn"] = std8(arn::taskDefinition(region, spec.family, td.revision));
    out["containerDefinitions"] = std::move(containers);
    out["family"] = std8(spec.family);
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        if (std::none_of(std::begin(placedLater), std::end(placedLater), [&](const char *k) { return it.key() == k; }))
            out[it.key()] = it.value();
    }
    out["networkMode"] = std8(spec.networkMode);
    out["revision"] = td.revision;
    out["volumes"] = spelled(doc, "volumes") ? doc["volumes"] : OJson::array();
    out["status"] = std8(toString(td.status));
    out["requiresAttributes"] = requiresAttributes(spec);
    out["placementConstraints"] = spelled(doc, "placementConstraints") ? doc["placementConstraints"] : OJson::array();
    out["compatibilities"] = OJson::array({"EC2"});
    if (spelled(doc, "requiresCompatibilities"))
        out["requiresCompatibilities"] = doc["requiresCompatibilities"];
    if (spelled(doc, "cpu"))
        out["cpu"] = doc["cpu"];
    if (spelled(doc, "memory"))
        out["memory"] = doc["memory"];
    if (td.registeredAt.isValid())
        out["registeredAt"] = epochSeconds(td.registeredAt);
    if (td.deregisteredAt.isValid())
        out["deregisteredAt"] = epochSeconds(td.deregisteredAt);
    out["registeredBy"] = std::string("arn:aws:iam::") + arn::kAccount + ":root";
    return out;
}

} // namespace

Result<TaskDefinitionSpec> parseTaskDefinition(const QByteArray &json)
{
    OJson root;
    try {
        // The callback only bounds nesting: the document reaches us from the API endpoint too.
        const OJson::parser_callback_t depthLimit = [](int depth, OJson::parse_event_t, OJson &) {
            if (depth > kMaxDepth)
                throw TooDeep{};
            return true;
        };
        root = OJson::parse(json.constBegin(), json.constEnd(), depthLimit);
    } catch (const OJson::parse_error &e) {
        return makeError(QStringLiteral("ClientException"),
                         lineColumn(json, e.byte) + QStringLiteral(": ") + parseErrorReason(e.what()));
    } catch (const OJson::exception &e) {
        return makeError(QStringLiteral("ClientException"), parseErrorReason(e.what()));
    } catch (const TooDeep &) {
        return makeError(QStringLiteral("ClientException"),
                         QStringLiteral("the document nests deeper than %1 levels").arg(kMaxDepth));
    }

    if (!root.is_object())
        return makeError(QStringLiteral("ClientException"),
                         QStringLiteral("the task definition must be a JSON object (got %1)").arg(typeName(root)));

    // `aws ecs describe-task-definition` output: {"taskDefinition": {...}, "tags": [...]}.
    OJson doc;
    if (const OJson *inner = member(root, "taskDefinition")) {
        if (!inner->is_object())
            return makeError(QStringLiteral("ClientException"), QStringLiteral("taskDefinition: must be an object"),
                             QStringLiteral("taskDefinition"));
        // Unwrapped once only: the stored document is parsed again on the next start, and a
        // taskDefinition member inside it would be unwrapped then, giving another task definition.
        if (spelled(*inner, "taskDefinition"))
            return makeError(QStringLiteral("ClientException"),
                             QStringLiteral("taskDefinition: a task definition cannot contain another taskDefinition"),
                             QStringLiteral("taskDefinition"));
        doc = *inner;
        const OJson *tags = member(root, "tags");
        if (tags && tags->is_array() && !tags->empty() && !spelled(doc, "tags"))
            doc["tags"] = *tags; // RegisterTaskDefinition takes them as a request member
    } else {
        doc = std::move(root);
    }
    for (const char *key : kReadOnlyMembers)
        doc.erase(key);

    return Validator(doc).run();
}

QByteArray toRegisterJson(const TaskDefinitionSpec &spec, bool pretty)
{
    return QByteArray::fromStdString(dump(registerDocument(spec), pretty ? 2 : -1));
}

nlohmann::json describeJson(const TaskDefinition &td, const QString &region)
{
    return nlohmann::json::parse(dump(describeOrdered(td, region)));
}

QByteArray exportJson(const TaskDefinition &td, const QString &region)
{
    const OJson doc = registerDocument(td.spec);
    OJson out = OJson::object();
    out["taskDefinition"] = describeOrdered(td, region);
    out["tags"] = (spelled(doc, "tags") && doc["tags"].is_array()) ? doc["tags"] : OJson::array();
    return QByteArray::fromStdString(dump(out, 2));
}

} // namespace fd::json
