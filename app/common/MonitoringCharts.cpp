#include "MonitoringCharts.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QPainter>
#include <QPen>
#include <QtCharts/QChart>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>

namespace pulmo::app {

namespace {

QString text(const char* source)
{
    return QCoreApplication::translate("MonitoringCharts", source);
}

qint64 dayMs(int day)
{
    return qint64(day) * 86400000LL + 43200000LL;  // noon UTC
}

struct Line {
    const char* metric;
    const char* window;
    const char* name;  // translated at use
};

struct ChartSpec {
    const char* id;
    const char* kind;
    const char* title;
    const char* axis;
    std::vector<Line> lines;
    bool referenceLines;  // the rates: each line's reference value, dashed
};

const std::vector<ChartSpec>& specs()
{
    static const std::vector<ChartSpec> all = {
        {"input_histogram",
         "input_drift",
         QT_TRANSLATE_NOOP("MonitoringCharts", "Model input: histogram distance to the reference"),
         QT_TRANSLATE_NOOP("MonitoringCharts", "Jensen-Shannon distance"),
         {{"histogram_js", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "30 days")},
          {"histogram_js", "7d", QT_TRANSLATE_NOOP("MonitoringCharts", "7 days")}},
         false},
        {"input_statistics",
         "input_drift",
         QT_TRANSLATE_NOOP("MonitoringCharts", "Model input: statistics against the reference (30 days)"),
         QT_TRANSLATE_NOOP("MonitoringCharts", "Kolmogorov-Smirnov D"),
         {{"input_mean", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "mean")},
          {"input_sd", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "standard deviation")},
          {"input_p01", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "1st percentile")},
          {"input_p50", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "median")},
          {"input_p99", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "99th percentile")}},
         false},
        {"metadata",
         "metadata_drift",
         QT_TRANSLATE_NOOP("MonitoringCharts", "Metadata: largest change of a category's share (30 days)"),
         QT_TRANSLATE_NOOP("MonitoringCharts", "change of share"),
         {{"manufacturer", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "Manufacturer")},
          {"manufacturer_model", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "Model name")},
          {"modality", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "Modality")},
          {"view_position", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "View Position")},
          {"body_part", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "Body Part")},
          {"pixel_spacing", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "Pixel Spacing")},
          {"bits_stored", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "Bits Stored")},
          {"photometric", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "Photometric Interpretation")},
          {"station", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "Station")},
          {"institution", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "Institution")}},
         false},
        {"prediction",
         "prediction_drift",
         QT_TRANSLATE_NOOP("MonitoringCharts", "Predictions: PNEUMONIA and INDETERMINATE rates"),
         QT_TRANSLATE_NOOP("MonitoringCharts", "share of images"),
         {{"pneumonia_rate", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "PNEUMONIA, 30 days")},
          {"pneumonia_rate", "7d", QT_TRANSLATE_NOOP("MonitoringCharts", "PNEUMONIA, 7 days")},
          {"indeterminate_rate", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "INDETERMINATE, 30 days")},
          {"indeterminate_rate", "7d", QT_TRANSLATE_NOOP("MonitoringCharts", "INDETERMINATE, 7 days")}},
         true},
        {"agreement",
         "agreement_drift",
         QT_TRANSLATE_NOOP("MonitoringCharts", "Readers: disagreement with the AI (30 days)"),
         QT_TRANSLATE_NOOP("MonitoringCharts", "share of verdicts"),
         {{"disagreement_rate", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "all answers")},
          {"false_positive_rate", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "on PNEUMONIA answers")},
          {"miss_rate", "30d", QT_TRANSLATE_NOOP("MonitoringCharts", "on NORMAL answers")}},
         true},
    };
    return all;
}

const monitoring::Series* findSeries(const monitoring::MonitorResult& result, const std::string& kind,
                                     const std::string& metric, const std::string& window)
{
    for (const monitoring::Series& series : result.series)
        if (series.kind == kind && series.metric == metric && series.window == window) return &series;
    return nullptr;
}

QDateTimeAxis* dayAxis(int first, int last)
{
    auto* axis = new QDateTimeAxis;
    axis->setFormat(QStringLiteral("yyyy-MM-dd"));
    axis->setTitleText(text(QT_TRANSLATE_NOOP("MonitoringCharts", "day (UTC)")));
    axis->setRange(QDateTime::fromMSecsSinceEpoch(dayMs(first), Qt::UTC),
                   QDateTime::fromMSecsSinceEpoch(dayMs(std::max(last, first + 1)), Qt::UTC));
    axis->setTickCount(7);
    return axis;
}

