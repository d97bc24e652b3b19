#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace fd {
class ControlPlane;
}

namespace fd::ui {

class EventLogFilterModel;
class EventLogModel;

/**
 * Every event of every resource, newest first, live. Filters: resource type (combo), resource
 * (text), and free text over all columns. Export… writes what the filters show as CSV.
 */
class EventLogView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogView)

public:
    /// `capacity`: the events kept (EventLogModel::kDefaultCapacity by default).
    explicit EventLogView(fd::ControlPlane &cp, QWidget *parent = nullptr, int capacity = 0);
    QTableView *table() const { return m_table; }

    EventLogModel *model() const { return m_model; }
    EventLogFilterModel *filterModel() const { return m_filter; }

    /// Shows only the events of one resource ("cluster", "default"); empty strings clear.
    void showResource(const QString &resourceType, const QString &resource);
    /// Writes the visible (filtered) rows as CSV; false (and a message) on failure.
    bool exportCsv(const QString &path);

private:
    void updateResourceTypes(const QStringList &types);
    void updateCount();

    EventLogModel *m_model;
    EventLogFilterModel *m_filter;
    QComboBox *m_resourceTypeCombo;
    QLineEdit *m_resourceEdit;
    QLineEdit *m_searchEdit;
    QLabel *m_count;
    QPushButton *m_exportButton;
    QTableView *m_table;
};

} // namespace fd::ui
