#include "controllers/AlarmController.h"

#include "ControlPlane.h"
#include "alarms/AlarmActions.h"
#include "alarms/AlarmEvaluator.h"
#include "alarms/MetricAlarm.h"
#include "metrics/MetricStore.h"
#include "ops/Alarms.h"
#include "state/Kinds.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

namespace fd {

Q_LOGGING_CATEGORY(lcAlarms, "fleetdeck.alarms")

using namespace alarms;

namespace {

// The service part of an ARN ("autoscaling" in arn:aws:autoscaling:...), for messages.
QString serviceOf(const QString &arn)
{
    const QStringList parts = arn.split(u':');
    return parts.size() > 2 ? parts[2] : arn;
}

AlarmHistoryItem actionItem(const QString &name, const QString &arn, qint64 nowMs, const QString &error)
{
    AlarmHistoryItem item;
    item.alarmName = name;
    item.timestampMs = nowMs;
    item.historyItemType = QStringLiteral("Action");
    QJsonObject data{
        {QStringLiteral("actionState"), error.isEmpty() ? QStringLiteral("Succeeded") : QStringLiteral("Failed")},
        {QStringLiteral("stateUpdateTimestamp"), double(nowMs)},
        {QStringLiteral("notificationResource"), arn}};
    if (error.isEmpty()) {
        item.historySummary = QStringLiteral("Successfully executed action %1").arg(arn);
    } else {
        item.historySummary = QStringLiteral("Failed to execute action %1. Received error: \"%2\"").arg(arn, error);
        data[QStringLiteral("error")] = error;
    }
    item.historyData = QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact));
    return item;
}

} // namespace

AlarmController::AlarmController(ControlPlane &cp, QObject *parent)
    : QObject(parent), m_cp(cp),
      m_loop(cp.clock(), {QStringLiteral("alarms")}, [this](const QString &key) { return process(key); })
{
    connect(&m_cp, &ControlPlane::changed, this, &AlarmController::onChanged);
    for (const MetricAlarm &a : m_cp.alarms().describe())
        watch(a.name());
}

AlarmController::~AlarmController() = default;

void AlarmController::addActionHandler(QString arnPrefix, ActionHandler handler)
{
    for (auto &[prefix, h] : m_handlers) {
        if (prefix == arnPrefix) {
            h = std::move(handler);
            return;
        }
    }
    m_handlers.emplace_back(std::move(arnPrefix), std::move(handler));
}

void AlarmController::waitForPublisher(QStringList namespaces)
{
    m_publishedNamespaces = std::move(namespaces);
}

void AlarmController::publishedThrough(qint64 endMs)
{
    m_publishedThroughMs = std::max(m_publishedThroughMs, endMs);
    for (const QString &name : std::as_const(m_waitingForPublisher))
        m_loop.enqueue(name);
    m_waitingForPublisher.clear();
}

void AlarmController::start()
{
    m_loop.start();
}

void AlarmController::stop()
{
    m_loop.stop();
}

void AlarmController::evaluateNow()
{
    m_loop.runDue(4);
}

QDateTime AlarmController::nextEvaluation(const QString &name) const
{
    const std::optional<MetricAlarm> a = m_cp.alarms().find(name);
    const qint64 now = m_cp.clock().now().toMSecsSinceEpoch();
    return QDateTime::fromMSecsSinceEpoch(nextEvaluationAt(a ? a->definition.periodSeconds : 60, now), Qt::UTC);
}

void AlarmController::watch(const QString &name)
{
    const std::optional<MetricAlarm> a = m_cp.alarms().find(name);
    if (!a)
        return;
    m_lastState.insert(name, a->status.state);
    m_loop.enqueueAt(name, nextEvaluation(name));
}

void AlarmController::onChanged(const state::ChangeSet &changes)
{
    for (const QString &name : changes.ids(state::kMetricAlarmKind)) {
        const std::optional<MetricAlarm> a = m_cp.alarms().find(name);
        if (!a) {
            m_loop.forget(name);
            m_lastState.remove(name);
            m_lastAutoScalingRun.remove(name);
            m_pendingTransition.remove(name);
            m_waitingForPublisher.remove(name);
            continue;
        }
        auto last = m_lastState.constFind(name);
        if (last == m_lastState.cend()) {
            watch(name); // a new alarm: first evaluated at its next evaluation instant
            continue;
        }
        if (*last != a->status.state) {
            // Changed by someone else (SetAlarmState): a transition whose actions run now, in a pass.
            m_lastState.insert(name, a->status.state);
            m_pendingTransition.insert(name, a->status.state);
            m_loop.enqueue(name);
            continue;
        }
        m_loop.enqueueAt(name, nextEvaluation(name)); // a new period may change the cadence
    }
}

