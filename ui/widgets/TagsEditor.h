#pragma once

#include "Result.h"
#include "tags/Tag.h"

#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QTableWidgetItem;

namespace fd::ui {

/**
 * The tags of one resource: a key/value table, "Add tag…" (an inline key and value row), Remove,
 * and values edited in place. aws: tags (ECS's managed tags) are listed greyed and marked as managed;
 * they cannot be edited or removed. The widget never calls the control plane: each change goes to the
 * page's callbacks (setCallbacks), and when one is refused its message shows under the table while
 * what the user typed stays where it was typed.
 *
 * Object names: tagsTable, tagsAddButton, tagsRemoveButton, tagsKeyEdit, tagsValueEdit,
 * tagsSaveButton, tagsCancelButton, tagsError.
 */
class TagsEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TagsEditor)

public:
    /// Adds or overwrites the given tags (TagResource); an error is shown as it comes.
    using TagFn = std::function<fd::Status(const fd::tags::TagList &tags)>;
    /// Removes the given keys (UntagResource).
    using UntagFn = std::function<fd::Status(const QStringList &keys)>;

    enum Column {
        KeyColumn,
        ValueColumn,
        ColumnCount,
    };

    explicit TagsEditor(QWidget *parent = nullptr);

    void setCallbacks(TagFn tag, UntagFn untag);
    /// Shows the resource's current tags. `resource` identifies it: a different resource clears
    /// the pending input and the error, the same one keeps them (a live refresh).
    void setTags(const QString &resource, const fd::tags::TagList &tags);
    /// No resource: an empty, disabled editor.
    void clear();

    fd::tags::TagList tags() const { return m_tags; }
    /// The error shown, empty when none.
    QString errorText() const;

signals:
    /// The number of user tags changed (pages put it in a tab's title).
    void countChanged(int userTags);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void rebuild();
    void fitKeyColumn();
    void rebuildWhenIdle();
    void beginAdd();
    void endAdd();
    void submitAdd();
    void removeSelected();
    void valueEdited(QTableWidgetItem *item);
    void showError(const QString &message);
    void updateButtons();
    bool isEditing() const;
    QStringList selectedUserKeys(bool *anyManaged = nullptr) const;

    TagFn m_tag;
    UntagFn m_untag;
    QString m_resource;
    fd::tags::TagList m_tags;
    // A value edit the callback refused: key and what was typed, shown in place of the stored value.
    std::optional<fd::tags::Tag> m_refusedValue;
    bool m_rebuilding = false;
    bool m_inCallback = false;
    bool m_rebuildPending = false;

    QTableWidget *m_table;
    QPushButton *m_addButton;
    QPushButton *m_removeButton;
    QWidget *m_addRow;
    QLineEdit *m_keyEdit;
    QLineEdit *m_valueEdit;
    QPushButton *m_saveButton;
    QPushButton *m_cancelButton;
    QLabel *m_managedNote;
    QLabel *m_error;
};

} // namespace fd::ui
