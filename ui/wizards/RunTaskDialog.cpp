#include "RunTaskDialog.h"

#include "scheduler/PlacementStrategy.h"
#include "scheduler/QueryLanguage.h"
#include "wizards/CommandText.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

const QString kCustom = QStringLiteral("Custom");
constexpr char kErrorStyle[] = "color: #c62828;";
constexpr char kCaveatStyle[] = "color: #8a4b00; background: #fff4e0; border: 1px solid #f0c080; "
                                "border-radius: 4px; padding: 6px;";

QStringList fieldsFor(const QString &type)
{
    if (type == u"spread")
        return {QStringLiteral("attribute:ecs.availability-zone"), QStringLiteral("instanceId"),
                QStringLiteral("attribute:ecs.instance-type")};
    if (type == u"binpack")
        return {QStringLiteral("memory"), QStringLiteral("cpu")};
    return {};
}

QJsonArray parseArray(const QString &json)
{
    return QJsonDocument::fromJson(json.toUtf8()).array();
}

QByteArray compact(const QJsonArray &a)
{
    return a.isEmpty() ? QByteArray() : QJsonDocument(a).toJson(QJsonDocument::Compact);
}

QFont monospace()
{
    return QFontDatabase::systemFont(QFontDatabase::FixedFont);
}

} // namespace

QStringList RunTaskDialog::templateNames()
{
    QStringList names;
    for (const fd::scheduler::PlacementTemplate &t : fd::scheduler::placementTemplates())
        names << t.name;
    names << kCustom;
    return names;
}

