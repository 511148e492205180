// pulmo-node: the headless AI node (issue 17). A service: started by systemd (Type=notify, with the
// watchdog), stopped cleanly by SIGTERM; logs one JSON object per line on stderr.

#include "AiNode.h"
#include "JsonLog.h"
#include "Logging.h"
#include "NodeConfig.h"
#include "NodeLogging.h"
#include "NumericLocale.h"

#include <QGuiApplication>
#include <QLoggingCategory>
#include <QTimer>

#include <systemd/sd-daemon.h>

#include <csignal>
#include <cstdio>
#include <thread>

#include <pthread.h>

namespace {

/// SIGTERM and SIGINT are blocked in every thread and taken by one thread with sigwait(), which
/// asks the main thread to stop: no work in a signal handler.
sigset_t stopSignals()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return set;
}

}  // namespace

int main(int argc, char* argv[])
{
    std::signal(SIGPIPE, SIG_IGN);  // a peer that resets its connection is an error to handle, not a death
    const sigset_t signals = stopSignals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts: all inherit it

    // The Secondary Capture's banner needs Qt Gui's fonts; a node has no display.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    pulmo::node::installJsonLog();  // before the application, whose start-up may log
    QGuiApplication application(argc, argv);
    pulmo::app::useCNumericLocale();
    QCoreApplication::setApplicationName(QStringLiteral("pulmo-node"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PULMO_VERSION));
    // The node's milestones (received, analysed, sent) are its log: info on unless the rules say otherwise.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("pulmo.node.info=true\npulmo.inference.info=true"));
    pulmo::app::configureLogging();

    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    if (arguments.contains(QLatin1String("--help")) || arguments.contains(QLatin1String("-h"))) {
        std::fputs(pulmo::node::nodeUsage().c_str(), stdout);
        return 0;
    }
    if (arguments.contains(QLatin1String("--version"))) {
        std::printf("pulmo-node %s\n", PULMO_VERSION);
        return 0;
    }
    pulmo::node::NodeConfig config;
    try {
        config = pulmo::node::parseNodeConfig(arguments);
    } catch (const pulmo::node::ConfigError& error) {
        qCCritical(pulmo::app::lcNode, "configuration: %s", error.what());
        std::fprintf(stderr, "pulmo-node: %s\n(see pulmo-node --help)\n", error.what());
        return 2;
    }

    pulmo::node::AiNode node(config);
    try {
        node.start();
    } catch (const std::exception& error) {
        qCCritical(pulmo::app::lcNode, "cannot start: %s", error.what());
        node.stop();
        return 1;
    }

    std::thread signalWaiter([&signals] {
        int received = 0;
        sigwait(&signals, &received);
        qCInfo(pulmo::app::lcNode, "signal %d: stopping", received);
        QMetaObject::invokeMethod(
            qApp, [] { QCoreApplication::exit(0); }, Qt::QueuedConnection);
    });
    signalWaiter.detach();

    QTimer housekeeping;
    housekeeping.setInterval(1000);
    QObject::connect(&housekeeping, &QTimer::timeout, [&node] { node.refresh(); });
    housekeeping.start();

    // systemd: ready once the port is open and the model loaded; the watchdog is fed while every
    // thread still turns (a stuck worker lets systemd restart the node).
    sd_notify(0, "READY=1");
    uint64_t watchdogUsec = 0;
    QTimer watchdog;
    if (sd_watchdog_enabled(0, &watchdogUsec) > 0) {
        watchdog.setInterval(int(std::max<uint64_t>(watchdogUsec / 2000, 100)));
        QObject::connect(&watchdog, &QTimer::timeout, [&node] {
            const pulmo::node::HealthAnswer live = node.live();
            if (live.ok)
                sd_notify(0, "WATCHDOG=1");
            else
                qCCritical(pulmo::app::lcNode, "not alive, the watchdog is no longer fed: %s", live.reason.c_str());
        });
        watchdog.start();
    }

    const int code = application.exec();
    sd_notify(0, "STOPPING=1");
    housekeeping.stop();
    watchdog.stop();
    node.stop();
    return code;
}
