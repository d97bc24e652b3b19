#include "ScalingPolicyDialog.h"

#include "ControlPlane.h"
#include "Palette.h"
#include "autoscaling/TargetTrackingAlarms.h"
#include "metrics/MetricStore.h"
#include "wizards/FormField.h"
#include "wizards/ScalingPolicyCommand.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace fd::ui {

namespace {

const QString kTracking = QStringLiteral("TargetTrackingScalingPolicyConfiguration.");
const QString kStep = QStringLiteral("StepScalingPolicyConfiguration.");
const QString kAlbMetric = QStringLiteral("ALBRequestCountPerTarget");

fd::Error invalid(const QString &field, const QString &message)
{
    return makeError(QStringLiteral("ValidationException"), QStringLiteral("%1: %2").arg(field, message), field);
}

const QString kValidation = QStringLiteral("ValidationException");
const QString kCustom = QStringLiteral("Custom");
const QString kCustomField = QStringLiteral("TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification");

// Blank: not given. Otherwise a whole number, or an error naming the field.
fd::Result<std::optional<int>> optionalInt(const QLineEdit *edit, const QString &field)
{
    return FormField::optionalInt(edit->text(), field, kValidation);
}

fd::Result<std::optional<double>> optionalNumber(const QString &raw, const QString &field)
{
    return FormField::optionalNumber(raw, field, kValidation);
}

QString number(double v)
{
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

QString optionalText(const std::optional<int> &v)
{
    return v ? QString::number(*v) : QString();
}

QString metricWords(const QString &type)
{
    if (type == u"ECSServiceAverageCPUUtilization")
        return QObject::tr("the average CPU utilization");
    if (type == u"ECSServiceAverageMemoryUtilization")
        return QObject::tr("the average memory utilization");
    if (type == u"ALBRequestCountPerTarget")
        return QObject::tr("the requests per task each minute");
    return type;
}

// "the Average of Shop/Orders QueueDepth (Queue=orders)"
QString customWords(const autoscaling::CustomizedMetricSpec &m)
{
    QStringList dims;
    for (const metrics::Dimension &d : m.dimensions)
        dims << d.name + u'=' + d.value;
    return QObject::tr("the %1 of %2 %3%4")
        .arg(m.statistic, m.metricNamespace, m.metricName,
             dims.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(dims.join(QStringLiteral(", "))));
}

QString adjustmentWords(autoscaling::AdjustmentType type, int adjustment)
{
    switch (type) {
    case autoscaling::AdjustmentType::ChangeInCapacity:
        return QObject::tr("%1%2 tasks").arg(adjustment > 0 ? QStringLiteral("+") : QString()).arg(adjustment);
    case autoscaling::AdjustmentType::PercentChangeInCapacity:
        return QObject::tr("%1%2 %").arg(adjustment > 0 ? QStringLiteral("+") : QString()).arg(adjustment);
    case autoscaling::AdjustmentType::ExactCapacity:
        return QObject::tr("set to %1 tasks").arg(adjustment);
    }
    return {};
}

// "from +10 to +20", "+20 and more", "below -5": where the metric is relative to the threshold.
QString intervalWords(const autoscaling::StepAdjustment &s)
{
    const auto signedNumber = [](double v) { return (v > 0 ? QStringLiteral("+") : QString()) + number(v); };
    if (s.lowerBound && s.upperBound)
        return QObject::tr("from %1 to %2").arg(signedNumber(*s.lowerBound), signedNumber(*s.upperBound));
    if (s.lowerBound)
        return QObject::tr("%1 and more").arg(signedNumber(*s.lowerBound));
    if (s.upperBound)
        return QObject::tr("below %1").arg(signedNumber(*s.upperBound));
    return QObject::tr("anywhere");
}

} // namespace

ScalingPolicyDialog::ScalingPolicyDialog(fd::ControlPlane &cp, ops::TargetKey key, Kind kind, QWidget *parent)
    : QDialog(parent), m_cp(cp), m_key(std::move(key)), m_kind(kind)
{
    setObjectName(QStringLiteral("scalingPolicyDialog"));
    setWindowTitle(kind == Kind::TargetTracking ? tr("Target tracking policy of %1").arg(m_key.resourceId)
                                                : tr("Step scaling policy of %1").arg(m_key.resourceId));

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("policySummary"));
    m_summary->setWordWrap(true);
    QFont big = m_summary->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_summary->setFont(big);

