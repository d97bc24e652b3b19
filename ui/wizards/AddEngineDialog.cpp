#include "AddEngineDialog.h"

#include "Palette.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace fd::ui {

namespace {

const QString kErrorStyle = palette::themed(QStringLiteral("QLineEdit { border: 2px solid {{error}}; }"));

} // namespace

AddEngineDialog::AddEngineDialog(QWidget *parent)
    : QDialog(parent), m_idEdit(new QLineEdit(this)), m_kindCombo(new QComboBox(this)),
      m_endpointEdit(new QLineEdit(this)), m_endpointHint(new QLabel(this)), m_message(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("addEngineDialog"));
    setWindowTitle(tr("Add engine"));

    m_idEdit->setObjectName(QStringLiteral("engineIdEdit"));
    m_idEdit->setPlaceholderText(tr("for example: lab-host"));
    m_kindCombo->setObjectName(QStringLiteral("engineKindCombo"));
    m_kindCombo->addItem(tr("Docker engine"), QVariant::fromValue(int(fd::Engine::Kind::Docker)));
    m_kindCombo->addItem(tr("Simulated (in process, no Docker needed)"),
                         QVariant::fromValue(int(fd::Engine::Kind::Simulated)));
    m_endpointEdit->setObjectName(QStringLiteral("engineEndpointEdit"));
    m_endpointEdit->setPlaceholderText(QStringLiteral("tcp://127.0.0.1:2375"));
    m_endpointHint->setObjectName(QStringLiteral("engineEndpointHint"));
    m_endpointHint->setWordWrap(false); // URLs must not break
    m_endpointHint->setEnabled(false);
    m_message->setObjectName(QStringLiteral("engineMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("Add engine"));
    ok->setObjectName(QStringLiteral("addButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));

    auto *intro = new QLabel(tr("An engine is where container instances run their containers: a Docker engine "
                                "reached through its socket or TCP port, or the simulated runtime."),
                             this);
    intro->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_idEdit);
    form->addRow(tr("&Kind:"), m_kindCombo);
    form->addRow(tr("&Endpoint:"), m_endpointEdit);
    form->addRow(QString(), m_endpointHint);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addStretch();
    layout->addWidget(m_buttons);

    connect(m_idEdit, &QLineEdit::textChanged, this, &AddEngineDialog::revalidate);
    connect(m_endpointEdit, &QLineEdit::textChanged, this, &AddEngineDialog::revalidate);
    connect(m_kindCombo, &QComboBox::currentIndexChanged, this, &AddEngineDialog::revalidate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddEngineDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    resize(std::max(560, sizeHint().width()), sizeHint().height());
    revalidate();
}

AddEngineDialog::Spec AddEngineDialog::spec() const
{
    Spec s;
    s.id = m_idEdit->text().trimmed();
    s.kind = fd::Engine::Kind(m_kindCombo->currentData().toInt());
    s.endpoint = s.kind == fd::Engine::Kind::Simulated ? QString() : m_endpointEdit->text().trimmed();
    return s;
}

void AddEngineDialog::setSpec(const Spec &spec)
{
    m_idEdit->setText(spec.id);
    m_kindCombo->setCurrentIndex(m_kindCombo->findData(int(spec.kind)));
    m_endpointEdit->setText(spec.endpoint);
}

void AddEngineDialog::setSubmitter(Submitter submitter)
{
    m_submitter = std::move(submitter);
}

void AddEngineDialog::showError(const fd::Error &error)
{
    m_message->setText(error.message);
    m_message->setStyleSheet(palette::themed(QStringLiteral("color: {{error}};")));
    m_idEdit->setStyleSheet(error.field == u"engine" ? kErrorStyle : QString());
    m_endpointEdit->setStyleSheet(error.field == u"endpoint" ? kErrorStyle : QString());
    (error.field == u"endpoint" ? m_endpointEdit : m_idEdit)->setFocus();
}

void AddEngineDialog::accept()
{
    if (m_submitter) {
        if (const std::optional<fd::Error> error = m_submitter(spec())) {
            showError(*error);
            return;
        }
    }
    QDialog::accept();
}

void AddEngineDialog::revalidate()
{
    const Spec s = spec();
    const bool docker = s.kind == fd::Engine::Kind::Docker;
    m_endpointEdit->setEnabled(docker);
    m_endpointHint->setText(docker ? tr("unix:///var/run/docker.sock, tcp://host:2375 or tcp+tls://host:2376")
                                   : tr("The simulated runtime needs no endpoint: it is always connected."));
    // Typing clears the previous refusal; the ControlPlane checks again on Add.
    m_message->clear();
    m_idEdit->setStyleSheet(QString());
    m_endpointEdit->setStyleSheet(QString());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!s.id.isEmpty() && (!docker || !s.endpoint.isEmpty()));
}

} // namespace fd::ui
