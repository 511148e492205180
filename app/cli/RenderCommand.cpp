#include "CliSupport.h"

#include "dicom/DicomError.h"
#include "dicom/DicomFile.h"
#include "dicom/DisplayPipeline.h"

#include <QFileInfo>
#include <QImage>
#include <QImageWriter>

#include <cstdio>

namespace pulmo::cli {

int runRender(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Render a DICOM image to an 8-bit PNG through the display pipeline: modality LUT, VOI, "
                       "presentation. Without --window: the file's first window (or VOI LUT), else the full range."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("DICOM image"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Output image (PNG)."), QStringLiteral("OUT.png"));
    const QCommandLineOption frame(QStringLiteral("frame"), QStringLiteral("Frame number, from 1."),
                                   QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption window(QStringLiteral("window"),
                                    QStringLiteral("Window centre and width in modality units."),
                                    QStringLiteral("CENTER,WIDTH"));
    const QCommandLineOption invert(QStringLiteral("invert"), QStringLiteral("Invert the grey scale."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Report what was rendered as JSON."));
    parser.addOptions({output, frame, window, invert, json});
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    if (parser.positionalArguments().size() != 1) throw UsageError("exactly one FILE expected");
    if (!parser.isSet(output)) throw UsageError("-o OUT.png is required");
    const QString file = parser.positionalArguments().constFirst();
    const QString outPath = parser.value(output);

    bool ok = false;
    const int frameNumber = parser.value(frame).toInt(&ok);
    if (!ok || frameNumber < 1) throw UsageError("--frame takes a number from 1");
    double center = 0.0;
    double width = 0.0;
    if (parser.isSet(window)) {
        const QStringList parts = parser.value(window).split(QLatin1Char(','));
        bool okCenter = false;
        bool okWidth = false;
        if (parts.size() == 2) {
            center = parts[0].toDouble(&okCenter);
            width = parts[1].toDouble(&okWidth);
        }
        if (!okCenter || !okWidth || width <= 0.0) throw UsageError("--window takes CENTER,WIDTH with WIDTH > 0");
    }

    auto image = dicom::loadImage(file.toStdString());
    if (frameNumber > image->frameCount())
        throw dicom::DicomError(dicom::DicomError::Kind::FrameOutOfRange, file.toStdString(),
                                "has " + std::to_string(image->frameCount()) + " frame(s), --frame " +
                                    std::to_string(frameNumber) + " asked for",
                                {std::to_string(image->frameCount()), std::to_string(frameNumber)});
    dicom::DisplayPipeline pipeline(image);
    pipeline.setFrame(frameNumber - 1);
    if (parser.isSet(window)) pipeline.setWindow(center, width);
    pipeline.setUserInvert(parser.isSet(invert));
    const QImage rendered = pipeline.renderImage();

    QImageWriter writer(outPath);
    if (QFileInfo(outPath).suffix().compare(QLatin1String("png"), Qt::CaseInsensitive) == 0) {
        writer.setFormat("png");
        // zlib level 1 (Qt maps quality q to level (100 - q) / 11): a third of the default's time
        // for a few percent more bytes, on a file that is a rendering, not an archive.
        writer.setQuality(89);
    }
    if (!writer.write(rendered))
        throw std::runtime_error(outPath.toStdString() + ": cannot write image: " + writer.errorString().toStdString());

    if (parser.isSet(json)) {
        QJsonObject object;
        object["file"] = file;
        object["output"] = outPath;
        object["frame"] = frameNumber;
        object["width"] = rendered.width();
        object["height"] = rendered.height();
        object["channels"] = pipeline.channels();
        object["voi"] = toJson(pipeline.voi());
        object["inverted"] = pipeline.inverts();
        printJsonLine(object);
    }
    return ExitSuccess;
}

}  // namespace pulmo::cli
