#pragma once

#include <QMessageBox>
#include <QString>

namespace fd::ui {

/// Asks before an action that changes something: a message box (objectName `objectName`) saying
/// `text`, with `detail` below it (what will happen), the action's button `acceptText`
/// (objectName "confirmButton") and Cancel, the default. True when the action's button was clicked.
bool confirmAction(QWidget *parent, const QString &objectName, const QString &title, const QString &text,
                   const QString &detail, const QString &acceptText,
                   QMessageBox::ButtonRole role = QMessageBox::AcceptRole,
                   QMessageBox::Icon icon = QMessageBox::Question);

} // namespace fd::ui
