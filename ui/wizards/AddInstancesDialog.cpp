#include "AddInstancesDialog.h"

#include "Formatter.h"
#include "Palette.h"
#include "model/InstanceType.h"
#include "widgets/StatusDot.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontMetrics>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

QString engineText(const fd::Engine &e)
{
    const QString where = e.kind == fd::Engine::Kind::Simulated
                              ? AddInstancesDialog::tr("simulated")
                              : AddInstancesDialog::tr("Docker at %1").arg(e.endpoint);
    return AddInstancesDialog::tr("%1 — %2, %3")
        .arg(e.id, where, e.connected ? AddInstancesDialog::tr("connected") : AddInstancesDialog::tr("disconnected"));
}

} // namespace

AddInstancesDialog::AddInstancesDialog(const QString &cluster, const QList<fd::Engine> &engines,
                                       const QStringList &zones, QWidget *parent)
    : QDialog(parent), m_cluster(cluster), m_zones(zones), m_engineCombo(new QComboBox(this)),
      m_newEngineButton(new QPushButton(tr("New engine…"), this)), m_engineWarning(new QLabel(this)),
      m_typeCombo(new QComboBox(this)), m_zoneCombo(new QComboBox(this)), m_countSpin(new QSpinBox(this)),
      m_attributesEdit(new QPlainTextEdit(this)), m_summary(new QLabel(this)), m_message(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("addInstancesDialog"));
    setWindowTitle(tr("Add container instances to %1").arg(cluster));

    m_engineCombo->setObjectName(QStringLiteral("engineCombo"));
    m_engineCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_engineCombo->setToolTip(tr("Where the instances run their containers"));
    m_newEngineButton->setObjectName(QStringLiteral("newEngineButton"));
    m_newEngineButton->setToolTip(tr("Add a Docker engine (socket or TCP endpoint) or a simulated one"));
    m_engineWarning->setObjectName(QStringLiteral("engineWarning"));
    m_engineWarning->setWordWrap(true);
    m_engineWarning->setStyleSheet(palette::themed(QStringLiteral("color: {{waiting}};")));

    m_typeCombo->setObjectName(QStringLiteral("instanceTypeCombo"));
    for (const fd::InstanceType &t : fd::instanceTypes())
        m_typeCombo->addItem(QStringLiteral("%1  (%2)").arg(t.name, Formatter::vcpusAndMemory(t.vcpus, t.memoryMiB)),
                             t.name);
    m_typeCombo->setCurrentIndex(std::max(0, m_typeCombo->findData(QStringLiteral("t3.medium"))));

    m_zoneCombo->setObjectName(QStringLiteral("zoneCombo"));
    m_zoneCombo->addItem(tr("Spread across all zones (%1)").arg(zones.join(QStringLiteral(", "))), QString());
    for (const QString &z : zones)
        m_zoneCombo->addItem(z, z);

    m_countSpin->setObjectName(QStringLiteral("countSpin"));
    m_countSpin->setRange(1, 10000);
    m_countSpin->setValue(1);
    m_countSpin->setGroupSeparatorShown(true);
    m_countSpin->setAccelerated(true);

    m_attributesEdit->setObjectName(QStringLiteral("attributesEdit"));
    m_attributesEdit->setPlaceholderText(tr("Optional, one per line: name=value (for example: stack=prod)"));
    m_attributesEdit->setTabChangesFocus(true);
    m_attributesEdit->setFixedHeight(m_attributesEdit->fontMetrics().lineSpacing() * 4 + 12);

    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_summary->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("addInstancesMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("Add instances"));
    ok->setObjectName(QStringLiteral("addButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));

    auto *engineRow = new QHBoxLayout;
    engineRow->addWidget(m_engineCombo, 1);
    engineRow->addWidget(m_newEngineButton);

    auto *form = new QFormLayout;
    form->addRow(tr("Cluster:"), new QLabel(QStringLiteral("<b>%1</b>").arg(cluster.toHtmlEscaped()), this));
    auto *engineLabel = new QLabel(tr("&Engine:"), this);
    engineLabel->setBuddy(m_engineCombo);
    form->addRow(engineLabel, engineRow);
    form->addRow(QString(), m_engineWarning);
    form->addRow(tr("Instance &type:"), m_typeCombo);
    form->addRow(tr("Availability &zone:"), m_zoneCombo);
    form->addRow(tr("&Count:"), m_countSpin);
    form->addRow(tr("&Attributes:"), m_attributesEdit);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_message);
    layout->addStretch();
    layout->addWidget(m_buttons);

    connect(m_engineCombo, &QComboBox::currentIndexChanged, this, &AddInstancesDialog::revalidate);
    connect(m_typeCombo, &QComboBox::currentIndexChanged, this, &AddInstancesDialog::revalidate);
    connect(m_zoneCombo, &QComboBox::currentIndexChanged, this, &AddInstancesDialog::revalidate);
    connect(m_countSpin, &QSpinBox::valueChanged, this, &AddInstancesDialog::revalidate);
    connect(m_attributesEdit, &QPlainTextEdit::textChanged, this, &AddInstancesDialog::revalidate);
    connect(m_newEngineButton, &QPushButton::clicked, this, &AddInstancesDialog::addEngineRequested);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddInstancesDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    setEngines(engines);
    resize(std::max(560, sizeHint().width()), sizeHint().height());
}

void AddInstancesDialog::setEngines(const QList<fd::Engine> &engines, const QString &select)
{
    const QString keep = select.isEmpty() ? m_engineCombo->currentData().toString() : select;
    m_engines = engines;
    {
        const QSignalBlocker blocker(m_engineCombo);
        m_engineCombo->clear();
        for (const fd::Engine &e : engines)
            m_engineCombo->addItem(StatusDot::icon(e.connected), engineText(e), e.id);
        int index = m_engineCombo->findData(keep);
        if (index < 0) // prefer a connected engine
            for (int i = 0; i < engines.size() && index < 0; ++i)
                if (engines[i].connected)
                    index = i;
        m_engineCombo->setCurrentIndex(index < 0 ? 0 : index);
    }
    revalidate();
}

AddInstancesDialog::Request AddInstancesDialog::request() const
{
    Request r;
    r.cluster = m_cluster;
    r.engineId = m_engineCombo->currentData().toString();
    r.instanceType = m_typeCombo->currentData().toString();
    const QString zone = m_zoneCombo->currentData().toString();
    if (!zone.isEmpty())
        r.availabilityZones = {zone};
    r.count = m_countSpin->value();
    r.attributes = parseAttributes(nullptr);
    return r;
}

void AddInstancesDialog::setRequest(const Request &request)
{
    if (const int i = m_engineCombo->findData(request.engineId); i >= 0)
        m_engineCombo->setCurrentIndex(i);
    if (const int i = m_typeCombo->findData(request.instanceType); i >= 0)
        m_typeCombo->setCurrentIndex(i);
    m_zoneCombo->setCurrentIndex(request.availabilityZones.size() == 1
                                     ? std::max(0, m_zoneCombo->findData(request.availabilityZones.front()))
                                     : 0);
    m_countSpin->setValue(request.count);
    QStringList lines;
    for (auto it = request.attributes.cbegin(); it != request.attributes.cend(); ++it)
        lines << (it.value().isEmpty() ? it.key() : it.key() + u'=' + it.value());
    m_attributesEdit->setPlainText(lines.join(u'\n'));
}

void AddInstancesDialog::setSubmitter(Submitter submitter)
{
    m_submitter = std::move(submitter);
}

QString AddInstancesDialog::attributesProblem() const
{
    QString problem;
    (void)parseAttributes(&problem);
    return problem;
}

QMap<QString, QString> AddInstancesDialog::parseAttributes(QString *problem) const
{
    QMap<QString, QString> out;
    const QStringList lines = m_attributesEdit->toPlainText().split(u'\n');
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype eq = line.indexOf(u'=');
        const QString name = (eq < 0 ? line : line.left(eq)).trimmed();
        const QString value = eq < 0 ? QString() : line.mid(eq + 1).trimmed();
        if (problem && problem->isEmpty()) {
            if (name.isEmpty())
                *problem = tr("Attributes, line %1: a name is needed before \"=\".").arg(i + 1);
            else if (name.startsWith(u"ecs."))
                *problem =
                    tr("Attributes, line %1: %2 is built in (ecs.*) and set by ECS itself.").arg(i + 1).arg(name);
        }
        if (!name.isEmpty())
            out.insert(name, value);
    }
    return out;
}

