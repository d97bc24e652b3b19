#pragma once

#include "Result.h"
#include "model/ContainerInstance.h"

#include <QDialog>

#include <functional>
#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace fd::ui {

/**
 * Asks for an engine: a name, Docker or simulated, and for Docker its endpoint
 * (unix:///var/run/docker.sock, tcp://127.0.0.1:2375, tcp+tls://host:2376). Yields the three
 * values; the caller adds the engine. With a submitter set, Add hands the values to it and the
 * dialog stays open showing the ControlPlane's message (and marking the field it names) until
 * the submitter accepts them.
 */
class AddEngineDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddEngineDialog)

public:
    struct Spec
    {
        QString id;
        fd::Engine::Kind kind = fd::Engine::Kind::Docker;
        QString endpoint; ///< empty for a simulated engine
    };
    /// Returns the error that keeps the dialog open, or nothing to close it.
    using Submitter = std::function<std::optional<fd::Error>(const Spec &)>;

    explicit AddEngineDialog(QWidget *parent = nullptr);

    Spec spec() const;
    void setSpec(const Spec &spec);
    void setSubmitter(Submitter submitter);
    /// Shows `error` under the form and marks the field it names ("engine" or "endpoint").
    void showError(const fd::Error &error);

    void accept() override;

private:
    void revalidate();

    QLineEdit *m_idEdit;
    QComboBox *m_kindCombo;
    QLineEdit *m_endpointEdit;
    QLabel *m_endpointHint;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
    Submitter m_submitter;
};

} // namespace fd::ui
