// Numbers mean the same in every locale: DICOM DS/IS values read and written, the display pipeline, and
// pulmo-cli's info, render and infer give the same results under de_DE.UTF-8, fr_FR.UTF-8 (decimal commas) and
// C, equal to pydicom's reading; the viewer shows numbers to people in their own QLocale ("12,3 mm").
//
// The in-process tests switch the C library's locale themselves (setlocale(LC_ALL, ...)), so they prove that
// the parsing is locale-proof, not only that pulmo-cli sets LC_NUMERIC back to "C". A missing locale fails
// the test (scripts/install-deps.sh generates both); it never skips.
#include "AiController.h"
#include "AiPanel.h"
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"
#include "dicom/DisplayPipeline.h"
#include "widgets/ImageView.h"
#include "widgets/WindowPresets.h"

#include <QtTest>

#include "support/ProcessRun.h"
#include "support/TestLocales.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QMouseEvent>
#include <QPaintEngine>
#include <QProgressBar>
#include <QSettings>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <clocale>
#include <cstdlib>
#include <set>
#include <string>

using namespace pulmo;

namespace {

using test::Run;
using test::run;

using test::kTestLocales;
using test::localeProblem;
using test::ScopedLocale;

Run cli(const QStringList& arguments, const char* locale)
{
    return run(QStringLiteral(PULMO_CLI_PATH), arguments, test::environmentWithLocale(locale));
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// The 8-bit display image of a file's first frame with its own VOI, under the current C locale.
std::vector<uint8_t> displayed(const QString& path)
{
    dicom::DisplayPipeline pipeline(dicom::loadImage(path.toStdString()));
    pipeline.setDefaultVoi();
    return pipeline.render();
}

void drag(QWidget* widget, QPoint from, QPoint to)
{
    QMouseEvent press(QEvent::MouseButtonPress, from, widget->mapToGlobal(from), Qt::LeftButton, Qt::LeftButton,
                      Qt::NoModifier);
    QApplication::sendEvent(widget, &press);
    QMouseEvent move(QEvent::MouseMove, to, widget->mapToGlobal(to), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(widget, &move);
    QMouseEvent release(QEvent::MouseButtonRelease, to, widget->mapToGlobal(to), Qt::LeftButton, Qt::NoButton,
                        Qt::NoModifier);
    QApplication::sendEvent(widget, &release);
}

/// Records the text a widget draws (a paint device whose engine keeps every text item).
class TextRecorder : public QPaintDevice {
public:
    explicit TextRecorder(QSize size) : m_size(size) {}
    QPaintEngine* paintEngine() const override { return &m_engine; }
    QStringList texts() const { return m_engine.texts; }

protected:
    int metric(PaintDeviceMetric metric) const override
    {
        switch (metric) {
            case PdmWidth:
                return m_size.width();
            case PdmHeight:
                return m_size.height();
            case PdmWidthMM:
                return m_size.width() * 254 / 960;
            case PdmHeightMM:
                return m_size.height() * 254 / 960;
            case PdmNumColors:
                return 0x7fffffff;
            case PdmDepth:
                return 32;
            case PdmDpiX:
            case PdmDpiY:
            case PdmPhysicalDpiX:
            case PdmPhysicalDpiY:
                return 96;
            case PdmDevicePixelRatio:
                return 1;
            case PdmDevicePixelRatioScaled:
                return int(devicePixelRatioFScale());
        }
        return 0;
    }

private:
    struct Engine : QPaintEngine {
        Engine() : QPaintEngine(QPaintEngine::AllFeatures) {}
        bool begin(QPaintDevice*) override { return true; }
        bool end() override { return true; }
        void updateState(const QPaintEngineState&) override {}
        void drawPixmap(const QRectF&, const QPixmap&, const QRectF&) override {}
        void drawImage(const QRectF&, const QImage&, const QRectF&, Qt::ImageConversionFlags) override {}
        void drawTextItem(const QPointF&, const QTextItem& item) override { texts << item.text(); }
        // QPaintEngine's own line, polygon and path drawing call one another; only the text matters here.
        void drawPolygon(const QPointF*, int, PolygonDrawMode) override {}
        void drawPolygon(const QPoint*, int, PolygonDrawMode) override {}
        void drawPath(const QPainterPath&) override {}
        void drawLines(const QLineF*, int) override {}
        void drawEllipse(const QRectF&) override {}
        void drawRects(const QRectF*, int) override {}
        Type type() const override { return QPaintEngine::User; }
        QStringList texts;
    };
    QSize m_size;
    mutable Engine m_engine;
};

}  // namespace

class TestLocale : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    QString m_written;   ///< by our DicomWriter: Rescale 0.5/-0.5, window 10.5/100.5, spacing 0.139
    QString m_modified;  ///< the demo image, changed by DCMTK's dcmodify: 0.5/-0.5, window 932.5/1151.5

    /// pydicom's reading of the numbers pulmo-cli info reports, as the same JSON shape.
    QJsonObject pydicomNumbers(const QString& file)
    {
        const char* script =
            "import json,sys,pydicom\n"
            "ds=pydicom.dcmread(sys.argv[1])\n"
            "wc=ds.WindowCenter; ww=ds.WindowWidth\n"
            "wc=list(wc) if isinstance(wc,pydicom.multival.MultiValue) else [wc]\n"
            "ww=list(ww) if isinstance(ww,pydicom.multival.MultiValue) else [ww]\n"
            "print(json.dumps({'slope':float(ds.RescaleSlope),'intercept':float(ds.RescaleIntercept),"
            "'centers':[float(v) for v in wc],'widths':[float(v) for v in ww],"
            "'spacing':[float(v) for v in ds.PixelSpacing],'slope_text':str(ds['RescaleSlope'].value)}))\n";
        const Run oracle =
            run(QStringLiteral(PULMO_SYSTEM_PYTHON), {QStringLiteral("-c"), QString::fromLatin1(script), file});
        if (oracle.exitCode != 0) qWarning("pydicom: %s", oracle.err.constData());
        return QJsonDocument::fromJson(oracle.out).object();
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char* name : kTestLocales) {
            const QString problem = localeProblem(name);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
        QVERIFY(m_work.isValid());

        dicom::GrayImageSpec spec;
        spec.rows = 64;
        spec.columns = 80;
        spec.bitsStored = 12;
        spec.highBit = 11;
        // Stored 0..255: through slope 0.5 and intercept -0.5 that is -0.5..127, across the window 10.5/100.5.
        for (int i = 0; i < spec.rows * spec.columns; ++i) spec.storedValues.push_back(i % 256);
        spec.modalityTransform.kind = dicom::ModalityTransform::Kind::Rescale;
        spec.modalityTransform.slope = 0.5;
        spec.modalityTransform.intercept = -0.5;
        spec.voiPresets = {dicom::VoiPreset::window(10.5, 100.5)};
        spec.pixelSpacingMm = 0.139;
        spec.studyInstanceUid = "1.2.826.0.1.3680043.10.1013.1";
        spec.seriesInstanceUid = "1.2.826.0.1.3680043.10.1013.2";
        spec.sopInstanceUid = "1.2.826.0.1.3680043.10.1013.3";
        m_written = m_work.filePath(QStringLiteral("written.dcm"));
        dicom::writeGrayImage(m_written.toStdString(), spec);

        m_modified = m_work.filePath(QStringLiteral("modified.dcm"));
        QVERIFY(QFile::copy(QStringLiteral(PULMO_SOURCE_DIR "/resources/demo/SYN1-0001.dcm"), m_modified));
        QFile::setPermissions(m_modified, QFile::ReadOwner | QFile::WriteOwner);
        const Run modify =
            run(QStringLiteral("dcmodify"),
                {QStringLiteral("-nb"), QStringLiteral("-m"), QStringLiteral("(0028,1053)=0.5"), QStringLiteral("-m"),
                 QStringLiteral("(0028,1052)=-0.5"), QStringLiteral("-m"), QStringLiteral("(0028,1050)=932.5"),
                 QStringLiteral("-m"), QStringLiteral("(0028,1051)=1151.5"), m_modified});
        QVERIFY2(modify.exitCode == 0, modify.err.constData());
    }

    void dicomNumbers_readTheSameInEveryLocale_andAsPydicomReadsThem_data()
    {
        QTest::addColumn<QString>("locale");
        for (const char* name : kTestLocales) QTest::newRow(name) << QString::fromLatin1(name);
    }
    void dicomNumbers_readTheSameInEveryLocale_andAsPydicomReadsThem()
    {
        QFETCH(QString, locale);
        const QJsonObject expected = pydicomNumbers(m_written);
        QCOMPARE(expected.value("slope").toDouble(), 0.5);
        const ScopedLocale scope(qPrintable(locale));
        QVERIFY(scope.ok());
        for (const QString& file : {m_written, m_modified}) {
            const QJsonObject oracle = pydicomNumbers(file);
            QVERIFY2(!oracle.isEmpty(), qPrintable(file));
            const dicom::ImageInfo info = dicom::readImageInfo(file.toStdString());
            QCOMPARE(int(info.modalityTransform.kind), int(dicom::ModalityTransform::Kind::Rescale));
            QCOMPARE(info.modalityTransform.slope, oracle.value("slope").toDouble());
            QCOMPARE(info.modalityTransform.slope, 0.5);
            QCOMPARE(info.modalityTransform.intercept, oracle.value("intercept").toDouble());
            QCOMPARE(int(info.voiPresets.size()), oracle.value("centers").toArray().size());
            QCOMPARE(info.voiPresets.front().center, oracle.value("centers").toArray().first().toDouble());
            QCOMPARE(info.voiPresets.front().width, oracle.value("widths").toArray().first().toDouble());
            QCOMPARE(info.pixelSpacingSource, std::string("PixelSpacing"));
            QCOMPARE(info.rowSpacingMm, oracle.value("spacing").toArray().at(0).toDouble());
            QCOMPARE(info.columnSpacingMm, oracle.value("spacing").toArray().at(1).toDouble());
        }
    }

    void dicomNumbers_signsAndForms_thatPs35Allows()
    {
        // A DS may carry a '+' and an exponent; '0,5' is not a DS and must not be read as 0 or 5.
        const struct {
            const char* slope;
            bool valid;
            double value;
        } cases[] = {{"+0.5", true, 0.5}, {".5", true, 0.5},    {"5E-1", true, 0.5},
                     {"0,5", false, 0.0}, {"0.5x", false, 0.0}, {"nan", false, 0.0}};
        const ScopedLocale scope("de_DE.UTF-8");
        QVERIFY(scope.ok());
        for (const auto& row : cases) {
            const QString file = m_work.filePath(QStringLiteral("form.dcm"));
            QFile::remove(file);
            QVERIFY(QFile::copy(m_written, file));
            QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner);
            const Run modify =
                run(QStringLiteral("dcmodify"), {QStringLiteral("-nb"), QStringLiteral("-m"),
                                                 QStringLiteral("(0028,1053)=%1").arg(QLatin1String(row.slope)), file});
            QVERIFY2(modify.exitCode == 0, modify.err.constData());
            const dicom::ImageInfo info = dicom::readImageInfo(file.toStdString());
            // An unusable slope leaves the intercept (-0.5) with the default slope of 1.
            QVERIFY2(info.modalityTransform.slope == (row.valid ? row.value : 1.0), row.slope);
            QCOMPARE(info.modalityTransform.intercept, -0.5);
        }
    }

