#include "RegisterTaskDefinitionDialog.h"

#include "CommandText.h"
#include "LenientTaskDefinitionReader.h"
#include "Palette.h"
#include "json/TaskDefinitionJson.h"
#include "json/TaskDefinitionWriter.h"
#include "widgets/JsonHighlighter.h"
#include "wizards/FargateSizes.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIntValidator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTableWidget>
#include <QTextBlock>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

constexpr int kJsonDebounceMs = 300;
const QColor &kErrorColor = palette::Error;

enum PortColumn { ContainerPortColumn, HostPortColumn, ProtocolColumn };
enum EnvironmentColumn { NameColumn, ValueColumn };

std::optional<int> optionalInt(const QLineEdit *edit)
{
    bool ok = false;
    const int n = edit->text().trimmed().toInt(&ok);
    return ok ? std::optional<int>(n) : std::nullopt;
}

QString optionalText(std::optional<int> n)
{
    return n ? QString::number(*n) : QString();
}

void setTextIfDifferent(QLineEdit *edit, const QString &text)
{
    if (edit->text() != text)
        edit->setText(text);
}

QLineEdit *numberEdit(const QString &objectName, const QString &placeholder, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    // Negative numbers are let through on purpose: the core's message explains why they are wrong.
    edit->setValidator(new QIntValidator(-1'000'000'000, 1'000'000'000, edit));
    return edit;
}

QSpinBox *secondsSpin(const QString &objectName, const QString &suffix, QWidget *parent)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(objectName);
    // Wider than ECS allows, so an out-of-range value from the JSON is shown as it is and the
    // core's validation names it, instead of being clamped silently.
    spin->setRange(0, 100000);
    spin->setSuffix(suffix);
    return spin;
}

QTableWidget *editableTable(const QString &objectName, const QStringList &headers, QWidget *parent)
{
    auto *table = new QTableWidget(0, int(headers.size()), parent);
    table->setObjectName(objectName);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->setVisible(false);
    // Tall enough for the protocol combo box in a cell, no taller.
    table->verticalHeader()->setDefaultSectionSize(
        std::max(table->fontMetrics().height() + 8, QComboBox().sizeHint().height()));
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::AllEditTriggers);
    table->setMinimumHeight(76);
    table->setMaximumHeight(120);
    return table;
}

QPushButton *smallButton(const QString &objectName, const QString &text, QWidget *parent)
{
    auto *button = new QPushButton(text, parent);
    button->setObjectName(objectName);
    button->setAutoDefault(false);
    return button;
}

} // namespace

RegisterTaskDefinitionDialog::RegisterTaskDefinitionDialog(QWidget *parent)
    : QDialog(parent), m_jsonTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("registerTaskDefinitionDialog"));
    setWindowTitle(tr("Register task definition"));
    // Outlines whatever widget the current error points at.
    setStyleSheet(
        QStringLiteral("*[invalid=\"true\"] { border: 2px solid %1; border-radius: 2px; }").arg(kErrorColor.name()));

    m_jsonTimer->setSingleShot(true);
    m_jsonTimer->setInterval(kJsonDebounceMs);
    connect(m_jsonTimer, &QTimer::timeout, this, &RegisterTaskDefinitionDialog::applyJson);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("registerSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(buildForm());
    m_splitter->addWidget(buildJsonSide());
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);

    m_validationMessage = new QLabel(this);
    m_validationMessage->setObjectName(QStringLiteral("validationMessage"));
    m_validationMessage->setWordWrap(true);
    m_validationMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_goToErrorButton = new QToolButton(this);
    m_goToErrorButton->setObjectName(QStringLiteral("goToErrorButton"));
    m_goToErrorButton->setText(tr("Show"));
    m_goToErrorButton->setToolTip(tr("Go to the field or JSON line the message is about (Enter)"));
    connect(m_goToErrorButton, &QToolButton::clicked, this, &RegisterTaskDefinitionDialog::goToError);

    m_buttons = new QDialogButtonBox(this);
    m_buttons->setObjectName(QStringLiteral("buttons"));
    m_registerButton = m_buttons->addButton(tr("Register"), QDialogButtonBox::AcceptRole);
    m_registerButton->setObjectName(QStringLiteral("registerButton"));
    m_registerButton->setDefault(true);
    QPushButton *cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setAutoDefault(false);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &RegisterTaskDefinitionDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &RegisterTaskDefinitionDialog::reject);

    auto *messageRow = new QHBoxLayout;
    messageRow->addWidget(m_validationMessage, 1);
    messageRow->addWidget(m_goToErrorButton);

    auto *bottom = new QHBoxLayout;
    bottom->addLayout(messageRow, 1);
    bottom->addSpacing(12);
    bottom->addWidget(m_buttons);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_splitter, 1);
    layout->addLayout(bottom);

    // A new definition starts with one (empty) container, as the ECS console's does.
    m_spec.containerDefinitions.append(fd::ContainerDefinition{});
    m_current = 0;
    fillForm();
    writeJson();

    resize(1200, 860);
    m_splitter->setSizes({660, 540});
}

RegisterTaskDefinitionDialog::~RegisterTaskDefinitionDialog() = default;

// ---------------------------------------------------------------------------------------------
// Building