const AlarmController::ActionHandler *AlarmController::handlerFor(const QString &arn) const
{
    const ActionHandler *best = nullptr;
    qsizetype bestLength = -1;
    for (const auto &[prefix, handler] : m_handlers) {
        if (arn.startsWith(prefix) && prefix.size() > bestLength) {
            best = &handler;
            bestLength = prefix.size();
        }
    }
    return best;
}

Status AlarmController::runActions(const QString &name, const QStringList &actions, AlarmState state, qint64 nowMs)
{
    QList<AlarmHistoryItem> items;
    for (const QString &arn : actions) {
        if (const ActionHandler *handler = handlerFor(arn)) {
            (*handler)(name, arn, state);
            items.append(actionItem(name, arn, nowMs, {}));
        } else {
            const QString error =
                QStringLiteral("Fleetdeck runs no %1 actions (no handler for this ARN): the action was not executed")
                    .arg(serviceOf(arn));
            qCInfo(lcAlarms).noquote() << name << error << arn;
            items.append(actionItem(name, arn, nowMs, error));
        }
        if (isAutoScalingAction(arn))
            m_lastAutoScalingRun.insert(name, nowMs);
    }
    return m_cp.alarms().recordHistory(name, items);
}

reconcile::Outcome AlarmController::process(const QString &name)
{
    const std::optional<MetricAlarm> alarm = m_cp.alarms().find(name);
    if (!alarm)
        return reconcile::Outcome::done();
    const qint64 now = m_cp.clock().now().toMSecsSinceEpoch();
    const QDateTime next =
        QDateTime::fromMSecsSinceEpoch(nextEvaluationAt(alarm->definition.periodSeconds, now), Qt::UTC);

    if (auto pending = m_pendingTransition.constFind(name); pending != m_pendingTransition.cend()) {
        const AlarmState state = *pending;
        m_pendingTransition.remove(name);
        const QStringList actions =
            alarm->definition.actionsEnabled ? actionsFor(alarm->definition, state) : QStringList();
        if (Status s = runActions(name, actions, state, now); !s)
            return reconcile::Outcome::failed(s.error().message);
        return reconcile::Outcome::done(QStringLiteral("ran %1 action(s) of %2 set by SetAlarmState")
                                            .arg(actions.size())
                                            .arg(toString(state)))
            .lookAgainAt(next);
    }

    const qint64 minuteEnd = now - now % 60'000;
    if (m_publishedNamespaces.contains(alarm->definition.metric.metricNamespace) &&
        m_publishedThroughMs < minuteEnd && now - minuteEnd < kMaxPublishWaitMs) {
        m_waitingForPublisher.insert(name);
        return reconcile::Outcome::done(QStringLiteral("waiting for the minute's %1 metrics")
                                            .arg(alarm->definition.metric.metricNamespace))
            .lookAgainAt(QDateTime::fromMSecsSinceEpoch(minuteEnd + kMaxPublishWaitMs, Qt::UTC));
    }
    m_waitingForPublisher.remove(name);
    Result<AlarmEvaluation> evaluation = evaluate(alarm->definition, alarm->status, m_cp.metricStore(), now);
    if (!evaluation)
        return reconcile::Outcome::failed(evaluation.error().message);
    const AlarmEvaluation &e = evaluation.value();
    std::optional<qint64> lastRun;
    if (auto it = m_lastAutoScalingRun.constFind(name); it != m_lastAutoScalingRun.cend())
        lastRun = *it;
    const QStringList actions = actionsToRun(alarm->definition, e, lastRun, now);
    if (e.transitioned) {
        m_lastState.insert(name, e.state); // before the commit: onChanged sees no outside change
        if (Status s = m_cp.alarms().recordEvaluation(name, e); !s)
            return reconcile::Outcome::failed(s.error().message);
    }
    emit evaluated(name, e);
    if (Status s = runActions(name, actions, e.state, now); !s)
        return reconcile::Outcome::failed(s.error().message);
    QString decision;
    if (e.transitioned)
        decision = QStringLiteral("%1 -> %2").arg(toString(e.previous), toString(e.state));
    else if (!actions.isEmpty())
        decision = QStringLiteral("repeat %1 Auto Scaling action(s) in %2").arg(actions.size()).arg(toString(e.state));
    return reconcile::Outcome::done(decision, e.transitioned ? e.reason : QString()).lookAgainAt(next);
}

} // namespace fd