    auto *nameForm = new QFormLayout;
    m_name = addLine("policyNameEdit", tr("e.g. cpu50"), this);
    nameForm->addRow(tr("Policy name:"), m_name);

    auto *commandGroup = new QGroupBox(tr("The same with the AWS CLI"), this);
    auto *commandLayout = new QVBoxLayout(commandGroup);
    m_command = new QPlainTextEdit(commandGroup);
    m_command->setObjectName(QStringLiteral("cliCommand"));
    m_command->setReadOnly(true);
    m_command->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    commandLayout->addWidget(m_command);

    auto *left = new QVBoxLayout;
    left->addLayout(nameForm);
    left->addWidget(kind == Kind::TargetTracking ? buildTargetTrackingGroup() : buildStepGroup(), 1);
    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 1);
    columns->addWidget(commandGroup, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_saveButton = buttons->button(QDialogButtonBox::Ok);
    m_saveButton->setText(tr("Save policy"));
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addLayout(columns, 1);
    layout->addWidget(m_problem.label());
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ScalingPolicyDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_building = false;
    revalidate();
    resize(1120, 680);
}

QLineEdit *ScalingPolicyDialog::addLine(const char *name, const QString &placeholder, QWidget *parent)
{
    return FormField::line(parent, name, placeholder, [this] { revalidate(); });
}

QWidget *ScalingPolicyDialog::buildTargetTrackingGroup()
{
    auto *group = new QGroupBox(tr("Target tracking"), this);
    auto *form = new QFormLayout(group);
    m_trackingForm = form;
    m_metricType = new QComboBox(group);
    m_metricType->setObjectName(QStringLiteral("metricTypeCombo"));
    m_metricType->addItem(tr("ECSServiceAverageCPUUtilization (%)"), QStringLiteral("ECSServiceAverageCPUUtilization"));
    m_metricType->addItem(tr("ECSServiceAverageMemoryUtilization (%)"),
                          QStringLiteral("ECSServiceAverageMemoryUtilization"));
    m_metricType->addItem(tr("ALBRequestCountPerTarget (requests)"), kAlbMetric);
    m_metricType->addItem(tr("Custom metric (CustomizedMetricSpecification)"), kCustom);
    m_resourceLabel = addLine("resourceLabelEdit", tr("app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>"), group);
    m_resourceLabel->setToolTip(tr("Only for ALBRequestCountPerTarget: the load balancer and target group whose "
                                   "requests per target are tracked"));
    m_resourceLabel->setProperty("fdToolTip", m_resourceLabel->toolTip());

    // The custom metric: picked from the metric store, as the alarm wizard picks one, or typed.
    m_picker = new MetricPicker(m_cp.metricStore(), group);
    m_customStatistic = new QComboBox(group);
    m_customStatistic->setObjectName(QStringLiteral("customStatisticCombo"));
    for (const char *statistic : {"Average", "Minimum", "Maximum", "SampleCount", "Sum"})
        m_customStatistic->addItem(QLatin1String(statistic), QLatin1String(statistic));
    m_customUnit = new QComboBox(group);
    m_customUnit->setObjectName(QStringLiteral("customUnitCombo"));
    m_customUnit->addItem(tr("not set (any unit)"), QString());
    for (int u = int(metrics::StandardUnit::None); u <= int(metrics::StandardUnit::CountPerSecond); ++u)
        m_customUnit->addItem(metrics::toString(metrics::StandardUnit(u)), metrics::toString(metrics::StandardUnit(u)));

    m_targetValue = addLine("targetValueEdit", tr("e.g. 50"), group);
    m_scaleOutCooldown = addLine("scaleOutCooldownEdit", tr("not set: 300 s applies"), group);
    m_scaleInCooldown = addLine("scaleInCooldownEdit", tr("not set: 300 s applies"), group);
    m_disableScaleIn = new QComboBox(group);
    m_disableScaleIn->setObjectName(QStringLiteral("disableScaleInCombo"));
    m_disableScaleIn->addItem(tr("not set (scale in allowed)"), QString());
    m_disableScaleIn->addItem(tr("false: scale in allowed"), QStringLiteral("false"));
    m_disableScaleIn->addItem(tr("true: never scale in"), QStringLiteral("true"));
    form->addRow(tr("Metric:"), m_metricType);
    form->addRow(tr("Resource label:"), m_resourceLabel);
    form->addRow(tr("Namespace:"), m_picker->namespaceCombo());
    form->addRow(tr("Metric name:"), m_picker->metricNameCombo());
    form->addRow(tr("Dimensions:"), m_picker->dimensionsCombo());
    form->addRow(m_picker->storeHint());
    form->addRow(tr("Statistic:"), m_customStatistic);
    form->addRow(tr("Unit:"), m_customUnit);
    form->addRow(tr("Target value:"), m_targetValue);
    form->addRow(tr("Scale-out cooldown (s):"), m_scaleOutCooldown);
    form->addRow(tr("Scale-in cooldown (s):"), m_scaleInCooldown);
    form->addRow(tr("Disable scale-in:"), m_disableScaleIn);
    form->addRow(FormField::hint(tr("Application Auto Scaling creates two CloudWatch alarms for this policy and owns "
                                    "them: one to scale out, one to scale in (none with scale-in disabled)."),
                                 group));
    m_picker->refill();
    connect(m_metricType, &QComboBox::currentIndexChanged, this, [this] {
        showMetricRows();
        revalidate();
    });
    connect(m_picker, &MetricPicker::changed, this, &ScalingPolicyDialog::revalidate);
    connect(m_customStatistic, &QComboBox::currentIndexChanged, this, &ScalingPolicyDialog::revalidate);
    connect(m_customUnit, &QComboBox::currentIndexChanged, this, &ScalingPolicyDialog::revalidate);
    connect(m_disableScaleIn, &QComboBox::currentIndexChanged, this, &ScalingPolicyDialog::revalidate);
    showMetricRows();
    return group;
}