QWidget *RegisterTaskDefinitionDialog::buildForm()
{
    auto *scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("formScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *page = new QWidget;
    page->setObjectName(QStringLiteral("formPage"));
    scroll->setWidget(page);

    // Task
    auto *taskGroup = new QGroupBox(tr("Task definition"), page);
    taskGroup->setObjectName(QStringLiteral("taskGroup"));
    m_familyEdit = new QLineEdit(taskGroup);
    m_familyEdit->setObjectName(QStringLiteral("familyEdit"));
    m_familyEdit->setPlaceholderText(tr("for example: edges-web"));
    m_networkModeCombo = new QComboBox(taskGroup);
    m_networkModeCombo->setObjectName(QStringLiteral("networkModeCombo"));
    m_networkModeCombo->addItems(
        {QStringLiteral("bridge"), QStringLiteral("host"), QStringLiteral("awsvpc"), QStringLiteral("none")});
    m_taskCpuEdit = numberEdit(QStringLiteral("taskCpuEdit"), tr("optional, e.g. 512 (½ vCPU)"), taskGroup);
    m_taskMemoryEdit = numberEdit(QStringLiteral("taskMemoryEdit"), tr("optional, e.g. 1024"), taskGroup);
    m_fargateCheck =
        new QCheckBox(tr("Runs on FARGATE (requiresCompatibilities: awsvpc, a Fargate task size)"), taskGroup);
    m_fargateCheck->setObjectName(QStringLiteral("fargateCheck"));
    m_fargateCpuCombo = new QComboBox(taskGroup);
    m_fargateCpuCombo->setObjectName(QStringLiteral("fargateCpuCombo"));
    for (const int cpu : FargateSizes::cpuChoices())
        m_fargateCpuCombo->addItem(QStringLiteral("%1 (%2)").arg(cpu).arg(FargateSizes::cpuText(cpu)), cpu);
    m_fargateMemoryCombo = new QComboBox(taskGroup);
    m_fargateMemoryCombo->setObjectName(QStringLiteral("fargateMemoryCombo"));
    m_fargateCpuCombo->setToolTip(tr("Task CPU units; 8192 and 16384 need platform version 1.4.0"));
    m_fargateMemoryCombo->setToolTip(tr("Task memory (MiB): the sizes FARGATE offers for this CPU"));
    m_fargateSizeRow = new QWidget(taskGroup);
    auto *sizeRow = new QHBoxLayout(m_fargateSizeRow);
    sizeRow->setContentsMargins(0, 0, 0, 0);
    sizeRow->addWidget(new QLabel(tr("CPU"), m_fargateSizeRow));
    sizeRow->addWidget(m_fargateCpuCombo, 1);
    sizeRow->addWidget(new QLabel(tr("memory"), m_fargateSizeRow));
    sizeRow->addWidget(m_fargateMemoryCombo, 1);
    auto *taskForm = new QFormLayout(taskGroup);
    taskForm->addRow(tr("&Family:"), m_familyEdit);
    taskForm->addRow(tr("Launch type:"), m_fargateCheck);
    taskForm->addRow(tr("&Network mode:"), m_networkModeCombo);
    taskForm->addRow(tr("Fargate task size:"), m_fargateSizeRow);
    taskForm->addRow(tr("Task CPU (units):"), m_taskCpuEdit);
    taskForm->addRow(tr("Task memory (MiB):"), m_taskMemoryEdit);
    taskForm->setRowVisible(m_fargateSizeRow, false);

    // Containers
    auto *containersGroup = new QGroupBox(tr("Containers"), page);
    containersGroup->setObjectName(QStringLiteral("containersGroup"));
    m_containerList = new QListWidget(containersGroup);
    m_containerList->setObjectName(QStringLiteral("containerList"));
    m_containerList->setMaximumHeight(60);
    m_addContainerButton = smallButton(QStringLiteral("addContainerButton"), tr("Add container"), containersGroup);
    m_removeContainerButton = smallButton(QStringLiteral("removeContainerButton"), tr("Remove"), containersGroup);
    auto *containerButtons = new QVBoxLayout;
    containerButtons->addWidget(m_addContainerButton);
    containerButtons->addWidget(m_removeContainerButton);
    containerButtons->addStretch();
    auto *containersLayout = new QHBoxLayout(containersGroup);
    containersLayout->addWidget(m_containerList, 1);
    containersLayout->addLayout(containerButtons);

    auto *layout = new QVBoxLayout(page);
    layout->addWidget(taskGroup);
    layout->addWidget(containersGroup);
    layout->addWidget(buildContainerEditor());
    layout->addStretch();

    connect(m_familyEdit, &QLineEdit::textChanged, this, &RegisterTaskDefinitionDialog::onFormEdited);
    connect(m_networkModeCombo, &QComboBox::currentTextChanged, this, &RegisterTaskDefinitionDialog::onFormEdited);
    connect(m_taskCpuEdit, &QLineEdit::textChanged, this, &RegisterTaskDefinitionDialog::onFormEdited);
    connect(m_taskMemoryEdit, &QLineEdit::textChanged, this, &RegisterTaskDefinitionDialog::onFormEdited);
    connect(m_fargateCheck, &QCheckBox::toggled, this, &RegisterTaskDefinitionDialog::fargateToggled);
    connect(m_fargateCpuCombo, &QComboBox::currentIndexChanged, this, &RegisterTaskDefinitionDialog::fargateCpuChosen);
    connect(m_fargateMemoryCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (m_updating || !m_fargateCheck->isChecked())
            return;
        m_taskMemoryEdit->setText(QString::number(m_fargateMemoryCombo->currentData().toInt()));
    });
    connect(m_containerList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (m_updating || row == m_current)
            return;
        m_current = row;
        fillContainer();
        // The highlight may now belong on a widget of this container.
        showError(m_error, m_syntaxLine);
    });
    connect(m_addContainerButton, &QPushButton::clicked, this, &RegisterTaskDefinitionDialog::addContainer);
    connect(m_removeContainerButton, &QPushButton::clicked, this, &RegisterTaskDefinitionDialog::removeContainer);
    return scroll;
}

