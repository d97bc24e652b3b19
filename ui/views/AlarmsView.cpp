#include "AlarmsView.h"

#include "ChangeFeed.h"
#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "Formatter.h"
#include "Palette.h"
#include "models/AlarmTableModel.h"
#include "models/AlarmText.h"
#include "models/ItemRoles.h"
#include "ops/Alarms.h"
#include "views/GlassBoxView.h"
#include "views/TableStyle.h"
#include "widgets/StatusBadgeDelegate.h"
#include "wizards/CreateAlarmDialog.h"
#include "wizards/SetAlarmStateDialog.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

QPushButton *button(const QString &text, const char *name, const QString &tip, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(QLatin1String(name));
    b->setToolTip(tip);
    return b;
}

QString actionsHtml(const QString &label, const QStringList &arns)
{
    if (arns.isEmpty())
        return {};
    QStringList escaped;
    for (const QString &a : arns)
        escaped << a.toHtmlEscaped();
    return QStringLiteral("<b>%1</b> %2<br>").arg(label.toHtmlEscaped(), escaped.join(QStringLiteral("<br>")));
}

} // namespace

AlarmsView::AlarmsView(ConsoleContext &context, QWidget *parent)
    : Page(context, parent), m_model(new AlarmTableModel(context.controlPlane(), this)),
      m_proxy(new QSortFilterProxyModel(this)), m_table(new QTableView(this)), m_detail(new QLabel(this)),
      m_history(new QTableWidget(this)), m_hint(new QLabel(this)),
      m_createButton(button(tr("Create alarm…"), "createAlarmButton",
                            tr("A metric alarm: metric, statistic, threshold, M of N datapoints, actions"), this)),
      m_glassBoxButton(button(tr("Glass box"), "glassBoxButton",
                              tr("Watch the alarms' M-of-N boxes fill and the auto scaling decide"), this)),
      m_enableButton(button(tr("Enable actions"), "enableActionsButton", tr("EnableAlarmActions"), this)),
      m_disableButton(button(tr("Disable actions"), "disableActionsButton", tr("DisableAlarmActions"), this)),
      m_setStateButton(button(tr("Set state…"), "setAlarmStateButton",
                              tr("SetAlarmState: put the alarm in a state for a drill; it runs that state's actions"),
                              this)),
      m_deleteButton(button(tr("Delete…"), "deleteAlarmButton", tr("DeleteAlarms"), this))
{
    setObjectName(QStringLiteral("alarmsView"));
    auto *title = new QLabel(tr("<h3>Alarms</h3>"), this);
    m_hint->setObjectName(QStringLiteral("alarmsHint"));
    m_hint->setWordWrap(true);
    m_hint->setTextFormat(Qt::RichText);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RawValueRole);
    m_table->setObjectName(QStringLiteral("alarmTable"));
    m_table->setModel(m_proxy);
    tables::styleEntityTable(m_table);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(AlarmTableModel::NameColumn, Qt::AscendingOrder);
    m_table->setItemDelegateForColumn(AlarmTableModel::StateColumn, new StatusBadgeDelegate(m_table));
    QHeaderView *h = m_table->horizontalHeader();
    tables::fitColumn(h, m_model, AlarmTableModel::NameColumn, QStringLiteral("web-cpu-high-alarm"));
    tables::fitColumn(h, m_model, AlarmTableModel::StateColumn, QStringLiteral("INSUFFICIENT_DATA  "));
    tables::fitColumn(h, m_model, AlarmTableModel::ConditionColumn,
                      QStringLiteral("MemoryUtilization >= 80 for 15 datapoints within 15 minutes"));
    tables::fitColumn(h, m_model, AlarmTableModel::ChangedColumn, QStringLiteral("2026-12-06 13:50:00"));
    tables::fitColumn(h, m_model, AlarmTableModel::ActionsColumn, QStringLiteral("3 actions"));
    h->resizeSection(AlarmTableModel::ReasonColumn, 420); // elided; the tool tip and the detail have all of it
    tables::fitColumn(h, m_model, AlarmTableModel::MetricColumn,
                      QStringLiteral("AWS/ECS CPUUtilization (ClusterName=default, ServiceName=web)"));

    m_detail->setObjectName(QStringLiteral("alarmDetail"));
    m_detail->setWordWrap(true);
    m_detail->setTextFormat(Qt::RichText);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_history->setObjectName(QStringLiteral("alarmHistoryTable"));
    m_history->setColumnCount(3);
    m_history->setHorizontalHeaderLabels({tr("Time (UTC)"), tr("Type"), tr("Summary")});
    m_history->horizontalHeader()->setStretchLastSection(true);
    m_history->verticalHeader()->hide();
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_history->setWordWrap(false);

    auto *top = new QHBoxLayout;
    top->addWidget(title);
    top->addStretch();
    top->addWidget(m_glassBoxButton);
    top->addSpacing(12);
    top->addWidget(m_createButton);
    top->addWidget(m_enableButton);
    top->addWidget(m_disableButton);
    top->addWidget(m_setStateButton);
    top->addWidget(m_deleteButton);
    auto *detail = new QWidget(this);
    auto *detailLayout = new QHBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_detail, 2);
    detailLayout->addWidget(m_history, 3);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("alarmsSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_table);
    splitter->addWidget(detail);
    splitter->setSizes({300, 300});
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_hint);
    layout->addWidget(splitter, 1);

    connect(m_createButton, &QPushButton::clicked, this, &AlarmsView::createAlarm);
    connect(m_glassBoxButton, &QPushButton::clicked, this,
            [this] { this->context().navigate(GlassBoxView::kPageKey); });
    connect(m_enableButton, &QPushButton::clicked, this, &AlarmsView::enableActions);
    connect(m_disableButton, &QPushButton::clicked, this, &AlarmsView::disableActions);
    connect(m_setStateButton, &QPushButton::clicked, this, &AlarmsView::setState);
    connect(m_deleteButton, &QPushButton::clicked, this, &AlarmsView::deleteAlarm);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AlarmsView::updateSelection);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (currentName().isEmpty() && m_proxy->rowCount() > 0)
            m_table->selectRow(0);
    });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &AlarmsView::updateSelection);
    connect(m_model, &QAbstractItemModel::modelReset, this, &AlarmsView::updateSelection);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &AlarmsView::updateSelection);
    if (m_proxy->rowCount() > 0)
        m_table->selectRow(0);
    updateSelection();
}