QLineSeries* flatLine(const QString& name, double value, int first, int last, const QColor& colour, Qt::PenStyle style)
{
    auto* line = new QLineSeries;
    line->setName(name);
    line->append(double(dayMs(first)), value);
    line->append(double(dayMs(std::max(last, first + 1))), value);
    QPen pen(colour);
    pen.setStyle(style);
    pen.setWidthF(1.5);
    line->setPen(pen);
    return line;
}

void attach(QChart* chart, QAbstractSeries* series, QAbstractAxis* x, QAbstractAxis* y)
{
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

QChart* emptyChart(const QString& title)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setLocalizeNumbers(true);  // the axes' numbers as the user writes them
    return chart;
}

}  // namespace

QStringList monitoringChartIds()
{
    QStringList ids;
    for (const ChartSpec& spec : specs()) ids << QString::fromLatin1(spec.id);
    return ids;
}

QChart* monitoringChart(const monitoring::MonitorResult& result, const QString& id)
{
    const auto found = std::find_if(specs().begin(), specs().end(),
                                    [&](const ChartSpec& spec) { return id == QLatin1String(spec.id); });
    if (found == specs().end()) throw std::invalid_argument("no monitoring chart " + id.toStdString());
    const ChartSpec& spec = *found;
    QChart* chart = emptyChart(text(spec.title));
    const int first = result.evaluatedFrom;
    const int last = std::max(result.lastDay, first);
    QDateTimeAxis* x = dayAxis(first, last);
    auto* y = new QValueAxis;
    y->setTitleText(text(spec.axis));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    double top = 0;
    double threshold = 0;
    for (const Line& line : spec.lines) {
        // The lines name the default windows; a monitor run with others has them in its result.
        const std::string window = std::string(line.window) == "30d" ? result.slowWindow : result.fastWindow;
        const monitoring::Series* series = findSeries(result, spec.kind, line.metric, window);
        if (!series) continue;
        auto* plot = new QLineSeries;
        plot->setName(text(line.name));
        for (size_t i = 0; i < series->values.size(); ++i) {
            const double value = series->values[i];
            if (!std::isfinite(value)) continue;
            plot->append(double(dayMs(first + int(i))), value);
            top = std::max(top, value);
        }
        attach(chart, plot, x, y);
        if (spec.referenceLines && window == result.slowWindow) {
            QLineSeries* reference = flatLine(
                text(line.name) + QLatin1Char(' ') + text(QT_TRANSLATE_NOOP("MonitoringCharts", "(reference)")),
                series->reference, first, last, plot->color(), Qt::DotLine);
            attach(chart, reference, x, y);
            top = std::max(top, series->reference);
        }
        threshold = series->threshold;
    }
    if (!spec.referenceLines && threshold > 0) {
        attach(chart,
               flatLine(text(QT_TRANSLATE_NOOP("MonitoringCharts", "alarm threshold")), threshold, first, last,
                        QColor(200, 30, 30), Qt::DashLine),
               x, y);
        top = std::max(top, threshold);
        if (std::string(spec.id) == "input_histogram") {
            // The warning level sits at half the alarm's by default; it is the one in the series' alarms.
            for (const monitoring::Alarm& alarm : result.alarms)
                if (alarm.metric == "histogram_js" && alarm.level == "warning") {
                    attach(chart,
                           flatLine(text(QT_TRANSLATE_NOOP("MonitoringCharts", "warning threshold")), alarm.threshold,
                                    first, last, QColor(230, 150, 0), Qt::DashLine),
                           x, y);
                    break;
                }
        }
    }
    // Each alarm of this chart's kind and metrics: a red vertical line on its first day.
    bool named = false;
    for (const monitoring::Alarm& alarm : result.alarms) {
        if (alarm.kind != spec.kind || alarm.level != "alarm") continue;
        const bool ours = std::any_of(spec.lines.begin(), spec.lines.end(), [&](const Line& line) {
            return alarm.metric == line.metric || alarm.metric.rfind(std::string(line.metric) + ":", 0) == 0;
        });
        if (!ours && spec.kind != std::string("metadata_drift")) continue;
        auto* marker = new QLineSeries;
        marker->setName(named ? QString() : text(QT_TRANSLATE_NOOP("MonitoringCharts", "first day of an alarm")));
        marker->append(double(dayMs(alarm.firstAlarm)), 0.0);
        marker->append(double(dayMs(alarm.firstAlarm)), std::max(top, 0.05) * 1.1);
        QPen pen(QColor(200, 30, 30));
        pen.setWidthF(2.0);
        marker->setPen(pen);
        attach(chart, marker, x, y);
        if (named) chart->legend()->markers(marker).front()->setVisible(false);
        named = true;
    }
    y->setRange(0.0, std::max(top, 0.05) * 1.15);
    return chart;
}

