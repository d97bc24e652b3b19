#pragma once

#include "Page.h"

#include <QTimer>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace fd {
class ControlPlane;
}

namespace fd::ui {

class FleetCanvas;

/**
 * The fleet of one cluster as a picture for teaching: availability zones holding container
 * instances holding tasks (FleetCanvas), a tray of tasks waiting for capacity, and beside it the
 * answer to "why here?" for the selected task (its placement explanation) or "why nothing fits?"
 * for a waiting one. A legend says what sizes and colours mean. Follows the ControlPlane live.
 */
class FleetView final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetView)

public:
    explicit FleetView(ConsoleContext &context, QWidget *parent = nullptr);

    QString pageKey() const override;
    QString title() const override;
    QString toolTip(const QString &key) const override;
    void showKey(const QString &key) override;
    bool selectItem(const QString &item) override;

    void setCluster(const QString &cluster);
    QString cluster() const { return m_cluster; }
    FleetCanvas *canvas() const { return m_canvas; }

    /// Re-reads instances and tasks now (changes are otherwise coalesced).
    void refresh();
    /// Selects a task and explains it; false when it is not shown.
    bool selectTask(const QString &taskId);
    /// The side panel's text, as plain text.
    QString explanationText() const;

    // Hit-testing, in the canvas viewport's coordinates (FleetCanvas has the rest).
    QString taskAt(const QPoint &viewportPos) const;
    QRect instanceRect(const QString &instanceId) const;
    QRect taskRect(const QString &taskId) const;

public slots:
    void runTask();
    /// FARGATE_SPOT: takes the selected task's capacity back (two minutes' warning, stop code
    /// SpotInterruption), as AWS does; the outcome or the refusal is shown beside the button.
    void interruptSelected();

private:
    void updateExplanation();
    void updateSummary();

    fd::ControlPlane &m_cp;
    QString m_cluster;
    QLabel *m_title;
    QLabel *m_summary;
    QPushButton *m_runButton;
    QPushButton *m_interruptButton;
    QLabel *m_actionMessage;
    QPushButton *m_zoomOutButton;
    QPushButton *m_zoomInButton;
    QPushButton *m_zoomFitButton;
    FleetCanvas *m_canvas;
    QTextBrowser *m_explanation;
    QLabel *m_legend;
    QTimer m_refreshTimer;
};

} // namespace fd::ui
