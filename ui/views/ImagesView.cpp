#include "ImagesView.h"

#include "ChangeFeed.h"
#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "ops/Engines.h"
#include "Formatter.h"
#include "PageKeys.h"
#include "Palette.h"
#include "controllers/EngineMonitor.h"
#include "docker/DockerClient.h"
#include "models/ImageTableModel.h"
#include "models/ItemRoles.h"

#include <QComboBox>
#include <QDir>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

const QStringList kDemoTags = {QStringLiteral("fleetdeck/demo-web:1"), QStringLiteral("fleetdeck/demo-web:2")};

} // namespace

ImagesView::ImagesView(ConsoleContext &context, QWidget *parent)
    : Page(context, parent), m_cp(context.controlPlane()), m_model(new ImageTableModel(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_engineCombo(new QComboBox(this)),
      m_refreshButton(new QPushButton(tr("Refresh"), this)), m_pullButton(new QPushButton(tr("Pull…"), this)),
      m_buildDemoButton(new QPushButton(tr("Build demo images"), this)), m_message(new QLabel(this)),
      m_demoStatus(new QLabel(this)), m_table(new QTableView(this)), m_pullPanel(new QWidget(this)),
      m_pullStatus(new QLabel(this)), m_pullProgress(new QProgressBar(this)),
      m_cancelPullButton(new QPushButton(tr("Cancel pull"), this)), m_buildPanel(new QWidget(this)),
      m_buildStatus(new QLabel(this)), m_buildProgress(new QProgressBar(this)),
      m_cancelBuildButton(new QPushButton(tr("Cancel build"), this)), m_buildOutput(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("imagesView"));

    auto *title = new QLabel(tr("<h2>Images</h2>"), this);
    m_engineCombo->setObjectName(QStringLiteral("imageEngineCombo"));
    m_engineCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_engineCombo->setToolTip(tr("The Docker engine whose local images are shown"));
    m_refreshButton->setObjectName(QStringLiteral("refreshImagesButton"));
    m_pullButton->setObjectName(QStringLiteral("pullImageButton"));
    m_pullButton->setToolTip(tr("Pull an image from its registry onto this engine"));
    m_buildDemoButton->setObjectName(QStringLiteral("buildDemoImagesButton"));
    m_buildDemoButton->setToolTip(tr("Build fleetdeck/demo-web:1 (blue) and :2 (green) on this engine from the "
                                     "demo-web binary, FROM scratch: no registry needed. Up-to-date images are kept."));
    m_message->setObjectName(QStringLiteral("imagesMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_demoStatus->setObjectName(QStringLiteral("demoImagesStatus"));
    m_demoStatus->setWordWrap(true);

    m_pullPanel->setObjectName(QStringLiteral("pullPanel"));
    m_pullStatus->setObjectName(QStringLiteral("pullStatus"));
    m_pullStatus->setWordWrap(true);
    m_pullStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_pullProgress->setObjectName(QStringLiteral("pullProgress"));
    m_pullProgress->setTextVisible(true);
    m_pullProgress->setMinimumWidth(220);
    m_cancelPullButton->setObjectName(QStringLiteral("cancelPullButton"));
    auto *pullLayout = new QHBoxLayout(m_pullPanel);
    pullLayout->setContentsMargins(0, 0, 0, 0);
    pullLayout->addWidget(m_pullStatus, 1);
    pullLayout->addWidget(m_pullProgress);
    pullLayout->addWidget(m_cancelPullButton);
    m_pullPanel->hide();

    m_buildPanel->setObjectName(QStringLiteral("buildPanel"));
    m_buildStatus->setObjectName(QStringLiteral("buildStatus"));
    m_buildStatus->setWordWrap(true);
    m_buildStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_buildProgress->setObjectName(QStringLiteral("buildProgress"));
    m_buildProgress->setTextVisible(true);
    m_buildProgress->setMinimumWidth(220);
    m_cancelBuildButton->setObjectName(QStringLiteral("cancelBuildButton"));
    m_buildOutput->setObjectName(QStringLiteral("buildOutput"));
    m_buildOutput->setReadOnly(true);
    m_buildOutput->setMaximumBlockCount(500);
    m_buildOutput->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_buildOutput->setFixedHeight(m_buildOutput->fontMetrics().height() * 6 + 12);
    m_buildOutput->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto *buildRow = new QHBoxLayout;
    buildRow->addWidget(m_buildStatus, 1);
    buildRow->addWidget(m_buildProgress);
    buildRow->addWidget(m_cancelBuildButton);
    auto *buildLayout = new QVBoxLayout(m_buildPanel);
    buildLayout->setContentsMargins(0, 0, 0, 0);
    buildLayout->addLayout(buildRow);
    buildLayout->addWidget(m_buildOutput);
    m_buildPanel->hide();

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RawValueRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_table->setObjectName(QStringLiteral("imageTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ImageTableModel::TagsColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    QHeaderView *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    const QFontMetrics fm = m_table->fontMetrics();
    header->resizeSection(ImageTableModel::TagsColumn,
                          fm.horizontalAdvance(QStringLiteral("fleetdeck/demo-web:1, fleetdeck/demo-web:latest")));
    header->resizeSection(ImageTableModel::IdColumn, fm.horizontalAdvance(QStringLiteral("0123456789abc")) + 24);
    header->resizeSection(ImageTableModel::SizeColumn, fm.horizontalAdvance(QStringLiteral("1023.9 MiB")) + 24);
    header->setStretchLastSection(true);

    auto *top = new QHBoxLayout;
    top->addWidget(title);
    top->addSpacing(12);
    top->addWidget(new QLabel(tr("Engine:"), this));
    top->addWidget(m_engineCombo);
    top->addStretch();
    top->addWidget(m_refreshButton);
    top->addWidget(m_pullButton);
    top->addWidget(m_buildDemoButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_message);
    layout->addWidget(m_demoStatus);
    layout->addWidget(m_pullPanel);
    layout->addWidget(m_buildPanel);
    layout->addWidget(m_table, 1);

    connect(m_refreshButton, &QPushButton::clicked, this, &ImagesView::refresh);
    connect(m_pullButton, &QPushButton::clicked, this, &ImagesView::pullWithDialog);
    connect(m_cancelPullButton, &QPushButton::clicked, this, &ImagesView::cancelPull);
    connect(m_buildDemoButton, &QPushButton::clicked, this, &ImagesView::buildDemoImages);
    connect(m_cancelBuildButton, &QPushButton::clicked, this, &ImagesView::cancelBuild);
    connect(m_engineCombo, &QComboBox::currentIndexChanged, this, &ImagesView::refresh);
    ChangeFeed::watch(m_cp, Change::Engines, this, [this] { updateEngines(); });
    // An engine that comes back is listed again, if the last attempt failed and this is on screen.
    ChangeFeed::watch(m_cp, Change::Engines, this, [this] {
        const std::optional<fd::Engine> engine = m_cp.engines().find(engineId());
        if (engine && engine->connected && !m_listed && isVisible() && m_monitor)
            refresh();
    });
    updateEngines();
    setEngineMonitor(context.engineMonitor());
    connect(&context, &ConsoleContext::engineMonitorChanged, this, &ImagesView::setEngineMonitor);
}

ImagesView::~ImagesView()
{
    // The client outlives this view: stop its progress callbacks and continuations reaching us.
    m_listing.cancel();
    m_pull.cancel();
    delete m_builder; // cancels its calls before the client can call back
}

void ImagesView::setEngineMonitor(fd::EngineMonitor *monitor)
{
    m_monitor = monitor;
    refresh();
}

QString ImagesView::engineId() const
{
    return m_engineCombo->currentData().toString();
}

void ImagesView::setEngineId(const QString &id)
{
    const int index = m_engineCombo->findData(id);
    if (index >= 0)
        m_engineCombo->setCurrentIndex(index);
}

void ImagesView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

void ImagesView::updateEngines()
{
    const QString current = engineId();
    QStringList ids;
    QStringList texts;
    for (const fd::Engine &e : m_cp.engines().list()) {
        if (e.kind != fd::Engine::Kind::Docker)
            continue;
        ids << e.id;
        texts << QStringLiteral("%1 (%2)").arg(e.id, e.endpoint);
    }
    bool same = ids.size() == m_engineCombo->count();
    for (int i = 0; same && i < ids.size(); ++i)
        same = m_engineCombo->itemData(i).toString() == ids[i];
    if (same)
        return;
    {
        const QSignalBlocker blocker(m_engineCombo);
        m_engineCombo->clear();
        for (int i = 0; i < ids.size(); ++i)
            m_engineCombo->addItem(texts[i], ids[i]);
        const int index = m_engineCombo->findData(current);
        m_engineCombo->setCurrentIndex(index < 0 ? 0 : index);
    }
    m_engineCombo->setEnabled(!ids.isEmpty());
    refresh();
}

fd::docker::DockerClient *ImagesView::client(QString *whyNot) const
{
    if (!m_monitor) {
        *whyNot = tr("No engine connection: this console runs without an engine monitor, so it cannot reach "
                     "Docker to list images.");
        return nullptr;
    }
    if (engineId().isEmpty()) {
        *whyNot = tr("No engine connection: there is no Docker engine. Add one under <b>Engines</b> (a simulated "
                     "engine has no images).");
        return nullptr;
    }
    fd::docker::DockerClient *c = m_monitor->client(engineId());
    if (!c)
        *whyNot = tr("No engine connection: engine %1 has an endpoint Fleetdeck cannot use.").arg(engineId());
    return c;
}

void ImagesView::setMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? palette::themed(QStringLiteral("color: {{error}};")) : QString());
    m_message->setVisible(!text.isEmpty());
}

void ImagesView::refresh()
{
    const int generation = ++m_generation;
    m_listing.cancel();
    QString whyNot;
    fd::docker::DockerClient *c = client(&whyNot);
    m_pullButton->setEnabled(c && !isPulling());
    m_refreshButton->setEnabled(c != nullptr);
    m_listed = false;
    if (!c) {
        m_model->setImages({});
        setMessage(whyNot, true);
        updateDemoStatus();
        return;
    }
    if (m_model->rowCount() == 0)
        setMessage(tr("Listing the images on %1…").arg(engineId()), false);
    const QString engine = engineId();
    m_listing = c->listImages();
    m_listing.then(this, [this, generation, engine](const Result<QList<fd::docker::ImageSummary>> &r) {
        if (generation != m_generation)
            return;
        if (!r) {
            m_model->setImages({});
            setMessage(tr("Cannot list the images on %1: %2").arg(engine, r.error().message), true);
        } else {
            m_listed = true;
            m_model->setImages(r.value());
            qint64 total = 0;
            for (const fd::docker::ImageSummary &i : r.value())
                total += i.size;
            setMessage(
                tr("%n image(s) on %1, %2 in all.", nullptr, int(r->size())).arg(engine, Formatter::bytes(total)),
                false);
        }
        updateDemoStatus();
    });
}

void ImagesView::updateDemoStatus()
{
    if (!m_listed) {
        m_demoStatus->hide();
        return;
    }
    QStringList missing;
    for (const QString &tag : kDemoTags)
        if (!m_model->hasTag(tag))
            missing << tag;
    m_demoStatus->setText(missing.isEmpty() ? tr("Demo images present: %1.").arg(kDemoTags.join(QStringLiteral(", ")))
                                            : tr("Demo images missing: %1. <b>Build demo images</b> builds them.")
                                                  .arg(missing.join(QStringLiteral(", "))));
    m_demoStatus->setStyleSheet(missing.isEmpty() ? QString() : palette::themed(QStringLiteral("color: {{waiting}};")));
    m_demoStatus->show();
}

void ImagesView::pullWithDialog()
{
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("pullImageDialog"));
    dialog.setWindowTitle(tr("Pull image"));
    dialog.setLabelText(tr("Image to pull onto %1 (for example nginx:alpine).\nPulling needs the image's "
                           "registry; the demo images need none (Build demo images…).")
                            .arg(engineId()));
    dialog.setTextValue(m_pullReference);
    dialog.setOkButtonText(tr("Pull"));
    dialog.resize(460, dialog.sizeHint().height());
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString reference = dialog.textValue().trimmed();
    if (!reference.isEmpty())
        pull(reference);
}

void ImagesView::pull(const QString &reference)
{
    QString whyNot;
    fd::docker::DockerClient *c = client(&whyNot);
    if (!c) {
        setMessage(whyNot, true);
        return;
    }
    m_pull.cancel();
    m_pullReference = reference;
    m_pullPanel->show();
    m_pullStatus->setStyleSheet(QString());
    m_pullStatus->setText(tr("Pulling %1 onto %2…").arg(reference, engineId()));
    m_pullProgress->setRange(0, 0); // busy until the first byte counts arrive
    m_pullProgress->show();
    m_cancelPullButton->show();
    m_pullButton->setEnabled(false);

    const QPointer<ImagesView> self(this);
    const auto progress = [self, reference](const fd::docker::PullProgress &p) {
        if (!self)
            return;
        if (p.overallTotal > 0) {
            // Per-mille keeps the bar's range in int for images of any size.
            self->m_pullProgress->setRange(0, 1000);
            self->m_pullProgress->setValue(int(std::min<qint64>(1000, p.overallCurrent * 1000 / p.overallTotal)));
            self->m_pullProgress->setFormat(
                QStringLiteral("%1 / %2").arg(Formatter::bytes(p.overallCurrent), Formatter::bytes(p.overallTotal)));
        }
        const QString layer = p.layerId.isEmpty() ? QString() : QStringLiteral(" %1").arg(p.layerId);
        self->m_pullStatus->setText(tr("Pulling %1: %2%3").arg(reference, p.status, layer));
    };
    m_pull = c->pullImage(reference, progress);
    m_pull.then(this, [this, reference](const Result<fd::docker::PullResult> &r) {
        m_cancelPullButton->hide();
        m_pullProgress->hide();
        m_pullButton->setEnabled(true);
        if (!r) {
            m_pullStatus->setText(r.error().message);
            m_pullStatus->setStyleSheet(palette::themed(QStringLiteral("color: {{error}};")));
            return;
        }
        m_pullStatus->setText(r->status.isEmpty() ? tr("Pulled %1.").arg(reference) : r->status);
        refresh();
    });
}

void ImagesView::cancelPull()
{
    if (!isPulling())
        return;
    m_pull.cancel();
    m_cancelPullButton->hide();
    m_pullProgress->hide();
    m_pullButton->setEnabled(true);
    m_pullStatus->setText(tr("Pull of %1 cancelled.").arg(m_pullReference));
}

bool ImagesView::isBuilding() const
{
    return m_builder && m_builder->isRunning();
}

void ImagesView::buildDemoImages()
{
    if (isBuilding())
        return;
    m_buildPanel->show();
    m_buildOutput->clear();
    m_buildProgress->hide();
    m_cancelBuildButton->hide();
    const auto fail = [this](const QString &text) {
        m_buildStatus->setText(text);
        m_buildStatus->setStyleSheet(palette::themed(QStringLiteral("color: {{error}};")));
        m_buildOutput->setVisible(!m_buildOutput->document()->isEmpty());
    };
    QString whyNot;
    fd::docker::DockerClient *c = client(&whyNot);
    if (!c) {
        fail(whyNot);
        return;
    }
    const Result<fd::images::DemoImageSources> sources =
        fd::images::locateDemoImageSources(m_demoSearch.value_or(fd::images::DemoImageSearch::fromEnvironment()));
    if (!sources) {
        fail(tr("Cannot build the demo images: %1").arg(sources.error().message));
        return;
    }
    if (!m_builder || m_builderEngine != engineId() || m_monitor->client(m_builderEngine) != c) {
        delete m_builder;
        m_builder = new fd::images::DemoImageBuilder(*c, this);
        m_builderEngine = engineId();
        connect(m_builder, &fd::images::DemoImageBuilder::progress, this,
                [this](const QString &tag, int step, int steps, const QString &line) {
                    m_buildOutput->appendPlainText(line);
                    if (steps <= 0)
                        return;
                    // Two images of `steps` steps each: one bar for both.
                    m_buildProgress->setRange(0, 2 * steps);
                    m_buildProgress->setValue(m_buildImageIndex * steps + step);
                    m_buildProgress->setFormat(tr("%1: step %2 of %3").arg(tag).arg(step).arg(steps));
                    m_buildStatus->setText(tr("Building %1…").arg(tag));
                });
        connect(m_builder, &fd::images::DemoImageBuilder::imageDone, this, [this] { ++m_buildImageIndex; });
        connect(m_builder, &fd::images::DemoImageBuilder::finished, this, [this](bool ok, const QString &message) {
            m_buildProgress->hide();
            m_cancelBuildButton->hide();
            m_buildDemoButton->setEnabled(true);
            m_buildStatus->setText(message);
            m_buildStatus->setStyleSheet(ok ? QString() : palette::themed(QStringLiteral("color: {{error}};")));
            if (ok)
                m_buildOutput->hide();
            refresh();
        });
    }
    m_buildImageIndex = 0;
    m_buildStatus->setStyleSheet(QString());
    m_buildStatus->setText(
        tr("Building the demo images on %1 from %2…").arg(engineId(), QDir::toNativeSeparators(sources->binary)));
    m_buildStatus->setToolTip(tr("Binary: %1\nDockerfile: %2").arg(sources->binary, sources->dockerfile));
    m_buildProgress->setRange(0, 0); // busy until the first step
    m_buildProgress->setFormat(QString());
    m_buildProgress->show();
    m_cancelBuildButton->show();
    m_buildOutput->show();
    m_buildDemoButton->setEnabled(false);
    m_builder->start(*sources);
}

void ImagesView::cancelBuild()
{
    if (m_builder)
        m_builder->cancel();
}

QString ImagesView::pageKey() const
{
    return pages::Images;
}

QString ImagesView::title() const
{
    return tr("Images");
}

QString ImagesView::toolTip(const QString &key) const
{
    Q_UNUSED(key)
    return tr("The local images of a Docker engine");
}

void ImagesView::showKey(const QString &key)
{
    Q_UNUSED(key)
}

bool ImagesView::selectItem(const QString &item)
{
    Q_UNUSED(item)
    return false;
}

} // namespace fd::ui
