// Large tables (PERFORMANCE.md row 11): the console's event log and task table at 100,000 rows,
// offscreen, every UI-thread operation timed with QElapsedTimer, beside a floor and a peer measured
// in the same run on the same rows:
//
//   floor  a minimal QAbstractTableModel over a std::vector of four strings, in a QTableView without
//          a proxy; its "filter" and "sort" are plain loops over the vector (the least work the
//          operation can be)
//   peer   QStandardItemModel (4 columns) under a QSortFilterProxyModel, the table PERFORMANCE.md names
//   events the console's EventLogView (EventLogModel + EventLogFilterModel), capacity = the rows,
//          fed with the committed change sets' batches (EventLogModel::appendEvents, what
//          ChangeFeed::eventsAppended calls)
//   tasks  the console's TasksView (TaskTableModel + its proxy) over a control plane holding the
//          rows as tasks (RunTask, 10 at a time, on 1,000 simulated instances; not started)
//   proxy  the task table's proxy (SortKeyProxyModel, as TasksView sets it up) in a sorting
//          QTableView over a model fed directly with task-shaped rows (10 columns, dates raw as
//          QDateTime): the proxy's sort, filter and one-row refresh in seconds instead of the
//          ~13 min the control plane takes to hold 100,000 tasks
//
// Operations (each timed on the UI thread, the posted work it causes included via processEvents):
//   append   a batch of 1,000 rows (100 batches for 100,000 rows); tasks: n/a (built before the view)
//   paint    viewport()->repaint() of the visible rows
//   scroll   a jump to a random row and the repaint
//   refresh  the 1 Hz refresh: dataChanged over the visible rows and the repaint it schedules (the
//            region the view marked dirty, painted as the next frame does; <who>_refresh_paints
//            counts the paint events, so a refresh that painted nothing shows); tasks: one task
//            changed in the control plane (not timed), then what the model's coalescing timer runs
//            (TaskTableModel::refreshScheduled()) and the repaint; refresh_shown: the same for a change
//            of a task on screen (its health); refresh_full: refresh(), the
//            re-read and merge of every task after a burst
//   open     showing the cluster (TasksView::setCluster), three times (another cluster in between)
//            open and refresh_full are loads in steps, timed from the call until every row is loaded
//            and painted: _event the longest single event the application delivered (one UI-thread
//            step: a timer's load step, a paint, an idle slice of the proxy), _event_cpu the same in
//            the UI thread's CPU time (what preemption by other work on a shared machine leaves
//            out), _step the longest event-loop pass (all events of one processEvents(): an upper
//            bound), _total the time until fully loaded; tasks_rss_* the process's VmRSS before the
//            first open, once loaded, and after the idle fill of the proxy's caches
//   filter   typing a text that matches ~1 % of the rows, then clearing it
//   sort     a click on a column header (both orders, several columns)
//   idle_fill (tasks, proxy) each slice of posted work while the user is idle for 3 s before the
//            filter and sort runs (the proxy filling its filter cache ahead of the first keystroke)
//
//   bench-large-tables [--rows N] [--reps R] [--only floor,peer,events,tasks,proxy] [--keep-plane DIR]
// (--keep-plane: the tasks' control plane is built in DIR and reused by the next run with the same DIR,
// which skips the minutes of RunTask; for development, never for the published numbers)
// prints key=value lines (ms): <subject>_<op>_median, _p99, _max, _n.

#include "Clock.h"
#include "ControlPlane.h"
#include "ConsoleContext.h"
#include "json/TaskDefinitionJson.h"
#include "models/EventLogFilterModel.h"
#include "models/EventLogModel.h"
#include "models/ItemRoles.h"
#include "models/SortKeyProxyModel.h"
#include "models/TaskTableModel.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "views/EventLogView.h"
#include "views/TasksView.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <map>
#include <tuple>
#include <vector>

using namespace fd;

