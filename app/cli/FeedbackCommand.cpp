// pulmo-cli feedback / audit: script and inspect verdicts, verify and export the audit chain.
#include "CliModel.h"
#include "CliSupport.h"
#include "MonitoringStore.h"
#include "MonitoringRecord.h"
#include "ModelInput.h"
#include "PredictionRecordBuilder.h"

#include "AtnaMessage.h"
#include "AuditLog.h"
#include "CsvWriter.h"
#include "FeedbackDatabase.h"
#include "FeedbackStore.h"
#include "RetrainingExport.h"
#include "DeidentifyRun.h"
#include "deid/Deidentifier.h"
#include "InferenceBackend.h"
#include "PluginLoader.h"
#include "dicom/DicomFile.h"

#include <QFile>
#include <QImage>

#include <cstring>
#include <QFileInfo>
#include <QCoreApplication>
#include <QSysInfo>
#include <QCommandLineParser>
#include <QJsonArray>

#include <cstdio>

namespace pulmo::cli {
namespace {

QJsonObject toJson(const feedback::ReviewedImage& image)
{
    QJsonObject probabilities;
    for (auto it = image.prediction.probabilities.begin(); it != image.prediction.probabilities.end(); ++it)
        probabilities[it.key()] = it.value();
    return QJsonObject{{"sop_instance_uid", image.prediction.sopInstanceUid},
                       {"patient_key", image.prediction.patientKey},
                       {"ai_label", image.prediction.label},
                       {"probabilities", probabilities},
                       {"model", image.prediction.modelName + QLatin1Char(' ') + image.prediction.modelVersion},
                       {"model_sha256", image.prediction.modelSha256},
                       {"verdict", image.verdict.verdict},
                       {"corrected_label", image.verdict.correctedLabel},
                       {"reader_label", image.readerLabel()},
                       {"comment", image.verdict.comment},
                       {"reader", image.verdict.reader},
                       {"saved_utc", image.verdict.createdUtc}};
}

/// The model's prediction of `file`, and what model monitoring records of it (issue 20).
struct Predicted {
    feedback::PredictionRecord record;
    feedback::MonitoringObservation observation;
};

Predicted predict(const QString& file, const QString& modelPath, feedback::FeedbackStore& store)
{
    const LoadedModel loaded = loadModel(modelPath, "auto");
    inference::Classifier* const classifier = loaded.classifier.get();
    const auto image = dicom::loadImage(file.toStdString());
    inference::PredictOptions options;
    options.heatmapAtImageSize = false;
    const inference::GrayImage input = app::modelInputImage(image);
    const inference::Prediction prediction = classifier->predict({input}, options).front();
    const dicom::ImageInfo& info = image->info();
    const inference::ModelIdentity& model = classifier->identity();
    Predicted out;
    out.record = app::buildPredictionRecord(info, file, model, prediction, QString::fromStdString(prediction.label),
                                            model.card.threshold);
    out.record.patientKey =
        store.patientKey(QString::fromStdString(info.patientId), QString::fromStdString(info.patientName));
    out.observation =
        app::monitoringObservation(info, input, prediction, model,
                                   QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs), QStringLiteral("cli"));
    return out;
}

}  // namespace

