// The image pipeline against pydicom + numpy as an independent oracle, on pydicom's own test files
// (Debian's python3-pydicom) and on files this test writes to cover what that corpus lacks
// (VOI LUT and Modality LUT Sequences, MONOCHROME1, SIGMOID, LINEAR_EXACT, every transfer syntax
// DCMTK can encode).
//
// Lossless files: modality values equal pydicom's apply_modality_lut exactly, and the 8-bit
// rendering is within 1 grey level of apply_voi_lut scaled to 0-255. Files pydicom cannot decode
// must give a DicomError naming the file, never a crash.
#include "dicom/DicomError.h"
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"
#include "dicom/DisplayPipeline.h"

#include <QtTest>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <cmath>
#include <random>

using namespace pulmo::dicom;

namespace {

// Files pydicom decodes that Pulmo refuses, on purpose, with a clear error:
const QMap<QString, QString> kDeliberateRefusals = {
    // Its meta header says JPEG (explicit VR) but the dataset is encoded implicit VR; DCMTK, like the
    // standard, reads by the meta header and finds no valid element after the first.
    {QStringLiteral("SC_rgb_jpeg.dcm"), QStringLiteral("dataset encoding contradicts the meta header")},
    // pydicom's README: "4 of the encoded pixel data bytes replaced ... not a valid JPEG anymore":
    // OpenJPEG rejects the damaged SIZ marker instead of guessing.
    {QStringLiteral("JPEG2000-embedded-sequence-delimiter.dcm"), QStringLiteral("JPEG 2000 header")},
};

std::vector<int32_t> testPattern(int rows, int columns, int frames, int64_t lowest, int64_t highest, unsigned seed)
{
    // A ramp over the full range (so every window edge is crossed) plus noise, per frame shifted.
    std::mt19937 random(seed);
    std::uniform_int_distribution<int64_t> noise(lowest, highest);
    std::vector<int32_t> values;
    values.reserve(size_t(rows) * size_t(columns) * size_t(frames));
    for (int f = 0; f < frames; ++f)
        for (int y = 0; y < rows; ++y)
            for (int x = 0; x < columns; ++x) {
                if ((x + y + f) % 3 == 0) {
                    values.push_back(int32_t(noise(random)));
                } else {
                    const double t = double(y * columns + x) / double(rows * columns - 1);
                    values.push_back(int32_t(lowest + int64_t(std::llround(t * double(highest - lowest)))));
                }
            }
    return values;
}

GrayImageSpec baseSpec(int bitsStored, bool isSigned, int rows = 48, int columns = 64, int frames = 1)
{
    GrayImageSpec spec;
    spec.rows = rows;
    spec.columns = columns;
    spec.frames = frames;
    spec.bitsAllocated = bitsStored <= 8 ? 8 : 16;
    spec.bitsStored = bitsStored;
    spec.highBit = bitsStored - 1;
    spec.pixelRepresentation = isSigned ? 1 : 0;
    const int64_t lowest = isSigned ? -(int64_t(1) << (bitsStored - 1)) : 0;
    const int64_t highest = isSigned ? (int64_t(1) << (bitsStored - 1)) - 1 : (int64_t(1) << bitsStored) - 1;
    spec.storedValues = testPattern(rows, columns, frames, lowest, highest, unsigned(bitsStored * 7 + isSigned));
    spec.modality = "DX";
    return spec;
}

LookupTable rampLut(int entries, int firstMapped, int bits, bool descending)
{
    LookupTable table;
    table.firstMapped = firstMapped;
    table.bitsPerEntry = bits;
    const double top = double((1 << bits) - 1);
    for (int i = 0; i < entries; ++i) {
        // A gamma-like curve, so that a linear stand-in would not pass.
        const double t = double(i) / double(entries - 1);
        const double value = std::round(std::pow(descending ? 1.0 - t : t, 0.6) * top);
        table.entries.push_back(uint16_t(value));
    }
    return table;
}

void writeSyntheticCorpus(const QString& directory)
{
    const auto path = [&](const char* name) {
        return QDir(directory).filePath(QString::fromLatin1(name)).toStdString();
    };

    GrayImageSpec dx = baseSpec(12, false);
    dx.voiPresets = {VoiPreset::window(1800, 2600)};
    writeGrayImage(path("syn_dx12_mono2_linear.dcm"), dx);

    GrayImageSpec mono1 = baseSpec(12, false);
    mono1.photometricInterpretation = "MONOCHROME1";
    mono1.presentationLutShape = "INVERSE";
    mono1.voiPresets = {VoiPreset::window(2100, 3000)};
    mono1.voiLutFunction = "LINEAR_EXACT";
    writeGrayImage(path("syn_dx12_mono1_linear_exact.dcm"), mono1);

    GrayImageSpec inverse = baseSpec(12, false);
    inverse.presentationLutShape = "INVERSE";
    inverse.voiPresets = {VoiPreset::window(2048, 4000)};
    writeGrayImage(path("syn_dx12_mono2_inverse_shape.dcm"), inverse);

    GrayImageSpec ct = baseSpec(12, true);
    ct.modalityTransform.kind = ModalityTransform::Kind::Rescale;
    ct.modalityTransform.slope = 1.0;
    ct.modalityTransform.intercept = -1024.0;
    ct.voiPresets = {VoiPreset::window(-600, 1500), VoiPreset::window(40, 400)};
    ct.voiLutFunction = "SIGMOID";
    writeGrayImage(path("syn_ct12_signed_rescale_sigmoid.dcm"), ct);

    GrayImageSpec fractional = baseSpec(16, false);
    fractional.modalityTransform.kind = ModalityTransform::Kind::Rescale;
    fractional.modalityTransform.slope = 0.37;
    fractional.modalityTransform.intercept = -12.5;
    fractional.voiPresets = {VoiPreset::window(9000.3, 17000.7)};
    writeGrayImage(path("syn_16bit_fractional_rescale.dcm"), fractional);

    GrayImageSpec voiLut = baseSpec(12, false);
    VoiPreset lut;
    lut.kind = VoiPreset::Kind::Lut;
    lut.lut = rampLut(3000, 500, 12, false);
    lut.explanation = "GAMMA";
    voiLut.voiPresets = {lut};
    writeGrayImage(path("syn_dx12_voi_lut_sequence.dcm"), voiLut);

    GrayImageSpec modalityLut = baseSpec(12, false);
    modalityLut.modalityTransform.kind = ModalityTransform::Kind::Lut;
    modalityLut.modalityTransform.lut = rampLut(4096, 0, 16, true);
    modalityLut.voiPresets = {VoiPreset::window(30000, 50000)};
    writeGrayImage(path("syn_modality_lut_sequence.dcm"), modalityLut);

    GrayImageSpec fullRange = baseSpec(8, false, 40, 30, 3);
    writeGrayImage(path("syn_8bit_3frames_full_range.dcm"), fullRange);

    GrayImageSpec signedNoWindow = baseSpec(16, true, 33, 17, 2);
    writeGrayImage(path("syn_16bit_signed_odd_size_2frames.dcm"), signedNoWindow);
    // DCMTK 3.6.7's JPEG-LS encoder asserts on signed samples, so JPEG-LS is covered unsigned here
    // and signed by pydicom's MR_small_jpeg_ls_lossless.dcm.
    GrayImageSpec unsignedNoWindow = baseSpec(16, false, 33, 17, 2);

    writeGrayImage(path("syn_dx12_implicit.dcm"), dx, TransferSyntax::ImplicitLittle);
    writeGrayImage(path("syn_ct12_big_endian.dcm"), ct, TransferSyntax::ExplicitBig);
    writeGrayImage(path("syn_dx12_deflated.dcm"), dx, TransferSyntax::Deflated);
    writeGrayImage(path("syn_dx12_jpeg_lossless.dcm"), dx, TransferSyntax::JpegLossless);
    writeGrayImage(path("syn_ct12_jpeg_lossless_signed.dcm"), ct, TransferSyntax::JpegLossless);
    writeGrayImage(path("syn_dx12_mono1_jpegls.dcm"), mono1, TransferSyntax::JpegLsLossless);
    writeGrayImage(path("syn_16bit_unsigned_jpegls_2frames.dcm"), unsignedNoWindow, TransferSyntax::JpegLsLossless);
    writeGrayImage(path("syn_dx12_rle.dcm"), dx, TransferSyntax::Rle);
    writeGrayImage(path("syn_8bit_3frames_rle.dcm"), fullRange, TransferSyntax::Rle);
}

std::vector<double> readDoubles(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    const QByteArray bytes = file.readAll();
    std::vector<double> values(size_t(bytes.size()) / sizeof(double));
    std::memcpy(values.data(), bytes.constData(), values.size() * sizeof(double));
    return values;
}

}  // namespace

