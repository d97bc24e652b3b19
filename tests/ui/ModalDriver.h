#pragma once

// Drives the modal dialog that `trigger` opens: `drive(dialog)` runs inside the dialog's own event
// loop (the QTimer::singleShot pattern), and whatever happens the dialog is closed afterwards, so a
// failed check never leaves the test hanging in exec().

#include <QApplication>
#include <QDialog>
#include <QPointer>
#include <QTest>
#include <QTimer>

#include <functional>

namespace fd::test {

template<typename Dialog>
bool driveModal(const std::function<void()> &trigger, const std::function<void(Dialog *)> &drive, int timeoutMs = 5000)
{
    bool reached = false;
    QTimer::singleShot(0, qApp, [&] {
        QPointer<QWidget> modal;
        (void)QTest::qWaitFor([&] { return (modal = QApplication::activeModalWidget()) != nullptr; }, timeoutMs);
        auto *dialog = qobject_cast<Dialog *>(modal.data());
        if (!dialog) {
            QTest::qFail("the expected modal dialog did not open", __FILE__, __LINE__);
            if (auto *other = qobject_cast<QDialog *>(modal.data()))
                other->reject();
            return;
        }
        QPointer<Dialog> guard(dialog);
        drive(dialog);
        reached = !QTest::currentTestFailed();
        if (guard && guard->isVisible())
            guard->reject();
    });
    trigger();
    return reached;
}

} // namespace fd::test
