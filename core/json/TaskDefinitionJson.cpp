#include "TaskDefinitionJson.h"

// The codec's entry points: reading the request text (syntax errors with line and column, the
// nesting limit, the describe-output wrapper, read-only members), then handing the document to
// the validator, the writer or the describe shape in the files this one names.

#include "OrderedJson.h"
#include "TaskDefinitionDescribe.h"
#include "TaskDefinitionValidator.h"
#include "TaskDefinitionWriter.h"
#include "fargate/Launch.h"

#include <algorithm>

namespace fd::json {

using namespace taskdef;

namespace {

constexpr int kMaxDepth = 128;

const char *const kReadOnlyMembers[] = {
    "taskDefinitionArn", "revision",     "status",         "requiresAttributes", "compatibilities",
    "registeredAt",      "registeredBy", "deregisteredAt", "deleteRequestedAt",
};

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

} // namespace

namespace {

Result<TaskDefinitionSpec> parse(const QByteArray &json, bool registration)
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

    return TaskDefinitionValidator(doc, registration).run();
}

} // namespace

Result<TaskDefinitionSpec> parseTaskDefinition(const QByteArray &json)
{
    return parse(json, true);
}

Result<TaskDefinitionSpec> parseStoredTaskDefinition(const QByteArray &json)
{
    return parse(json, false);
}

QStringList compatibilities(const TaskDefinitionSpec &spec)
{
    QStringList out{QStringLiteral("EC2")};
    if (fargate::supportsFargate(spec))
        out << QStringLiteral("FARGATE");
    return out;
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
