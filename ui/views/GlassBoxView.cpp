#include "GlassBoxView.h"

#include "ConsoleContext.h"
#include "Palette.h"
#include "views/AlarmsView.h"
#include "views/GlassBoxPanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace fd::ui {

GlassBoxView::GlassBoxView(ConsoleContext &context, QWidget *parent)
    : Page(context, parent), m_panel(new GlassBoxPanel(context, this))
{
    setObjectName(QStringLiteral("glassBoxView"));
    auto *title = new QLabel(tr("<h3>Glass box: alarms and auto scaling at work</h3>"), this);
    auto *intro = new QLabel(tr("Each alarm's last N periods (oldest left): red breached the threshold, green did not, "
                                "hatched had no data. M of them breaching puts the alarm in ALARM; an alarm in ALARM "
                                "makes its scaling policy propose a desired count, and the cooldowns and banners say "
                                "what holds it back."),
                             this);
    intro->setWordWrap(true);
    intro->setStyleSheet(palette::themed(QStringLiteral("color: {{secondary}};")));
    auto *alarmsButton = new QPushButton(tr("Alarms…"), this);
    alarmsButton->setObjectName(QStringLiteral("alarmsButton"));
    connect(alarmsButton, &QPushButton::clicked, this, [this] { this->context().navigate(AlarmsView::kPageKey); });
    auto *top = new QHBoxLayout;
    top->addWidget(title);
    top->addStretch();
    top->addWidget(alarmsButton);

    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("glassBoxScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_panel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(intro);
    layout->addWidget(scroll, 1);
}

QString GlassBoxView::title() const
{
    return tr("Glass box");
}

QString GlassBoxView::toolTip(const QString &) const
{
    return tr("Alarms filling their M-of-N boxes and auto scaling deciding, live");
}

void GlassBoxView::showKey(const QString &key)
{
    m_panel->setFocusTarget(key);
    m_panel->refresh();
}

} // namespace fd::ui
