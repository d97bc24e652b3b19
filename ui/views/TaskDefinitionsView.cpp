#include "TaskDefinitionsView.h"

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "ops/TaskDefinitions.h"
#include "PageKeys.h"
#include "json/TaskDefinitionJson.h"
#include "model/Arn.h"
#include "models/ItemRoles.h"
#include "models/TaskDefinitionFamilyModel.h"
#include "models/TaskDefinitionRevisionModel.h"
#include "state/Kinds.h"
#include "views/ResourceTags.h"
#include "widgets/JsonHighlighter.h"
#include "widgets/TagsEditor.h"
#include "wizards/RegisterTaskDefinitionDialog.h"

#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

QTableView *entityTable(const QString &objectName, QAbstractItemModel *model, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setObjectName(objectName);
    table->setModel(model);
    table->setSortingEnabled(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->setVisible(false);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

} // namespace

TaskDefinitionsView::TaskDefinitionsView(ConsoleContext &context, QWidget *parent)
    : Page(context, parent), m_cp(context.controlPlane()), m_familyModel(new TaskDefinitionFamilyModel(m_cp, this)),
      m_familyProxy(new QSortFilterProxyModel(this)), m_revisionModel(new TaskDefinitionRevisionModel(m_cp, this)),
      m_revisionProxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("taskDefinitionsView"));

    m_familyProxy->setSourceModel(m_familyModel);
    m_familyProxy->setSortRole(RawValueRole);
    m_familyProxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_revisionProxy->setSourceModel(m_revisionModel);
    m_revisionProxy->setSortRole(RawValueRole);

    m_familyList = entityTable(QStringLiteral("familyList"), m_familyProxy, this);
    m_familyList->sortByColumn(TaskDefinitionFamilyModel::FamilyColumn, Qt::AscendingOrder);
    m_familyList->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_familyList->horizontalHeader()->setSectionResizeMode(TaskDefinitionFamilyModel::FamilyColumn,
                                                           QHeaderView::Stretch);
    m_familyList->horizontalHeader()->setStretchLastSection(false);
    m_familyList->setMinimumWidth(220);

    m_revisionTable = entityTable(QStringLiteral("revisionTable"), m_revisionProxy, this);
    m_revisionTable->sortByColumn(TaskDefinitionRevisionModel::RevisionColumn, Qt::DescendingOrder);
    QHeaderView *header = m_revisionTable->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(TaskDefinitionRevisionModel::MemoryColumn, QHeaderView::Stretch);
    header->setStretchLastSection(false);

    m_json = new QPlainTextEdit(this);
    m_json->setObjectName(QStringLiteral("taskDefinitionJson"));
    m_json->setReadOnly(true);
    m_json->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_json->setPlaceholderText(tr("Select a revision to see its JSON, as describe-task-definition prints it."));
    new JsonHighlighter(m_json->document());
    m_tagsEditor = new TagsEditor(this);
    m_tagsEditor->setObjectName(QStringLiteral("taskDefinitionTagsTab"));
    m_tags = new ResourceTags(m_cp, m_tagsEditor, fd::state::kTaskDefinitionKind, Change::TaskDefinitions, this);
    m_detailTabs = new QTabWidget(this);
    m_detailTabs->setObjectName(QStringLiteral("taskDefinitionTabs"));
    m_detailTabs->setDocumentMode(true);
    m_detailTabs->addTab(m_json, tr("JSON"));
    m_detailTabs->addTab(m_tagsEditor, tr("Tags"));
    m_tags->setTab(m_detailTabs, m_tagsEditor);

    m_registerNewButton = new QPushButton(tr("Register new…"), this);
    m_registerNewButton->setObjectName(QStringLiteral("registerNewButton"));
    m_createRevisionButton = new QPushButton(tr("Create new revision"), this);
    m_createRevisionButton->setObjectName(QStringLiteral("createRevisionButton"));
    m_createRevisionButton->setToolTip(tr("Open the register wizard prefilled from the selected revision"));
    m_deregisterButton = new QPushButton(tr("Deregister"), this);
    m_deregisterButton->setObjectName(QStringLiteral("deregisterButton"));
    m_deregisterButton->setToolTip(tr("Mark the selected revision INACTIVE: running tasks keep running, "
                                      "new tasks and services cannot use it"));
    m_exportButton = new QPushButton(tr("Export…"), this);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportButton->setToolTip(tr("Save the JSON of the selected revision to a file"));

    auto *title = new QLabel(tr("<h2>Task definitions</h2>"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(title);
    buttons->addStretch();
    buttons->addWidget(m_registerNewButton);
    buttons->addWidget(m_createRevisionButton);
    buttons->addWidget(m_deregisterButton);
    buttons->addWidget(m_exportButton);

    m_revisionTitle = new QLabel(this);
    m_revisionTitle->setObjectName(QStringLiteral("revisionTitle"));

    auto *right = new QSplitter(Qt::Vertical, this);
    right->setObjectName(QStringLiteral("revisionSplitter"));
    auto *revisionsPane = new QWidget(right);
    auto *revisionsLayout = new QVBoxLayout(revisionsPane);
    revisionsLayout->setContentsMargins(0, 0, 0, 0);
    revisionsLayout->addWidget(m_revisionTitle);
    revisionsLayout->addWidget(m_revisionTable);
    right->addWidget(revisionsPane);
    right->addWidget(m_detailTabs);
    right->setStretchFactor(0, 1);
    right->setStretchFactor(1, 2);

    auto *main = new QSplitter(Qt::Horizontal, this);
    main->setObjectName(QStringLiteral("taskDefinitionsSplitter"));
    main->addWidget(m_familyList);
    main->addWidget(right);
    main->setStretchFactor(0, 1);
    main->setStretchFactor(1, 3);
    main->setSizes({300, 780});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(main, 1);

    connect(m_registerNewButton, &QPushButton::clicked, this, &TaskDefinitionsView::registerNew);
    connect(m_createRevisionButton, &QPushButton::clicked, this, &TaskDefinitionsView::createNewRevision);
    connect(m_deregisterButton, &QPushButton::clicked, this, &TaskDefinitionsView::deregisterSelected);
    connect(m_exportButton, &QPushButton::clicked, this, &TaskDefinitionsView::exportSelectedWithDialog);
    connect(m_familyList->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TaskDefinitionsView::onFamilySelectionChanged);
    connect(m_revisionTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TaskDefinitionsView::onRevisionSelectionChanged);
    // A revision's status changes (deregistered) without its selection changing.
    connect(m_revisionModel, &QAbstractItemModel::dataChanged, this, &TaskDefinitionsView::onRevisionSelectionChanged);
    connect(m_revisionModel, &QAbstractItemModel::rowsRemoved, this, &TaskDefinitionsView::onRevisionSelectionChanged);

    if (m_familyProxy->rowCount() > 0)
        m_familyList->selectRow(0);
    onFamilySelectionChanged();
    connect(this, &TaskDefinitionsView::revisionSelected, this, &Page::keySelected);
}

QString TaskDefinitionsView::selectedFamily() const
{
    const QModelIndexList rows = m_familyList->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.front().data(KeyRole).toString();
}

std::optional<fd::TaskDefinition> TaskDefinitionsView::selectedRevision() const
{
    const QModelIndexList rows = m_revisionTable->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return m_revisionModel->revisionAt(m_revisionProxy->mapToSource(rows.front()).row());
}

void TaskDefinitionsView::selectFamily(const QString &family)
{
    m_familyModel->refresh();
    const int row = m_familyModel->rowOf(family);
    if (row < 0)
        return;
    const QModelIndex index = m_familyProxy->mapFromSource(m_familyModel->index(row, 0));
    if (selectedFamily() != family)
        m_familyList->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                                   QItemSelectionModel::Rows);
    m_familyList->scrollTo(index);
}

