#pragma once

#include <QString>
#include <QStringList>

class QWidget;

namespace fd::ui {

/// A warning box (objectName `objectName`) saying `text`, with the first ten of `errors` (one line
/// each, "abcd1234: why") and how many more; nothing when `errors` is empty.
void showActionErrors(QWidget *parent, const QString &objectName, const QString &title, const QString &text,
                      const QStringList &errors);

} // namespace fd::ui
