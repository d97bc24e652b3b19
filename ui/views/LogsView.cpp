#include "LogsView.h"

#include "ChangeFeed.h"
#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "ops/Engines.h"
#include "Formatter.h"
#include "PageKeys.h"
#include "Palette.h"
#include "controllers/EngineMonitor.h"
#include "docker/DockerClient.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

constexpr int kFlushIntervalMs = 100;
const QString kManagedLabel = QStringLiteral("fleetdeck.managed=true");

QString containerText(const fd::docker::ContainerSummary &c)
{
    const QString name = c.names.isEmpty() ? Formatter::shortId(c.id) : c.names.front();
    return QStringLiteral("%1 — %2 (%3)").arg(name, c.image, c.state);
}

} // namespace

LogsView::LogsView(ConsoleContext &context, QWidget *parent)
    : Page(context, parent), m_cp(context.controlPlane()), m_engineCombo(new QComboBox(this)),
      m_containerCombo(new QComboBox(this)), m_managedOnly(new QCheckBox(tr("Only Fleetdeck's"), this)),
      m_refreshButton(new QPushButton(tr("Refresh"), this)), m_followButton(new QPushButton(tr("Follow"), this)),
      m_clearButton(new QPushButton(tr("Clear"), this)), m_searchEdit(new QLineEdit(this)),
      m_matchLabel(new QLabel(this)), m_text(new QPlainTextEdit(this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("logsView"));

    auto *title = new QLabel(tr("<h2>Container logs</h2>"), this);
    m_engineCombo->setObjectName(QStringLiteral("logsEngineCombo"));
    m_engineCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_containerCombo->setObjectName(QStringLiteral("containerCombo"));
    m_containerCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_containerCombo->setMinimumContentsLength(40);
    m_containerCombo->setToolTip(tr("The container whose logs are shown"));
    m_managedOnly->setObjectName(QStringLiteral("managedOnlyCheck"));
    m_managedOnly->setToolTip(tr("List only the containers Fleetdeck runs for tasks (label %1)").arg(kManagedLabel));
    m_refreshButton->setObjectName(QStringLiteral("refreshContainersButton"));
    m_refreshButton->setToolTip(tr("List the engine's containers again"));
    m_followButton->setObjectName(QStringLiteral("followButton"));
    m_followButton->setCheckable(true);
    m_followButton->setChecked(true);
    m_followButton->setToolTip(tr("Show new lines as the container writes them"));
    m_clearButton->setObjectName(QStringLiteral("clearLogButton"));
    m_searchEdit->setObjectName(QStringLiteral("logSearch"));
    m_searchEdit->setPlaceholderText(tr("Search the log… (Enter: next match)"));
    m_searchEdit->setClearButtonEnabled(true);
    m_matchLabel->setObjectName(QStringLiteral("logMatchCount"));
    m_matchLabel->setMinimumWidth(m_matchLabel->fontMetrics().horizontalAdvance(QStringLiteral("5000+ matches")));

    m_text->setObjectName(QStringLiteral("logText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setMaximumBlockCount(kMaxLines);
    m_text->setUndoRedoEnabled(false);
    m_text->setPlaceholderText(tr("Pick a container to see its logs. stdout lines are marked \"out\", stderr "
                                  "lines \"err\" in red."));
    m_status->setObjectName(QStringLiteral("logStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *top = new QHBoxLayout;
    top->addWidget(title);
    top->addSpacing(12);
    top->addWidget(new QLabel(tr("Engine:"), this));
    top->addWidget(m_engineCombo);
    top->addWidget(new QLabel(tr("Container:"), this));
    top->addWidget(m_containerCombo, 1);
    top->addWidget(m_managedOnly);
    top->addWidget(m_refreshButton);

    auto *second = new QHBoxLayout;
    second->addWidget(m_followButton);
    second->addWidget(m_clearButton);
    second->addSpacing(12);
    second->addWidget(m_searchEdit, 1);
    second->addWidget(m_matchLabel);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(second);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_status);

    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &LogsView::flushPending);
    connect(m_refreshButton, &QPushButton::clicked, this, &LogsView::refreshContainers);
    connect(m_managedOnly, &QCheckBox::toggled, this, &LogsView::refreshContainers);
    connect(m_engineCombo, &QComboBox::currentIndexChanged, this, &LogsView::refreshContainers);
    connect(m_containerCombo, &QComboBox::currentIndexChanged, this, &LogsView::openLogs);
    connect(m_clearButton, &QPushButton::clicked, this, &LogsView::clear);
    connect(m_followButton, &QPushButton::toggled, this, [this](bool follow) {
        if (follow) {
            openLogs(); // from the last kFollowTail lines, then live
            return;
        }
        ++m_generation;
        m_stream.reset();
        flushPending();
        setStatus(tr("Not following: %n line(s) shown.", nullptr, lineCount()), false);
    });
    connect(m_searchEdit, &QLineEdit::textChanged, this, &LogsView::highlightMatches);
    connect(m_searchEdit, &QLineEdit::returnPressed, this, [this] {
        const QString text = m_searchEdit->text();
        if (text.isEmpty())
            return;
        QTextCursor found = m_text->document()->find(text, m_text->textCursor());
        if (found.isNull())
            found = m_text->document()->find(text, 0); // wrap around
        if (!found.isNull()) {
            m_text->setTextCursor(found);
            m_text->ensureCursorVisible();
        }
    });
    ChangeFeed::watch(m_cp, Change::Engines, this, [this] { updateEngines(); });
    updateEngines();
    setEngineMonitor(context.engineMonitor());
    connect(&context, &ConsoleContext::engineMonitorChanged, this, &LogsView::setEngineMonitor);
}

LogsView::~LogsView()
{
    m_listing.cancel();
    m_reading.cancel();
}

void LogsView::setEngineMonitor(fd::EngineMonitor *monitor)
{
    m_monitor = monitor;
    refreshContainers();
}

QString LogsView::engineId() const
{
    return m_engineCombo->currentData().toString();
}

void LogsView::setEngineId(const QString &id)
{
    const int index = m_engineCombo->findData(id);
    if (index >= 0)
        m_engineCombo->setCurrentIndex(index);
}

QString LogsView::containerId() const
{
    return m_containerCombo->currentData().toString();
}

bool LogsView::selectContainer(const QString &idOrName)
{
    for (int i = 0; i < m_containerCombo->count(); ++i) {
        const QString id = m_containerCombo->itemData(i).toString();
        if (id == idOrName || id.startsWith(idOrName) ||
            m_containerCombo->itemData(i, Qt::UserRole + 1).toStringList().contains(idOrName)) {
            m_wantedContainer.clear();
            m_containerCombo->setCurrentIndex(i);
            return true;
        }
    }
    m_wantedContainer = idOrName;
    return false;
}

bool LogsView::isFollowing() const
{
    return m_followButton->isChecked();
}

void LogsView::setFollowing(bool follow)
{
    m_followButton->setChecked(follow);
}

int LogsView::lineCount() const
{
    const QTextDocument *doc = m_text->document();
    return doc->isEmpty() ? 0 : doc->blockCount();
}

void LogsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_containerCombo->count() == 0)
        refreshContainers();
}

