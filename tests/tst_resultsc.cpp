// The heatmap Secondary Capture (issue 16 item 2): app/common/ResultCapture renders it,
// results/AiResultSc writes it. Proved by independent readers: dicom3tools' dciodvfy (no errors) and
// dcentvfy (consistent with its radiograph), pydicom (the attributes and the pixels), DCMTK's dcm2pnm
// (renders exactly the pixels written). Below the banner the SC is, pixel for pixel, the viewer's
// blend (viewer::blendHeatmap over modelInputImage) at image size; a MONOCHROME1 radiograph shows
// bone white. Bad input: dicom::DicomError naming the file. The model is not run: the prediction is
// made up with a known 7x7 map.
#include "ModelInput.h"
#include "PredictionHeatmap.h"
#include "ResultCapture.h"
#include "dicom/DicomError.h"
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"
#include "overlay/HeatmapRenderer.h"
#include "phantom/ChestPhantom.h"
#include "results/AiResultSc.h"
#include "results/AiResultSr.h"

#include <QtTest>

#include "support/ProcessRun.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <functional>

using namespace pulmo;

namespace {

using pulmo::test::Run;
using pulmo::test::run;

const std::string kSha256 = "3f5a9c0b7d2e41f8a6b3c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4";

inference::ModelIdentity testModel()
{
    inference::ModelIdentity model;
    model.path = "/models/pulmo-test-resnet18.pt";
    model.sha256 = kSha256;
    model.card.hasCard = true;
    model.card.name = "pulmo-test-resnet18";
    model.card.version = "2.1";
    model.card.threshold = 0.70;
    model.card.clinicalUse = false;
    return model;
}

/// A prediction with a 7x7 map, zero but for one hot cell (and a warm neighbour).
inference::Prediction testPrediction(float pneumonia, int hotRow = 2, int hotColumn = 4)
{
    inference::Prediction prediction;
    prediction.labels = {"NORMAL", "PNEUMONIA"};
    prediction.probabilities = {1.0f - pneumonia, pneumonia};
    prediction.predictedIndex = pneumonia >= 0.5f ? 1 : 0;
    prediction.confidence = std::max(pneumonia, 1.0f - pneumonia);
    prediction.indeterminate = prediction.confidence < 0.70f;
    prediction.label =
        prediction.indeterminate ? "INDETERMINATE" : prediction.labels[size_t(prediction.predictedIndex)];
    prediction.camClass = 1;
    prediction.camWidth = 7;
    prediction.camHeight = 7;
    prediction.camRaw.assign(49, 0.0f);
    prediction.camRaw[size_t(hotRow * 7 + hotColumn)] = 4.0f;
    prediction.camRaw[size_t(hotRow * 7 + hotColumn - 1)] = 2.0f;
    return prediction;
}

results::AiResult testResult(const inference::Prediction& prediction, const inference::ModelIdentity& model)
{
    results::AiResult result;
    result.algorithm.name = model.card.name;
    result.algorithm.version = model.card.version;
    result.algorithm.sha256 = model.sha256;
    result.algorithm.clinicalUse = model.card.clinicalUse;
    result.algorithm.threshold = model.card.threshold;
    result.producer.softwareVersion = "0.1.0";
    result.probability = prediction.probabilities[1];
    result.finding = *results::findingForLabel(prediction.label, model.card.positiveLabel);
    result.contentDateTime = "20260301101500";
    return result;
}

QString tool(const char* name)
{
    return QStandardPaths::findExecutable(QString::fromLatin1(name));
}

/// Whether `call` throws a DicomError naming `file`, with `kind`.
bool throwsDicomError(const std::function<void()>& call, const std::string& file, dicom::DicomError::Kind kind,
                      QByteArray* what)
{
    try {
        call();
    } catch (const dicom::DicomError& error) {
        *what = error.what();
        return error.filePath() == file && error.kind() == kind && QByteArray(error.what()).contains(file.c_str());
    } catch (const std::exception& error) {
        *what = QByteArray("another exception: ") + error.what();
        return false;
    }
    *what = "nothing thrown";
    return false;
}

/// pydicom's reading of an SC: its attributes as JSON on stdout, its pixels (rows x columns x 3) into `pixelsOut`.
const char* kPydicomReader = R"PY(
import json, sys
import pydicom
ds = pydicom.dcmread(sys.argv[1])
src = pydicom.dcmread(sys.argv[2])
open(sys.argv[3], "wb").write(ds.pixel_array.astype("uint8").tobytes())
item = ds.SourceImageSequence[0]
purpose = item.PurposeOfReferenceCodeSequence[0]
derivation = ds.DerivationCodeSequence[0]
print(json.dumps({
    "sopClass": ds.SOPClassUID, "sop": ds.SOPInstanceUID, "series": ds.SeriesInstanceUID,
    "study": ds.StudyInstanceUID, "sourceStudy": src.StudyInstanceUID,
    "sourceSop": src.SOPInstanceUID, "sourceSopClass": src.SOPClassUID, "sourceSeries": src.SeriesInstanceUID,
    "refSop": item.ReferencedSOPInstanceUID, "refSopClass": item.ReferencedSOPClassUID,
    "purpose": [purpose.CodeValue, purpose.CodingSchemeDesignator, purpose.CodeMeaning],
    "derivation": [derivation.CodeValue, derivation.CodingSchemeDesignator],
    "photometric": ds.PhotometricInterpretation, "samples": int(ds.SamplesPerPixel),
    "planar": int(ds.PlanarConfiguration), "bits": [int(ds.BitsAllocated), int(ds.BitsStored), int(ds.HighBit)],
    "rows": int(ds.Rows), "columns": int(ds.Columns), "shape": list(ds.pixel_array.shape),
    "burned": ds.BurnedInAnnotation, "conversion": ds.ConversionType, "modality": ds.Modality,
    "imageType": list(ds.ImageType), "lossy": ds.LossyImageCompression,
    "pixelSpacing": "PixelSpacing" in ds or "ImagerPixelSpacing" in ds,
    "patientName": str(ds.PatientName), "sourcePatientName": str(src.PatientName),
    "patientId": ds.PatientID, "sourcePatientId": src.PatientID,
    "birthDate": ds.PatientBirthDate, "sourceBirthDate": src.PatientBirthDate,
    "sex": ds.PatientSex, "sourceSex": src.PatientSex,
    "studyDate": ds.StudyDate, "sourceStudyDate": src.StudyDate,
    "orientation": list(ds.get("PatientOrientation", [])), "sourceOrientation": list(src.get("PatientOrientation", [])),
    "comments": ds.get("ImageComments", ""), "derivationDescription": ds.get("DerivationDescription", ""),
    "seriesDescription": ds.get("SeriesDescription", ""), "manufacturer": ds.get("Manufacturer", ""),
    "instanceNumber": str(ds.InstanceNumber), "contentDate": ds.get("ContentDate", ""),
}))
)PY";

}  // namespace

class ResultScTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    QString m_chest2048;
    QString m_chest512;
    QString m_chest512Mono1;

    QString makePhantom(const QString& name, int size, bool monochrome1)
    {
        phantom::ChestPhantomOptions options;
        options.seed = 16;
        options.size = size;
        options.label = phantom::Label::Pneumonia;
        options.monochrome1 = monochrome1;
        options.patientName = "PHANTOM^SC";
        options.patientId = "SC-16";
        const QString path = m_work.filePath(name);
        dicom::writeGrayImage(path.toStdString(), phantom::makeChestPhantom(options).spec);
        return path;
    }

    /// Renders and writes the SC of `source`; returns the pixels written.
    results::RgbPixels makeSc(const QString& source, const QString& output, const inference::Prediction& prediction)
    {
        const inference::ModelIdentity model = testModel();
        const auto image = dicom::loadImage(source.toStdString());
        results::RgbPixels pixels = app::renderResultCapture(*image, prediction, model);
        results::writeHeatmapSc(source.toStdString(), testResult(prediction, model), pixels, output.toStdString());
        return pixels;
    }

    /// What the viewer shows of `source` at image size with `prediction`'s heatmap: the oracle the SC
    /// must equal below its banner.
    static QImage viewerBlend(const QString& source, const inference::Prediction& prediction)
    {
        return viewer::blendHeatmap(app::modelInputImage(source), app::camMapOf(prediction, 224))
            .convertToFormat(QImage::Format_RGB888);
    }

    /// Rows [top, top + image height) of `rgb` (columns x 3 bytes a row) against `image`: the count of differing bytes.
    static size_t differingBytes(const std::vector<uint8_t>& rgb, int top, const QImage& image)
    {
        size_t differing = 0;
        const size_t row = size_t(image.width()) * 3;
        for (int y = 0; y < image.height(); ++y) {
            const uint8_t* expected = image.constScanLine(y);
            const uint8_t* actual = rgb.data() + size_t(top + y) * row;
            for (size_t i = 0; i < row; ++i) differing += expected[i] != actual[i];
        }
        return differing;
    }

    QJsonObject readWithPydicom(const QString& sc, const QString& source, QByteArray* pixels)
    {
        const QString raw = sc + QStringLiteral(".rgb");
        const Run read = run(QStringLiteral(PULMO_SYSTEM_PYTHON),
                             {QStringLiteral("-c"), QString::fromLatin1(kPydicomReader), sc, source, raw});
        if (read.exitCode != 0) {
            qWarning("pydicom: %s", read.err.constData());
            return {};
        }
        QFile file(raw);
        if (file.open(QIODevice::ReadOnly)) *pixels = file.readAll();
        return QJsonDocument::fromJson(read.out).object();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        for (const char* name : {"dciodvfy", "dcentvfy", "dcm2pnm", "dcmodify"})
            QVERIFY2(
                !tool(name).isEmpty(),
                qPrintable(QStringLiteral("%1 is not installed (dicom3tools / dcmtk)").arg(QString::fromLatin1(name))));
        QVERIFY2(QFile::exists(QStringLiteral(PULMO_SYSTEM_PYTHON)), PULMO_SYSTEM_PYTHON " is missing");
        m_chest2048 = makePhantom(QStringLiteral("chest2048.dcm"), 2048, false);
        m_chest512 = makePhantom(QStringLiteral("chest512.dcm"), 512, false);
        m_chest512Mono1 = makePhantom(QStringLiteral("chest512-mono1.dcm"), 512, true);
    }

    void sc_passesDciodvfyAndDcentvfy_data()
    {
        QTest::addColumn<QString>("source");
        QTest::newRow("2048 px") << QStringLiteral("chest2048.dcm");
        QTest::newRow("512 px") << QStringLiteral("chest512.dcm");
        QTest::newRow("512 px MONOCHROME1") << QStringLiteral("chest512-mono1.dcm");
    }

    void sc_passesDciodvfyAndDcentvfy()
    {
        QFETCH(QString, source);
        const QString radiograph = m_work.filePath(source);
        const QString sc = m_work.filePath(source + QStringLiteral(".sc.dcm"));
        makeSc(radiograph, sc, testPrediction(0.87f));

        const Run verdict = run(tool("dciodvfy"), {sc});
        QVERIFY2(verdict.exitCode >= 0, "dciodvfy did not finish");
        const QByteArray report = verdict.out + verdict.err;
        for (const QByteArray& line : report.split('\n'))
            QVERIFY2(!line.startsWith("Error"), qPrintable(QString::fromUtf8(report)));
        QVERIFY2(report.contains("SC") || report.contains("Secondary"), report.constData());  // it read the IOD

        const Run entities = run(tool("dcentvfy"), {radiograph, sc});
        QVERIFY2(entities.exitCode >= 0, "dcentvfy did not finish");
        const QByteArray said = (entities.out + entities.err).trimmed();
        QVERIFY2(said.isEmpty(), said.constData());
        // dcentvfy does compare: an SC that claims another patient in the same study is reported.
        const QString wrong = m_work.filePath(source + QStringLiteral(".wrong-patient.dcm"));
        QVERIFY(QFile::copy(sc, wrong));
        QCOMPARE(run(tool("dcmodify"),
                     {QStringLiteral("-nb"), QStringLiteral("-m"), QStringLiteral("PatientID=OTHER"), wrong})
                     .exitCode,
                 0);
        const Run mismatch = run(tool("dcentvfy"), {radiograph, wrong});
        QVERIFY2((mismatch.out + mismatch.err).contains("Error - Different PatientID"),
                 "dcentvfy found no inconsistency it should");
    }

    void sc_ofARadiographNamingNoBodyPart_passesDciodvfy()
    {
        // Laterality (Type 2C) then goes out empty: unknown, not claimed.
        const QString radiograph = m_work.filePath(QStringLiteral("no-body-part.dcm"));
        QVERIFY(QFile::copy(m_chest512, radiograph));
        QCOMPARE(run(tool("dcmodify"),
                     {QStringLiteral("-nb"), QStringLiteral("-ea"), QStringLiteral("BodyPartExamined"), radiograph})
                     .exitCode,
                 0);
        const QString sc = m_work.filePath(QStringLiteral("no-body-part.sc.dcm"));
        makeSc(radiograph, sc, testPrediction(0.87f));
        const Run verdict = run(tool("dciodvfy"), {sc});
        const QByteArray report = verdict.out + verdict.err;
        QVERIFY2(verdict.exitCode >= 0 && !report.contains("\nError") && !report.startsWith("Error"),
                 report.constData());
    }

    void sc_keepsThePatientsTextInItsCharacterSet()
    {
        // A Latin-1 radiograph (ISO_IR 100): copied as it is while our own text is ASCII; converted to
        // UTF-8 (ISO_IR 192) as a whole when the model's name is not ASCII. pydicom reads the same name.
        const QString latin1 = m_work.filePath(QStringLiteral("latin1.dcm"));
        const char* recode = R"PY(
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
ds.SpecificCharacterSet = "ISO_IR 100"
ds.PatientName = "M\u00fcller^J\u00f6rg"
ds.save_as(sys.argv[2])
)PY";
        const Run recoded = run(QStringLiteral(PULMO_SYSTEM_PYTHON),
                                {QStringLiteral("-c"), QString::fromLatin1(recode), m_chest512, latin1});
        QVERIFY2(recoded.exitCode == 0, recoded.err.constData());

        const inference::Prediction prediction = testPrediction(0.87f);
        const auto image = dicom::loadImage(latin1.toStdString());
        const results::RgbPixels pixels = app::renderResultCapture(*image, prediction, testModel());
        const char* names = R"PY(
