#include "docker/DockerClient.h"

namespace fd::docker {

EventSubscription::EventSubscription(QObject *parent) : QObject(parent)
{}
EventSubscription::~EventSubscription() = default;

StatsStream::StatsStream(QObject *parent) : QObject(parent)
{}
StatsStream::~StatsStream() = default;

LogStream::LogStream(QObject *parent) : QObject(parent)
{}
LogStream::~LogStream() = default;

DockerClient::DockerClient(QObject *parent) : QObject(parent)
{}
DockerClient::~DockerClient() = default;

} // namespace fd::docker
