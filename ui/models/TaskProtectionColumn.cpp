#include "TaskProtectionColumn.h"

#include "Formatter.h"
#include "Palette.h"

namespace fd::ui {

QString TaskProtectionColumn::text(const fd::Task &t, const QDateTime &now)
{
    if (!t.isProtectedAt(now))
        return {};
    const QDateTime until = t.protectedUntil.toLocalTime();
    const QString at = until.date() == now.toLocalTime().date()
                           ? until.toString(QStringLiteral("HH:mm"))
                           : until.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    return tr("until %1, %2 left").arg(at, Formatter::duration(now.msecsTo(t.protectedUntil)));
}

void TaskProtectionColumn::add(ColumnSpec<fd::Task> &columns, std::function<QDateTime()> now)
{
    using T = fd::Task;
    columns
        .add(tr("Protected"), tr("Scale-in protection (UpdateTaskProtection): the service's scale-in and deployments "
                                 "leave the task running until then"))
        .display([now](const T &t) { return text(t, now()); })
        .raw([now](const T &t) { return t.isProtectedAt(now()) ? QVariant(t.protectedUntil) : QVariant(QDateTime()); })
        .foreground([](const T &) { return palette::InfoBadge.text; })
        .toolTip([now](const T &t) {
            return t.isProtectedAt(now())
                       ? QVariant(tr("Protected from scale-in until %1").arg(Formatter::dateTime(t.protectedUntil)))
                       : QVariant();
        });
}

} // namespace fd::ui
