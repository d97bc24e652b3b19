#include "ScheduledActionDialog.h"

#include "ControlPlane.h"
#include "Palette.h"
#include "autoscaling/Schedule.h"
#include "wizards/FormField.h"
#include "wizards/ScalingPolicyCommand.h"

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
#include <QTimeZone>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

const QString kValidation = QStringLiteral("ValidationException");

fd::Error invalid(const QString &field, const QString &message)
{
    return makeError(kValidation, message, field);
}

// Blank: not given. ISO 8601; without an offset the time is UTC.
fd::Result<std::optional<QDateTime>> optionalTime(const QLineEdit *edit, const QString &field)
{
    const QString text = edit->text().trimmed();
    if (text.isEmpty())
        return std::optional<QDateTime>{};
    QDateTime t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid())
        return invalid(field, QObject::tr("'%1' is not a time written yyyy-mm-ddThh:mm:ssZ").arg(text));
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC);
    return std::optional<QDateTime>{t.toUTC()};
}

QString utcText(const std::optional<QDateTime> &t)
{
    return t ? t->toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ")) : QString();
}

QString optionalText(const std::optional<int> &v)
{
    return v ? QString::number(*v) : QString();
}

QString durationWords(qint64 seconds)
{
    if (seconds < 60)
        return QObject::tr("under a minute");
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return QObject::tr("%1 min").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 48)
        return QObject::tr("%1 h %2 min").arg(hours).arg(minutes % 60);
    return QObject::tr("%1 d %2 h").arg(hours / 24).arg(hours % 24);
}

} // namespace

QString nextRunWords(const QDateTime &due, const QString &timezone, const QDateTime &now)
{
    if (!due.isValid())
        return QObject::tr("none (the schedule has no run left)");
    const QTimeZone zone(timezone.isEmpty() ? QByteArrayLiteral("UTC") : timezone.toUtf8());
    const QDateTime local = zone.isValid() ? due.toTimeZone(zone) : due.toUTC();
    const QString abbreviation = zone.isValid() ? zone.abbreviation(due) : QStringLiteral("UTC");
    return QObject::tr("%1 %2 (in %3)")
        .arg(local.toString(QStringLiteral("yyyy-MM-dd HH:mm")), abbreviation,
             durationWords(std::max<qint64>(0, now.secsTo(due))));
}

QDateTime nextRunOf(const autoscaling::ScheduledAction &a, const QDateTime &now)
{
    const Result<autoscaling::Schedule> schedule = autoscaling::parseSchedule(a.schedule);
    if (!schedule)
        return {};
    // As the controller: after the last run (or the creation); what is past is not shown as next.
    QDateTime after = a.lastRunAt.isValid() ? a.lastRunAt : a.createdAt.addMSecs(-1);
    if (!after.isValid() || after < now)
        after = now;
    return autoscaling::nextRun(schedule.value(), a.timezone.value_or(QString()), after, a.startTime, a.endTime,
                                a.createdAt.isValid() ? a.createdAt : now);
}

