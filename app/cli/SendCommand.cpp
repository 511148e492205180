// pulmo-cli send: C-STORE files to one or more peers, each peer on one association, directly
// (no outbox), with every file's response status.
#include "CliSupport.h"
#include "NetworkOptions.h"
#include "StoreAudit.h"

#include "net/NetworkError.h"
#include "net/StoreScu.h"

#include <QJsonValue>

#include <cstdio>

namespace pulmo::cli {
namespace {

void print(const net::StoreOutcome& outcome, const std::string& peer, bool answered, bool json)
{
    if (json) {
        QJsonObject object;
        object["file"] = QString::fromStdString(outcome.filePath);
        object["sop_instance_uid"] = QString::fromStdString(outcome.sopInstanceUid);
        object["peer"] = QString::fromStdString(peer);
        object["state"] = QString::fromLatin1(net::toString(outcome.state));
        object["status"] = answered ? QJsonValue(QString::fromStdString(dimseStatus(outcome.status))) : QJsonValue();
        object["reason"] = QString::fromStdString(outcome.reason);
        printJsonLine(object);
        return;
    }
    std::printf("%s -> %s: %s%s%s%s%s\n", outcome.filePath.c_str(), peer.c_str(), net::toString(outcome.state),
                answered ? " " : "", answered ? dimseStatus(outcome.status).c_str() : "",
                outcome.reason.empty() ? "" : ": ", outcome.reason.c_str());
}

}  // namespace

int runSend(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Send DICOM files to DICOM peers by C-STORE, all files to a peer on one association."));
    parser.addHelpOption();
    const NetworkOptions network(parser);
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object per file and peer."));
    parser.addOption(json);
    const StoreAudit audit(parser);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("DICOM files to send."),
                                 QStringLiteral("FILE..."));
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    const std::vector<net::PacsPeer> peers = network.peers(parser);
    const std::string callingAe = network.callingAeTitle(parser).toStdString();
    const net::NetworkTimeouts timeouts = network.timeouts(parser);
    if (parser.positionalArguments().isEmpty()) throw UsageError("no files to send");
    std::vector<std::string> files;
    for (const QString& file : parser.positionalArguments()) files.push_back(file.toStdString());

    bool allStored = true;
    for (const net::PacsPeer& peer : peers) {
        const std::string address = net::peerAddress(peer);
        try {
            const std::vector<net::StoreOutcome> outcomes = net::storeFiles(peer, callingAe, timeouts, files);
            for (const net::StoreOutcome& outcome : outcomes) {
                const bool answered = outcome.state != net::StoreOutcome::State::NotSent;
                print(outcome, address, answered, parser.isSet(json));
                if (!outcome.stored()) allStored = false;
            }
            audit.record(parser, address, outcomes);
        } catch (const net::NetworkError& error) {
            audit.record(parser, address, {}, error.what());
            // Nothing on this peer is known to be stored; the other peers still get theirs.
            allStored = false;
            if (parser.isSet(json))
                for (const std::string& file : files) {
                    net::StoreOutcome outcome;
                    outcome.filePath = file;
                    outcome.reason = error.what();
                    print(outcome, address, false, true);
                }
            std::fprintf(stderr, "pulmo-cli send: %s\n", error.what());
        }
    }
    return allStored ? ExitSuccess : ExitFailure;
}

}  // namespace pulmo::cli