void LogsView::updateEngines()
{
    QStringList ids;
    for (const fd::Engine &e : m_cp.engines().list())
        if (e.kind == fd::Engine::Kind::Docker)
            ids << e.id;
    bool same = ids.size() == m_engineCombo->count();
    for (int i = 0; same && i < ids.size(); ++i)
        same = m_engineCombo->itemData(i).toString() == ids[i];
    if (same)
        return;
    const QString current = engineId();
    {
        const QSignalBlocker blocker(m_engineCombo);
        m_engineCombo->clear();
        for (const QString &id : ids)
            m_engineCombo->addItem(id, id);
        const int index = m_engineCombo->findData(current);
        m_engineCombo->setCurrentIndex(index < 0 ? 0 : index);
    }
    m_engineCombo->setEnabled(!ids.isEmpty());
    refreshContainers();
}

fd::docker::DockerClient *LogsView::client(QString *whyNot) const
{
    if (!m_monitor) {
        *whyNot = tr("No engine connection: this console runs without an engine monitor, so it cannot reach "
                     "Docker to read logs.");
        return nullptr;
    }
    if (engineId().isEmpty()) {
        *whyNot = tr("No engine connection: there is no Docker engine. Add one under Engines (simulated "
                     "containers write no logs).");
        return nullptr;
    }
    fd::docker::DockerClient *c = m_monitor->client(engineId());
    if (!c)
        *whyNot = tr("No engine connection: engine %1 has an endpoint Fleetdeck cannot use.").arg(engineId());
    return c;
}