QWidget *RegisterTaskDefinitionDialog::buildContainerEditor()
{
    m_containerGroup = new QGroupBox(tr("Container"));
    m_containerGroup->setObjectName(QStringLiteral("containerGroup"));

    m_containerNameEdit = new QLineEdit(m_containerGroup);
    m_containerNameEdit->setObjectName(QStringLiteral("containerNameEdit"));
    m_containerNameEdit->setPlaceholderText(tr("for example: web"));
    m_imageEdit = new QLineEdit(m_containerGroup);
    m_imageEdit->setObjectName(QStringLiteral("imageEdit"));
    m_imageEdit->setPlaceholderText(tr("for example: fleetdeck/demo-app:1"));
    m_cpuEdit = numberEdit(QStringLiteral("cpuEdit"), tr("optional, 1024 = 1 vCPU"), m_containerGroup);
    m_memoryEdit = numberEdit(QStringLiteral("memoryEdit"), tr("hard limit, optional"), m_containerGroup);
    m_memoryReservationEdit =
        numberEdit(QStringLiteral("memoryReservationEdit"), tr("soft limit, optional"), m_containerGroup);
    m_essentialCheck = new QCheckBox(tr("Essential: the task stops when this container stops"), m_containerGroup);
    m_essentialCheck->setObjectName(QStringLiteral("essentialCheck"));
    m_commandEdit = new QLineEdit(m_containerGroup);
    m_commandEdit->setObjectName(QStringLiteral("commandEdit"));
    m_commandEdit->setPlaceholderText(tr("npm start   or   [\"sh\", \"-c\", \"echo hi\"]"));

    m_environmentTable = editableTable(QStringLiteral("environmentTable"), {tr("Name"), tr("Value")}, m_containerGroup);
    auto *addEnv = smallButton(QStringLiteral("addEnvironmentButton"), tr("Add variable"), m_containerGroup);
    auto *removeEnv = smallButton(QStringLiteral("removeEnvironmentButton"), tr("Remove"), m_containerGroup);

    m_portMappingsTable = editableTable(QStringLiteral("portMappingsTable"),
                                        {tr("Container port"), tr("Host port"), tr("Protocol")}, m_containerGroup);
    m_portMappingsTable->horizontalHeaderItem(HostPortColumn)
        ->setToolTip(tr("Empty or 0: a dynamic port from the engine's ephemeral range (bridge mode)"));
    auto *addPort = smallButton(QStringLiteral("addPortMappingButton"), tr("Add port mapping"), m_containerGroup);
    auto *removePort = smallButton(QStringLiteral("removePortMappingButton"), tr("Remove"), m_containerGroup);

    m_healthCheckGroup = new QGroupBox(tr("Health check"), m_containerGroup);
    m_healthCheckGroup->setObjectName(QStringLiteral("healthCheckGroup"));
    m_healthCheckGroup->setCheckable(true);
    m_healthCheckGroup->setChecked(false);
    m_healthCheckCommandEdit = new QLineEdit(m_healthCheckGroup);
    m_healthCheckCommandEdit->setObjectName(QStringLiteral("healthCheckCommandEdit"));
    m_healthCheckCommandEdit->setPlaceholderText(QStringLiteral("CMD-SHELL curl -f http://localhost/health || exit 1"));
    m_healthCheckIntervalSpin = secondsSpin(QStringLiteral("healthCheckIntervalSpin"), tr(" s"), m_healthCheckGroup);
    m_healthCheckTimeoutSpin = secondsSpin(QStringLiteral("healthCheckTimeoutSpin"), tr(" s"), m_healthCheckGroup);
    m_healthCheckRetriesSpin = secondsSpin(QStringLiteral("healthCheckRetriesSpin"), QString(), m_healthCheckGroup);
    m_healthCheckStartPeriodSpin =
        secondsSpin(QStringLiteral("healthCheckStartPeriodSpin"), tr(" s"), m_healthCheckGroup);
    m_healthCheckIntervalSpin->setToolTip(tr("5-300 seconds, default 30"));
    m_healthCheckTimeoutSpin->setToolTip(tr("2-60 seconds, default 5"));
    m_healthCheckRetriesSpin->setToolTip(tr("1-10, default 3"));
    m_healthCheckStartPeriodSpin->setToolTip(tr("0-300 seconds, default 0 (off)"));
    auto *timing = new QGridLayout;
    const auto addTiming = [&](int row, int column, const QString &label, QSpinBox *spin) {
        auto *l = new QLabel(label, m_healthCheckGroup);
        l->setBuddy(spin);
        timing->addWidget(l, row, column * 2);
        timing->addWidget(spin, row, column * 2 + 1);
    };
    addTiming(0, 0, tr("Interval:"), m_healthCheckIntervalSpin);
    addTiming(0, 1, tr("Timeout:"), m_healthCheckTimeoutSpin);
    addTiming(1, 0, tr("Retries:"), m_healthCheckRetriesSpin);
    addTiming(1, 1, tr("Start period:"), m_healthCheckStartPeriodSpin);
    timing->setColumnStretch(1, 1);
    timing->setColumnStretch(3, 1);
    auto *healthForm = new QFormLayout(m_healthCheckGroup);
    healthForm->addRow(tr("Command:"), m_healthCheckCommandEdit);
    healthForm->addRow(timing);

    auto *form = new QFormLayout;
    form->addRow(tr("Na&me:"), m_containerNameEdit);
    form->addRow(tr("&Image:"), m_imageEdit);
    form->addRow(tr("CPU (units):"), m_cpuEdit);
    form->addRow(tr("Memory (MiB):"), m_memoryEdit);
    form->addRow(tr("Memory reservation (MiB):"), m_memoryReservationEdit);
    form->addRow(QString(), m_essentialCheck);
    form->addRow(tr("&Command:"), m_commandEdit);

    // Buttons under the table, so the form stays narrow enough to sit beside the JSON.
    const auto tableRow = [](QTableWidget *table, QPushButton *add, QPushButton *remove) {
        auto *buttons = new QHBoxLayout;
        buttons->addWidget(add);
        buttons->addWidget(remove);
        buttons->addStretch();
        auto *column = new QVBoxLayout;
        column->addWidget(table, 1);
        column->addLayout(buttons);
        return column;
    };
    form->addRow(tr("Environment:"), tableRow(m_environmentTable, addEnv, removeEnv));
    form->addRow(tr("Port mappings:"), tableRow(m_portMappingsTable, addPort, removePort));

    auto *layout = new QVBoxLayout(m_containerGroup);
    layout->addLayout(form);
    layout->addWidget(m_healthCheckGroup);

    for (QLineEdit *edit : {m_containerNameEdit, m_imageEdit, m_cpuEdit, m_memoryEdit, m_memoryReservationEdit,
                            m_commandEdit, m_healthCheckCommandEdit})
        connect(edit, &QLineEdit::textChanged, this, &RegisterTaskDefinitionDialog::onFormEdited);
    for (QSpinBox *spin :
         {m_healthCheckIntervalSpin, m_healthCheckTimeoutSpin, m_healthCheckRetriesSpin, m_healthCheckStartPeriodSpin})
        connect(spin, &QSpinBox::valueChanged, this, &RegisterTaskDefinitionDialog::onFormEdited);
    connect(m_essentialCheck, &QCheckBox::toggled, this, &RegisterTaskDefinitionDialog::onFormEdited);
    connect(m_healthCheckGroup, &QGroupBox::toggled, this, [this](bool on) {
        // Turning the check on starts from ECS's defaults rather than from zeros.
        if (on && !m_updating && m_healthCheckIntervalSpin->value() == 0) {
            const fd::HealthCheck defaults;
            m_updating = true;
            m_healthCheckIntervalSpin->setValue(defaults.interval);
            m_healthCheckTimeoutSpin->setValue(defaults.timeout);
            m_healthCheckRetriesSpin->setValue(defaults.retries);
            m_healthCheckStartPeriodSpin->setValue(defaults.startPeriod);
            m_updating = false;
        }
        onFormEdited();
    });
    connect(m_environmentTable, &QTableWidget::itemChanged, this, &RegisterTaskDefinitionDialog::onFormEdited);
    connect(m_portMappingsTable, &QTableWidget::itemChanged, this, &RegisterTaskDefinitionDialog::onFormEdited);
    connect(addEnv, &QPushButton::clicked, this, &RegisterTaskDefinitionDialog::addEnvironmentRow);
    connect(removeEnv, &QPushButton::clicked, this, &RegisterTaskDefinitionDialog::removeEnvironmentRow);
    connect(addPort, &QPushButton::clicked, this, [this] {
        addPortMappingRow();
        onFormEdited();
        m_portMappingsTable->setFocus();
        m_portMappingsTable->setCurrentCell(m_portMappingsTable->rowCount() - 1, ContainerPortColumn);
    });
    connect(removePort, &QPushButton::clicked, this, &RegisterTaskDefinitionDialog::removePortMappingRow);
    return m_containerGroup;
}

