#pragma once

#include <QDateTime>
#include <QString>

namespace fd {

// One line of the journal: what happened to which resource, when (by the control plane's clock).
struct Event
{
    qint64 id = 0;
    QDateTime at;
    QString resourceType; // "cluster", "task-definition", ...
    QString resource;     // "default", "web:3", ...
    QString message;
};

} // namespace fd
