#pragma once

#include "Page.h"

namespace fd::ui {

class GlassBoxPanel;

/**
 * The Glass box page: the GlassBoxPanel in a scroll area, under a line that says what it shows.
 * Its key is a scalable target's ResourceId ("service/default/web") to show that one only, or
 * empty for every target and alarm.
 */
class GlassBoxView final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GlassBoxView)

public:
    static inline const QString kPageKey = QStringLiteral("glass-box"); ///< key: a ResourceId or empty

    explicit GlassBoxView(ConsoleContext &context, QWidget *parent = nullptr);

    QString pageKey() const override { return kPageKey; }
    QString title() const override;
    QString toolTip(const QString &key) const override;
    void showKey(const QString &key) override;

    GlassBoxPanel *panel() const { return m_panel; }

private:
    GlassBoxPanel *m_panel;
};

} // namespace fd::ui