QWidget *RegisterTaskDefinitionDialog::buildJsonSide()
{
    auto *side = new QWidget;
    side->setObjectName(QStringLiteral("jsonSide"));
    auto *title = new QLabel(tr("<b>AWS JSON</b>"), side);
    title->setToolTip(tr("The request as aws ecs register-task-definition --cli-input-json takes it. "
                         "Edit either side; the other follows."));
    m_formatButton = smallButton(QStringLiteral("formatJsonButton"), tr("Format"), side);
    m_formatButton->setToolTip(tr("Rewrite the JSON from the form, indented"));
    m_importButton = smallButton(QStringLiteral("importButton"), tr("Import…"), side);
    m_importButton->setToolTip(tr("Load a task definition from a .json file (a register request or "
                                  "describe-task-definition output)"));

    m_jsonEdit = new QPlainTextEdit(side);
    m_jsonEdit->setObjectName(QStringLiteral("jsonEdit"));
    m_jsonEdit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_jsonEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_jsonEdit->setTabStopDistance(QFontMetricsF(m_jsonEdit->font()).horizontalAdvance(u' ') * 2);
    new JsonHighlighter(m_jsonEdit->document());

    auto *header = new QHBoxLayout;
    header->addWidget(title, 1);
    header->addWidget(m_formatButton);
    header->addWidget(m_importButton);
    auto *layout = new QVBoxLayout(side);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(m_jsonEdit, 1);

    connect(m_jsonEdit, &QPlainTextEdit::textChanged, this, &RegisterTaskDefinitionDialog::onJsonEdited);
    // Leaving the JSON applies it at once, so a quick switch to the form cannot lose the last edit.
    m_jsonEdit->installEventFilter(this);
    connect(m_importButton, &QPushButton::clicked, this, &RegisterTaskDefinitionDialog::chooseImportFile);
    connect(m_formatButton, &QPushButton::clicked, this, &RegisterTaskDefinitionDialog::formatJson);
    return side;
}

// ---------------------------------------------------------------------------------------------
// Public

void RegisterTaskDefinitionDialog::setSpec(const fd::TaskDefinitionSpec &spec)
{
    m_spec = spec;
    m_current = m_spec.containerDefinitions.isEmpty() ? -1 : 0;
    fillForm();
    writeJson();
}

void RegisterTaskDefinitionDialog::setJson(const QByteArray &json)
{
    m_updating = true;
    m_jsonEdit->setPlainText(QString::fromUtf8(json));
    m_updating = false;
    applyJson();
    if (m_syntaxLine > 0)
        jumpToJsonLine(m_syntaxLine);
}

bool RegisterTaskDefinitionDialog::importFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(this, tr("Import task definition"),
                             tr("Cannot read %1: %2").arg(QFileInfo(path).fileName(), file.errorString()));
        return false;
    }
    setJson(file.readAll());
    return true;
}

fd::TaskDefinitionSpec RegisterTaskDefinitionDialog::spec() const
{
    return m_validSpec.value_or(m_spec);
}

void RegisterTaskDefinitionDialog::accept()
{
    // A click within the debounce interval of the last keystroke must register what was typed.
    if (m_jsonTimer->isActive())
        applyJson();
    if (!m_validSpec) {
        goToError();
        return;
    }
    QDialog::accept();
}

bool RegisterTaskDefinitionDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_jsonEdit && event->type() == QEvent::FocusOut && m_jsonTimer->isActive())
        applyJson();
    return QDialog::eventFilter(watched, event);
}

void RegisterTaskDefinitionDialog::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && event->modifiers() == Qt::NoModifier) {
        if (m_jsonTimer->isActive())
            applyJson();
        if (!m_validSpec) {
            // "Register" is disabled: show what stands in the way instead.
            goToError();
            event->accept();
            return;
        }
    }
    QDialog::keyPressEvent(event);
}

// ---------------------------------------------------------------------------------------------
// Form -> JSON

void RegisterTaskDefinitionDialog::onFormEdited()
{
    if (m_updating)
        return;
    readForm();
    refreshContainerList();
    writeJson();
}

bool RegisterTaskDefinitionDialog::documentRequiresFargate() const
{
    const QJsonObject doc = QJsonDocument::fromJson(m_spec.document).object();
    for (const QJsonValue &v : doc.value(QStringLiteral("requiresCompatibilities")).toArray())
        if (v.toString() == u"FARGATE")
            return true;
    return false;
}

