#pragma once

#include <QString>

// The names of the resource kinds in change sets, the journal and the documents table. They are also
// the resourceType of journal events. A new kind adds its name here (or keeps it in its own domain);
// nothing else needs to know it.
namespace fd::state {

inline const QString kClusterKind = QStringLiteral("cluster");
inline const QString kTaskDefinitionKind = QStringLiteral("task-definition");
// DeleteTaskDefinitions: when a revision's deletion was asked for (id "family:revision"), and the last
// revision number a family has used (id: the family), so a deleted revision's number is never reused.
inline const QString kTaskDefinitionDeletionKind = QStringLiteral("task-definition-deletion");
inline const QString kTaskDefinitionFamilyKind = QStringLiteral("task-definition-family");
inline const QString kEngineKind = QStringLiteral("engine");
inline const QString kInstanceKind = QStringLiteral("container-instance");
inline const QString kUnmatchedKind = QStringLiteral("unmatched-container");
inline const QString kTaskKind = QStringLiteral("task");
inline const QString kServiceKind = QStringLiteral("service");
inline const QString kTagsKind = QStringLiteral("tags");
// Load balancing (ELBv2): a target's id is "<target group id>/<target id>/<port>".
inline const QString kLoadBalancerKind = QStringLiteral("load-balancer");
inline const QString kTargetGroupKind = QStringLiteral("target-group");
inline const QString kListenerKind = QStringLiteral("listener");
inline const QString kListenerRuleKind = QStringLiteral("listener-rule");
inline const QString kTargetKind = QStringLiteral("target");
// CloudWatch: a metric alarm, its id is the alarm name (with its state and history in the document).
inline const QString kMetricAlarmKind = QStringLiteral("metric-alarm");
// Application Auto Scaling: a scalable target with its policies, scheduled actions, activities and
// cooldown memory; its id is the ResourceId "service/<cluster>/<service>".
inline const QString kScalableTargetKind = QStringLiteral("scalable-target");
// The history CloudWatch keeps of deleted alarms (two weeks), by alarm name.
inline const QString kAlarmHistoryKind = QStringLiteral("metric-alarm-history");

} // namespace fd::state