ScheduledActionDialog::ScheduledActionDialog(fd::ControlPlane &cp, ops::TargetKey key, QWidget *parent)
    : QDialog(parent), m_cp(cp), m_key(std::move(key))
{
    setObjectName(QStringLiteral("scheduledActionDialog"));
    setWindowTitle(tr("Scheduled action of %1").arg(m_key.resourceId));

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("scheduledSummary"));
    m_summary->setWordWrap(true);
    QFont big = m_summary->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_summary->setFont(big);

    const auto changed = [this] { revalidate(); };
    auto *group = new QGroupBox(tr("Scheduled action"), this);
    auto *form = new QFormLayout(group);
    m_name = FormField::line(group, "scheduledNameEdit", tr("e.g. night-scale-in"), changed);
    m_schedule = FormField::line(group, "scheduleEdit", tr("cron(0 22 * * ? *)"), changed);
    m_timezone = new QComboBox(group);
    m_timezone->setObjectName(QStringLiteral("timezoneCombo"));
    m_timezone->setEditable(true);
    m_timezone->setInsertPolicy(QComboBox::NoInsert);
    m_timezone->addItem(tr("not set (UTC)"), QString());
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds())
        m_timezone->addItem(QString::fromUtf8(id), QString::fromUtf8(id));
    m_timezone->setCurrentIndex(0);
    connect(m_timezone, &QComboBox::currentTextChanged, this, changed);
    m_start = FormField::line(group, "startTimeEdit", tr("not set: from now, e.g. 2027-01-01T00:00:00Z"), changed);
    m_end = FormField::line(group, "endTimeEdit", tr("not set: no end"), changed);
    m_min = FormField::line(group, "scheduledMinEdit", tr("not set: unchanged"), changed);
    m_max = FormField::line(group, "scheduledMaxEdit", tr("not set: unchanged"), changed);
    m_nextRun = new QLabel(group);
    m_nextRun->setObjectName(QStringLiteral("nextRunLabel"));
    m_nextRun->setWordWrap(true);
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Schedule:"), m_schedule);
    form->addRow(FormField::hint(tr("at(2027-01-01T08:00:00) once · rate(6 hours) · cron(minutes hours "
                                    "day-of-month month day-of-week year), e.g. cron(0 22 ? * MON-FRI *)"),
                                 group));
    form->addRow(tr("Time zone:"), m_timezone);
    form->addRow(tr("Start time (UTC):"), m_start);
    form->addRow(tr("End time (UTC):"), m_end);
    form->addRow(tr("Min capacity:"), m_min);
    form->addRow(tr("Max capacity:"), m_max);
    form->addRow(tr("Next run:"), m_nextRun);
    form->addRow(FormField::hint(tr("At each run the target's min and max capacity become these; the desired count "
                                    "follows if it lies outside them."),
                                 group));

    auto *commandGroup = new QGroupBox(tr("The same with the AWS CLI"), this);
    auto *commandLayout = new QVBoxLayout(commandGroup);
    m_command = new QPlainTextEdit(commandGroup);
    m_command->setObjectName(QStringLiteral("cliCommand"));
    m_command->setReadOnly(true);
    m_command->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    commandLayout->addWidget(m_command);

    auto *columns = new QHBoxLayout;
    columns->addWidget(group, 1);
    columns->addWidget(commandGroup, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_saveButton = buttons->button(QDialogButtonBox::Ok);
    m_saveButton->setText(tr("Save scheduled action"));
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addLayout(columns, 1);
    layout->addWidget(m_problem.label());
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ScheduledActionDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_building = false;
    revalidate();
    resize(1120, 600);
}

void ScheduledActionDialog::setEndpoint(const QString &endpoint)
{
    m_endpoint = endpoint;
    revalidate();
}

void ScheduledActionDialog::editAction(const autoscaling::ScheduledAction &a)
{
    m_building = true;
    m_editing = a;
    m_name->setText(a.name);
    m_name->setReadOnly(true);
    m_name->setToolTip(tr("An action is named by its name: to rename it, add a new one and delete this one"));
    m_name->setProperty("fdToolTip", m_name->toolTip());
    m_schedule->setText(a.schedule);
    if (a.timezone) {
        const int item = m_timezone->findData(*a.timezone);
        if (item > 0)
            m_timezone->setCurrentIndex(item);
        else
            m_timezone->setCurrentText(*a.timezone);
    }
    m_start->setText(utcText(a.startTime));
    m_end->setText(utcText(a.endTime));
    m_min->setText(optionalText(a.minCapacity));
    m_max->setText(optionalText(a.maxCapacity));
    m_saveButton->setText(tr("Save changes"));
    m_building = false;
    revalidate();
}