namespace {

[[noreturn]] void die(const QString &why)
{
    std::fprintf(stderr, "bench-large-tables: %s\n", qPrintable(why));
    std::exit(1);
}

struct Options
{
    int rows = 100000;
    int reps = 20;
    QString keepPlane; ///< --keep-plane DIR: the tasks' control plane kept there and reused (development)
    QStringList only = {QStringLiteral("floor"), QStringLiteral("peer"), QStringLiteral("events"),
                        QStringLiteral("tasks"), QStringLiteral("proxy")};
};

constexpr int kBatch = 1000;
constexpr int kMatchEvery = 100; // one row in 100 matches the filter text

/// Milliseconds of one call, the posted UI work it caused included.
double timed(const std::function<void()> &op)
{
    QElapsedTimer t;
    t.start();
    op();
    QCoreApplication::processEvents();
    return double(t.nsecsElapsed()) / 1e6;
}

/// This thread's CPU time, ms.
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

/// The application, timing every event it delivers from the event loop (a nested delivery counts in
/// the outer one): the longest is the longest single UI-thread step while recording.
class StepTimedApp final : public QApplication
{
public:
    using QApplication::QApplication;
    bool notify(QObject *receiver, QEvent *event) override
    {
        if (m_depth > 0 || !m_recording)
            return QApplication::notify(receiver, event);
        ++m_depth;
        QElapsedTimer t;
        t.start();
        const double cpu = threadCpuMs();
        const bool done = QApplication::notify(receiver, event);
        m_longest = std::max(m_longest, double(t.nsecsElapsed()) / 1e6);
        m_longestCpu = std::max(m_longestCpu, threadCpuMs() - cpu);
        --m_depth;
        return done;
    }
    void record()
    {
        m_recording = true;
        m_longest = m_longestCpu = 0;
    }
    /// The longest event since record(): wall-clock and this thread's CPU time, ms.
    std::pair<double, double> stop()
    {
        m_recording = false;
        return {m_longest, m_longestCpu};
    }

private:
    int m_depth = 0;
    bool m_recording = false;
    double m_longest = 0;
    double m_longestCpu = 0;
};

StepTimedApp *stepTimer()
{
    return static_cast<StepTimedApp *>(QCoreApplication::instance());
}

/// A load in steps (TaskTableModel): the call, then every event-loop pass until the model holds
/// every row and the pass that paints the last batch. `step` is the longest pass (a pass runs every
/// posted event and due timer once, so it may hold more than one step: an upper bound of the
/// longest single UI-thread step); `total` the time until fully loaded.
struct Loaded
{
    double event = 0; ///< the longest single event delivered (a UI-thread step), the call included
    double step = 0;
    double eventCpu = 0; ///< the same in this thread's CPU time (what a busy machine's preemption leaves out)
    double callMs = 0;  ///< the call itself (a step too)
    double callCpu = 0;
    double stepCpu = 0; ///< the longest pass in this thread's CPU time (what a busy machine's preemption leaves out)
    double total = 0;
    int passes = 0;
};

Loaded timedLoad(const ui::TaskTableModel &model, const std::function<void()> &op)
{
    Loaded out;
    stepTimer()->record();
    QElapsedTimer total;
    total.start();
    QElapsedTimer t;
    t.start();
    double cpu = threadCpuMs();
    op();
    out.step = out.callMs = double(t.nsecsElapsed()) / 1e6;
    out.stepCpu = out.callCpu = threadCpuMs() - cpu;
    if (qEnvironmentVariableIsSet("FLEETDECK_BENCH_PASSES"))
        std::fprintf(stderr, "call: %.2f ms\n", out.step);
    bool painted = false;
    while (model.loading() || !painted) {
        painted = !model.loading(); // one more pass once loaded: the repaint of the last batch
        t.restart();
        cpu = threadCpuMs();
        QCoreApplication::processEvents();
        out.step = std::max(out.step, double(t.nsecsElapsed()) / 1e6);
        out.stepCpu = std::max(out.stepCpu, threadCpuMs() - cpu);
        if (qEnvironmentVariableIsSet("FLEETDECK_BENCH_PASSES"))
            std::fprintf(stderr, "pass %d: %.2f ms (cpu %.2f)\n", out.passes, double(t.nsecsElapsed()) / 1e6,
                         threadCpuMs() - cpu);
        ++out.passes;
        if (total.elapsed() > 120000)
            die(QStringLiteral("the task table did not finish loading in 2 minutes"));
    }
    out.total = double(total.nsecsElapsed()) / 1e6;
    std::tie(out.event, out.eventCpu) = stepTimer()->stop();
    out.event = std::max(out.event, out.callMs);
    out.eventCpu = std::max(out.eventCpu, out.callCpu);
    return out;
}

/// VmRSS of this process, MiB.
double rssMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').front().toDouble() / 1024.0;
    return 0;
}

/// Collects samples per "<subject>_<operation>" and prints median, p99, max and count.
class Report
{
public:
    void add(const QString &key, double ms) { m_samples[key.toStdString()].push_back(ms); }
    void note(const QString &key, const QString &value) { std::printf("%s=%s\n", qPrintable(key), qPrintable(value)); }
    void print() const
    {
        for (auto [key, v] : m_samples) {
            std::sort(v.begin(), v.end());
            const auto at = [&](double q) { return v[std::min(v.size() - 1, std::size_t(q * double(v.size() - 1) + 0.5))]; };
            std::printf("%s_median=%.3f\n%s_p99=%.3f\n%s_max=%.3f\n%s_n=%zu\n", key.c_str(), at(0.5), key.c_str(), at(0.99),
                        key.c_str(), v.back(), key.c_str(), v.size());
        }
        std::fflush(stdout);
    }

private:
    std::map<std::string, std::vector<double>> m_samples;
};

