#include "ActionErrors.h"

#include <QMessageBox>

namespace fd::ui {

void showActionErrors(QWidget *parent, const QString &objectName, const QString &title, const QString &text,
                      const QStringList &errors)
{
    constexpr int kMaxListed = 10;
    if (errors.isEmpty())
        return;
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
    box.setObjectName(objectName);
    QStringList shown = errors.mid(0, kMaxListed);
    if (errors.size() > kMaxListed)
        shown << QMessageBox::tr("… and %n more", nullptr, int(errors.size() - kMaxListed));
    box.setInformativeText(shown.join(u'\n'));
    box.exec();
}

} // namespace fd::ui
