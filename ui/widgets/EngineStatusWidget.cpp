#include "EngineStatusWidget.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "ops/Engines.h"
#include "Formatter.h"
#include "widgets/StatusDot.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace fd::ui {

EngineStatusWidget::EngineStatusWidget(fd::ControlPlane &cp, QWidget *parent)
    : QWidget(parent), m_cp(cp), m_layout(new QHBoxLayout(this)), m_none(new QLabel(tr("No engine"), this))
{
    setObjectName(QStringLiteral("engineStatus"));
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(2);
    m_none->setObjectName(QStringLiteral("noEngineLabel"));
    m_none->setToolTip(tr("No engine: add one under Engines to run container instances"));
    m_layout->addWidget(m_none);
    ChangeFeed::watch(m_cp, Change::Engines, this, [this] { refresh(); });
    refresh();
}

void EngineStatusWidget::refresh()
{
    const QList<fd::Engine> engines = m_cp.engines().list();
    QHash<QString, QToolButton *> kept;
    for (const fd::Engine &e : engines) {
        QToolButton *button = m_buttons.take(e.id);
        if (!button) {
            button = new QToolButton(this);
            button->setObjectName(QStringLiteral("engineStatus_") + e.id);
            button->setAutoRaise(true);
            button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
            button->setIconSize(QSize(12, 12));
            button->setText(e.id);
            const QString id = e.id;
            connect(button, &QToolButton::clicked, this, [this, id] { emit engineClicked(id); });
        }
        m_layout->removeWidget(button); // re-added below in the ControlPlane's order
        update(button, e);
        kept.insert(e.id, button);
    }
    for (QToolButton *gone : std::as_const(m_buttons))
        delete gone;
    m_buttons = kept;
    for (const fd::Engine &e : engines)
        m_layout->addWidget(m_buttons.value(e.id));
    m_none->setVisible(engines.isEmpty());
}

void EngineStatusWidget::update(QToolButton *button, const fd::Engine &engine)
{
    button->setIcon(StatusDot::icon(engine.connected));
    button->setProperty("connected", engine.connected);
    const QString kind = engine.kind == fd::Engine::Kind::Simulated ? tr("simulated engine")
                                                                    : tr("Docker engine at %1").arg(engine.endpoint);
    const QString since = engine.connectionChangedAt.isValid()
                              ? tr(" since %1").arg(Formatter::dateTime(engine.connectionChangedAt))
                              : QString();
    button->setToolTip(
        engine.connected
            ? tr("%1 (%2): connected%3, version %4").arg(engine.id, kind, since, engine.version)
            : tr("%1 (%2): not connected%3\n%4")
                  .arg(engine.id, kind, since, engine.lastError.isEmpty() ? tr("Not probed yet.") : engine.lastError));
}

} // namespace fd::ui
