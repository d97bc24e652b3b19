#include "Page.h"

namespace fd::ui {

Page::Page(ConsoleContext &context, QWidget *parent) : QWidget(parent), m_context(context)
{}

Page::~Page() = default;

QString Page::toolTip(const QString &key) const
{
    Q_UNUSED(key)
    return {};
}

bool Page::selectItem(const QString &item)
{
    Q_UNUSED(item)
    return false;
}

} // namespace fd::ui
