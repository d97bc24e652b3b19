#include "PlacementStrategy.h"

#include "model/TaskDefinition.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace fd::scheduler {

namespace {

const QString kInvalid = QStringLiteral("InvalidParameterException");

QString strategyPath(int i)
{
    return QStringLiteral("placementStrategy[%1]").arg(i);
}

QString constraintPath(int i)
{
    return QStringLiteral("placementConstraints[%1]").arg(i);
}

Error invalid(const QString &field, const QString &reason)
{
    return makeError(kInvalid, field + QStringLiteral(": ") + reason, field);
}

} // namespace

QString Strategy::spreadAttribute() const
{
    if (type != Type::Spread || !field.startsWith(QLatin1StringView("attribute:")))
        return {};
    return field.mid(10);
}

QString Strategy::toString() const
{
    switch (type) {
    case Type::Spread:
        return QStringLiteral("spread ") + field;
    case Type::Binpack:
        return QStringLiteral("binpack ") + field;
    case Type::Random:
        return QStringLiteral("random");
    }
    return {};
}

QString Constraint::toString() const
{
    return type == Type::DistinctInstance ? QStringLiteral("distinctInstance")
                                          : QStringLiteral("memberOf(%1)").arg(expression);
}

Result<Strategy> makeStrategy(const QString &type, const QString &field, int index)
{
    const QString path = strategyPath(index);
    Strategy s;
    s.spelledField = field;
    if (type == u"spread") {
        s.type = Strategy::Type::Spread;
        if (field.isEmpty())
            return invalid(path + QStringLiteral(".field"),
                           QStringLiteral("spread needs a field: instanceId, host or attribute:<name>"));
        if (field.compare(QLatin1String("instanceId"), Qt::CaseInsensitive) == 0 ||
            field.compare(QLatin1String("host"), Qt::CaseInsensitive) == 0) {
            s.field = QStringLiteral("instanceId"); // host is a synonym
        } else if (field.startsWith(QLatin1StringView("attribute:")) && field.size() > 10) {
            s.field = field;
        } else {
            return invalid(path + QStringLiteral(".field"),
                           QStringLiteral("spread takes instanceId, host or attribute:<name>, not '%1'").arg(field));
        }
    } else if (type == u"binpack") {
        s.type = Strategy::Type::Binpack;
        const QString f = field.toLower();
        if (f != u"cpu" && f != u"memory")
            return invalid(path + QStringLiteral(".field"),
                           field.isEmpty() ? QStringLiteral("binpack needs a field: cpu or memory")
                                           : QStringLiteral("binpack takes cpu or memory, not '%1'").arg(field));
        s.field = f;
    } else if (type == u"random") {
        s.type = Strategy::Type::Random; // ECS ignores the field
    } else {
        return invalid(path + QStringLiteral(".type"),
                       QStringLiteral("unknown strategy type '%1' (expected spread, binpack or random)").arg(type));
    }
    return s;
}

Result<Constraint> makeConstraint(const QString &type, const QString &expression, int index)
{
    const QString path = constraintPath(index);
    Constraint c;
    if (type == u"distinctInstance") {
        c.type = Constraint::Type::DistinctInstance;
        c.expression = expression; // ECS ignores it here, but it reads back as written
        return c;
    }
    if (type != u"memberOf")
        return invalid(
            path + QStringLiteral(".type"),
            QStringLiteral("unknown constraint type '%1' (expected distinctInstance or memberOf)").arg(type));
    c.type = Constraint::Type::MemberOf;
    if (expression.trimmed().isEmpty())
        return invalid(path + QStringLiteral(".expression"), QStringLiteral("memberOf needs an expression"));
    auto q = parseQuery(expression);
    if (!q)
        return invalid(path + QStringLiteral(".expression"), q.error().message);
    c.expression = expression;
    c.query = std::move(q).value();
    return c;
}

Result<Constraint> constraintFromModel(const PlacementConstraint &pc, int index)
{
    return makeConstraint(pc.type, pc.expression, index);
}

Result<QList<Strategy>> parseStrategies(const QJsonArray &list)
{
    if (list.size() > kMaxStrategies)
        return invalid(
            QStringLiteral("placementStrategy"),
            QStringLiteral("at most %1 strategies are allowed (got %2)").arg(kMaxStrategies).arg(list.size()));
    QList<Strategy> out;
    for (int i = 0; i < list.size(); ++i) {
        if (!list.at(i).isObject())
            return invalid(strategyPath(i), QStringLiteral("must be an object {type, field}"));
        const QJsonObject o = list.at(i).toObject();
        auto s = makeStrategy(o.value(QLatin1String("type")).toString(), o.value(QLatin1String("field")).toString(), i);
        if (!s)
            return s.error();
        out << s.value();
    }
    return out;
}

