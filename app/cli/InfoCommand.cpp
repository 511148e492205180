#include "CliSupport.h"

#include "dicom/DicomError.h"
#include "dicom/DicomFile.h"

#include <QJsonArray>

#include <cstdio>

namespace pulmo::cli {

namespace {

void printText(const QJsonObject& object)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        QString value;
        if (it->isString())
            value = it->toString();
        else if (it->isDouble())
            value = QString::number(it->toDouble(), 'g', 12);
        else if (it->isBool())
            value = it->toBool() ? QStringLiteral("yes") : QStringLiteral("no");
        else if (it->isArray())
            value = QString::number(it->toArray().size()) + QStringLiteral(" item(s)");
        else if (it->isObject())
            value = it->toObject().value(QStringLiteral("kind")).toString();
        std::printf("%-28s %s\n", qPrintable(it.key()), qPrintable(value));
    }
    if (object.contains(QStringLiteral("window_presets"))) {
        int index = 1;
        for (const QJsonValue& preset : object.value(QStringLiteral("window_presets")).toArray()) {
            const QJsonObject voi = preset.toObject();
            if (voi.value(QStringLiteral("kind")).toString() == QLatin1String("window"))
                std::printf("  window %d: C=%s W=%s %s %s\n", index, shortest(voi.value("center").toDouble()).c_str(),
                            shortest(voi.value("width").toDouble()).c_str(),
                            qPrintable(voi.value("function").toString()),
                            qPrintable(voi.value("explanation").toString()));
            else
                std::printf("  VOI LUT %d: %d entries %s\n", index, voi.value("entries").toInt(),
                            qPrintable(voi.value("explanation").toString()));
            ++index;
        }
    }
}

}  // namespace

int runInfo(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Print what DICOM files say about themselves."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("DICOM files"), QStringLiteral("FILE..."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per file and line."));
    parser.addOption(json);
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) throw UsageError("no FILE given");

    int exitCode = ExitSuccess;
    for (const QString& file : files) {
        try {
            const QJsonObject object = toJson(dicom::readImageInfo(file.toStdString()));
            if (parser.isSet(json))
                printJsonLine(object);
            else
                printText(object);
        } catch (const dicom::DicomError& error) {
            std::fprintf(stderr, "pulmo-cli info: %s\n", error.what());
            exitCode = ExitFailure;
        }
    }
    return exitCode;
}

}  // namespace pulmo::cli
