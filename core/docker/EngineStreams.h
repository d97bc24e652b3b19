#pragma once

// Private to DockerEngineClient: the long-lived streams over connections of their own, outside the
// client's connection bound. Stats of one container (one JSON frame per line), the log output of
// one container as it comes (frame headers split off unless the container has a TTY), and the
// engine's events with reconnection, back-off, replay from the last event seen and de-duplication.

#include "docker/DockerClient.h"

#include <QString>

#include <memory>

namespace fd::docker {

class DockerEngineClient;

namespace engine {

std::unique_ptr<StatsStream> openStatsStream(DockerEngineClient *client, const QString &id);
std::unique_ptr<LogStream> openLogStream(DockerEngineClient *client, const QString &id, const LogOptions &options);
std::unique_ptr<EventSubscription> openEventSubscription(DockerEngineClient *client,
                                                         const EventSubscription::Options &options);

} // namespace engine

} // namespace fd::docker
