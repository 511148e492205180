// Bad input: every malformed, truncated or unsupported file gives a DicomError naming the file and
// the reason, and pulmo-cli exits 1 with one line on stderr — never a crash, hang or unbounded
// allocation. Rows are named after the defect they plant.
#include "dicom/DicomError.h"
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"

#include <QtTest>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <random>

using namespace pulmo::dicom;

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

QByteArray explicitElement(quint16 group, quint16 element, const char* vr, const QByteArray& value)
{
    QByteArray bytes;
    QDataStream stream(&bytes, QIODevice::WriteOnly);
    stream.setByteOrder(QDataStream::LittleEndian);
    stream << group << element;
    stream.writeRawData(vr, 2);
    stream << quint16(value.size());
    stream.writeRawData(value.constData(), int(value.size()));
    return bytes;
}

/// A Part 10 header (explicit VR little endian) followed by `dataset`.
QByteArray part10(const QByteArray& dataset)
{
    const QByteArray transferSyntax = explicitElement(0x0002, 0x0010, "UI", QByteArray("1.2.840.10008.1.2.1\0", 20));
    QByteArray groupLength;
    QDataStream(&groupLength, QIODevice::WriteOnly).setByteOrder(QDataStream::LittleEndian);
    QByteArray lengthValue(4, 0);
    qToLittleEndian<quint32>(quint32(transferSyntax.size()), lengthValue.data());
    return QByteArray(128, 0) + "DICM" + explicitElement(0x0002, 0x0000, "UL", lengthValue) + transferSyntax + dataset;
}

/// `depth` nested undefined-length sequences, each holding one item.
QByteArray nestedSequences(int depth)
{
    QByteArray open;
    open += explicitElement(0x0008, 0x0016, "UI", QByteArray("1.2.840.10008.5.1.4.1.1.7\0", 26));
    const char sequenceHeader[] = {'\x40', '\x00', '\x75', '\x02', 'S', 'Q', 0, 0, '\xFF', '\xFF', '\xFF', '\xFF'};
    const char itemHeader[] = {'\xFE', '\xFF', '\x00', '\xE0', '\xFF', '\xFF', '\xFF', '\xFF'};
    const char itemEnd[] = {'\xFE', '\xFF', '\x0D', '\xE0', 0, 0, 0, 0};
    const char sequenceEnd[] = {'\xFE', '\xFF', '\xDD', '\xE0', 0, 0, 0, 0};
    QByteArray body;
    body.reserve(depth * 36 + 64);
    body += open;
    for (int i = 0; i < depth; ++i) {
        body.append(sequenceHeader, sizeof(sequenceHeader));
        body.append(itemHeader, sizeof(itemHeader));
    }
    for (int i = 0; i < depth; ++i) {
        body.append(itemEnd, sizeof(itemEnd));
        body.append(sequenceEnd, sizeof(sequenceEnd));
    }
    return part10(body);
}

GrayImageSpec smallImage()
{
    GrayImageSpec spec;
    spec.rows = 64;
    spec.columns = 64;
    spec.bitsAllocated = 16;
    spec.bitsStored = 12;
    spec.highBit = 11;
    for (int i = 0; i < 64 * 64; ++i) spec.storedValues.push_back((i * 37) % 4096);
    spec.voiPresets = {VoiPreset::window(2048, 4096)};
    return spec;
}

bool modify(const QString& path, const QStringList& assignments)
{
    QStringList arguments{QStringLiteral("-nb"), QStringLiteral("-ie")};
    for (const QString& assignment : assignments) arguments << QStringLiteral("-i") << assignment;
    arguments << path;
    return QProcess::execute(QStringLiteral("dcmodify"), arguments) == 0;
}

/// Flips bytes in the middle third of a compressed file's pixel data.
QByteArray damaged(const QByteArray& file, unsigned seed)
{
    QByteArray bytes = file;
    std::mt19937 random(seed);
    const int start = int(bytes.size()) * 2 / 3;
    for (int i = 0; i < 40; ++i) {
        const int at = start + int(random() % unsigned(bytes.size() / 4));
        bytes[at] = char(random() & 0xFF);
    }
    return bytes;
}

}  // namespace

