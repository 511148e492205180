// pulmo-cli as a user runs it: info against pydicom, render against DCMTK's dcm2pnm, exit codes,
// one-line errors, and that the commands that do not need the model never load LibTorch.
#include "dicom/DicomWriter.h"

#include <QtTest>

#include "support/CharsetCorpus.h"
#include "support/ProcessRun.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

using namespace pulmo::dicom;

namespace {

using pulmo::test::Run;
using pulmo::test::run;

Run cli(const QStringList& arguments, const QProcessEnvironment& environment = {})
{
    return run(QStringLiteral(PULMO_CLI_PATH), arguments, environment);
}

const QString kCorpus = QStringLiteral(PULMO_PYDICOM_TEST_FILES);

/// Largest per-pixel difference between two 8-bit grayscale images of the same size, or 256.
int largestDifference(const QImage& a, const QImage& b)
{
    if (a.size() != b.size() || a.isNull()) return 256;
    const QImage ga = a.convertToFormat(QImage::Format_Grayscale8);
    const QImage gb = b.convertToFormat(QImage::Format_Grayscale8);
    int worst = 0;
    for (int y = 0; y < ga.height(); ++y)
        for (int x = 0; x < ga.width(); ++x)
            worst = std::max(worst, std::abs(int(ga.constScanLine(y)[x]) - int(gb.constScanLine(y)[x])));
    return worst;
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    QString m_mono1;
    QString m_multiframe;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        GrayImageSpec spec;
        spec.rows = 40;
        spec.columns = 50;
        spec.frames = 3;
        spec.bitsStored = 12;
        spec.highBit = 11;
        for (int f = 0; f < 3; ++f)
            for (int i = 0; i < 40 * 50; ++i) spec.storedValues.push_back((i * 13 + f * 900) % 4096);
        spec.voiPresets = {VoiPreset::window(2000, 3000)};
        m_multiframe = m_work.filePath(QStringLiteral("multiframe.dcm"));
        writeGrayImage(m_multiframe.toStdString(), spec);
        spec.frames = 1;
        spec.storedValues.resize(40 * 50);
        spec.photometricInterpretation = "MONOCHROME1";
        m_mono1 = m_work.filePath(QStringLiteral("mono1.dcm"));
        writeGrayImage(m_mono1.toStdString(), spec);
    }

    void info_json_agreesWithPydicom()
    {
        const QString file = kCorpus + QStringLiteral("/CT_small.dcm");
        const Run ours = cli({QStringLiteral("info"), file, QStringLiteral("--json")});
        QCOMPARE(ours.exitCode, 0);
        QCOMPARE(ours.out.count('\n'), 1);
        const QJsonObject info = QJsonDocument::fromJson(ours.out).object();

        const char* script =
            "import json,sys,pydicom\n"
            "ds=pydicom.dcmread(sys.argv[1])\n"
            "print(json.dumps({'rows':ds.Rows,'columns':ds.Columns,'bits_allocated':ds.BitsAllocated,"
            "'bits_stored':ds.BitsStored,'pixel_representation':ds.PixelRepresentation,"
            "'photometric_interpretation':ds.PhotometricInterpretation,'modality':ds.Modality,"
            "'patient_id':ds.PatientID,'patient_name':str(ds.PatientName),"
            "'study_instance_uid':ds.StudyInstanceUID,'series_instance_uid':ds.SeriesInstanceUID,"
            "'sop_instance_uid':ds.SOPInstanceUID,'transfer_syntax_uid':ds.file_meta.TransferSyntaxUID,"
            "'window_center':float(ds.WindowCenter) if 'WindowCenter' in ds else None}))\n";
        const Run oracle =
            run(QStringLiteral(PULMO_SYSTEM_PYTHON), {QStringLiteral("-c"), QString::fromLatin1(script), file});
        QCOMPARE(oracle.exitCode, 0);
        const QJsonObject expected = QJsonDocument::fromJson(oracle.out).object();
        for (const char* key : {"rows", "columns", "bits_allocated", "bits_stored", "pixel_representation",
                                "photometric_interpretation", "modality", "patient_id", "patient_name",
                                "study_instance_uid", "series_instance_uid", "sop_instance_uid", "transfer_syntax_uid"})
            QVERIFY2(info.value(QLatin1String(key)) == expected.value(QLatin1String(key)), key);
        QCOMPARE(info.value("frames").toInt(), 1);
        const QJsonArray presets = info.value("window_presets").toArray();
        if (expected.value("window_center").isNull())
            QVERIFY(presets.isEmpty());
        else
            QCOMPARE(presets.first().toObject().value("center").toDouble(), expected.value("window_center").toDouble());
    }

