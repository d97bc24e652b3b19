#include "RunTaskDialog.h"

#include "Palette.h"
#include "widgets/LaunchEditor.h"
#include "widgets/PlacementEditor.h"
#include "wizards/CommandText.h"
#include "ops/Clusters.h"
#include "ops/TaskDefinitions.h"
#include "ops/Instances.h"
#include "ops/Tasks.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

constexpr char kErrorStyle[] = "color: {{error}};";

QFont monospace()
{
    return QFontDatabase::systemFont(QFontDatabase::FixedFont);
}

} // namespace

QStringList RunTaskDialog::templateNames()
{
    return PlacementEditor::templateNames();
}

RunTaskDialog::RunTaskDialog(fd::ControlPlane &cp, const QString &cluster, QWidget *parent)
    : QDialog(parent), m_cp(cp), m_clusterCombo(new QComboBox(this)), m_familyCombo(new QComboBox(this)),
      m_revisionCombo(new QComboBox(this)), m_countSpin(new QSpinBox(this)), m_instancesHint(new QLabel(this)),
      m_launch(new LaunchEditor(cp, this)), m_placement(new PlacementEditor(this)),
      m_placementNote(new QLabel(this)), m_overridesPane(new QWidget(this)), m_overridesLayout(new QVBoxLayout),
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
    m_result->setStyleSheet(palette::themed(
        QStringLiteral("background: {{resultBox}}; border: 1px solid {{resultBorder}}; border-radius: 4px; "
                       "padding: 8px;")));
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

    auto *launchGroup = new QGroupBox(tr("Launch and networking"), this);
    auto *launchLayout = new QVBoxLayout(launchGroup);
    launchLayout->addWidget(m_launch);

    m_placementNote->setObjectName(QStringLiteral("placementNote"));
    m_placementNote->setWordWrap(true);
    m_placementNote->setText(tr("FARGATE tasks take no placement strategy or constraints (ECS does not accept "
                                "them there): each task goes to the zone of one of its subnets."));
    m_placementNote->setStyleSheet(palette::themed(QStringLiteral(
        "color: {{warningText}}; background: {{waitBox}}; border: 1px solid {{caveatBorder}}; border-radius: 4px; "
        "padding: 6px;")));
    m_placementNote->setVisible(false);
    auto *placementGroup = new QGroupBox(tr("Task placement"), this);
    auto *placementLayout = new QVBoxLayout(placementGroup);
    placementLayout->addWidget(m_placementNote);
    placementLayout->addWidget(m_placement);

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
    left->addWidget(launchGroup);
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
    connect(m_clusterCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_launch->setCluster(m_clusterCombo->currentData().toString());
    });
    connect(m_familyCombo, &QComboBox::currentIndexChanged, this, [this] {
        fillRevisions();
        rebuildOverrides();
        m_launch->setTaskDefinition(currentDefinition());
    });
    connect(m_revisionCombo, &QComboBox::currentIndexChanged, this, [this] {
        rebuildOverrides();
        m_launch->setTaskDefinition(currentDefinition());
    });
    connect(m_launch, &LaunchEditor::changed, this, &RunTaskDialog::launchChanged);
    connect(m_countSpin, &QSpinBox::valueChanged, this, &RunTaskDialog::revalidate);
    connect(m_placement, &PlacementEditor::changed, this, &RunTaskDialog::revalidate);
    connect(m_groupEdit, &QLineEdit::textChanged, this, &RunTaskDialog::revalidate);
    connect(m_startedByEdit, &QLineEdit::textChanged, this, &RunTaskDialog::revalidate);

    fillClusters(cluster);
    fillFamilies();
    fillRevisions();
    rebuildOverrides();
    m_launch->setCluster(m_clusterCombo->currentData().toString());
    m_launch->setTaskDefinition(currentDefinition());
    revalidate(); // the placement editor starts on AZ Balanced Spread, the console's default
    resize(1100, 760);
}

void RunTaskDialog::fillClusters(const QString &select)
{
    const QSignalBlocker blocker(m_clusterCombo);
    m_clusterCombo->clear();
    for (const fd::Cluster &c : m_cp.clusters().list())
        m_clusterCombo->addItem(c.name, c.name);
    const int i = m_clusterCombo->findData(select.isEmpty() ? QStringLiteral("default") : select);
    m_clusterCombo->setCurrentIndex(i >= 0 ? i : 0);
}

void RunTaskDialog::fillFamilies()
{
    const QSignalBlocker blocker(m_familyCombo);
    m_familyCombo->clear();
    for (const QString &family : m_cp.taskDefinitions().families(fd::TaskDefinitionStatus::Active))
        m_familyCombo->addItem(family, family);
}