int runFeedback(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Record and list the reader's verdicts on the AI's results.\n"
                       "  feedback --db PATH add --file DICOM --verdict agree|disagree "
                       "[--label NORMAL|PNEUMONIA|NOT_ASSESSABLE] [--reader NAME] "
                       "[--comment TEXT] [--model PATH]\n"
                       "  feedback --db PATH list [--json]"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("add or list"));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Feedback database."), QStringLiteral("PATH"));
    const QCommandLineOption file(QStringLiteral("file"), QStringLiteral("The DICOM image."), QStringLiteral("DICOM"));
    const QCommandLineOption verdict(QStringLiteral("verdict"), QStringLiteral("agree or disagree."),
                                     QStringLiteral("VERDICT"));
    const QCommandLineOption label(QStringLiteral("label"), QStringLiteral("Corrected label on disagree."),
                                   QStringLiteral("LABEL"));
    const QCommandLineOption reader(QStringLiteral("reader"), QStringLiteral("Who reads (default: the OS user)."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption comment(QStringLiteral("comment"), QStringLiteral("Free text."), QStringLiteral("TEXT"));
    const QCommandLineOption model(QStringLiteral("model"),
                                   QStringLiteral("Model that makes the prediction when none is stored."),
                                   QStringLiteral("PATH"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per line."));
    parser.addOptions({db, file, verdict, label, reader, comment, model, json});
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    if (!parser.isSet(db)) throw UsageError("--db PATH is required");
    const QString action = parser.positionalArguments().value(0);
    feedback::FeedbackDatabase database(parser.value(db).toStdString());
    feedback::FeedbackStore store(database);
    const QString who = parser.isSet(reader) ? parser.value(reader) : feedback::FeedbackStore::defaultReader();

    if (action == QLatin1String("list")) {
        for (const feedback::ReviewedImage& image : store.reviewed()) {
            if (parser.isSet(json))
                printJsonLine(toJson(image));
            else
                std::printf("%s  AI %s  %s%s  by %s\n", qPrintable(image.prediction.sopInstanceUid),
                            qPrintable(image.prediction.label), qPrintable(image.verdict.verdict),
                            image.verdict.correctedLabel.isEmpty()
                                ? ""
                                : qPrintable(QStringLiteral(" -> ") + image.verdict.correctedLabel),
                            qPrintable(image.verdict.reader));
        }
        return ExitSuccess;
    }
    if (action == QLatin1String("stress")) {
        // For durability tests: agree again and again with the latest prediction of --file, printing
        // "saved ID" after each commit, until killed or --count verdicts were written.
        if (!parser.isSet(file)) throw UsageError("stress needs --file (an image with a stored prediction)");
        const dicom::ImageInfo info = dicom::readImageInfo(parser.value(file).toStdString());
        const auto stored = store.latestPrediction(QString::fromStdString(info.sopInstanceUid));
        if (!stored) throw std::runtime_error("no stored prediction for " + parser.value(file).toStdString());
        const int count = parser.value(comment).toInt() > 0 ? parser.value(comment).toInt() : 1000000;
        for (int i = 0; i < count; ++i) {
            const feedback::VerdictRecord saved = store.recordVerdict(stored->id, QStringLiteral("agree"), {}, {}, who);
            std::printf("saved %lld\n", static_cast<long long>(saved.id));
            std::fflush(stdout);
        }
        return ExitSuccess;
    }
    if (action != QLatin1String("add")) throw UsageError("ACTION must be add or list");
    if (!parser.isSet(file) || !parser.isSet(verdict)) throw UsageError("add needs --file and --verdict");
    const QString verdictText = parser.value(verdict).toLower();
    if (verdictText != QLatin1String("agree") && verdictText != QLatin1String("disagree"))
        throw UsageError("--verdict takes agree or disagree");
    if (verdictText == QLatin1String("disagree") && !parser.isSet(label))
        throw UsageError("a disagreement needs --label NORMAL, PNEUMONIA or NOT_ASSESSABLE");

    const dicom::ImageInfo info = dicom::readImageInfo(parser.value(file).toStdString());
    std::optional<feedback::PredictionRecord> stored =
        store.latestPrediction(QString::fromStdString(info.sopInstanceUid));
    if (!stored || parser.isSet(model)) {
        Predicted predicted =
            predict(parser.value(file), parser.isSet(model) ? parser.value(model) : defaultModelPath(), store);
        stored = store.recordPrediction(predicted.record, who);
        predicted.observation.predictionId = stored->id;
        feedback::MonitoringStore(database).record(predicted.observation);  // once per image and model
    }
    const feedback::VerdictRecord saved =
        store.recordVerdict(stored->id, verdictText, parser.value(label).toUpper(), parser.value(comment), who);
    feedback::ReviewedImage reviewed{*stored, saved};
    if (parser.isSet(json))
        printJsonLine(toJson(reviewed));
    else
        std::printf("saved: %s %s\n", qPrintable(saved.verdict), qPrintable(reviewed.readerLabel()));
    return ExitSuccess;
}

int runExport(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Write the reviewed images as a torchvision ImageFolder tree for retraining, split by patient, "
                       "de-identified."));
    parser.addHelpOption();
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Feedback database."), QStringLiteral("PATH"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Empty or new folder."), QStringLiteral("DIR"));
    const QCommandLineOption split(QStringLiteral("split"), QStringLiteral("Train/val/test percentages."),
                                   QStringLiteral("70/15/15"), QStringLiteral("70/15/15"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Seed of the patient split."),
                                  QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("png (the 8-bit display image) or dicom (de-identified DICOM)."),
                                    QStringLiteral("FORMAT"), QStringLiteral("png"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object."));
    parser.addOptions({db, out, split, seed, format, json});
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    if (!parser.isSet(db) || !parser.isSet(out)) throw UsageError("--db PATH and --out DIR are required");
    const QStringList parts = parser.value(split).split(QLatin1Char('/'));
    feedback::ExportOptions options;
    bool ok[4] = {false, false, false, false};
    if (parts.size() == 3) {
        options.trainPercent = parts[0].toInt(&ok[0]);
        options.validationPercent = parts[1].toInt(&ok[1]);
        options.testPercent = parts[2].toInt(&ok[2]);
    }
    options.seed = parser.value(seed).toULongLong(&ok[3]);
    if (!ok[0] || !ok[1] || !ok[2] || !ok[3] ||
        options.trainPercent + options.validationPercent + options.testPercent != 100)
        throw UsageError("--split takes three percentages adding up to 100, --seed a number");
    const QString formatName = parser.value(format);
    if (formatName != QLatin1String("png") && formatName != QLatin1String("dicom"))
        throw UsageError("--format takes png or dicom, not '" + formatName.toStdString() + "'");
    if (!QFileInfo::exists(parser.value(db)))
        throw std::runtime_error(parser.value(db).toStdString() + ": no such database");
    feedback::FeedbackDatabase database(parser.value(db).toStdString());
    feedback::FeedbackStore store(database);
    feedback::RetrainingExport exporter(database, store);
    feedback::ExportReport report;
    if (formatName == QLatin1String("dicom")) {
        // The Basic Profile with its keyed UIDs and pseudonyms; an image that may show identity in its
        // pixels is left out and named.
        const deid::Deidentifier deidentifier(store.derivedKey("deidentification").toStdString(), {});
        const QString reader = feedback::FeedbackStore::defaultReader();
        const auto writeDicom = [&](const feedback::PredictionRecord& prediction, const QString& pathWithoutSuffix,
                                    QString* error) {
            const deid::DeidOutcome outcome = deidentifier.deidentifyFileAs(
                prediction.filePath.toStdString(), (pathWithoutSuffix + QStringLiteral(".dcm")).toStdString());
            app::auditDeidentified(database, outcome, QStringLiteral("retraining export"), {}, reader);
            if (outcome.status == deid::DeidOutcome::Status::Written) return QStringLiteral(".dcm");
            *error =
                outcome.status == deid::DeidOutcome::Status::Refused
                    ? prediction.filePath + QStringLiteral(": not exported: ") + QString::fromStdString(outcome.reason)
                    : QString::fromStdString(outcome.reason);
            return QString();
        };
        report = exporter.write(parser.value(out), options, writeDicom, formatName);
    } else {
        const auto render = [](const feedback::PredictionRecord& prediction, QString* error) {
            return app::modelInputImage(prediction.filePath, error);
        };
        report = exporter.write(parser.value(out), options, render);
    }
    for (const QString& problem : report.problems) std::fprintf(stderr, "pulmo-cli export: %s\n", qPrintable(problem));
    for (const auto& [split, missing] : report.splitsMissingAClass)
        std::fprintf(
            stderr,
            "pulmo-cli export: %s: split '%s' has no %s image; torchvision's ImageFolder before 0.17 refuses it\n",
            qPrintable(parser.value(out)), qPrintable(split), qPrintable(missing));
    if (parser.isSet(json)) {
        printJsonLine(QJsonObject{
            {"exported", report.exported},
            {"left_out", report.leftOut},
            {"patients",
             QJsonObject{{"train", report.patients[0]}, {"val", report.patients[1]}, {"test", report.patients[2]}}},
            {"out", parser.value(out)}});
    } else {
        std::printf("exported %d image(s) (%d left out) into %s\n", report.exported, report.leftOut,
                    qPrintable(parser.value(out)));
    }
    return ExitSuccess;
}

namespace {

feedback::AuditSource cliAuditSource()
{
    feedback::AuditSource source;
    source.applicationName = QStringLiteral("pulmo-cli");
    source.hostName = QSysInfo::machineHostName();
    source.processId = QString::number(QCoreApplication::applicationPid());
    source.sourceType = 9;  // other: a command-line tool
    return source;
}

QJsonArray idArray(const std::vector<qint64>& ids)
{
    QJsonArray array;
    for (const qint64 id : ids) array.append(id);
    return array;
}

QString idList(const std::vector<qint64>& ids)
{
    QStringList parts;
    for (size_t i = 0; i < ids.size() && i < 20; ++i) parts << QString::number(ids[i]);
    if (ids.size() > 20) parts << QStringLiteral("and %1 more").arg(ids.size() - 20);
    return parts.join(QStringLiteral(", "));
}

/// audit verify --against LOG: the chain here against the anchors the repository received.
int verifyAgainst(const QCommandLineParser& parser, const feedback::AuditLog& audit, const QString& logPath)
{
    QFile log(logPath);
    if (!log.open(QIODevice::ReadOnly))
        throw std::runtime_error(logPath.toStdString() + ": cannot read: " + log.errorString().toStdString());
    std::vector<feedback::AuditAnchor> anchors;
    int lines = 0;
    while (!log.atEnd()) {
        const QByteArray line = log.readLine();
        ++lines;
        if (std::optional<feedback::AuditAnchor> anchor = feedback::parseAnchor(line)) {
            anchor->line = lines;
            anchors.push_back(*anchor);
        }
    }
    const std::vector<feedback::AuditEntry> entries = audit.entries();
    const std::optional<feedback::ChainBreak> broken = audit.verify();
    feedback::RepositoryComparison comparison = feedback::compareWithRepository(entries, anchors);
    comparison.linesRead = lines;
    // Rows the repository has beyond the newest here: the tail was cut.
    std::vector<qint64> cut;
    for (const qint64 id : comparison.missingFromDatabase)
        if (id > comparison.newestInDatabase) cut.push_back(id);
    const bool intact = comparison.intact() && !broken;
    const QString db = parser.value(QStringLiteral("db"));
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject object{{"rows", qint64(entries.size())},
                           {"log_lines", comparison.linesRead},
                           {"received_rows", comparison.anchors},
                           {"newest_row_here", comparison.newestInDatabase},
                           {"newest_row_received", comparison.newestReceived},
                           {"intact", intact},
                           {"chain_intact", !broken.has_value()},
                           {"missing_from_database", idArray(comparison.missingFromDatabase)},
                           {"newest_rows_deleted", idArray(cut)},
                           {"missing_from_repository", idArray(comparison.missingFromRepository)},
                           {"differing", idArray(comparison.differing)}};
        if (broken) {
            object["first_broken_row"] = broken->rowId;
            object["reason"] = broken->reason;
        }
        printJsonLine(object);
    } else if (intact) {
        std::printf("audit chain intact: %zu rows, every one received by the repository (%s)\n", entries.size(),
                    qPrintable(logPath));
    }
    if (intact) return ExitSuccess;
    if (broken)
        std::fprintf(stderr, "pulmo-cli audit: %s: row %lld: %s\n", qPrintable(db),
                     static_cast<long long>(broken->rowId), qPrintable(broken->reason));
    if (!cut.empty())
        std::fprintf(stderr,
                     "pulmo-cli audit: %s: the newest rows were deleted: %s (the repository has up to row %lld, "
                     "the database up to %lld)\n",
                     qPrintable(db), qPrintable(idList(cut)), static_cast<long long>(comparison.newestReceived),
                     static_cast<long long>(comparison.newestInDatabase));
    std::vector<qint64> gone;
    for (const qint64 id : comparison.missingFromDatabase)
        if (id <= comparison.newestInDatabase) gone.push_back(id);
    if (!gone.empty())
        std::fprintf(stderr, "pulmo-cli audit: %s: rows received by the repository are missing here: %s\n",
                     qPrintable(db), qPrintable(idList(gone)));
    if (!comparison.differing.empty())
        std::fprintf(stderr, "pulmo-cli audit: %s: rows differ from what the repository received: %s\n", qPrintable(db),
                     qPrintable(idList(comparison.differing)));
    if (!comparison.missingFromRepository.empty())
        std::fprintf(stderr, "pulmo-cli audit: %s: rows never received by the repository (%s): %s\n", qPrintable(db),
                     qPrintable(logPath), qPrintable(idList(comparison.missingFromRepository)));
    return ExitFailure;
}

}  // namespace

int runAudit(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Check or export the audit chain.\n"
                       "  audit verify --db PATH [--against LOG] [--json]\n"
                       "  audit export --db PATH [-o OUT] [--format csv|syslog]\n"
                       "--against checks the chain against what an audit record repository received (a file with\n"
                       "one syslog message per line, as rsyslog writes it) and names the rows missing at either end."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("verify or export"));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Feedback database."), QStringLiteral("PATH"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("CSV file (default: stdout)."), QStringLiteral("OUT.csv"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object."));
    const QCommandLineOption against(QStringLiteral("against"),
                                     QStringLiteral("The repository's file: one received syslog message per line."),
                                     QStringLiteral("LOG"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("csv (default), or syslog: one RFC 5424 message with the DICOM "
                                                   "audit message per row and line."),
                                    QStringLiteral("FORMAT"), QStringLiteral("csv"));
    parser.addOptions({db, output, json, against, format});
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    if (!parser.isSet(db)) throw UsageError("--db PATH is required");
    if (!QFileInfo::exists(parser.value(db)))
        throw std::runtime_error(parser.value(db).toStdString() + ": no such database");
    const QString action = parser.positionalArguments().value(0);
    feedback::FeedbackDatabase database(parser.value(db).toStdString());
    feedback::AuditLog audit(database);
    if (action == QLatin1String("verify") && parser.isSet(against))
        return verifyAgainst(parser, audit, parser.value(against));
    if (action == QLatin1String("verify")) {
        const auto entries = audit.entries();
        const auto broken = audit.verify();
        if (parser.isSet(json)) {
            QJsonObject object{{"rows", qint64(entries.size())}, {"intact", !broken.has_value()}};
            if (broken) {
                object["first_broken_row"] = broken->rowId;
                object["reason"] = broken->reason;
            }
            printJsonLine(object);
        } else if (!broken) {
            std::printf("audit chain intact: %zu rows\n", entries.size());
        }
        if (broken) {
            std::fprintf(stderr, "pulmo-cli audit: %s: row %lld: %s\n", qPrintable(parser.value(db)),
                         static_cast<long long>(broken->rowId), qPrintable(broken->reason));
            return ExitFailure;
        }
        return ExitSuccess;
    }
    if (action != QLatin1String("export")) throw UsageError("ACTION must be verify or export");
    QFile out;
    if (parser.isSet(output)) {
        out.setFileName(parser.value(output));
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
            throw std::runtime_error(parser.value(output).toStdString() +
                                     ": cannot write: " + out.errorString().toStdString());
    } else if (!out.open(stdout, QIODevice::WriteOnly)) {
        throw std::runtime_error("cannot write to standard output");
    }
    const QString name = parser.isSet(output) ? parser.value(output) : QStringLiteral("standard output");
    if (parser.value(format) == QLatin1String("syslog")) {
        const feedback::AuditSource source = cliAuditSource();
        for (const feedback::AuditEntry& entry : audit.entries())
            if (out.write(feedback::syslogMessage(entry, source) + '\n') < 0)
                throw std::runtime_error(name.toStdString() + ": cannot write: " + out.errorString().toStdString());
        if (!out.flush())
            throw std::runtime_error(name.toStdString() + ": cannot write: " + out.errorString().toStdString());
        return ExitSuccess;
    }
    if (parser.value(format) != QLatin1String("csv")) throw UsageError("--format must be csv or syslog");
    feedback::CsvWriter csv(out, name);
    csv.writeRow({QStringLiteral("id"), QStringLiteral("occurred_utc"), QStringLiteral("reader"),
                  QStringLiteral("action"), QStringLiteral("subject"), QStringLiteral("outcome"),
                  QStringLiteral("detail"), QStringLiteral("previous_hash"), QStringLiteral("row_hash")});
    for (const feedback::AuditEntry& entry : audit.entries())
        csv.writeRow({feedback::CsvWriter::integer(entry.id), entry.occurredUtc, entry.reader, entry.action,
                      entry.subject, entry.outcome, entry.detail, entry.previousHash, entry.rowHash});
    if (!out.flush())
        throw std::runtime_error(name.toStdString() + ": cannot write: " + out.errorString().toStdString());
    return ExitSuccess;
}

}  // namespace pulmo::cli