RunTaskDialog::RunTaskDialog(fd::ControlPlane &cp, const QString &cluster, QWidget *parent)
    : QDialog(parent), m_cp(cp), m_clusterCombo(new QComboBox(this)), m_familyCombo(new QComboBox(this)),
      m_revisionCombo(new QComboBox(this)), m_countSpin(new QSpinBox(this)), m_instancesHint(new QLabel(this)),
      m_templateCombo(new QComboBox(this)), m_binpackFieldCombo(new QComboBox(this)),
      m_binpackFieldLabel(new QLabel(tr("Binpack on:"), this)), m_templateDescription(new QLabel(this)),
      m_customPane(new QWidget(this)), m_strategyRows(new QVBoxLayout), m_constraintRows(new QVBoxLayout),
      m_addStrategyButton(new QPushButton(tr("Add strategy"), this)),
      m_addConstraintButton(new QPushButton(tr("Add constraint"), this)), m_caveat(new QLabel(this)),
      m_jsonPreview(new QPlainTextEdit(this)), m_overridesPane(new QWidget(this)), m_overridesLayout(new QVBoxLayout),
      m_groupEdit(new QLineEdit(this)), m_startedByEdit(new QLineEdit(this)),
      m_queueCheck(new QCheckBox(tr("Keep tasks that do not fit PENDING until capacity appears"), this)),
      m_message(new QLabel(this)), m_result(new QLabel(this)), m_runButton(new QPushButton(tr("Run"), this)),
      m_cancelButton(new QPushButton(tr("Cancel"), this))
{
    setObjectName(QStringLiteral("runTaskDialog"));
    setWindowTitle(tr("Run task"));

    m_clusterCombo->setObjectName(QStringLiteral("clusterCombo"));
    m_familyCombo->setObjectName(QStringLiteral("familyCombo"));
    m_revisionCombo->setObjectName(QStringLiteral("revisionCombo"));
    m_revisionCombo->setToolTip(tr("Latest: the newest ACTIVE revision when the task is run"));
    m_countSpin->setObjectName(QStringLiteral("countSpin"));
    m_countSpin->setRange(1, 10);
    m_countSpin->setToolTip(tr("RunTask starts at most 10 tasks per call"));
    m_instancesHint->setObjectName(QStringLiteral("instancesHint"));
    m_instancesHint->setWordWrap(true);
    m_instancesHint->setEnabled(false);

    m_templateCombo->setObjectName(QStringLiteral("placementTemplateCombo"));
    m_templateCombo->addItems(templateNames());
    m_binpackFieldCombo->setObjectName(QStringLiteral("binpackFieldCombo"));
    m_binpackFieldCombo->addItem(tr("memory"), QStringLiteral("memory"));
    m_binpackFieldCombo->addItem(tr("cpu"), QStringLiteral("cpu"));
    m_templateDescription->setObjectName(QStringLiteral("placementDescription"));
    m_templateDescription->setWordWrap(true);
    QFont italic = m_templateDescription->font();
    italic.setItalic(true);
    m_templateDescription->setFont(italic);

    m_customPane->setObjectName(QStringLiteral("customPlacement"));
    m_addStrategyButton->setObjectName(QStringLiteral("addStrategyButton"));
    m_addStrategyButton->setToolTip(tr("At most %1 strategies").arg(fd::scheduler::kMaxStrategies));
    m_addConstraintButton->setObjectName(QStringLiteral("addConstraintButton"));
    m_addConstraintButton->setToolTip(tr("At most %1 constraints").arg(fd::scheduler::kMaxConstraints));
    auto *customLayout = new QVBoxLayout(m_customPane);
    customLayout->setContentsMargins(0, 0, 0, 0);
    auto *strategiesTitle = new QLabel(tr("<b>Strategies</b> (best effort, applied in order)"), m_customPane);
    customLayout->addWidget(strategiesTitle);
    customLayout->addLayout(m_strategyRows);
    auto *addStrategyRowLayout = new QHBoxLayout;
    addStrategyRowLayout->addWidget(m_addStrategyButton);
    addStrategyRowLayout->addStretch();
    customLayout->addLayout(addStrategyRowLayout);
    auto *constraintsTitle = new QLabel(tr("<b>Constraints</b> (binding: an instance must satisfy all)"), m_customPane);
    customLayout->addWidget(constraintsTitle);
    customLayout->addLayout(m_constraintRows);
    auto *addConstraintRowLayout = new QHBoxLayout;
    addConstraintRowLayout->addWidget(m_addConstraintButton);
    addConstraintRowLayout->addStretch();
    customLayout->addLayout(addConstraintRowLayout);

    m_caveat->setObjectName(QStringLiteral("caveatLabel"));
    m_caveat->setWordWrap(true);
    m_caveat->setStyleSheet(QString::fromLatin1(kCaveatStyle));
    m_caveat->setText(QStringLiteral("⚠ ") + fd::scheduler::spreadBinpackAutoscalingCaveat());

    m_jsonPreview->setObjectName(QStringLiteral("placementJson"));
    m_jsonPreview->setReadOnly(true);
    m_jsonPreview->setFont(monospace());
    m_jsonPreview->setMinimumHeight(110);
    m_jsonPreview->setToolTip(tr("What RunTask receives: placementStrategy and placementConstraints"));

    m_overridesPane->setObjectName(QStringLiteral("overridesPane"));
    m_overridesPane->setLayout(m_overridesLayout);
    m_groupEdit->setObjectName(QStringLiteral("groupEdit"));
    m_groupEdit->setClearButtonEnabled(true);
    m_startedByEdit->setObjectName(QStringLiteral("startedByEdit"));
    m_startedByEdit->setPlaceholderText(tr("optional, e.g. workshop"));
    m_startedByEdit->setClearButtonEnabled(true);
    m_queueCheck->setObjectName(QStringLiteral("queueCheck"));
    m_queueCheck->setChecked(true);
    m_queueCheck->setToolTip(tr("On: a task no instance can take stays PENDING with its reason and is placed as "
                                "soon as capacity appears (the console's choice).\nOff: it is not started and "
                                "RunTask reports why, as the ECS API does."));

    m_message->setObjectName(QStringLiteral("runMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setObjectName(QStringLiteral("runResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setVisible(false);
    m_result->setStyleSheet(QStringLiteral("background: #fff8f0; border: 1px solid #e0b080; border-radius: 4px; "
                                           "padding: 8px;"));
    m_runButton->setObjectName(QStringLiteral("runButton"));
    m_runButton->setDefault(true);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));

    // Left: what and where. Right: overrides and options.
    auto *taskGroup = new QGroupBox(tr("Task"), this);
    auto *taskForm = new QFormLayout(taskGroup);
    auto *definitionRow = new QHBoxLayout;
    definitionRow->addWidget(m_familyCombo, 3);
    definitionRow->addWidget(m_revisionCombo, 2);
    taskForm->addRow(tr("Cluster:"), m_clusterCombo);
    taskForm->addRow(tr("Task definition:"), definitionRow);
    auto *countRow = new QHBoxLayout;
    countRow->addWidget(m_countSpin);
    countRow->addWidget(m_instancesHint, 1);
    taskForm->addRow(tr("Number of tasks:"), countRow);

    auto *placementGroup = new QGroupBox(tr("Task placement"), this);
    auto *placementForm = new QFormLayout(placementGroup);
    placementForm->addRow(tr("Template:"), m_templateCombo);
    placementForm->addRow(m_binpackFieldLabel, m_binpackFieldCombo);
    placementForm->addRow(m_templateDescription);
    placementForm->addRow(m_customPane);
    placementForm->addRow(m_caveat);
    placementForm->addRow(new QLabel(tr("Resulting JSON:"), placementGroup));
    placementForm->addRow(m_jsonPreview);

    auto *overridesGroup = new QGroupBox(tr("Container overrides"), this);
    auto *overridesScroll = new QScrollArea(overridesGroup);
    overridesScroll->setWidgetResizable(true);
    overridesScroll->setFrameShape(QFrame::NoFrame);
    overridesScroll->setWidget(m_overridesPane);
    auto *overridesLayout = new QVBoxLayout(overridesGroup);
    overridesLayout->addWidget(overridesScroll);

    auto *optionsGroup = new QGroupBox(tr("Options"), this);
    auto *optionsForm = new QFormLayout(optionsGroup);
    optionsForm->addRow(tr("Task group:"), m_groupEdit);
    optionsForm->addRow(tr("Started by:"), m_startedByEdit);
    optionsForm->addRow(m_queueCheck);

    // The left column scrolls rather than squeezing: custom rows with their messages can grow.
    auto *leftPane = new QWidget(this);
    auto *left = new QVBoxLayout(leftPane);
    left->setContentsMargins(0, 0, 0, 0);
    left->addWidget(taskGroup);
    left->addWidget(placementGroup, 1);
    auto *leftScroll = new QScrollArea(this);
    leftScroll->setObjectName(QStringLiteral("placementScroll"));
    leftScroll->setWidgetResizable(true);
    leftScroll->setFrameShape(QFrame::NoFrame);
    leftScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    leftScroll->setWidget(leftPane);
    auto *right = new QVBoxLayout;
    right->addWidget(overridesGroup, 1);
    right->addWidget(optionsGroup);
    auto *columns = new QHBoxLayout;
    columns->addWidget(leftScroll, 3);
    columns->addLayout(right, 2);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_runButton, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_cancelButton, QDialogButtonBox::RejectRole);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_message);
    layout->addWidget(m_result);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &RunTaskDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_clusterCombo, &QComboBox::currentIndexChanged, this, &RunTaskDialog::revalidate);
    connect(m_familyCombo, &QComboBox::currentIndexChanged, this, [this] {
        fillRevisions();
        rebuildOverrides();
        revalidate();
    });
    connect(m_revisionCombo, &QComboBox::currentIndexChanged, this, [this] {
        rebuildOverrides();
        revalidate();
    });
    connect(m_countSpin, &QSpinBox::valueChanged, this, &RunTaskDialog::revalidate);
    connect(m_templateCombo, &QComboBox::currentIndexChanged, this, &RunTaskDialog::updateTemplate);
    connect(m_binpackFieldCombo, &QComboBox::currentIndexChanged, this, &RunTaskDialog::revalidate);
    connect(m_addStrategyButton, &QPushButton::clicked, this,
            [this] { addStrategyRow(QStringLiteral("spread"), QStringLiteral("attribute:ecs.availability-zone")); });
    connect(m_addConstraintButton, &QPushButton::clicked, this,
            [this] { addConstraintRow(QStringLiteral("memberOf")); });
    connect(m_groupEdit, &QLineEdit::textChanged, this, &RunTaskDialog::revalidate);
    connect(m_startedByEdit, &QLineEdit::textChanged, this, &RunTaskDialog::revalidate);

    fillClusters(cluster);
    fillFamilies();
    fillRevisions();
    rebuildOverrides();
    m_templateCombo->setCurrentIndex(0); // AZ Balanced Spread, the console's default
    updateTemplate();
    resize(1040, 720);
}