void RunTaskDialog::fillRevisions()
{
    const QSignalBlocker blocker(m_revisionCombo);
    m_revisionCombo->clear();
    const QString family = m_familyCombo->currentData().toString();
    if (family.isEmpty())
        return;
    QList<fd::TaskDefinition> revisions = m_cp.taskDefinitions().list(family);
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

std::optional<fd::TaskDefinition> RunTaskDialog::currentDefinition() const
{
    const QString family = m_familyCombo->currentData().toString();
    const int revision = m_revisionCombo->currentData().toInt();
    if (family.isEmpty())
        return std::nullopt;
    fd::Result<fd::TaskDefinition> td =
        m_cp.taskDefinitions().find(revision > 0 ? QStringLiteral("%1:%2").arg(family).arg(revision) : family);
    if (!td)
        return std::nullopt;
    return td.value();
}

void RunTaskDialog::launchChanged()
{
    // FARGATE tasks have no instance to place them on: the placement is off while they are chosen.
    const bool fargate = m_launch->usesFargate();
    m_placement->setEnabled(!fargate);
    m_placementNote->setVisible(fargate);
    m_queueCheck->setEnabled(!fargate);
    m_instancesHint->setVisible(!fargate);
    revalidate();
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
        m_cp.taskDefinitions().find(revision > 0 ? QStringLiteral("%1:%2").arg(family).arg(revision) : family);
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

void RunTaskDialog::setPlacementTemplate(const QString &name)
{
    m_placement->setTemplate(name);
}

void RunTaskDialog::setBinpackField(const QString &field)
{
    m_placement->setBinpackField(field);
}

void RunTaskDialog::addStrategyRow(const QString &type, const QString &field)
{
    m_placement->addStrategyRow(type, field);
}

void RunTaskDialog::addConstraintRow(const QString &type, const QString &expression)
{
    m_placement->addConstraintRow(type, expression);
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
    r.launchType = m_launch->launchType();
    r.capacityProviderStrategy = m_launch->strategy();
    r.platformVersion = m_launch->platformVersion();
    r.networkConfiguration = m_launch->networkConfiguration();
    if (!m_launch->usesFargate()) { // ECS takes no placement for FARGATE tasks
        r.placementStrategy = m_placement->strategies();
        r.placementConstraints = m_placement->constraints();
    }
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
        const QList<fd::ContainerInstance> instances = m_cp.instances().list(cluster);
        const auto active = std::count_if(instances.cbegin(), instances.cend(), [](const fd::ContainerInstance &ci) {
            return ci.status == fd::InstanceStatus::Active;
        });
        m_instancesHint->setText(instances.isEmpty()
                                     ? tr("no container instances in %1").arg(cluster)
                                     : tr("%n ACTIVE container instance(s) in %1", nullptr, int(active)).arg(cluster));
    }

    const QString family = m_familyCombo->currentData().toString();
    m_groupEdit->setPlaceholderText(family.isEmpty() ? QString() : tr("family:%1 (the default)").arg(family));

    // The launch and network configuration (the launch editor marks the field), then the custom
    // placement rows, the query's position under each (the editor shows it).
    if (problem.isEmpty())
        problem = m_launch->problem();
    if (problem.isEmpty() && !m_launch->usesFargate())
        problem = m_placement->problem();

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

    m_problem = problem;
    // The launch editor shows its own refusal under its fields: not said twice.
    setMessage(!problem.isEmpty() && problem == m_launch->problem() ? QString() : problem, true);
    m_runButton->setEnabled(problem.isEmpty());
}

void RunTaskDialog::setMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error && !text.isEmpty() ? palette::themed(QString::fromLatin1(kErrorStyle)) : QString());
    m_message->setVisible(!text.isEmpty());
}

void RunTaskDialog::accept()
{
    revalidate();
    if (!m_problem.isEmpty())
        return;
    if (!m_submitter) { // a caller's mistake: the dialog only builds the request
        setMessage(tr("Nothing runs this request (the dialog has no submitter)."), true);
        return;
    }
    const fd::Result<ops::RunTaskResult> result = m_submitter(request());
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

void RunTaskDialog::showResult(const ops::RunTaskResult &result)
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
    for (const ops::TaskFailure &f : result.failures) {
        const QString line =
            QStringLiteral("<b>%1</b> — %2%3")
                .arg(f.reason.toHtmlEscaped(), f.detail.toHtmlEscaped(),
                     f.arn.isEmpty() ? QString()
                                     : palette::themed(QStringLiteral(" <span style='color:{{hint}}'>(%1)</span>"))
                                           .arg(f.arn.toHtmlEscaped()));
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
                                         .arg(palette::themed(QString::fromLatin1(kErrorStyle)));
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