void ScalingPolicyDialog::showMetricRows()
{
    if (!m_trackingForm)
        return;
    const QString type = m_metricType->currentData().toString();
    // A label typed for ALBRequestCountPerTarget stays in sight after another metric is chosen: the
    // form refuses it there, and its editor must be visible to be cleared.
    m_trackingForm->setRowVisible(m_resourceLabel, type == kAlbMetric || !m_resourceLabel->text().trimmed().isEmpty());
    const bool custom = type == kCustom;
    for (QWidget *w : std::initializer_list<QWidget *>{m_picker->namespaceCombo(), m_picker->metricNameCombo(),
                                                       m_picker->dimensionsCombo(), m_picker->storeHint(),
                                                       m_customStatistic, m_customUnit})
        m_trackingForm->setRowVisible(w, custom);
}

QWidget *ScalingPolicyDialog::buildStepGroup()
{
    auto *group = new QGroupBox(tr("Step scaling"), this);
    auto *form = new QFormLayout(group);
    m_adjustmentType = new QComboBox(group);
    m_adjustmentType->setObjectName(QStringLiteral("adjustmentTypeCombo"));
    using A = autoscaling::AdjustmentType;
    for (A a : {A::ChangeInCapacity, A::PercentChangeInCapacity, A::ExactCapacity})
        m_adjustmentType->addItem(autoscaling::toString(a), autoscaling::toString(a));
    m_steps = new QTableWidget(0, 3, group);
    m_steps->setObjectName(QStringLiteral("stepsTable"));
    m_steps->setHorizontalHeaderLabels({tr("Lower bound"), tr("Upper bound"), tr("Adjustment")});
    m_steps->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_steps->verticalHeader()->setVisible(false);
    m_steps->setMinimumHeight(150);
    m_steps->setToolTip(tr("Bounds are relative to the alarm's threshold (metric - threshold); blank is unbounded"));
    auto *addStep = new QPushButton(tr("Add step"), group);
    addStep->setObjectName(QStringLiteral("addStepButton"));
    auto *removeStep = new QPushButton(tr("Remove step"), group);
    removeStep->setObjectName(QStringLiteral("removeStepButton"));
    auto *stepButtons = new QHBoxLayout;
    stepButtons->addWidget(addStep);
    stepButtons->addWidget(removeStep);
    stepButtons->addStretch();
    m_minMagnitude = addLine("minAdjustmentMagnitudeEdit", tr("not set; only with PercentChangeInCapacity"), group);
    m_cooldown = addLine("cooldownEdit", tr("not set: 300 s applies"), group);
    m_aggregation = new QComboBox(group);
    m_aggregation->setObjectName(QStringLiteral("aggregationCombo"));
    m_aggregation->addItem(tr("not set (Average)"), QString());
    for (const char *a : {"Average", "Minimum", "Maximum"})
        m_aggregation->addItem(QLatin1String(a), QLatin1String(a));
    form->addRow(tr("Adjustment type:"), m_adjustmentType);
    form->addRow(tr("Steps:"), m_steps);
    form->addRow(QString(), stepButtons);
    form->addRow(tr("Min. adjustment magnitude:"), m_minMagnitude);
    form->addRow(tr("Cooldown (s):"), m_cooldown);
    form->addRow(tr("Metric aggregation:"), m_aggregation);
    form->addRow(
        FormField::hint(tr("A step policy acts when an alarm whose actions name this policy's ARN is in ALARM: "
                           "create that alarm on the Alarms page once the policy is saved."),
                        group));
    connect(m_adjustmentType, &QComboBox::currentIndexChanged, this, &ScalingPolicyDialog::revalidate);
    connect(m_aggregation, &QComboBox::currentIndexChanged, this, &ScalingPolicyDialog::revalidate);
    connect(m_steps, &QTableWidget::itemChanged, this, &ScalingPolicyDialog::revalidate);
    connect(addStep, &QPushButton::clicked, this, [this] {
        addStepRow({}, {}, {});
        revalidate();
    });
    connect(removeStep, &QPushButton::clicked, this, [this] {
        const int row = m_steps->currentRow() >= 0 ? m_steps->currentRow() : m_steps->rowCount() - 1;
        if (row >= 0)
            m_steps->removeRow(row);
        revalidate();
    });
    addStepRow(QStringLiteral("0"), QString(), QStringLiteral("1"));
    return group;
}

