// The AI result as a TID 1500 Structured Report (issue 16 items 1, 3, 4): the SR and the reader's
// verified SR are written from a phantom radiograph and checked by independent tools (dicom3tools'
// dciodvfy and dcentvfy, PixelMed's SR validator, DCMTK's dsrdump, pydicom), read back by
// readAiResultSr field by field, and their UIDs are the name-based ones Python's uuid module
// computes. Every tool must be installed: a missing one fails the test.

#include "dicom/DicomError.h"
#include "dicom/DicomWriter.h"
#include "phantom/ChestPhantom.h"
#include "results/AiResultSr.h"
#include "results/ResultUids.h"
#include "support/ProcessRun.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace pulmo;
using namespace pulmo::results;

namespace {

const std::string kSha = "3f7a1c0e9b2d4f6a8c1e3b5d7f9a0c2e4b6d8f1a3c5e7b9d0f2a4c6e8b1d3f5a";

QString tool(const char* name)
{
    const QString path = QStandardPaths::findExecutable(QString::fromLatin1(name));
    if (path.isEmpty()) qFatal("%s is not installed (dicom3tools, dcmtk)", name);
    return path;
}

QString python()
{
    return QStringLiteral(PULMO_SYSTEM_PYTHON);
}

AiResult sampleResult(Finding finding, double probability)
{
    AiResult result;
    result.algorithm.name = "pulmo-resnet18";
    result.algorithm.version = "1.2.0";
    result.algorithm.sha256 = kSha;
    result.algorithm.clinicalUse = false;
    result.algorithm.threshold = 0.7;
    result.producer.softwareVersion = "0.1.0";
    result.producer.institutionName = "Test Hospital";
    result.producer.stationName = "ws01";
    result.probability = probability;
    result.finding = finding;
    result.contentDateTime = "20261201181500";
    return result;
}

/// Lines of `output` that start with `prefix` (dciodvfy's "Error"/"Warning" lines).
QStringList linesStartingWith(const QByteArray& output, const QString& prefix)
{
    QStringList lines;
    for (const QString& line : QString::fromUtf8(output).split(QLatin1Char('\n')))
        if (line.startsWith(prefix)) lines << line;
    return lines;
}

/// The validators on one SR; each failure names the tool and what it said.
void validate(const QString& radiograph, const QString& sr)
{
    const test::Run iod = test::run(tool("dciodvfy"), {sr});
    QVERIFY2(iod.exitCode >= 0, "dciodvfy did not finish");
    const QByteArray iodOutput = iod.out + iod.err;
    QVERIFY2(linesStartingWith(iodOutput, QStringLiteral("Error")).isEmpty(), iodOutput.constData());
    // dciodvfy says which IOD it checked: a Comprehensive 3D SR.
    QVERIFY2(iodOutput.contains("Comprehensive3DSR") || iodOutput.contains("Comprehensive 3D SR"),
             iodOutput.constData());

    const QString java = tool("java");
    const test::Run pixelmed = test::run(
        java,
        {QStringLiteral("-Djdk.xml.xpathExprOpLimit=0"), QStringLiteral("-Djdk.xml.xpathExprGrpLimit=0"),
         QStringLiteral("-Djdk.xml.xpathTotalOpLimit=0"), QStringLiteral("-cp"),
         QStringLiteral("/usr/share/java/pixelmed.jar"), QStringLiteral("com.pixelmed.validate.DicomSRValidator"), sr});
    QVERIFY2(pixelmed.exitCode >= 0, "PixelMed's DicomSRValidator did not finish");
    const QByteArray srOutput = pixelmed.out + pixelmed.err;
    // It ends a good file's report with "Found Root Template TID_1500" and "IOD validation complete";
    // errors are lines starting with "Error".
    QVERIFY2(linesStartingWith(srOutput, QStringLiteral("Error")).isEmpty(), srOutput.constData());
    QVERIFY2(srOutput.contains("Found Root Template TID_1500"), srOutput.constData());
    QVERIFY2(!srOutput.contains("Exception"), srOutput.constData());

    const test::Run entities = test::run(tool("dcentvfy"), {radiograph, sr});
    QVERIFY2(entities.exitCode == 0, (entities.out + entities.err).constData());
    QVERIFY2(linesStartingWith(entities.out + entities.err, QStringLiteral("Error")).isEmpty(),
             (entities.out + entities.err).constData());
}

/// pydicom's reading of an SR: "key=value" lines.
QMap<QString, QString> pydicomSays(const QString& sr)
{
    static const char* const script = R"(
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
def walk(items):
    for item in items:
        yield item
        yield from walk(getattr(item, 'ContentSequence', []))
print('SOPClassUID=' + ds.SOPClassUID)
print('SOPInstanceUID=' + ds.SOPInstanceUID)
print('SeriesInstanceUID=' + ds.SeriesInstanceUID)
print('StudyInstanceUID=' + ds.StudyInstanceUID)
print('PatientName=' + str(ds.PatientName))
print('CharacterSet=' + str(ds.get('SpecificCharacterSet', '')))
print('Completion=' + ds.CompletionFlag)
print('Verification=' + ds.VerificationFlag)
for item in walk(ds.ContentSequence):
    if 'ConceptNameCodeSequence' not in item:
        continue
    name = item.ConceptNameCodeSequence[0]
    if item.ValueType == 'NUM' and name.CodeValue == '122157':
        value = item.MeasuredValueSequence[0]
        print('ProbabilityFD=' + repr(float(value.FloatingPointValue)))
        print('ProbabilityDS=' + str(value.NumericValue))
        print('Units=' + value.MeasurementUnitsCodeSequence[0].CodeValue)
    if item.ValueType == 'CODE' and name.CodeValue == '233604007':
        print('Finding=' + item.ConceptCodeSequence[0].CodeValue)
    if item.ValueType == 'IMAGE' and name.CodeValue == '130401':
        print('Heatmap=' + item.ReferencedSOPSequence[0].ReferencedSOPInstanceUID)
)";
    const test::Run read = test::run(python(), {QStringLiteral("-c"), QString::fromLatin1(script), sr});
    QMap<QString, QString> values;
    if (read.exitCode != 0) {
        values.insert(QStringLiteral("error"), QString::fromUtf8(read.err));
        return values;
    }
    for (const QString& line : QString::fromUtf8(read.out).split(QLatin1Char('\n'))) {
        const int equals = line.indexOf(QLatin1Char('='));
        if (equals > 0) values.insert(line.left(equals), line.mid(equals + 1));
    }
    return values;
}

