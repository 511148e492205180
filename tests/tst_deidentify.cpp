// De-identification (issue 19) through pulmo-cli deidentify, proved against independent tools: the
// planted-identity generator and checker (tests/oracle/deid_oracle.py, pydicom) plant a unique value
// in every attribute of PS3.15 Table E.1-1, nested copies, private blocks, overlays, curves, icons, a
// preamble, two patients with two studies each in UTF-8 and ISO 2022 names, and then search the
// output's raw bytes for every one of them; dicom3tools' dciodvfy and dcentvfy judge the objects.
#include "support/OddLengthFile.h"
#include "support/ProcessRun.h"

#include "AuditLog.h"
#include "FeedbackDatabase.h"
#include "deid/Deidentifier.h"
#include "deid/Reidentifier.h"
#include "dicom/DicomError.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using pulmo::test::Run;

QString cli()
{
    return QStringLiteral(PULMO_CLI_PATH);
}
QString python()
{
    return QStringLiteral(PULMO_SYSTEM_PYTHON);
}
QString oracle()
{
    return QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/deid_oracle.py");
}
QString table()
{
    return QStringLiteral(PULMO_SOURCE_DIR "/viewer/deid/ps3.15-table-e.1-1.csv");
}

QList<QJsonObject> jsonLines(const QByteArray& out)
{
    QList<QJsonObject> lines;
    for (const QByteArray& line : out.split('\n'))
        if (!line.trimmed().isEmpty()) lines << QJsonDocument::fromJson(line).object();
    return lines;
}

QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// dciodvfy's errors with the values taken out (a dummy is not the planted value, and the error about
// it is the same error), so that the output's errors can be compared with the input's.
QSet<QString> iodErrors(const QString& file)
{
    const Run run = pulmo::test::run(QStringLiteral("dciodvfy"), {file});
    QSet<QString> errors;
    static const QRegularExpression values(QStringLiteral("= <[^>]*>"));
    static const QRegularExpression counts(QStringLiteral("\\[\\d+\\]"));
    for (const QByteArray& raw : (run.out + run.err).split('\n')) {
        QString line = QString::fromUtf8(raw).trimmed();
        if (!line.startsWith(QLatin1String("Error"))) continue;
        line.replace(values, QStringLiteral("= <>"));
        line.replace(counts, QStringLiteral("[]"));
        errors.insert(line);
    }
    return errors;
}

}  // namespace