void ScalingPolicyDialog::addStepRow(const QString &lower, const QString &upper, const QString &adjustment)
{
    QSignalBlocker block(m_steps);
    const int row = m_steps->rowCount();
    m_steps->insertRow(row);
    m_steps->setItem(row, 0, new QTableWidgetItem(lower));
    m_steps->setItem(row, 1, new QTableWidgetItem(upper));
    m_steps->setItem(row, 2, new QTableWidgetItem(adjustment));
}

void ScalingPolicyDialog::editPolicy(const autoscaling::ScalingPolicy &p)
{
    m_building = true;
    m_name->setText(p.name);
    m_name->setReadOnly(true);
    m_name->setToolTip(tr("A policy is named by its name: to rename it, add a new one and delete this one"));
    if (m_kind == Kind::TargetTracking && p.targetTracking) {
        const autoscaling::TargetTrackingConfiguration &c = *p.targetTracking;
        if (c.predefined) {
            m_metricType->setCurrentIndex(std::max(0, m_metricType->findData(c.predefined->type)));
            m_resourceLabel->setText(c.predefined->resourceLabel);
        } else if (c.customized) {
            const autoscaling::CustomizedMetricSpec &m = *c.customized;
            m_metricType->setCurrentIndex(m_metricType->findData(kCustom));
            m_picker->select(m.metricNamespace, m.metricName, m.dimensions);
            if (m_customStatistic->findData(m.statistic) < 0)
                m_customStatistic->addItem(m.statistic, m.statistic);
            m_customStatistic->setCurrentIndex(m_customStatistic->findData(m.statistic));
            const QString unit = m.unit.value_or(QString());
            if (m_customUnit->findData(unit) < 0)
                m_customUnit->addItem(unit, unit);
            m_customUnit->setCurrentIndex(m_customUnit->findData(unit));
        }
        m_targetValue->setText(number(c.targetValue));
        m_scaleOutCooldown->setText(optionalText(c.scaleOutCooldown));
        m_scaleInCooldown->setText(optionalText(c.scaleInCooldown));
        m_disableScaleIn->setCurrentIndex(
            c.disableScaleIn
                ? m_disableScaleIn->findData(*c.disableScaleIn ? QStringLiteral("true") : QStringLiteral("false"))
                : 0);
    } else if (m_kind == Kind::Step && p.step) {
        const autoscaling::StepScalingConfiguration &c = *p.step;
        m_adjustmentType->setCurrentIndex(m_adjustmentType->findData(autoscaling::toString(c.adjustmentType)));
        m_steps->setRowCount(0);
        for (const autoscaling::StepAdjustment &s : c.steps)
            addStepRow(s.lowerBound ? number(*s.lowerBound) : QString(),
                       s.upperBound ? number(*s.upperBound) : QString(), QString::number(s.scalingAdjustment));
        m_minMagnitude->setText(optionalText(c.minAdjustmentMagnitude));
        m_cooldown->setText(optionalText(c.cooldownSeconds));
        m_aggregation->setCurrentIndex(std::max(0, m_aggregation->findData(c.metricAggregationType)));
    }
    m_saveButton->setText(tr("Save changes"));
    m_building = false;
    revalidate();
}

