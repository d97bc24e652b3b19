#include "TaskProtectionActions.h"

#include "ControlPlane.h"
#include "models/TaskTableModel.h"
#include "ops/Tasks.h"
#include "widgets/ActionErrors.h"

#include <QAction>
#include <QInputDialog>
#include <QMenu>
#include <QWidget>

namespace fd::ui {

TaskProtectionActions::TaskProtectionActions(fd::ControlPlane &cp, std::function<QString()> cluster,
                                             std::function<QStringList()> selection, QWidget *dialogParent)
    : QObject(dialogParent), m_cp(cp), m_cluster(std::move(cluster)), m_selection(std::move(selection)),
      m_dialogParent(dialogParent), m_protect(new QAction(tr("Protect from scale-in…"), this)),
      m_unprotect(new QAction(tr("Remove protection"), this)), m_menu(new QMenu(dialogParent))
{
    m_protect->setObjectName(QStringLiteral("protectTaskAction"));
    m_protect->setToolTip(tr("Keep the selected service tasks running through scale-in and deployments for a "
                             "while (UpdateTaskProtection)"));
    m_unprotect->setObjectName(QStringLiteral("unprotectTaskAction"));
    m_unprotect->setToolTip(tr("End the selected tasks' scale-in protection now"));
    m_menu->setObjectName(QStringLiteral("taskProtectionMenu"));
    m_menu->addAction(m_protect);
    m_menu->addAction(m_unprotect);
    connect(m_protect, &QAction::triggered, this, &TaskProtectionActions::protectSelected);
    connect(m_unprotect, &QAction::triggered, this, &TaskProtectionActions::unprotectSelected);
    setSelectionSize(0);
}

void TaskProtectionActions::setSelectionSize(int selected)
{
    m_protect->setEnabled(selected > 0);
    m_unprotect->setEnabled(selected > 0);
}

QStringList TaskProtectionActions::apply(fd::ControlPlane &cp, const QString &cluster, const QStringList &ids,
                                         bool enabled, std::optional<int> minutes)
{
    QStringList errors;
    for (const QString &id : ids) {
        const fd::Result<fd::Task> r = cp.tasks().setProtection(cluster, id, enabled, minutes);
        if (!r)
            errors << QStringLiteral("%1: %2").arg(TaskTableModel::shortId(id), r.error().message);
    }
    return errors;
}

void TaskProtectionActions::protectSelected()
{
    const QStringList ids = m_selection();
    if (ids.isEmpty())
        return;
    const int n = int(ids.size());
    QInputDialog ask(m_dialogParent);
    ask.setObjectName(QStringLiteral("protectTaskDialog"));
    ask.setWindowTitle(tr("Protect from scale-in"));
    ask.setLabelText(
        (n == 1 ? tr("Protect task %1 from scale-in.").arg(TaskTableModel::shortId(ids.front()))
                : tr("Protect %n tasks from scale-in.", nullptr, n)) +
        tr("\n\nWhile protected, the service's scale-in and deployments leave it running.\n"
           "For how many minutes? (1 to %1; ECS's default is %2, two hours)")
            .arg(fd::ops::Tasks::kMaxProtectionMinutes)
            .arg(fd::ops::Tasks::kDefaultProtectionMinutes));
    ask.setInputMode(QInputDialog::IntInput);
    ask.setIntRange(1, fd::ops::Tasks::kMaxProtectionMinutes);
    ask.setIntValue(fd::ops::Tasks::kDefaultProtectionMinutes);
    ask.setOkButtonText(tr("Protect"));
    if (ask.exec() != QDialog::Accepted)
        return;
    const QStringList errors = apply(m_cp, m_cluster(), ids, true, ask.intValue());
    emit applied();
    showActionErrors(m_dialogParent, QStringLiteral("taskProtectionError"), tr("Protect from scale-in"),
                     tr("%1 of %n task(s) refused:", nullptr, n).arg(errors.size()), errors);
}

void TaskProtectionActions::unprotectSelected()
{
    const QStringList ids = m_selection();
    if (ids.isEmpty())
        return;
    const QStringList errors = apply(m_cp, m_cluster(), ids, false, std::nullopt);
    emit applied();
    showActionErrors(m_dialogParent, QStringLiteral("taskProtectionError"), tr("Remove protection"),
                     tr("%1 of %n task(s) refused:", nullptr, int(ids.size())).arg(errors.size()), errors);
}

} // namespace fd::ui