bool TaskDefinitionsView::selectRevision(const QString &family, int revision)
{
    selectFamily(family);
    if (selectedFamily() != family)
        return false;
    m_revisionModel->refresh();
    const int row = m_revisionModel->rowOf(revision);
    if (row < 0)
        return false;
    const QModelIndex index = m_revisionProxy->mapFromSource(m_revisionModel->index(row, 0));
    m_revisionTable->selectionModel()->setCurrentIndex(index,
                                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_revisionTable->scrollTo(index);
    return true;
}

void TaskDefinitionsView::onFamilySelectionChanged()
{
    const QString family = selectedFamily();
    if (family != m_revisionModel->family()) {
        m_revisionModel->setFamily(family);
        // Show the newest revision of a family just picked.
        if (m_revisionProxy->rowCount() > 0) {
            const int latest = m_revisionModel->rows().isEmpty() ? 0 : m_revisionModel->rows().back().revision;
            const QModelIndex index =
                m_revisionProxy->mapFromSource(m_revisionModel->index(m_revisionModel->rowOf(latest), 0));
            m_revisionTable->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                                          QItemSelectionModel::Rows);
        }
    }
    m_revisionTitle->setText(family.isEmpty() ? tr("<b>Revisions</b>")
                                              : tr("<b>Revisions of %1</b>").arg(family.toHtmlEscaped()));
    onRevisionSelectionChanged();
}

