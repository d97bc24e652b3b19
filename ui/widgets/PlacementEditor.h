#pragma once

#include "scheduler/PlacementStrategy.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QVBoxLayout;

namespace fd::ui {

/**
 * Where tasks go, as the ECS console asks it (ECS-SEMANTICS.md §1.3): a placement template ("AZ
 * Balanced Spread", …, "Custom") with its verbatim description, the binpack field when the template
 * lets one choose it, custom strategy and constraint rows (at most 5 and 10) whose memberOf
 * expressions are checked with the cluster query language as they are typed (the position of the
 * error under the field), the spread+binpack autoscaling caveat, and the JSON the request carries.
 *
 * Shared by the Run task and service dialogs. Every change emits changed(); problem() names the
 * field that is not valid, in the API's words ("placementConstraints[0].expression: position 29 …").
 * Widget object names (placementTemplateCombo, binpackFieldCombo, strategyType0, constraintExpression0,
 * constraintError0, caveatLabel, placementJson, …) are the tests' handles.
 */
class PlacementEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlacementEditor)

public:
    /// The template names in the picker, in order; the last is customName().
    static QStringList templateNames();
    static QString customName();

    explicit PlacementEditor(QWidget *parent = nullptr);

    /// One of templateNames().
    void setTemplate(const QString &name);
    QString templateName() const;
    bool isCustom() const;
    void setBinpackField(const QString &field);
    /// Custom rows (switches to Custom).
    void addStrategyRow(const QString &type, const QString &field);
    void addConstraintRow(const QString &type, const QString &expression = {});
    /// Shows `strategies` and `constraints` (JSON arrays, empty for none): the template they spell, or
    /// Custom rows when none does.
    void setPlacement(const QByteArray &strategies, const QByteArray &constraints);

    /// DAEMON services take no strategies: the picker offers only constraints (One Task Per Host and
    /// Custom without strategy rows), and strategiesJson() is empty.
    void setStrategiesAllowed(bool allowed);
    bool strategiesAllowed() const { return m_strategiesAllowed; }

    /// Compact JSON arrays, empty when there are none.
    QByteArray strategiesJson() const;
    QByteArray constraintsJson() const;
    /// The same as typed values, what a request carries (empty when a row is not valid: see problem()).
    QList<fd::scheduler::Strategy> strategies() const;
    QList<fd::scheduler::Constraint> constraints() const;
    /// The first row that is not valid, naming its field; empty when all are.
    QString problem() const { return m_problem; }
    /// Who receives the JSON, for the preview's tooltip ("RunTask", "CreateService").
    void setOperationName(const QString &operation);

signals:
    void changed();

private:
    struct StrategyRow
    {
        QWidget *row = nullptr;
        QComboBox *type = nullptr;
        QComboBox *field = nullptr;
    };
    struct ConstraintRow
    {
        QWidget *row = nullptr;
        QComboBox *type = nullptr;
        QLineEdit *expression = nullptr;
        QLabel *error = nullptr;
    };

    void fillTemplates();
    void updateTemplate();
    void removeStrategyRow(QWidget *row);
    void removeConstraintRow(QWidget *row);
    void clearRows();
    void revalidate();
    QByteArray strategiesJson(QString *problem) const;
    QByteArray constraintsJson(QString *problem) const;

    QComboBox *m_templateCombo;
    QComboBox *m_binpackFieldCombo;
    QLabel *m_binpackFieldLabel;
    QLabel *m_templateDescription;
    QWidget *m_customPane;
    QLabel *m_strategiesTitle;
    QWidget *m_strategiesPane;
    QVBoxLayout *m_strategyRows;
    QVBoxLayout *m_constraintRows;
    QPushButton *m_addStrategyButton;
    QPushButton *m_addConstraintButton;
    QLabel *m_caveat;
    QPlainTextEdit *m_jsonPreview;
    QList<StrategyRow> m_strategies;
    QList<ConstraintRow> m_constraints;
    QString m_problem;
    bool m_strategiesAllowed = true;
};

} // namespace fd::ui