// The synthetic rows every subject shows: what a busy cluster's journal looks like.
QStringList rowTexts(int i)
{
    const QString service = QStringLiteral("svc-%1").arg(i % 1000, 4, 10, QLatin1Char('0'));
    const QString task = QStringLiteral("%1").arg(quint32(i) * 2654435761u, 8, 16, QLatin1Char('0'));
    const QString message = i % kMatchEvery == 0
                                ? QStringLiteral("(service %1) has reached a steady state.").arg(service)
                                : QStringLiteral("(service %1) has started 1 tasks: (task %2).").arg(service, task);
    return {QStringLiteral("2026-12-06 13:%1:%2").arg((i / 60) % 60, 2, 10, QLatin1Char('0')).arg(i % 60, 2, 10, QLatin1Char('0')),
            QStringLiteral("service"), service, message};
}
const QString kFilterText = QStringLiteral("steady state");

// ---- the floor: a minimal model over a vector, no proxy ----------------------------------------

class FloorModel final : public QAbstractTableModel
{
public:
    std::vector<std::array<QString, 4>> rows;

    int rowCount(const QModelIndex &p = {}) const override { return p.isValid() ? 0 : int(rows.size()); }
    int columnCount(const QModelIndex &p = {}) const override { return p.isValid() ? 0 : 4; }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role != Qt::DisplayRole || !index.isValid())
            return {};
        return rows[std::size_t(index.row())][std::size_t(index.column())];
    }
    void appendBatch(int first, int count)
    {
        beginInsertRows({}, int(rows.size()), int(rows.size()) + count - 1);
        for (int i = first; i < first + count; ++i) {
            const QStringList t = rowTexts(i);
            rows.push_back({t[0], t[1], t[2], t[3]});
        }
        endInsertRows();
    }
    void touch(int first, int last) { emit dataChanged(index(first, 0), index(last, 3), {Qt::DisplayRole}); }
};

/// The idle time a user leaves before typing (3 s): the posted work that runs meanwhile (the task
/// proxy fills its filter cache in slices) is timed call by call as <who>_idle_fill.
void settle(Report &r, const QString &who)
{
    QElapsedTimer idle;
    idle.start();
    while (idle.elapsed() < 3000) {
        QElapsedTimer t;
        t.start();
        QCoreApplication::processEvents(QEventLoop::AllEvents);
        const double ms = double(t.nsecsElapsed()) / 1e6;
        if (ms > 0.5)
            r.add(who + QStringLiteral("_idle_fill"), ms);
    }
}

// ---- shared measurements on a shown table ---------------------------------------------------

QTableView *prepare(QTableView *table)
{
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    return table;
}

/// Counts the paint events a widget gets, so a refresh that paints nothing shows as such.
class PaintCounter : public QObject
{
public:
    explicit PaintCounter(QWidget *w) : QObject(w) { w->installEventFilter(this); }
    int paints = 0;

protected:
    bool eventFilter(QObject *, QEvent *e) override
    {
        if (e->type() == QEvent::Paint)
            ++paints;
        return false;
    }
};

/// The repaint a refresh causes in the running console: the region the view marked dirty when the
/// model signalled (Qt 6's view updates one cell's rect for a one-cell dataChanged, the viewport for
/// a wider one), painted by the UpdateRequest the next frame delivers. repaint() would paint the
/// whole viewport whatever changed, which the console never does for a refresh.
void paintScheduled(QTableView *table)
{
    QCoreApplication::sendPostedEvents(table->window(), QEvent::UpdateRequest);
}

std::pair<int, int> visibleRows(QTableView *table)
{
    const int first = std::max(0, table->rowAt(0));
    int last = table->rowAt(table->viewport()->height() - 1);
    if (last < 0)
        last = table->model()->rowCount() - 1;
    return {first, std::max(first, last)};
}