void RegisterTaskDefinitionDialog::writeRequiresCompatibilities()
{
    // Written into the document in AWS's member order, the other compatibilities kept.
    namespace taskdef = fd::json::taskdef;
    using taskdef::OJson;
    OJson doc = OJson::object();
    if (!m_spec.document.isEmpty()) {
        OJson parsed = OJson::parse(m_spec.document.constBegin(), m_spec.document.constEnd(), nullptr, false);
        if (parsed.is_object())
            doc = std::move(parsed);
    }
    OJson list = doc.contains("requiresCompatibilities") && doc["requiresCompatibilities"].is_array()
                     ? doc["requiresCompatibilities"]
                     : OJson::array();
    OJson kept = OJson::array();
    for (const OJson &v : list)
        if (!(v.is_string() && v.get<std::string>() == "FARGATE"))
            kept.push_back(v);
    if (m_fargateCheck->isChecked())
        kept.push_back("FARGATE");
    if (kept.empty())
        doc.erase("requiresCompatibilities");
    else
        taskdef::put(doc, "requiresCompatibilities", std::move(kept), taskdef::kTaskOrder);
    m_spec.document = QByteArray::fromStdString(taskdef::dump(doc));
}

void RegisterTaskDefinitionDialog::fargateToggled()
{
    if (m_updating)
        return;
    if (m_fargateCheck->isChecked()) {
        // awsvpc, and the nearest Fargate size to what was typed (256 / 512 when nothing was).
        const int cpu = optionalInt(m_taskCpuEdit).value_or(256);
        const int memory = optionalInt(m_taskMemoryEdit).value_or(512);
        m_updating = true;
        m_networkModeCombo->setCurrentText(QStringLiteral("awsvpc"));
        int c = m_fargateCpuCombo->findData(cpu);
        m_fargateCpuCombo->setCurrentIndex(c >= 0 ? c : 0);
        m_updating = false;
        fargateCpuChosen();
        const int m = m_fargateMemoryCombo->findData(memory);
        if (m >= 0)
            m_fargateMemoryCombo->setCurrentIndex(m);
        m_updating = true;
        m_taskCpuEdit->setText(QString::number(m_fargateCpuCombo->currentData().toInt()));
        m_taskMemoryEdit->setText(QString::number(m_fargateMemoryCombo->currentData().toInt()));
        m_updating = false;
    }
    showFargateState();
    onFormEdited();
}

void RegisterTaskDefinitionDialog::fargateCpuChosen()
{
    const int cpu = m_fargateCpuCombo->currentData().toInt();
    const int keep = m_fargateMemoryCombo->currentData().toInt();
    {
        const QSignalBlocker block(m_fargateMemoryCombo);
        m_fargateMemoryCombo->clear();
        for (const int memory : FargateSizes::memoryChoices(cpu))
            m_fargateMemoryCombo->addItem(QStringLiteral("%1 (%2)").arg(memory).arg(FargateSizes::memoryText(memory)),
                                          memory);
        const int i = m_fargateMemoryCombo->findData(keep);
        m_fargateMemoryCombo->setCurrentIndex(i >= 0 ? i : 0);
    }
    if (m_updating || !m_fargateCheck->isChecked())
        return;
    m_updating = true;
    m_taskCpuEdit->setText(QString::number(cpu));
    m_taskMemoryEdit->setText(QString::number(m_fargateMemoryCombo->currentData().toInt()));
    m_updating = false;
    onFormEdited();
}

void RegisterTaskDefinitionDialog::showFargateState()
{
    const bool fargate = m_fargateCheck->isChecked();
    m_networkModeCombo->setEnabled(!fargate);
    m_networkModeCombo->setToolTip(fargate ? tr("FARGATE tasks use awsvpc: each task has an address of its own")
                                           : QString());
    auto *form = qobject_cast<QFormLayout *>(m_fargateSizeRow->parentWidget()->layout());
    const std::optional<int> cpu = optionalInt(m_taskCpuEdit);
    const std::optional<int> memory = optionalInt(m_taskMemoryEdit);
    // A size the pickers cannot show (typed in the JSON) keeps the free fields, with the refusal.
    const bool pickable = cpu && memory && FargateSizes::isValid(*cpu, *memory);
    if (form) {
        form->setRowVisible(m_fargateSizeRow, fargate);
        form->setRowVisible(m_taskCpuEdit, !fargate || !pickable);
        form->setRowVisible(m_taskMemoryEdit, !fargate || !pickable);
    }
    if (fargate && pickable) {
        const bool was = m_updating;
        m_updating = true;
        m_fargateCpuCombo->setCurrentIndex(m_fargateCpuCombo->findData(*cpu));
        fargateCpuChosen();
        m_fargateMemoryCombo->setCurrentIndex(m_fargateMemoryCombo->findData(*memory));
        m_updating = was;
    }
}

void RegisterTaskDefinitionDialog::readForm()
{
    m_spec.family = m_familyEdit->text();
    m_spec.networkMode = m_networkModeCombo->currentText();
    m_spec.cpu = optionalInt(m_taskCpuEdit);
    m_spec.memory = optionalInt(m_taskMemoryEdit);
    if (m_fargateCheck->isChecked() != documentRequiresFargate())
        writeRequiresCompatibilities();
    if (m_current < 0 || m_current >= m_spec.containerDefinitions.size())
        return;

    fd::ContainerDefinition &c = m_spec.containerDefinitions[m_current];
    c.name = m_containerNameEdit->text();
    c.image = m_imageEdit->text();
    c.cpu = optionalInt(m_cpuEdit);
    c.memory = optionalInt(m_memoryEdit);
    c.memoryReservation = optionalInt(m_memoryReservationEdit);
    c.essential = m_essentialCheck->isChecked();
    c.command = CommandText::parse(m_commandEdit->text());

    c.environment.clear();
    for (int row = 0; row < m_environmentTable->rowCount(); ++row) {
        const QTableWidgetItem *name = m_environmentTable->item(row, NameColumn);
        const QTableWidgetItem *value = m_environmentTable->item(row, ValueColumn);
        c.environment.append({name ? name->text() : QString(), value ? value->text() : QString()});
    }

    c.portMappings.clear();
    for (int row = 0; row < m_portMappingsTable->rowCount(); ++row) {
        fd::PortMapping m;
        if (const QTableWidgetItem *item = m_portMappingsTable->item(row, ContainerPortColumn))
            m.containerPort = item->text().trimmed().toInt();
        if (const QTableWidgetItem *item = m_portMappingsTable->item(row, HostPortColumn))
            m.hostPort = item->text().trimmed().toInt();
        if (const auto *combo = qobject_cast<QComboBox *>(m_portMappingsTable->cellWidget(row, ProtocolColumn)))
            m.protocol = combo->currentText();
        c.portMappings.append(m);
    }

    if (m_healthCheckGroup->isChecked()) {
        fd::HealthCheck h;
        h.command = CommandText::parse(m_healthCheckCommandEdit->text());
        h.interval = m_healthCheckIntervalSpin->value();
        h.timeout = m_healthCheckTimeoutSpin->value();
        h.retries = m_healthCheckRetriesSpin->value();
        h.startPeriod = m_healthCheckStartPeriodSpin->value();
        c.healthCheck = h;
    } else {
        c.healthCheck.reset();
    }
}