void TaskDefinitionsView::onRevisionSelectionChanged()
{
    const std::optional<fd::TaskDefinition> td = selectedRevision();
    m_createRevisionButton->setEnabled(td.has_value());
    m_deregisterButton->setEnabled(td && td->status == fd::TaskDefinitionStatus::Active);
    m_exportButton->setEnabled(td.has_value());
    const QString json = td ? QString::fromUtf8(fd::json::exportJson(*td, m_cp.defaultRegion())) : QString();
    if (m_json->toPlainText() != json)
        m_json->setPlainText(json);
    m_tags->show(td ? td->familyRevision() : QString(),
                 td ? fd::arn::taskDefinition(m_cp.defaultRegion(), td->family(), td->revision) : QString());
    if (td)
        emit revisionSelected(td->familyRevision());
}

void TaskDefinitionsView::registerNew()
{
    RegisterTaskDefinitionDialog dialog(this);
    runRegisterDialog(dialog);
}

void TaskDefinitionsView::createNewRevision()
{
    const std::optional<fd::TaskDefinition> td = selectedRevision();
    if (!td)
        return;
    RegisterTaskDefinitionDialog dialog(this);
    dialog.setWindowTitle(tr("Create new revision of %1").arg(td->family()));
    dialog.setSpec(td->spec);
    runRegisterDialog(dialog);
}

void TaskDefinitionsView::registerFromJson(const QByteArray &json)
{
    RegisterTaskDefinitionDialog dialog(this);
    dialog.setJson(json);
    runRegisterDialog(dialog);
}

void TaskDefinitionsView::runRegisterDialog(RegisterTaskDefinitionDialog &dialog)
{
    // The wizard only builds the spec; registering is ours. On refusal the wizard comes back
    // with everything still filled in.
    while (dialog.exec() == QDialog::Accepted) {
        const Result<fd::TaskDefinition> registered = m_cp.taskDefinitions().registerNew(dialog.spec());
        if (registered) {
            selectRevision(registered->family(), registered->revision);
            return;
        }
        QMessageBox error(QMessageBox::Warning, tr("Register task definition"),
                          tr("The task definition was not registered."), QMessageBox::Ok, this);
        error.setObjectName(QStringLiteral("registerError"));
        error.setInformativeText(registered.error().message);
        error.exec();
    }
}

void TaskDefinitionsView::deregisterSelected()
{
    const std::optional<fd::TaskDefinition> td = selectedRevision();
    if (!td || td->status != fd::TaskDefinitionStatus::Active)
        return;
    QMessageBox confirm(QMessageBox::Question, tr("Deregister task definition"),
                        tr("Deregister %1?").arg(td->familyRevision()), QMessageBox::Cancel, this);
    confirm.setObjectName(QStringLiteral("confirmDeregister"));
    confirm.setInformativeText(tr("The revision becomes INACTIVE. Tasks already running keep running; "
                                  "new tasks and services cannot use it."));
    QPushButton *deregister = confirm.addButton(tr("Deregister"), QMessageBox::DestructiveRole);
    deregister->setObjectName(QStringLiteral("confirmButton"));
    confirm.setDefaultButton(QMessageBox::Cancel);
    confirm.exec();
    if (confirm.clickedButton() != deregister)
        return;

    const Result<fd::TaskDefinition> result = m_cp.taskDefinitions().deregister(td->familyRevision());
    if (!result) {
        QMessageBox::warning(this, tr("Deregister task definition"), result.error().message);
        return;
    }
    m_familyModel->refresh();
    m_revisionModel->refresh();
    onRevisionSelectionChanged();
}

bool TaskDefinitionsView::exportSelected(const QString &path)
{
    const std::optional<fd::TaskDefinition> td = selectedRevision();
    if (!td)
        return false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(fd::json::exportJson(*td, m_cp.defaultRegion())) < 0 ||
        !file.commit()) {
        QMessageBox::warning(this, tr("Export task definition"),
                             tr("Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

void TaskDefinitionsView::exportSelectedWithDialog()
{
    const std::optional<fd::TaskDefinition> td = selectedRevision();
    if (!td)
        return;
    const QString suggested = td->family() + u'-' + QString::number(td->revision) + QStringLiteral(".json");
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export task definition"), suggested, tr("JSON files (*.json)"));
    if (!path.isEmpty())
        exportSelected(path);
}

QString TaskDefinitionsView::pageKey() const
{
    return pages::TaskDefinitions;
}

QString TaskDefinitionsView::title() const
{
    return tr("Task definitions");
}

QString TaskDefinitionsView::toolTip(const QString &key) const
{
    Q_UNUSED(key)
    return {};
}

void TaskDefinitionsView::showKey(const QString &key)
{
    if (key.isEmpty())
        return;
    const int colon = int(key.lastIndexOf(u':'));
    if (colon > 0)
        selectRevision(key.left(colon), key.mid(colon + 1).toInt());
    else
        selectFamily(key);
}

bool TaskDefinitionsView::selectItem(const QString &item)
{
    showKey(item);
    return !item.isEmpty();
}

} // namespace fd::ui