QString AlarmsView::title() const
{
    return tr("Alarms");
}

QString AlarmsView::toolTip(const QString &) const
{
    return tr("CloudWatch metric alarms: state, condition, history; create, drill, delete");
}

void AlarmsView::showKey(const QString &)
{
    m_model->refresh();
    updateSelection();
}

bool AlarmsView::selectItem(const QString &item)
{
    m_model->refresh();
    const int row = m_model->rowOf(item);
    if (row < 0)
        return false;
    m_table->selectRow(m_proxy->mapFromSource(m_model->index(row, 0)).row());
    updateSelection();
    return true;
}

QString AlarmsView::currentName() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.front().data(KeyRole).toString();
}

void AlarmsView::setHint(const QString &text, bool error)
{
    m_hint->setText(
        error ? palette::themed(QStringLiteral("<span style='color:{{error}}'>%1</span>")).arg(text.toHtmlEscaped())
              : text);
    m_hint->setVisible(!text.isEmpty());
}

void AlarmsView::updateSelection()
{
    const QString name = currentName();
    const std::optional<alarms::MetricAlarm> alarm = m_model->rowAt(m_model->rowOf(name));
    m_enableButton->setEnabled(alarm && !alarm->definition.actionsEnabled);
    m_disableButton->setEnabled(alarm && alarm->definition.actionsEnabled);
    m_setStateButton->setEnabled(alarm.has_value());
    m_deleteButton->setEnabled(alarm.has_value());
    if (m_model->rowCount() == 0)
        setHint(tr("No alarms yet. <b>Create alarm…</b> picks a metric from the store (the services' CPU and memory "
                   "arrive once a minute) and shows the same <code>aws cloudwatch put-metric-alarm</code> command."));
    else if (!m_hint->property("error").toBool())
        setHint({});
    showDetail(alarm ? name : QString());
}

