#include "QueryXml.h"

#include <QXmlStreamReader>

#include <utility>
#include <vector>

namespace fd::api {

using nlohmann::json;

namespace {

constexpr int kMaxDepth = 64;
// The one member of an object queryMap() made: its array holds [key, value] pairs.
constexpr char kMapEntries[] = "\x01entries";

void appendValue(std::string &out, const json &value, int depth)
{
    if (depth > kMaxDepth)
        return;
    switch (value.type()) {
    case json::value_t::object:
        if (value.size() == 1 && value.contains(kMapEntries)) {
            for (const json &pair : value[kMapEntries]) {
                out += "<entry><key>" + xmlEscape(pair[0].get<std::string>()) + "</key><value>";
                appendValue(out, pair[1], depth + 1);
                out += "</value></entry>";
            }
            return;
        }
        for (const auto &[name, item] : value.items()) {
            if (item.is_null())
                continue;
            out += "<" + name + ">";
            appendValue(out, item, depth + 1);
            out += "</" + name + ">";
        }
        return;
    case json::value_t::array:
        for (const json &item : value) {
            out += "<member>";
            appendValue(out, item, depth + 1);
            out += "</member>";
        }
        return;
    case json::value_t::string:
        out += xmlEscape(value.get<std::string>());
        return;
    case json::value_t::boolean:
        out += value.get<bool>() ? "true" : "false";
        return;
    case json::value_t::null:
    case json::value_t::discarded:
        return;
    default:
        out += value.dump();
        return;
    }
}

} // namespace

json queryMap(const json &object)
{
    json pairs = json::array();
    for (const auto &[key, item] : object.items())
        pairs.push_back(json::array({key, item}));
    return json{{kMapEntries, pairs}};
}

namespace {

std::string text(const json &value)
{
    return value.is_string() ? value.get<std::string>() : std::string();
}

// The element the reader stands on, read to its end: text, an array when every child is <member>,
// an object of key -> value when every child is an <entry> of <key> and <value>, else an object (a
// name seen twice keeps the last).
json readElement(QXmlStreamReader &xml, int depth)
{
    std::vector<std::pair<std::string, json>> children;
    QString content;
    while (!xml.atEnd()) {
        const QXmlStreamReader::TokenType token = xml.readNext();
        if (token == QXmlStreamReader::StartElement) {
            const std::string name = xml.name().toString().toStdString();
            if (depth >= kMaxDepth) {
                xml.skipCurrentElement();
                continue;
            }
            children.emplace_back(name, readElement(xml, depth + 1));
        } else if (token == QXmlStreamReader::Characters) {
            content += xml.text();
        } else if (token == QXmlStreamReader::EndElement) {
            break;
        }
    }
    if (children.empty())
        return content.toStdString();
    bool allMembers = true;
    bool allEntries = true;
    for (const auto &child : children) {
        allMembers = allMembers && child.first == "member";
        allEntries = allEntries && child.first == "entry" && child.second.is_object() && child.second.contains("key") &&
                     child.second["key"].is_string() && child.second.contains("value");
    }
    if (allEntries) {
        json map = json::object();
        for (auto &[name, entry] : children)
            map[entry["key"].get<std::string>()] = std::move(entry["value"]);
        return map;
    }
    json out = allMembers ? json::array() : json::object();
    for (auto &[name, value] : children) {
        if (allMembers)
            out.push_back(std::move(value));
        else
            out[name] = std::move(value);
    }
    return out;
}

} // namespace

std::string xmlEscape(const std::string &text)
{
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        switch (ch) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        default:
            if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n')
                out += "&#" + std::to_string(int(static_cast<unsigned char>(ch))) + ";";
            else
                out.push_back(ch);
        }
    }
    return out;
}

std::string queryResponseXml(const std::string &operation, const std::string &xmlNamespace, const json &result,
                             const std::string &requestId)
{
    std::string out = "<" + operation + "Response xmlns=\"" + xmlEscape(xmlNamespace) + "\">";
    if (!result.is_null()) {
        out += "<" + operation + "Result>";
        appendValue(out, result, 0);
        out += "</" + operation + "Result>";
    }
    out += "<ResponseMetadata><RequestId>" + xmlEscape(requestId) + "</RequestId></ResponseMetadata>";
    out += "</" + operation + "Response>\n";
    return out;
}

std::string queryErrorXml(const std::string &type, const std::string &code, const std::string &message,
                          const std::string &xmlNamespace, const std::string &requestId)
{
    return "<ErrorResponse xmlns=\"" + xmlEscape(xmlNamespace) + "\"><Error><Type>" + xmlEscape(type) +
           "</Type><Code>" + xmlEscape(code) + "</Code><Message>" + xmlEscape(message) +
           "</Message></Error><RequestId>" + xmlEscape(requestId) + "</RequestId></ErrorResponse>\n";
}

Result<json> parseQueryResponseXml(const std::string &body, int status)
{
    QXmlStreamReader xml(QByteArray::fromStdString(body));
    while (!xml.atEnd() && xml.readNext() != QXmlStreamReader::StartElement) {
    }
    if (!xml.isStartElement())
        return makeError(QStringLiteral("SerializationException"),
                         QStringLiteral("the answer holds no XML element: %1").arg(xml.errorString()));
    const QString rootName = xml.name().toString();
    const json root = readElement(xml, 1);
    if (xml.hasError())
        return makeError(QStringLiteral("SerializationException"),
                         QStringLiteral("the answer is not well-formed XML: %1").arg(xml.errorString()));
    if (rootName == u"ErrorResponse" || status >= 300) {
        const json error = root.is_object() && root.contains("Error") ? root["Error"] : json::object();
        const std::string code = text(error.is_object() ? error.value("Code", json()) : json());
        return makeError(QString::fromStdString(code.empty() ? std::string("UnknownError") : code),
                         QString::fromStdString(text(error.is_object() ? error.value("Message", json()) : json())));
    }
    if (root.is_object()) {
        for (const auto &[name, value] : root.items()) {
            if (name.size() > 6 && name.compare(name.size() - 6, 6, "Result") == 0)
                return value.is_string() && value.get<std::string>().empty() ? json::object() : value;
        }
    }
    return json();
}

} // namespace fd::api
