// ListAccountSettings, PutAccountSetting, PutAccountSettingDefault, DeleteAccountSetting: settings per
// principal (the caller is the IAM user named after its access key; the account default is the root
// user's), with AWS's names and defaults.

#include "EcsHandlers.h"
#include "ops/AccountSettings.h"

namespace fd::api::ecs {

namespace {

json settingJson(const ops::AccountSetting &s)
{
    return json{
        {"name", str(s.name)}, {"value", str(s.value)}, {"principalArn", str(s.principalArn)}, {"type", str(s.type)}};
}

// `principalArn` when given (checked), the caller otherwise.
Result<QString> principalParam(const ApiContext &ctx, Params &p)
{
    const auto given = p.string("principalArn");
    if (!p.ok())
        return p.error();
    if (!given)
        return ops::AccountSettings::callerArn(qstr(ctx.accessKeyId));
    if (std::optional<Error> e = ops::AccountSettings::checkPrincipal(qstr(*given)))
        return *e;
    return qstr(*given);
}

} // namespace

Result<json> listAccountSettings(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    const auto name = p.string("name");
    const auto value = p.string("value");
    const auto effective = p.boolean("effectiveSettings");
    if (!p.ok())
        return p.error();
    if (name)
        if (std::optional<Error> e = ops::AccountSettings::checkName(qstr(*name)))
            return *e;
    if (value && !name)
        return invalidParameter("value: filters one setting; give its name too");
    Result<QString> principal = principalParam(ctx, p);
    if (!principal)
        return principal.error();
    const ops::AccountSettings &settings = ctx.cp().accountSettings();
    const QList<ops::AccountSetting> list =
        effective.value_or(false)
            ? settings.effectiveSettings(*principal, qstr(name.value_or("")), qstr(value.value_or("")))
            : settings.explicitSettings(*principal, qstr(name.value_or("")), qstr(value.value_or("")));
    std::vector<json> items;
    for (const ops::AccountSetting &s : list)
        items.push_back(settingJson(s));
    PageStyle style;
    style.maxSize = 10;
    style.defaultSize = 10;
    return page(items, p, "settings", style);
}

namespace {

Result<json> put(const ApiContext &ctx, const json &params, bool asDefault)
{
    Params p(ctx, params);
    const auto name = p.string("name");
    const auto value = p.string("value");
    if (!p.ok())
        return p.error();
    if (std::optional<Error> e = ops::AccountSettings::checkName(qstr(name.value_or(""))))
        return *e;
    if (!value)
        return invalidParameter("value: is required");
    QString principal = ops::AccountSettings::rootArn();
    if (!asDefault) {
        Result<QString> given = principalParam(ctx, p);
        if (!given)
            return given.error();
        principal = *given;
    }
    Result<ops::AccountSetting> s = ctx.cp().accountSettings().put(qstr(*name), qstr(*value), principal, asDefault);
    if (!s)
        return s.error();
    return json{{"setting", settingJson(*s)}};
}

} // namespace

Result<json> putAccountSetting(const ApiContext &ctx, const json &params)
{
    return put(ctx, params, false);
}

Result<json> putAccountSettingDefault(const ApiContext &ctx, const json &params)
{
    return put(ctx, params, true);
}

Result<json> deleteAccountSetting(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    const auto name = p.string("name");
    if (!p.ok())
        return p.error();
    Result<QString> principal = principalParam(ctx, p);
    if (!principal)
        return principal.error();
    Result<ops::AccountSetting> s = ctx.cp().accountSettings().remove(qstr(name.value_or("")), *principal);
    if (!s)
        return s.error();
    return json{{"setting", settingJson(*s)}};
}

} // namespace fd::api::ecs
