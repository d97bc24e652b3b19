#pragma once

#include "QueryLanguage.h"
#include "Result.h"

#include <QJsonArray>
#include <QList>
#include <QString>

namespace fd {
struct PlacementConstraint;
}

namespace fd::scheduler {

inline constexpr int kMaxStrategies = 5; // CreateService/RunTask limits, and the console's
inline constexpr int kMaxConstraints = 10;

// A placement strategy as ECS spells it: {type, field}.
struct Strategy
{
    enum class Type { Spread, Binpack, Random };
    Type type = Type::Spread;
    // spread: "instanceId" (what "host" becomes) or "attribute:<name>"; binpack: "cpu" or "memory";
    // random: empty.
    QString field;
    // The field as the request spelled it ("host", "MEMORY"): what reads back, so that a client sees
    // what it wrote.
    QString spelledField;

    bool spreadsOnInstance() const { return type == Type::Spread && field == u"instanceId"; }
    // The attribute a spread counts by ("ecs.availability-zone"), or empty.
    QString spreadAttribute() const;
    QString toString() const; // "spread attribute:ecs.availability-zone", "binpack memory", "random"
    friend bool operator==(const Strategy &a, const Strategy &b) { return a.type == b.type && a.field == b.field; }
};

// A placement constraint: {type: distinctInstance} or {type: memberOf, expression}, the expression
// parsed once.
struct Constraint
{
    enum class Type { DistinctInstance, MemberOf };
    Type type = Type::DistinctInstance;
    QString expression;
    Expression query;

    QString toString() const; // "distinctInstance", "memberOf(attribute:ecs.instance-type =~ t3.*)"
    friend bool operator==(const Constraint &a, const Constraint &b)
    {
        return a.type == b.type && a.expression == b.expression;
    }
};

// Validated construction, with AWS error codes (InvalidParameterException) and field paths such as
// "placementStrategy[2].field", so that API layers and wizards share the rules. `index` names the
// element in the path.
Result<Strategy> makeStrategy(const QString &type, const QString &field, int index = 0);
Result<Constraint> makeConstraint(const QString &type, const QString &expression, int index = 0);
Result<Constraint> constraintFromModel(const PlacementConstraint &pc, int index = 0);

// Lists as JSON: [{"type":"spread","field":"..."}], [{"type":"memberOf","expression":"..."}].
// At most 5 strategies and 10 constraints.
Result<QList<Strategy>> parseStrategies(const QJsonArray &list);
Result<QList<Constraint>> parseConstraints(const QJsonArray &list);
QJsonArray toJson(const QList<Strategy> &strategies);
QJsonArray toJson(const QList<Constraint> &constraints);
// The same from and to JSON text, where a request enters as text (the console's editor, the store):
// anything but a list is "<member>: must be a list". Empty text is an empty list.
Result<QList<Strategy>> strategiesFromJson(const QByteArray &text);
Result<QList<Constraint>> constraintsFromJson(const QByteArray &text);
QByteArray toJsonText(const QList<Strategy> &strategies);
QByteArray toJsonText(const QList<Constraint> &constraints);

// The console's placement templates (ECS-SEMANTICS 1.3).
struct PlacementTemplate
{
    QString name;
    QString description;    // verbatim from the ECS console
    QString strategiesJson; // compact JSON, "[]" when none
    QString constraintsJson;
    bool binpackFieldSelectable = false;
};

// AZ Balanced Spread, AZ Balanced BinPack, BinPack (with `binpackField`, "cpu" or "memory"),
// One Task Per Host.
QList<PlacementTemplate> placementTemplates(const QString &binpackField = QStringLiteral("memory"));
// The documentation's warning to show next to templates that combine spread and binpack.
QString spreadBinpackAutoscalingCaveat();

} // namespace fd::scheduler
