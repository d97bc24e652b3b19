#pragma once

#include "Page.h"
#include "docker/DockerTypes.h"
#include "docker/Pending.h"
#include "images/DemoImages.h"

#include <QPointer>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace fd {
class ControlPlane;
class EngineMonitor;
namespace docker {
class DockerClient;
}
} // namespace fd

namespace fd::ui {

class ImageTableModel;

/**
 * The local images of a Docker engine (tags, short id, size, created), Refresh, Pull… with a
 * progress bar and a clear error when no registry answers, and how to build the demo images.
 * Everything is asynchronous through the engine monitor's DockerClient; without a monitor (or
 * without a Docker engine) the view says so instead of showing an empty table.
 */
class ImagesView final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImagesView)

public:
    explicit ImagesView(ConsoleContext &context, QWidget *parent = nullptr);

    QString pageKey() const override;
    QString title() const override;
    QString toolTip(const QString &key) const override;
    void showKey(const QString &key) override;
    bool selectItem(const QString &item) override;
    ~ImagesView() override;

    void setEngineMonitor(fd::EngineMonitor *monitor);
    ImageTableModel *model() const { return m_model; }
    /// The engine whose images are shown ("" when there is no Docker engine).
    QString engineId() const;
    void setEngineId(const QString &id);
    bool isPulling() const { return m_pull.isValid() && !m_pull.isFinished() && !m_pull.isCancelled(); }
    bool isBuilding() const;
    /// Where Build demo images looks for the demo-web binary and its Dockerfile (default: the
    /// environment, next to the executable, the install share dirs; see DemoImageSearch).
    void setDemoImageSearch(const fd::images::DemoImageSearch &search) { m_demoSearch = search; }

public slots:
    void refresh();
    /// Asks for a reference, then pulls it.
    void pullWithDialog();
    void pull(const QString &reference);
    void cancelPull();
    /// Builds fleetdeck/demo-web:1 and :2 on the engine from the demo-web binary (what
    /// resources/scripts/build-images.sh does), with the builder's progress; says clearly where
    /// it looked when there is no binary.
    void buildDemoImages();
    void cancelBuild();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateEngines();
    void setMessage(const QString &text, bool error);
    void updateDemoStatus();
    fd::docker::DockerClient *client(QString *whyNot) const;

    fd::ControlPlane &m_cp;
    QPointer<fd::EngineMonitor> m_monitor;
    ImageTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QComboBox *m_engineCombo;
    QPushButton *m_refreshButton;
    QPushButton *m_pullButton;
    QPushButton *m_buildDemoButton;
    QLabel *m_message;
    QLabel *m_demoStatus;
    QTableView *m_table;
    QWidget *m_pullPanel;
    QLabel *m_pullStatus;
    QProgressBar *m_pullProgress;
    QPushButton *m_cancelPullButton;
    QWidget *m_buildPanel;
    QLabel *m_buildStatus;
    QProgressBar *m_buildProgress;
    QPushButton *m_cancelBuildButton;
    QPlainTextEdit *m_buildOutput;
    fd::images::DemoImageBuilder *m_builder = nullptr; // for the engine it was made for
    QString m_builderEngine;
    std::optional<fd::images::DemoImageSearch> m_demoSearch; // unset: from the environment, at each build
    int m_buildImageIndex = 0;                               // which of the two images the progress is about
    fd::docker::Pending<QList<fd::docker::ImageSummary>> m_listing;
    fd::docker::Pending<fd::docker::PullResult> m_pull;
    QString m_pullReference;
    int m_generation = 0;  // answers for an earlier engine or refresh are dropped
    bool m_listed = false; // the last listing answered (the demo-image status means something)
};

} // namespace fd::ui
