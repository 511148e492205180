// pulmo-cli echo: is the peer there, and does it talk to us?
#include "CliSupport.h"
#include "NetworkOptions.h"

#include "net/PacsQuery.h"

#include <chrono>
#include <cstdio>

namespace pulmo::cli {

int runEcho(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Send a C-ECHO to a DICOM peer."));
    parser.addHelpOption();
    const NetworkOptions network(parser);
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOption(json);
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    if (!parser.positionalArguments().isEmpty()) throw UsageError("no positional arguments expected");
    const net::PacsPeer peer = network.peer(parser);
    const net::PacsQuery query(peer, network.callingAeTitle(parser).toStdString(), network.timeouts(parser));

    const auto started = std::chrono::steady_clock::now();
    query.echo();
    const double milliseconds =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (parser.isSet(json)) {
        QJsonObject object;
        object["peer"] = QString::fromStdString(net::peerAddress(peer));
        object["ok"] = true;
        object["tls"] = peer.tls.enabled;
        object["milliseconds"] = milliseconds;
        printJsonLine(object);
    } else {
        std::printf("%s: C-ECHO ok (%s ms)\n", net::peerAddress(peer).c_str(), fixed(milliseconds, 0).c_str());
    }
    return ExitSuccess;
}

}  // namespace pulmo::cli
