#include "TrafficServedModel.h"

#include "Palette.h"
#include "models/DeploymentTimeline.h"
#include "models/TrafficScoreboard.h"

namespace fd::ui {

using fd::traffic::ServedBy;

TrafficServedModel::TrafficServedModel(Kind kind, QObject *parent) : ColumnTableModel(parent), m_kind(kind)
{
    setObjectName(kind == Kind::Tasks ? QStringLiteral("trafficTaskModel") : QStringLiteral("trafficRevisionModel"));
    defineColumns();
}

void TrafficServedModel::setSnapshot(const fd::traffic::TrafficSnapshot &snapshot)
{
    m_latest = m_kind == Kind::Tasks ? snapshot.tasks : snapshot.revisions;
    m_newestFirst = revisionsNewestFirst(snapshot);
    m_answered = 0;
    for (const ServedBy &s : snapshot.revisions)
        m_answered += s.requests;
    if (m_kind == Kind::Tasks && snapshot.revisions.empty())
        for (const ServedBy &s : snapshot.tasks)
            m_answered += s.requests;
    const bool newRun = m_startedWallMs != snapshot.startedWallMs;
    m_startedWallMs = snapshot.startedWallMs;
    refresh();
    // The share and times of every row move with each answer: one signal for the table.
    if (newRun || m_rows.isEmpty())
        return;
    emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1), {Qt::DisplayRole, RawValueRole});
}

void TrafficServedModel::refresh()
{
    QList<ServedBy> rows(m_latest.begin(), m_latest.end());
    syncRows(
        rows, [](const ServedBy &s) { return s.id; },
        [](const ServedBy &a, const ServedBy &b) {
            return a.requests == b.requests && a.failed == b.failed && a.lastWallMs == b.lastWallMs &&
                   a.colour == b.colour && a.revision == b.revision;
        });
}

void TrafficServedModel::defineColumns()
{
    const bool tasks = m_kind == Kind::Tasks;
    const auto sinceStart = [this](std::int64_t wallMs) {
        return QStringLiteral("+") + formatElapsed(wallMs - m_startedWallMs);
    };
    m_columns.setRowRole(KeyRole, [](const ServedBy &s) { return s.id; });
    m_columns.setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_columns
        .add(tasks ? tr("Task") : tr("Revision"),
             tasks ? tr("X-Task-Id of the answers") : tr("X-Revision of the answers"))
        .display([tasks](const ServedBy &s) { return tasks ? s.id.left(12) : s.id; })
        .raw([](const ServedBy &s) { return s.id; })
        .toolTip([](const ServedBy &s) { return s.id; })
        .decoration([this](const ServedBy &s) {
            const qsizetype age = m_newestFirst.indexOf(s.revision);
            return age >= 0 ? QVariant(revisionColour(int(age))) : QVariant();
        });
    m_columns.add(tr("Revision"), tr("X-Revision of the task's answers")).display([](const ServedBy &s) {
        return s.revision;
    });
    m_columns.add(tr("Requests"), tr("Answers carrying this id, any status")).number([](const ServedBy &s) {
        return qint64(s.requests);
    });
    m_columns.add(tr("Share"), tr("Of all answered requests"))
        .display([this](const ServedBy &s) {
            return m_answered > 0
                       ? QStringLiteral("%1 %").arg(100.0 * double(s.requests) / double(m_answered), 0, 'f', 1)
                       : QStringLiteral("—");
        })
        .raw([](const ServedBy &s) { return qint64(s.requests); })
        .align(Qt::AlignRight | Qt::AlignVCenter);
    m_columns.add(tr("Failed"), tr("Answers outside 2xx"))
        .number([](const ServedBy &s) { return qint64(s.failed); })
        .foreground([](const ServedBy &s) { return s.failed > 0 ? QVariant(palette::Error) : QVariant(); });
    m_columns.add(tr("First"), tr("First answer, since the run started"))
        .display([sinceStart](const ServedBy &s) { return sinceStart(s.firstWallMs); })
        .raw([](const ServedBy &s) { return qint64(s.firstWallMs); })
        .align(Qt::AlignRight | Qt::AlignVCenter);
    m_columns.add(tr("Last"), tr("Latest answer, since the run started"))
        .display([sinceStart](const ServedBy &s) { return sinceStart(s.lastWallMs); })
        .raw([](const ServedBy &s) { return qint64(s.lastWallMs); })
        .align(Qt::AlignRight | Qt::AlignVCenter);
}

} // namespace fd::ui
