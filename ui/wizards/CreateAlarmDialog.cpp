#include "CreateAlarmDialog.h"

#include "ControlPlane.h"
#include "Palette.h"
#include "metrics/MetricStore.h"
#include "models/AlarmText.h"
#include "wizards/AlarmCommand.h"

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
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include <set>

namespace fd::ui {

namespace {

QStringList words(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

QLabel *hintLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setStyleSheet(palette::themed(QStringLiteral("color: {{hint}};")));
    return label;
}

fd::Error missing(const QString &field)
{
    return makeError(QStringLiteral("MissingParameter"), QStringLiteral("The parameter %1 is required.").arg(field),
                     field);
}

} // namespace

CreateAlarmDialog::CreateAlarmDialog(fd::ControlPlane &cp, QWidget *parent) : QDialog(parent), m_cp(cp)
{
    setObjectName(QStringLiteral("createAlarmDialog"));
    setWindowTitle(tr("Create alarm"));

    auto *commandGroup = new QGroupBox(tr("The same with the AWS CLI"), this);
    auto *commandLayout = new QVBoxLayout(commandGroup);
    m_command = new QPlainTextEdit(commandGroup);
    m_command->setObjectName(QStringLiteral("cliCommand"));
    m_command->setReadOnly(true);
    m_command->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    commandLayout->addWidget(m_command);

    m_condition = new QLabel(this);
    m_condition->setObjectName(QStringLiteral("conditionLabel"));
    m_condition->setWordWrap(true);
    QFont big = m_condition->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_condition->setFont(big);

    auto *left = new QVBoxLayout;
    left->addWidget(buildMetricGroup());
    left->addWidget(buildConditionGroup());
    left->addStretch();
    auto *right = new QVBoxLayout;
    right->addWidget(buildAlarmGroup());
    right->addWidget(commandGroup, 1);
    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("alarmProblem"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(palette::themed(QStringLiteral("color: {{error}}; font-weight: 600;")));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_createButton = buttons->button(QDialogButtonBox::Ok);
    m_createButton->setText(tr("Create alarm"));
    m_createButton->setObjectName(QStringLiteral("createButton"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_condition);
    layout->addLayout(columns, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &CreateAlarmDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    fillNamespaces();
    revalidate();
    resize(1120, 720);
}

QSpinBox *CreateAlarmDialog::addSpin(const char *name, int min, int max, int value, QWidget *parent)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(QLatin1String(name));
    spin->setRange(min, max);
    spin->setValue(value);
    connect(spin, &QSpinBox::valueChanged, this, &CreateAlarmDialog::revalidate);
    return spin;
}

QLineEdit *CreateAlarmDialog::addLine(const char *name, const QString &placeholder, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(QLatin1String(name));
    edit->setPlaceholderText(placeholder);
    connect(edit, &QLineEdit::textChanged, this, &CreateAlarmDialog::revalidate);
    return edit;
}

QWidget *CreateAlarmDialog::buildMetricGroup()
{
    auto *group = new QGroupBox(tr("Metric"), this);
    auto *form = new QFormLayout(group);
    m_namespace = new QComboBox(group);
    m_namespace->setObjectName(QStringLiteral("namespaceCombo"));
    m_namespace->setEditable(true);
    m_metricName = new QComboBox(group);
    m_metricName->setObjectName(QStringLiteral("metricNameCombo"));
    m_metricName->setEditable(true);
    m_dimensions = new QComboBox(group);
    m_dimensions->setObjectName(QStringLiteral("dimensionsCombo"));
    m_dimensions->setEditable(true);
    m_dimensions->setToolTip(tr("Name=Value pairs separated by commas; empty for a metric without dimensions"));
    m_storeHint = hintLabel({}, group);
    m_storeHint->setObjectName(QStringLiteral("metricStoreHint"));
    form->addRow(tr("Namespace:"), m_namespace);
    form->addRow(tr("Metric name:"), m_metricName);
    form->addRow(tr("Dimensions:"), m_dimensions);
    form->addRow(m_storeHint);
    connect(m_namespace, &QComboBox::currentTextChanged, this, [this] {
        fillMetricNames();
        revalidate();
    });
    connect(m_metricName, &QComboBox::currentTextChanged, this, [this] {
        fillDimensions();
        revalidate();
    });
    connect(m_dimensions, &QComboBox::currentTextChanged, this, &CreateAlarmDialog::revalidate);

    m_statistic = new QComboBox(group);
    m_statistic->setObjectName(QStringLiteral("statisticCombo"));
    m_statistic->setEditable(true);
    m_statistic->addItems({QStringLiteral("Average"), QStringLiteral("Maximum"), QStringLiteral("Minimum"),
                           QStringLiteral("Sum"), QStringLiteral("SampleCount"), QStringLiteral("p50"),
                           QStringLiteral("p90"), QStringLiteral("p95"), QStringLiteral("p99")});
    m_statistic->setToolTip(tr("A statistic, or a percentile written pNN or pNN.NN"));
    connect(m_statistic, &QComboBox::currentTextChanged, this, &CreateAlarmDialog::revalidate);
    m_period = addSpin("periodSpin", 1, 86400, 60, group);
    m_period->setSuffix(tr(" s"));
    m_period->setToolTip(tr("10, 30 or a multiple of 60 seconds"));
    form->addRow(tr("Statistic:"), m_statistic);
    form->addRow(tr("Period:"), m_period);
    return group;
}

QWidget *CreateAlarmDialog::buildConditionGroup()
{
    auto *group = new QGroupBox(tr("Condition"), this);
    auto *form = new QFormLayout(group);
    m_comparison = new QComboBox(group);
    m_comparison->setObjectName(QStringLiteral("comparisonCombo"));
    using Op = alarms::ComparisonOperator;
    for (Op op : {Op::GreaterThanThreshold, Op::GreaterThanOrEqualToThreshold, Op::LessThanThreshold,
                  Op::LessThanOrEqualToThreshold})
        m_comparison->addItem(QStringLiteral("%1   %2").arg(AlarmText::symbol(op), alarms::toString(op)), int(op));
    connect(m_comparison, &QComboBox::currentIndexChanged, this, &CreateAlarmDialog::revalidate);
    m_threshold = addLine("thresholdEdit", tr("e.g. 50"), group);
    auto *mOfN = new QHBoxLayout;
    m_datapoints = addSpin("datapointsSpin", 0, 10000, 3, group);
    m_evaluationPeriods = addSpin("evaluationPeriodsSpin", 0, 10000, 3, group);
    mOfN->addWidget(m_datapoints);
    mOfN->addWidget(new QLabel(tr("out of"), group));
    mOfN->addWidget(m_evaluationPeriods);
    mOfN->addWidget(new QLabel(tr("periods"), group), 1);
    m_treatMissing = new QComboBox(group);
    m_treatMissing->setObjectName(QStringLiteral("treatMissingCombo"));
    m_treatMissing->addItem(tr("not set (missing)"), QString());
    using T = alarms::TreatMissingData;
    for (T t : {T::Missing, T::Ignore, T::Breaching, T::NotBreaching})
        m_treatMissing->addItem(alarms::toString(t), alarms::toString(t));
    connect(m_treatMissing, &QComboBox::currentIndexChanged, this, &CreateAlarmDialog::revalidate);
    form->addRow(tr("Whenever the metric is:"), m_comparison);
    form->addRow(tr("Threshold:"), m_threshold);
    form->addRow(tr("Datapoints to alarm:"), mOfN);
    form->addRow(hintLabel(tr("M of the last N periods must breach; they need not be consecutive."), group));
    form->addRow(tr("Missing data:"), m_treatMissing);
    return group;
}

QWidget *CreateAlarmDialog::buildAlarmGroup()
{
    auto *group = new QGroupBox(tr("Alarm and actions"), this);
    auto *form = new QFormLayout(group);
    m_name = addLine("alarmNameEdit", tr("e.g. web-cpu-high"), group);
    m_name->setMaxLength(300);
    m_replaces = hintLabel({}, group);
    m_replaces->setObjectName(QStringLiteral("replacesLabel"));
    m_description = addLine("descriptionEdit", tr("optional"), group);
    m_actionsEnabled = new QCheckBox(tr("Run the actions on state changes"), group);
    m_actionsEnabled->setObjectName(QStringLiteral("actionsEnabledCheck"));
    m_actionsEnabled->setChecked(true);
    connect(m_actionsEnabled, &QCheckBox::toggled, this, &CreateAlarmDialog::revalidate);
    const QString arnHint = tr("ARNs separated by spaces, e.g. an Auto Scaling policy's");
    m_alarmActions = addLine("alarmActionsEdit", arnHint, group);
    m_okActions = addLine("okActionsEdit", arnHint, group);
    m_insufficientActions = addLine("insufficientActionsEdit", arnHint, group);
    form->addRow(tr("Name:"), m_name);
    form->addRow(m_replaces);
    form->addRow(tr("Description:"), m_description);
    form->addRow(m_actionsEnabled);
    form->addRow(tr("In ALARM:"), m_alarmActions);
    form->addRow(tr("In OK:"), m_okActions);
    form->addRow(tr("In INSUFFICIENT_DATA:"), m_insufficientActions);
    return group;
}

void CreateAlarmDialog::fillNamespaces()
{
    std::set<QString> namespaces;
    for (const metrics::MetricId &id : m_cp.metricStore().listMetrics())
        namespaces.insert(id.metricNamespace);
    const QString keep = m_namespace->currentText();
    QSignalBlocker block(m_namespace);
    m_namespace->clear();
    for (const QString &ns : namespaces)
        m_namespace->addItem(ns);
    if (namespaces.count(QStringLiteral("AWS/ECS")))
        m_namespace->setCurrentText(QStringLiteral("AWS/ECS"));
    else if (!keep.isEmpty())
        m_namespace->setCurrentText(keep);
    m_storeHint->setText(namespaces.empty() ? tr("The metric store has no metrics yet: type a namespace and a metric "
                                                 "name, or wait a minute for the services' metrics.")
                                            : tr("%n metric(s) in the store; type to use another.", nullptr,
                                                 int(m_cp.metricStore().metricCount())));
    fillMetricNames();
}

void CreateAlarmDialog::fillMetricNames()
{
    metrics::MetricFilter filter;
    filter.metricNamespace = m_namespace->currentText().trimmed();
    std::set<QString> names;
    if (!filter.metricNamespace.isEmpty())
        for (const metrics::MetricId &id : m_cp.metricStore().listMetrics(filter))
            names.insert(id.metricName);
    QSignalBlocker block(m_metricName);
    const QString keep = m_metricName->currentText();
    m_metricName->clear();
    for (const QString &n : names)
        m_metricName->addItem(n);
    if (names.count(keep))
        m_metricName->setCurrentText(keep);
    else if (names.count(QStringLiteral("CPUUtilization")))
        m_metricName->setCurrentText(QStringLiteral("CPUUtilization"));
    fillDimensions();
}

void CreateAlarmDialog::fillDimensions()
{
    metrics::MetricFilter filter;
    filter.metricNamespace = m_namespace->currentText().trimmed();
    filter.metricName = m_metricName->currentText().trimmed();
    QSignalBlocker block(m_dimensions);
    m_dimensions->clear();
    if (filter.metricNamespace.isEmpty() || filter.metricName.isEmpty())
        return;
    // Each item carries its dimensions as name, value, name, value ...: a value may hold a comma.
    for (const metrics::MetricId &id : m_cp.metricStore().listMetrics(filter)) {
        QStringList pairs;
        for (const metrics::Dimension &d : id.dimensions)
            pairs << d.name << d.value;
        m_dimensions->addItem(id.dimensions.empty() ? QString() : AlarmText::dimensions(id), pairs);
    }
}

void CreateAlarmDialog::selectMetric(const metrics::MetricId &id)
{
    m_namespace->setCurrentText(id.metricNamespace);
    m_metricName->setCurrentText(id.metricName);
    m_dimensions->setCurrentText(id.dimensions.empty() ? QString() : AlarmText::dimensions(id));
    revalidate();
}

fd::Result<metrics::MetricId> CreateAlarmDialog::metric() const
{
    std::vector<metrics::Dimension> dims;
    const QString text = m_dimensions->currentText();
    if (const int item = m_dimensions->findText(text); item >= 0 && !text.isEmpty()) {
        const QStringList pairs = m_dimensions->itemData(item).toStringList();
        for (qsizetype i = 0; i + 1 < pairs.size(); i += 2)
            dims.push_back({pairs[i], pairs[i + 1]});
    } else {
        for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
            const qsizetype eq = part.indexOf(u'=');
            if (eq <= 0)
                return makeError(QStringLiteral("InvalidParameterValue"),
                                 tr("'%1' is not Name=Value (pairs separated by commas).").arg(part.trimmed()),
                                 QStringLiteral("Dimensions"));
            dims.push_back({part.left(eq).trimmed(), part.mid(eq + 1).trimmed()});
        }
    }
    const QString ns = m_namespace->currentText().trimmed();
    const QString name = m_metricName->currentText().trimmed();
    if (ns.isEmpty())
        return missing(QStringLiteral("Namespace"));
    if (name.isEmpty())
        return missing(QStringLiteral("MetricName"));
    return metrics::makeMetricId(ns, name, std::move(dims));
}

fd::Result<ops::AlarmPut> CreateAlarmDialog::request() const
{
    ops::AlarmPut r;
    alarms::AlarmDefinition &d = r.definition;
    d.name = m_name->text().trimmed();
    Result<metrics::MetricId> id = metric();
    if (!id)
        return id.error();
    d.metric = id.value();
    const QString statistic = m_statistic->currentText().trimmed();
    if (std::optional<metrics::Statistic> s = metrics::statisticFromString(statistic))
        d.statistic = s;
    else
        d.extendedStatistic = statistic;
    d.periodSeconds = m_period->value();
    d.evaluationPeriods = m_evaluationPeriods->value();
    d.datapointsToAlarm = m_datapoints->value();
    d.comparison = alarms::ComparisonOperator(m_comparison->currentData().toInt());
    const QString threshold = m_threshold->text().trimmed();
    if (threshold.isEmpty())
        return missing(QStringLiteral("Threshold"));
    bool number = false;
    d.threshold = threshold.toDouble(&number);
    if (!number)
        return makeError(QStringLiteral("InvalidParameterValue"), tr("Threshold: '%1' is not a number.").arg(threshold),
                         QStringLiteral("Threshold"));
    const QString treatment = m_treatMissing->currentData().toString();
    r.treatMissingDataGiven = !treatment.isEmpty();
    if (r.treatMissingDataGiven)
        d.treatMissingData = *alarms::treatMissingDataFromString(treatment);
    d.actionsEnabled = m_actionsEnabled->isChecked();
    d.alarmActions = words(m_alarmActions->text());
    d.okActions = words(m_okActions->text());
    d.insufficientDataActions = words(m_insufficientActions->text());
    if (!m_description->text().trimmed().isEmpty())
        r.description = m_description->text().trimmed();
    if (Status s = m_cp.alarms().check(r); !s)
        return s.error();
    return r;
}

QString CreateAlarmDialog::command() const
{
    return m_command->toPlainText();
}

void CreateAlarmDialog::setEndpoint(const QString &endpoint)
{
    m_endpoint = endpoint;
    revalidate();
}

void CreateAlarmDialog::revalidate()
{
    if (!m_message)
        return; // still building
    const Result<ops::AlarmPut> r = request();
    if (r) {
        m_problem.clear();
        m_condition->setText(AlarmText::condition(r.value().definition));
        m_command->setPlainText(AlarmCommand::text(r.value(), m_endpoint));
        const bool exists = m_cp.alarms().find(r.value().definition.name).has_value();
        m_replaces->setText(exists ? tr("An alarm with this name exists: Create replaces its configuration and keeps "
                                        "its state (as PutMetricAlarm does).")
                                   : QString());
        m_replaces->setVisible(exists);
    } else {
        const fd::Error &e = r.error();
        m_problem = e.field.isEmpty() ? QStringLiteral("%1: %2").arg(e.code, e.message)
                                      : QStringLiteral("%1 · %2: %3").arg(e.code, e.field, e.message);
        m_condition->setText(tr("Alarm condition: incomplete"));
        m_command->setPlainText(tr("(complete the form: %1)").arg(e.field.isEmpty() ? e.code : e.field));
        m_replaces->clear();
        m_replaces->setVisible(false);
    }
    m_message->setText(m_problem);
    m_message->setVisible(!m_problem.isEmpty());
    m_createButton->setEnabled(m_problem.isEmpty());
}

void CreateAlarmDialog::accept()
{
    const Result<ops::AlarmPut> r = request();
    if (!r) {
        revalidate();
        return;
    }
    if (m_submitter) {
        if (Status s = m_submitter(r.value()); !s) {
            m_problem = QStringLiteral("%1 · %2: %3").arg(s.error().code, s.error().field, s.error().message);
            m_message->setText(m_problem);
            m_message->setVisible(true);
            return;
        }
    }
    QDialog::accept();
}

} // namespace fd::ui