import sys, json, pydicom
ds = pydicom.dcmread(sys.argv[1])
print(json.dumps({"charset": ds.SpecificCharacterSet, "name": str(ds.PatientName), "model": ds.ManufacturerModelName}))
)PY";
        const auto read = [&](const QString& sc) {
            const Run said =
                run(QStringLiteral(PULMO_SYSTEM_PYTHON), {QStringLiteral("-c"), QString::fromLatin1(names), sc});
            if (said.exitCode != 0) qWarning("%s", said.err.constData());
            return QJsonDocument::fromJson(said.out).object();
        };

        const QString ascii = m_work.filePath(QStringLiteral("latin1-ascii.sc.dcm"));
        results::writeHeatmapSc(latin1.toStdString(), testResult(prediction, testModel()), pixels, ascii.toStdString());
        const QJsonObject kept = read(ascii);
        QCOMPARE(kept[QStringLiteral("charset")].toString(), QStringLiteral("ISO_IR 100"));
        QCOMPARE(kept[QStringLiteral("name")].toString(), QStringLiteral("M\u00fcller^J\u00f6rg"));

        // A model name that is not ASCII: in Latin-1 beside the Latin-1 patient name (the name's bytes
        // untouched, dcentvfy sees the same patient) ...
        inference::ModelIdentity accented = testModel();
        accented.card.name = "mod\u00e8le-\u00df";
        const QString inLatin1 = m_work.filePath(QStringLiteral("latin1-accented.sc.dcm"));
        results::writeHeatmapSc(latin1.toStdString(), testResult(prediction, accented), pixels, inLatin1.toStdString());
        const QJsonObject latin = read(inLatin1);
        QCOMPARE(latin[QStringLiteral("charset")].toString(), QStringLiteral("ISO_IR 100"));
        QCOMPARE(latin[QStringLiteral("name")].toString(), QStringLiteral("M\u00fcller^J\u00f6rg"));
        QCOMPARE(latin[QStringLiteral("model")].toString(), QStringLiteral("mod\u00e8le-\u00df"));
        const Run entities = run(tool("dcentvfy"), {latin1, inLatin1});
        QVERIFY2((entities.out + entities.err).trimmed().isEmpty(), (entities.out + entities.err).constData());
        // ... '?' for what Latin-1 cannot say ...
        inference::ModelIdentity chinese = testModel();
        chinese.card.name = "\u6a21\u578b-1";
        const QString unsayable = m_work.filePath(QStringLiteral("latin1-chinese.sc.dcm"));
        results::writeHeatmapSc(latin1.toStdString(), testResult(prediction, chinese), pixels, unsayable.toStdString());
        QCOMPARE(read(unsayable)[QStringLiteral("model")].toString(), QStringLiteral("??-1"));
        // ... and UTF-8 (ISO_IR 192) beside an ASCII-only radiograph, whose bytes read the same in it.
        const QString asciiSource = m_chest512;
        const QString utf8 = m_work.filePath(QStringLiteral("ascii-chinese.sc.dcm"));
        results::writeHeatmapSc(asciiSource.toStdString(), testResult(prediction, chinese), pixels, utf8.toStdString());
        const QJsonObject converted = read(utf8);
        QCOMPARE(converted[QStringLiteral("charset")].toString(), QStringLiteral("ISO_IR 192"));
        QCOMPARE(converted[QStringLiteral("model")].toString(), QStringLiteral("\u6a21\u578b-1"));
        const Run sameStudy = run(tool("dcentvfy"), {asciiSource, utf8});
        QVERIFY2((sameStudy.out + sameStudy.err).trimmed().isEmpty(), (sameStudy.out + sameStudy.err).constData());
    }

    void sc_readByPydicom_isAnRgbCaptureOfTheRadiographInItsStudy()
    {
        const QString sc = m_work.filePath(QStringLiteral("attributes.sc.dcm"));
        const inference::Prediction prediction = testPrediction(0.87f);
        const results::RgbPixels written = makeSc(m_chest512, sc, prediction);
        QByteArray pixels;
        const QJsonObject read = readWithPydicom(sc, m_chest512, &pixels);
        QVERIFY(!read.isEmpty());

        QCOMPARE(read[QStringLiteral("sopClass")].toString(), QStringLiteral("1.2.840.10008.5.1.4.1.1.7"));
        QCOMPARE(read[QStringLiteral("photometric")].toString(), QStringLiteral("RGB"));
        QCOMPARE(read[QStringLiteral("samples")].toInt(), 3);
        QCOMPARE(read[QStringLiteral("planar")].toInt(), 0);
        QCOMPARE(read[QStringLiteral("bits")].toArray(), (QJsonArray{8, 8, 7}));
        QCOMPARE(read[QStringLiteral("columns")].toInt(), 512);
        QCOMPARE(read[QStringLiteral("rows")].toInt(), 512 + app::resultCaptureBannerRows(512));
        QCOMPARE(read[QStringLiteral("rows")].toInt(), written.rows);
        QCOMPARE(read[QStringLiteral("shape")].toArray(), (QJsonArray{written.rows, 512, 3}));
        QCOMPARE(read[QStringLiteral("study")].toString(), read[QStringLiteral("sourceStudy")].toString());
        QVERIFY(read[QStringLiteral("series")].toString() != read[QStringLiteral("sourceSeries")].toString());
        QCOMPARE(read[QStringLiteral("refSop")].toString(), read[QStringLiteral("sourceSop")].toString());
        QCOMPARE(read[QStringLiteral("refSopClass")].toString(), read[QStringLiteral("sourceSopClass")].toString());
        QCOMPARE(read[QStringLiteral("purpose")].toArray(),
                 (QJsonArray{"121322", "DCM", "Source image for image processing operation"}));
        QCOMPARE(read[QStringLiteral("derivation")].toArray(), (QJsonArray{"130401", "DCM"}));
        QCOMPARE(read[QStringLiteral("burned")].toString(), QStringLiteral("YES"));
        QCOMPARE(read[QStringLiteral("conversion")].toString(), QStringLiteral("WSD"));
        QCOMPARE(read[QStringLiteral("modality")].toString(), QStringLiteral("OT"));
        QCOMPARE(read[QStringLiteral("imageType")].toArray(), (QJsonArray{"DERIVED", "SECONDARY"}));
        QCOMPARE(read[QStringLiteral("lossy")].toString(), QStringLiteral("00"));
        QVERIFY2(!read[QStringLiteral("pixelSpacing")].toBool(), "an SC claims no calibrated pixel spacing");
        for (const char* key : {"patientName", "patientId", "birthDate", "sex", "studyDate", "orientation"}) {
            const QString source =
                QStringLiteral("source") + QChar(QLatin1Char(key[0])).toUpper() + QString::fromLatin1(key + 1);
            QVERIFY2(read[QLatin1String(key)] == read[source], key);
        }
        QCOMPARE(read[QStringLiteral("patientId")].toString(), QStringLiteral("SC-16"));
        QVERIFY(!read[QStringLiteral("orientation")].toArray().isEmpty());
        QVERIFY2(read[QStringLiteral("comments")].toString().contains(QStringLiteral("not for clinical use")),
                 qPrintable(read[QStringLiteral("comments")].toString()));
        QVERIFY(read[QStringLiteral("derivationDescription")].toString().contains(QStringLiteral("Grad-CAM")));
        QCOMPARE(read[QStringLiteral("seriesDescription")].toString(), QStringLiteral("Pulmo AI heatmap"));
        QCOMPARE(read[QStringLiteral("manufacturer")].toString(), QStringLiteral("Pulmo"));
        QCOMPARE(read[QStringLiteral("instanceNumber")].toString(), QStringLiteral("1"));
        QVERIFY(!read[QStringLiteral("contentDate")].toString().isEmpty());

        // The UIDs are the result's own (resultObjectUids of the radiograph and the model).
        const results::ResultObjectUids uids =
            results::resultObjectUids(read[QStringLiteral("sourceSop")].toString().toStdString(), kSha256);
        QCOMPARE(read[QStringLiteral("sop")].toString().toStdString(), uids.capture);
        QCOMPARE(read[QStringLiteral("series")].toString().toStdString(), uids.captureSeries);

        // pydicom's pixels are the ones written.
        QCOMPARE(size_t(pixels.size()), written.rgb.size());
        QVERIFY(std::equal(written.rgb.begin(), written.rgb.end(), reinterpret_cast<const uint8_t*>(pixels.data())));
    }

    void sc_belowTheBanner_isTheViewersBlendPixelForPixel_data()
    {
        QTest::addColumn<QString>("source");
        QTest::newRow("2048 px") << QStringLiteral("chest2048.dcm");
        QTest::newRow("512 px MONOCHROME1") << QStringLiteral("chest512-mono1.dcm");
    }

    void sc_belowTheBanner_isTheViewersBlendPixelForPixel()
    {
        QFETCH(QString, source);
        const QString radiograph = m_work.filePath(source);
        const QString sc = m_work.filePath(source + QStringLiteral(".blend.dcm"));
        const inference::Prediction prediction = testPrediction(0.87f);
        QElapsedTimer timer;
        timer.start();
        const auto image = dicom::loadImage(radiograph.toStdString());
        const qint64 loaded = timer.nsecsElapsed();
        const results::RgbPixels rendered = app::renderResultCapture(*image, prediction, testModel());
        const qint64 renderedAt = timer.nsecsElapsed();
        results::writeHeatmapSc(radiograph.toStdString(), testResult(prediction, testModel()), rendered,
                                sc.toStdString());
        qInfo("%dx%d: decode %.1f ms, render %.1f ms, write %.1f ms", image->width(), image->height(), loaded / 1e6,
              (renderedAt - loaded) / 1e6, (timer.nsecsElapsed() - renderedAt) / 1e6);
        QByteArray read;
        const QJsonObject attributes = readWithPydicom(sc, radiograph, &read);
        QVERIFY(!attributes.isEmpty());
        const std::vector<uint8_t> pixels(read.begin(), read.end());

        const QImage expected = viewerBlend(radiograph, prediction);
        const int banner = attributes[QStringLiteral("rows")].toInt() - expected.height();
        QCOMPARE(banner, app::resultCaptureBannerRows(expected.width()));
        QCOMPARE(attributes[QStringLiteral("columns")].toInt(), expected.width());
        QCOMPARE(differingBytes(pixels, banner, expected), size_t(0));
        // The heatmap is there (coloured pixels), the rest of the radiograph grey.
        size_t coloured = 0;
        for (size_t i = size_t(banner) * size_t(expected.width()) * 3; i + 2 < pixels.size(); i += 3)
            coloured += pixels[i] != pixels[i + 1] || pixels[i + 1] != pixels[i + 2];
        const size_t imagePixels = size_t(expected.width()) * size_t(expected.height());
        QVERIFY2(coloured > imagePixels / 200 && coloured < imagePixels / 2, qPrintable(QString::number(coloured)));

        // The banner: dark, with text drawn (bright pixels), wholly above the image.
        size_t dark = 0;
        size_t bright = 0;
        const size_t bannerPixels = size_t(banner) * size_t(expected.width());
        for (size_t i = 0; i < bannerPixels; ++i) {
            const int luma = (299 * pixels[3 * i] + 587 * pixels[3 * i + 1] + 114 * pixels[3 * i + 2]) / 1000;
            dark += luma < 40;
            bright += luma > 160;
        }
        QVERIFY2(dark > bannerPixels * 8 / 10, qPrintable(QStringLiteral("%1 of %2 dark").arg(dark).arg(bannerPixels)));
        QVERIFY2(bright > bannerPixels / 100, qPrintable(QStringLiteral("%1 bright").arg(bright)));
        // Legible at either size: the banner is a few percent of the image, its text larger than 9 px.
        QVERIFY(banner >= 3 * 10 && banner < expected.height() / 5);

        if (const QByteArray keep = qgetenv("PULMO_TEST_SC_OUT"); !keep.isEmpty())
            QFile::copy(sc, QString::fromLocal8Bit(keep) + QLatin1Char('/') + source + QStringLiteral(".sc.dcm"));
    }

    void sc_renderedByDcm2pnm_equalsThePixelsWritten()
    {
        const QString sc = m_work.filePath(QStringLiteral("dcm2pnm.sc.dcm"));
        const results::RgbPixels written = makeSc(m_chest512, sc, testPrediction(0.87f));
        const QString png = m_work.filePath(QStringLiteral("dcm2pnm.png"));
        const Run rendered = run(tool("dcm2pnm"), {QStringLiteral("+on"), sc, png});
        QVERIFY2(rendered.exitCode == 0, rendered.err.constData());
        const QImage image = QImage(png).convertToFormat(QImage::Format_RGB888);
        QCOMPARE(image.width(), written.columns);
        QCOMPARE(image.height(), written.rows);
        QCOMPARE(differingBytes(written.rgb, 0, image), size_t(0));
    }

    void sc_ofMonochrome1_showsBoneWhite()
    {
        // The same anatomy stored inverted (MONOCHROME1, Presentation LUT INVERSE) looks as the
        // MONOCHROME2 twin does: bone white, air black, not a negative.
        const QString mono2 = makePhantom(QStringLiteral("twin-mono2.dcm"), 512, false);
        const inference::Prediction prediction = testPrediction(0.87f);
        const auto render = [&](const QString& source) {
            return app::renderResultCapture(*dicom::loadImage(source.toStdString()), prediction, testModel());
        };
        const results::RgbPixels one = render(m_chest512Mono1);
        const results::RgbPixels two = render(mono2);
        QCOMPARE(one.rows, two.rows);
        const size_t start = size_t(app::resultCaptureBannerRows(512)) * 512 * 3;
        double difference = 0.0;
        for (size_t i = start; i < one.rgb.size(); ++i) difference += std::abs(int(one.rgb[i]) - int(two.rgb[i]));
        difference /= double(one.rgb.size() - start);
        QVERIFY2(difference < 2.0, qPrintable(QString::number(difference)));
        // The spine (the middle column, mid-height) is brighter than the lung fields beside it.
        const auto grey = [&](int x, int y) { return int(one.rgb[start + (size_t(y) * 512 + size_t(x)) * 3 + 1]); };
        int spine = 0;
        int lung = 0;
        for (int y = 200; y < 300; ++y) {
            spine += grey(256, y);
            lung += grey(150, y);
        }
        QVERIFY2(spine > lung, qPrintable(QStringLiteral("spine %1, lung %2").arg(spine).arg(lung)));
    }

    void sc_sameAnalysisAgain_makesTheSameObjectIdentity()
    {
        const QString first = m_work.filePath(QStringLiteral("again-1.dcm"));
        const QString second = m_work.filePath(QStringLiteral("again-2.dcm"));
        makeSc(m_chest512, first, testPrediction(0.87f));
        makeSc(m_chest512, second, testPrediction(0.87f));
        QByteArray ignored;
        const QJsonObject one = readWithPydicom(first, m_chest512, &ignored);
        const QJsonObject two = readWithPydicom(second, m_chest512, &ignored);
        QVERIFY(!one.isEmpty() && !two.isEmpty());
        QCOMPARE(one[QStringLiteral("sop")], two[QStringLiteral("sop")]);
        QCOMPARE(one[QStringLiteral("series")], two[QStringLiteral("series")]);
        // Another image, another object.
        const QString other = m_work.filePath(QStringLiteral("again-other.dcm"));
        makeSc(m_chest512Mono1, other, testPrediction(0.87f));
        const QJsonObject three = readWithPydicom(other, m_chest512Mono1, &ignored);
        QVERIFY(three[QStringLiteral("sop")] != one[QStringLiteral("sop")]);
        // Rewriting replaced the file whole: no temporary file is left beside it.
        const QStringList left = QDir(m_work.path()).entryList({QStringLiteral("*.tmp-*")});
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char(' '))));
    }

    void banner_saysWhatTheResultIs()
    {
        // Each outcome draws its own words: the banners differ, the images below them do not.
        const auto image = dicom::loadImage(m_chest512.toStdString());
        const results::RgbPixels present = app::renderResultCapture(*image, testPrediction(0.87f), testModel());
        const results::RgbPixels absent = app::renderResultCapture(*image, testPrediction(0.10f), testModel());
        const results::RgbPixels indeterminate = app::renderResultCapture(*image, testPrediction(0.55f), testModel());
        const size_t banner = size_t(app::resultCaptureBannerRows(512)) * 512 * 3;
        const auto bannerOf = [&](const results::RgbPixels& pixels) {
            return std::vector<uint8_t>(pixels.rgb.begin(), pixels.rgb.begin() + std::ptrdiff_t(banner));
        };
        QVERIFY(bannerOf(present) != bannerOf(absent));
        QVERIFY(bannerOf(present) != bannerOf(indeterminate));
        QVERIFY(bannerOf(absent) != bannerOf(indeterminate));
        if (const QByteArray keep = qgetenv("PULMO_TEST_SC_OUT"); !keep.isEmpty())
            QImage(indeterminate.rgb.data(), indeterminate.columns, indeterminate.rows, indeterminate.columns * 3,
                   QImage::Format_RGB888)
                .save(QString::fromLocal8Bit(keep) + QStringLiteral("/indeterminate-512.png"));
        // A model name too long for the width is shrunk and elided, never drawn past the banner.
        inference::ModelIdentity longName = testModel();
        longName.card.name = std::string(300, 'x');
        const results::RgbPixels elided = app::renderResultCapture(*image, testPrediction(0.87f), longName);
        QCOMPARE(elided.rows, present.rows);
        QVERIFY(std::equal(present.rgb.begin() + std::ptrdiff_t(banner), present.rgb.end(),
                           elided.rgb.begin() + std::ptrdiff_t(banner)));
    }

    void render_refusesAPredictionWithoutMapOrAnEmptyImage()
    {
        const auto image = dicom::loadImage(m_chest512.toStdString());
        inference::Prediction noMap = testPrediction(0.87f);
        noMap.camRaw.clear();
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, app::renderResultCapture(*image, noMap, testModel()));
        const dicom::DecodedImage empty(dicom::ImageInfo{}, dicom::DecodedImage::Storage::NarrowGray);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 app::renderResultCapture(empty, testPrediction(0.87f), testModel()));
    }

    void write_badInput_givesDicomErrorNamingTheFile()
    {
        const inference::Prediction prediction = testPrediction(0.87f);
        const results::AiResult result = testResult(prediction, testModel());
        const results::RgbPixels pixels =
            app::renderResultCapture(*dicom::loadImage(m_chest512.toStdString()), prediction, testModel());
        const std::string output = m_work.filePath(QStringLiteral("bad-input.dcm")).toStdString();
        QByteArray what;
        using Kind = dicom::DicomError::Kind;

        const std::string missing = m_work.filePath(QStringLiteral("no-such.dcm")).toStdString();
        QVERIFY2(throwsDicomError([&] { results::writeHeatmapSc(missing, result, pixels, output); }, missing,
                                  Kind::FileNotFound, &what),
                 what.constData());

        const QString text = m_work.filePath(QStringLiteral("notes.txt"));
        {
            QFile file(text);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("not a radiograph\n");
        }
        QVERIFY2(throwsDicomError([&] { results::writeHeatmapSc(text.toStdString(), result, pixels, output); },
                                  text.toStdString(), Kind::NotDicom, &what),
                 what.constData());

        // A DICOM file that is not an image: the radiograph without its Pixel Data.
        const QString noPixels = m_work.filePath(QStringLiteral("no-pixels.dcm"));
        QVERIFY(QFile::copy(m_chest512, noPixels));
        QCOMPARE(run(tool("dcmodify"),
                     {QStringLiteral("-nb"), QStringLiteral("-ea"), QStringLiteral("(7fe0,0010)"), noPixels})
                     .exitCode,
                 0);
        QVERIFY2(throwsDicomError([&] { results::writeHeatmapSc(noPixels.toStdString(), result, pixels, output); },
                                  noPixels.toStdString(), Kind::NoPixelData, &what),
                 what.constData());

        results::RgbPixels short_ = pixels;
        short_.rgb.pop_back();
        QVERIFY2(throwsDicomError([&] { results::writeHeatmapSc(m_chest512.toStdString(), result, short_, output); },
                                  output, Kind::PixelCountMismatch, &what),
                 what.constData());

        const std::string unwritable = m_work.filePath(QStringLiteral("no-such-folder/sc.dcm")).toStdString();
        QVERIFY2(
            throwsDicomError([&] { results::writeHeatmapSc(m_chest512.toStdString(), result, pixels, unwritable); },
                             unwritable, Kind::CannotWrite, &what),
            what.constData());
        QVERIFY2(throwsDicomError(
                     [&] { results::writeHeatmapSc(noPixels.toStdString(), result, pixels, noPixels.toStdString()); },
                     noPixels.toStdString(), Kind::CannotWrite, &what),
                 what.constData());
        QVERIFY(!QFile::exists(QString::fromStdString(output)));
    }
};

QTEST_MAIN(ResultScTest)
#include "tst_resultsc.moc"
