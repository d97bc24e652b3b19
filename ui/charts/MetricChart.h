#pragma once

#include "charts/ChartWindow.h"
#include "metrics/TimeSeries.h"

#include <QColor>
#include <QImage>
#include <QList>
#include <QPointF>
#include <QString>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QLabel;
class QPushButton;

namespace fd::ui {

/**
 * A live line chart of a few metric series against time, built to be updated every second
 * cheaply (bench/ row 10): each series keeps its full-resolution points for the window, draws
 * them min/max-decimated to about half a point per pixel (decimateMinMax, buckets aligned to time
 * so that only the tail and the head change), and the canvas keeps the lines' settled parts (all
 * but the newest bucket) in an image, so a frame strokes only the tails; the image for the time
 * axis' next step (it moves in 40ths of the window) is drawn ahead a slice per frame; the whole
 * lines are stroked in one frame when the value axis or the plot's size changes.
 *
 * Time is milliseconds since the epoch on the clock of the data (the control plane's for
 * CloudWatch metrics): the axis spans the window up to now rounded up to a 40th of the window
 * (axisEndMs()), where setNow() sets now. Alarm
 * thresholds are dashed red lines labelled on the plot; the periods an alarm was in ALARM are
 * shaded red under the lines. Hovering shows the time and each series' value under the cursor.
 * CSV comes from the feed (setCsvSource), PNG is the widget's grab().
 *
 * Setters store; redraw() applies everything at once (feeds call it after a refresh).
 * All Qt Charts types stay inside ui/charts: this header names none of them.
 */
class MetricChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetricChart)

public:
    struct Threshold
    {
        QString label; ///< "high-cpu ≥ 70 %"
        double value = 0;
        bool inAlarm = false; ///< drawn heavier while the alarm is in ALARM
    };
    /// A period the alarm was in ALARM: [fromMs, toMs).
    struct Period
    {
        qint64 fromMs = 0;
        qint64 toMs = 0;
        friend bool operator==(const Period &, const Period &) = default;
    };

    explicit MetricChart(const QString &title, QWidget *parent = nullptr);
    ~MetricChart() override;

    QString title() const;
    /// Adds a line (solid, or dashed for a second statistic of the same metric); returns its index
    /// for the setters.
    int addSeries(const QString &name, const QColor &colour, Qt::PenStyle style = Qt::SolidLine);
    int seriesCount() const;
    QString seriesName(int series) const;
    /// The values' unit as a suffix in readouts and the axis title ("%", "s", "MiB", "").
    void setUnit(const QString &unit);
    /// The value axis reaches at least this high (100 for percentages), more when the data does.
    void setMinimumTop(double top);
    void setWindow(ChartWindow window);
    ChartWindow window() const { return m_window; }
    /// The window's right edge. Points older than the window (by more than a bucket) are dropped.
    void setNow(qint64 nowMs);
    qint64 now() const { return m_nowMs; }

    /// The series' points, oldest first, full resolution (what hover readouts answer from).
    void setSeriesPoints(int series, std::vector<fd::metrics::Point> points);
    /// One newer point (a 1 Hz sample); an older one is dropped.
    void appendPoint(int series, fd::metrics::Point point);
    const std::vector<fd::metrics::Point> &seriesPoints(int series) const;

    void setThresholds(QList<Threshold> thresholds);
    QList<Threshold> thresholds() const { return m_thresholds; }
    void setAlarmPeriods(QList<Period> periods);
    QList<Period> alarmPeriods() const { return m_periods; }
    /// Shown over the plot while no series has a point in the window ("Published once a minute…").
    void setEmptyText(const QString &text);

    /// Applies what the setters stored: decimates, updates the lines and the axes.
    void redraw();

    /// The points the line of `series` holds now (decimated), x in ms since the epoch.
    QList<QPointF> drawnPoints(int series) const;
    /// How often the lines were stroked whole (their image drawn again) since construction.
    int layerRebuilds() const;
    /// The value axis' range.
    std::pair<double, double> valueRange() const;
    /// The time axis' range in ms since the epoch.
    std::pair<qint64, qint64> timeRange() const;
    /// Where (tMs, value) is drawn, in this widget's coordinates (for tests and screenshots).
    QPoint positionOf(qint64 tMs, double value) const;
    /// The bucket width decimation uses at the current size and window.
    qint64 bucketMs() const;
    /// The time axis' end: now rounded up to the next 40th of the window (an hour moves in 90 s
    /// steps), so most updates change only the lines' tails, not the axis.
    qint64 axisEndMs() const;
    static constexpr int kAxisSteps = 40;
    /// Decimation: one bucket (its minimum and maximum) per 4 pixels, at most half a point per
    /// pixel. Stroking the wide antialiased lines whole (a new maximum, a resize; and the image drawn
    /// ahead for each step of the time axis) costs in proportion to the points: 2 px per bucket
    /// costs about twice as much.
    static constexpr int kPixelsPerBucket = 4;
    /// The lines' width: readable on a projector. Wider lines cost more to render.
    static constexpr double kLineWidth = 2.0;

    /// The hover readout at `tMs`: the time, then "name: value unit" per series (nearest point
    /// within a bucket or the data's spacing; "—" when none). Empty when no series has points.
    QString readoutAt(qint64 tMs) const;
    /// Moves the hover rule as the mouse would (nullopt: hidden); for tests and screenshots.
    void hoverAt(std::optional<qint64> tMs);

    /// Where Export CSV gets its text (the feed's MetricCsv). Null: the button is disabled.
    void setCsvSource(std::function<QString()> source);
    QString csv() const;
    /// Writes csv() to `path`; false (and why in errorString) on failure.
    bool exportCsv(const QString &path, QString *errorString = nullptr) const;
    /// Writes the chart as PNG.
    bool exportPng(const QString &path);
    /// The chart as an image (grab()).
    QImage image();

signals:
    void exported(const QString &path);

private:
    struct Line;
    struct Canvas;

    void buildHeader(const QString &title);
    void askCsv();
    void askPng();
    int plotWidth() const;
    void updateAxes();
    qint64 axisStepMs() const;
    /// The value axis' top for the window ending at `axisEndMs`.
    double valueTop(qint64 axisEndMs) const;
    void updateThresholdLines();
    void trim(std::vector<fd::metrics::Point> &points) const;

    std::unique_ptr<Canvas> m_canvas;
    std::vector<std::unique_ptr<Line>> m_lines;
    QLabel *m_title;
    QLabel *m_empty;
    QPushButton *m_csvButton;
    QPushButton *m_pngButton;
    std::function<QString()> m_csvSource;
    ChartWindow m_window = ChartWindow::OneHour;
    qint64 m_nowMs = 0;
    QString m_unit;
    double m_minimumTop = 1;
    QList<Threshold> m_thresholds;
    QList<Period> m_periods;
};

} // namespace fd::ui
