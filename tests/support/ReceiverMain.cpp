// pulmo_test_receiver: the workstation's receiver (app::PacsController, as the GUI runs it) in a
// process of its own, for tst_workstationscp: run directly, or inside a private mount namespace
// with its storage folder on a small tmpfs that the test cannot see from outside.
//
//   pulmo_test_receiver --storage DIR --db DB --ae AE --port P [--listen ADDRESS] [--peer AE@HOST]...
//                       [--accept-any] [--min-free-mb N]
//
// Prints "status: ..." when the receiver starts, "refused: ..." for each refusal (the user's words),
// "received: PATH" for each instance; when its standard input closes it waits for the audit writes,
// prints "file: RELATIVE-PATH SIZE" for every file under the storage folder and "done", and exits.

#include "FeedbackSession.h"
#include "PacsController.h"
#include "PacsSettings.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QSocketNotifier>

#include <cstdio>

#include <unistd.h>

using namespace pulmo;

namespace {

void say(const QString& line)
{
    std::fprintf(stdout, "%s\n", line.toUtf8().constData());
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv)
{
    QCoreApplication application(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption storage("storage", "", "DIR");
    const QCommandLineOption database("db", "", "DB");
    const QCommandLineOption ae("ae", "", "AE");
    const QCommandLineOption port("port", "", "P");
    const QCommandLineOption listen("listen", "", "ADDRESS");
    const QCommandLineOption peer("peer", "", "AE@HOST");
    const QCommandLineOption acceptAny("accept-any");
    const QCommandLineOption minimumFree("min-free-mb", "", "N");
    parser.addOptions({storage, database, ae, port, listen, peer, acceptAny, minimumFree});
    parser.process(application);

    app::PacsSettings settings;
    settings.local.aeTitle = parser.value(ae).toStdString();
    settings.local.storagePort = quint16(parser.value(port).toUInt());
    settings.listenAddress = parser.value(listen).toStdString();
    settings.acceptAnyCaller = parser.isSet(acceptAny);
    settings.minimumFreeDiskMb = parser.isSet(minimumFree) ? parser.value(minimumFree).toInt() : 0;
    for (const QString& entry : parser.values(peer)) {
        net::PacsPeer configured;
        configured.aeTitle = entry.section(QLatin1Char('@'), 0, 0).toStdString();
        configured.host = entry.section(QLatin1Char('@'), 1).toStdString();
        configured.port = 104;
        settings.peers.push_back(configured);
    }
    app::FeedbackSession audit(parser.value(database), QStringLiteral("receiver-test"));
    app::PacsController controller(settings, parser.value(storage), &audit);
    QObject::connect(&controller, &app::PacsController::receiverRefused,
                     [](const QString& text) { say(QStringLiteral("refused: ") + text); });
    QObject::connect(&controller, &app::PacsController::instanceReceived,
                     [](const QString& path, const QString&) { say(QStringLiteral("received: ") + path); });
    say(QStringLiteral("status: ") + controller.receiverStatus());

    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, [&] {
        char buffer[256];
        if (::read(STDIN_FILENO, buffer, sizeof buffer) > 0) return;
        input.setEnabled(false);
        audit.waitForWrites();
        const QDir root(parser.value(storage));
        QDirIterator files(root.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString path = files.next();
            say(QStringLiteral("file: %1 %2").arg(root.relativeFilePath(path)).arg(QFileInfo(path).size()));
        }
        say(QStringLiteral("done"));
        application.quit();
    });
    return application.exec();
}
