#include "CreateAlarmDialog.h"

#include "ControlPlane.h"
#include "Palette.h"
#include "metrics/MetricStore.h"
#include "models/AlarmText.h"
#include "wizards/AlarmCommand.h"
#include "wizards/FormField.h"

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

namespace fd::ui {

namespace {

QStringList words(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    return text.split(separators, Qt::SkipEmptyParts);
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

    m_picker->refill();
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
    return FormField::line(parent, name, placeholder, [this] { revalidate(); });
}

QWidget *CreateAlarmDialog::buildMetricGroup()
{
    auto *group = new QGroupBox(tr("Metric"), this);
    auto *form = new QFormLayout(group);
    m_picker = new MetricPicker(m_cp.metricStore(), group);
    form->addRow(tr("Namespace:"), m_picker->namespaceCombo());
    form->addRow(tr("Metric name:"), m_picker->metricNameCombo());
    form->addRow(tr("Dimensions:"), m_picker->dimensionsCombo());
    form->addRow(m_picker->storeHint());
    connect(m_picker, &MetricPicker::changed, this, &CreateAlarmDialog::revalidate);

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
    form->addRow(FormField::hint(tr("M of the last N periods must breach; they need not be consecutive."), group));
    form->addRow(tr("Missing data:"), m_treatMissing);
    return group;
}

QWidget *CreateAlarmDialog::buildAlarmGroup()
{
    auto *group = new QGroupBox(tr("Alarm and actions"), this);
    auto *form = new QFormLayout(group);
    m_name = addLine("alarmNameEdit", tr("e.g. web-cpu-high"), group);
    m_name->setMaxLength(300);
    m_replaces = FormField::hint({}, group);
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

void CreateAlarmDialog::selectMetric(const metrics::MetricId &id)
{
    m_picker->select(id.metricNamespace, id.metricName, id.dimensions);
    revalidate();
}

fd::Result<metrics::MetricId> CreateAlarmDialog::metric() const
{
    Result<std::vector<metrics::Dimension>> dims =
        m_picker->dimensions(QStringLiteral("InvalidParameterValue"), QStringLiteral("Dimensions"));
    if (!dims)
        return dims.error();
    const QString ns = m_picker->metricNamespace();
    const QString name = m_picker->metricName();
    if (ns.isEmpty())
        return missing(QStringLiteral("Namespace"));
    if (name.isEmpty())
        return missing(QStringLiteral("MetricName"));
    return metrics::makeMetricId(ns, name, std::move(dims).value());
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
    Result<std::optional<double>> threshold = FormField::optionalNumber(
        m_threshold->text(), QStringLiteral("Threshold"), QStringLiteral("InvalidParameterValue"));
    if (!threshold)
        return threshold.error();
    if (!threshold.value())
        return missing(QStringLiteral("Threshold"));
    d.threshold = **threshold;
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