void RegisterTaskDefinitionDialog::writeJson()
{
    const QByteArray json = fd::json::toRegisterJson(m_spec, true);
    // The document follows the form, so the next rewrite starts from what is shown now.
    m_spec.document = fd::json::toRegisterJson(m_spec, false);

    const int scroll = m_jsonEdit->verticalScrollBar()->value();
    m_updating = true;
    m_jsonEdit->setPlainText(QString::fromUtf8(json));
    m_updating = false;
    m_jsonEdit->verticalScrollBar()->setValue(scroll);
    m_jsonTimer->stop();
    validate(json);
}

// ---------------------------------------------------------------------------------------------
// JSON -> form

void RegisterTaskDefinitionDialog::onJsonEdited()
{
    if (m_updating)
        return;
    m_jsonTimer->start();
}

void RegisterTaskDefinitionDialog::applyJson()
{
    m_jsonTimer->stop();
    const QByteArray json = m_jsonEdit->toPlainText().toUtf8();
    const Result<fd::TaskDefinitionSpec> parsed = fd::json::parseTaskDefinition(json);
    if (parsed) {
        m_spec = parsed.value();
        fillForm();
        if (const std::optional<fd::Error> fargate = documentRequiresFargate() ? fargateError(m_spec) : std::nullopt) {
            m_validSpec.reset();
            showError(fargate);
            return;
        }
        m_validSpec = parsed.value();
        showError(std::nullopt);
        return;
    }

    QJsonParseError syntax{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &syntax);
    if (syntax.error != QJsonParseError::NoError) {
        // Not JSON at all: the form keeps its last good state; the line is marked.
        m_validSpec.reset();
        int line = lineOfSyntaxError(parsed.error().message);
        if (line == 0)
            line = int(json.left(syntax.offset).count('\n')) + 1;
        showError(parsed.error(), line);
        if (!m_jsonEdit->hasFocus())
            jumpToJsonLine(line);
        return;
    }
    if (doc.isObject()) {
        // Valid JSON, invalid task definition: show what it says, and where it is wrong.
        m_spec = LenientTaskDefinitionReader::read(doc.object());
        fillForm();
    }
    m_validSpec.reset();
    showError(parsed.error());
}

void RegisterTaskDefinitionDialog::fillForm()
{
    const bool wasUpdating = m_updating;
    m_updating = true;
    setTextIfDifferent(m_familyEdit, m_spec.family);
    if (m_networkModeCombo->findText(m_spec.networkMode) < 0)
        m_networkModeCombo->addItem(m_spec.networkMode);
    m_networkModeCombo->setCurrentText(m_spec.networkMode);
    setTextIfDifferent(m_taskCpuEdit, optionalText(m_spec.cpu));
    setTextIfDifferent(m_taskMemoryEdit, optionalText(m_spec.memory));
    m_fargateCheck->setChecked(documentRequiresFargate());
    showFargateState();

    const int count = int(m_spec.containerDefinitions.size());
    if (m_current >= count)
        m_current = count - 1;
    if (m_current < 0 && count > 0)
        m_current = 0;
    refreshContainerList();
    m_containerList->setCurrentRow(m_current);
    fillContainer();
    m_updating = wasUpdating;
}

void RegisterTaskDefinitionDialog::refreshContainerList()
{
    const bool wasUpdating = m_updating;
    m_updating = true;
    const int count = int(m_spec.containerDefinitions.size());
    while (m_containerList->count() > count)
        delete m_containerList->takeItem(m_containerList->count() - 1);
    while (m_containerList->count() < count)
        m_containerList->addItem(QString());
    for (int i = 0; i < count; ++i) {
        const fd::ContainerDefinition &c = m_spec.containerDefinitions[i];
        QListWidgetItem *item = m_containerList->item(i);
        QString text = c.name.isEmpty() ? tr("(container %1)").arg(i + 1) : c.name;
        if (!c.image.isEmpty())
            text += QStringLiteral("  —  ") + c.image;
        if (!c.essential)
            text += tr("  (not essential)");
        item->setText(text);
    }
    m_removeContainerButton->setEnabled(count > 0);
    m_updating = wasUpdating;
}

void RegisterTaskDefinitionDialog::fillContainer()
{
    const bool wasUpdating = m_updating;
    m_updating = true;
    const bool has = m_current >= 0 && m_current < m_spec.containerDefinitions.size();
    m_containerGroup->setEnabled(has);
    const fd::ContainerDefinition c = has ? m_spec.containerDefinitions[m_current] : fd::ContainerDefinition{};
    m_containerGroup->setTitle(has ? tr("Container %1 of %2").arg(m_current + 1).arg(m_spec.containerDefinitions.size())
                                   : tr("Container"));

    setTextIfDifferent(m_containerNameEdit, c.name);
    setTextIfDifferent(m_imageEdit, c.image);
    setTextIfDifferent(m_cpuEdit, optionalText(c.cpu));
    setTextIfDifferent(m_memoryEdit, optionalText(c.memory));
    setTextIfDifferent(m_memoryReservationEdit, optionalText(c.memoryReservation));
    m_essentialCheck->setChecked(c.essential);
    if (CommandText::parse(m_commandEdit->text()) != c.command)
        m_commandEdit->setText(CommandText::format(c.command));

    m_environmentTable->setRowCount(0);
    for (const fd::KeyValuePair &kv : c.environment) {
        const int row = m_environmentTable->rowCount();
        m_environmentTable->insertRow(row);
        m_environmentTable->setItem(row, NameColumn, new QTableWidgetItem(kv.name));
        m_environmentTable->setItem(row, ValueColumn, new QTableWidgetItem(kv.value));
    }
    m_portMappingsTable->setRowCount(0);
    for (const fd::PortMapping &m : c.portMappings)
        addPortMappingRow(m);

    m_healthCheckGroup->setChecked(c.healthCheck.has_value());
    const fd::HealthCheck h = c.healthCheck.value_or(fd::HealthCheck{});
    if (CommandText::parse(m_healthCheckCommandEdit->text()) != h.command)
        m_healthCheckCommandEdit->setText(CommandText::format(h.command));
    m_healthCheckIntervalSpin->setValue(h.interval);
    m_healthCheckTimeoutSpin->setValue(h.timeout);
    m_healthCheckRetriesSpin->setValue(h.retries);
    m_healthCheckStartPeriodSpin->setValue(h.startPeriod);
    m_updating = wasUpdating;
}

