#pragma once

#include "ChangeFeed.h"

#include <QObject>
#include <QPointer>
#include <QString>

class QTabWidget;

namespace fd {
class ControlPlane;
}

namespace fd::ui {

class TagsEditor;

/**
 * A page's side of a TagsEditor: which resource the editor shows, its tags from the control plane's
 * TagRegistry (kept live through the ChangeFeed), and the editor's changes submitted as TagResource /
 * UntagResource on the resource's ARN. Optionally keeps a tab titled "Tags (N)".
 */
class ResourceTags final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResourceTags)

public:
    /// `kind` is the TagRegistry kind (core/state/Kinds.h); `changes` what a tag change of it announces.
    ResourceTags(fd::ControlPlane &cp, TagsEditor *editor, QString kind, Changes changes, QObject *parent);

    /// Keeps the title of `page` in `tabs` as "Tags (N)" (N the user tags).
    void setTab(QTabWidget *tabs, QWidget *page);
    /// Shows resource `key` (ARN `arn`); an empty key shows none.
    void show(const QString &key, const QString &arn);
    /// Reads the shown resource's tags again.
    void refresh();

private:
    void updateTab();

    fd::ControlPlane &m_cp;
    TagsEditor *m_editor;
    QString m_kind;
    QString m_key;
    QString m_arn;
    QPointer<QTabWidget> m_tabs;
    QPointer<QWidget> m_page;
};

} // namespace fd::ui