    // Every file of pydicom's character-set corpus: Latin-1, Greek, Arabic, Hebrew, Cyrillic,
    // Japanese (ISO 2022 IR 13/87), Korean (IR 149), UTF-8 and GB18030, with component groups.
    void info_json_patientNameAgreesWithPydicom_onTheCharsetCorpus_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files = pulmo::test::charsetCorpusFiles();
        QVERIFY2(files.size() >= 15, qPrintable(pulmo::test::charsetCorpusFolder()));
        for (const QString& file : files) QTest::newRow(qPrintable(QFileInfo(file).fileName())) << file;
    }

    void info_json_patientNameAgreesWithPydicom_onTheCharsetCorpus()
    {
        QFETCH(QString, file);
        const pulmo::test::PydicomReading expected = pulmo::test::pydicomReading(file);
        QVERIFY2(expected.reported, qPrintable(expected.error));
        const Run ours = cli({QStringLiteral("info"), QStringLiteral("--json"), file});
        if (!expected.readable) {
            // Neither reader needs to read it; ours must still fail in one line, naming the file.
            qInfo("pydicom cannot read %s either: %s", qPrintable(file), qPrintable(expected.error));
            QVERIFY2(ours.exitCode == 0 || (ours.exitCode == 1 && ours.err.count('\n') == 1), ours.err.constData());
            return;
        }
        QVERIFY2(ours.exitCode == 0,
                 qPrintable(QStringLiteral("DCMTK cannot read %1: %2").arg(file, QString::fromUtf8(ours.err))));
        QCOMPARE(ours.out.count('\n'), 1);
        const QJsonObject info = QJsonDocument::fromJson(ours.out).object();
        QVERIFY2(info.contains(QStringLiteral("patient_name")), ours.out.constData());
        // A file without a name reports an empty one.
        QCOMPARE(info.value(QStringLiteral("patient_name")).toString(), expected.hasName ? expected.name : QString());
    }

    void writer_nonAsciiText_saysIsoIr192_andPydicomReadsItBack()
    {
        GrayImageSpec spec;
        spec.rows = 4;
        spec.columns = 4;
        spec.storedValues.assign(16, 7);
        const QString ascii = m_work.filePath(QStringLiteral("ascii-name.dcm"));
        writeGrayImage(ascii.toStdString(), spec);
        spec.patientName = "Äneas^Rüdiger=山田^太郎";
        spec.studyDescription = "Thorax p.a. (Übersicht)";
        const QString utf8 = m_work.filePath(QStringLiteral("utf8-name.dcm"));
        writeGrayImage(utf8.toStdString(), spec);
        const char* script =
            "import json,sys,pydicom\n"
            "for f in sys.argv[1:]:\n"
            "  ds=pydicom.dcmread(f)\n"
            "  print(json.dumps([ds.SpecificCharacterSet,str(ds.PatientName),str(ds.get('StudyDescription',''))]))\n";
        const Run oracle =
            run(QStringLiteral(PULMO_SYSTEM_PYTHON), {QStringLiteral("-c"), QString::fromLatin1(script), ascii, utf8});
        QCOMPARE(oracle.exitCode, 0);
        const QList<QByteArray> lines = oracle.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const QJsonArray plain = QJsonDocument::fromJson(lines[0]).array();
        QCOMPARE(plain.at(0).toString(), QStringLiteral("ISO_IR 100"));  // ASCII files keep their bytes
        const QJsonArray written = QJsonDocument::fromJson(lines[1]).array();
        QCOMPARE(written.at(0).toString(), QStringLiteral("ISO_IR 192"));
        QCOMPARE(written.at(1).toString(), QString::fromStdString(spec.patientName));
        QCOMPARE(written.at(2).toString(), QString::fromStdString(spec.studyDescription));
    }

    void render_agreesWithDcm2pnm_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("ourOptions");
        QTest::addColumn<QStringList>("dcmtkOptions");
        QTest::newRow("MR_small first window") << kCorpus + "/MR_small.dcm" << QStringList() << QStringList{"+Wi", "1"};
        QTest::newRow("CT_small window 40,400")
            << kCorpus + "/CT_small.dcm" << QStringList{"--window", "40,400"} << QStringList{"+Ww", "40", "400"};
        QTest::newRow("CT_small window -600,1500")
            << kCorpus + "/CT_small.dcm" << QStringList{"--window", "-600,1500"} << QStringList{"+Ww", "-600", "1500"};
        QTest::newRow("RLE window 600,1600") << kCorpus + "/MR_small_RLE.dcm" << QStringList{"--window", "600,1600"}
                                             << QStringList{"+Ww", "600", "1600"};
        QTest::newRow("MONOCHROME1 first window") << m_mono1 << QStringList() << QStringList{"+Wi", "1"};
        QTest::newRow("frame 3 of 3") << m_multiframe << QStringList{"--frame", "3"}
                                      << QStringList{"+Wi", "1", "+F", "3"};
    }

    void render_agreesWithDcm2pnm()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, ourOptions);
        QFETCH(QStringList, dcmtkOptions);
        const QString ours = m_work.filePath(QStringLiteral("ours.png"));
        const QString theirs = m_work.filePath(QStringLiteral("theirs.png"));
        QFile::remove(ours);
        QFile::remove(theirs);
        const Run rendered = cli(QStringList{QStringLiteral("render"), file, QStringLiteral("-o"), ours} + ourOptions);
        QCOMPARE(rendered.exitCode, 0);
        const Run dcmtk =
            run(QStringLiteral("dcm2pnm"), dcmtkOptions + QStringList{QStringLiteral("--write-png"), file, theirs});
        QCOMPARE(dcmtk.exitCode, 0);
        const int worst = largestDifference(QImage(ours), QImage(theirs));
        QVERIFY2(worst <= 1, qPrintable(QStringLiteral("differs from dcm2pnm by %1 grey levels").arg(worst)));
    }

    void render_invert_mirrorsTheGreyScale()
    {
        const QString file = kCorpus + QStringLiteral("/MR_small.dcm");
        const QString plain = m_work.filePath(QStringLiteral("plain.png"));
        const QString inverted = m_work.filePath(QStringLiteral("inverted.png"));
        QCOMPARE(cli({QStringLiteral("render"), file, QStringLiteral("-o"), plain}).exitCode, 0);
        const Run run = cli({QStringLiteral("render"), file, QStringLiteral("-o"), inverted, QStringLiteral("--invert"),
                             QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(run.out).object().value("inverted").toBool(), true);
        QImage a = QImage(plain).convertToFormat(QImage::Format_Grayscale8);
        QImage b = QImage(inverted).convertToFormat(QImage::Format_Grayscale8);
        b.invertPixels();
        QCOMPARE(a, b);
    }

    void errors_areOneLineWithTheFileAndAnExitCode()
    {
        const QString missing = m_work.filePath(QStringLiteral("missing.dcm"));
        const Run info = cli({QStringLiteral("info"), missing});
        QCOMPARE(info.exitCode, 1);
        QCOMPARE(info.err.count('\n'), 1);
        QVERIFY(info.err.contains(missing.toUtf8()));

        const Run frame =
            cli({QStringLiteral("render"), m_multiframe, QStringLiteral("-o"), m_work.filePath(QStringLiteral("x.png")),
                 QStringLiteral("--frame"), QStringLiteral("4")});
        QCOMPARE(frame.exitCode, 1);
        QVERIFY(frame.err.contains("3 frame(s)"));

        QCOMPARE(cli({QStringLiteral("render"), m_multiframe}).exitCode, 2);  // no -o
        QCOMPARE(cli({QStringLiteral("render"), m_multiframe, "-o", "x.png", "--window", "40"}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("frobnicate")}).exitCode, 2);
        const Run unwritable = cli({QStringLiteral("render"), m_multiframe, QStringLiteral("-o"),
                                    QStringLiteral("/nonexistent-folder/x.png")});
        QCOMPARE(unwritable.exitCode, 1);
        QVERIFY(unwritable.err.contains("/nonexistent-folder/x.png"));
    }

    void imageCommands_neverLoadLibTorch_butVersionDoes()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("files"));
        const QString file = kCorpus + QStringLiteral("/CT_small.dcm");
        const Run info = cli({QStringLiteral("info"), file}, environment);
        QCOMPARE(info.exitCode, 0);
        QVERIFY(info.err.contains("libQt6Core"));  // the loader trace is there...
        QVERIFY(!info.err.contains("libtorch"));   // ...and LibTorch is not in it
        const Run render =
            cli({QStringLiteral("render"), file, QStringLiteral("-o"), m_work.filePath(QStringLiteral("r.png"))},
                environment);
        QCOMPARE(render.exitCode, 0);
        QVERIFY(!render.err.contains("libtorch"));

        const Run version = cli({QStringLiteral("version"), QStringLiteral("--json")}, environment);
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.err.contains("libtorch"));
        const QJsonObject object = QJsonDocument::fromJson(version.out.trimmed().split('\n').last()).object();
        QCOMPARE(object.value("inference_library").toString(), QStringLiteral("LibTorch"));
        QVERIFY(object.value("devices").toArray().contains(QStringLiteral("cpu")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