class TestBadInput : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    QString path(const QString& name) const { return m_work.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        const QString valid = path(QStringLiteral("valid.dcm"));
        writeGrayImage(valid.toStdString(), smallImage());
        const QByteArray validBytes = readAll(valid);
        QVERIFY(validBytes.size() > 8000);

        writeAll(path("empty_file.dcm"), QByteArray());
        writeAll(path("text_file.dcm"), QByteArray("This is a radiology report, not an image.\n"));
        std::mt19937 random(7);
        QByteArray noise(20000, 0);
        for (char& c : noise) c = char(random() & 0xFF);
        writeAll(path("random_bytes.dcm"), noise);
        writeAll(path("cut_after_preamble.dcm"), validBytes.left(132));
        writeAll(path("cut_inside_meta_header.dcm"), validBytes.left(150));
        writeAll(path("cut_inside_pixel_data.dcm"), validBytes.left(validBytes.size() * 6 / 10));
        writeAll(path("deep_nesting_300000_levels.dcm"), nestedSequences(300000));

        QByteArray hugeLength = part10(explicitElement(0x0008, 0x0016, "UI", QByteArray("1.2.3\0", 6)));
        hugeLength += QByteArray(
            "\x10\x00\x10\x00"
            "UT\0\0"
            "\xF0\xFF\xFF\xFF",
            12);  // UT, 4 GiB declared
        hugeLength += QByteArray(64, 'A');
        writeAll(path("element_length_past_end_of_file.dcm"), hugeLength);

        const QMap<QString, QStringList> header = {
            {QStringLiteral("rows_larger_than_pixel_data.dcm"), {QStringLiteral("(0028,0010)=4000")}},
            {QStringLiteral("high_bit_equals_bits_allocated.dcm"), {QStringLiteral("(0028,0102)=16")}},
            {QStringLiteral("bits_stored_above_bits_allocated.dcm"), {QStringLiteral("(0028,0101)=17")}},
            {QStringLiteral("bits_allocated_12.dcm"), {QStringLiteral("(0028,0100)=12")}},
            {QStringLiteral("rows_zero.dcm"), {QStringLiteral("(0028,0010)=0")}},
            {QStringLiteral("two_samples_per_pixel.dcm"), {QStringLiteral("(0028,0002)=2")}},
            {QStringLiteral("photometric_hsv.dcm"), {QStringLiteral("(0028,0004)=HSV")}},
            {QStringLiteral("rgb_with_one_sample.dcm"), {QStringLiteral("(0028,0004)=RGB")}},
            {QStringLiteral("two_billion_frames_of_65535_squared.dcm"),
             {QStringLiteral("(0028,0010)=65535"), QStringLiteral("(0028,0011)=65535"),
              QStringLiteral("(0028,0008)=2000000000")}},
            {QStringLiteral("negative_frame_count.dcm"), {QStringLiteral("(0028,0008)=-5")}},
        };
        for (auto it = header.begin(); it != header.end(); ++it) {
            QVERIFY(QFile::copy(valid, path(it.key())));
            QVERIFY2(modify(path(it.key()), it.value()), qPrintable(it.key()));
        }

