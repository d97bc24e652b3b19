#pragma once

#include "Page.h"
#include "docker/DockerTypes.h"
#include "docker/Pending.h"

#include <QPointer>
#include <QTimer>

#include <deque>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace fd {
class ControlPlane;
class EngineMonitor;
namespace docker {
class DockerClient;
class LogStream;
} // namespace docker
} // namespace fd

namespace fd::ui {

/**
 * The logs of one container of a Docker engine: pick the container (Fleetdeck's own, labelled
 * fleetdeck.managed=true, or all), follow it live or read what is there, search with every match
 * highlighted. stderr lines are marked "err" and red, stdout "out". The view keeps at most
 * kMaxLines lines (the oldest go first), and appends arriving lines in batches so a chatty
 * container cannot flood the GUI thread.
 */
class LogsView final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogsView)

public:
    static constexpr int kMaxLines = 10000;
    static constexpr int kFollowTail = 1000; ///< lines of history shown when following starts
    static constexpr int kMaxHighlights = 5000;

    /// The item selectItem() takes: a container on an engine ("engine/container").
    static QString itemKey(const QString &engineId, const QString &containerId);

    explicit LogsView(ConsoleContext &context, QWidget *parent = nullptr);

    QString pageKey() const override;
    QString title() const override;
    QString toolTip(const QString &key) const override;
    void showKey(const QString &key) override;
    bool selectItem(const QString &item) override;
    ~LogsView() override;

    void setEngineMonitor(fd::EngineMonitor *monitor);
    QString engineId() const;
    void setEngineId(const QString &id);
    /// The container whose logs are shown ("" when none).
    QString containerId() const;
    /// Selects the container with this id (or name) once the list has it; false when it has not.
    bool selectContainer(const QString &idOrName);
    bool isFollowing() const;
    void setFollowing(bool follow);
    /// Lines shown now (at most kMaxLines).
    int lineCount() const;
    /// Matches of the search text highlighted now.
    int matchCount() const { return m_matchCount; }

public slots:
    /// Lists the engine's containers again (keeps the selected one when it is still there).
    void refreshContainers();
    void clear();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateEngines();
    void openLogs();
    void appendLines(const QList<fd::docker::LogLine> &lines);
    void flushPending();
    void highlightMatches();
    void setStatus(const QString &text, bool error);
    fd::docker::DockerClient *client(QString *whyNot) const;

    fd::ControlPlane &m_cp;
    QPointer<fd::EngineMonitor> m_monitor;
    QComboBox *m_engineCombo;
    QComboBox *m_containerCombo;
    QCheckBox *m_managedOnly;
    QPushButton *m_refreshButton;
    QPushButton *m_followButton;
    QPushButton *m_clearButton;
    QLineEdit *m_searchEdit;
    QLabel *m_matchLabel;
    QPlainTextEdit *m_text;
    QLabel *m_status;
    std::unique_ptr<fd::docker::LogStream> m_stream;
    fd::docker::Pending<QList<fd::docker::ContainerSummary>> m_listing;
    fd::docker::Pending<QList<fd::docker::LogLine>> m_reading;
    std::deque<fd::docker::LogLine> m_pending; // arrived, not yet shown (bounded by kMaxLines)
    QTimer m_flushTimer;
    QString m_wantedContainer; // to select once the list arrives
    int m_matchCount = 0;
    int m_generation = 0;
};

} // namespace fd::ui