class TestImageCorpus : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    QMap<QString, QJsonObject> m_oracle;  // by file path

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        const QString synthetic = m_work.filePath(QStringLiteral("synthetic"));
        QVERIFY(QDir().mkpath(synthetic));
        writeSyntheticCorpus(synthetic);

        QStringList files;
        const QDir corpus(QStringLiteral(PULMO_PYDICOM_TEST_FILES));
        QVERIFY2(corpus.exists(),
                 "pydicom's test files are missing: install python3-pydicom (scripts/install-deps.sh --tests)");
        for (const QString& name : corpus.entryList({QStringLiteral("*.dcm")}, QDir::Files, QDir::Name))
            files << corpus.filePath(name);
        QVERIFY2(files.size() >= 60, "pydicom's corpus looks incomplete");
        for (const QString& name : QDir(synthetic).entryList(QDir::Files, QDir::Name))
            files << QDir(synthetic).filePath(name);

        QProcess oracle;
        oracle.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        const QString script = QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/pydicom_oracle.py");
        oracle.start(QStringLiteral(PULMO_SYSTEM_PYTHON), QStringList{script, m_work.filePath("oracle")} + files);
        QVERIFY(oracle.waitForFinished(240000));
        QCOMPARE(oracle.exitCode(), 0);
        QFile manifest(m_work.filePath(QStringLiteral("oracle/manifest.json")));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        for (const QJsonValue& entry : QJsonDocument::fromJson(manifest.readAll()).array())
            m_oracle.insert(entry.toObject().value("file").toString(), entry.toObject());
        QCOMPARE(m_oracle.size(), files.size());
    }

    void matchesPydicom_data()
    {
        QTest::addColumn<QString>("path");
        const QDir corpus(QStringLiteral(PULMO_PYDICOM_TEST_FILES));
        for (const QString& name : corpus.entryList({QStringLiteral("*.dcm")}, QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(name)) << corpus.filePath(name);
        const QDir synthetic(m_work.filePath(QStringLiteral("synthetic")));
        for (const QString& name : synthetic.entryList(QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(name)) << synthetic.filePath(name);
    }

    void matchesPydicom()
    {
        QFETCH(QString, path);
        const QString name = QFileInfo(path).fileName();
        QVERIFY2(m_oracle.contains(path), "the oracle did not report on this file");
        const QJsonObject oracle = m_oracle.value(path);

        if (!oracle.value("decoded").toBool() || kDeliberateRefusals.contains(name)) {
            try {
                auto image = loadImage(path.toStdString());
                QVERIFY2(!kDeliberateRefusals.contains(name), "expected a deliberate refusal");
                QVERIFY(image->width() > 0);  // decoded what pydicom could not: acceptable
            } catch (const DicomError& error) {
                QVERIFY(QString::fromStdString(error.what()).startsWith(path));
                QVERIFY(!error.reason().empty());
                if (kDeliberateRefusals.contains(name))
                    qInfo("refused as intended (%s): %s", qPrintable(kDeliberateRefusals.value(name)), error.what());
            }
            return;
        }

        std::shared_ptr<const DecodedImage> image;
        try {
            image = loadImage(path.toStdString());
        } catch (const DicomError& error) {
            QFAIL(qPrintable(QStringLiteral("pydicom decodes this file, Pulmo refused it: ") + error.what()));
        }
        const int rows = oracle.value("rows").toInt();
        const int columns = oracle.value("columns").toInt();
        const int frames = oracle.value("frames").toInt();
        const int samples = oracle.value("samples").toInt();
        const bool lossless = oracle.value("lossless").toBool();
        QCOMPARE(image->height(), rows);
        QCOMPARE(image->width(), columns);
        QCOMPARE(image->frameCount(), frames);
        QCOMPARE(image->isColor(), samples == 3);

        const size_t pixels = size_t(rows) * size_t(columns);
        const QString prefix = m_work.filePath(QStringLiteral("oracle/%1").arg(oracle.value("index").toInt()));
        const std::vector<double> expectedDisplay = readDoubles(prefix + ".display.f64");
        QCOMPARE(expectedDisplay.size(), pixels * size_t(frames) * size_t(samples));
        const std::vector<double> expectedModality =
            samples == 1 ? readDoubles(prefix + ".modality.f64") : std::vector<double>();

        DisplayPipeline pipeline(image);
        double worstDisplay = 0.0;
        double sumDisplay = 0.0;
        size_t modalityMismatches = 0;
        for (int f = 0; f < frames; ++f) {
            if (samples == 1) {
                const std::vector<double> modality = image->modalityValues(f);
                for (size_t i = 0; i < pixels; ++i)
                    if (modality[i] != expectedModality[size_t(f) * pixels + i]) ++modalityMismatches;
            }
            pipeline.setFrame(f);
            const std::vector<uint8_t> rendered = pipeline.render();
            const size_t values = pixels * size_t(samples);
            for (size_t i = 0; i < values; ++i) {
                const double difference = std::abs(double(rendered[i]) - expectedDisplay[size_t(f) * values + i]);
                worstDisplay = std::max(worstDisplay, difference);
                sumDisplay += difference;
            }
        }
        const double meanDisplay = sumDisplay / double(expectedDisplay.size());
        qInfo("%s: %s, worst display difference %.3f, mean %.4f, modality mismatches %zu", qPrintable(name),
              lossless ? "lossless" : "lossy", worstDisplay, meanDisplay, modalityMismatches);
        if (lossless) {
            QCOMPARE(modalityMismatches, size_t(0));
            QVERIFY2(worstDisplay <= 1.0, qPrintable(QStringLiteral("display differs by %1").arg(worstDisplay)));
        } else {
            // Lossy codecs may round differently between decoders; the picture must still agree.
            QVERIFY2(
                meanDisplay <= 1.0 && worstDisplay <= 16.0,
                qPrintable(
                    QStringLiteral("lossy display differs: mean %1, worst %2").arg(meanDisplay).arg(worstDisplay)));
        }
    }

    void headerRead_iconImageSequenceWithItsOwnPixelData_readsTheWholeHeader_data()
    {
        QTest::addColumn<bool>("undefinedLength");
        QTest::newRow("explicit-length sequence") << false;
        QTest::newRow("undefined-length sequence") << true;
    }

    void headerRead_iconImageSequenceWithItsOwnPixelData_readsTheWholeHeader()
    {
        // Header reads stop at the first Pixel Data tag; an icon's Pixel Data inside a sequence
        // comes first, and the Presentation LUT Shape after it must still be read.
        QFETCH(bool, undefinedLength);
        GrayImageSpec spec = baseSpec(12, false);
        spec.photometricInterpretation = "MONOCHROME1";
        const QString plain = m_work.filePath(QStringLiteral("icon_plain.dcm"));
        const QString withIcon = m_work.filePath(QStringLiteral("icon.dcm"));
        writeGrayImage(plain.toStdString(), spec);
        const char* script =
            "import sys, pydicom\n"
            "from pydicom.dataset import Dataset\n"
            "ds = pydicom.dcmread(sys.argv[1])\n"
            "icon = Dataset()\n"
            "icon.Rows = 4; icon.Columns = 4; icon.BitsAllocated = 8; icon.BitsStored = 8; icon.HighBit = 7\n"
            "icon.PixelRepresentation = 0; icon.SamplesPerPixel = 1; icon.PhotometricInterpretation = 'MONOCHROME2'\n"
            "icon.PixelData = bytes(16)\n"
            "ds.IconImageSequence = [icon]\n"
            "ds.PresentationLUTShape = 'INVERSE'\n"
            "ds.save_as(sys.argv[2])\n";
        QCOMPARE(QProcess::execute(QStringLiteral(PULMO_SYSTEM_PYTHON),
                                   {QStringLiteral("-c"), QString::fromLatin1(script), plain, withIcon}),
                 0);
        QString file = withIcon;
        if (undefinedLength) {
            file = m_work.filePath(QStringLiteral("icon_undefined.dcm"));
            QCOMPARE(QProcess::execute(QStringLiteral("dcmconv"), {QStringLiteral("-e"), withIcon, file}), 0);
        }
        const ImageInfo info = readImageInfo(file.toStdString());
        QCOMPARE(QString::fromStdString(info.presentationLutShape), QStringLiteral("INVERSE"));
        QVERIFY(info.hasPixelData);
        QCOMPARE(info.rows, 48);
    }

    void storedValues_ignoreBitsOutsideBitsStoredAndHighBit()
    {
        // 16-bit cells with bits set everywhere; DCMTK's dcmodify then says only bits 2..11 hold the
        // value (Bits Stored 10, High Bit 11), signed. Expected: (cell >> 2) & 0x3FF, sign-extended.
        GrayImageSpec spec;
        spec.rows = 1;
        spec.columns = 4;
        spec.bitsAllocated = 16;
        spec.bitsStored = 16;
        spec.highBit = 15;
        spec.storedValues = {0xFFFF, 0xF00C, 0x0FFC, 0x1234};
        const QString path = m_work.filePath(QStringLiteral("overlay_bits.dcm"));
        writeGrayImage(path.toStdString(), spec);
        const int modified = QProcess::execute(
            QStringLiteral("dcmodify"),
            {QStringLiteral("-nb"), QStringLiteral("-m"), QStringLiteral("(0028,0101)=10"), QStringLiteral("-m"),
             QStringLiteral("(0028,0102)=11"), QStringLiteral("-m"), QStringLiteral("(0028,0103)=1"), path});
        QCOMPARE(modified, 0);
        const auto image = loadImage(path.toStdString());
        QCOMPARE(image->info().bitsStored, 10);
        QCOMPARE(image->storedValue(0, 0), int64_t(-1));   // 0x3FF
        QCOMPARE(image->storedValue(0, 1), int64_t(3));    // 0x3C03 & 0x3FF
        QCOMPARE(image->storedValue(0, 2), int64_t(-1));   // 0x3FF
        QCOMPARE(image->storedValue(0, 3), int64_t(141));  // 0x48D & 0x3FF = 0x8D
    }
};

QTEST_GUILESS_MAIN(TestImageCorpus)
#include "tst_imagecorpus.moc"
