#include "EnginesView.h"

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "ops/Engines.h"
#include "Formatter.h"
#include "PageKeys.h"
#include "controllers/EngineMonitor.h"
#include "models/EngineTableModel.h"
#include "models/ItemRoles.h"
#include "widgets/StatusDot.h"
#include "wizards/AddEngineDialog.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace fd::ui {

EnginesView::EnginesView(ConsoleContext &context, QWidget *parent)
    : Page(context, parent), m_cp(context.controlPlane()), m_model(new EngineTableModel(m_cp, this)),
      m_proxy(new QSortFilterProxyModel(this)), m_table(new QTableView(this)),
      m_addButton(new QPushButton(tr("Add engine…"), this)), m_checkNowButton(new QPushButton(tr("Check now"), this)),
      m_details(new QLabel(this))
{
    setObjectName(QStringLiteral("enginesView"));

    auto *title = new QLabel(tr("<h2>Engines</h2>"), this);
    auto *intro = new QLabel(tr("Where container instances run their containers. The agent of every instance "
                                "follows its engine's connection: when an engine stops answering, its instances "
                                "show the agent disconnected and get no new tasks."),
                             this);
    intro->setObjectName(QStringLiteral("enginesIntro"));
    intro->setWordWrap(true);
    m_addButton->setObjectName(QStringLiteral("addEngineButton"));
    m_addButton->setToolTip(tr("Add a Docker engine (socket or TCP endpoint) or a simulated one"));
    m_checkNowButton->setObjectName(QStringLiteral("checkEnginesButton"));
    m_checkNowButton->setToolTip(tr("Probe every Docker engine now instead of at the next interval"));

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RawValueRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);

    m_table->setObjectName(QStringLiteral("engineTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(EngineTableModel::NameColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    QHeaderView *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    // A handful of rows: fitting to contents is cheap here. The error takes what is left.
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(EngineTableModel::LastErrorColumn, QHeaderView::Stretch);
    header->setStretchLastSection(false);

    auto *detailsGroup = new QGroupBox(tr("Engine details"), this);
    detailsGroup->setObjectName(QStringLiteral("engineDetailsGroup"));
    m_details->setObjectName(QStringLiteral("engineDetails"));
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setWordWrap(true);
    auto *detailsLayout = new QVBoxLayout(detailsGroup);
    detailsLayout->addWidget(m_details);

    auto *top = new QHBoxLayout;
    top->addWidget(title);
    top->addStretch();
    top->addWidget(m_checkNowButton);
    top->addWidget(m_addButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(intro);
    layout->addWidget(m_table, 3);
    layout->addWidget(detailsGroup, 1);

    connect(m_addButton, &QPushButton::clicked, this, &EnginesView::addEngine);
    connect(m_checkNowButton, &QPushButton::clicked, this, [this] {
        if (m_monitor)
            m_monitor->probeNow();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &EnginesView::updateDetails);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &EnginesView::updateDetails);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &EnginesView::updateDetails);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &EnginesView::updateDetails);
    setEngineMonitor(nullptr);
    updateDetails();
    setEngineMonitor(context.engineMonitor());
    connect(&context, &ConsoleContext::engineMonitorChanged, this, &EnginesView::setEngineMonitor);
}

void EnginesView::setEngineMonitor(fd::EngineMonitor *monitor)
{
    m_monitor = monitor;
    m_checkNowButton->setEnabled(monitor != nullptr);
}

void EnginesView::selectEngine(const QString &id)
{
    m_model->refresh();
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

QString EnginesView::selectedEngine() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.front().data(KeyRole).toString();
}

std::optional<fd::Engine> EnginesView::addEngineInteractively(fd::ControlPlane &cp, QWidget *parent)
{
    AddEngineDialog dialog(parent);
    std::optional<fd::Engine> added;
    dialog.setSubmitter([&](const AddEngineDialog::Spec &spec) -> std::optional<fd::Error> {
        if (cp.engines().find(spec.id))
            return fd::makeError(QStringLiteral("InvalidParameterException"),
                                 tr("engine: %1 already exists; choose another name").arg(spec.id),
                                 QStringLiteral("engine"));
        const Result<fd::Engine> r = cp.engines().add(spec.id, spec.kind, spec.endpoint);
        if (!r)
            return r.error();
        added = r.value();
        return std::nullopt;
    });
    dialog.exec();
    return added;
}

void EnginesView::addEngine()
{
    if (const std::optional<fd::Engine> added = addEngineInteractively(m_cp, this))
        selectEngine(added->id);
}

void EnginesView::updateDetails()
{
    const QString id = selectedEngine();
    const std::optional<fd::Engine> e = m_model->engineAt(m_model->rowOf(id));
    if (!e) {
        m_details->setText(m_model->rowCount() == 0
                               ? tr("No engine yet. <b>Add engine…</b> adds the local Docker engine "
                                    "(unix:///var/run/docker.sock), one reached over TCP, or a simulated one.")
                               : tr("Select an engine to see its details."));
        return;
    }
    const auto row = [](const QString &label, const QString &value) {
        return QStringLiteral("<tr><td style='padding-right:16px'><b>%1</b></td><td>%2</td></tr>").arg(label, value);
    };
    const QModelIndex count = m_model->index(m_model->rowOf(id), EngineTableModel::InstancesColumn);
    QString html = QStringLiteral("<table>");
    html += row(tr("Engine"), e->id.toHtmlEscaped());
    html += row(tr("Kind"), e->kind == fd::Engine::Kind::Simulated ? tr("simulated (in process)") : tr("Docker"));
    if (e->kind == fd::Engine::Kind::Docker)
        html += row(tr("Endpoint"), e->endpoint.toHtmlEscaped());
    html += row(tr("Connection"), QStringLiteral("%1 %2").arg(StatusDot::html(e->connected),
                                                              e->connected ? tr("connected") : tr("disconnected")));
    if (!e->version.isEmpty())
        html += row(tr("Version"), e->version.toHtmlEscaped());
    html += row(tr("Since"), m_model->index(m_model->rowOf(id), EngineTableModel::SinceColumn).data().toString());
    if (!e->lastError.isEmpty())
        html += row(tr("Last error"), e->lastError.toHtmlEscaped());
    html += row(tr("Container instances"), count.data().toString());
    html += row(tr("Added"), Formatter::dateTime(e->addedAt));
    html += QStringLiteral("</table>");
    m_details->setText(html);
}

QString EnginesView::pageKey() const
{
    return pages::Engines;
}

QString EnginesView::title() const
{
    return tr("Engines");
}

QString EnginesView::toolTip(const QString &key) const
{
    Q_UNUSED(key)
    return tr("Where container instances run: Docker engines and the simulated runtime");
}

void EnginesView::showKey(const QString &key)
{
    Q_UNUSED(key)
}

bool EnginesView::selectItem(const QString &item)
{
    selectEngine(item);
    return selectedEngine() == item;
}

} // namespace fd::ui