void LogsView::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? palette::themed(QStringLiteral("color: {{error}};")) : QString());
}

void LogsView::refreshContainers()
{
    m_listing.cancel();
    QString whyNot;
    fd::docker::DockerClient *c = client(&whyNot);
    m_refreshButton->setEnabled(c != nullptr);
    if (!c) {
        const QSignalBlocker blocker(m_containerCombo);
        m_containerCombo->clear();
        openLogs();
        setStatus(whyNot, true);
        return;
    }
    fd::docker::ContainerListQuery query;
    query.all = true; // a stopped container's logs are often the interesting ones
    if (m_managedOnly->isChecked())
        query.labels = {kManagedLabel};
    const QString engine = engineId();
    m_listing = c->listContainers(query);
    m_listing.then(this, [this, engine](const Result<QList<fd::docker::ContainerSummary>> &r) {
        if (engine != engineId())
            return;
        if (!r) {
            setStatus(tr("Cannot list the containers on %1: %2").arg(engine, r.error().message), true);
            return;
        }
        const QString before = m_wantedContainer.isEmpty() ? containerId() : QString();
        {
            const QSignalBlocker blocker(m_containerCombo);
            m_containerCombo->clear();
            for (const fd::docker::ContainerSummary &summary : r.value()) {
                m_containerCombo->addItem(containerText(summary), summary.id);
                m_containerCombo->setItemData(m_containerCombo->count() - 1, summary.names, Qt::UserRole + 1);
                m_containerCombo->setItemData(m_containerCombo->count() - 1, summary.status, Qt::ToolTipRole);
            }
            const int index = m_containerCombo->findData(before);
            m_containerCombo->setCurrentIndex(index < 0 ? (m_containerCombo->count() > 0 ? 0 : -1) : index);
        }
        if (!m_wantedContainer.isEmpty() && selectContainer(m_wantedContainer))
            return; // selecting it opened its logs
        if (containerId() != before || (m_text->document()->isEmpty() && !m_stream))
            openLogs();
        if (r->isEmpty())
            setStatus(m_managedOnly->isChecked()
                          ? tr("No Fleetdeck containers on %1 (label %2). Untick \"Only Fleetdeck's\" to see all.")
                                .arg(engine, kManagedLabel)
                          : tr("No containers on %1.").arg(engine),
                      false);
    });
}

void LogsView::clear()
{
    m_pending.clear();
    m_text->clear();
    highlightMatches();
}

void LogsView::openLogs()
{
    const int generation = ++m_generation;
    m_stream.reset();
    m_reading.cancel();
    m_flushTimer.stop();
    clear();
    const QString id = containerId();
    if (id.isEmpty()) {
        setStatus(m_containerCombo->count() == 0 ? QString() : tr("Pick a container."), false);
        return;
    }
    QString whyNot;
    fd::docker::DockerClient *c = client(&whyNot);
    if (!c) {
        setStatus(whyNot, true);
        return;
    }
    const QString name = m_containerCombo->currentText().section(QStringLiteral(" — "), 0, 0);
    fd::docker::LogOptions options;
    options.timestamps = true;
    if (isFollowing()) {
        options.tail = kFollowTail;
        m_stream = c->followLogs(id, options);
        connect(m_stream.get(), &fd::docker::LogStream::line, this, [this](const fd::docker::LogLine &line) {
            m_pending.push_back(line);
            if (m_pending.size() > size_t(kMaxLines))
                m_pending.pop_front();
            if (!m_flushTimer.isActive())
                m_flushTimer.start();
        });
        connect(m_stream.get(), &fd::docker::LogStream::finished, this,
                [this, name](const QString &errorCode, const QString &message) {
                    flushPending();
                    if (errorCode.isEmpty())
                        setStatus(tr("%1 stopped: the log ends here (%n line(s)).", nullptr, lineCount()).arg(name),
                                  false);
                    else
                        setStatus(tr("Following %1 ended: %2").arg(name, message), true);
                });
        setStatus(tr("Following %1 (the last %2 lines, then live).").arg(name).arg(kFollowTail), false);
        return;
    }
    options.tail = kMaxLines;
    setStatus(tr("Reading the logs of %1…").arg(name), false);
    m_reading = c->logs(id, options);
    m_reading.then(this, [this, generation, name](const Result<QList<fd::docker::LogLine>> &r) {
        if (generation != m_generation)
            return;
        if (!r) {
            setStatus(tr("Cannot read the logs of %1: %2").arg(name, r.error().message), true);
            return;
        }
        appendLines(r.value());
        setStatus(tr("%n line(s) of %1 (not following).", nullptr, lineCount()).arg(name), false);
    });
}