Result<QList<Constraint>> parseConstraints(const QJsonArray &list)
{
    if (list.size() > kMaxConstraints)
        return invalid(
            QStringLiteral("placementConstraints"),
            QStringLiteral("at most %1 constraints are allowed (got %2)").arg(kMaxConstraints).arg(list.size()));
    QList<Constraint> out;
    for (int i = 0; i < list.size(); ++i) {
        if (!list.at(i).isObject())
            return invalid(constraintPath(i), QStringLiteral("must be an object {type, expression}"));
        const QJsonObject o = list.at(i).toObject();
        auto c = makeConstraint(o.value(QLatin1String("type")).toString(),
                                o.value(QLatin1String("expression")).toString(), i);
        if (!c)
            return c.error();
        out << c.value();
    }
    return out;
}

QJsonArray toJson(const QList<Strategy> &strategies)
{
    QJsonArray a;
    for (const Strategy &s : strategies) {
        QJsonObject o;
        o.insert(QLatin1String("type"), s.type == Strategy::Type::Spread    ? QStringLiteral("spread")
                                        : s.type == Strategy::Type::Binpack ? QStringLiteral("binpack")
                                                                            : QStringLiteral("random"));
        const QString field = s.spelledField.isEmpty() ? s.field : s.spelledField;
        if (!field.isEmpty())
            o.insert(QLatin1String("field"), field);
        a.append(o);
    }
    return a;
}

QJsonArray toJson(const QList<Constraint> &constraints)
{
    QJsonArray a;
    for (const Constraint &c : constraints) {
        QJsonObject o;
        o.insert(QLatin1String("type"), c.type == Constraint::Type::DistinctInstance
                                            ? QStringLiteral("distinctInstance")
                                            : QStringLiteral("memberOf"));
        if (!c.expression.isEmpty())
            o.insert(QLatin1String("expression"), c.expression);
        a.append(o);
    }
    return a;
}

namespace {

Result<QJsonArray> jsonList(const QByteArray &text, const QString &member)
{
    if (text.trimmed().isEmpty())
        return QJsonArray();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        return invalid(member, QStringLiteral("must be a list"));
    return doc.array();
}

} // namespace

Result<QList<Strategy>> strategiesFromJson(const QByteArray &text)
{
    Result<QJsonArray> list = jsonList(text, QStringLiteral("placementStrategy"));
    if (!list)
        return list.error();
    return parseStrategies(list.value());
}

Result<QList<Constraint>> constraintsFromJson(const QByteArray &text)
{
    Result<QJsonArray> list = jsonList(text, QStringLiteral("placementConstraints"));
    if (!list)
        return list.error();
    return parseConstraints(list.value());
}

QByteArray toJsonText(const QList<Strategy> &strategies)
{
    return QJsonDocument(toJson(strategies)).toJson(QJsonDocument::Compact);
}

QByteArray toJsonText(const QList<Constraint> &constraints)
{
    return QJsonDocument(toJson(constraints)).toJson(QJsonDocument::Compact);
}

QList<PlacementTemplate> placementTemplates(const QString &binpackField)
{
    const QString field = binpackField == u"cpu" ? QStringLiteral("cpu") : QStringLiteral("memory");
    return {
        {QStringLiteral("AZ Balanced Spread"),
         QStringLiteral("Distribute tasks across Availability Zones and across container instances in the "
                        "Availability Zone"),
         QStringLiteral(R"([{"type":"spread","field":"attribute:ecs.availability-zone"},)"
                        R"({"type":"spread","field":"instanceId"}])"),
         QStringLiteral("[]"), false},
        {QStringLiteral("AZ Balanced BinPack"),
         QStringLiteral("Distribute tasks across Availability Zones and across container instances with the least "
                        "available memory"),
         QStringLiteral(R"([{"type":"spread","field":"attribute:ecs.availability-zone"},)"
                        R"({"type":"binpack","field":"memory"}])"),
         QStringLiteral("[]"), false},
        {QStringLiteral("BinPack"),
         QStringLiteral("Distribute tasks based on the least available amount of CPU or memory"),
         QStringLiteral(R"([{"type":"binpack","field":"%1"}])").arg(field), QStringLiteral("[]"), true},
        {QStringLiteral("One Task Per Host"),
         QStringLiteral("Place, at most, one task from the service on each container instance"), QStringLiteral("[]"),
         QStringLiteral(R"([{"type":"distinctInstance"}])"), false},
    };
}

QString spreadBinpackAutoscalingCaveat()
{
    return QStringLiteral("Combining a spread strategy with a binpack strategy under cluster auto scaling eventually "
                          "leaves one task per container instance.");
}

} // namespace fd::scheduler
