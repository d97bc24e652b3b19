#pragma once

#include "ControlPlane.h"
#include "ops/Instances.h"

#include <QDialog>

#include <functional>
#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace fd::ui {

/**
 * Asks what container instances to register in a cluster: on which engine, of which instance type,
 * in which availability zone (or spread over all), how many (1-10,000), and optional custom
 * attributes. Yields a ops::InstanceRequest; the caller registers it. With a submitter
 * set, Add hands the request to it and the dialog stays open showing the ControlPlane's message
 * until it is accepted.
 *
 * The dialog does not add engines itself: "New engine…" emits addEngineRequested(), and the caller
 * adds one and hands the new list back through setEngines().
 */
class AddInstancesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddInstancesDialog)

public:
    using Request = ops::InstanceRequest;
    /// Returns the error that keeps the dialog open, or nothing to close it.
    using Submitter = std::function<std::optional<fd::Error>(const Request &)>;

    AddInstancesDialog(const QString &cluster, const QList<fd::Engine> &engines, const QStringList &zones,
                       QWidget *parent = nullptr);

    /// Replaces the engine choices; selects `select` when given, else keeps the current one.
    void setEngines(const QList<fd::Engine> &engines, const QString &select = {});
    /// The request as the form stands; empty engineId when there is no engine to choose.
    Request request() const;
    /// Fills the form from `request` (its cluster is ignored: the dialog's cluster stays).
    void setRequest(const Request &request);
    void setSubmitter(Submitter submitter);
    /// Empty when the attributes text parses, otherwise what is wrong (with the line).
    QString attributesProblem() const;

    void accept() override;

signals:
    void addEngineRequested();

private:
    void revalidate();
    void showError(const QString &message);
    // "name=value" lines -> attributes; sets problem when a line cannot be used.
    QMap<QString, QString> parseAttributes(QString *problem) const;

    QString m_cluster;
    QStringList m_zones;
    QList<fd::Engine> m_engines;
    QComboBox *m_engineCombo;
    QPushButton *m_newEngineButton;
    QLabel *m_engineWarning;
    QComboBox *m_typeCombo;
    QComboBox *m_zoneCombo;
    QSpinBox *m_countSpin;
    QPlainTextEdit *m_attributesEdit;
    QLabel *m_summary;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
    Submitter m_submitter;
};

} // namespace fd::ui