void AlarmsView::showDetail(const QString &name)
{
    const std::optional<alarms::MetricAlarm> found =
        name.isEmpty() ? std::nullopt : context().controlPlane().alarms().find(name);
    m_history->setRowCount(0);
    if (!found) {
        m_detail->setText(palette::themed(tr("<span style='color:{{hint}}'>Select an alarm to see its configuration "
                                             "and history.</span>")));
        return;
    }
    const alarms::MetricAlarm &a = *found;
    const alarms::AlarmDefinition &d = a.definition;
    QString html = QStringLiteral("<p><span style='font-size:large; font-weight:600'>%1</span>&nbsp;&nbsp;%2</p>")
                       .arg(a.name().toHtmlEscaped(), StatusBadgeDelegate::html(AlarmText::badgeKey(a.status.state),
                                                                                alarms::toString(a.status.state)));
    if (a.description)
        html += QStringLiteral("<p>%1</p>").arg(a.description->toHtmlEscaped());
    html += tr("<p><b>%1</b></p>").arg(AlarmText::condition(d).toHtmlEscaped());
    html += tr("<b>Metric</b> %1<br><b>Statistic</b> %2 per %3<br><b>Missing data</b> %4<br>")
                .arg(AlarmText::metric(d.metric).toHtmlEscaped(), d.statisticName(), AlarmText::span(d.periodSeconds),
                     alarms::toString(d.treatMissingData));
    html += tr("<b>Actions</b> %1<br>").arg(d.actionsEnabled ? tr("enabled") : tr("disabled"));
    html += actionsHtml(tr("In ALARM:"), d.alarmActions) + actionsHtml(tr("In OK:"), d.okActions) +
            actionsHtml(tr("In INSUFFICIENT_DATA:"), d.insufficientDataActions);
    html += tr("<p><b>Reason</b> %1</p>").arg(a.status.reason.toHtmlEscaped());
    m_detail->setText(html);

    m_history->setRowCount(int(a.history.size()));
    for (int i = 0; i < a.history.size(); ++i) {
        const alarms::AlarmHistoryItem &item = a.history[i];
        auto *when = new QTableWidgetItem(
            QDateTime::fromMSecsSinceEpoch(item.timestampMs, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        auto *type = new QTableWidgetItem(item.historyItemType);
        auto *summary = new QTableWidgetItem(item.historySummary);
        summary->setToolTip(item.historyData);
        m_history->setItem(i, 0, when);
        m_history->setItem(i, 1, type);
        m_history->setItem(i, 2, summary);
    }
    m_history->resizeColumnToContents(0);
    m_history->resizeColumnToContents(1);
}

void AlarmsView::createAlarm()
{
    CreateAlarmDialog dialog(context().controlPlane(), this);
    dialog.setEndpoint(context().apiEndpoint());
    QString created;
    dialog.setSubmitter([this, &created](const ops::AlarmPut &request) {
        created = request.definition.name;
        return context().controlPlane().alarms().put(request);
    });
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_hint->setProperty("error", false);
    selectItem(created);
}

void AlarmsView::enableActions()
{
    if (const QString name = currentName(); !name.isEmpty()) {
        if (fd::Status s = context().controlPlane().alarms().setActionsEnabled({name}, true); !s)
            setHint(s.error().message, true);
        m_model->refresh();
        updateSelection();
    }
}

void AlarmsView::disableActions()
{
    if (const QString name = currentName(); !name.isEmpty()) {
        if (fd::Status s = context().controlPlane().alarms().setActionsEnabled({name}, false); !s)
            setHint(s.error().message, true);
        m_model->refresh();
        updateSelection();
    }
}

void AlarmsView::setState()
{
    const std::optional<alarms::MetricAlarm> alarm = m_model->rowAt(m_model->rowOf(currentName()));
    if (!alarm)
        return;
    SetAlarmStateDialog dialog(alarm->name(), alarm->status.state, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const fd::Status s = context().controlPlane().alarms().setState(alarm->name(), dialog.state(), dialog.reason(), {});
    m_hint->setProperty("error", !s.ok());
    setHint(s ? QString() : QStringLiteral("%1: %2").arg(s.error().code, s.error().message), !s.ok());
    m_model->refresh();
    updateSelection();
}

void AlarmsView::deleteAlarm()
{
    const QString name = currentName();
    if (name.isEmpty())
        return;
    QMessageBox ask(QMessageBox::Warning, tr("Delete alarm"), tr("Delete alarm %1?").arg(name), QMessageBox::NoButton,
                    this);
    ask.setObjectName(QStringLiteral("deleteAlarmConfirm"));
    ask.setInformativeText(tr("Its history goes with it. An alarm a target tracking policy owns is made again only "
                              "when the policy is put again."));
    QPushButton *go = ask.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    go->setObjectName(QStringLiteral("confirmButton"));
    ask.addButton(QMessageBox::Cancel);
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.exec();
    if (ask.clickedButton() != go)
        return;
    if (fd::Status s = context().controlPlane().alarms().remove({name}); !s) {
        setHint(s.error().message, true);
        return;
    }
    m_model->refresh();
    updateSelection();
}

} // namespace fd::ui
