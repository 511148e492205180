// pulmo-cli monitor: model monitoring's alarms (issue 20), per model in a feedback database.

#include "CliSupport.h"
#include "FeedbackDatabase.h"
#include "ModelMonitoring.h"
#include "MonitoringCharts.h"
#include "MonitoringStore.h"
#include "monitoring/DriftMonitor.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

#include <cmath>
#include <cstdio>
#include <variant>

namespace pulmo::cli {

namespace {

/// A setting on the command line: --NAME VALUE, written into MonitorSettings.
struct SettingOption {
    const char* name;
    const char* help;
    std::variant<int monitoring::MonitorSettings::*, long monitoring::MonitorSettings::*,
                 double monitoring::MonitorSettings::*>
        member;
};

const SettingOption kSettings[] = {
    {"reference-days", "The reference: at least this many days from the model's first use.",
     &monitoring::MonitorSettings::referenceDays},
    {"reference-images", "... and at least this many images.", &monitoring::MonitorSettings::referenceImages},
    {"window-days", "The slow rolling window, days.", &monitoring::MonitorSettings::slowWindowDays},
    {"fast-window-days", "The fast rolling window, days.", &monitoring::MonitorSettings::fastWindowDays},
    {"min-window-images", "Fewer images in a window: its images are not tested.",
     &monitoring::MonitorSettings::minWindowImages},
    {"min-window-verdicts", "Fewer verdicts in a window: agreement is not tested.",
     &monitoring::MonitorSettings::minWindowVerdicts},
    {"alpha",
     "Significance level of the tests (after Holm's correction within a family); the input histogram's is set by "
     "--bootstrap-resamples.",
     &monitoring::MonitorSettings::alpha},
    {"histogram-warn", "Jensen-Shannon distance (base 2) of the input histogram: warning.",
     &monitoring::MonitorSettings::histogramWarn},
    {"histogram-alarm", "... alarm.", &monitoring::MonitorSettings::histogramAlarm},
    {"bootstrap-resamples",
     "Resamples of the input histogram's null; its test is significant above all of them (p < 1/(R+1)).",
     &monitoring::MonitorSettings::bootstrapResamples},
    {"min-reference-verdicts", "Fewer verdicts in the reference: that agreement rate is not tested.",
     &monitoring::MonitorSettings::minReferenceVerdicts},
    {"ks-effect", "Kolmogorov-Smirnov D floor (input statistics, probability).",
     &monitoring::MonitorSettings::ksEffect},
    {"share-change", "A metadata category's share must move at least this much.",
     &monitoring::MonitorSettings::shareChange},
    {"new-category-images", "Images of a category the reference never saw, in the fast window.",
     &monitoring::MonitorSettings::newCategoryImages},
    {"rate-effect", "PNEUMONIA and INDETERMINATE rates: the smallest change (absolute) that alarms.",
     &monitoring::MonitorSettings::rateEffect},
    {"agreement-effect", "Disagreement rates: the smallest rise (absolute) that alarms.",
     &monitoring::MonitorSettings::agreementEffect},
    {"cusum-slack", "CUSUM of the daily rates: slack, standard deviations.", &monitoring::MonitorSettings::cusumSlack},
    {"cusum-threshold", "CUSUM threshold, standard deviations.", &monitoring::MonitorSettings::cusumThreshold},
    {"clear-days", "An alarm ends after this many days in a row without holding.",
     &monitoring::MonitorSettings::clearDays},
};

QJsonObject alarmJson(const QString& model, const monitoring::Alarm& alarm)
{
    QJsonObject object;
    object["model_sha256"] = model;
    object["kind"] = QString::fromStdString(alarm.kind);
    object["metric"] = QString::fromStdString(alarm.metric);
    object["level"] = QString::fromStdString(alarm.level);
    if (!alarm.detail.empty()) object["detail"] = QString::fromStdString(alarm.detail);
    object["window"] = QString::fromStdString(alarm.window);
    object["window_first"] = QString::fromStdString(monitoring::isoDay(alarm.windowFirst));
    object["window_last"] = QString::fromStdString(monitoring::isoDay(alarm.windowLast));
    object["first_alarm"] = QString::fromStdString(monitoring::isoDay(alarm.firstAlarm));
    object["last_held"] = QString::fromStdString(monitoring::isoDay(alarm.lastHeld));
    object["open"] = alarm.open;
    object["value"] = alarm.value;
    object["latest"] = alarm.latest;
    object["threshold"] = alarm.threshold;
    object["p_value"] = alarm.pValue;
    if (alarm.kind == "prediction_drift" || alarm.kind == "agreement_drift") object["reference"] = alarm.reference;
    object["samples"] = qint64(alarm.samples);
    return object;
}

}  // namespace

int runMonitor(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Model monitoring: for each model in a feedback database, its reference period and the alarms of its "
        "rolling windows - input drift (the 8-bit input's histogram and statistics), metadata drift, prediction "
        "drift (PNEUMONIA and INDETERMINATE rates, the probability) and agreement drift (the readers' "
        "disagreements) - each with the first day it held. Exits 0 with or without alarms."));
    parser.addHelpOption();
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("The feedback database."), QStringLiteral("PATH"));
    const QCommandLineOption model(QStringLiteral("model"),
                                   QStringLiteral("Only this model (its SHA-256); default: every model recorded."),
                                   QStringLiteral("SHA256"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("One JSON object per alarm, then one summary object per model."));
    const QCommandLineOption report(
        QStringLiteral("report"),
        QStringLiteral("Write index.html and the charts (PNG, one per kind and model) into this folder."),
        QStringLiteral("DIR"));
    parser.addOptions({db, model, json, report});
    const monitoring::MonitorSettings defaults;
    std::vector<QCommandLineOption> settingOptions;
    for (const SettingOption& setting : kSettings) {
        const QString defaultText = std::visit(
            [&](auto member) { return QString::fromStdString(shortest(double(defaults.*member))); }, setting.member);
        settingOptions.emplace_back(QString::fromLatin1(setting.name),
                                    QString::fromLatin1(setting.help) + QStringLiteral(" Default %1.").arg(defaultText),
                                    QStringLiteral("VALUE"), defaultText);
        parser.addOption(settingOptions.back());
    }
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    if (!parser.positionalArguments().isEmpty()) throw UsageError("no positional arguments expected");
    if (!parser.isSet(db)) throw UsageError("--db PATH is required");

    monitoring::MonitorSettings settings;
    for (size_t i = 0; i < std::size(kSettings); ++i) {
        bool ok = false;
        const double value = parser.value(settingOptions[i]).toDouble(&ok);  // C locale, whatever LC_NUMERIC says
        if (!ok || !std::isfinite(value)) throw UsageError(std::string("--") + kSettings[i].name + " takes a number");
        std::visit(
            [&](auto member) {
                using Type = std::remove_reference_t<decltype(settings.*member)>;
                if constexpr (!std::is_floating_point_v<Type>) {
                    if (value != std::floor(value) || std::abs(value) > 1e9)
                        throw UsageError(std::string("--") + kSettings[i].name + " takes a whole number");
                }
                settings.*member = Type(value);
            },
            kSettings[i].member);
    }
    try {
        monitoring::monitor({}, settings);  // the settings' own check, before any work
    } catch (const std::invalid_argument& error) {
        throw UsageError(error.what());
    }

    if (!QFileInfo::exists(parser.value(db)))
        throw std::runtime_error(parser.value(db).toStdString() + ": no such database");
    feedback::FeedbackDatabase database(parser.value(db).toStdString());
    std::vector<QString> models = feedback::monitoredModels(database);
    if (parser.isSet(model)) {
        const QString wanted = parser.value(model);
        if (std::find(models.begin(), models.end(), wanted) == models.end())
            throw std::runtime_error(parser.value(db).toStdString() + ": no observation or golden run of model " +
                                     wanted.toStdString());
        models = {wanted};
    }

    std::vector<app::MonitoringReportModel> reported;
    for (const QString& sha : models) {
        const feedback::ModelMonitoring figures = feedback::monitorModel(database, sha, settings);
        const monitoring::MonitorResult& result = figures.result;
        const std::vector<feedback::GoldenRun>& runs = figures.golden;
        const std::vector<monitoring::Alarm>& all = figures.alarms;
        int open = 0;
        int alarms = 0;
        for (const monitoring::Alarm& alarm : all) {
            open += alarm.open ? 1 : 0;
            alarms += alarm.level == "alarm" ? 1 : 0;
            if (parser.isSet(json)) {
                printJsonLine(alarmJson(sha, alarm));
            } else {
                std::printf("%s %s %s%s%s (%s window): from %s%s, %s %s, threshold %s\n",
                            alarm.level == "alarm" ? "ALARM" : "warning", alarm.kind.c_str(), alarm.metric.c_str(),
                            alarm.detail.empty() ? "" : " ", alarm.detail.c_str(), alarm.window.c_str(),
                            monitoring::isoDay(alarm.firstAlarm).c_str(),
                            alarm.open ? " (open)" : (" to " + monitoring::isoDay(alarm.lastHeld)).c_str(), "value",
                            shortest(alarm.value).c_str(), shortest(alarm.threshold).c_str());
            }
        }
        QJsonObject summary;
        summary["summary"] = true;
        summary["model_sha256"] = sha;
        const bool observed = !result.series.empty() || result.lastDay != 0;  // an empty stream has no days
        summary["observations"] = observed;
        if (observed) {
            summary["first_day"] = QString::fromStdString(monitoring::isoDay(result.firstDay));
            summary["last_day"] = QString::fromStdString(monitoring::isoDay(result.lastDay));
        }
        summary["reference_complete"] = result.reference.complete;
        if (result.reference.complete) {
            summary["reference_first"] = QString::fromStdString(monitoring::isoDay(result.reference.firstDay));
            summary["reference_last"] = QString::fromStdString(monitoring::isoDay(result.reference.lastDay));
        }
        summary["reference_images"] = qint64(result.reference.complete ? result.reference.images : 0);
        summary["reference_verdicts"] = qint64(result.reference.verdicts);
        summary["alarms"] = alarms;
        summary["warnings"] = int(all.size()) - alarms;
        summary["golden_runs"] = int(runs.size());
        QJsonArray untested;
        for (const std::string& metric : result.untested) untested.append(QString::fromStdString(metric));
        summary["untested"] = untested;
        summary["open"] = open;
        if (parser.isSet(json)) {
            printJsonLine(summary);
        } else if (!observed) {
            std::printf("model %s: no observations, %d golden run(s): %d alarms, %d open\n", qPrintable(sha.left(12)),
                        int(runs.size()), alarms, open);
        } else if (!result.reference.complete) {
            std::printf("model %s: %s to %s, reference not complete yet (needs %d days and %ld images)\n",
                        qPrintable(sha.left(12)), monitoring::isoDay(result.firstDay).c_str(),
                        monitoring::isoDay(result.lastDay).c_str(), settings.referenceDays, settings.referenceImages);
        } else {
            std::printf("model %s: reference %s to %s (%ld images), monitored to %s: %d alarms, %d warnings, %d open\n",
                        qPrintable(sha.left(12)), monitoring::isoDay(result.reference.firstDay).c_str(),
                        monitoring::isoDay(result.reference.lastDay).c_str(), result.reference.images,
                        monitoring::isoDay(result.lastDay).c_str(), alarms, int(all.size()) - alarms, open);
        }
        reported.push_back({sha, result, runs, all});
    }
    if (parser.isSet(report)) {
        const QStringList files = app::writeMonitoringReport(parser.value(report), reported);
        if (!parser.isSet(json)) std::printf("report: %s\n", qPrintable(files.back()));
    }
    if (models.empty() && !parser.isSet(json)) std::printf("no observations recorded\n");
    return ExitSuccess;
}

}  // namespace pulmo::cli
