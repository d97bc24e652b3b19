#pragma once

#include <QColor>
#include <QList>
#include <QString>

/**
 * Every colour the console paints with, in one place: state colours for text, boxes in rich text,
 * status badges, deployment and fleet canvases, revision (family) colours, JSON highlighting.
 * Widgets use the constants; rich text and style sheets name them as {{token}} and go through
 * themed(), so a colour changes here and nowhere else.
 */
namespace fd::ui::palette {

// State colours of text: statuses, health, messages.
inline const QColor Ok{0x2e, 0x7d, 0x32};         ///< RUNNING, HEALTHY, connected, valid
inline const QColor Waiting{0xb2, 0x5e, 0x00};    ///< PENDING, waiting for capacity, DRAINING, below desired
inline const QColor Error{0xc6, 0x28, 0x28};      ///< errors, UNHEALTHY, a disconnected agent
inline const QColor Muted{0x75, 0x75, 0x75};      ///< STOPPED, UNKNOWN, no check
inline const QColor Transition{0x6a, 0x1b, 0x9a}; ///< a task on its way down
inline const QColor Link{0x15, 0x65, 0xc0};       ///< a link; the selection on canvases
inline const QColor Warn{0x8a, 0x4b, 0x00};       ///< amber text: draining, caveats, rollbacks

// Plain text shades.
inline const QColor Hint{0x66, 0x66, 0x66};      ///< hints and empty states
inline const QColor Secondary{0x55, 0x55, 0x55}; ///< secondary text beside a value
inline const QColor Slate{0x5b, 0x66, 0x75};     ///< muted text on canvases and timelines
inline const QColor Ink{0x1f, 0x2a, 0x37};       ///< main text on canvases
inline const QColor TableRule{0xcc, 0xcc, 0xcc};
inline const QColor TableHeader{0xf0, 0xf0, 0xf0};
inline const QColor SearchHit{0xff, 0xe0, 0x82};
inline const QColor SearchHitText{0x00, 0x00, 0x00}; ///< text on a search hit, whatever the theme
inline const QColor Paper{0xff, 0xff, 0xff};         ///< canvas and card backgrounds; tints mix towards it
inline const QColor OnFill{0xff, 0xff, 0xff};        ///< text and outlines on a saturated fill (chips, pills)

/// Rows and entries of INACTIVE resources: the theme's disabled text colour (the one colour
/// taken from the platform, so it stays readable on a dark theme).
QColor inactiveText();

// Boxes in rich text and dialogs.
inline const QColor WaitBox{0xff, 0xf4, 0xe0}; ///< "why it waits", caveats
inline const QColor InfoBox{0xee, 0xf5, 0xfc}; ///< "why here"
inline const QColor CaveatBorder{0xf0, 0xc0, 0x80};
inline const QColor ResultBox{0xff, 0xf8, 0xf0};
inline const QColor ResultBorder{0xe0, 0xb0, 0x80};
inline const QColor BlockingText{0x8e, 0x1b, 0x1b}; ///< a configuration that cannot move
inline const QColor BlockingBox{0xfd, 0xec, 0xea};
inline const QColor BlockingBorder{0xe8, 0xa3, 0x9b};
inline const QColor WarningText{0x7a, 0x45, 0x00}; ///< a warning that does not block
inline const QColor PanelBox{0xf4, 0xf6, 0xf9};
inline const QColor PanelBorder{0xd5, 0xda, 0xe2};
inline const QColor PanelBackground{0xf6, 0xf7, 0xf9}; ///< event lists, alternate bands

// Status badges: dark text on a light tint of the same hue.
struct Badge
{
    QColor text;
    QColor fill;
    QColor border;
};
inline const Badge GoodBadge{{0x1b, 0x5e, 0x20}, {0xe8, 0xf5, 0xe9}, {0x81, 0xc7, 0x84}}; ///< COMPLETED
inline const Badge InfoBadge{{0x0d, 0x47, 0xa1}, {0xe3, 0xf2, 0xfd}, {0x64, 0xb5, 0xf6}}; ///< IN_PROGRESS, PRIMARY
inline const Badge BadBadge{{0xb7, 0x1c, 0x1c}, {0xff, 0xeb, 0xee}, {0xe5, 0x73, 0x73}};  ///< FAILED
inline const Badge WarnBadge{
    {0x8a, 0x4b, 0x00}, {0xff, 0xf3, 0xe0}, {0xff, 0xb7, 0x4d}}; ///< ROLLBACK, DRAINING, ACTIVE
inline const Badge NeutralBadge{{0x61, 0x61, 0x61}, {0xf2, 0xf2, 0xf2}, {0xbd, 0xbd, 0xbd}}; ///< INACTIVE

// Deployments: states, revisions, the chart.
inline const QColor DeployCompleted{0x2f, 0x6b, 0x3a};
inline const QColor DeployFailed{0x9a, 0x1b, 0x1b}; ///< also the maximum rail
inline const QColor Deploying{0x00, 0x5a, 0x8c};
inline const QColor OldRevision{0xa3, 0x6f, 0x00};
inline const QColor TargetRevision{0x00, 0x72, 0xb2};
/// Older revisions of a deployment chart, newest first (then the last repeats).
inline const QList<QColor> OlderRevisions{{0xe6, 0x9f, 0x00}, {0xcc, 0x79, 0xa7}, {0x99, 0x99, 0x99}};
inline const QColor ChartGrid{0xe4, 0xe8, 0xee};
inline const QColor ChartBackground{0xfa, 0xfb, 0xfc};
inline const QColor StoppingFill{0xe6, 0xe8, 0xec};
inline const QColor StoppingLine{0x6b, 0x75, 0x84};
inline const QColor Guide{0x8a, 0x94, 0xa3};
// The rollout diagram of the service dialog.
inline const QColor RolloutOld{0x5b, 0x6b, 0x8c};   ///< slate blue: the revision being replaced
inline const QColor RolloutNew{0x2e, 0x9d, 0x5b};   ///< green: the revision rolled out
inline const QColor RolloutGhost{0x9a, 0xa3, 0xb2}; ///< dashed outline: stopped in this batch
inline const QColor RolloutText{0x26, 0x2b, 0x33};
inline const QColor RolloutMuted{0x6b, 0x72, 0x80};
inline const QColor RolloutStop{0xb4, 0x3c, 0x2a}; ///< a task stopped in a batch
inline const QColor DiagramBackground{0xf3, 0xf4, 0xf6};
inline const QColor PeakTag{0xb3, 0x6b, 0x00}; ///< the rollout's peak
inline const QColor LowTag{0x1f, 0x5f, 0xa8};  ///< the rollout's low point

// The fleet canvas.
/// Task definition families, by a stable hash of the name; older revisions are lighter.
inline const QList<QColor> Families{{0x4e, 0x79, 0xa7}, {0xf2, 0x8e, 0x2b}, {0x59, 0xa1, 0x4f}, {0xe1, 0x57, 0x59},
                                    {0x76, 0xb7, 0xb2}, {0xed, 0xc9, 0x48}, {0xb0, 0x7a, 0xa1}, {0xff, 0x9d, 0xa7},
                                    {0x9c, 0x75, 0x5f}, {0x6b, 0x6e, 0xcf}};
inline const QColor Band{0xf2, 0xf4, 0xf7};
inline const QColor CardBorder{0xcf, 0xd6, 0xdf};
inline const QColor Amber{0xd9, 0x7b, 0x00};
inline const QColor CpuBar{0x3b, 0x6e, 0xa8};
inline const QColor MemoryBar{0x7a, 0x5c, 0xb0};
inline const QColor WaitingLaneFill{0xff, 0xf6, 0xe8};
inline const QColor LaneFill{0xf7, 0xf9, 0xfb};
inline const QColor OfflineCard{0xf4, 0xf4, 0xf4};
inline const QColor DrainingCard{0xff, 0xfa, 0xf2};
inline const QColor BarBorder{0xdd, 0xe3, 0xea};
inline const QColor BarTrack{0xee, 0xf1, 0xf5};
inline const QColor ActiveChip{0xe3, 0xf2, 0xe6};
inline const QColor ActiveChipText{0x1e, 0x6b, 0x34};
inline const QColor EmptyText{0x9a, 0xa4, 0xb1};
inline const QColor Placeholder{0xe3, 0xe8, 0xee};
inline const QColor Veil{255, 255, 255, 150}; ///< hatch over a task that is starting

// JSON highlighting.
inline const QColor JsonKey{0x1a, 0x4f, 0x8b};
inline const QColor JsonString{0x2e, 0x7d, 0x32};
inline const QColor JsonNumber{0xad, 0x4e, 0x00};
inline const QColor JsonLiteral{0x7b, 0x1f, 0xa2};

/// `text` with every {{token}} replaced by its colour ("#rrggbb"); a token is a colour's name
/// above with a lower-case first letter ({{error}}, {{waitBox}}). Unknown tokens stay.
QString themed(QString text);

} // namespace fd::ui::palette
