#pragma once

#include <QString>

/// The keys of the console's built-in pages: what the navigation, ConsoleContext::navigate() and
/// MainWindow::show() name them by. A new page defines its key in its own header; list it here
/// only when other code links to it.
namespace fd::ui::pages {

inline const QString Clusters = QStringLiteral("clusters");                ///< key: a cluster to select
inline const QString TaskDefinitions = QStringLiteral("task-definitions"); ///< key: a family or "family:revision"
inline const QString Engines = QStringLiteral("engines");                  ///< item: an engine id
inline const QString Containers = QStringLiteral("containers");            ///< item: a container id
inline const QString Images = QStringLiteral("images");
inline const QString Logs = QStringLiteral("logs");                   ///< item: LogsView::itemKey(engine, container)
inline const QString Instances = QStringLiteral("cluster-instances"); ///< key: the cluster; item: an instance id
inline const QString Services = QStringLiteral("cluster-services");   ///< key: the cluster; item: a service name
inline const QString Tasks = QStringLiteral("cluster-tasks");         ///< key: the cluster; item: a task id
inline const QString Fleet = QStringLiteral("cluster-fleet");         ///< key: the cluster; item: a task id
inline const QString Traffic = QStringLiteral("traffic");             ///< item: a URL to send to

} // namespace fd::ui::pages
