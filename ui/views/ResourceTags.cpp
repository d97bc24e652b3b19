#include "ResourceTags.h"

#include "ControlPlane.h"
#include "tags/TagRegistry.h"
#include "tags/Tagging.h"
#include "widgets/TagsEditor.h"

#include <QTabWidget>

namespace fd::ui {

ResourceTags::ResourceTags(fd::ControlPlane &cp, TagsEditor *editor, QString kind, Changes changes, QObject *parent)
    : QObject(parent), m_cp(cp), m_editor(editor), m_kind(std::move(kind))
{
    m_editor->setCallbacks(
        [this](const fd::tags::TagList &tags) -> fd::Status {
            if (m_arn.isEmpty())
                return fd::makeError(QStringLiteral("InvalidParameterException"), tr("No resource is selected."));
            return fd::tags::tagResource(m_cp, m_arn, tags);
        },
        [this](const QStringList &keys) -> fd::Status {
            if (m_arn.isEmpty())
                return fd::makeError(QStringLiteral("InvalidParameterException"), tr("No resource is selected."));
            return fd::tags::untagResource(m_cp, m_arn, keys);
        });
    ChangeFeed::watch(m_cp, changes, this, [this] { refresh(); });
    connect(m_editor, &TagsEditor::countChanged, this, &ResourceTags::updateTab);
}

void ResourceTags::setTab(QTabWidget *tabs, QWidget *page)
{
    m_tabs = tabs;
    m_page = page;
    updateTab();
}

void ResourceTags::show(const QString &key, const QString &arn)
{
    m_key = key;
    m_arn = key.isEmpty() ? QString() : arn;
    refresh();
}

void ResourceTags::refresh()
{
    if (m_key.isEmpty())
        m_editor->clear();
    else
        m_editor->setTags(m_kind + QLatin1Char('/') + m_key, m_cp.tagRegistry().tags(m_kind, m_key));
    updateTab();
}

void ResourceTags::updateTab()
{
    if (!m_tabs || !m_page)
        return;
    const int index = m_tabs->indexOf(m_page);
    if (index < 0)
        return;
    const int count = m_key.isEmpty() ? 0 : fd::tags::userTagCount(m_editor->tags());
    m_tabs->setTabText(index, count > 0 ? tr("Tags (%1)").arg(count) : tr("Tags"));
}

} // namespace fd::ui
