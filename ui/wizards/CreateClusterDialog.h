#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace fd::ui {

/**
 * Asks for a cluster name and validates it live (1-255 letters, digits, hyphens, underscores).
 * Yields the name; the caller creates the cluster.
 */
class CreateClusterDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CreateClusterDialog)

public:
    explicit CreateClusterDialog(QWidget *parent = nullptr);

    QString name() const;
    void setName(const QString &name);

    /// Empty when `name` is a valid cluster name, otherwise what is wrong with it.
    static QString validateName(const QString &name);

private:
    void revalidate();

    QLineEdit *m_nameEdit;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
};

} // namespace fd::ui
