#pragma once

#include <QHash>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QToolButton;

namespace fd {
class ControlPlane;
struct Engine;
} // namespace fd

namespace fd::ui {

/**
 * The status bar's engine indicator: one green or red dot with the name per engine, the version
 * or the last error in its tooltip. Follows the ChangeFeed's engine changes as they come (not coalesced:
 * engines change rarely and this is the first place a user looks). Clicking one emits
 * engineClicked().
 */
class EngineStatusWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineStatusWidget)

public:
    explicit EngineStatusWidget(fd::ControlPlane &cp, QWidget *parent = nullptr);

    void refresh();
    /// The button of engine `id` (objectName "engineStatus_<id>"), or null.
    QToolButton *buttonFor(const QString &id) const { return m_buttons.value(id); }

signals:
    void engineClicked(const QString &id);

private:
    void update(QToolButton *button, const fd::Engine &engine);

    fd::ControlPlane &m_cp;
    QHBoxLayout *m_layout;
    QLabel *m_none;
    QHash<QString, QToolButton *> m_buttons;
};

} // namespace fd::ui
