#pragma once

#include "ColumnSpec.h"
#include "model/Task.h"

#include <QCoreApplication>
#include <QDateTime>

#include <functional>

namespace fd::ui {

/**
 * The Protected column of the task tables (the Tasks page, a service's tasks): scale-in protection
 * (UpdateTaskProtection) and when it runs out, "until 14:05, 12 min left", read against the control
 * plane's clock each time the cell is painted; empty when the task is not protected. Sorts by the
 * expiry (unprotected tasks first ascending).
 */
class TaskProtectionColumn
{
    Q_DECLARE_TR_FUNCTIONS(fd::ui::TaskProtectionColumn)

public:
    /// "until 14:05, 12 min left" ("until 2026-01-02 14:05, …" on another day); empty when `t` is
    /// not protected at `now`.
    static QString text(const fd::Task &t, const QDateTime &now);
    /// Appends the column to `columns`; `now` reads the control plane's clock.
    static void add(ColumnSpec<fd::Task> &columns, std::function<QDateTime()> now);
};

} // namespace fd::ui
