#include "EventLogView.h"

#include "ControlPlane.h"
#include "models/EventLogFilterModel.h"
#include "models/EventLogModel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

QString csvField(QString s)
{
    if (s.contains(u',') || s.contains(u'"') || s.contains(u'\n')) {
        s.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        return u'"' + s + u'"';
    }
    return s;
}

} // namespace

EventLogView::EventLogView(fd::ControlPlane &cp, QWidget *parent, int capacity)
    : QWidget(parent), m_model(new EventLogModel(cp, this, capacity > 0 ? capacity : EventLogModel::kDefaultCapacity)), m_filter(new EventLogFilterModel(this)),
      m_resourceTypeCombo(new QComboBox(this)), m_resourceEdit(new QLineEdit(this)), m_searchEdit(new QLineEdit(this)),
      m_count(new QLabel(this)), m_exportButton(new QPushButton(tr("Export…"), this)), m_table(new QTableView(this))
{
    setObjectName(QStringLiteral("eventLogView"));
    m_filter->setSourceModel(m_model);

    m_resourceTypeCombo->setObjectName(QStringLiteral("resourceTypeFilter"));
    m_resourceTypeCombo->setToolTip(tr("Show the events of one kind of resource"));
    m_resourceTypeCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_resourceEdit->setObjectName(QStringLiteral("resourceFilter"));
    m_resourceEdit->setPlaceholderText(tr("Resource…"));
    m_resourceEdit->setClearButtonEnabled(true);
    m_resourceEdit->setMaximumWidth(220);
    m_searchEdit->setObjectName(QStringLiteral("eventSearch"));
    m_searchEdit->setPlaceholderText(tr("Search events…"));
    m_searchEdit->setClearButtonEnabled(true);
    m_count->setObjectName(QStringLiteral("eventCount"));
    m_exportButton->setObjectName(QStringLiteral("exportEventsButton"));
    m_exportButton->setToolTip(tr("Save the events shown as CSV"));

    m_table->setObjectName(QStringLiteral("eventTable"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    QHeaderView *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->resizeSection(EventLogModel::TimeColumn, 160);
    header->resizeSection(EventLogModel::ResourceTypeColumn, 120);
    header->resizeSection(EventLogModel::ResourceColumn, 170);
    header->setStretchLastSection(true);

    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Show:"), this));
    filters->addWidget(m_resourceTypeCombo);
    filters->addWidget(m_resourceEdit);
    filters->addWidget(m_searchEdit, 1);
    filters->addWidget(m_count);
    filters->addWidget(m_exportButton);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);

    updateResourceTypes(m_model->resourceTypes());
    connect(m_model, &EventLogModel::resourceTypesChanged, this, &EventLogView::updateResourceTypes);
    connect(m_resourceTypeCombo, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setResourceType(m_resourceTypeCombo->currentData().toString()); });
    connect(m_resourceEdit, &QLineEdit::textChanged, m_filter, &EventLogFilterModel::setResourceText);
    connect(m_searchEdit, &QLineEdit::textChanged, m_filter, &EventLogFilterModel::setSearchText);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &EventLogView::updateCount);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &EventLogView::updateCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &EventLogView::updateCount);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &EventLogView::updateCount);
    connect(m_exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export events"), QStringLiteral("events.csv"),
                                                          tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            exportCsv(path);
    });
    updateCount();
}

void EventLogView::updateResourceTypes(const QStringList &types)
{
    const QString current = m_resourceTypeCombo->currentData().toString();
    const QSignalBlocker blocker(m_resourceTypeCombo);
    m_resourceTypeCombo->clear();
    m_resourceTypeCombo->addItem(tr("All resources"), QString());
    for (const QString &type : types)
        m_resourceTypeCombo->addItem(type, type);
    const int index = m_resourceTypeCombo->findData(current);
    m_resourceTypeCombo->setCurrentIndex(index < 0 ? 0 : index);
}

void EventLogView::showResource(const QString &resourceType, const QString &resource)
{
    const int index = m_resourceTypeCombo->findData(resourceType);
    m_resourceTypeCombo->setCurrentIndex(index < 0 ? 0 : index);
    m_resourceEdit->setText(resource);
}

void EventLogView::updateCount()
{
    const int shown = m_filter->rowCount();
    const int all = m_model->rowCount();
    m_count->setText(shown == all ? tr("%n event(s)", nullptr, all) : tr("%1 of %n event(s)", nullptr, all).arg(shown));
}

bool EventLogView::exportCsv(const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        QMessageBox::warning(this, tr("Export events"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    QByteArray out = "time,resourceType,resource,message\n";
    for (int row = 0; row < m_filter->rowCount(); ++row) {
        const fd::Event &e = m_model->eventAt(m_filter->mapToSource(m_filter->index(row, 0)).row());
        out += csvField(e.at.toString(Qt::ISODateWithMs)).toUtf8() + ',' + csvField(e.resourceType).toUtf8() + ',' +
               csvField(e.resource).toUtf8() + ',' + csvField(e.message).toUtf8() + '\n';
    }
    file.write(out);
    if (!file.commit()) {
        QMessageBox::warning(this, tr("Export events"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

} // namespace fd::ui