void measureView(Report &r, const QString &who, QTableView *table, const Options &o,
                 const std::function<void(int, int)> &refreshRows, const std::function<void()> &beforeRefresh = {})
{
    QRandomGenerator rng(42);
    for (int i = 0; i < o.reps; ++i)
        r.add(who + QStringLiteral("_paint"), timed([&] { table->viewport()->repaint(); }));
    for (int i = 0; i < o.reps * 2; ++i) {
        const int max = table->verticalScrollBar()->maximum();
        const int to = int(rng.bounded(std::max(1, max)));
        r.add(who + QStringLiteral("_scroll"), timed([&] {
                  table->verticalScrollBar()->setValue(to);
                  table->viewport()->repaint();
              }));
    }
    if (refreshRows) {
        PaintCounter counter(table->viewport());
        for (int i = 0; i < o.reps; ++i) {
            const auto [first, last] = visibleRows(table);
            if (beforeRefresh)
                beforeRefresh();
            paintScheduled(table); // nothing left over from the set-up in the timed span
            r.add(who + QStringLiteral("_refresh"), timed([&] {
                      refreshRows(first, last);
                      paintScheduled(table);
                  }));
        }
        std::printf("%s_refresh_paints=%d\n", qPrintable(who), counter.paints);
    }
}

// ---- subjects ---------------------------------------------------------------------------------

void runFloor(Report &r, const Options &o)
{
    FloorModel model;
    QTableView table;
    prepare(&table)->setModel(&model);
    table.resize(1280, 800);
    table.show();
    QCoreApplication::processEvents();
    for (int first = 0; first < o.rows; first += kBatch)
        r.add(QStringLiteral("floor_append"), timed([&] { model.appendBatch(first, std::min(kBatch, o.rows - first)); }));
    measureView(r, QStringLiteral("floor"), &table, o, [&](int a, int b) { model.touch(a, b); });
    // Filter floor: one pass over the rows collecting the matching ones.
    for (int i = 0; i < o.reps / 4 + 1; ++i) {
        std::vector<int> shown;
        r.add(QStringLiteral("floor_filter"), timed([&] {
                  for (std::size_t row = 0; row < model.rows.size(); ++row)
                      for (const QString &text : model.rows[row])
                          if (text.contains(kFilterText, Qt::CaseInsensitive)) {
                              shown.push_back(int(row));
                              break;
                          }
              }));
        if (shown.size() != model.rows.size() / kMatchEvery)
            die(QStringLiteral("floor filter found %1 rows").arg(shown.size()));
    }
    // Sort floor: the column's keys read once (case-folded), an index sorted over them.
    for (int i = 0; i < o.reps / 4 + 1; ++i) {
        r.add(QStringLiteral("floor_sort"), timed([&] {
                  const std::size_t column = std::size_t(3 - i % 2);
                  std::vector<QString> keys;
                  keys.reserve(model.rows.size());
                  for (const auto &row : model.rows)
                      keys.push_back(row[column].toCaseFolded());
                  std::vector<int> order(model.rows.size());
                  for (std::size_t k = 0; k < order.size(); ++k)
                      order[k] = int(k);
                  std::stable_sort(order.begin(), order.end(),
                                   [&](int a, int b) { return keys[std::size_t(a)] < keys[std::size_t(b)]; });
              }));
    }
}

void runPeer(Report &r, const Options &o)
{
    QStandardItemModel model(0, 4);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy.setSortCaseSensitivity(Qt::CaseInsensitive);
    proxy.setFilterKeyColumn(-1);
    QTableView table;
    prepare(&table)->setModel(&proxy);
    table.setSortingEnabled(false); // sorted by the clicks below
    table.resize(1280, 800);
    table.show();
    QCoreApplication::processEvents();
    for (int first = 0; first < o.rows; first += kBatch) {
        r.add(QStringLiteral("peer_append"), timed([&] {
                  // QStandardItemModel inserts row by row: appendRow is its batch API.
                  for (int i = first; i < std::min(first + kBatch, o.rows); ++i) {
                      QList<QStandardItem *> items;
                      for (const QString &t : rowTexts(i))
                          items << new QStandardItem(t);
                      model.appendRow(items);
                  }
              }));
    }
    measureView(r, QStringLiteral("peer"), &table, o, [&](int a, int b) {
        for (int row = a; row <= b; ++row) {
            QStandardItem *item = model.item(proxy.mapToSource(proxy.index(row, 0)).row(), 0);
            item->setData(item->text() + u' ', Qt::DisplayRole);
        }
    });
    for (int i = 0; i < o.reps / 4 + 1; ++i) {
        r.add(QStringLiteral("peer_filter"), timed([&] { proxy.setFilterFixedString(kFilterText); }));
        if (proxy.rowCount() != o.rows / kMatchEvery)
            die(QStringLiteral("peer filter shows %1 rows").arg(proxy.rowCount()));
        r.add(QStringLiteral("peer_filter"), timed([&] { proxy.setFilterFixedString({}); }));
    }
    for (int i = 0; i < o.reps / 4 + 1; ++i)
        r.add(QStringLiteral("peer_sort"),
              timed([&] { table.sortByColumn(3 - i % 2, i % 4 < 2 ? Qt::AscendingOrder : Qt::DescendingOrder); }));
}