QString findingCode(Finding finding)
{
    switch (finding) {
        case Finding::Present:
            return QStringLiteral("52101004");
        case Finding::Absent:
            return QStringLiteral("272519000");
        case Finding::Indeterminate:
            return QStringLiteral("82334004");
    }
    return {};
}

void expectDicomError(const std::function<void()>& call, const std::string& path, const char* what)
{
    try {
        call();
    } catch (const dicom::DicomError& error) {
        QVERIFY2(std::string(error.what()).find(path) != std::string::npos, error.what());
        return;
    }
    QFAIL(what);
}

}  // namespace

class TestResultSr : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_folder;
    QString m_radiograph;
    std::string m_sourceUid;
    std::string m_sourceClass;

    QString path(const QString& name) const { return m_folder.filePath(name); }

    QString writeRadiograph(const QString& name, const std::string& patientName)
    {
        phantom::ChestPhantomOptions options;
        options.size = 256;
        options.patientName = patientName;
        options.patientId = "SR-TEST-1";
        phantom::ChestPhantom chest = phantom::makeChestPhantom(options);
        chest.spec.studyDescription = "Chest PA";
        // The Image Library entry copies the phantom's Anatomic Region, DICOM's "Chest" (CID 4031,
        // SCT 51185008): PixelMed rejects any other code there.
        const QString file = path(name);
        dicom::writeGrayImage(file.toStdString(), chest.spec);
        return file;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_folder.isValid());
        if (qEnvironmentVariableIsSet("PULMO_KEEP_TEST_FILES")) m_folder.setAutoRemove(false);
        m_radiograph = writeRadiograph(QStringLiteral("radiograph.dcm"), "PHANTOM^CHEST");
        const test::Run uid =
            test::run(python(), {QStringLiteral("-c"),
                                 QStringLiteral("import sys, pydicom; d = pydicom.dcmread(sys.argv[1]); "
                                                "print(d.SOPInstanceUID); print(d.SOPClassUID)"),
                                 m_radiograph});
        QCOMPARE(uid.exitCode, 0);
        const QStringList lines = QString::fromUtf8(uid.out).split(QLatin1Char('\n'));
        m_sourceUid = lines.value(0).toStdString();
        m_sourceClass = lines.value(1).toStdString();
        QVERIFY(!m_sourceUid.empty());
        qInfo("test files in %s", qPrintable(m_folder.path()));
    }

    void resultUidsAreNameBasedUuidsUnder225()
    {
        const std::string a = resultUid(m_sourceUid, kSha, UidKind::Report);
        QCOMPARE(a, resultUid(m_sourceUid, kSha, UidKind::Report));
        const QRegularExpression syntax(QStringLiteral("^2\\.25\\.(0|[1-9][0-9]*)$"));
        QSet<QString> all;
        const UidKind kinds[] = {UidKind::ReportSeries,         UidKind::Report,
                                 UidKind::CaptureSeries,        UidKind::Capture,
                                 UidKind::VerifiedReportSeries, UidKind::VerifiedReport};
        for (const std::string& source : {m_sourceUid, m_sourceUid + "1", std::string("1.2.3")})
            for (const std::string& sha : {kSha, std::string(64, '0')})
                for (UidKind kind : kinds)
                    for (const std::string& discriminator : {std::string(), std::string("17")}) {
                        const std::string uid = resultUid(source, sha, kind, discriminator);
                        QVERIFY2(uid.size() <= 64, uid.c_str());
                        QVERIFY2(syntax.match(QString::fromStdString(uid)).hasMatch(), uid.c_str());
                        all.insert(QString::fromStdString(uid));
                    }
        QCOMPARE(all.size(), 3 * 2 * 6 * 2);  // any input differs: the UID differs
        // A separator inside a value cannot make two inputs one name.
        QVERIFY(resultUid("1.2", "3", UidKind::Report) != resultUid("1.", "23", UidKind::Report));
        QVERIFY(deviceUid(kSha) != deviceUid(std::string(64, '0')));
        QVERIFY(syntax.match(QString::fromStdString(deviceUid(kSha))).hasMatch());

        // Python's uuid module as the oracle of RFC 4122 version 5 and of the decimal form.
        const std::string name = resultUidName(m_sourceUid, kSha, UidKind::Capture, "42");
        const test::Run oracle = test::run(
            python(), {QStringLiteral("-c"),
                       QStringLiteral("import sys, uuid; u = uuid.uuid5(uuid.UUID(sys.argv[1]), sys.argv[2]); "
                                      "assert u.version == 5; print('2.25.%d' % u.int)"),
                       QString::fromStdString(resultUidNamespace()), QString::fromStdString(name)});
        QCOMPARE(oracle.exitCode, 0);
        QCOMPARE(QString::fromUtf8(oracle.out).trimmed().toStdString(),
                 resultUid(m_sourceUid, kSha, UidKind::Capture, "42"));
    }

    void aiSrIsValidAndReadsBack_data()
    {
        QTest::addColumn<int>("finding");
        QTest::addColumn<double>("probability");
        // Probabilities with 17 significant digits: more than a Decimal String holds.
        QTest::newRow("present") << int(Finding::Present) << 0.91370123456789012;
        QTest::newRow("absent") << int(Finding::Absent) << 0.012345678901234567;
        QTest::newRow("indeterminate") << int(Finding::Indeterminate) << 0.55555555555555558;
        QTest::newRow("zero") << int(Finding::Absent) << 0.0;
        QTest::newRow("one") << int(Finding::Present) << 1.0;
    }

    void aiSrIsValidAndReadsBack()
    {
        QFETCH(int, finding);
        QFETCH(double, probability);
        const AiResult result = sampleResult(Finding(finding), probability);
        const QString sr = path(QStringLiteral("ai-%1.dcm").arg(QString::fromLatin1(QTest::currentDataTag())));
        writeAiResultSr(m_radiograph.toStdString(), result, sr.toStdString());
        validate(m_radiograph, sr);
        if (QTest::currentTestFailed()) return;

        const test::Run dump = test::run(tool("dsrdump"), {QStringLiteral("+Pc"), QStringLiteral("+Pl"), sr});
        QCOMPARE(dump.exitCode, 0);
        const QString tree = QString::fromUtf8(dump.out);
        for (const QString& concept :
             {QStringLiteral("233604007"), QStringLiteral("39607008"), findingCode(Finding(finding)),
              QStringLiteral("130401"), QStringLiteral("122157"), QStringLiteral("111001"), QStringLiteral("111003"),
              QStringLiteral("363679005"), QStringLiteral("Not for clinical use")})
            QVERIFY2(tree.contains(concept), qPrintable(concept + QStringLiteral(" missing in\n") + tree));
        for (Finding other : {Finding::Present, Finding::Absent, Finding::Indeterminate})
            if (int(other) != finding) QVERIFY2(!tree.contains(findingCode(other)), qPrintable(tree));
        QVERIFY2(tree.contains(QStringLiteral("Measurement Report")), qPrintable(tree));

        const ResultObjectUids uids = resultObjectUids(m_sourceUid, kSha);
        const QMap<QString, QString> py = pydicomSays(sr);
        QVERIFY2(!py.contains(QStringLiteral("error")), qPrintable(py.value(QStringLiteral("error"))));
        QCOMPARE(py.value(QStringLiteral("SOPClassUID")), QStringLiteral("1.2.840.10008.5.1.4.1.1.88.34"));
        QCOMPARE(py.value(QStringLiteral("SOPInstanceUID")).toStdString(), uids.report);
        QCOMPARE(py.value(QStringLiteral("SeriesInstanceUID")).toStdString(), uids.reportSeries);
        QCOMPARE(py.value(QStringLiteral("Heatmap")).toStdString(), uids.capture);
        QCOMPARE(py.value(QStringLiteral("Finding")), findingCode(Finding(finding)));
        QCOMPARE(py.value(QStringLiteral("Completion")), QStringLiteral("PARTIAL"));
        QCOMPARE(py.value(QStringLiteral("Verification")), QStringLiteral("UNVERIFIED"));
        QCOMPARE(py.value(QStringLiteral("Units")), QStringLiteral("1"));
        // Python's repr is the shortest text that reads back as the same double.
        bool ok = false;
        const double pythonValue = py.value(QStringLiteral("ProbabilityFD")).toDouble(&ok);
        QVERIFY(ok);
        QVERIFY2(pythonValue == probability, qPrintable(py.value(QStringLiteral("ProbabilityFD"))));
        QVERIFY(py.value(QStringLiteral("ProbabilityDS")).size() <= 16);

        const std::optional<StoredResult> stored = readAiResultSr(sr.toStdString());
        QVERIFY(stored.has_value());
        QCOMPARE(stored->filePath, sr.toStdString());
        QCOMPARE(stored->sopInstanceUid, uids.report);
        QCOMPARE(stored->seriesInstanceUid, uids.reportSeries);
        QCOMPARE(stored->studyInstanceUid, py.value(QStringLiteral("StudyInstanceUID")).toStdString());
        QCOMPARE(stored->sourceSopInstanceUid, m_sourceUid);
        QCOMPARE(stored->sourceSopClassUid, m_sourceClass);
        QVERIFY(std::memcmp(&stored->result.probability, &probability, sizeof probability) == 0);  // bit-exact
        QCOMPARE(int(stored->result.finding), finding);
        QCOMPARE(stored->result.algorithm.name, result.algorithm.name);
        QCOMPARE(stored->result.algorithm.version, result.algorithm.version);
        QCOMPARE(stored->result.algorithm.sha256, result.algorithm.sha256);
        QCOMPARE(stored->result.algorithm.clinicalUse, false);
        QCOMPARE(stored->result.algorithm.threshold, result.algorithm.threshold);
        QCOMPARE(stored->result.producer.manufacturer, result.producer.manufacturer);
        QCOMPARE(stored->result.producer.softwareVersion, result.producer.softwareVersion);
        QCOMPARE(stored->result.producer.institutionName, result.producer.institutionName);
        QCOMPARE(stored->result.producer.stationName, result.producer.stationName);
        QCOMPARE(stored->result.contentDateTime, result.contentDateTime);
        QCOMPARE(stored->verified, false);
    }

    void sameInputsMakeTheSameObjects()
    {
        const AiResult result = sampleResult(Finding::Present, 0.8);
        const QString first = path(QStringLiteral("again-1.dcm"));
        const QString second = path(QStringLiteral("again-2.dcm"));
        writeAiResultSr(m_radiograph.toStdString(), result, first.toStdString());
        writeAiResultSr(m_radiograph.toStdString(), result, second.toStdString());
        const QMap<QString, QString> a = pydicomSays(first);
        const QMap<QString, QString> b = pydicomSays(second);
        QVERIFY(!a.value(QStringLiteral("SOPInstanceUID")).isEmpty());
        for (const QString& key : {QStringLiteral("SOPInstanceUID"), QStringLiteral("SeriesInstanceUID"),
                                   QStringLiteral("StudyInstanceUID"), QStringLiteral("Heatmap")})
            QCOMPARE(a.value(key).toUtf8(), b.value(key).toUtf8());
        // Another model: other objects.
        AiResult other = result;
        other.algorithm.sha256 = std::string(64, 'a');
        const QString third = path(QStringLiteral("again-3.dcm"));
        writeAiResultSr(m_radiograph.toStdString(), other, third.toStdString());
        QVERIFY(pydicomSays(third).value(QStringLiteral("SOPInstanceUID")) !=
                a.value(QStringLiteral("SOPInstanceUID")));
    }

    void verifiedSrNamesTheReaderAndItsPredecessor()
    {
        const AiResult result = sampleResult(Finding::Present, 0.83);
        const ResultObjectUids uids = resultObjectUids(m_sourceUid, kSha);
        ReaderVerification reader;
        reader.observerName = "Reader^Rita";
        reader.observerOrganisation = "Test Hospital Radiology";
        reader.dateTime = "20261201183000";
        reader.readerFinding = Finding::Absent;  // the reader disagrees
        reader.verdictId = "4711";
        reader.predecessorSeriesUid = uids.reportSeries;
        reader.predecessorSopInstanceUid = uids.report;
        const QString sr = path(QStringLiteral("verified.dcm"));
        writeVerifiedSr(m_radiograph.toStdString(), result, reader, sr.toStdString());
        validate(m_radiograph, sr);
        if (QTest::currentTestFailed()) return;

        const QMap<QString, QString> py = pydicomSays(sr);
        QCOMPARE(py.value(QStringLiteral("SOPInstanceUID")).toStdString(),
                 resultUid(m_sourceUid, kSha, UidKind::VerifiedReport, "4711"));
        QCOMPARE(py.value(QStringLiteral("SeriesInstanceUID")).toStdString(),
                 resultUid(m_sourceUid, kSha, UidKind::VerifiedReportSeries, "4711"));
        QCOMPARE(py.value(QStringLiteral("Verification")), QStringLiteral("VERIFIED"));
        QCOMPARE(py.value(QStringLiteral("Completion")), QStringLiteral("COMPLETE"));
        QCOMPARE(py.value(QStringLiteral("Finding")), findingCode(Finding::Absent));

        const std::optional<StoredResult> stored = readAiResultSr(sr.toStdString());
        QVERIFY(stored.has_value());
        QVERIFY(stored->verified);
        QCOMPARE(stored->reader.observerName, reader.observerName);
        QCOMPARE(stored->reader.observerOrganisation, reader.observerOrganisation);
        QCOMPARE(stored->reader.dateTime, reader.dateTime);
        QCOMPARE(int(stored->reader.readerFinding), int(Finding::Absent));
        QCOMPARE(stored->reader.predecessorSeriesUid, uids.reportSeries);
        QCOMPARE(stored->reader.predecessorSopInstanceUid, uids.report);
        QCOMPARE(stored->result.probability, 0.83);
        QCOMPARE(stored->sourceSopInstanceUid, m_sourceUid);

        // Another verdict: another SR.
        reader.verdictId = "4712";
        const QString again = path(QStringLiteral("verified-2.dcm"));
        writeVerifiedSr(m_radiograph.toStdString(), result, reader, again.toStdString());
        QVERIFY(pydicomSays(again).value(QStringLiteral("SOPInstanceUID")) !=
                py.value(QStringLiteral("SOPInstanceUID")));
    }

    void nonAsciiNamesAreUtf8()
    {
        const QString radiograph = writeRadiograph(QStringLiteral("mueller.dcm"), "Müller^Jürgen");
        AiResult result = sampleResult(Finding::Indeterminate, 0.61);
        result.producer.institutionName = "Hôpital Saint-Éloi";
        const QString sr = path(QStringLiteral("mueller-sr.dcm"));
        writeAiResultSr(radiograph.toStdString(), result, sr.toStdString());
        validate(radiograph, sr);
        if (QTest::currentTestFailed()) return;
        const QMap<QString, QString> py = pydicomSays(sr);
        QCOMPARE(py.value(QStringLiteral("PatientName")), QStringLiteral("Müller^Jürgen"));
        QCOMPARE(py.value(QStringLiteral("CharacterSet")), QStringLiteral("ISO_IR 192"));
        const std::optional<StoredResult> stored = readAiResultSr(sr.toStdString());
        QVERIFY(stored.has_value());
        QCOMPARE(stored->result.producer.institutionName, result.producer.institutionName);

        ReaderVerification reader;
        reader.observerName = "Öztürk^Ayşe";
        reader.observerOrganisation = "Radiologie Zürich";
        reader.dateTime = "20261201190000";
        reader.readerFinding = Finding::Present;
        reader.verdictId = "9";
        const QString verified = path(QStringLiteral("mueller-verified.dcm"));
        writeVerifiedSr(radiograph.toStdString(), result, reader, verified.toStdString());
        validate(radiograph, verified);
        const std::optional<StoredResult> signedOff = readAiResultSr(verified.toStdString());
        QVERIFY(signedOff.has_value());
        QCOMPARE(signedOff->reader.observerName, reader.observerName);
        QCOMPARE(signedOff->reader.observerOrganisation, reader.observerOrganisation);
    }

    void japaneseSourceGetsAUtf8Sr()
    {
        // ISO 2022 IR 87 (JIS X 0208 kanji and kana): DCMTK's own conversion cannot read it on Debian
        // (glibc's iconv has no JIS X 0208 alone), and such a patient's radiograph once got no SR.
        const QString japanese = path(QStringLiteral("japanese.dcm"));
        const test::Run make = test::run(python(), {QStringLiteral("-c"), QStringLiteral(R"(
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
ds.SpecificCharacterSet = ['', 'ISO 2022 IR 87']
ds.PatientName = 'Yamada^Tarou=山田^太郎=やまだ^たろう'
ds.save_as(sys.argv[2])
assert b'\x1b$B' in open(sys.argv[2], 'rb').read()
)"),
                                                    m_radiograph, japanese});
        QVERIFY2(make.exitCode == 0, make.err.constData());
        const QString sr = path(QStringLiteral("japanese-sr.dcm"));
        writeAiResultSr(japanese.toStdString(), sampleResult(Finding::Present, 0.9), sr.toStdString());
        const QMap<QString, QString> py = pydicomSays(sr);
        QCOMPARE(py.value(QStringLiteral("PatientName")), QStringLiteral("Yamada^Tarou=山田^太郎=やまだ^たろう"));
        QCOMPARE(py.value(QStringLiteral("CharacterSet")), QStringLiteral("ISO_IR 192"));
        QVERIFY(readAiResultSr(sr.toStdString()).has_value());
    }

    void latin1SourceKeepsItsCharacterSet()
    {
        // A radiograph in ISO_IR 100 (Latin-1), made by pydicom: the SR says the same in the same
        // character set (dcentvfy compares bytes); a reader's name outside Latin-1 makes it UTF-8.
        const QString latin1 = path(QStringLiteral("latin1.dcm"));
        const test::Run make = test::run(python(), {QStringLiteral("-c"), QStringLiteral(R"(
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
ds.SpecificCharacterSet = 'ISO_IR 100'
ds.PatientName = 'Gößling^Renée'
ds.StudyDescription = 'Thorax p.a. stehend, Übersicht'
ds.save_as(sys.argv[2])
raw = open(sys.argv[2], 'rb').read()
assert 'Gößling'.encode('latin-1') in raw
)"),
                                                    m_radiograph, latin1});
        QVERIFY2(make.exitCode == 0, make.err.constData());
        const QString sr = path(QStringLiteral("latin1-sr.dcm"));
        AiResult result = sampleResult(Finding::Absent, 0.2);
        result.producer.institutionName = "Klinik Süd";
        writeAiResultSr(latin1.toStdString(), result, sr.toStdString());
        validate(latin1, sr);
        if (QTest::currentTestFailed()) return;
        const QMap<QString, QString> py = pydicomSays(sr);
        QCOMPARE(py.value(QStringLiteral("PatientName")), QStringLiteral("Gößling^Renée"));
        QCOMPARE(py.value(QStringLiteral("CharacterSet")), QStringLiteral("ISO_IR 100"));
        QCOMPARE(readAiResultSr(sr.toStdString())->result.producer.institutionName, std::string("Klinik Süd"));

        ReaderVerification reader;
        reader.observerName = "Öztürk^Ayşe";  // ş is not in Latin-1
        reader.observerOrganisation = "Radiologie";
        reader.dateTime = "20261201190000";
        reader.readerFinding = Finding::Absent;
        reader.verdictId = "77";
        const QString verified = path(QStringLiteral("latin1-verified.dcm"));
        writeVerifiedSr(latin1.toStdString(), sampleResult(Finding::Absent, 0.2), reader, verified.toStdString());
        const QMap<QString, QString> signedOff = pydicomSays(verified);
        QCOMPARE(signedOff.value(QStringLiteral("CharacterSet")), QStringLiteral("ISO_IR 192"));
        QCOMPARE(signedOff.value(QStringLiteral("PatientName")), QStringLiteral("Gößling^Renée"));
        QCOMPARE(readAiResultSr(verified.toStdString())->reader.observerName, reader.observerName);
        const test::Run iod = test::run(tool("dciodvfy"), {verified});
        QVERIFY2(linesStartingWith(iod.out + iod.err, QStringLiteral("Error")).isEmpty(),
                 (iod.out + iod.err).constData());
    }

    void writingAndReadingAFullSizeRadiographIsQuick()
    {
        // A 2048 x 2048 radiograph (8 MiB of pixels): the SR reads its header, not its pixels.
        phantom::ChestPhantomOptions options;
        options.size = 2048;
        const QString large = path(QStringLiteral("large.dcm"));
        dicom::writeGrayImage(large.toStdString(), phantom::makeChestPhantom(options).spec);
        const QString sr = path(QStringLiteral("large-sr.dcm"));
        QElapsedTimer timer;
        timer.start();
        writeAiResultSr(large.toStdString(), sampleResult(Finding::Present, 0.75), sr.toStdString());
        const qint64 writeMs = timer.restart();
        const std::optional<StoredResult> stored = readAiResultSr(sr.toStdString());
        const qint64 readMs = timer.elapsed();
        QVERIFY(stored.has_value());
        qInfo("writeAiResultSr %lld ms, readAiResultSr %lld ms, SR %lld bytes", writeMs, readMs, QFileInfo(sr).size());
        QVERIFY2(writeMs < 2000, qPrintable(QString::number(writeMs)));
        QVERIFY2(readMs < 1000, qPrintable(QString::number(readMs)));
    }

    void readerIgnoresOtherFilesAndRefusesBrokenOnes()
    {
        QVERIFY(!readAiResultSr(m_radiograph.toStdString()).has_value());  // an image

        // Somebody else's TID 1500 report: ours with another device observer, made by pydicom.
        const QString ours = path(QStringLiteral("ours.dcm"));
        writeAiResultSr(m_radiograph.toStdString(), sampleResult(Finding::Present, 0.9), ours.toStdString());
        const QString theirs = path(QStringLiteral("theirs.dcm"));
        const test::Run edit = test::run(python(), {QStringLiteral("-c"), QStringLiteral(R"(
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
def walk(items):
    for item in items:
        yield item
        yield from walk(getattr(item, 'ContentSequence', []))
for item in walk(ds.ContentSequence):
    if 'ConceptNameCodeSequence' in item and item.ConceptNameCodeSequence[0].CodeValue == '121013':
        item.TextValue = 'Other AI'
ds.save_as(sys.argv[2])
)"),
                                                    ours, theirs});
        QVERIFY2(edit.exitCode == 0, edit.err.constData());
        QVERIFY(readAiResultSr(ours.toStdString()).has_value());
        QVERIFY(!readAiResultSr(theirs.toStdString()).has_value());

        const std::string missing = path(QStringLiteral("missing.dcm")).toStdString();
        expectDicomError([&] { readAiResultSr(missing); }, missing, "a missing file was read");
        const QString garbage = path(QStringLiteral("garbage.dcm"));
        QFile file(garbage);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("this is not DICOM at all, just text long enough to look at");
        file.close();
        expectDicomError([&] { readAiResultSr(garbage.toStdString()); }, garbage.toStdString(),
                         "a text file was read as DICOM");
    }

    void badInputGivesAnErrorAndNoFile()
    {
        const std::string source = m_radiograph.toStdString();
        const QString outFolder = path(QStringLiteral("bad"));
        QVERIFY(QDir().mkpath(outFolder));
        const std::string out = QDir(outFolder).filePath(QStringLiteral("sr.dcm")).toStdString();
        const AiResult good = sampleResult(Finding::Present, 0.9);

        const std::string missing = path(QStringLiteral("nope.dcm")).toStdString();
        expectDicomError([&] { writeAiResultSr(missing, good, out); }, missing, "a missing source was accepted");
        const std::string folder = m_folder.path().toStdString();
        expectDicomError([&] { writeAiResultSr(folder, good, out); }, folder, "a folder was accepted");
        const QString garbage = path(QStringLiteral("garbage-source.dcm"));
        QFile text(garbage);
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("plain text, not an image");
        text.close();
        expectDicomError([&] { writeAiResultSr(garbage.toStdString(), good, out); }, garbage.toStdString(),
                         "a text file was accepted as a radiograph");

        // An SR is not an image.
        const QString sr = path(QStringLiteral("an-sr.dcm"));
        writeAiResultSr(source, good, sr.toStdString());
        expectDicomError([&] { writeAiResultSr(sr.toStdString(), good, out); }, sr.toStdString(),
                         "an SR was accepted as a radiograph");
        // An image header without pixel data.
        const QString noPixels = path(QStringLiteral("no-pixels.dcm"));
        QVERIFY(QFile::copy(m_radiograph, noPixels));
        const test::Run strip = test::run(
            tool("dcmodify"), {QStringLiteral("-nb"), QStringLiteral("-ea"), QStringLiteral("(7fe0,0010)"), noPixels});
        QVERIFY2(strip.exitCode == 0, strip.err.constData());
        expectDicomError([&] { writeAiResultSr(noPixels.toStdString(), good, out); }, noPixels.toStdString(),
                         "an image without pixel data was accepted");

        for (double probability :
             {std::numeric_limits<double>::quiet_NaN(), -0.01, 1.01, std::numeric_limits<double>::infinity()}) {
            AiResult bad = good;
            bad.probability = probability;
            expectDicomError([&] { writeAiResultSr(source, bad, out); }, out, "a bad probability was accepted");
        }
        AiResult noHash = good;
        noHash.algorithm.sha256.clear();
        expectDicomError([&] { writeAiResultSr(source, noHash, out); }, out, "an empty model hash was accepted");
        QVERIFY(QDir(outFolder).entryList(QDir::Files | QDir::Hidden).isEmpty());

        // Unwritable: a folder that does not exist, and a "folder" that is a file (root, who runs
        // these tests in CI, may write into read-only folders).
        const std::string nowhere = path(QStringLiteral("no-such-folder/sr.dcm")).toStdString();
        expectDicomError([&] { writeAiResultSr(source, good, nowhere); }, nowhere, "an unwritable path was accepted");
        const std::string underFile = (m_radiograph + QStringLiteral("/sr.dcm")).toStdString();
        expectDicomError([&] { writeAiResultSr(source, good, underFile); }, underFile,
                         "a path below a file was accepted");
        // An existing output is replaced whole, and nothing else is left beside it.
        writeAiResultSr(source, good, out);
        QCOMPARE(QDir(outFolder).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("sr.dcm")});
        AiResult bad = good;
        bad.probability = 2.0;
        expectDicomError([&] { writeAiResultSr(source, bad, out); }, out, "a bad probability was accepted");
        QCOMPARE(QDir(outFolder).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("sr.dcm")});
        QVERIFY(readAiResultSr(out).has_value());
    }
};

QTEST_GUILESS_MAIN(TestResultSr)
#include "tst_resultsr.moc"
