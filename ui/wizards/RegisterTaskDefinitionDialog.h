#pragma once

#include "Result.h"
#include "model/TaskDefinition.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTableWidget;
class QTimer;
class QToolButton;

namespace fd::ui {

/**
 * Register task definition: a form and the AWS JSON side by side, either one editable.
 *
 * Editing the form rewrites the JSON at once (fd::json::toRegisterJson, which keeps the members
 * the form has no widget for); editing the JSON re-parses it ~300 ms after the last keystroke and
 * refills the form. Every change is validated with fd::json::parseTaskDefinition: the message goes
 * to the "validationMessage" label, the widget for Error::field is outlined in red, a JSON syntax
 * error marks its line, and "Register" is enabled only while the whole definition is valid.
 *
 * "Runs on FARGATE" adds FARGATE to requiresCompatibilities: the network mode is then awsvpc, fixed,
 * and the task-level CPU and memory are chosen from the Fargate sizes (FargateSizes) instead of
 * typed; a pair that is not a Fargate size (from JSON) is refused with ECS's words.
 *
 * The dialog yields a spec(); the caller registers it with the ControlPlane.
 */
class RegisterTaskDefinitionDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegisterTaskDefinitionDialog)

public:
    explicit RegisterTaskDefinitionDialog(QWidget *parent = nullptr);
    ~RegisterTaskDefinitionDialog() override;

    /// Prefills form and JSON, for "Create new revision".
    void setSpec(const fd::TaskDefinitionSpec &spec);
    /// Puts `json` on the JSON side and parses it now (Import).
    void setJson(const QByteArray &json);
    /// Loads a .json file into the JSON side; false (and a message) when it cannot be read.
    bool importFile(const QString &path);

    /// The validated spec; only meaningful once the dialog was accepted (or isValid()).
    fd::TaskDefinitionSpec spec() const;
    bool isValid() const { return m_validSpec.has_value(); }
    /// The current problem, when not valid.
    std::optional<fd::Error> error() const { return m_error; }

    /// Shows the widget the current error points at: selects its container, focuses it, moves
    /// the JSON cursor to a syntax error's line.
    void goToError();

public slots:
    void accept() override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QWidget *buildForm();
    QWidget *buildContainerEditor();
    QWidget *buildJsonSide();

    // form -> spec -> JSON
    void onFormEdited();
    void readForm();
    void writeJson();
    // JSON -> spec -> form
    void onJsonEdited();
    void applyJson();
    void fillForm();
    void fillContainer();
    void refreshContainerList();

    void validate(const QByteArray &json);
    // FARGATE: awsvpc fixed, the size pickers instead of the free fields, the document's
    // requiresCompatibilities in step.
    void fargateToggled();
    void fargateCpuChosen();
    void showFargateState();
    bool documentRequiresFargate() const;
    // RegisterTaskDefinition's refusal of a FARGATE definition (ECS's words), nullopt when it is one.
    std::optional<fd::Error> fargateError(const fd::TaskDefinitionSpec &spec) const;
    void writeRequiresCompatibilities();
    void showError(const std::optional<fd::Error> &error, int syntaxLine = 0);
    QWidget *widgetForField(const QString &field, int *containerIndex) const;
    void markInvalid(QWidget *widget);
    /// The line a parser message names ("line 4, column 7: ..."), 0 when it names none.
    static int lineOfSyntaxError(const QString &message);
    void jumpToJsonLine(int line);

    void addContainer();
    void removeContainer();
    void addEnvironmentRow();
    void removeEnvironmentRow();
    void addPortMappingRow(const fd::PortMapping &mapping = {80, 0, QStringLiteral("tcp")});
    void removePortMappingRow();
    void chooseImportFile();
    void formatJson();

    // Current state: what the form shows, plus the document that keeps the JSON's other members.
    fd::TaskDefinitionSpec m_spec;
    int m_current = -1; // index of the container shown in the container editor
    bool m_updating = false;
    std::optional<fd::TaskDefinitionSpec> m_validSpec;
    std::optional<fd::Error> m_error;
    int m_syntaxLine = 0; // 1-based line of a JSON syntax error, 0 when none
    QWidget *m_invalidWidget = nullptr;

    QSplitter *m_splitter;
    QLineEdit *m_familyEdit;
    QComboBox *m_networkModeCombo;
    QLineEdit *m_taskCpuEdit;
    QLineEdit *m_taskMemoryEdit;
    QCheckBox *m_fargateCheck;
    QComboBox *m_fargateCpuCombo;
    QComboBox *m_fargateMemoryCombo;
    QWidget *m_fargateSizeRow;
    QListWidget *m_containerList;
    QPushButton *m_addContainerButton;
    QPushButton *m_removeContainerButton;
    QGroupBox *m_containerGroup;
    QLineEdit *m_containerNameEdit;
    QLineEdit *m_imageEdit;
    QLineEdit *m_cpuEdit;
    QLineEdit *m_memoryEdit;
    QLineEdit *m_memoryReservationEdit;
    QCheckBox *m_essentialCheck;
    QLineEdit *m_commandEdit;
    QTableWidget *m_environmentTable;
    QTableWidget *m_portMappingsTable;
    QGroupBox *m_healthCheckGroup;
    QLineEdit *m_healthCheckCommandEdit;
    QSpinBox *m_healthCheckIntervalSpin;
    QSpinBox *m_healthCheckTimeoutSpin;
    QSpinBox *m_healthCheckRetriesSpin;
    QSpinBox *m_healthCheckStartPeriodSpin;
    QPlainTextEdit *m_jsonEdit;
    QPushButton *m_importButton;
    QPushButton *m_formatButton;
    QLabel *m_validationMessage;
    QToolButton *m_goToErrorButton;
    QDialogButtonBox *m_buttons;
    QPushButton *m_registerButton;
    QTimer *m_jsonTimer;
};

} // namespace fd::ui
