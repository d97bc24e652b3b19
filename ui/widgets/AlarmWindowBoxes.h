#pragma once

#include "alarms/AlarmDefinition.h"
#include "alarms/AlarmEvaluation.h"

#include <QList>
#include <QWidget>

namespace fd::ui {

/**
 * The glass-box panel's picture of one alarm evaluation: a box per period of the evaluation
 * range (oldest left), filled red when the period breached the threshold, green when it did not,
 * hatched grey when it had no data (hatched red or green when the missing-data treatment counted
 * it as breaching or not), the N evaluated boxes outlined in ink and the rest faded. Under each box
 * its value and its period's start time (UTC); above them "2 of 3 breaching (3 needed for ALARM)".
 *
 * boxes() says what is drawn, for tests.
 */
class AlarmWindowBoxes final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlarmWindowBoxes)

public:
    enum class Fill {
        Breaching,
        NotBreaching,
        Missing,             ///< no data, not counted
        MissingBreaching,    ///< no data, treated as breaching
        MissingNotBreaching, ///< no data, treated as not breaching
    };

    struct Box
    {
        Fill fill = Fill::Missing;
        bool evaluated = false;
        QString value; ///< "83.2", "—" when missing
        QString time;  ///< "12:03"
    };

    explicit AlarmWindowBoxes(QWidget *parent = nullptr);

    /// Shows `evaluation`'s window for `alarm`.
    void setEvaluation(const alarms::AlarmDefinition &alarm, const alarms::AlarmEvaluation &evaluation);
    void clear();

    const QList<Box> &boxes() const { return m_boxes; }
    /// Evaluated boxes that breach (real or filled).
    int breachingCount() const;
    /// "2 of 3 breaching (3 needed for ALARM)".
    QString summary() const { return m_summary; }

    /// How a slot of an evaluation is drawn.
    static Fill fillOf(const alarms::WindowSlot &slot, alarms::TreatMissingData treatment);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int boxWidth() const;

    QList<Box> m_boxes;
    QString m_summary;
};

} // namespace fd::ui
