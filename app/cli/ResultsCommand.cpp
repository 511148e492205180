// pulmo-cli results: each image analysed, its TID 1500 SR and heatmap SC written into a folder,
// and sent with --send (all objects of a study on one association per peer, every status shown).
#include "CliModel.h"
#include "CliSupport.h"
#include "FeedbackDatabase.h"
#include "MonitoringStore.h"
#include "MonitoringRecord.h"
#include "ModelInput.h"
#include "ResultObjects.h"
#include "StoreAudit.h"

#include "dicom/DicomError.h"
#include "dicom/DicomFile.h"
#include "net/NetworkError.h"
#include "net/PacsPeer.h"
#include "net/StoreScu.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>

#include <cstdio>
#include <map>

namespace pulmo::cli {
namespace {

QJsonObject objectJson(const std::string& path, const std::string& series, const std::string& instance)
{
    return QJsonObject{{"path", QString::fromStdString(path)},
                       {"series_instance_uid", QString::fromStdString(series)},
                       {"sop_instance_uid", QString::fromStdString(instance)}};
}

}  // namespace

int runResults(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Analyse DICOM images and write each result as a TID 1500 Structured Report and a heatmap Secondary "
        "Capture into DIR; with --send, C-STORE them to each peer."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("INPUT"), QStringLiteral("DICOM files or folders"),
                                 QStringLiteral("INPUT..."));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Folder for the SR and SC files."),
                                 QStringLiteral("DIR"));
    const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("TorchScript model or resnet18 state_dict."),
                                   QStringLiteral("PATH"));
    const QCommandLineOption device = makeDeviceOption();
    const QCommandLineOption send(QStringLiteral("send"),
                                  QStringLiteral("C-STORE the objects to this peer (repeatable)."),
                                  QStringLiteral("AET@HOST:PORT"));
    const QCommandLineOption callingAe(QStringLiteral("calling-ae"), QStringLiteral("Our AE title (default PULMO)."),
                                       QStringLiteral("AE"), QStringLiteral("PULMO"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Seconds to wait for a peer (default 10)."), QStringLiteral("S"),
                                     QStringLiteral("10"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per image and line."));
    parser.addOptions({out, model, device, send, callingAe, timeout, json});
    const StoreAudit audit(parser);
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    if (parser.positionalArguments().isEmpty()) throw UsageError("no INPUT given");
    if (!parser.isSet(out)) throw UsageError("--out DIR is required");
    std::vector<net::PacsPeer> peers;
    for (const QString& address : parser.values(send)) {
        net::PacsPeer peer;
        if (!net::parsePeerAddress(address.toStdString(), peer))
            throw UsageError("--send takes AET@HOST:PORT, not '" + address.toStdString() + "'");
        peers.push_back(peer);
    }
    bool timeoutOk = false;
    const int seconds = parser.value(timeout).toInt(&timeoutOk);
    if (!timeoutOk || seconds <= 0) throw UsageError("--timeout takes a positive number of seconds");
    const net::NetworkTimeouts timeouts{seconds, seconds, std::max(seconds, 60)};
    const QString folder = parser.value(out);
    if (!QDir().mkpath(folder)) throw std::runtime_error(folder.toStdString() + ": cannot create folder");

    const QStringList files = expandInputs(parser.positionalArguments());
    const std::string deviceName = deviceOption(parser, device);
    const LoadedModel loaded = loadModel(parser.isSet(model) ? parser.value(model) : defaultModelPath(), deviceName);
    const inference::ModelIdentity& identity = loaded.classifier->identity();
    inference::PredictOptions options;
    options.heatmapAtImageSize = false;
    std::unique_ptr<feedback::FeedbackDatabase> monitoringDatabase;
    if (parser.isSet(QStringLiteral("audit-db")))
        monitoringDatabase =
            std::make_unique<feedback::FeedbackDatabase>(parser.value(QStringLiteral("audit-db")).toStdString());

    int exitCode = ExitSuccess;
    std::vector<QJsonObject> lines;
    std::map<std::string, std::vector<std::string>> objectsByStudy;  // study UID -> SR and SC files
    std::map<std::string, std::vector<size_t>> linesByStudy;
    for (const QString& file : files) {
        try {
            const std::shared_ptr<const dicom::DecodedImage> decoded = dicom::loadImage(file.toStdString());
            const inference::GrayImage input = app::modelInputImage(decoded);
            const inference::Prediction prediction = loaded.classifier->predict({input}, options).front();
            // With --audit-db, model monitoring's record of the prediction goes there too (issue 20).
            if (monitoringDatabase)
                feedback::MonitoringStore(*monitoringDatabase)
                    .record(app::monitoringObservation(decoded->info(), input, prediction, identity,
                                                       QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs),
                                                       QStringLiteral("cli")));
            const app::WrittenResult written =
                app::writeResultObjects(file.toStdString(), *decoded, prediction, identity, folder.toStdString());
            const results::AiResult& result = written.result;
            QJsonObject line{{"input", file},
                             {"sop_instance_uid", QString::fromStdString(written.sourceSopInstanceUid)},
                             {"study_instance_uid", QString::fromStdString(written.studyInstanceUid)},
                             {"label", QString::fromStdString(prediction.label)},
                             {"probability", result.probability},
                             {"finding", QString::fromLatin1(results::toString(result.finding))},
                             {"model", modelJson(identity)},
                             {"sr", objectJson(written.reportPath, written.uids.reportSeries, written.uids.report)},
                             {"sc", objectJson(written.capturePath, written.uids.captureSeries, written.uids.capture)}};
            objectsByStudy[written.studyInstanceUid].push_back(written.reportPath);
            objectsByStudy[written.studyInstanceUid].push_back(written.capturePath);
            linesByStudy[written.studyInstanceUid].push_back(lines.size());
            lines.push_back(line);
        } catch (const std::exception& error) {
            // No objects for an image that could not be analysed: nothing may claim a result for it.
            std::fprintf(stderr, "pulmo-cli results: %s\n", error.what());
            exitCode = ExitFailure;
        }
    }

    // All objects of one study on one association, per peer; every response status reported.
    for (const net::PacsPeer& peer : peers) {
        const QString address = QString::fromStdString(net::peerAddress(peer));
        for (const auto& [study, objects] : objectsByStudy) {
            QJsonArray sent;
            try {
                const std::vector<net::StoreOutcome> outcomes =
                    net::storeFiles(peer, parser.value(callingAe).toStdString(), timeouts, objects);
                audit.record(parser, address.toStdString(), outcomes);
                for (const net::StoreOutcome& outcome : outcomes) {
                    sent.append(
                        QJsonObject{{"peer", address},
                                    {"path", QString::fromStdString(outcome.filePath)},
                                    {"sop_instance_uid", QString::fromStdString(outcome.sopInstanceUid)},
                                    {"state", QString::fromLatin1(net::toString(outcome.state))},
                                    {"status", outcome.state == net::StoreOutcome::State::NotSent
                                                   ? QJsonValue()
                                                   : QJsonValue(QString::fromStdString(dimseStatus(outcome.status)))},
                                    {"reason", QString::fromStdString(outcome.reason)}});
                    if (!outcome.stored()) {
                        std::fprintf(stderr, "pulmo-cli results: %s: not stored by %s: %s\n", outcome.filePath.c_str(),
                                     qPrintable(address), outcome.reason.c_str());
                        exitCode = ExitFailure;
                    }
                }
            } catch (const net::NetworkError& error) {
                audit.record(parser, address.toStdString(), {}, error.what());
                std::fprintf(stderr, "pulmo-cli results: %s\n", error.what());
                for (const std::string& object : objects)
                    sent.append(QJsonObject{{"peer", address},
                                            {"path", QString::fromStdString(object)},
                                            {"state", QStringLiteral("not_sent")},
                                            {"reason", QString::fromUtf8(error.what())}});
                exitCode = ExitFailure;
            }
            for (const size_t index : linesByStudy[study]) {
                QJsonObject& line = lines[index];
                QJsonArray mine = line.value(QStringLiteral("sent")).toArray();
                const QString sr = line["sr"].toObject()["path"].toString();
                const QString sc = line["sc"].toObject()["path"].toString();
                for (const QJsonValue& entry : sent) {
                    const QString path = entry.toObject()["path"].toString();
                    if (path == sr || path == sc) mine.append(entry);
                }
                line["sent"] = mine;
            }
        }
    }

    for (const QJsonObject& line : lines) {
        if (parser.isSet(json)) {
            printJsonLine(line);
        } else {
            std::printf("%s: %s %s -> %s, %s\n", qPrintable(line["input"].toString()),
                        qPrintable(line["label"].toString()), shortest(line["probability"].toDouble()).c_str(),
                        qPrintable(line["sr"].toObject()["path"].toString()),
                        qPrintable(line["sc"].toObject()["path"].toString()));
        }
    }
    return exitCode;
}

}  // namespace pulmo::cli
