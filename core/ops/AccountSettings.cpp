#include "ops/AccountSettings.h"

#include "model/Arn.h"
#include "state/Transaction.h"
#include "store/Store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace fd::ops {

namespace {

const QString kAccountSettingKind = QStringLiteral("account-setting");

struct SettingRule
{
    const char *name;
    const char *awsDefault;
    QStringList values;
};

// The ECS model's SettingName enum with AWS's defaults today and the values each one takes.
const QList<SettingRule> &rules()
{
    static const QList<SettingRule> all = {
        {"serviceLongArnFormat", "enabled", {QStringLiteral("enabled"), QStringLiteral("disabled")}},
        {"taskLongArnFormat", "enabled", {QStringLiteral("enabled"), QStringLiteral("disabled")}},
        {"containerInstanceLongArnFormat", "enabled", {QStringLiteral("enabled"), QStringLiteral("disabled")}},
        {"awsvpcTrunking", "disabled", {QStringLiteral("enabled"), QStringLiteral("disabled")}},
        {"containerInsights",
         "disabled",
         {QStringLiteral("enabled"), QStringLiteral("disabled"), QStringLiteral("enhanced")}},
        {"fargateFIPSMode", "disabled", {QStringLiteral("enabled"), QStringLiteral("disabled")}},
        {"tagResourceAuthorization", "on", {QStringLiteral("on"), QStringLiteral("off")}},
        {"fargateTaskRetirementWaitPeriod", "7", {QStringLiteral("0"), QStringLiteral("7"), QStringLiteral("14")}},
        {"guardDutyActivate", "off", {QStringLiteral("on"), QStringLiteral("off")}},
        {"defaultLogDriverMode", "non-blocking", {QStringLiteral("blocking"), QStringLiteral("non-blocking")}},
        {"fargateEventWindows", "disabled", {QStringLiteral("enabled"), QStringLiteral("disabled")}},
    };
    return all;
}

const SettingRule *rule(const QString &name)
{
    for (const SettingRule &r : rules())
        if (name == QLatin1String(r.name))
            return &r;
    return nullptr;
}

Error invalid(const QString &message)
{
    return makeError(QStringLiteral("InvalidParameterException"), message);
}

QString documentId(const QString &principalArn, const QString &name)
{
    return principalArn + u' ' + name;
}

} // namespace

const QStringList &AccountSettings::names()
{
    static const QStringList all = [] {
        QStringList out;
        for (const SettingRule &r : rules())
            out << QLatin1String(r.name);
        return out;
    }();
    return all;
}

QString AccountSettings::awsDefault(const QString &name)
{
    const SettingRule *r = rule(name);
    return r ? QLatin1String(r->awsDefault) : QString();
}

QString AccountSettings::rootArn()
{
    return QStringLiteral("arn:aws:iam::%1:root").arg(QLatin1String(arn::kAccount));
}

QString AccountSettings::callerArn(const QString &accessKeyId)
{
    if (accessKeyId.isEmpty())
        return rootArn();
    return QStringLiteral("arn:aws:iam::%1:user/%2").arg(QLatin1String(arn::kAccount), accessKeyId);
}

std::optional<Error> AccountSettings::checkName(const QString &name)
{
    if (name.isEmpty())
        return invalid(QStringLiteral("name: is required (one of %1)").arg(names().join(QStringLiteral(", "))));
    if (!rule(name))
        return invalid(QStringLiteral("name: \"%1\" is not an account setting; use one of %2")
                           .arg(name, names().join(QStringLiteral(", "))));
    return std::nullopt;
}

std::optional<Error> AccountSettings::checkPrincipal(const QString &principalArn)
{
    static const QRegularExpression iam(
        QStringLiteral("^arn:aws:iam::(\\d{12}):(root|(user|role)/[\\w+=,.@/-]{1,512})$"));
    const QRegularExpressionMatch m = iam.match(principalArn);
    if (!m.hasMatch())
        return invalid(QStringLiteral("principalArn: \"%1\" is not the ARN of an IAM user, role or root user "
                                      "(arn:aws:iam::%2:user/NAME, ...:role/NAME or ...:root)")
                           .arg(principalArn, QLatin1String(arn::kAccount)));
    if (m.captured(1) != QLatin1String(arn::kAccount))
        return invalid(QStringLiteral("principalArn: \"%1\" belongs to account %2; this account is %3")
                           .arg(principalArn, m.captured(1), QLatin1String(arn::kAccount)));
    return std::nullopt;
}

Status AccountSettings::load(const Store &store)
{
    Result<QList<Store::Document>> docs = store.loadDocuments(kAccountSettingKind);
    if (!docs)
        return docs.error();
    m_settings.clear();
    for (const Store::Document &d : docs.value()) {
        const QJsonObject o = QJsonDocument::fromJson(d.document).object();
        const QString principal = o[u"principalArn"].toString();
        const QString name = o[u"name"].toString();
        if (principal.isEmpty() || name.isEmpty())
            return makeError(QStringLiteral("ServerException"),
                             QStringLiteral("%1 holds an unreadable account setting %2").arg(store.path(), d.id));
        m_settings[principal][name] = o[u"value"].toString();
    }
    return Ok{};
}

