// pulmo-cli retrieve: fetch one study by C-MOVE (to a Storage SCP this command runs) or C-GET.
#include "CliSupport.h"
#include "AuditLog.h"
#include "FeedbackDatabase.h"
#include "FeedbackStore.h"
#include "NetworkOptions.h"
#include "PacsAudit.h"

#include "net/StorageScp.h"
#include "net/StudyRetriever.h"

#include <QDir>
#include <QJsonArray>

#include <chrono>
#include <csignal>
#include <cstdio>

namespace pulmo::cli {
namespace {

net::Cancellation* g_cancellation = nullptr;

extern "C" void cancelOnSignal(int)
{
    // Only an atomic store: the retrieve sends C-CANCEL at its next message and ends as Cancelled.
    if (g_cancellation) g_cancellation->cancel();
}

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

QJsonObject toJson(const net::RetrieveResult& result)
{
    QJsonObject object;
    object["event"] = "result";
    object["peer"] = text(result.peerAddress);
    object["calling_ae"] = text(result.callingAeTitle);
    object["study_instance_uid"] = text(result.studyInstanceUid);
    object["method"] = result.method == net::RetrieveMethod::Move ? "move" : "get";
    object["outcome"] = net::toString(result.outcome);
    if (!result.error.empty()) {
        object["error"] = text(result.error);
        object["error_kind"] = net::toString(result.errorKind);
    }
    object["expected"] = result.expected;
    object["already_present"] = result.alreadyPresent;
    object["completed"] = result.completed;
    object["failed"] = result.failed;
    object["warning"] = result.warning;
    object["stored"] = result.stored;
    object["attempts"] = result.attempts;
    QJsonArray missing;
    for (const std::string& uid : result.failedSopInstanceUids) missing.append(text(uid));
    object["missing_sop_instance_uids"] = missing;
    object["folder"] = text(result.folder);
    object["bytes"] = qint64(result.bytes);
    const double seconds = std::chrono::duration<double>(result.finished - result.started).count();
    object["seconds"] = seconds;
    return object;
}

}  // namespace

int runRetrieve(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Retrieve one study from a DICOM peer into DIR/<study key>/<instance key>.dcm. C-MOVE (default) runs a "
        "Storage SCP on --port for the peer to send to: the peer must know our AE title (--calling-ae) at this "
        "host and port. C-GET needs no open port. Instances already in DIR are not fetched again; what fails is "
        "asked for again instance by instance. Ctrl-C cancels (C-CANCEL)."));
    parser.addHelpOption();
    const NetworkOptions network(parser);
    const QCommandLineOption study(QStringLiteral("study"), QStringLiteral("Study Instance UID."),
                                   QStringLiteral("UID"));
    const QCommandLineOption method(QStringLiteral("method"), QStringLiteral("move (default) or get."),
                                    QStringLiteral("METHOD"), QStringLiteral("move"));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("Storage SCP port for C-MOVE (default 11112)."), QStringLiteral("N"),
                                  QStringLiteral("11112"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Storage folder (default ./pulmo-retrieved)."),
                                 QStringLiteral("DIR"), QStringLiteral("pulmo-retrieved"));
    const QCommandLineOption retries(QStringLiteral("retries"),
                                     QStringLiteral("Instance-level retries of what failed (default 1)."),
                                     QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption noSync(QStringLiteral("no-sync"),
                                    QStringLiteral("Do not fsync each file before renaming it into place."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Progress, instances and the summary as JSON lines."));
    const QCommandLineOption auditDb(QStringLiteral("audit-db"),
                                     QStringLiteral("Feedback database whose audit log records this retrieve (who, "
                                                    "when, which study from which peer, how many instances, the "
                                                    "outcome); the retrieve fails if it cannot be recorded."),
                                     QStringLiteral("PATH"));
    const QCommandLineOption reader(QStringLiteral("reader"),
                                    QStringLiteral("Who asked, for the audit log (default: the OS user)."),
                                    QStringLiteral("NAME"));
    parser.addOptions({study, method, port, out, retries, noSync, json, auditDb, reader});
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    if (!parser.positionalArguments().isEmpty()) throw UsageError("no positional arguments expected");
    if (!parser.isSet(study)) throw UsageError("--study UID is required");

    net::RetrieveRequest request;
    request.peer = network.peer(parser);
    request.callingAeTitle = network.callingAeTitle(parser).toStdString();
    request.timeouts = network.timeouts(parser);
    if (!parser.isSet(QStringLiteral("timeout"))) request.timeouts.dimseSeconds = 60;
    request.studyInstanceUid = parser.value(study).trimmed().toStdString();
    if (parser.value(method) == QLatin1String("move"))
        request.method = net::RetrieveMethod::Move;
    else if (parser.value(method) == QLatin1String("get"))
        request.method = net::RetrieveMethod::Get;
    else
        throw UsageError("--method takes move or get");
    bool ok = false;
    const int portNumber = parser.value(port).toInt(&ok);
    if (!ok || portNumber < 1 || portNumber > 65535) throw UsageError("--port takes a number from 1 to 65535");
    request.retries = parser.value(retries).toInt(&ok);
    if (!ok || request.retries < 0 || request.retries > 10) throw UsageError("--retries takes a number from 0 to 10");
    request.storageFolder = QDir(parser.value(out)).absolutePath().toStdString();
    request.syncToDisk = !parser.isSet(noSync);
    const bool jsonLines = parser.isSet(json);

    std::unique_ptr<net::StorageScp> receiver;
    if (request.method == net::RetrieveMethod::Move) {
        net::StorageScpOptions options;
        options.aeTitle = request.callingAeTitle;
        options.port = uint16_t(portNumber);
        options.storageFolder = request.storageFolder;
        options.syncToDisk = request.syncToDisk;
        options.timeouts = request.timeouts;
        receiver = std::make_unique<net::StorageScp>(options);
        receiver->start();
    }

    net::Cancellation cancellation;
    g_cancellation = &cancellation;
    std::signal(SIGINT, cancelOnSignal);
    std::signal(SIGTERM, cancelOnSignal);

    const auto progress = [&](const net::RetrieveProgress& value) {
        if (jsonLines) {
            QJsonObject object;
            object["event"] = "progress";
            object["completed"] = value.completed;
            object["remaining"] = value.remaining;
            object["failed"] = value.failed;
            object["warning"] = value.warning;
            object["stored"] = value.stored;
            printJsonLine(object);
        } else {
            std::fprintf(stderr, "\rcompleted %d  remaining %d  failed %d  warning %d  stored %d   ", value.completed,
                         value.remaining, value.failed, value.warning, value.stored);
        }
    };
    const auto stored = [&](const net::ReceivedInstance& instance) {
        if (!jsonLines) return;
        QJsonObject object;
        object["event"] = "stored";
        object["file"] = text(instance.filePath);
        object["sop_instance_uid"] = text(instance.sopInstanceUid);
        object["study_instance_uid"] = text(instance.studyInstanceUid);
        object["transfer_syntax_uid"] = text(instance.transferSyntaxUid);
        printJsonLine(object);
    };
    const net::StudyRetriever retriever(receiver.get());
    const net::RetrieveResult result = retriever.retrieve(request, progress, stored, &cancellation);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    g_cancellation = nullptr;
    if (receiver) receiver->stop();

    if (jsonLines) {
        printJsonLine(toJson(result));
    } else {
        const double seconds = std::chrono::duration<double>(result.finished - result.started).count();
        std::fprintf(stderr, "\n");
        std::printf("%s: %s, completed %d, failed %d, warning %d, stored %d (%d already here, %d expected) in %s s\n",
                    net::toString(result.outcome), result.studyInstanceUid.c_str(), result.completed, result.failed,
                    result.warning, result.stored, result.alreadyPresent, result.expected, fixed(seconds, 2).c_str());
        std::printf("folder: %s\n", result.folder.c_str());
    }
    if (parser.isSet(auditDb)) {
        try {
            feedback::FeedbackDatabase database(parser.value(auditDb).toStdString());
            feedback::AuditLog(database).append(
                parser.isSet(reader) ? parser.value(reader) : feedback::FeedbackStore::defaultReader(),
                QStringLiteral("pacs.retrieve"), QString::fromStdString(result.studyInstanceUid),
                QString::fromLatin1(net::toString(result.outcome)), app::retrieveAuditDetail(result));
        } catch (const std::exception& error) {
            std::fprintf(stderr, "pulmo-cli retrieve: not recorded in the audit log: %s\n", error.what());
            return ExitFailure;
        }
    }
    if (result.outcome != net::RetrieveOutcome::Success) {
        std::fprintf(stderr, "pulmo-cli retrieve: %s\n", result.error.c_str());
        return ExitFailure;
    }
    return ExitSuccess;
}

}  // namespace pulmo::cli