class TestDeidentify : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_work;
    QString m_planted;  // the generated inputs (and planted.json)
    QString m_database;

    QString path(const QString& name) const { return m_work.filePath(name); }

    QList<QJsonObject> deidentify(const QStringList& inputs, const QString& out, const QStringList& options = {},
                                  const QString& database = {})
    {
        QStringList arguments = {QStringLiteral("deidentify")};
        arguments << inputs << QStringLiteral("--out") << out << QStringLiteral("--db")
                  << (database.isEmpty() ? m_database : database) << QStringLiteral("--json") << options;
        const Run run = pulmo::test::run(cli(), arguments);
        if (run.exitCode != 0) qWarning("pulmo-cli deidentify: exit %d: %s", run.exitCode, run.err.constData());
        return jsonLines(run.out);
    }

    /// The oracle's verdict on `out`; every violation in the failure message.
    void expectClean(const QString& out, const QStringList& options = {})
    {
        QStringList arguments = {oracle(),
                                 QStringLiteral("check"),
                                 QStringLiteral("--planted"),
                                 QDir(m_planted).filePath(QStringLiteral("planted.json")),
                                 QStringLiteral("--out"),
                                 out};
        arguments << options;
        const Run run = pulmo::test::run(python(), arguments);
        const QJsonObject verdict = QJsonDocument::fromJson(run.out).object();
        QStringList violations;
        for (const QJsonValue& violation : verdict.value(QStringLiteral("violations")).toArray())
            violations << violation.toString();
        QVERIFY2(run.exitCode == 0 && verdict.value(QStringLiteral("ok")).toBool(),
                 qPrintable(QStringLiteral("exit %1, %2 violation(s):\n%3\n%4")
                                .arg(run.exitCode)
                                .arg(violations.size())
                                .arg(violations.mid(0, 40).join('\n'), QString::fromUtf8(run.err))));
    }

    int plantedFiles() const
    {
        const QJsonObject planted =
            QJsonDocument::fromJson(fileBytes(QDir(m_planted).filePath(QStringLiteral("planted.json")))).object();
        return planted.value(QStringLiteral("files")).toArray().size();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        if (qEnvironmentVariableIsSet("PULMO_KEEP_TEST_FILES")) m_work.setAutoRemove(false);
        m_planted = path(QStringLiteral("planted"));
        m_database = path(QStringLiteral("feedback.sqlite"));
        const Run generated =
            pulmo::test::run(python(), {oracle(), QStringLiteral("generate"), QStringLiteral("--table"), table(),
                                        QStringLiteral("--out"), m_planted});
        QVERIFY2(generated.exitCode == 0, generated.err.constData());
        QVERIFY(plantedFiles() >= 10);
    }

    void basicProfile_leavesNoPlantedIdentityAnywhere()
    {
        const QString out = path(QStringLiteral("basic"));
        const QList<QJsonObject> lines = deidentify({m_planted}, out);
        int written = 0;
        for (const QJsonObject& line : lines) {
            const QString status = line.value(QStringLiteral("status")).toString();
            if (status == QLatin1String("written")) ++written;
            // planted.json lies in the folder: passed over as not DICOM, and said so.
            if (status == QLatin1String("skipped"))
                QVERIFY(line.value(QStringLiteral("input")).toString().endsWith(QLatin1String("planted.json")));
            QVERIFY2(status == QLatin1String("written") || status == QLatin1String("skipped"),
                     QJsonDocument(line).toJson().constData());
        }
        QCOMPARE(written, plantedFiles());
        // File names carry no identity: the new SOP Instance UID.
        for (const QJsonObject& line : lines) {
            if (line.value(QStringLiteral("status")).toString() != QLatin1String("written")) continue;
            const QString name = QFileInfo(line.value(QStringLiteral("output")).toString()).fileName();
            QCOMPARE(name, line.value(QStringLiteral("sop_uid")).toString() + QStringLiteral(".dcm"));
            QVERIFY(name.startsWith(QLatin1String("2.25.")));
        }
        expectClean(out);
    }

    void shiftedDates_keepEachPatientsIntervals()
    {
        const QString out = path(QStringLiteral("shifted"));
        const QList<QJsonObject> lines = deidentify({m_planted}, out, {QStringLiteral("--shift-dates")});
        QVERIFY(!lines.isEmpty());
        expectClean(out, {QStringLiteral("--shift-dates")});
    }

    void retainOptions_keepWhatTheyNameAndNothingElse()
    {
        const QString out = path(QStringLiteral("retained"));
        deidentify({m_planted}, out,
                   {QStringLiteral("--retain-device-identity"), QStringLiteral("--retain-institution-identity"),
                    QStringLiteral("--retain-patient-characteristics"), QStringLiteral("--retain-dates")});
        expectClean(
            out, {QStringLiteral("--retain"), QStringLiteral("retain_device_identity,retain_institution_identity,"
                                                             "retain_patient_characteristics,retain_long_full_dates")});
        const QString kept = path(QStringLiteral("retained-uids"));
        deidentify({m_planted}, kept, {QStringLiteral("--retain-uids"), QStringLiteral("--clean-descriptors")});
        expectClean(kept, {QStringLiteral("--retain"), QStringLiteral("retain_uids,clean_descriptors")});
        // Cleaned structured content: the SR's TEXT item holds the patient's name (ISO 2022 Japanese
        // too), which must be scrubbed while the item stays.
        const QString cleaned = path(QStringLiteral("cleaned-content"));
        deidentify({m_planted}, cleaned, {QStringLiteral("--clean-structured-content")});
        expectClean(cleaned, {QStringLiteral("--retain"), QStringLiteral("clean_structured_content")});

        // The marks name each option applied (CID 7050), read back by pydicom.
        const char* script =
            "import sys, glob, json, pydicom\n"
            "codes = set()\n"
            "for f in glob.glob(sys.argv[1] + '/*.dcm'):\n"
            "    ds = pydicom.dcmread(f)\n"
            "    codes |= {(i.CodeValue, i.CodingSchemeDesignator) for i in ds.DeidentificationMethodCodeSequence}\n"
            "    assert ds.PatientIdentityRemoved == 'YES'\n"
            "    assert ds.LongitudinalTemporalInformationModified == sys.argv[2], "
            "ds.LongitudinalTemporalInformationModified\n"
            "print(json.dumps(sorted(c for c, s in codes if s == 'DCM')))\n";
        const Run first = pulmo::test::run(
            python(), {QStringLiteral("-c"), QString::fromLatin1(script), out, QStringLiteral("UNMODIFIED")});
        QVERIFY2(first.exitCode == 0, first.err.constData());
        QCOMPARE(QString::fromUtf8(first.out.trimmed()),
                 QStringLiteral("[\"113100\", \"113106\", \"113108\", \"113109\", \"113112\"]"));
        const Run second = pulmo::test::run(
            python(), {QStringLiteral("-c"), QString::fromLatin1(script), kept, QStringLiteral("REMOVED")});
        QVERIFY2(second.exitCode == 0, second.err.constData());
        QCOMPARE(QString::fromUtf8(second.out.trimmed()), QStringLiteral("[\"113100\", \"113105\", \"113110\"]"));
    }

    void sameInput_sameOutput_anotherInstallation_otherUids()
    {
        const QString first = path(QStringLiteral("again-1"));
        const QString second = path(QStringLiteral("again-2"));
        deidentify({m_planted}, first);
        deidentify({m_planted}, second);
        const QStringList names = QDir(first).entryList(QDir::Files, QDir::Name);
        QCOMPARE(names.size(), plantedFiles());
        QCOMPARE(QDir(second).entryList(QDir::Files, QDir::Name), names);
        for (const QString& name : names)
            QVERIFY2(fileBytes(QDir(first).filePath(name)) == fileBytes(QDir(second).filePath(name)), qPrintable(name));

        // Another installation's secret: none of the same UIDs (the mapping is keyed, not a plain hash).
        const QString other = path(QStringLiteral("other-installation"));
        deidentify({m_planted}, other, {}, path(QStringLiteral("other.sqlite")));
        const QSet<QString> ours(names.begin(), names.end());
        const QStringList theirs = QDir(other).entryList(QDir::Files);
        QCOMPARE(theirs.size(), names.size());
        for (const QString& name : theirs) QVERIFY2(!ours.contains(name), qPrintable(name));
    }

    void dciodvfy_findsNoErrorTheInputDidNotHave_dcentvfy_oneStudyConsistent()
    {
        // Clean inputs (the phantom generator's DX images, which dciodvfy passes) and the planted ones.
        const QString phantoms = path(QStringLiteral("phantoms"));
        const Run made = pulmo::test::run(
            cli(), {QStringLiteral("phantom"), QStringLiteral("--out"), phantoms, QStringLiteral("--patients"),
                    QStringLiteral("2"), QStringLiteral("--size"), QStringLiteral("256")});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        // A second image in the first phantom's study (its own SOP Instance UID), so that dcentvfy has
        // a study of two files whose every entity attribute agrees.
        const QStringList phantomFiles = QDir(phantoms).entryList({QStringLiteral("*.dcm")}, QDir::Files, QDir::Name);
        QVERIFY(!phantomFiles.isEmpty());
        const QString twin = QDir(phantoms).filePath(QStringLiteral("twin.dcm"));
        QVERIFY(QFile::copy(QDir(phantoms).filePath(phantomFiles.first()), twin));
        QCOMPARE(pulmo::test::run(QStringLiteral("dcmodify"),
                                  {QStringLiteral("-nb"), QStringLiteral("-m"),
                                   QStringLiteral("(0008,0018)=1.2.826.0.1.3680043.10.1042.999.1"),
                                   QStringLiteral("-m"), QStringLiteral("(0020,0013)=2"), twin})
                     .exitCode,
                 0);
        const QString out = path(QStringLiteral("validated"));
        QList<QJsonObject> lines = deidentify({phantoms}, out);
        lines += deidentify({m_planted}, out, {QStringLiteral("--shift-dates")});
        QMap<QString, QStringList> studies;  // output files, by study
        QMap<QString, QStringList> studyInputs;
        QSet<QString> plantedStudies;
        int compared = 0;
        for (const QJsonObject& line : lines) {
            if (line.value(QStringLiteral("status")).toString() != QLatin1String("written")) continue;
            const QString input = line.value(QStringLiteral("input")).toString();
            const QString output = line.value(QStringLiteral("output")).toString();
            const QSet<QString> before = iodErrors(input);
            const QSet<QString> after = iodErrors(output);
            const QSet<QString> added = after - before;
            QVERIFY2(added.isEmpty(), qPrintable(QStringLiteral("%1: new errors:\n%2")
                                                     .arg(input, QStringList(added.begin(), added.end()).join('\n'))));
            const QString study = line.value(QStringLiteral("study_uid")).toString();
            studies[study] << output;
            studyInputs[study] << input;
            if (input.startsWith(m_planted)) plantedStudies.insert(study);
            ++compared;
        }
        QVERIFY(compared >= plantedFiles() + 2);
        // dcentvfy: the patient, study and series attributes agree across the files of each study.
        // The phantoms' studies are consistent, so their outputs must be; the planted inputs differ
        // between files on purpose (a unique value per file), so there the output may have only the
        // inconsistencies the input had.
        const auto entityErrors = [](const QStringList& files) {
            const Run verified = pulmo::test::run(QStringLiteral("dcentvfy"), files);
            QSet<QString> errors;
            static const QRegularExpression details(QStringLiteral(" for file .*$"));
            for (const QByteArray& raw : (verified.out + verified.err).split('\n')) {
                QString line = QString::fromUtf8(raw).trimmed();
                if (!line.startsWith(QLatin1String("Error"))) continue;
                errors.insert(line.replace(details, QString()));
            }
            return errors;
        };
        int consistent = 0;
        for (auto study = studies.cbegin(); study != studies.cend(); ++study) {
            if (study.value().size() < 2) continue;
            const QSet<QString> after = entityErrors(study.value());
            const QSet<QString> before =
                plantedStudies.contains(study.key()) ? entityErrors(studyInputs.value(study.key())) : QSet<QString>();
            const QSet<QString> added = after - before;
            QVERIFY2(added.isEmpty(), qPrintable(study.key() + QStringLiteral(":\n") +
                                                 QStringList(added.begin(), added.end()).join('\n')));
            if (!plantedStudies.contains(study.key())) ++consistent;
        }
        QVERIFY(consistent >= 1);
    }

    void answersAboutACopy_areReidentified_theirOwnUidKept()
    {
        // The node's way back (pulmo-node --deidentify-for), at the library: an answer made from a
        // de-identified copy, with the pseudonyms copied into its content, is put back.
        const QString phantoms = path(QStringLiteral("reid-phantoms"));
        QCOMPARE(pulmo::test::run(
                     cli(), {QStringLiteral("phantom"), QStringLiteral("--out"), phantoms, QStringLiteral("--patients"),
                             QStringLiteral("1"), QStringLiteral("--size"), QStringLiteral("256")})
                     .exitCode,
                 0);
        const QString original =
            QDir(phantoms).entryInfoList({QStringLiteral("*.dcm")}, QDir::Files, QDir::Name).first().filePath();
        const pulmo::deid::Deidentifier deidentifier(std::string(32, 'k'), {});
        const pulmo::deid::DeidOutcome copy =
            deidentifier.deidentifyFile(original.toStdString(), path(QStringLiteral("reid-copy")).toStdString());
        QCOMPARE(int(copy.status), int(pulmo::deid::DeidOutcome::Status::Written));
        // The outside server's answer: an object of its own (new SOP Instance UID) about the copy,
        // referencing it, with the copy's pseudonyms in two of its values.
        const QString answer = path(QStringLiteral("reid-answer.dcm"));
        const Run made =
            pulmo::test::run(python(), {QStringLiteral("-c"),
                                        QStringLiteral("import sys, pydicom\n"
                                                       "from pydicom.dataset import Dataset\n"
                                                       "d = pydicom.dcmread(sys.argv[1])\n"
                                                       "ref = Dataset()\n"
                                                       "ref.ReferencedSOPClassUID = d.SOPClassUID\n"
                                                       "ref.ReferencedSOPInstanceUID = d.SOPInstanceUID\n"
                                                       "d.SourceImageSequence = [ref]\n"
                                                       "d.SOPInstanceUID = '2.25.4711'\n"
                                                       "d.file_meta.MediaStorageSOPInstanceUID = d.SOPInstanceUID\n"
                                                       "d.ImageComments = d.PatientID\n"
                                                       "d.OperatorsName = str(d.PatientName)\n"
                                                       "d.save_as(sys.argv[2])\n"),
                                        QString::fromStdString(copy.outputPath), answer});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        const std::string record = path(QStringLiteral("reid-identity.dcm")).toStdString();
        pulmo::deid::writeIdentityRecord(original.toStdString(), record);
        std::map<std::string, std::string> back;
        for (const auto& [from, to] : copy.uidMap) back[to] = from;
        const pulmo::deid::UidLookup lookup = [&](const std::string& uid) -> std::optional<std::string> {
            const auto found = back.find(uid);
            if (found == back.end()) return std::nullopt;
            return found->second;
        };
        const QString restored = path(QStringLiteral("reid-restored.dcm"));
        const pulmo::deid::ReidOutcome outcome = pulmo::deid::reidentifyFile(
            answer.toStdString(), record, copy.patientPseudonym, lookup, restored.toStdString());
        QCOMPARE(outcome.sopInstanceUid, std::string("2.25.4711"));
        const Run read = pulmo::test::run(
            python(),
            {QStringLiteral("-c"),
             QStringLiteral("import sys, pydicom\n"
                            "a, o = pydicom.dcmread(sys.argv[1]), pydicom.dcmread(sys.argv[2])\n"
                            "print(a.SOPInstanceUID == '2.25.4711', a.StudyInstanceUID == o.StudyInstanceUID,\n"
                            "      a.SeriesInstanceUID == o.SeriesInstanceUID,\n"
                            "      a.SourceImageSequence[0].ReferencedSOPInstanceUID == o.SOPInstanceUID,\n"
                            "      a.PatientID == o.PatientID, a.PatientName == o.PatientName,\n"
                            "      a.PatientBirthDate == o.PatientBirthDate, a.StudyDate == o.StudyDate,\n"
                            "      a.ImageComments == o.PatientID, str(a.OperatorsName) == str(o.PatientName),\n"
                            "      'PatientIdentityRemoved' not in a, 'DeidentificationMethod' not in a)\n"),
             restored, original});
        QVERIFY2(read.exitCode == 0, read.err.constData());
        QCOMPARE(read.out.trimmed(), QByteArray("True True True True True True True True True True True True"));
        // An object about a study no copy went out with is not put back.
        QVERIFY_THROWS_EXCEPTION(
            pulmo::dicom::DicomError,
            pulmo::deid::reidentifyFile(original.toStdString(), record, copy.patientPseudonym, lookup,
                                        path(QStringLiteral("reid-no.dcm")).toStdString()));
    }

    void burnedInImages_refusedAndListed_unlessAllowed()
    {
        const QString phantoms = path(QStringLiteral("burned-phantoms"));
        QVERIFY(pulmo::test::run(
                    cli(), {QStringLiteral("phantom"), QStringLiteral("--out"), phantoms, QStringLiteral("--patients"),
                            QStringLiteral("3"), QStringLiteral("--size"), QStringLiteral("256")})
                    .exitCode == 0);
        QStringList images = QDir(phantoms).entryList({QStringLiteral("*.dcm")}, QDir::Files, QDir::Name);
        QCOMPARE(images.size(), 3);
        for (QString& image : images) image = QDir(phantoms).filePath(image);
        // One says YES, one is a secondary capture that says nothing, one a digitised film that says nothing.
        QCOMPARE(pulmo::test::run(QStringLiteral("dcmodify"), {QStringLiteral("-nb"), QStringLiteral("-m"),
                                                               QStringLiteral("(0028,0301)=YES"), images[0]})
                     .exitCode,
                 0);
        QCOMPARE(
            pulmo::test::run(QStringLiteral("dcmodify"),
                             {QStringLiteral("-nb"), QStringLiteral("-e"), QStringLiteral("(0028,0301)"),
                              QStringLiteral("-m"), QStringLiteral("(0008,0016)=1.2.840.10008.5.1.4.1.1.7"), images[1]})
                .exitCode,
            0);
        QCOMPARE(pulmo::test::run(QStringLiteral("dcmodify"),
                                  {QStringLiteral("-nb"), QStringLiteral("-e"), QStringLiteral("(0028,0301)"),
                                   QStringLiteral("-i"), QStringLiteral("(0008,0064)=DF"), images[2]})
                     .exitCode,
                 0);
        const QString out = path(QStringLiteral("burned"));
        const Run refused = pulmo::test::run(cli(), {QStringLiteral("deidentify"), images[0], images[1], images[2],
                                                     QStringLiteral("--out"), out, QStringLiteral("--db"), m_database});
        QCOMPARE(refused.exitCode, 0);  // a refusal is the policy working, not a failure
        for (const QString& image : images) QVERIFY2(refused.err.contains(image.toUtf8()), refused.err.constData());
        QVERIFY(refused.out.contains("3 refused"));
        QVERIFY(QDir(out).entryList(QDir::Files).isEmpty());

        const Run allowed = pulmo::test::run(
            cli(), {QStringLiteral("deidentify"), images[0], images[1], images[2], QStringLiteral("--out"), out,
                    QStringLiteral("--db"), m_database, QStringLiteral("--allow-burned-in"), QStringLiteral("--json")});
        QCOMPARE(allowed.exitCode, 0);
        const QList<QJsonObject> lines = jsonLines(allowed.out);
        QCOMPARE(lines.size(), 3);
        for (const QJsonObject& line : lines)
            QCOMPARE(line.value(QStringLiteral("status")).toString(), QStringLiteral("written"));
        QCOMPARE(QDir(out).entryList(QDir::Files).size(), 3);
    }

    void rules_listEveryRowOfTheTableWithWhatPulmoDoes()
    {
        const auto rules = [](const QStringList& options) {
            QMap<QString, QString> actions;
            const Run run = pulmo::test::run(
                cli(), QStringList{QStringLiteral("deidentify"), QStringLiteral("--rules"), QStringLiteral("--json")} +
                           options);
            for (const QJsonObject& line : jsonLines(run.out))
                actions.insert(line.value(QStringLiteral("tag")).toString(),
                               line.value(QStringLiteral("action")).toString());
            return actions;
        };
        // Every row of the standard's table (Python's csv module counts them independently).
        const Run counted = pulmo::test::run(
            python(), {QStringLiteral("-c"),
                       QStringLiteral("import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1])))))"), table()});
        const QMap<QString, QString> basic = rules({});
        QCOMPARE(basic.size(), counted.out.trimmed().toInt());
        QCOMPARE(basic.value(QStringLiteral("(0010,0010)")), QStringLiteral("pseudonym (keyed)"));
        QCOMPARE(basic.value(QStringLiteral("(0010,0030)")), QStringLiteral("empty"));
        QCOMPARE(basic.value(QStringLiteral("(0008,0018)")), QStringLiteral("replace UIDs (keyed)"));
        QCOMPARE(basic.value(QStringLiteral("(0008,0080)")), QStringLiteral("remove"));  // X/Z/D, Type 3 in DX
        QCOMPARE(basic.value(QStringLiteral("(0040,0555)")), QStringLiteral("empty"));   // X/Z, Type 2 in DX
        QCOMPARE(basic.value(QStringLiteral("(60xx,3000)")),
                 QStringLiteral("remove (the whole overlay or curve group)"));
        QCOMPARE(basic.value(QStringLiteral("(gggg,eeee)")), QStringLiteral("remove"));
        const QMap<QString, QString> options = rules(
            {QStringLiteral("--retain-uids"), QStringLiteral("--shift-dates"), QStringLiteral("--clean-descriptors")});
        QCOMPARE(options.value(QStringLiteral("(0008,0018)")), QStringLiteral("keep"));
        QCOMPARE(options.value(QStringLiteral("(0008,0020)")), QStringLiteral("shift (keyed, per patient)"));
        QCOMPARE(options.value(QStringLiteral("(0008,1030)")),
                 QStringLiteral("clean (the object's identifiers scrubbed)"));
        QCOMPARE(options.value(QStringLiteral("(0010,0030)")),
                 QStringLiteral("empty"));  // no option keeps a birth date
        // Content Date in an SR is Type 1 (a dummy), in an IOD without a table it keeps its presence.
        const QMap<QString, QString> report =
            rules({QStringLiteral("--sop-class"), QStringLiteral("1.2.840.10008.5.1.4.1.1.88.33")});
        QCOMPARE(report.value(QStringLiteral("(0008,0023)")), QStringLiteral("dummy"));
        QVERIFY(rules({QStringLiteral("--sop-class"), QStringLiteral("1.2.3")})
                    .value(QStringLiteral("(0008,0080)"))
                    .startsWith(QLatin1String("as present: ")));
    }

    void craftedInputs_unVrDeepNestingOddUidsAndTwins()
    {
        // Found by review: identity stored with VR UN, nesting that stalls DCMTK's writer, a private
        // SOP class, a SOP Instance UID that is a path, and two inputs with one SOP Instance UID.
        const QString crafted = path(QStringLiteral("crafted"));
        const char* script =
            "import sys, pydicom\n"
            "from pydicom.dataset import Dataset, FileMetaDataset\n"
            "from pydicom.sequence import Sequence\n"
            "from pydicom.uid import ExplicitVRLittleEndian\n"
            "def image(sop, cls='1.2.840.10008.5.1.4.1.1.1.1'):\n"
            "    ds = Dataset()\n"
            "    ds.file_meta = FileMetaDataset()\n"
            "    ds.file_meta.MediaStorageSOPClassUID = cls\n"
            "    ds.file_meta.MediaStorageSOPInstanceUID = sop\n"
            "    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian\n"
            "    ds.SOPClassUID = cls\n"
            "    ds.SOPInstanceUID = sop\n"
            "    ds.StudyInstanceUID = '1.2.826.0.1.3680043.10.1042.77.1'\n"
            "    ds.SeriesInstanceUID = '1.2.826.0.1.3680043.10.1042.77.2'\n"
            "    ds.Modality = 'DX'\n"
            "    ds.BurnedInAnnotation = 'NO'\n"
            "    ds.Rows = ds.Columns = 8\n"
            "    ds.SamplesPerPixel = 1\n"
            "    ds.PhotometricInterpretation = 'MONOCHROME2'\n"
            "    ds.BitsAllocated = 16; ds.BitsStored = 12; ds.HighBit = 11; ds.PixelRepresentation = 0\n"
            "    ds.PixelData = bytes(range(128))\n"
            "    return ds\n"
            "def save(ds, name):\n"
            "    ds.is_little_endian = True; ds.is_implicit_VR = False\n"
            "    ds.save_as(sys.argv[1] + '/' + name, write_like_original=False)\n"
            "ds = image('1.2.826.0.1.3680043.10.1042.77.3')\n"
            "for tag, value in ((0x00100010, b'UNNAME^BOB'), (0x00100020, b'UNPATID77 '), (0x00081030, b'UNSTUDYDESC "
            "'),\n"
            "                   (0x00080020, b'20200315'), (0x00080080, b'UNINSTITUTION '), (0x00104000, "
            "b'UNCOMMENTS')):\n"
            "    ds.add_new(tag, 'UN', value)\n"
            "save(ds, 'un.dcm')\n"
            "ds = image('1.2.826.0.1.3680043.10.1042.77.4')\n"
            "inner = Dataset(); inner.CodeMeaning = 'deep'\n"
            "for level in range(100):\n"
            "    outer = Dataset(); outer.AnatomicRegionSequence = Sequence([inner]); inner = outer\n"
            "ds.AnatomicRegionSequence = inner.AnatomicRegionSequence\n"
            "save(ds, 'deep.dcm')\n"
            "save(image('../escaped', '1.3.12.2.1107.5.9.1'), 'private-class.dcm')\n"
            "save(image('1.2.826.0.1.3680043.10.1042.77.5'), 'twin-1.dcm')\n"
            "save(image('1.2.826.0.1.3680043.10.1042.77.5'), 'twin-2.dcm')\n";
        QVERIFY(QDir().mkpath(crafted));
        const Run made = pulmo::test::run(python(), {QStringLiteral("-c"), QString::fromLatin1(script), crafted});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        const auto file = [&](const char* name) { return QDir(crafted).filePath(QLatin1String(name)); };

        const QString out = path(QStringLiteral("crafted-out"));
        const QList<QJsonObject> un = deidentify({file("un.dcm")}, out, {QStringLiteral("--shift-dates")});
        QCOMPARE(un.size(), 1);
        QCOMPARE(un[0].value(QStringLiteral("status")).toString(), QStringLiteral("written"));
        const QByteArray bytes = fileBytes(un[0].value(QStringLiteral("output")).toString());
        for (const char* planted : {"UNNAME", "UNPATID77", "UNSTUDYDESC", "20200315", "UNINSTITUTION", "UNCOMMENTS"})
            QVERIFY2(!bytes.contains(planted), planted);

        const QList<QJsonObject> deep = deidentify({file("deep.dcm")}, out);
        QCOMPARE(deep.size(), 1);
        QCOMPARE(deep[0].value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QVERIFY2(deep[0].value(QStringLiteral("reason")).toString().contains(QLatin1String("nested deeper")),
                 qPrintable(deep[0].value(QStringLiteral("reason")).toString()));

        // With the Retain UIDs Option the SOP Instance UID stays "../escaped": the file still lands in
        // the output folder, under a keyed name. The private SOP class is never replaced.
        const QString kept = path(QStringLiteral("crafted-kept"));
        const QList<QJsonObject> odd = deidentify({file("private-class.dcm")}, kept, {QStringLiteral("--retain-uids")});
        QCOMPARE(odd.size(), 1);
        const QString output = odd[0].value(QStringLiteral("output")).toString();
        QCOMPARE(QFileInfo(output).absolutePath(), QFileInfo(kept).absoluteFilePath());
        QVERIFY2(QFileInfo(output).fileName().startsWith(QLatin1Char('x')), qPrintable(output));
        QVERIFY(fileBytes(output).contains("1.3.12.2.1107.5.9.1"));
        const QList<QJsonObject> mapped = deidentify({file("private-class.dcm")}, out);
        QCOMPARE(mapped.size(), 1);
        QVERIFY(fileBytes(mapped[0].value(QStringLiteral("output")).toString()).contains("1.3.12.2.1107.5.9.1"));

        // Two inputs, one SOP Instance UID: one output, and the second said, not written over it.
        const QList<QJsonObject> twins = deidentify({file("twin-1.dcm"), file("twin-2.dcm")}, out);
        QCOMPARE(twins.size(), 2);
        QCOMPARE(twins[0].value(QStringLiteral("status")).toString(), QStringLiteral("written"));
        QCOMPARE(twins[1].value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QVERIFY2(twins[1].value(QStringLiteral("reason")).toString().contains(QLatin1String("exists already")),
                 qPrintable(twins[1].value(QStringLiteral("reason")).toString()));
    }

    void oddLengthValueOver4KiBInAnItem_copyReadsBack()
    {
        // Found by fuzz_deidentify (support/OddLengthFile.h): the copy's item length left out the pad
        // byte, and neither DCMTK nor pydicom could read the copy.
        const QString input = path(QStringLiteral("odd-length.dcm"));
        QVERIFY(pulmo::test::writeOddLengthValueFile(input, "1.2.826.0.1.3680043.10.1042.78.1"));

        // The Clean Descriptors Option keeps the Admitting Diagnoses Code Sequence (X/C).
        const QList<QJsonObject> copies =
            deidentify({input}, path(QStringLiteral("odd-length-out")), {QStringLiteral("--clean-descriptors")});
        QCOMPARE(copies.size(), 1);
        QCOMPARE(copies[0].value(QStringLiteral("status")).toString(), QStringLiteral("written"));
        const QString output = copies[0].value(QStringLiteral("output")).toString();
        const Run dumped = pulmo::test::run(QStringLiteral("dcmdump"), {output});
        QVERIFY2(dumped.exitCode == 0, dumped.err.constData());
        // pydicom reads the value back: the input's bytes and the pad byte.
        const char* check =
            "import sys, pydicom\n"
            "ds = pydicom.dcmread(sys.argv[1])\n"
            "value = ds.AdmittingDiagnosesCodeSequence[0][0x33303058].value\n"
            "expected = bytes((i * 7) & 0xff for i in range(5001)) + b'\\0'\n"
            "assert value == expected, (len(value), value[:8])\n"
            "assert ds.PatientID != 'ODD4321', ds.PatientID\n";
        const Run read = pulmo::test::run(python(), {QStringLiteral("-c"), QString::fromLatin1(check), output});
        QVERIFY2(read.exitCode == 0, read.err.constData());
    }

    void badInput_namesTheFileAndTheReason()
    {
        const QString junk = path(QStringLiteral("junk.dcm"));
        QFile file(junk);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(300, 'x'));
        file.close();
        const QString empty = path(QStringLiteral("empty.dcm"));
        QFile(empty).open(QIODevice::WriteOnly);
        const Run run =
            pulmo::test::run(cli(), {QStringLiteral("deidentify"), junk, empty, path(QStringLiteral("missing.dcm")),
                                     QStringLiteral("--out"), path(QStringLiteral("bad-out")), QStringLiteral("--db"),
                                     m_database, QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 1);
        const QList<QJsonObject> lines = jsonLines(run.out);
        QCOMPARE(lines.size(), 3);
        for (const QJsonObject& line : lines) {
            QCOMPARE(line.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
            QVERIFY(line.value(QStringLiteral("reason")).toString().startsWith(line.value("input").toString()));
        }
        QVERIFY(lines[1].value(QStringLiteral("reason")).toString().contains(QLatin1String("empty")));
        QVERIFY(lines[2].value(QStringLiteral("reason")).toString().contains(QLatin1String("No such file")));
        // Two options that contradict each other are a usage error.
        QCOMPARE(pulmo::test::run(cli(), {QStringLiteral("deidentify"), junk, QStringLiteral("--out"),
                                          path(QStringLiteral("bad-out")), QStringLiteral("--db"), m_database,
                                          QStringLiteral("--retain-dates"), QStringLiteral("--shift-dates")})
                     .exitCode,
                 2);
    }

    void everyDeidentificationIsAudited_withoutTheIdentities()
    {
        const QString database = path(QStringLiteral("audited.sqlite"));
        const QString out = path(QStringLiteral("audited"));
        const Run run = pulmo::test::run(
            cli(), {QStringLiteral("deidentify"), m_planted, QStringLiteral("--out"), out, QStringLiteral("--db"),
                    database, QStringLiteral("--recipient"), QStringLiteral("Lung study group"),
                    QStringLiteral("--reader"), QStringLiteral("dr.export"), QStringLiteral("--shift-dates")});
        QCOMPARE(run.exitCode, 0);
        pulmo::feedback::FeedbackDatabase feedback(database.toStdString());
        pulmo::feedback::AuditLog audit(feedback);
        QVERIFY(!audit.verify().has_value());
        int rows = 0;
        QByteArray everything;
        for (const pulmo::feedback::AuditEntry& entry : audit.entries()) {
            everything += (entry.reader + entry.action + entry.subject + entry.outcome + entry.detail).toUtf8();
            if (entry.action != QLatin1String("deidentify")) continue;
            ++rows;
            QCOMPARE(entry.reader, QStringLiteral("dr.export"));
            QCOMPARE(entry.outcome, QStringLiteral("ok"));
            QVERIFY2(entry.detail.contains(QLatin1String("for=Lung study group")), qPrintable(entry.detail));
            QVERIFY2(entry.detail.contains(QLatin1String("options=shift-dates")), qPrintable(entry.detail));
            QVERIFY2(entry.detail.contains(QLatin1String("output=2.25.")), qPrintable(entry.detail));
        }
        QCOMPARE(rows, plantedFiles());
        // No planted name, ID or other searchable text in the audit trail, nor the patients' names.
        const QJsonObject planted =
            QJsonDocument::fromJson(fileBytes(QDir(m_planted).filePath(QStringLiteral("planted.json")))).object();
        for (const QJsonValue& value : planted.value(QStringLiteral("values")).toArray()) {
            const QJsonObject v = value.toObject();
            if (!v.value(QStringLiteral("searchable")).toBool()) continue;
            const QString text = v.value(QStringLiteral("value")).toString();
            // Dates, times and UIDs are digits that a UID in the audit (the image's own) may contain.
            static const QRegularExpression digitsOnly(QStringLiteral("^[0-9.]+$"));
            if (text.size() < 6 || digitsOnly.match(text).hasMatch()) continue;
            QVERIFY2(!everything.contains(text.toUtf8()), qPrintable(text));
        }
    }
};

QTEST_GUILESS_MAIN(TestDeidentify)
#include "tst_deidentify.moc"
