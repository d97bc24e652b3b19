#pragma once

#include "Page.h"
#include "model/TaskDefinition.h"

#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace fd {
class ControlPlane;
}

namespace fd::ui {

class RegisterTaskDefinitionDialog;
class ResourceTags;
class TagsEditor;
class TaskDefinitionFamilyModel;
class TaskDefinitionRevisionModel;

/**
 * Families, the revisions of the selected family, and the selected revision's JSON; actions
 * Register new…, Create new revision, Deregister and Export…. The register wizard yields a spec
 * that this view submits to the ControlPlane.
 */
class TaskDefinitionsView final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskDefinitionsView)

public:
    explicit TaskDefinitionsView(ConsoleContext &context, QWidget *parent = nullptr);

    QString pageKey() const override;
    QString title() const override;
    QString toolTip(const QString &key) const override;
    void showKey(const QString &key) override;
    bool selectItem(const QString &item) override;

    void selectFamily(const QString &family);
    /// Selects "family:revision"; false when there is no such revision.
    bool selectRevision(const QString &family, int revision);
    QString selectedFamily() const;
    std::optional<fd::TaskDefinition> selectedRevision() const;

    /// Writes exportJson of the selected revision to `path`; false (and a message) on failure.
    bool exportSelected(const QString &path);

public slots:
    /// The wizard, empty.
    void registerNew();
    /// The wizard, prefilled from the selected revision.
    void createNewRevision();
    /// The wizard with `json` on its JSON side (File ▸ Import task definition…).
    void registerFromJson(const QByteArray &json);
    void deregisterSelected();
    void exportSelectedWithDialog();

signals:
    void revisionSelected(const QString &familyRevision);

private:
    void runRegisterDialog(RegisterTaskDefinitionDialog &dialog);
    void onFamilySelectionChanged();
    void onRevisionSelectionChanged();

    fd::ControlPlane &m_cp;
    TaskDefinitionFamilyModel *m_familyModel;
    QSortFilterProxyModel *m_familyProxy;
    TaskDefinitionRevisionModel *m_revisionModel;
    QSortFilterProxyModel *m_revisionProxy;
    QTableView *m_familyList;
    QTableView *m_revisionTable;
    QPlainTextEdit *m_json;
    QTabWidget *m_detailTabs;
    TagsEditor *m_tagsEditor;
    ResourceTags *m_tags;
    QLabel *m_revisionTitle;
    QPushButton *m_registerNewButton;
    QPushButton *m_createRevisionButton;
    QPushButton *m_deregisterButton;
    QPushButton *m_exportButton;
};

} // namespace fd::ui