void RunTaskDialog::fillClusters(const QString &select)
{
    const QSignalBlocker blocker(m_clusterCombo);
    m_clusterCombo->clear();
    for (const fd::Cluster &c : m_cp.clusters())
        m_clusterCombo->addItem(c.name, c.name);
    const int i = m_clusterCombo->findData(select.isEmpty() ? QStringLiteral("default") : select);
    m_clusterCombo->setCurrentIndex(i >= 0 ? i : 0);
}

void RunTaskDialog::fillFamilies()
{
    const QSignalBlocker blocker(m_familyCombo);
    m_familyCombo->clear();
    for (const QString &family : m_cp.taskDefinitionFamilies(fd::TaskDefinitionStatus::Active))
        m_familyCombo->addItem(family, family);
}

void RunTaskDialog::fillRevisions()
{
    const QSignalBlocker blocker(m_revisionCombo);
    m_revisionCombo->clear();
    const QString family = m_familyCombo->currentData().toString();
    if (family.isEmpty())
        return;
    QList<fd::TaskDefinition> revisions = m_cp.taskDefinitions(family);
    std::reverse(revisions.begin(), revisions.end());
    int latest = 0;
    for (const fd::TaskDefinition &td : revisions)
        if (td.status == fd::TaskDefinitionStatus::Active) {
            latest = td.revision;
            break;
        }
    m_revisionCombo->addItem(tr("latest (%1)").arg(latest), 0);
    for (const fd::TaskDefinition &td : revisions)
        m_revisionCombo->addItem(td.status == fd::TaskDefinitionStatus::Active ? QString::number(td.revision)
                                                                               : tr("%1 (INACTIVE)").arg(td.revision),
                                 td.revision);
}