struct Plane
{
    QTemporaryDir dir{QDir(QStringLiteral("/dev/shm")).exists() ? QStringLiteral("/dev/shm/fd-tables-XXXXXX")
                                                                 : QDir::tempPath() + QStringLiteral("/fd-tables-XXXXXX")};
    std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
    std::unique_ptr<ControlPlane> cp;
    bool reused = false; ///< opened a kept data directory that already holds the cluster

    /// In a fresh temporary directory, or in `keep` (kept after the run; reused when it holds one).
    explicit Plane(const QString &keep = {})
    {
        const QString path = keep.isEmpty() ? dir.path() : keep;
        reused = !keep.isEmpty() && QDir(keep).exists(QStringLiteral("fleetdeck.db"));
        if (!keep.isEmpty())
            QDir().mkpath(keep);
        auto opened = ControlPlane::open(path, clock);
        if (!opened)
            die(opened.error().message);
        cp = std::move(opened).value();
        if (reused)
            return;
        if (!cp->engines().add(QStringLiteral("sim"), Engine::Kind::Simulated, {}) ||
            !cp->clusters().create(QStringLiteral("default")))
            die(QStringLiteral("cannot create the engine and the cluster"));
    }
};

void runEvents(Report &r, const Options &o)
{
    Plane plane;
    ui::EventLogView view(*plane.cp, nullptr, o.rows);
    view.resize(1280, 800);
    view.show();
    QCoreApplication::processEvents();
    QTableView *table = view.table();
    prepare(table);
    qint64 id = 1000000; // above what the journal holds
    for (int first = 0; first < o.rows; first += kBatch) {
        QList<Event> batch;
        for (int i = first; i < std::min(first + kBatch, o.rows); ++i) {
            const QStringList t = rowTexts(i);
            batch.append(Event{++id, plane.clock->now().addMSecs(i), t[1], t[2], t[3]});
        }
        r.add(QStringLiteral("events_append"), timed([&] { view.model()->appendEvents(batch); }));
    }
    // At capacity: every further batch also removes the oldest rows.
    for (int k = 0; k < o.reps; ++k) {
        QList<Event> batch;
        for (int i = 0; i < kBatch; ++i) {
            const QStringList t = rowTexts(o.rows + k * kBatch + i);
            batch.append(Event{++id, plane.clock->now().addMSecs(o.rows + k * kBatch + i), t[1], t[2], t[3]});
        }
        r.add(QStringLiteral("events_append_full"), timed([&] { view.model()->appendEvents(batch); }));
    }
    if (view.model()->rowCount() != o.rows)
        die(QStringLiteral("event log holds %1 rows").arg(view.model()->rowCount()));
    // Events never change: no refresh of visible rows exists for them.
    measureView(r, QStringLiteral("events"), table, o, {});
    auto *search = view.findChild<QLineEdit *>(QStringLiteral("eventSearch"));
    for (int i = 0; i < o.reps / 4 + 1; ++i) {
        r.add(QStringLiteral("events_filter"), timed([&] { search->setText(kFilterText); }));
        if (view.filterModel()->rowCount() != o.rows / kMatchEvery)
            die(QStringLiteral("event filter shows %1 rows").arg(view.filterModel()->rowCount()));
        r.add(QStringLiteral("events_filter"), timed([&] { search->clear(); }));
    }
}

void buildTasks(Plane &plane, int count)
{
    ControlPlane &cp = *plane.cp;
    for (int i = 0; i < 1000; i += 100) {
        ops::InstanceRequest req;
        req.cluster = QStringLiteral("default");
        req.engineId = QStringLiteral("sim");
        req.count = 100;
        if (auto ok = cp.instances().registerNew(req); !ok)
            die(ok.error().message);
    }
    auto spec = json::parseTaskDefinition(
        R"({"family": "bench", "containerDefinitions": [{"name": "app", "image": "fleetdeck/demo-web:1", "cpu": 8, "memory": 16}]})");
    if (!spec || !cp.taskDefinitions().registerNew(spec.value()))
        die(QStringLiteral("registerTaskDefinition failed"));
    for (int made = 0; made < count; made += 10) {
        ops::RunTaskRequest req;
        req.cluster = QStringLiteral("default");
        req.taskDefinition = QStringLiteral("bench");
        req.count = std::min(10, count - made);
        req.startedBy = QStringLiteral("bench-%1").arg(made / 10 % 1000);
        if (auto ok = cp.tasks().run(req); !ok)
            die(ok.error().message);
        plane.clock->advance(1);
    }
}