void LogsView::flushPending()
{
    m_flushTimer.stop();
    if (m_pending.empty())
        return;
    QList<fd::docker::LogLine> lines(m_pending.begin(), m_pending.end());
    m_pending.clear();
    appendLines(lines);
}

void LogsView::appendLines(const QList<fd::docker::LogLine> &lines)
{
    if (lines.isEmpty())
        return;
    QScrollBar *bar = m_text->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 2;

    QTextCharFormat outPrefix;
    outPrefix.setForeground(palette::inactiveText());
    QTextCharFormat errPrefix;
    errPrefix.setForeground(palette::Error);
    errPrefix.setFontWeight(QFont::Bold);
    const QTextCharFormat outText;
    QTextCharFormat errText;
    errText.setForeground(palette::Error);

    // Only the newest kMaxLines can stay: skip the rest instead of inserting and dropping them.
    const qsizetype first = std::max<qsizetype>(0, lines.size() - kMaxLines);
    QTextCursor cursor(m_text->document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    bool empty = m_text->document()->isEmpty();
    for (qsizetype i = first; i < lines.size(); ++i) {
        const fd::docker::LogLine &line = lines[i];
        const bool err = line.source == fd::docker::LogSource::Stderr;
        if (!empty)
            cursor.insertBlock();
        empty = false;
        QString time = Formatter::logTime(line.timestamp);
        if (!time.isEmpty())
            time += u' ';
        cursor.insertText((err ? QStringLiteral("err ") : QStringLiteral("out ")) + time, err ? errPrefix : outPrefix);
        QString text = QString::fromUtf8(line.text);
        while (text.endsWith(u'\r'))
            text.chop(1);
        cursor.insertText(text, err ? errText : outText);
    }
    cursor.endEditBlock();
    if (atBottom || isFollowing())
        bar->setValue(bar->maximum());
    if (!m_searchEdit->text().isEmpty())
        highlightMatches();
}

void LogsView::highlightMatches()
{
    const QString text = m_searchEdit->text();
    QList<QTextEdit::ExtraSelection> selections;
    if (!text.isEmpty()) {
        QTextCharFormat format;
        format.setBackground(palette::SearchHit);
        format.setForeground(palette::SearchHitText);
        QTextCursor cursor(m_text->document());
        while (selections.size() < kMaxHighlights) {
            cursor = m_text->document()->find(text, cursor);
            if (cursor.isNull())
                break;
            selections.append({cursor, format});
        }
    }
    m_text->setExtraSelections(selections);
    m_matchCount = int(selections.size());
    if (text.isEmpty())
        m_matchLabel->clear();
    else if (m_matchCount >= kMaxHighlights)
        m_matchLabel->setText(tr("%1+ matches").arg(kMaxHighlights));
    else
        m_matchLabel->setText(tr("%n match(es)", nullptr, m_matchCount));
    m_matchLabel->setStyleSheet(
        !text.isEmpty() && m_matchCount == 0 ? palette::themed(QStringLiteral("color: {{error}};")) : QString());
}

QString LogsView::itemKey(const QString &engineId, const QString &containerId)
{
    return engineId + u'/' + containerId;
}

QString LogsView::pageKey() const
{
    return pages::Logs;
}

QString LogsView::title() const
{
    return tr("Container logs");
}

QString LogsView::toolTip(const QString &key) const
{
    Q_UNUSED(key)
    return tr("The logs of a container on a Docker engine");
}

void LogsView::showKey(const QString &key)
{
    Q_UNUSED(key)
}

bool LogsView::selectItem(const QString &item)
{
    const int slash = int(item.lastIndexOf(u'/'));
    if (slash < 0)
        return selectContainer(item);
    setEngineId(item.left(slash));
    return selectContainer(item.mid(slash + 1));
}

} // namespace fd::ui
