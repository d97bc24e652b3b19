#include "ConfirmAction.h"

#include <QPushButton>

namespace fd::ui {

bool confirmAction(QWidget *parent, const QString &objectName, const QString &title, const QString &text,
                   const QString &detail, const QString &acceptText, QMessageBox::ButtonRole role,
                   QMessageBox::Icon icon)
{
    QMessageBox ask(icon, title, text, QMessageBox::NoButton, parent);
    ask.setObjectName(objectName);
    ask.setInformativeText(detail);
    QPushButton *accept = ask.addButton(acceptText, role);
    accept->setObjectName(QStringLiteral("confirmButton"));
    ask.addButton(QMessageBox::Cancel);
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.exec();
    return ask.clickedButton() == accept;
}

} // namespace fd::ui