void runTasks(Report &r, const Options &o)
{
    Plane plane(o.keepPlane);
    QElapsedTimer setup;
    setup.start();
    if (!plane.reused)
        buildTasks(plane, o.rows);
    r.note(QStringLiteral("tasks_setup_s"), QString::number(double(setup.elapsed()) / 1000.0, 'f', 1));
    ui::ConsoleContext context(*plane.cp);
    ui::TasksView view(context);
    view.resize(1280, 800);
    view.show();
    QCoreApplication::processEvents();
    auto *table = view.findChild<QTableView *>(QStringLiteral("taskTable"));
    prepare(table);
    const double rssBefore = rssMiB();
    const Loaded open = timedLoad(*view.model(), [&] { view.setCluster(QStringLiteral("default")); });
    r.add(QStringLiteral("tasks_open_event"), open.event);
    r.add(QStringLiteral("tasks_open_event_cpu"), open.eventCpu);
    r.add(QStringLiteral("tasks_open_step"), open.step);
    r.add(QStringLiteral("tasks_open_step_cpu"), open.stepCpu);
    r.add(QStringLiteral("tasks_open_total"), open.total);
    r.note(QStringLiteral("tasks_open_passes"), QString::number(open.passes));
    if (view.model()->rowCount() != o.rows)
        die(QStringLiteral("task table holds %1 rows").arg(view.model()->rowCount()));
    const double rssOpen = rssMiB();
    settle(r, QStringLiteral("tasks"));
    const double rssSettled = rssMiB(); // with the proxy's filter texts and every column's sort keys
    // Opened again (another cluster shown in between): more samples of the same operation.
    for (int i = 0; i < 2; ++i) {
        view.setCluster({});
        while (view.model()->loading())
            QCoreApplication::processEvents();
        const Loaded again = timedLoad(*view.model(), [&] { view.setCluster(QStringLiteral("default")); });
        r.add(QStringLiteral("tasks_open_event"), again.event);
        r.add(QStringLiteral("tasks_open_event_cpu"), again.eventCpu);
        r.add(QStringLiteral("tasks_open_step"), again.step);
        r.add(QStringLiteral("tasks_open_step_cpu"), again.stepCpu);
        r.add(QStringLiteral("tasks_open_total"), again.total);
        if (view.model()->rowCount() != o.rows)
            die(QStringLiteral("task table holds %1 rows").arg(view.model()->rowCount()));
        settle(r, QStringLiteral("tasks"));
    }
    r.note(QStringLiteral("tasks_rss_before_mib"), QString::number(rssBefore, 'f', 1));
    r.note(QStringLiteral("tasks_rss_open_mib"), QString::number(rssOpen, 'f', 1));
    r.note(QStringLiteral("tasks_rss_settled_mib"), QString::number(rssSettled, 'f', 1));
    const QList<Task> tasks = plane.cp->tasks().list(QStringLiteral("default"));
    int changed = 0;
    measureView(
        r, QStringLiteral("tasks"), table, o,
        [&](int, int) { view.model()->refreshScheduled(); }, // what the model's coalescing timer runs
        [&] {
            const Task &t = tasks[(changed++ * 7919) % tasks.size()];
            (void)plane.cp->tasks().update(t.id, [&](Task &task) {
                task.pendingReason = QStringLiteral("bench %1").arg(changed);
            });
        });
    // A shown task's health changes (a cell on screen): the same keyed update, then one cell
    // signalled, and the cell's rect repainted as the next frame paints it.
    auto *proxy = qobject_cast<QSortFilterProxyModel *>(table->model());
    PaintCounter shownPaints(table->viewport());
    for (int i = 0; i < o.reps; ++i) {
        const auto [first, last] = visibleRows(table);
        const int row = proxy->mapToSource(proxy->index(first + i % (last - first + 1), 0)).row();
        const QString id = view.model()->rows().at(row).id;
        (void)plane.cp->tasks().update(id, [&](Task &task) {
            for (TaskContainer &c : task.containers) {
                c.hasHealthCheck = true;
                c.health = task.healthStatus == Health::Unhealthy ? Health::Healthy : Health::Unhealthy;
            }
        });
        paintScheduled(table);
        r.add(QStringLiteral("tasks_refresh_shown"), timed([&] {
                  view.model()->refreshScheduled();
                  paintScheduled(table);
              }));
    }
    std::printf("tasks_refresh_shown_paints=%d\n", shownPaints.paints);
    // A burst of more changes than the keyed path takes: the whole cluster re-read and merged.
    for (int i = 0; i < o.reps / 4 + 1; ++i) {
        const Loaded full = timedLoad(*view.model(), [&] { view.model()->refresh(); });
        r.add(QStringLiteral("tasks_refresh_full_event"), full.event);
        r.add(QStringLiteral("tasks_refresh_full_event_cpu"), full.eventCpu);
        r.add(QStringLiteral("tasks_refresh_full_step"), full.step);
        r.add(QStringLiteral("tasks_refresh_full_step_cpu"), full.stepCpu);
        r.add(QStringLiteral("tasks_refresh_full_total"), full.total);
        if (view.model()->rowCount() != o.rows)
            die(QStringLiteral("task table holds %1 rows after a re-read").arg(view.model()->rowCount()));
    }
    r.note(QStringLiteral("tasks_load_batch"), QString::number(ui::TaskTableModel::kLoadBatch));
    r.note(QStringLiteral("tasks_largest_load_step"), QString::number(view.model()->largestLoadStep()));
    settle(r, QStringLiteral("tasks"));
    auto *filter = view.findChild<QLineEdit *>(QStringLiteral("taskFilter"));
    const QString text = tasks[tasks.size() / 2].id.left(5); // a task id's prefix: a few rows
    for (int i = 0; i < o.reps / 4 + 1; ++i) {
        r.add(QStringLiteral("tasks_filter"), timed([&] { filter->setText(text); }));
        r.add(QStringLiteral("tasks_filter"), timed([&] { filter->clear(); }));
    }
    const int columns[] = {ui::TaskTableModel::TaskColumn, ui::TaskTableModel::InstanceColumn,
                           ui::TaskTableModel::StartedColumn, ui::TaskTableModel::LastStatusColumn};
    for (int i = 0; i < o.reps / 4 + 1; ++i)
        for (const int column : columns)
            r.add(QStringLiteral("tasks_sort"),
                  timed([&] { table->sortByColumn(column, i % 2 ? Qt::AscendingOrder : Qt::DescendingOrder); }));
}

