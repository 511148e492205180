#include "CliSupport.h"

#include "PluginLoader.h"

#include <QJsonArray>

#include <cstdio>

namespace pulmo::cli {

int runVersion(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Print versions and load the inference plugin."));
    parser.addHelpOption();
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object."));
    const QCommandLineOption plugin(QStringLiteral("plugin"), QStringLiteral("Inference plugin to load."),
                                    QStringLiteral("PATH"));
    parser.addOptions({json, plugin});
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    const std::string pluginPath =
        parser.isSet(plugin) ? parser.value(plugin).toStdString() : inference::defaultPluginPath();
    std::string error;
    const inference::BackendHandle backend = inference::loadBackend(pluginPath, &error);

    QJsonObject object;
    object["pulmo"] = QStringLiteral(PULMO_VERSION);
    object["qt"] = QString::fromLatin1(qVersion());
    object["plugin"] = QString::fromStdString(pluginPath);
    if (backend) {
        const inference::BackendInfo info = backend->info();
        object["inference_library"] = QString::fromStdString(info.library);
        object["inference_library_version"] = QString::fromStdString(info.libraryVersion);
        QJsonArray devices;
        for (const auto& device : info.devices) devices.append(QString::fromStdString(device));
        object["devices"] = devices;
        object["cpu_threads"] = info.cpuThreads;
    } else {
        object["inference_error"] = QString::fromStdString(error);
    }
    if (parser.isSet(json)) {
        printJsonLine(object);
    } else {
        std::printf("pulmo %s (Qt %s)\n", PULMO_VERSION, qVersion());
        if (backend)
            std::printf("inference: %s %s on %s, %d CPU thread(s)\n",
                        qPrintable(object["inference_library"].toString()),
                        qPrintable(object["inference_library_version"].toString()),
                        qPrintable(object["devices"].toArray().first().toString()), object["cpu_threads"].toInt());
        else
            std::printf("inference unavailable: %s\n", error.c_str());
    }
    if (!backend) std::fprintf(stderr, "pulmo-cli version: %s\n", error.c_str());
    return backend ? ExitSuccess : ExitFailure;
}

}  // namespace pulmo::cli