fd::Result<ops::PolicyPut> ScalingPolicyDialog::request() const
{
    ops::PolicyPut r;
    r.key = m_key;
    r.policyName = m_name->text().trimmed();
    if (r.policyName.isEmpty())
        return makeError(QStringLiteral("ValidationException"), tr("PolicyName: give the policy a name"),
                         QStringLiteral("PolicyName"));
    if (m_kind == Kind::TargetTracking) {
        r.policyType = QStringLiteral("TargetTrackingScaling");
        autoscaling::TargetTrackingConfiguration c;
        const QString target = m_targetValue->text().trimmed();
        if (target.isEmpty())
            return invalid(kTracking + QStringLiteral("TargetValue"), tr("is required"));
        Result<std::optional<double>> value = optionalNumber(target, kTracking + QStringLiteral("TargetValue"));
        if (!value)
            return value.error();
        c.targetValue = **value;
        const QString type = m_metricType->currentData().toString();
        if (type == kCustom) {
            autoscaling::CustomizedMetricSpec m;
            m.metricNamespace = m_picker->metricNamespace();
            m.metricName = m_picker->metricName();
            Result<std::vector<metrics::Dimension>> dims =
                m_picker->dimensions(kValidation, kCustomField + QStringLiteral(".Dimensions"));
            if (!dims)
                return dims.error();
            m.dimensions = std::move(dims).value();
            m.statistic = m_customStatistic->currentData().toString();
            if (const QString unit = m_customUnit->currentData().toString(); !unit.isEmpty())
                m.unit = unit;
            c.customized = m;
        } else {
            c.predefined = autoscaling::PredefinedMetric{type, {}};
            if (type == kAlbMetric)
                c.predefined->resourceLabel = m_resourceLabel->text().trimmed();
            else if (!m_resourceLabel->text().trimmed().isEmpty())
                return invalid(kTracking + QStringLiteral("PredefinedMetricSpecification.ResourceLabel"),
                               tr("only ALBRequestCountPerTarget takes a resource label; clear it"));
        }
        Result<std::optional<int>> out =
            optionalInt(m_scaleOutCooldown, kTracking + QStringLiteral("ScaleOutCooldown"));
        if (!out)
            return out.error();
        c.scaleOutCooldown = *out;
        Result<std::optional<int>> in = optionalInt(m_scaleInCooldown, kTracking + QStringLiteral("ScaleInCooldown"));
        if (!in)
            return in.error();
        c.scaleInCooldown = *in;
        if (const QString d = m_disableScaleIn->currentData().toString(); !d.isEmpty())
            c.disableScaleIn = d == u"true";
        r.targetTracking = c;
        // Every check PutScalingPolicy makes, without writing.
        if (Status s = m_cp.autoScaling().check(r); !s)
            return s.error();
        return r;
    }
    r.policyType = QStringLiteral("StepScaling");
    autoscaling::StepScalingConfiguration c;
    c.adjustmentType = *autoscaling::adjustmentTypeFrom(m_adjustmentType->currentData().toString());
    for (int row = 0; row < m_steps->rowCount(); ++row) {
        const auto cell = [&](int column) {
            return m_steps->item(row, column) ? m_steps->item(row, column)->text() : QString();
        };
        const QString where = kStep + QStringLiteral("StepAdjustments.%1.").arg(row + 1);
        autoscaling::StepAdjustment s;
        Result<std::optional<double>> lower =
            optionalNumber(cell(0), where + QStringLiteral("MetricIntervalLowerBound"));
        if (!lower)
            return lower.error();
        Result<std::optional<double>> upper =
            optionalNumber(cell(1), where + QStringLiteral("MetricIntervalUpperBound"));
        if (!upper)
            return upper.error();
        const QString adjustment = cell(2).trimmed();
        bool ok = false;
        s.scalingAdjustment = adjustment.toInt(&ok);
        if (!ok)
            return invalid(where + QStringLiteral("ScalingAdjustment"),
                           adjustment.isEmpty() ? tr("is required") : tr("'%1' is not a whole number").arg(adjustment));
        s.lowerBound = *lower;
        s.upperBound = *upper;
        c.steps.append(s);
    }
    Result<std::optional<int>> magnitude =
        optionalInt(m_minMagnitude, kStep + QStringLiteral("MinAdjustmentMagnitude"));
    if (!magnitude)
        return magnitude.error();
    c.minAdjustmentMagnitude = *magnitude;
    Result<std::optional<int>> cooldown = optionalInt(m_cooldown, kStep + QStringLiteral("Cooldown"));
    if (!cooldown)
        return cooldown.error();
    c.cooldownSeconds = *cooldown;
    c.metricAggregationType = m_aggregation->currentData().toString();
    r.step = c;
    // Every check PutScalingPolicy makes, without writing.
    if (Status s = m_cp.autoScaling().check(r); !s)
        return s.error();
    return r;
}