QChart* goldenChart(const std::vector<feedback::GoldenRun>& runs)
{
    QChart* chart = emptyChart(text(QT_TRANSLATE_NOOP("MonitoringCharts", "Golden set: lower 95% bounds per run")));
    auto* x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("yyyy-MM-dd"));
    x->setTitleText(text(QT_TRANSLATE_NOOP("MonitoringCharts", "run (UTC)")));
    auto* y = new QValueAxis;
    y->setRange(0.0, 1.0);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    auto* sensitivity = new QLineSeries;
    sensitivity->setName(text(QT_TRANSLATE_NOOP("MonitoringCharts", "sensitivity, lower bound")));
    sensitivity->setPointsVisible(true);
    auto* specificity = new QLineSeries;
    specificity->setName(text(QT_TRANSLATE_NOOP("MonitoringCharts", "specificity, lower bound")));
    specificity->setPointsVisible(true);
    qint64 firstMs = 0, lastMs = 0;
    for (const feedback::GoldenRun& run : runs) {
        const qint64 ms = QDateTime::fromString(run.runUtc, Qt::ISODateWithMs).toMSecsSinceEpoch();
        if (firstMs == 0) firstMs = ms;
        lastMs = ms;
        if (std::isfinite(run.sensitivityLow)) sensitivity->append(double(ms), run.sensitivityLow);
        if (std::isfinite(run.specificityLow)) specificity->append(double(ms), run.specificityLow);
    }
    if (lastMs <= firstMs) lastMs = firstMs + 86400000LL;
    x->setRange(QDateTime::fromMSecsSinceEpoch(firstMs - 3600000LL, Qt::UTC),
                QDateTime::fromMSecsSinceEpoch(lastMs + 3600000LL, Qt::UTC));
    attach(chart, sensitivity, x, y);
    attach(chart, specificity, x, y);
    if (!runs.empty()) {
        for (const auto& [name, value, colour] : {std::tuple{QT_TRANSLATE_NOOP("MonitoringCharts", "sensitivity floor"),
                                                             runs.back().minSensitivity, sensitivity->color()},
                                                  std::tuple{QT_TRANSLATE_NOOP("MonitoringCharts", "specificity floor"),
                                                             runs.back().minSpecificity, specificity->color()}}) {
            auto* floor = new QLineSeries;
            floor->setName(text(name));
            floor->append(double(firstMs - 3600000LL), value);
            floor->append(double(lastMs + 3600000LL), value);
            QPen pen(colour);
            pen.setStyle(Qt::DashLine);
            floor->setPen(pen);
            attach(chart, floor, x, y);
        }
    }
    return chart;
}

QChart* reliabilityChart(const monitoring::GoldenSummary& summary)
{
    QChart* chart = emptyChart(text(QT_TRANSLATE_NOOP("MonitoringCharts", "Reliability diagram")));
    auto* x = new QValueAxis;
    x->setRange(0.0, 1.0);
    x->setTitleText(text(QT_TRANSLATE_NOOP("MonitoringCharts", "mean predicted probability of PNEUMONIA")));
    auto* y = new QValueAxis;
    y->setRange(0.0, 1.0);
    y->setTitleText(text(QT_TRANSLATE_NOOP("MonitoringCharts", "share of PNEUMONIA cases")));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    auto* diagonal = new QLineSeries;
    diagonal->setName(text(QT_TRANSLATE_NOOP("MonitoringCharts", "perfect calibration")));
    diagonal->append(0.0, 0.0);
    diagonal->append(1.0, 1.0);
    QPen pen(QColor(150, 150, 150));
    pen.setStyle(Qt::DashLine);
    diagonal->setPen(pen);
    attach(chart, diagonal, x, y);
    auto* bins = new QLineSeries;
    bins->setName(text(QT_TRANSLATE_NOOP("MonitoringCharts", "the model (bins with cases)")));
    bins->setPointsVisible(true);
    for (const monitoring::ReliabilityBin& bin : summary.reliability)
        if (bin.count > 0) bins->append(bin.meanProbability, bin.fractionPositive);
    attach(chart, bins, x, y);
    return chart;
}

QImage renderChart(QChart* chart, QSize size)
{
    QGraphicsScene scene;  // owns the chart from here
    scene.addItem(chart);
    chart->setGeometry(QRectF(QPointF(0, 0), QSizeF(size)));
    scene.setSceneRect(QRectF(QPointF(0, 0), QSizeF(size)));
    chart->layout()->activate();
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), QRectF(QPointF(0, 0), QSizeF(size)));
    painter.end();
    return image;
}