// ---------------------------------------------------------------------------------------------
// Validation

std::optional<fd::Error> RegisterTaskDefinitionDialog::fargateError(const fd::TaskDefinitionSpec &spec) const
{
    if (spec.networkMode != u"awsvpc")
        return makeError(
            QStringLiteral("ClientException"),
            tr("Fargate only supports network mode 'awsvpc' (this definition uses '%1').").arg(spec.networkMode),
            QStringLiteral("networkMode"));
    if (!spec.cpu || !spec.memory || !FargateSizes::isValid(*spec.cpu, *spec.memory))
        return makeError(QStringLiteral("ClientException"),
                         tr("No Fargate configuration exists for given values: %1 CPU, %2 memory. See the Amazon "
                            "ECS documentation for the valid values.")
                             .arg(spec.cpu ? QString::number(*spec.cpu) : tr("no"),
                                  spec.memory ? QString::number(*spec.memory) : tr("no")),
                         spec.cpu && FargateSizes::memoryChoices(*spec.cpu).isEmpty() ? QStringLiteral("cpu")
                                                                                      : QStringLiteral("memory"));
    return std::nullopt;
}

void RegisterTaskDefinitionDialog::validate(const QByteArray &json)
{
    const Result<fd::TaskDefinitionSpec> parsed = fd::json::parseTaskDefinition(json);
    // FARGATE's rules, as RegisterTaskDefinition applies them (the form fixes them; JSON can break them).
    const std::optional<fd::Error> fargate =
        parsed && documentRequiresFargate() ? fargateError(parsed.value()) : std::nullopt;
    if (fargate) {
        m_validSpec.reset();
        showError(fargate);
    } else if (parsed) {
        m_validSpec = parsed.value();
        showError(std::nullopt);
    } else {
        m_validSpec.reset();
        showError(parsed.error());
    }
}

void RegisterTaskDefinitionDialog::showError(const std::optional<fd::Error> &error, int syntaxLine)
{
    m_error = error;
    m_syntaxLine = error ? syntaxLine : 0;
    markInvalid(nullptr);
    for (int i = 0; i < m_containerList->count(); ++i) {
        m_containerList->item(i)->setForeground(QBrush());
        m_containerList->item(i)->setToolTip(QString());
    }

    QList<QTextEdit::ExtraSelection> marks;
    if (m_syntaxLine > 0) {
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(m_jsonEdit->document()->findBlockByNumber(m_syntaxLine - 1));
        mark.format.setBackground(palette::BadBadge.fill);
        mark.format.setProperty(QTextFormat::FullWidthSelection, true);
        marks << mark;
    }
    m_jsonEdit->setExtraSelections(marks);

    m_registerButton->setEnabled(!error);
    m_goToErrorButton->setVisible(error.has_value());
    if (!error) {
        m_validationMessage->setText(tr("✓ Valid: ready to register."));
        m_validationMessage->setStyleSheet(palette::themed(QStringLiteral("color: {{ok}};")));
        return;
    }
    m_validationMessage->setText(error->message.isEmpty() ? error->code : error->message);
    m_validationMessage->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(kErrorColor.name()));

    if (m_syntaxLine > 0) {
        markInvalid(m_jsonEdit);
        return;
    }
    int container = -1;
    QWidget *widget = widgetForField(error->field, &container);
    if (container >= 0 && container < m_containerList->count() && container != m_current) {
        // The error is in a container the editor does not show: mark it in the list.
        QListWidgetItem *item = m_containerList->item(container);
        item->setForeground(kErrorColor);
        item->setToolTip(error->message);
        markInvalid(m_containerList);
        return;
    }
    markInvalid(widget);
}

QWidget *RegisterTaskDefinitionDialog::widgetForField(const QString &field, int *containerIndex) const
{
    *containerIndex = -1;
    if (field.isEmpty())
        return nullptr;
    if (field == u"family")
        return m_familyEdit;
    if (field == u"networkMode")
        return m_networkModeCombo;
    if (field == u"cpu")
        return m_taskCpuEdit;
    if (field == u"memory")
        return m_taskMemoryEdit;
    if (field == u"containerDefinitions")
        return m_containerList;

    // containerDefinitions[1].portMappings[0].hostPort -> 1, portMappings, 0, hostPort
    static const QRegularExpression path(
        QStringLiteral(R"(^containerDefinitions\[(\d+)\](?:\.(\w+)(?:\[(\d+)\])?(?:\.(\w+))?)?)"));
    const QRegularExpressionMatch m = path.match(field);
    if (!m.hasMatch())
        return m_jsonEdit; // a member the form has no widget for
    *containerIndex = m.captured(1).toInt();
    const QString member = m.captured(2);
    const QString sub = m.captured(4);
    if (member.isEmpty())
        return m_containerList;
    if (member == u"name")
        return m_containerNameEdit;
    if (member == u"image")
        return m_imageEdit;
    if (member == u"cpu")
        return m_cpuEdit;
    if (member == u"memory")
        return m_memoryEdit;
    if (member == u"memoryReservation")
        return m_memoryReservationEdit;
    if (member == u"essential")
        return m_essentialCheck;
    if (member == u"command")
        return m_commandEdit;
    if (member == u"environment")
        return m_environmentTable;
    if (member == u"portMappings")
        return m_portMappingsTable;
    if (member == u"healthCheck") {
        if (sub == u"command")
            return m_healthCheckCommandEdit;
        if (sub == u"interval")
            return m_healthCheckIntervalSpin;
        if (sub == u"timeout")
            return m_healthCheckTimeoutSpin;
        if (sub == u"retries")
            return m_healthCheckRetriesSpin;
        if (sub == u"startPeriod")
            return m_healthCheckStartPeriodSpin;
        return m_healthCheckGroup;
    }
    *containerIndex = -1;
    return m_jsonEdit;
}

