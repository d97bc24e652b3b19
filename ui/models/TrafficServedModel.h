#pragma once

#include "ColumnTableModel.h"
#include "traffic/TrafficSnapshot.h"

namespace fd::ui {

/**
 * Who served the traffic generator's requests: one row per task (X-Task-Id) or per revision
 * (X-Revision), keyed by id, from the latest snapshot given. Share is of all answered requests;
 * the swatch is the revision's colour in the chart and the deployment view (newest blue).
 */
class TrafficServedModel final : public ColumnTableModel<fd::traffic::ServedBy>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrafficServedModel)

public:
    enum class Kind {
        Tasks,
        Revisions,
    };
    enum Column {
        IdColumn,
        RevisionColumn,
        RequestsColumn,
        ShareColumn,
        FailedColumn,
        FirstColumn,
        LastColumn,
        ColumnCount
    };

    explicit TrafficServedModel(Kind kind, QObject *parent = nullptr);

    /// Shows `snapshot`'s tasks or revisions.
    void setSnapshot(const fd::traffic::TrafficSnapshot &snapshot);
    void refresh() override;

private:
    void defineColumns();

    Kind m_kind;
    std::vector<fd::traffic::ServedBy> m_latest;
    std::int64_t m_answered = 0;
    std::int64_t m_startedWallMs = 0;
    QStringList m_newestFirst; ///< revisions, for their colours
};

} // namespace fd::ui
