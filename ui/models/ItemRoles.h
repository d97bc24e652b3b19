#pragma once

#include <Qt>

namespace fd::ui {

// Custom roles shared by every entity model. Qt::DisplayRole is the formatted text; these expose
// what the text was made from, so proxies sort numbers and dates as numbers and dates.
enum ItemRole {
    RawValueRole = Qt::UserRole + 1, ///< the unformatted value (int, QDateTime, QString) used for sorting
    StatusRole,                      ///< the status string (ACTIVE, INACTIVE, ...) for delegates and styling
    KeyRole,                         ///< the row's identity (cluster name, "family:revision", event id)
};

} // namespace fd::ui
