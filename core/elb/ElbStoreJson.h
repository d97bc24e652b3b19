#pragma once

#include "Listener.h"
#include "ListenerRule.h"
#include "LoadBalancer.h"
#include "Result.h"
#include "Target.h"
#include "TargetGroup.h"

#include <QByteArray>

// The store form of the load-balancing kinds: one compact JSON document each in the documents
// table. Reading is strict about the document being JSON and tolerant about missing members (they
// take the type's defaults), so documents written by an older Fleetdeck still load.
namespace fd::elb::store {

QByteArray toDocument(const LoadBalancer &lb);
QByteArray toDocument(const TargetGroup &tg);
QByteArray toDocument(const Listener &l);
QByteArray toDocument(const ListenerRule &r);
QByteArray toDocument(const Target &t);

Result<LoadBalancer> loadBalancerFrom(const QByteArray &document);
Result<TargetGroup> targetGroupFrom(const QByteArray &document);
Result<Listener> listenerFrom(const QByteArray &document);
Result<ListenerRule> ruleFrom(const QByteArray &document);
Result<Target> targetFrom(const QByteArray &document);

} // namespace fd::elb::store
