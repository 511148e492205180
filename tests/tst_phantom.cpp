// `pulmo-cli phantom`: its files are valid DICOM by dicom3tools' dciodvfy (an independent
// validator) in every transfer syntax, MONOCHROME1 and 2, NORMAL and PNEUMONIA; the same seed gives
// the same pixels and ground truth; another seed gives other pixels; a patient's later studies keep
// the patient's identity with UIDs of their own.
#include "dicom/DecodedImage.h"
#include "dicom/DicomFile.h"
#include "dicom/ImageInfo.h"

#include <QtTest>

#include "support/ProcessRun.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace pulmo;

namespace {

using pulmo::test::Run;
using pulmo::test::run;

QList<QJsonObject> jsonLines(const QByteArray& out)
{
    QList<QJsonObject> lines;
    for (const QByteArray& line : out.trimmed().split('\n')) lines << QJsonDocument::fromJson(line).object();
    return lines;
}

std::vector<uint16_t> storedPixels(const QString& file)
{
    const auto image = dicom::loadImage(file.toStdString());
    return std::vector<uint16_t>(image->narrowFrame(0), image->narrowFrame(0) + image->pixelsPerFrame());
}

}  // namespace

class TestPhantom : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;

    QList<QJsonObject> makePhantoms(const QString& folder, const QStringList& extra)
    {
        const Run made =
            run(QStringLiteral(PULMO_CLI_PATH), QStringList{QStringLiteral("phantom"), QStringLiteral("--out"),
                                                            m_work.filePath(folder), QStringLiteral("--json")} +
                                                    extra);
        if (made.exitCode != 0) qWarning("%s", made.err.constData());
        return made.exitCode == 0 ? jsonLines(made.out) : QList<QJsonObject>{};
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_work.isValid()); }

    void phantom_passesDciodvfy_data()
    {
        QTest::addColumn<QString>("syntax");
        QTest::newRow("explicit little endian") << "explicit";
        QTest::newRow("JPEG-LS lossless") << "jpeg-ls";
        QTest::newRow("JPEG lossless") << "jpeg-lossless";
        QTest::newRow("RLE") << "rle";
    }

    void phantom_passesDciodvfy()
    {
        QFETCH(QString, syntax);
        const QString validator = QStandardPaths::findExecutable(QStringLiteral("dciodvfy"));
        if (validator.isEmpty()) QSKIP("dciodvfy (Debian package dicom3tools) is not installed");
        // Four images: two NORMAL and two PNEUMONIA, two of them MONOCHROME1.
        const QList<QJsonObject> written = makePhantoms(
            QStringLiteral("valid_") + syntax,
            {QStringLiteral("--patients"), QStringLiteral("4"), QStringLiteral("--seed"), QStringLiteral("3"),
             QStringLiteral("--size"), QStringLiteral("512"), QStringLiteral("--monochrome1-fraction"),
             QStringLiteral("0.5"), QStringLiteral("--transfer-syntax"), syntax});
        QCOMPARE(written.size(), 4);
        QSet<QString> seen;
        for (const QJsonObject& file : written) {
            seen << file.value("label").toString() << file.value("photometric_interpretation").toString();
            const Run verdict = run(validator, {file.value("file").toString()});
            QVERIFY2(verdict.exitCode >= 0, "dciodvfy did not finish");
            const QString report = QString::fromUtf8(verdict.out + verdict.err);
            for (const QString& line : report.split(QLatin1Char('\n')))
                QVERIFY2(!line.startsWith(QLatin1String("Error")),
                         qPrintable(file.value("file").toString() + ": " + line));
            QVERIFY2(report.contains(QLatin1String("DXImageForPresentation")), qPrintable(report));
        }
        for (const char* expected : {"NORMAL", "PNEUMONIA", "MONOCHROME1", "MONOCHROME2"})
            QVERIFY2(seen.contains(QLatin1String(expected)), expected);
    }

    void phantom_scannerProfilesAreWhatTheySay()
    {
        // A planted change of scanner for monitoring's tests: the profile's names and bit depth in
        // the header, values within that depth, still a valid DX image, and another look than a
        // standard system's for the same patient (same seed).
        const QString validator = QStandardPaths::findExecutable(QStringLiteral("dciodvfy"));
        QVERIFY2(!validator.isEmpty(), "dciodvfy (Debian package dicom3tools) is needed");
        const QStringList common{QStringLiteral("--patients"),
                                 QStringLiteral("2"),
                                 QStringLiteral("--seed"),
                                 QStringLiteral("5"),
                                 QStringLiteral("--size"),
                                 QStringLiteral("256"),
                                 QStringLiteral("--monochrome1-fraction"),
                                 QStringLiteral("0.5")};
        const QList<QJsonObject> standard =
            makePhantoms(QStringLiteral("profile_std"), common + QStringList{"--scanner", "dr-3543"});
        QCOMPARE(standard.size(), 2);
        struct Expected {
            const char* profile;
            const char* manufacturer;
            const char* station;
            int bits;
        };
        for (const Expected& expected :
             {Expected{"fis-vivid", "Future Imaging Systems (synthetic)", "SYNTH-NEW", 14},
              Expected{"old-cr", "Nowhere Medical Systems (synthetic)", "SYNTH-OLDCR", 10}}) {
            const QList<QJsonObject> written = makePhantoms(QStringLiteral("profile_") + expected.profile,
                                                            common + QStringList{"--scanner", expected.profile});
            QCOMPARE(written.size(), 2);
            for (int i = 0; i < 2; ++i) {
                const QString file = written[i].value("file").toString();
                const auto image = dicom::loadImage(file.toStdString());
                QCOMPARE(QString::fromStdString(image->info().manufacturer),
                         QString::fromLatin1(expected.manufacturer));
                QCOMPARE(QString::fromStdString(image->info().stationName), QString::fromLatin1(expected.station));
                QCOMPARE(image->info().bitsStored, expected.bits);
                const std::vector<uint16_t> pixels = storedPixels(file);
                QVERIFY(*std::max_element(pixels.begin(), pixels.end()) <= (1 << expected.bits) - 1);
                QVERIFY(*std::max_element(pixels.begin(), pixels.end()) > (1 << (expected.bits - 1)));
                const std::vector<uint16_t> other = storedPixels(standard[i].value("file").toString());
                QVERIFY(pixels != other);
                const Run verdict = run(validator, {file});
                const QString report = QString::fromUtf8(verdict.out + verdict.err);
                for (const QString& line : report.split(QLatin1Char('\n')))
                    QVERIFY2(!line.startsWith(QLatin1String("Error")), qPrintable(file + ": " + line));
            }
        }
        const Run unknown =
            run(QStringLiteral(PULMO_CLI_PATH),
                {QStringLiteral("phantom"), QStringLiteral("--out"), m_work.filePath("x"), QStringLiteral("--patients"),
                 QStringLiteral("1"), QStringLiteral("--scanner"), QStringLiteral("acme")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains("fis-vivid"));
    }

    void phantom_isDeterministicForASeed()
    {
        const QStringList options{QStringLiteral("--patients"), QStringLiteral("3"),      QStringLiteral("--seed"),
                                  QStringLiteral("21"),         QStringLiteral("--size"), QStringLiteral("256")};
        const QList<QJsonObject> first = makePhantoms(QStringLiteral("seed21_a"), options);
        const QList<QJsonObject> second = makePhantoms(QStringLiteral("seed21_b"), options);
        QList<QJsonObject> other = makePhantoms(
            QStringLiteral("seed22"), {QStringLiteral("--patients"), QStringLiteral("3"), QStringLiteral("--seed"),
                                       QStringLiteral("22"), QStringLiteral("--size"), QStringLiteral("256")});
        QCOMPARE(first.size(), 3);
        QCOMPARE(second.size(), 3);
        QCOMPARE(other.size(), 3);
        for (int i = 0; i < 3; ++i) {
            // Same pixels, label and lesion boxes; the UIDs are new on every run.
            QCOMPARE(storedPixels(first[i].value("file").toString()), storedPixels(second[i].value("file").toString()));
            QCOMPARE(first[i].value("label"), second[i].value("label"));
            QCOMPARE(first[i].value("lesions"), second[i].value("lesions"));
            QVERIFY(first[i].value("sop_instance_uid") != second[i].value("sop_instance_uid"));
            QVERIFY(storedPixels(first[i].value("file").toString()) != storedPixels(other[i].value("file").toString()));
        }
    }

    void phantom_followUpStudiesKeepThePatientWithUidsOfTheirOwn()
    {
        // Six patients, half of them with 2 or 3 studies.
        const QList<QJsonObject> written = makePhantoms(
            QStringLiteral("followups"),
            {QStringLiteral("--patients"), QStringLiteral("6"), QStringLiteral("--seed"), QStringLiteral("8"),
             QStringLiteral("--size"), QStringLiteral("256"), QStringLiteral("--follow-up-fraction"),
             QStringLiteral("0.5"), QStringLiteral("--max-studies"), QStringLiteral("3")});
        QVERIFY(written.size() >= 6 + 3 && written.size() <= 6 + 6);
        QMap<QString, QList<dicom::ImageInfo>> studiesOf;
        QSet<QString> studyUids, seriesUids, sopUids;
        for (const QJsonObject& line : written) {
            const dicom::ImageInfo info = dicom::readImageInfo(line.value("file").toString().toStdString());
            // The file and its sidecar agree.
            QCOMPARE(QString::fromStdString(info.patientId), line.value("patient_id").toString());
            QCOMPARE(QString::fromStdString(info.studyInstanceUid), line.value("study_instance_uid").toString());
            QCOMPARE(QString::fromStdString(info.seriesInstanceUid), line.value("series_instance_uid").toString());
            QCOMPARE(QString::fromStdString(info.sopInstanceUid), line.value("sop_instance_uid").toString());
            QCOMPARE(QString::fromStdString(info.studyDate), line.value("study_date").toString());
            QCOMPARE(line.value("study").toInt(), studiesOf[line.value("patient_id").toString()].size() + 1);
            studiesOf[line.value("patient_id").toString()] << info;
            studyUids << QString::fromStdString(info.studyInstanceUid);
            seriesUids << QString::fromStdString(info.seriesInstanceUid);
            sopUids << QString::fromStdString(info.sopInstanceUid);
        }
        // Every image is its own study, series and instance.
        QCOMPARE(studyUids.size(), written.size());
        QCOMPARE(seriesUids.size(), written.size());
        QCOMPARE(sopUids.size(), written.size());
        QCOMPARE(studiesOf.size(), 6);
        int withFollowUps = 0;
        for (auto it = studiesOf.cbegin(); it != studiesOf.cend(); ++it) {
            const QList<dicom::ImageInfo>& studies = it.value();
            QVERIFY(studies.size() >= 1 && studies.size() <= 3);
            withFollowUps += studies.size() > 1 ? 1 : 0;
            for (int k = 1; k < studies.size(); ++k) {
                // One patient: the same identity in every study, each study on a later date.
                QCOMPARE(studies[k].patientId, studies[0].patientId);
                QCOMPARE(studies[k].patientName, studies[0].patientName);
                QCOMPARE(studies[k].patientBirthDate, studies[0].patientBirthDate);
                QCOMPARE(studies[k].patientSex, studies[0].patientSex);
                QVERIFY(studies[k].studyDate > studies[k - 1].studyDate);
                QVERIFY(studies[k].studyInstanceUid != studies[0].studyInstanceUid);
            }
        }
        QCOMPARE(withFollowUps, 3);

        // Without the option: one study per patient, the files named after the patient alone.
        const QList<QJsonObject> single = makePhantoms(
            QStringLiteral("single"), {QStringLiteral("--patients"), QStringLiteral("3"), QStringLiteral("--seed"),
                                       QStringLiteral("8"), QStringLiteral("--size"), QStringLiteral("256")});
        QCOMPARE(single.size(), 3);
        for (const QJsonObject& line : single) QCOMPARE(line.value("study").toInt(), 1);
    }
};

QTEST_GUILESS_MAIN(TestPhantom)
#include "tst_phantom.moc"
