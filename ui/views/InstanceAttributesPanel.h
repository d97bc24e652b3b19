#pragma once

#include "model/ContainerInstance.h"

#include <QGroupBox>
#include <QMap>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/**
 * The attributes of one container instance: the built-in ecs.* ones read-only and greyed, the
 * custom ones (usable in placement constraints) first, set and removed here through
 * PutAttributes / DeleteAttributes. A refusal is shown as the control plane words it.
 */
class InstanceAttributesPanel final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InstanceAttributesPanel)

public:
    explicit InstanceAttributesPanel(fd::ControlPlane &cp, QWidget *parent = nullptr);

    /// Shows the attributes of `instance`. Without one, a hint that says how many instances are
    /// selected (`selectedCount`). An unchanged instance keeps the selected attribute.
    void showInstance(const std::optional<fd::ContainerInstance> &instance, int selectedCount);

signals:
    /// An attribute was set or removed on the shown instance.
    void attributesChanged();

private:
    void buildLayout();
    void fillTable(const fd::ContainerInstance &instance, const QMap<QString, QString> &attributes);
    void putAttribute();
    void removeAttribute();
    void setMessage(const QString &text, bool error);
    void updateButtons();
    /// The name of the selected custom attribute; empty when none (or a built-in one) is selected.
    QString selectedCustomName() const;

    fd::ControlPlane &m_cp;
    QTableWidget *m_table;
    QLineEdit *m_nameEdit;
    QLineEdit *m_valueEdit;
    QPushButton *m_putButton;
    QPushButton *m_removeButton;
    QLabel *m_message;
    std::optional<fd::ContainerInstance> m_instance;
    QString m_shownFor;             // instance id whose attributes the table shows
    QMap<QString, QString> m_shown; // and what it shows, so an unchanged refresh keeps its selection
};

} // namespace fd::ui