void AddInstancesDialog::showError(const QString &message)
{
    m_message->setText(message);
    m_message->setStyleSheet(message.isEmpty() ? QString() : palette::themed(QStringLiteral("color: {{error}};")));
}

void AddInstancesDialog::accept()
{
    if (m_submitter) {
        if (const std::optional<fd::Error> error = m_submitter(request())) {
            showError(error->message);
            return;
        }
    }
    QDialog::accept();
}

void AddInstancesDialog::revalidate()
{
    showError({}); // the previous refusal is about a request that is no longer the one shown
    const Request r = request();

    const int engineIndex = m_engineCombo->currentIndex();
    const fd::Engine *engine = engineIndex >= 0 && engineIndex < m_engines.size() ? &m_engines[engineIndex] : nullptr;
    if (!engine) {
        m_engineWarning->setText(tr("No engine yet: add one with <b>New engine…</b> (a simulated engine needs no "
                                    "Docker)."));
    } else if (!engine->connected) {
        m_engineWarning->setText(
            tr("Engine %1 does not answer%2. Its instances register with their agent disconnected and get no "
               "tasks until it does.")
                .arg(engine->id,
                     engine->lastError.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(engine->lastError)));
    } else {
        m_engineWarning->clear();
    }
    m_engineWarning->setVisible(!m_engineWarning->text().isEmpty());

    // "Registers 3 × t3.medium (2 vCPU, 4 GiB each): us-east-1a 1, us-east-1b 1, us-east-1c 1."
    const std::optional<fd::InstanceType> type = fd::instanceType(r.instanceType);
    const QStringList zones = r.availabilityZones.isEmpty() ? m_zones : r.availabilityZones;
    QStringList perZone;
    for (qsizetype z = 0; z < zones.size(); ++z) {
        // Zones are used in turn: with 10 over 3 zones, the first gets 4 and the others 3.
        const int n = int(r.count / zones.size() + (z < r.count % zones.size() ? 1 : 0));
        if (n > 0)
            perZone << QStringLiteral("%1 in %2").arg(QLocale().toString(n), zones[z]);
    }
    QString summary;
    if (type) {
        summary =
            tr("Registers %1 × %2 (%3 each): %4. In all %5 CPU units and %6 MiB of memory.")
                .arg(QLocale().toString(r.count), type->name, Formatter::vcpusAndMemory(type->vcpus, type->memoryMiB),
                     perZone.join(QStringLiteral(", ")), QLocale().toString(qint64(type->cpu) * r.count),
                     QLocale().toString(qint64(type->memoryMiB) * r.count));
    }
    const QString problem = attributesProblem();
    m_summary->setText(summary);
    if (!problem.isEmpty())
        showError(problem);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(engine && type && problem.isEmpty());
}

} // namespace fd::ui
