#include "Palette.h"

#include <QGuiApplication>
#include <QPalette>

#include <iterator>

namespace fd::ui::palette {

namespace {

struct Token
{
    const char *name;
    const QColor *colour;
};

} // namespace

QColor inactiveText()
{
    return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
}

QString themed(QString text)
{
    static const Token tokens[] = {
        {"ok", &Ok},
        {"waiting", &Waiting},
        {"error", &Error},
        {"muted", &Muted},
        {"transition", &Transition},
        {"link", &Link},
        {"warn", &Warn},
        {"hint", &Hint},
        {"secondary", &Secondary},
        {"slate", &Slate},
        {"ink", &Ink},
        {"tableRule", &TableRule},
        {"tableHeader", &TableHeader},
        {"searchHit", &SearchHit},
        {"searchHitText", &SearchHitText},
        {"paper", &Paper},
        {"onFill", &OnFill},
        {"waitBox", &WaitBox},
        {"infoBox", &InfoBox},
        {"caveatBorder", &CaveatBorder},
        {"resultBox", &ResultBox},
        {"resultBorder", &ResultBorder},
        {"blockingText", &BlockingText},
        {"blockingBox", &BlockingBox},
        {"blockingBorder", &BlockingBorder},
        {"warningText", &WarningText},
        {"panelBox", &PanelBox},
        {"panelBorder", &PanelBorder},
        {"panelBackground", &PanelBackground},
        {"deployCompleted", &DeployCompleted},
        {"deployFailed", &DeployFailed},
        {"deploying", &Deploying},
        {"oldRevision", &OldRevision},
        {"targetRevision", &TargetRevision},
        {"chartGrid", &ChartGrid},
        {"chartBackground", &ChartBackground},
        {"stoppingFill", &StoppingFill},
        {"stoppingLine", &StoppingLine},
        {"guide", &Guide},
        {"rolloutOld", &RolloutOld},
        {"rolloutNew", &RolloutNew},
        {"rolloutGhost", &RolloutGhost},
        {"rolloutText", &RolloutText},
        {"rolloutMuted", &RolloutMuted},
        {"rolloutStop", &RolloutStop},
        {"diagramBackground", &DiagramBackground},
        {"peakTag", &PeakTag},
        {"lowTag", &LowTag},
        {"band", &Band},
        {"cardBorder", &CardBorder},
        {"amber", &Amber},
        {"cpuBar", &CpuBar},
        {"memoryBar", &MemoryBar},
        {"waitingLaneFill", &WaitingLaneFill},
        {"laneFill", &LaneFill},
        {"offlineCard", &OfflineCard},
        {"drainingCard", &DrainingCard},
        {"barBorder", &BarBorder},
        {"barTrack", &BarTrack},
        {"activeChip", &ActiveChip},
        {"activeChipText", &ActiveChipText},
        {"emptyText", &EmptyText},
        {"placeholder", &Placeholder},
        {"veil", &Veil},
        {"jsonKey", &JsonKey},
        {"jsonString", &JsonString},
        {"jsonNumber", &JsonNumber},
        {"jsonLiteral", &JsonLiteral},
        {"goodBadgeText", &GoodBadge.text},
        {"goodBadgeFill", &GoodBadge.fill},
        {"goodBadgeBorder", &GoodBadge.border},
        {"infoBadgeText", &InfoBadge.text},
        {"infoBadgeFill", &InfoBadge.fill},
        {"infoBadgeBorder", &InfoBadge.border},
        {"badBadgeText", &BadBadge.text},
        {"badBadgeFill", &BadBadge.fill},
        {"badBadgeBorder", &BadBadge.border},
        {"warnBadgeText", &WarnBadge.text},
        {"warnBadgeFill", &WarnBadge.fill},
        {"warnBadgeBorder", &WarnBadge.border},
        {"neutralBadgeText", &NeutralBadge.text},
        {"neutralBadgeFill", &NeutralBadge.fill},
        {"neutralBadgeBorder", &NeutralBadge.border},
    };
    if (!text.contains(u"{{"))
        return text;
    for (const Token &t : tokens)
        text.replace(QStringLiteral("{{%1}}").arg(QLatin1String(t.name)), t.colour->name());
    return text;
}

} // namespace fd::ui::palette