Result<AccountSetting> AccountSettings::put(const QString &name, const QString &value, const QString &principalArn,
                                            bool asDefault)
{
    if (std::optional<Error> e = checkName(name))
        return *e;
    if (std::optional<Error> e = checkPrincipal(principalArn))
        return *e;
    const SettingRule &r = *rule(name);
    if (!r.values.contains(value))
        return invalid(QStringLiteral("value: \"%1\" is not a value of %2; use one of %3")
                           .arg(value, name, r.values.join(QStringLiteral(", "))));
    if (name == u"guardDutyActivate")
        return invalid(QStringLiteral("name: guardDutyActivate is read-only in Amazon ECS; Amazon GuardDuty (Runtime "
                                      "Monitoring) sets it, and Fleetdeck has no GuardDuty"));
    if (name == u"fargateFIPSMode" && !asDefault)
        return invalid(QStringLiteral("name: fargateFIPSMode is an account default; set it with "
                                      "PutAccountSettingDefault"));
    if (name == u"fargateTaskRetirementWaitPeriod" && principalArn != rootArn())
        return invalid(QStringLiteral("principalArn: fargateTaskRetirementWaitPeriod is set by the root user only "
                                      "(%1), not for %2")
                           .arg(rootArn(), principalArn));

    AccountSetting out{name, value, principalArn};
    if (m_settings.value(principalArn).value(name) == value && m_settings.value(principalArn).contains(name))
        return out;
    const QString kind = kAccountSettingKind;
    const QString id = documentId(principalArn, name);
    const QByteArray doc = QJsonDocument(QJsonObject{{QStringLiteral("principalArn"), principalArn},
                                                     {QStringLiteral("name"), name},
                                                     {QStringLiteral("value"), value}})
                               .toJson(QJsonDocument::Compact);
    const QDateTime at = now();
    state::Transaction tx = begin();
    tx.put(
        kind, id, [kind, id, at, doc](Store &st) { return st.putDocument(kind, id, at, doc); },
        [this, principalArn, name, value] { m_settings[principalArn][name] = value; });
    tx.event(makeEvent(kind, id,
                       asDefault
                           ? QStringLiteral("Account setting default %1 set to %2.").arg(name, value)
                           : QStringLiteral("Account setting %1 set to %2 for %3.").arg(name, value, principalArn)));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return out;
}

Result<AccountSetting> AccountSettings::remove(const QString &name, const QString &principalArn)
{
    if (std::optional<Error> e = checkName(name))
        return *e;
    if (std::optional<Error> e = checkPrincipal(principalArn))
        return *e;
    if (name == u"guardDutyActivate")
        return invalid(QStringLiteral("name: guardDutyActivate is read-only in Amazon ECS; Amazon GuardDuty sets it"));
    const auto own = m_settings.value(principalArn);
    if (!own.contains(name)) {
        AccountSetting applies = effective(principalArn, name);
        applies.principalArn = principalArn;
        return applies;
    }
    AccountSetting out{name, own.value(name), principalArn};
    const QString kind = kAccountSettingKind;
    const QString id = documentId(principalArn, name);
    state::Transaction tx = begin();
    tx.remove(
        kind, id, [kind, id](Store &st) { return st.deleteDocument(kind, id); },
        [this, principalArn, name] {
            auto it = m_settings.find(principalArn);
            if (it == m_settings.end())
                return;
            it->remove(name);
            if (it->isEmpty())
                m_settings.erase(it);
        });
    tx.event(makeEvent(kind, id, QStringLiteral("Account setting %1 deleted for %2.").arg(name, principalArn)));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return out;
}

QList<AccountSetting> AccountSettings::explicitSettings(const QString &principalArn, const QString &name,
                                                        const QString &value) const
{
    QList<AccountSetting> out;
    const QMap<QString, QString> own = m_settings.value(principalArn);
    for (const QString &n : names()) {
        if ((!name.isEmpty() && n != name) || !own.contains(n))
            continue;
        if (!value.isEmpty() && own.value(n) != value)
            continue;
        out.append({n, own.value(n), principalArn});
    }
    return out;
}

AccountSetting AccountSettings::effective(const QString &principalArn, const QString &name) const
{
    if (auto own = m_settings.constFind(principalArn); own != m_settings.cend() && own->contains(name))
        return {name, own->value(name), principalArn};
    if (auto root = m_settings.constFind(rootArn()); root != m_settings.cend() && root->contains(name))
        return {name, root->value(name), rootArn()};
    return {name, awsDefault(name), rootArn(), QStringLiteral("aws_managed")};
}

QList<AccountSetting> AccountSettings::effectiveSettings(const QString &principalArn, const QString &name,
                                                         const QString &value) const
{
    QList<AccountSetting> out;
    for (const QString &n : names()) {
        if (!name.isEmpty() && n != name)
            continue;
        AccountSetting s = effective(principalArn, n);
        if (!value.isEmpty() && s.value != value)
            continue;
        out.append(s);
    }
    return out;
}

} // namespace fd::ops