        const QMap<QString, TransferSyntax> codecs = {
            {QStringLiteral("damaged_jpeg_lossless.dcm"), TransferSyntax::JpegLossless},
            {QStringLiteral("damaged_jpeg_ls.dcm"), TransferSyntax::JpegLsLossless},
            {QStringLiteral("damaged_rle.dcm"), TransferSyntax::Rle},
            {QStringLiteral("damaged_deflate.dcm"), TransferSyntax::Deflated},
        };
        unsigned seed = 1;
        for (auto it = codecs.begin(); it != codecs.end(); ++it) {
            const QString clean = path(QStringLiteral("clean_") + it.key());
            writeGrayImage(clean.toStdString(), smallImage(), it.value());
            writeAll(path(it.key()), damaged(readAll(clean), seed++));
        }
        const QString j2k = QStringLiteral(PULMO_PYDICOM_TEST_FILES "/MR_small_jp2klossless.dcm");
        writeAll(path("damaged_jpeg2000.dcm"), damaged(readAll(j2k), 99));
    }

    void refusedWithClearError_data()
    {
        using Kind = DicomError::Kind;
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("mayDecode");  // damaged compressed data may still decode to garbage
        QTest::addColumn<int>("kind");        // the error kind the application words; -1: any
        const QList<QPair<const char*, Kind>> refused = {
            {"empty_file.dcm", Kind::EmptyFile},
            {"text_file.dcm", Kind::NotDicom},
            {"random_bytes.dcm", Kind::NotDicom},
            // A file that says "DICM" is a broken DICOM file, not some other file.
            {"cut_after_preamble.dcm", Kind::Truncated},
            {"cut_inside_meta_header.dcm", Kind::Truncated},
            {"cut_inside_pixel_data.dcm", Kind::Truncated},
            {"deep_nesting_300000_levels.dcm", Kind::TooManySequenceItems},
            {"element_length_past_end_of_file.dcm", Kind::Truncated},
            {"rows_larger_than_pixel_data.dcm", Kind::TruncatedPixelData},
            {"high_bit_equals_bits_allocated.dcm", Kind::InvalidHeaderValue},
            {"bits_stored_above_bits_allocated.dcm", Kind::InvalidHeaderValue},
            {"bits_allocated_12.dcm", Kind::UnsupportedHeaderValue},
            {"rows_zero.dcm", Kind::InvalidHeaderValue},
            {"two_samples_per_pixel.dcm", Kind::UnsupportedHeaderValue},
            {"photometric_hsv.dcm", Kind::UnsupportedHeaderValue},
            {"rgb_with_one_sample.dcm", Kind::InvalidHeaderValue},
            {"two_billion_frames_of_65535_squared.dcm", Kind::ImageTooLarge},
            {"negative_frame_count.dcm", Kind::InvalidHeaderValue},
            {"no_such_file.dcm", Kind::FileNotFound}};
        for (const auto& [name, kind] : refused) QTest::newRow(name) << QString::fromLatin1(name) << false << int(kind);
        for (const char* name : {"damaged_jpeg_lossless.dcm", "damaged_jpeg_ls.dcm", "damaged_rle.dcm",
                                 "damaged_deflate.dcm", "damaged_jpeg2000.dcm"})
            QTest::newRow(name) << QString::fromLatin1(name) << true << -1;
        QTest::newRow("a_folder") << QString() << false << int(Kind::IsFolder);
    }

    void refusedWithClearError()
    {
        QFETCH(QString, file);
        QFETCH(bool, mayDecode);
        QFETCH(int, kind);
        const QString target = file.isEmpty() ? m_work.path() : path(file);
        bool refused = false;
        try {
            const auto image = loadImage(target.toStdString());
            QVERIFY2(mayDecode, "a defective file was accepted");
            QVERIFY(image->width() > 0 && image->height() > 0);
        } catch (const DicomError& error) {
            refused = true;
            QVERIFY2(QString::fromStdString(error.what()).startsWith(target + QStringLiteral(": ")), error.what());
            QVERIFY(error.reason().size() > 5);
            if (kind >= 0)
                QVERIFY2(int(error.kind()) == kind, qPrintable(QStringLiteral("kind %1 (%2), expected %3")
                                                                   .arg(int(error.kind()))
                                                                   .arg(QLatin1String(toString(error.kind())))
                                                                   .arg(kind)));
            QCOMPARE(QString::fromStdString(error.filePath()), target);
            qInfo("%s", error.what());
        }

        QProcess cli;
        cli.start(QStringLiteral(PULMO_CLI_PATH),
                  {QStringLiteral("render"), target, QStringLiteral("-o"), path(QStringLiteral("out.png"))});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);  // a crash is a failure, whatever the file
        if (refused) {
            QCOMPARE(cli.exitCode(), 1);
            const QString error = QString::fromUtf8(cli.readAllStandardError());
            QCOMPARE(error.count(QLatin1Char('\n')), 1);
            QVERIFY2(error.contains(target), qPrintable(error));
        }
    }

    // Text no converter can read, or read without a declared character set: the file is still read,
    // its text valid UTF-8. Undeclared 8-bit text is UTF-8 when valid, else Latin-1 (as pydicom);
    // a declared set that cannot convert keeps the bytes, each invalid one as U+FFFD.
    void textNoConverterReads_isKeptAsValidUtf8_data()
    {
        QTest::addColumn<QString>("characterSet");  // empty: the element is removed
        QTest::addColumn<QByteArray>("nameBytes");
        QTest::addColumn<QString>("expected");
        const QString aeneas = QStringLiteral("Äneas^Rüdiger");
        const QByteArray latin1 = aeneas.toLatin1();
        const QString replaced = QStringLiteral("\uFFFDneas^R\uFFFDdiger");
        QTest::newRow("undeclared_latin1") << QString() << latin1 << aeneas;
        QTest::newRow("undeclared_utf8") << QString() << aeneas.toUtf8() << aeneas;
        QTest::newRow("unknown_term_ISO_IR_999") << QStringLiteral("ISO_IR 999") << latin1 << replaced;
        QTest::newRow("utf8_declared_latin1_bytes") << QStringLiteral("ISO_IR 192") << latin1 << replaced;
        QTest::newRow("iso2022_ir87_broken_escape")
            << QStringLiteral("\\ISO 2022 IR 87") << QByteArray("Yamada=\x1B$B;\xFF") << QString();
    }

    void textNoConverterReads_isKeptAsValidUtf8()
    {
        QFETCH(QString, characterSet);
        QFETCH(QByteArray, nameBytes);
        QFETCH(QString, expected);
        const QString file = path(QStringLiteral("charset-%1.dcm").arg(QTest::currentDataTag()));
        GrayImageSpec spec = smallImage();
        writeGrayImage(file.toStdString(), spec);
        const QString value = path(QStringLiteral("name-%1.bin").arg(QTest::currentDataTag()));
        if (nameBytes.size() % 2) nameBytes += ' ';  // DICOM pads values to even length
        writeAll(value, nameBytes);
        QStringList arguments{QStringLiteral("-nb"), QStringLiteral("-mf"), QStringLiteral("PatientName=") + value};
        if (characterSet.isEmpty())
            arguments << QStringLiteral("-e") << QStringLiteral("SpecificCharacterSet");
        else
            arguments << QStringLiteral("-m") << QStringLiteral("SpecificCharacterSet=") + characterSet;
        QProcess dcmodify;
        dcmodify.start(QStringLiteral("dcmodify"), arguments << file);
        QVERIFY(dcmodify.waitForFinished(30000));
        QVERIFY2(dcmodify.exitCode() == 0, dcmodify.readAllStandardError().constData());

        const ImageInfo info = readImageInfo(file.toStdString());
        const QByteArray name = QByteArray::fromStdString(info.patientName);
        QVERIFY2(QString::fromUtf8(name).toUtf8() == name, name.toHex().constData());  // valid UTF-8
        if (!expected.isEmpty()) QCOMPARE(QString::fromUtf8(name), expected);
        QVERIFY(loadImage(file.toStdString()) != nullptr);  // and the image still decodes
    }

    void deepButBoundedNesting_isParsedWithoutOverflowingTheStack()
    {
        // 100,000 levels overflowed DCMTK's recursion on an 8 MB stack before the parser guard.
        const QString file = path(QStringLiteral("deep_nesting_100000_levels.dcm"));
        writeAll(file, nestedSequences(100000));
        const ImageInfo info = readImageInfo(file.toStdString());
        QCOMPARE(QString::fromStdString(info.sopClassUid), QStringLiteral("1.2.840.10008.5.1.4.1.1.7"));
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