QString ScalingPolicyDialog::command() const
{
    return m_command->toPlainText();
}

QString ScalingPolicyDialog::summary() const
{
    return m_summary->text();
}

void ScalingPolicyDialog::setEndpoint(const QString &endpoint)
{
    m_endpoint = endpoint;
    revalidate();
}

QWidget *ScalingPolicyDialog::editorFor(const QString &field) const
{
    const std::pair<const char *, QWidget *> editors[] = {
        {"PolicyName", m_name},
        {"ResourceLabel", m_resourceLabel},
        {"PredefinedMetric", m_metricType},
        {"CustomizedMetricSpecification.Statistic", m_customStatistic},
        {"CustomizedMetricSpecification.Unit", m_customUnit},
        {"CustomizedMetricSpecification.Dimensions", m_picker ? m_picker->dimensionsCombo() : nullptr},
        {"CustomizedMetricSpecification", m_picker ? m_picker->metricNameCombo() : nullptr},
        {"TargetValue", m_targetValue},
        {"ScaleOutCooldown", m_scaleOutCooldown},
        {"ScaleInCooldown", m_scaleInCooldown},
        {"StepAdjustments", m_steps},
        {"MinAdjustmentMagnitude", m_minMagnitude},
        {"StepScalingPolicyConfiguration.Cooldown", m_cooldown},
        {"MetricAggregationType", m_aggregation},
        {"AdjustmentType", m_adjustmentType},
    };
    for (const auto &[name, editor] : editors)
        if (editor && field.contains(QLatin1String(name)))
            return editor;
    return nullptr;
}

void ScalingPolicyDialog::showProblem(const fd::Error &e)
{
    m_problem.show(e, editorFor(e.field));
}

void ScalingPolicyDialog::revalidate()
{
    if (m_building)
        return;
    m_problem.clear();
    const Result<ops::PolicyPut> r = request();
    if (!r) {
        showProblem(r.error());
        m_summary->setText(tr("Policy: incomplete"));
        m_command->setPlainText(
            tr("(complete the form: %1)").arg(r.error().field.isEmpty() ? r.error().code : r.error().field));
        m_saveButton->setEnabled(false);
        return;
    }
    const ops::PolicyPut &p = r.value();
    const QString service = m_key.resourceId.section(u'/', 2);
    if (p.targetTracking) {
        const autoscaling::TargetTrackingConfiguration &c = *p.targetTracking;
        QString text;
        if (c.customized) {
            text = tr("Keep %1 at %2%3 by scaling %4")
                       .arg(customWords(*c.customized), number(c.targetValue),
                            c.customized->unit ? QStringLiteral(" ") + *c.customized->unit : QString(), service);
        } else {
            const bool percent = c.predefined->type != kAlbMetric;
            text = tr("Keep %1 of %2 at %3%4")
                       .arg(metricWords(c.predefined->type), service, number(c.targetValue),
                            percent ? QStringLiteral(" %") : QString());
        }
        if (c.disableScaleIn.value_or(false))
            text += tr(", scaling out only");
        m_summary->setText(text);
    } else {
        QStringList steps;
        for (const autoscaling::StepAdjustment &s : p.step->steps)
            steps << tr("%1: %2").arg(intervalWords(s), adjustmentWords(p.step->adjustmentType, s.scalingAdjustment));
        m_summary->setText(tr("Step scaling of %1, by how far the metric is past the alarm's threshold: %2")
                               .arg(service, steps.join(QStringLiteral(" · "))));
    }
    m_command->setPlainText(ScalingPolicyCommand::text(p, m_endpoint));
    m_saveButton->setEnabled(true);
}

void ScalingPolicyDialog::accept()
{
    const Result<ops::PolicyPut> r = request();
    if (!r) {
        revalidate();
        return;
    }
    if (m_submitter) {
        if (Status s = m_submitter(r.value()); !s) {
            showProblem(s.error());
            return;
        }
    }
    QDialog::accept();
}

} // namespace fd::ui
