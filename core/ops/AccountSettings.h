#pragma once

#include "ops/Domain.h"

#include <QList>
#include <QMap>
#include <QStringList>

#include <optional>

namespace fd::ops {

// One ECS account setting as ListAccountSettings shows it.
struct AccountSetting
{
    QString name;
    QString value;
    QString principalArn;
    QString type = QStringLiteral("user"); // user, or aws_managed for AWS's default nobody set
};

// ECS account settings (PutAccountSetting, PutAccountSettingDefault, DeleteAccountSetting,
// ListAccountSettings), kept per principal ARN in the store's documents (kind "account-setting", id
// "<principal ARN> <name>"). The account default is the root user's setting; a principal without a
// setting of its own has the root user's, and without that AWS's default.
class AccountSettings final : public Domain
{
public:
    AccountSettings(ControlPlane &cp, const Registries &r) : Domain(cp, r) {}

    Status load(const Store &store);

    // The setting names of the ECS model, in its order.
    static const QStringList &names();
    // AWS's default value of a setting (an account nobody changed).
    static QString awsDefault(const QString &name);
    // arn:aws:iam::<account>:root
    static QString rootArn();
    // The principal an API caller is: the IAM user named after its access key, or the root user when
    // the request carries no credentials.
    static QString callerArn(const QString &accessKeyId);

    // PutAccountSetting (`principalArn` the one to change) and PutAccountSettingDefault (the root user):
    // the value checked against the setting's accepted values; errors name the member.
    Result<AccountSetting> put(const QString &name, const QString &value, const QString &principalArn, bool asDefault);
    // The principal's own setting removed (it follows the account default again); answers the value
    // that applied before.
    Result<AccountSetting> remove(const QString &name, const QString &principalArn);
    // The principal's own settings (`name` and `value` filter when not empty).
    QList<AccountSetting> explicitSettings(const QString &principalArn, const QString &name = {},
                                           const QString &value = {}) const;
    // What applies to the principal for every setting (or `name`), filtered by `value` when not empty.
    QList<AccountSetting> effectiveSettings(const QString &principalArn, const QString &name = {},
                                            const QString &value = {}) const;
    AccountSetting effective(const QString &principalArn, const QString &name) const;

    // An IAM principal ARN (root, user/..., role/...) of this account, or an error naming the member.
    static std::optional<Error> checkPrincipal(const QString &principalArn);
    static std::optional<Error> checkName(const QString &name);

private:
    QMap<QString, QMap<QString, QString>> m_settings; // principal ARN -> name -> value
};

} // namespace fd::ops