void RegisterTaskDefinitionDialog::markInvalid(QWidget *widget)
{
    if (m_invalidWidget == widget)
        return;
    for (QWidget *w : {m_invalidWidget, widget}) {
        if (!w)
            continue;
        w->setProperty("invalid", w == widget);
        w->style()->unpolish(w);
        w->style()->polish(w);
        w->update();
    }
    m_invalidWidget = widget;
}

int RegisterTaskDefinitionDialog::lineOfSyntaxError(const QString &message)
{
    static const QRegularExpression line(QStringLiteral(R"(\bline (\d+))"));
    const QRegularExpressionMatch m = line.match(message);
    return m.hasMatch() ? m.captured(1).toInt() : 0;
}

void RegisterTaskDefinitionDialog::jumpToJsonLine(int line)
{
    const QTextBlock block = m_jsonEdit->document()->findBlockByNumber(std::max(0, line - 1));
    if (!block.isValid())
        return;
    QTextCursor cursor(block);
    m_jsonEdit->setTextCursor(cursor);
    m_jsonEdit->centerCursor();
}

void RegisterTaskDefinitionDialog::goToError()
{
    if (!m_error)
        return;
    if (m_syntaxLine > 0) {
        jumpToJsonLine(m_syntaxLine);
        m_jsonEdit->setFocus();
        return;
    }
    int container = -1;
    widgetForField(m_error->field, &container);
    if (container >= 0 && container < m_containerList->count() && container != m_current)
        m_containerList->setCurrentRow(container); // shows that container and re-marks the error

    QWidget *widget = widgetForField(m_error->field, &container);
    if (!widget)
        widget = m_jsonEdit;
    // Point a table at the row (and column) the path names: portMappings[1].hostPort.
    if (auto *table = qobject_cast<QTableWidget *>(widget)) {
        static const QRegularExpression item(QStringLiteral(R"(\.(\w+)\[(\d+)\](?:\.(\w+))?)"));
        const QRegularExpressionMatch m = item.match(m_error->field);
        if (m.hasMatch() && m.captured(2).toInt() < table->rowCount()) {
            int column = 0;
            const QString sub = m.captured(3);
            if (sub == u"hostPort" || sub == u"value")
                column = 1;
            else if (sub == u"protocol")
                column = 2;
            table->setCurrentCell(m.captured(2).toInt(), std::min(column, table->columnCount() - 1));
        }
    }
    if (auto *scroll = findChild<QScrollArea *>(QStringLiteral("formScroll")); scroll && widget != m_jsonEdit)
        scroll->ensureWidgetVisible(widget);
    widget->setFocus(Qt::OtherFocusReason);
}

// ---------------------------------------------------------------------------------------------
// Lists and tables

void RegisterTaskDefinitionDialog::addContainer()
{
    // toRegisterJson matches the document's containers to the form's by name (then index), so
    // the members the form has no widget for stay with their container when others come and go.
    readForm();
    fd::ContainerDefinition c;
    c.essential = true;
    m_spec.containerDefinitions.append(c);
    m_current = int(m_spec.containerDefinitions.size()) - 1;
    fillForm();
    writeJson();
    m_containerNameEdit->setFocus();
}

void RegisterTaskDefinitionDialog::removeContainer()
{
    if (m_current < 0 || m_current >= m_spec.containerDefinitions.size())
        return;
    readForm();
    const int index = m_current;
    m_spec.containerDefinitions.removeAt(index);
    m_current = std::min(index, int(m_spec.containerDefinitions.size()) - 1);
    fillForm();
    writeJson();
}

void RegisterTaskDefinitionDialog::addEnvironmentRow()
{
    const int row = m_environmentTable->rowCount();
    m_updating = true;
    m_environmentTable->insertRow(row);
    m_environmentTable->setItem(row, NameColumn, new QTableWidgetItem);
    m_environmentTable->setItem(row, ValueColumn, new QTableWidgetItem);
    m_updating = false;
    onFormEdited();
    m_environmentTable->setFocus();
    m_environmentTable->setCurrentCell(row, NameColumn); // opens the editor (AllEditTriggers)
}

void RegisterTaskDefinitionDialog::removeEnvironmentRow()
{
    const int row = m_environmentTable->currentRow();
    if (row < 0)
        return;
    m_environmentTable->removeRow(row);
    onFormEdited();
}

void RegisterTaskDefinitionDialog::addPortMappingRow(const fd::PortMapping &mapping)
{
    const bool wasUpdating = m_updating;
    m_updating = true;
    const int row = m_portMappingsTable->rowCount();
    m_portMappingsTable->insertRow(row);
    m_portMappingsTable->setItem(
        row, ContainerPortColumn,
        new QTableWidgetItem(mapping.containerPort ? QString::number(mapping.containerPort) : QString()));
    m_portMappingsTable->setItem(
        row, HostPortColumn, new QTableWidgetItem(mapping.hostPort ? QString::number(mapping.hostPort) : QString()));
    auto *protocol = new QComboBox(m_portMappingsTable);
    protocol->setObjectName(QStringLiteral("protocolCombo"));
    protocol->addItems({QStringLiteral("tcp"), QStringLiteral("udp")});
    if (protocol->findText(mapping.protocol) < 0)
        protocol->addItem(mapping.protocol);
    protocol->setCurrentText(mapping.protocol);
    connect(protocol, &QComboBox::currentTextChanged, this, &RegisterTaskDefinitionDialog::onFormEdited);
    m_portMappingsTable->setCellWidget(row, ProtocolColumn, protocol);
    m_updating = wasUpdating;
}

void RegisterTaskDefinitionDialog::removePortMappingRow()
{
    const int row = m_portMappingsTable->currentRow();
    if (row < 0)
        return;
    m_portMappingsTable->removeRow(row);
    onFormEdited();
}

void RegisterTaskDefinitionDialog::chooseImportFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import task definition"), QString(),
                                                      tr("JSON files (*.json);;All files (*)"));
    if (!path.isEmpty())
        importFile(path);
}

void RegisterTaskDefinitionDialog::formatJson()
{
    if (m_jsonTimer->isActive())
        applyJson();
    if (m_syntaxLine > 0) {
        goToError(); // there is nothing to format until the JSON parses
        return;
    }
    writeJson();
}

} // namespace fd::ui