fd::Result<ops::ScheduledPut> ScheduledActionDialog::request() const
{
    ops::ScheduledPut r;
    r.key = m_key;
    r.name = m_name->text();
    if (r.name.trimmed().isEmpty())
        return invalid(QStringLiteral("ScheduledActionName"), tr("give the action a name"));
    if (const QString s = m_schedule->text().trimmed(); !s.isEmpty())
        r.schedule = s;
    const QString zoneText = m_timezone->currentText().trimmed();
    const int zoneItem = m_timezone->currentIndex();
    const QString zone = zoneItem >= 0 && m_timezone->itemText(zoneItem) == m_timezone->currentText()
                             ? m_timezone->itemData(zoneItem).toString()
                             : zoneText;
    if (!zone.isEmpty())
        r.timezone = zone;
    Result<std::optional<QDateTime>> start = optionalTime(m_start, QStringLiteral("StartTime"));
    if (!start)
        return start.error();
    r.startTime = *start;
    Result<std::optional<QDateTime>> end = optionalTime(m_end, QStringLiteral("EndTime"));
    if (!end)
        return end.error();
    r.endTime = *end;
    Result<std::optional<int>> min =
        FormField::optionalInt(m_min->text(), QStringLiteral("ScalableTargetAction.MinCapacity"), kValidation);
    if (!min)
        return min.error();
    r.minCapacity = *min;
    Result<std::optional<int>> max =
        FormField::optionalInt(m_max->text(), QStringLiteral("ScalableTargetAction.MaxCapacity"), kValidation);
    if (!max)
        return max.error();
    r.maxCapacity = *max;
    if (m_editing) {
        // PutScheduledAction keeps what an update leaves out: a blanked field would silently stay.
        const QString keep = tr("an update keeps what it does not give, so this cannot be cleared: delete the action "
                                "and add it again without it");
        if (m_editing->timezone && !r.timezone)
            return invalid(QStringLiteral("Timezone"), keep);
        if (m_editing->startTime && !r.startTime)
            return invalid(QStringLiteral("StartTime"), keep);
        if (m_editing->endTime && !r.endTime)
            return invalid(QStringLiteral("EndTime"), keep);
        if (m_editing->minCapacity && !r.minCapacity)
            return invalid(QStringLiteral("ScalableTargetAction.MinCapacity"), keep);
        if (m_editing->maxCapacity && !r.maxCapacity)
            return invalid(QStringLiteral("ScalableTargetAction.MaxCapacity"), keep);
    }
    // Every check PutScheduledAction makes, without writing.
    if (Status s = m_cp.autoScaling().check(r); !s)
        return s.error();
    return r;
}

QString ScheduledActionDialog::command() const
{
    return m_command->toPlainText();
}

QString ScheduledActionDialog::summary() const
{
    return m_summary->text();
}

QString ScheduledActionDialog::nextRunText() const
{
    return m_nextRun->text();
}

QWidget *ScheduledActionDialog::editorFor(const QString &field) const
{
    const std::pair<const char *, QWidget *> editors[] = {
        {"ScheduledActionName", m_name}, {"Schedule", m_schedule}, {"Timezone", m_timezone},
        {"StartTime", m_start},          {"EndTime", m_end},       {"MinCapacity", m_min},
        {"MaxCapacity", m_max},
    };
    for (const auto &[name, editor] : editors)
        if (field == QLatin1String(name) || field.endsWith(u'.' + QLatin1String(name)))
            return editor;
    return nullptr;
}

void ScheduledActionDialog::showProblem(const fd::Error &e)
{
    m_problem.show(e, editorFor(e.field));
}

void ScheduledActionDialog::revalidate()
{
    if (m_building)
        return;
    m_problem.clear();
    const Result<ops::ScheduledPut> r = request();
    if (!r) {
        showProblem(r.error());
        m_summary->setText(tr("Scheduled action: incomplete"));
        m_nextRun->setText(tr("(complete the form)"));
        m_command->setPlainText(
            tr("(complete the form: %1)").arg(r.error().field.isEmpty() ? r.error().code : r.error().field));
        m_saveButton->setEnabled(false);
        return;
    }
    const ops::ScheduledPut &p = r.value();
    // The action as it would be stored: the form over what is stored.
    autoscaling::ScheduledAction a = m_editing.value_or(autoscaling::ScheduledAction{});
    const QDateTime now = m_cp.clock().now();
    if (!m_editing)
        a.createdAt = now;
    if (p.schedule)
        a.schedule = *p.schedule;
    if (p.timezone)
        a.timezone = p.timezone;
    if (p.startTime)
        a.startTime = p.startTime;
    if (p.endTime)
        a.endTime = p.endTime;
    if (p.minCapacity)
        a.minCapacity = p.minCapacity;
    if (p.maxCapacity)
        a.maxCapacity = p.maxCapacity;
    QStringList capacity;
    if (a.minCapacity)
        capacity << tr("min %1").arg(*a.minCapacity);
    if (a.maxCapacity)
        capacity << tr("max %1").arg(*a.maxCapacity);
    const QString service = m_key.resourceId.section(u'/', 2);
    m_summary->setText(
        tr("On %1 (%2), set the capacity of %3 to %4")
            .arg(a.schedule, a.timezone.value_or(QStringLiteral("UTC")), service,
                 capacity.isEmpty() ? tr("what it is (no min or max given)") : capacity.join(QStringLiteral(", "))));
    m_nextRun->setText(nextRunWords(nextRunOf(a, now), a.timezone.value_or(QString()), now));
    m_command->setPlainText(ScalingPolicyCommand::scheduledText(p, m_endpoint));
    m_saveButton->setEnabled(true);
}

void ScheduledActionDialog::accept()
{
    const Result<ops::ScheduledPut> r = request();
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