void RunTaskDialog::setTaskDefinition(const QString &family, int revision)
{
    const int f = m_familyCombo->findData(family);
    if (f >= 0)
        m_familyCombo->setCurrentIndex(f);
    const int r = m_revisionCombo->findData(revision);
    if (r >= 0)
        m_revisionCombo->setCurrentIndex(r);
}

void RunTaskDialog::rebuildOverrides()
{
    const QString family = m_familyCombo->currentData().toString();
    const int revision = m_revisionCombo->currentData().toInt();
    const fd::Result<fd::TaskDefinition> td =
        m_cp.taskDefinition(revision > 0 ? QStringLiteral("%1:%2").arg(family).arg(revision) : family);
    QStringList names;
    if (td)
        for (const fd::ContainerDefinition &d : td->spec.containerDefinitions)
            names << d.name;
    QStringList shown;
    for (const OverrideEditors &o : std::as_const(m_overrides))
        shown << o.container;
    if (names == shown)
        return; // same containers: keep what was typed

    while (QLayoutItem *item = m_overridesLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_overrides.clear();
    if (!td) {
        m_overridesLayout->addWidget(new QLabel(tr("Choose a task definition."), m_overridesPane));
        m_overridesLayout->addStretch();
        return;
    }
    for (const fd::ContainerDefinition &d : td->spec.containerDefinitions) {
        auto *box = new QGroupBox(QStringLiteral("%1  —  %2").arg(d.name, d.image), m_overridesPane);
        box->setObjectName(QStringLiteral("override_") + d.name);
        auto *form = new QFormLayout(box);
        OverrideEditors o;
        o.container = d.name;
        o.command = new QLineEdit(box);
        o.command->setObjectName(QStringLiteral("commandOverride_") + d.name);
        o.command->setPlaceholderText(d.command.isEmpty() ? tr("the image's command") : CommandText::format(d.command));
        o.command->setClearButtonEnabled(true);
        o.environment = new QPlainTextEdit(box);
        o.environment->setObjectName(QStringLiteral("environmentOverride_") + d.name);
        o.environment->setPlaceholderText(tr("KEY=VALUE, one per line (added to the definition's)"));
        o.environment->setFont(monospace());
        o.environment->setTabChangesFocus(true);
        o.environment->setFixedHeight(o.environment->fontMetrics().lineSpacing() * 3 + 14);
        form->addRow(tr("Command:"), o.command);
        form->addRow(tr("Environment:"), o.environment);
        connect(o.command, &QLineEdit::textChanged, this, &RunTaskDialog::revalidate);
        connect(o.environment, &QPlainTextEdit::textChanged, this, &RunTaskDialog::revalidate);
        m_overridesLayout->addWidget(box);
        m_overrides << o;
    }
    m_overridesLayout->addStretch();
}

bool RunTaskDialog::isCustom() const
{
    return m_templateCombo->currentText() == kCustom;
}

void RunTaskDialog::setPlacementTemplate(const QString &name)
{
    const int i = m_templateCombo->findText(name);
    if (i >= 0)
        m_templateCombo->setCurrentIndex(i);
}

void RunTaskDialog::setBinpackField(const QString &field)
{
    const int i = m_binpackFieldCombo->findData(field);
    if (i >= 0)
        m_binpackFieldCombo->setCurrentIndex(i);
}

void RunTaskDialog::updateTemplate()
{
    const bool custom = isCustom();
    bool selectable = false;
    QString description = tr("Your own strategies (up to %1) and constraints (up to %2).")
                              .arg(fd::scheduler::kMaxStrategies)
                              .arg(fd::scheduler::kMaxConstraints);
    for (const fd::scheduler::PlacementTemplate &t : fd::scheduler::placementTemplates())
        if (t.name == m_templateCombo->currentText()) {
            description = QStringLiteral("“%1”").arg(t.description);
            selectable = t.binpackFieldSelectable;
        }
    m_templateDescription->setText(description);
    m_binpackFieldCombo->setVisible(selectable);
    m_binpackFieldLabel->setVisible(selectable);
    m_customPane->setVisible(custom);
    revalidate();
}

void RunTaskDialog::addStrategyRow(const QString &type, const QString &field)
{
    if (!isCustom())
        setPlacementTemplate(kCustom);
    if (m_strategies.size() >= fd::scheduler::kMaxStrategies)
        return;
    const int n = int(m_strategies.size());
    StrategyRow r;
    r.row = new QWidget(m_customPane);
    auto *layout = new QHBoxLayout(r.row);
    layout->setContentsMargins(0, 0, 0, 0);
    r.type = new QComboBox(r.row);
    r.type->setObjectName(QStringLiteral("strategyType%1").arg(n));
    r.type->addItems({QStringLiteral("spread"), QStringLiteral("binpack"), QStringLiteral("random")});
    r.type->setCurrentText(type);
    r.field = new QComboBox(r.row);
    r.field->setObjectName(QStringLiteral("strategyField%1").arg(n));
    r.field->setEditable(true);
    r.field->addItems(fieldsFor(type));
    r.field->setCurrentText(field);
    r.field->setEnabled(type != u"random");
    auto *remove = new QToolButton(r.row);
    remove->setObjectName(QStringLiteral("removeStrategy%1").arg(n));
    remove->setText(QStringLiteral("✕"));
    remove->setToolTip(tr("Remove this strategy"));
    layout->addWidget(r.type, 1);
    layout->addWidget(r.field, 3);
    layout->addWidget(remove);
    m_strategyRows->addWidget(r.row);
    r.row->show(); // now, not when the layout gets to it: what is typed next is checked against it
    QWidget *row = r.row;
    QComboBox *fieldCombo = r.field;
    connect(r.type, &QComboBox::currentTextChanged, this, [this, fieldCombo](const QString &t) {
        const QSignalBlocker blocker(fieldCombo);
        fieldCombo->clear();
        fieldCombo->addItems(fieldsFor(t));
        fieldCombo->setEnabled(t != u"random");
        revalidate();
    });
    connect(r.field, &QComboBox::currentTextChanged, this, &RunTaskDialog::revalidate);
    connect(remove, &QToolButton::clicked, this, [this, row] { removeStrategyRow(row); });
    m_strategies << r;
    revalidate();
}

void RunTaskDialog::removeStrategyRow(QWidget *row)
{
    m_strategies.removeIf([row](const StrategyRow &r) { return r.row == row; });
    row->deleteLater();
    revalidate();
}

void RunTaskDialog::addConstraintRow(const QString &type, const QString &expression)
{
    if (!isCustom())
        setPlacementTemplate(kCustom);
    if (m_constraints.size() >= fd::scheduler::kMaxConstraints)
        return;
    const int n = int(m_constraints.size());
    ConstraintRow r;
    r.row = new QWidget(m_customPane);
    auto *grid = new QVBoxLayout(r.row);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    auto *line = new QHBoxLayout;
    r.type = new QComboBox(r.row);
    r.type->setObjectName(QStringLiteral("constraintType%1").arg(n));
    r.type->addItems({QStringLiteral("memberOf"), QStringLiteral("distinctInstance")});
    r.type->setCurrentText(type);
    r.expression = new QLineEdit(r.row);
    r.expression->setObjectName(QStringLiteral("constraintExpression%1").arg(n));
    r.expression->setFont(monospace());
    r.expression->setPlaceholderText(QStringLiteral("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]"));
    r.expression->setText(expression);
    r.expression->setEnabled(type == u"memberOf");
    r.expression->setToolTip(tr("Cluster query language: subject operator [argument], joined with and / or / not"));
    auto *remove = new QToolButton(r.row);
    remove->setObjectName(QStringLiteral("removeConstraint%1").arg(n));
    remove->setText(QStringLiteral("✕"));
    remove->setToolTip(tr("Remove this constraint"));
    line->addWidget(r.type, 1);
    line->addWidget(r.expression, 3);
    line->addWidget(remove);
    r.error = new QLabel(r.row);
    r.error->setObjectName(QStringLiteral("constraintError%1").arg(n));
    r.error->setTextFormat(Qt::RichText);
    r.error->setWordWrap(true);
    r.error->setVisible(false);
    grid->addLayout(line);
    grid->addWidget(r.error);
    m_constraintRows->addWidget(r.row);
    r.row->show(); // now, not when the layout gets to it: what is typed next is checked against it
    QWidget *row = r.row;
    QLineEdit *edit = r.expression;
    connect(r.type, &QComboBox::currentTextChanged, this, [this, edit](const QString &t) {
        edit->setEnabled(t == u"memberOf");
        revalidate();
    });
    connect(r.expression, &QLineEdit::textChanged, this, &RunTaskDialog::revalidate);
    connect(remove, &QToolButton::clicked, this, [this, row] { removeConstraintRow(row); });
    m_constraints << r;
    revalidate();
}

void RunTaskDialog::removeConstraintRow(QWidget *row)
{
    m_constraints.removeIf([row](const ConstraintRow &r) { return r.row == row; });
    row->deleteLater();
    revalidate();
}

QByteArray RunTaskDialog::strategiesJson(QString *problem) const
{
    if (!isCustom()) {
        const QString field = m_binpackFieldCombo->currentData().toString();
        for (const fd::scheduler::PlacementTemplate &t : fd::scheduler::placementTemplates(field))
            if (t.name == m_templateCombo->currentText())
                return compact(parseArray(t.strategiesJson));
        return {};
    }
    QJsonArray list;
    for (int i = 0; i < m_strategies.size(); ++i) {
        const StrategyRow &r = m_strategies[i];
        const QString type = r.type->currentText();
        const QString field = r.field->currentText().trimmed();
        QJsonObject o{{QStringLiteral("type"), type}};
        if (type != u"random")
            o.insert(QStringLiteral("field"), field);
        list.append(o);
        if (problem && problem->isEmpty()) {
            const auto made = fd::scheduler::makeStrategy(type, type == u"random" ? QString() : field, i);
            if (!made)
                *problem = made.error().message;
        }
    }
    return compact(list);
}

QByteArray RunTaskDialog::constraintsJson(QString *problem) const
{
    if (!isCustom()) {
        for (const fd::scheduler::PlacementTemplate &t : fd::scheduler::placementTemplates())
            if (t.name == m_templateCombo->currentText())
                return compact(parseArray(t.constraintsJson));
        return {};
    }
    QJsonArray list;
    for (int i = 0; i < m_constraints.size(); ++i) {
        const ConstraintRow &r = m_constraints[i];
        const QString type = r.type->currentText();
        QJsonObject o{{QStringLiteral("type"), type}};
        if (type == u"memberOf")
            o.insert(QStringLiteral("expression"), r.expression->text());
        list.append(o);
        if (problem && problem->isEmpty()) {
            const auto made =
                fd::scheduler::makeConstraint(type, type == u"memberOf" ? r.expression->text() : QString(), i);
            if (!made)
                *problem =
                    made.error().message.startsWith(u"placementConstraints")
                        ? made.error().message
                        : QStringLiteral("placementConstraints[%1].expression: %2").arg(i).arg(made.error().message);
        }
    }
    return compact(list);
}

RunTaskDialog::Request RunTaskDialog::request() const
{
    Request r;
    r.cluster = m_clusterCombo->currentData().toString();
    const QString family = m_familyCombo->currentData().toString();
    const int revision = m_revisionCombo->currentData().toInt();
    r.taskDefinition = revision > 0 ? QStringLiteral("%1:%2").arg(family).arg(revision) : family;
    r.count = m_countSpin->value();
    r.group = m_groupEdit->text().trimmed();
    r.startedBy = m_startedByEdit->text().trimmed();
    r.placementStrategy = strategiesJson(nullptr);
    r.placementConstraints = constraintsJson(nullptr);
    r.queueWhenUnplaceable = m_queueCheck->isChecked();
    for (const OverrideEditors &o : m_overrides) {
        fd::ContainerOverride co;
        co.name = o.container;
        const QString command = o.command->text().trimmed();
        if (!command.isEmpty())
            co.command = CommandText::parse(command);
        const QStringList lines = o.environment->toPlainText().split(u'\n');
        for (const QString &line : lines) {
            const QString l = line.trimmed();
            const qsizetype eq = l.indexOf(u'=');
            if (l.isEmpty() || eq <= 0)
                continue;
            co.environment.append({l.left(eq).trimmed(), l.mid(eq + 1)});
        }
        if (co.command || !co.environment.isEmpty())
            r.overrides << co;
    }
    return r;
}

void RunTaskDialog::revalidate()
{
    if (!m_runButton)
        return;
    QString problem;
    const QString cluster = m_clusterCombo->currentData().toString();
    if (cluster.isEmpty())
        problem = tr("cluster: create a cluster first");
    else if (m_familyCombo->currentData().toString().isEmpty())
        problem = tr("taskDefinition: register a task definition first");

    // The instances the tasks can go to, so nobody is surprised by a PENDING task.
    if (!cluster.isEmpty()) {
        const QList<fd::ContainerInstance> instances = m_cp.containerInstances(cluster);
        const auto active = std::count_if(instances.cbegin(), instances.cend(), [](const fd::ContainerInstance &ci) {
            return ci.status == fd::InstanceStatus::Active;
        });
        m_instancesHint->setText(instances.isEmpty()
                                     ? tr("no container instances in %1").arg(cluster)
                                     : tr("%n ACTIVE container instance(s) in %1", nullptr, int(active)).arg(cluster));
    }

    const QString family = m_familyCombo->currentData().toString();
    m_groupEdit->setPlaceholderText(family.isEmpty() ? QString() : tr("family:%1 (the default)").arg(family));

    // Custom rows: each strategy, then each constraint, with the query's position under it.
    QString strategyProblem;
    const QByteArray strategies = strategiesJson(&strategyProblem);
    QString constraintProblem;
    const QByteArray constraints = constraintsJson(&constraintProblem);
    for (int i = 0; i < m_constraints.size(); ++i) {
        const ConstraintRow &r = m_constraints[i];
        QString html;
        if (r.type->currentText() == u"memberOf") {
            const QString text = r.expression->text();
            int position = 0;
            const auto parsed = fd::scheduler::parseQuery(text, &position);
            if (text.trimmed().isEmpty()) {
                html = tr("An expression is required, e.g. <tt>attribute:ecs.instance-type =~ t3.*</tt>");
            } else if (!parsed) {
                const int caret = std::clamp(position, 1, int(text.size()) + 1) - 1;
                html = QStringLiteral("<pre style='margin:0; %1'>%2\n%3^</pre><span style='%1'>%4</span>")
                           .arg(QString::fromLatin1(kErrorStyle), text.toHtmlEscaped(), QString(caret, u' '),
                                parsed.error().message.toHtmlEscaped());
            }
        }
        r.error->setText(html);
        r.error->setVisible(!html.isEmpty());
        r.expression->setStyleSheet(html.isEmpty() ? QString() : QStringLiteral("border: 1px solid #c62828;"));
    }
    if (problem.isEmpty())
        problem = strategyProblem;
    if (problem.isEmpty())
        problem = constraintProblem;
    m_addStrategyButton->setEnabled(m_strategies.size() < fd::scheduler::kMaxStrategies);
    m_addConstraintButton->setEnabled(m_constraints.size() < fd::scheduler::kMaxConstraints);

    // Overrides: KEY=VALUE lines.
    for (const OverrideEditors &o : std::as_const(m_overrides)) {
        const QStringList lines = o.environment->toPlainText().split(u'\n');
        for (int i = 0; i < lines.size() && problem.isEmpty(); ++i) {
            const QString l = lines[i].trimmed();
            if (!l.isEmpty() && l.indexOf(u'=') <= 0)
                problem = tr("overrides.containerOverrides[%1].environment, line %2: expected KEY=VALUE (got "
                             "“%3”)")
                              .arg(o.container)
                              .arg(i + 1)
                              .arg(l);
        }
    }

    // The JSON a RunTask call carries, and the caveat when it mixes spread and binpack.
    const QJsonArray s = QJsonDocument::fromJson(strategies).array();
    const QJsonArray c = QJsonDocument::fromJson(constraints).array();
    QJsonObject preview;
    preview.insert(QStringLiteral("placementStrategy"), s);
    preview.insert(QStringLiteral("placementConstraints"), c);
    m_jsonPreview->setPlainText(QString::fromUtf8(QJsonDocument(preview).toJson(QJsonDocument::Indented)).trimmed());
    bool spread = false;
    bool binpack = false;
    for (const QJsonValue &v : s) {
        spread |= v.toObject().value(QStringLiteral("type")).toString() == u"spread";
        binpack |= v.toObject().value(QStringLiteral("type")).toString() == u"binpack";
    }
    m_caveat->setVisible(spread && binpack);

    m_problem = problem;
    setMessage(problem, true);
    m_runButton->setEnabled(problem.isEmpty());
}

void RunTaskDialog::setMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error && !text.isEmpty() ? QString::fromLatin1(kErrorStyle) : QString());
    m_message->setVisible(!text.isEmpty());
}