    void dcmtkOwnDecimalParsing_isLocaleIndependent()
    {
        // DCMTK reads DS itself where we use DicomImage (colour frames): OFStandard::atof must not follow
        // the C library's locale either.
        const ScopedLocale scope("de_DE.UTF-8");
        QVERIFY(scope.ok());
        DcmFileFormat file;
        QVERIFY(file.loadFile(m_written.toStdString().c_str()).good());
        Float64 slope = 0.0;
        Float64 center = 0.0;
        Float64 spacing = 0.0;
        QVERIFY(file.getDataset()->findAndGetFloat64(DCM_RescaleSlope, slope).good());
        QVERIFY(file.getDataset()->findAndGetFloat64(DCM_WindowCenter, center).good());
        QVERIFY(file.getDataset()->findAndGetFloat64(DCM_PixelSpacing, spacing, 1).good());
        QCOMPARE(slope, 0.5);
        QCOMPARE(center, 10.5);
        QCOMPARE(spacing, 0.139);
    }

    void windowPresetSettings_readTheSameInEveryLocale()
    {
        // "presets/ct/Lung = -600.5,1500.5" in the settings file means the same to a German user.
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_work.filePath(QStringLiteral("settings")));
        QCoreApplication::setOrganizationName(QStringLiteral("PulmoLocaleTest"));
        QSettings().setValue(QStringLiteral("presets/ct/Lung"), QStringLiteral("-600.5,1500.5"));
        QSettings().sync();
        dicom::GrayImageSpec spec;
        spec.rows = spec.columns = 4;
        spec.storedValues.assign(16, 1000);
        spec.modality = "CT";
        spec.modalityTransform.kind = dicom::ModalityTransform::Kind::Rescale;
        spec.modalityTransform.intercept = -1024;
        const QString file = m_work.filePath(QStringLiteral("ct.dcm"));
        dicom::writeGrayImage(file.toStdString(), spec);
        const auto image = dicom::loadImage(file.toStdString());
        const QLocale previous;
        for (const char* name : kTestLocales) {
            const ScopedLocale scope(name);
            QVERIFY(scope.ok());
            QLocale::setDefault(std::string(name) == "C" ? QLocale::c() : QLocale(QString::fromLatin1(name)));
            const std::vector<viewer::WindowPreset> presets = viewer::windowPresets(*image, 0);
            QLocale::setDefault(previous);
            QVERIFY(presets.size() >= 2);
            QCOMPARE(presets[1].voi.center, -600.5);
            QCOMPARE(presets[1].voi.width, 1500.5);
        }
    }

    void dicomWriter_writesTheSameBytesInEveryLocale()
    {
        // The same spec written under each locale: byte-identical files that pydicom reads as "0.5".
        QByteArray reference;
        for (const char* name : kTestLocales) {
            const ScopedLocale scope(name);
            QVERIFY(scope.ok());
            const QString file = m_work.filePath(QStringLiteral("written-%1.dcm").arg(QLatin1String(name)));
            dicom::GrayImageSpec spec;
            spec.rows = 4;
            spec.columns = 4;
            spec.storedValues.assign(16, 100);
            spec.modalityTransform.kind = dicom::ModalityTransform::Kind::Rescale;
            spec.modalityTransform.slope = 0.5;
            spec.modalityTransform.intercept = -1024.25;
            spec.voiPresets = {dicom::VoiPreset::window(10.5, 100.5), dicom::VoiPreset::window(-600, 1500)};
            spec.pixelSpacingMm = 1.0 / 7.0;  // 16 characters at most: 0.14285714285714
            spec.studyInstanceUid = spec.seriesInstanceUid = spec.sopInstanceUid = "1.2.3.4";
            dicom::writeGrayImage(file.toStdString(), spec);
            const QByteArray bytes = readAll(file);
            QVERIFY(!bytes.isEmpty());
            if (reference.isEmpty()) reference = bytes;
            QVERIFY2(bytes == reference, name);
            const QJsonObject oracle = pydicomNumbers(file);
            QCOMPARE(oracle.value("slope_text").toString(), QStringLiteral("0.5"));
            QCOMPARE(oracle.value("intercept").toDouble(), -1024.25);
            QCOMPARE(oracle.value("centers").toArray(), (QJsonArray{10.5, -600.0}));
            QCOMPARE(oracle.value("widths").toArray(), (QJsonArray{100.5, 1500.0}));
            QVERIFY(std::abs(oracle.value("spacing").toArray().at(0).toDouble() - 1.0 / 7.0) < 1e-13);
        }
    }

    void displayPipeline_givesTheSamePixelsInEveryLocale()
    {
        for (const QString& file : {m_written, m_modified}) {
            std::vector<uint8_t> reference;
            {
                const ScopedLocale scope("C");
                reference = displayed(file);
            }
            QVERIFY(!reference.empty());
            // A real picture through the window, not one flat grey: a slope or window misread would show.
            QVERIFY2(std::set<uint8_t>(reference.begin(), reference.end()).size() >= 50, qPrintable(file));
            for (const char* name : {"de_DE.UTF-8", "fr_FR.UTF-8"}) {
                const ScopedLocale scope(name);
                QVERIFY(scope.ok());
                const std::vector<uint8_t> pixels = displayed(file);
                int worst = 0;
                for (size_t i = 0; i < std::min(pixels.size(), reference.size()); ++i)
                    worst = std::max(worst, std::abs(int(pixels[i]) - int(reference[i])));
                QVERIFY2(pixels.size() == reference.size() && worst == 0,
                         qPrintable(QStringLiteral("%1 under %2: largest difference %3 grey levels")
                                        .arg(file, QLatin1String(name))
                                        .arg(worst)));
            }
        }
    }

    void cli_infoRenderInfer_areByteIdenticalInEveryLocale()
    {
        const QString demo = QStringLiteral(PULMO_SOURCE_DIR "/resources/demo/SYN1-0002.dcm");
        const QString model = QStringLiteral(PULMO_SOURCE_DIR "/resources/models/pulmo-demo-resnet18.pt");
        QMap<QString, QByteArray> reference;
        for (const char* name : kTestLocales) {
            QMap<QString, QByteArray> outputs;
            for (const QString& file : {m_written, m_modified}) {
                const QString base = QFileInfo(file).completeBaseName();
                const Run json = cli({QStringLiteral("info"), file, QStringLiteral("--json")}, name);
                QVERIFY2(json.exitCode == 0, json.err.constData());
                outputs[base + QStringLiteral(" info --json")] = json.out;
                const QJsonObject info = QJsonDocument::fromJson(json.out).object();
                const QJsonObject oracle = pydicomNumbers(file);
                QCOMPARE(info.value("modality_lut").toObject().value("slope").toDouble(), 0.5);
                QCOMPARE(info.value("modality_lut").toObject().value("intercept").toDouble(),
                         oracle.value("intercept").toDouble());
                QCOMPARE(info.value("window_presets").toArray().first().toObject().value("center").toDouble(),
                         oracle.value("centers").toArray().first().toDouble());
                QCOMPARE(info.value("window_presets").toArray().first().toObject().value("width").toDouble(),
                         oracle.value("widths").toArray().first().toDouble());
                QCOMPARE(info.value("pixel_spacing_mm").toArray().first().toDouble(),
                         oracle.value("spacing").toArray().first().toDouble());

                const Run text = cli({QStringLiteral("info"), file}, name);
                QVERIFY2(text.exitCode == 0, text.err.constData());
                outputs[base + QStringLiteral(" info")] = text.out;

                const QString png = m_work.filePath(QStringLiteral("%1-%2.png").arg(base, QLatin1String(name)));
                const Run render = cli({QStringLiteral("render"), file, QStringLiteral("-o"), png}, name);
                QVERIFY2(render.exitCode == 0, render.err.constData());
                outputs[base + QStringLiteral(" render")] = readAll(png);
                QVERIFY(!outputs[base + QStringLiteral(" render")].isEmpty());
                const Run windowed = cli({QStringLiteral("render"), file, QStringLiteral("-o"), png,
                                          QStringLiteral("--window"), QStringLiteral("20.5,60.5")},
                                         name);
                QVERIFY2(windowed.exitCode == 0, windowed.err.constData());
                outputs[base + QStringLiteral(" render --window")] = readAll(png);
            }
            for (const QString& file : {demo, m_modified}) {
                const Run infer =
                    cli({QStringLiteral("infer"), QStringLiteral("--model"), model, QStringLiteral("--device"),
                         QStringLiteral("cpu"), QStringLiteral("--json"), file},
                        name);
                QVERIFY2(infer.exitCode == 0, infer.err.constData());
                QJsonObject object = QJsonDocument::fromJson(infer.out).object();
                QVERIFY2(object.contains(QStringLiteral("probabilities")), infer.out.constData());
                object.remove(QStringLiteral("timing_ms"));
                outputs[QFileInfo(file).completeBaseName() + QStringLiteral(" infer --json")] =
                    QJsonDocument(object).toJson(QJsonDocument::Compact);
            }
            if (reference.isEmpty()) {
                reference = outputs;
                continue;
            }
            for (auto it = outputs.constBegin(); it != outputs.constEnd(); ++it)
                QVERIFY2(it.value() == reference.value(it.key()),
                         qPrintable(QStringLiteral("%1 under %2 differs from C:\n%3\nC:\n%4")
                                        .arg(it.key(), QLatin1String(name), QString::fromUtf8(it.value().left(600)),
                                             QString::fromUtf8(reference.value(it.key()).left(600)))));
        }
    }

    void imageView_showsNumbersInTheReadersLocale_data()
    {
        QTest::addColumn<QLocale>("locale");
        QTest::addColumn<QString>("decimalPoint");
        QTest::newRow("German") << QLocale(QLocale::German, QLocale::Germany) << QStringLiteral(",");
        QTest::newRow("French") << QLocale(QLocale::French, QLocale::France) << QStringLiteral(",");
        QTest::newRow("English") << QLocale(QLocale::English, QLocale::UnitedKingdom) << QStringLiteral(".");
    }
    void imageView_showsNumbersInTheReadersLocale()
    {
        QFETCH(QLocale, locale);
        QFETCH(QString, decimalPoint);
        const QLocale previous;
        QLocale::setDefault(locale);
        viewer::ImageView view;
        view.resize(640, 512);
        view.show();
        view.setImage(dicom::loadImage(m_written.toStdString()));
        view.setTool(viewer::ImageView::Tool::Ruler);
        drag(&view, QPoint(100, 100), QPoint(337, 100));
        QCOMPARE(int(view.rulers().size()), 1);
        const auto millimetres = view.rulerLengthMm(view.rulers().front());
        QVERIFY(millimetres.has_value());

        TextRecorder recorder(view.size());
        view.render(&recorder);
        const QStringList texts = recorder.texts();
        QLocale::setDefault(previous);

        const QString length = QString::number(*millimetres, 'f', 1).replace(QLatin1Char('.'), decimalPoint);
        QVERIFY2(length.contains(decimalPoint), qPrintable(length));
        QVERIFY2(texts.contains(length + QStringLiteral(" mm")),
                 qPrintable(QStringLiteral("no ruler label %1 mm among: %2").arg(length, texts.join(" | "))));
        const QString window =
            QStringLiteral("W 100%1%2  L 10%1%2").arg(decimalPoint, QStringLiteral("5"));  // the file's 10.5/100.5
        // After the preset's name ("From file  W 100,5  L 10,5"), with the ruler tool's hint on screen.
        QVERIFY2(std::any_of(texts.begin(), texts.end(), [&](const QString& text) { return text.endsWith(window); }),
                 qPrintable(QStringLiteral("no window readout '%1' among: %2").arg(window, texts.join(" | "))));
    }

    void aiPanel_showsProbabilitiesInTheReadersLocale_data() { imageView_showsNumbersInTheReadersLocale_data(); }
    void aiPanel_showsProbabilitiesInTheReadersLocale()
    {
        QFETCH(QLocale, locale);
        QFETCH(QString, decimalPoint);
        const QLocale previous;
        QLocale::setDefault(locale);
        auto model = std::make_shared<inference::ModelIdentity>();
        model->path = "/nowhere/model.pt";
        model->sha256 = std::string(64, 'a');
        model->device = "cpu";
        model->card.name = "test";
        model->card.version = "1";
        app::AiOutcome outcome;
        outcome.ok = true;
        outcome.model = model;
        outcome.prediction.labels = {"NORMAL", "PNEUMONIA"};
        outcome.prediction.probabilities = {0.873f, 0.127f};
        outcome.prediction.confidence = 0.873f;
        outcome.prediction.predictedIndex = 0;
        outcome.prediction.inferenceMs = 1200.0;
        outcome.prediction.camMs = 34.0;
        outcome.label = QStringLiteral("INDETERMINATE");
        outcome.indeterminate = true;
        outcome.threshold = 0.9;
        app::AiPanel panel;
        panel.showOutcome(outcome);
        QStringList bars;
        for (const QProgressBar* bar : panel.findChildren<QProgressBar*>()) bars << bar->format();
        const QString status = panel.statusText();
        QLocale::setDefault(previous);

        // Whole percent (no false precision), the number in the locale's digits, the label in words.
        Q_UNUSED(decimalPoint);
        const QString percent = QLocale(locale).toString(87) + QLatin1Char('%');
        QVERIFY2(status.contains(percent), qPrintable(status));
        QVERIFY2(bars.contains(QStringLiteral("Normal  %1").arg(percent)), qPrintable(bars.join(" | ")));
        QVERIFY2(bars.contains(QStringLiteral("Pneumonia  %1%").arg(QLocale(locale).toString(13))),
                 qPrintable(bars.join(" | ")));
    }
};

QTEST_MAIN(TestLocale)
#include "tst_locale.moc"
