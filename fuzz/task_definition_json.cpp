// libFuzzer target: the RegisterTaskDefinition body parser and validator (core/json/TaskDefinitionJson).
//
// Beyond "no crash, no leak, no sanitizer report", every input checks the promises the rest of
// Fleetdeck builds on:
//  - a rejection is a ClientException whose message starts with the field it names
//    ("containerDefinitions[1].memory: must be ...");
//  - an accepted spec's document is what the store saves and parses again on the next start
//    (Store::loadTaskDefinitions): parsing it gives back the same spec, document included;
//  - toRegisterJson(spec), what the console's form writes, parses back to the same typed fields
//    (the header's promise), compact and pretty;
//  - exportJson(), what `describe-task-definition` prints and the console exports, is accepted
//    again and gives back the same typed fields (the header says describe output is accepted).

#include "FuzzCheck.h"

#include "json/TaskDefinitionJson.h"

#include <QByteArray>
#include <QDateTime>
#include <QTimeZone>

#include <cstddef>
#include <cstdint>

namespace {

using fd::TaskDefinitionSpec;
using fd::fuzz::check;

TaskDefinitionSpec typedFields(TaskDefinitionSpec spec)
{
    spec.document.clear();
    // A container without cpu units describes as cpu 0, as ECS fills it in: the same reservation.
    for (fd::ContainerDefinition &c : spec.containerDefinitions) {
        if (!c.cpu)
            c.cpu = 0;
    }
    return spec;
}

QString describe(const char *what, const QByteArray &json)
{
    return QStringLiteral("%1:\n%2").arg(QLatin1String(what), QString::fromUtf8(json));
}

// `again` must parse and give the typed fields of `spec` (and its document when `sameDocument`).
void expectSame(const char *promise, const TaskDefinitionSpec &spec, const QByteArray &again, bool sameDocument)
{
    const fd::Result<TaskDefinitionSpec> reparsed = fd::json::parseTaskDefinition(again);
    check(reparsed.ok(), promise, [&] {
        return describe("first document", spec.document) + u'\n' + describe("rejected", again) +
               QStringLiteral("\nerror: ") + reparsed.error().message;
    });
    const bool same = sameDocument ? *reparsed == spec : typedFields(*reparsed) == typedFields(spec);
    check(same, promise, [&] {
        return describe("first document", spec.document) + u'\n' + describe("input", again) + u'\n' +
               describe("parsed as", reparsed->document);
    });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const fd::Result<TaskDefinitionSpec> parsed = fd::json::parseTaskDefinition(input);

    if (!parsed.ok()) {
        const fd::Error &e = parsed.error();
        check(e.code == u"ClientException", "a rejected task definition is a ClientException",
              [&] { return e.code + QStringLiteral(": ") + e.message; });
        check(!e.message.isEmpty(), "a rejection says what is wrong", [] { return QString(); });
        check(e.field.isEmpty() || e.message.startsWith(e.field + QStringLiteral(": ")),
              "a rejection's message starts with the field it names",
              [&] { return QStringLiteral("field '%1', message '%2'").arg(e.field, e.message); });
        return 0;
    }

    const TaskDefinitionSpec &spec = *parsed;
    expectSame("the stored document parses back to the same spec (Store::loadTaskDefinitions)", spec,
               spec.document, true);
    expectSame("toRegisterJson(spec) parses back to spec's fields (compact)", spec,
               fd::json::toRegisterJson(spec, false), false);
    expectSame("toRegisterJson(spec) parses back to spec's fields (pretty)", spec, fd::json::toRegisterJson(spec, true),
               false);

    fd::TaskDefinition td;
    td.spec = spec;
    td.revision = 7;
    td.registeredAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), QTimeZone::utc());
    expectSame("describe-task-definition output (exportJson) is accepted with the same fields", spec,
               fd::json::exportJson(td, QStringLiteral("us-east-1")), false);
    (void)fd::json::describeJson(td, QStringLiteral("us-east-1"));
    return 0;
}