void RunTaskDialog::accept()
{
    revalidate();
    if (!m_problem.isEmpty())
        return;
    const Request r = request();
    const fd::Result<fd::ControlPlane::RunTaskResult> result = m_submitter ? m_submitter(r) : m_cp.runTask(r);
    if (!result) {
        const fd::Error &e = result.error();
        const QString text = e.field.isEmpty() || e.message.startsWith(e.field)
                                 ? e.message
                                 : QStringLiteral("%1: %2").arg(e.field, e.message);
        setMessage(text, true);
        m_result->setVisible(false);
        return;
    }
    m_lastResult = result.value();
    QStringList ids;
    bool anyWaiting = false;
    for (const fd::Task &t : m_lastResult.tasks) {
        ids << t.id;
        anyWaiting |= !t.isPlaced();
    }
    if (!ids.isEmpty())
        emit tasksStarted(ids);
    if (m_lastResult.failures.isEmpty() && !anyWaiting) {
        QDialog::accept();
        return;
    }
    showResult(m_lastResult);
}

void RunTaskDialog::showResult(const fd::ControlPlane::RunTaskResult &result)
{
    const int asked = int(result.tasks.size() + result.failures.size());
    int placed = 0;
    QMap<QString, int> waitingReasons;
    for (const fd::Task &t : result.tasks) {
        if (t.isPlaced())
            ++placed;
        else
            ++waitingReasons[t.pendingReason];
    }
    QString html = asked == 1 ? tr("<b>Placed %1 of 1 task.</b>").arg(placed)
                              : tr("<b>Placed %1 of %2 tasks.</b>").arg(placed).arg(asked);
    // The same failure for several tasks is said once, with how many it concerns.
    QList<std::pair<QString, int>> failures;
    for (const fd::ControlPlane::TaskFailure &f : result.failures) {
        const QString line =
            QStringLiteral("<b>%1</b> — %2%3")
                .arg(f.reason.toHtmlEscaped(), f.detail.toHtmlEscaped(),
                     f.arn.isEmpty()
                         ? QString()
                         : QStringLiteral(" <span style='color:#666'>(%1)</span>").arg(f.arn.toHtmlEscaped()));
        auto it = std::find_if(failures.begin(), failures.end(), [&](const auto &p) { return p.first == line; });
        if (it == failures.end())
            failures.append({line, 1});
        else
            ++it->second;
    }
    if (!failures.isEmpty()) {
        html +=
            QStringLiteral("<br>") + tr("<span style='%1'>%n task(s) could not be placed and were not started:</span>",
                                        nullptr, int(result.failures.size()))
                                         .arg(QString::fromLatin1(kErrorStyle));
        html += QStringLiteral("<ul style='margin-top:2px'>");
        for (const auto &[line, n] : failures)
            html += QStringLiteral("<li>%1%2</li>").arg(n > 1 ? QStringLiteral("%1 × ").arg(n) : QString(), line);
        html += QStringLiteral("</ul>");
    }
    for (auto it = waitingReasons.cbegin(); it != waitingReasons.cend(); ++it) {
        html +=
            QStringLiteral("<br>") +
            tr("<b>%n task(s) wait PENDING for capacity</b> and start as soon as an instance can take them:", nullptr,
               it.value());
        html += QStringLiteral("<ul style='margin-top:2px'><li>%1</li></ul>").arg(it.key().toHtmlEscaped());
    }
    m_result->setText(html);
    m_result->setVisible(true);
    setMessage({}, false);
    m_cancelButton->setText(tr("Close"));
}

} // namespace fd::ui