// ---- the task table's proxy over a directly fed model ----------------------------------------

/// Task-shaped rows (the task table's ten columns), display text and raw sort value per cell.
class TaskRowsModel final : public QAbstractTableModel
{
public:
    struct Row
    {
        QString id, definition, instance, ports, reason;
        int last = 0, desired = 0, health = 0;
        QDateTime started, stopped;
    };
    std::vector<Row> rows;
    static constexpr int kColumns = 10;

    static Row make(int i, const QDateTime &t0)
    {
        Row r;
        r.id = QStringLiteral("%1%2")
                   .arg(quint32(i) * 2654435761u, 8, 16, QLatin1Char('0'))
                   .arg(quint32(i) * 40503u, 8, 16, QLatin1Char('0'));
        r.definition = QStringLiteral("bench:%1").arg(i % 7 + 1);
        r.instance =
            QStringLiteral("i-%1 (us-east-1%2)").arg(i % 1000, 17, 16, QLatin1Char('0')).arg(QChar(u'a' + i % 3));
        r.ports = QStringLiteral("127.0.0.%1:%2→8080").arg(i % 200 + 2).arg(32768 + i % 20000);
        r.last = i % 4;
        r.desired = i % 4 == 3 ? 3 : 2;
        r.health = i % 3;
        r.started = t0.addSecs(i);
        if (r.last == 3) {
            r.stopped = t0.addSecs(i + 60);
            r.reason = QStringLiteral("Essential container in task exited");
        }
        return r;
    }
    int rowCount(const QModelIndex &p = {}) const override { return p.isValid() ? 0 : int(rows.size()); }
    int columnCount(const QModelIndex &p = {}) const override { return p.isValid() ? 0 : kColumns; }
    QVariant data(const QModelIndex &index, int role) const override
    {
        static const QString statuses[] = {QStringLiteral("PROVISIONING"), QStringLiteral("PENDING"),
                                           QStringLiteral("RUNNING"), QStringLiteral("STOPPED")};
        static const QString health[] = {QStringLiteral("UNKNOWN"), QStringLiteral("HEALTHY"),
                                         QStringLiteral("UNHEALTHY")};
        if (!index.isValid() || (role != Qt::DisplayRole && role != ui::RawValueRole))
            return {};
        const Row &r = rows[std::size_t(index.row())];
        const bool raw = role == ui::RawValueRole;
        const auto date = [&](const QDateTime &at) -> QVariant {
            if (raw)
                return at;
            return at.isValid() ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
        };
        switch (index.column()) {
        case 0:
            return raw ? r.id : r.id.left(8);
        case 1:
            return r.definition;
        case 2:
            return raw ? QVariant(r.last) : QVariant(statuses[r.last]);
        case 3:
            return raw ? QVariant(r.desired) : QVariant(statuses[r.desired]);
        case 4:
            return health[r.health];
        case 5:
            return r.instance;
        case 6:
            return r.ports;
        case 7:
            return date(r.started);
        case 8:
            return date(r.stopped);
        default:
            return r.reason;
        }
    }
    void change(int row, const QDateTime &started)
    {
        rows[std::size_t(row)].started = started;
        rows[std::size_t(row)].last = (rows[std::size_t(row)].last + 1) % 4;
        emit dataChanged(index(row, 0), index(row, kColumns - 1), {Qt::DisplayRole, ui::RawValueRole});
    }
};

