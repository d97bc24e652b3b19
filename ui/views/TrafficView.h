#pragma once

#include "Page.h"
#include "PageKeys.h"
#include "traffic/TrafficOptions.h"

#include <QTimer>

#include <cstdint>

class QCompleter;
class QLabel;
class QLineEdit;
class QMenu;
class QPushButton;
class QSpinBox;
class QStandardItemModel;
class QTableView;
class QTreeWidget;

namespace fd::traffic {
class TrafficGenerator;
struct TrafficSnapshot;
} // namespace fd::traffic

namespace fd::ui {

class TrafficChart;
class TrafficServedModel;

/**
 * The Traffic page: sends HTTP traffic to a URL on this machine (a load balancer's listener, a
 * task's port) with the console's one generator (ConsoleContext::traffic()), bounded in time and in
 * count, and shows it live at 4 Hz: the verdict "N requests, 0 failed" in large type (the failure
 * colour when any failed), requests per second by revision, who served them (per revision, per
 * task), latency percentiles and each failure with its time and cause.
 *
 * The deployment views read the same generator, so traffic started here is scored against the
 * rollout it runs through.
 *
 * The load balancers' listeners are offered beside the URL (a Listeners menu, and a completer on
 * the URL), and selectItem() with a URL fills it in (the Load balancers page's "Send traffic…").
 */
class TrafficView final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrafficView)

public:
    static inline const QString Key = pages::Traffic;

    explicit TrafficView(ConsoleContext &context, QWidget *parent = nullptr);

    QString pageKey() const override { return Key; }
    QString title() const override;
    QString toolTip(const QString &key) const override;
    void showKey(const QString &key) override;
    /// `item` is a URL to fill in (a listener's); false, and the reason shown, while traffic is
    /// being sent (the form keeps the URL of the run).
    bool selectItem(const QString &item) override;

    /// Prefills the URL. Not while traffic is being sent.
    void setUrl(const QString &url);
    QString url() const;
    /// The listeners' URLs the page offers ("http://127.0.0.1:8080/"), by port.
    QStringList listenerUrls() const;
    /// The Listeners menu beside the URL (one action per listener; its data is the URL).
    QMenu *listenerMenu() const { return m_listenerMenu; }
    /// The options the form says now.
    fd::traffic::TrafficOptions options() const;
    /// Start and Stop, as the buttons do. False (and the reason shown) when the options are refused.
    bool start();
    void stop();
    /// Re-reads the generator now (otherwise at 4 Hz while it runs).
    void refresh();
    /// The verdict line and the status line under it, as plain text.
    QString verdictText() const;
    QString statusText() const;
    QString errorText() const;

private:
    QWidget *buildForm();
    QWidget *buildResults();
    void poll();
    void showSnapshot(const fd::traffic::TrafficSnapshot &s);
    void updateVerdict(const fd::traffic::TrafficSnapshot &s);
    void updateLatency(const fd::traffic::TrafficSnapshot &s);
    void updateFailures(const fd::traffic::TrafficSnapshot &s);
    void updateButtons(bool running);
    void updateListeners();

    fd::traffic::TrafficGenerator &m_traffic;
    QLineEdit *m_url;
    QPushButton *m_listenersButton;
    QMenu *m_listenerMenu;
    QStandardItemModel *m_listenerUrls; // the URL completer's: a listener that does not serve in red, with why
    QCompleter *m_completer;
    QLineEdit *m_paths;
    QSpinBox *m_rate;
    QSpinBox *m_concurrency;
    QSpinBox *m_duration;
    QSpinBox *m_count;
    QSpinBox *m_timeout;
    QPushButton *m_start;
    QPushButton *m_stop;
    QLabel *m_error;
    QLabel *m_verdict;
    QLabel *m_status;
    QLabel *m_latency;
    TrafficChart *m_chart;
    TrafficServedModel *m_revisionModel;
    TrafficServedModel *m_taskModel;
    QTableView *m_revisions;
    QTableView *m_tasks;
    QTreeWidget *m_failures;
    QTimer m_poll;
    std::uint64_t m_shownRun = 0;
    bool m_wasRunning = false;
    std::size_t m_failuresShown = 0;
};

} // namespace fd::ui
