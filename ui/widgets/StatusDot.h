#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

namespace fd::ui {

/**
 * The console's connection indicator: a filled green dot for connected, red for not. Used as the
 * decoration of table cells (agent connected, engine connected) and in the status bar, so the
 * same state always looks the same. The text next to it still says it ("Connected") for readers
 * who cannot tell the colours apart.
 */
class StatusDot final
{
public:
    StatusDot() = delete;

    static QColor colour(bool ok);
    /// A dot icon sized for table rows (cached; cheap to call from data()).
    static QIcon icon(bool ok);
    /// "<span style='color:#2e7d32'>●</span>" for rich-text labels.
    static QString html(bool ok);
};

} // namespace fd::ui