void runProxy(Report &r, const Options &o)
{
    const QDateTime t0 = QDateTime::fromMSecsSinceEpoch(1796000000000, Qt::UTC);
    TaskRowsModel model;
    model.rows.reserve(std::size_t(o.rows));
    for (int i = 0; i < o.rows; ++i)
        model.rows.push_back(TaskRowsModel::make(i, t0));
    ui::SortKeyProxyModel proxy; // set up as TasksView does
    proxy.setSourceModel(&model);
    proxy.setSortRole(ui::RawValueRole);
    proxy.setSortCaseSensitivity(Qt::CaseInsensitive);
    QTableView table;
    prepare(&table)->setModel(&proxy);
    table.setSortingEnabled(true);
    table.resize(1280, 800);
    table.show();
    QCoreApplication::processEvents();
    const int columns[] = {0, 5, 7, 2};
    // Sorted by start time (descending) while refreshed, as the Tasks page opens.
    r.add(QStringLiteral("proxy_sort_first"), timed([&] { table.sortByColumn(7, Qt::DescendingOrder); }));
    settle(r, QStringLiteral("proxy"));
    int changed = 0;
    measureView(r, QStringLiteral("proxy"), &table, o, [&](int, int) {
        // One task changed: its status and its start time (the sort key) move.
        const int row = (changed * 7919) % o.rows;
        model.change(row, t0.addSecs(-changed - 1)); // the oldest: to the end of the descending order
        ++changed;
    });
    const QString text = model.rows[std::size_t(o.rows / 2)].id.left(5).toUpper(); // a task id's prefix: a few rows
    for (int i = 0; i < o.reps / 4 + 1; ++i) {
        r.add(QStringLiteral("proxy_filter"), timed([&] { proxy.setFilterText(text); }));
        if (proxy.rowCount() < 1 || proxy.rowCount() > o.rows / 100)
            die(QStringLiteral("proxy filter shows %1 rows").arg(proxy.rowCount()));
        r.add(QStringLiteral("proxy_filter"), timed([&] { proxy.setFilterText({}); }));
    }
    for (int i = 0; i < o.reps / 4 + 1; ++i)
        for (const int column : columns)
            r.add(QStringLiteral("proxy_sort"),
                  timed([&] { table.sortByColumn(column, i % 2 ? Qt::AscendingOrder : Qt::DescendingOrder); }));
}

Options parse(const QStringList &args)
{
    Options o;
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == u"--rows")
            o.rows = std::max(kBatch, args[i + 1].toInt());
        else if (args[i] == u"--reps")
            o.reps = std::max(4, args[i + 1].toInt());
        else if (args[i] == u"--keep-plane")
            o.keepPlane = args[i + 1];
        else if (args[i] == u"--only")
            o.only = args[i + 1].split(u',');
        else
            die(QStringLiteral("unknown option %1 (--rows N, --reps R, --only floor,peer,events,tasks,proxy)")
                    .arg(args[i]));
    }
    return o;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    StepTimedApp app(argc, argv);
    const Options o = parse(app.arguments());
    Report report;
    report.note(QStringLiteral("rows"), QString::number(o.rows));
    report.note(QStringLiteral("reps"), QString::number(o.reps));
    report.note(QStringLiteral("qt"), QString::fromLatin1(qVersion()));
    const std::pair<const char *, void (*)(Report &, const Options &)> subjects[] = {
        {"floor", runFloor}, {"peer", runPeer}, {"events", runEvents}, {"tasks", runTasks}, {"proxy", runProxy}};
    for (const auto &[name, run] : subjects) {
        if (!o.only.contains(QLatin1String(name)))
            continue;
        std::fprintf(stderr, "bench-large-tables: %s\n", name);
        run(report, o);
    }
    report.print();
    return 0;
}
