#pragma once

#include "Page.h"
#include "model/ContainerInstance.h"

#include <QPointer>

#include <optional>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace fd {
class ControlPlane;
class EngineMonitor;
} // namespace fd

namespace fd::ui {

class EngineTableModel;

/**
 * Every engine with its kind, endpoint and observed connection (connected, version, since when,
 * the last error), live; Add engine… and, with an engine monitor, Check now.
 */
class EnginesView final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnginesView)

public:
    explicit EnginesView(ConsoleContext &context, QWidget *parent = nullptr);

    QString pageKey() const override;
    QString title() const override;
    QString toolTip(const QString &key) const override;
    void showKey(const QString &key) override;
    bool selectItem(const QString &item) override;

    /// Enables Check now (probes every Docker engine at once). Null: no probing from here.
    void setEngineMonitor(fd::EngineMonitor *monitor);
    EngineTableModel *model() const { return m_model; }
    void selectEngine(const QString &id);
    QString selectedEngine() const;

    /// Runs the Add engine dialog and adds what it yields through the ControlPlane; the dialog
    /// stays open with the ControlPlane's message until it accepts. The added engine, or nothing.
    static std::optional<fd::Engine> addEngineInteractively(fd::ControlPlane &cp, QWidget *parent);

public slots:
    void addEngine();

private:
    void updateDetails();

    fd::ControlPlane &m_cp;
    QPointer<fd::EngineMonitor> m_monitor;
    EngineTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QPushButton *m_addButton;
    QPushButton *m_checkNowButton;
    QLabel *m_details;
};

} // namespace fd::ui