void writeReliabilityDiagram(const QString& path, const monitoring::GoldenSummary& summary)
{
    if (!renderChart(reliabilityChart(summary), {640, 560}).save(path, "PNG"))
        throw std::runtime_error(path.toStdString() + ": cannot write");
}

QStringList writeMonitoringReport(const QString& folder, const std::vector<MonitoringReportModel>& models)
{
    if (!QDir().mkpath(folder)) throw std::runtime_error(folder.toStdString() + ": cannot create folder");
    const QDir dir(folder);
    QStringList written;
    QString html = QStringLiteral(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Pulmo model monitoring</title>\n"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid "
        "#bbb;padding:3px 8px}th{background:#eee}.open{color:#b00;font-weight:bold}</style></head><body>\n"
        "<h1>Model monitoring</h1>\n");
    const auto day = [](int d) { return QString::fromStdString(monitoring::isoDay(d)); };
    for (const MonitoringReportModel& model : models) {
        const QString prefix = model.modelSha256.left(12);
        html += QStringLiteral("<h2>Model %1</h2>\n").arg(model.modelSha256.toHtmlEscaped());
        const monitoring::MonitorResult& r = model.result;
        if (r.lastDay == 0 && r.series.empty())
            html += QStringLiteral("<p>No observations; %1 golden run(s).</p>\n").arg(model.golden.size());
        else if (r.reference.complete)
            html += QStringLiteral("<p>Reference %1 to %2 (%3 images, %4 verdicts); monitored to %5.</p>\n")
                        .arg(day(r.reference.firstDay), day(r.reference.lastDay))
                        .arg(r.reference.images)
                        .arg(r.reference.verdicts)
                        .arg(day(r.lastDay));
        else
            html += QStringLiteral("<p>Reference not complete yet (images from %1 to %2).</p>\n")
                        .arg(day(r.firstDay), day(r.lastDay));
        html += QStringLiteral(
            "<table><tr><th>kind</th><th>metric</th><th>level</th><th>window</th><th>first "
            "alarm</th><th>last held</th><th>value</th><th>threshold</th><th>state</th></tr>\n");
        const auto number = [](double value) {
            return std::isfinite(value) ? QString::number(value, 'g', 4) : QStringLiteral("n/a");
        };
        for (const monitoring::Alarm& alarm : model.alarms) {
            // Cell by cell, each escaped: a DICOM value in a detail is text, never markup or a %n.
            const QStringList cells = {
                QString::fromStdString(alarm.kind),
                QString::fromStdString(alarm.metric + (alarm.detail.empty() ? "" : " " + alarm.detail)),
                QString::fromStdString(alarm.level),
                QString::fromStdString(alarm.window),
                day(alarm.firstAlarm),
                day(alarm.lastHeld),
                number(alarm.value),
                number(alarm.threshold)};
            html += QStringLiteral("<tr>");
            for (const QString& cell : cells)
                html += QStringLiteral("<td>") + cell.toHtmlEscaped() + QStringLiteral("</td>");
            html += alarm.open ? QStringLiteral("<td class=\"open\">open</td></tr>\n")
                               : QStringLiteral("<td>closed</td></tr>\n");
        }
        if (model.alarms.empty()) html += QStringLiteral("<tr><td colspan=\"9\">no alarm</td></tr>\n");
        html += QStringLiteral("</table>\n");
        const auto save = [&](QChart* chart, const QString& name) {
            const QString path = dir.filePath(name);
            if (!renderChart(chart).save(path, "PNG")) throw std::runtime_error(path.toStdString() + ": cannot write");
            written << path;
            html += QStringLiteral("<p><img src=\"%1\" alt=\"%1\" width=\"900\"></p>\n").arg(name.toHtmlEscaped());
        };
        if (r.reference.complete && r.lastDay > r.reference.lastDay)
            for (const QString& id : monitoringChartIds())
                save(monitoringChart(r, id), prefix + QLatin1Char('-') + id + QStringLiteral(".png"));
        if (!model.golden.empty()) save(goldenChart(model.golden), prefix + QStringLiteral("-golden.png"));
    }
    if (models.empty()) html += QStringLiteral("<p>No observations recorded.</p>\n");
    html += QStringLiteral("</body></html>\n");
    const QString index = dir.filePath(QStringLiteral("index.html"));
    QFile file(index);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(html.toUtf8()) < 0 || !file.flush())
        throw std::runtime_error(index.toStdString() + ": cannot write");
    written << index;
    return written;
}

}  // namespace pulmo::app
