// pulmo-cli results end to end (issue 16): real phantoms, the real demo model and a fixed model
// for Indeterminate, the objects checked by independent validators (dicom3tools' dciodvfy and
// dcentvfy, PixelMed's SR validator, DCMTK's dsrdump), their content read by pydicom against what
// `infer` reports on the same images, and sent to an Orthanc started here: stored once however
// often sent, found by C-FIND in the radiograph's study; a stopped peer is a clear failure.

#include "support/OrthancServer.h"
#include "support/ProcessRun.h"

#include "net/NetworkError.h"
#include "net/PacsQuery.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace pulmo;

namespace {

QString cli()
{
    return QStringLiteral(PULMO_CLI_PATH);
}

std::vector<QJsonObject> jsonLines(const QByteArray& out)
{
    std::vector<QJsonObject> lines;
    for (const QByteArray& line : out.split('\n'))
        if (!line.trimmed().isEmpty()) lines.push_back(QJsonDocument::fromJson(line).object());
    return lines;
}

/// dciodvfy's and dcentvfy's errors ("Error - ..."), one per line; warnings are not errors.
QStringList errorLines(const QByteArray& output)
{
    QStringList errors;
    for (const QString& line : QString::fromUtf8(output).split(QLatin1Char('\n')))
        if (line.startsWith(QLatin1String("Error"))) errors << line;
    return errors;
}

QJsonObject srOracle(const QString& path)
{
    const test::Run oracle = test::run(QStringLiteral(PULMO_SYSTEM_PYTHON),
                                       {QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/sr_oracle.py"), path});
    if (oracle.exitCode != 0) qWarning("sr_oracle.py %s: %s", qPrintable(path), oracle.err.constData());
    return QJsonDocument::fromJson(oracle.out).object();
}

QString makeModel(const QString& folder, const QString& name, const QString& kind, const QString& card)
{
    const QString path = QDir(folder).filePath(name);
    const test::Run made = test::run(
        QStringLiteral(PULMO_SYSTEM_PYTHON),
        {QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/make_model.py"), path, kind, QStringLiteral("--card"), card});
    return made.exitCode == 0 ? path : QString();
}

const char* const kPresent = "52101004";
const char* const kAbsent = "272519000";
const char* const kIndeterminate = "82334004";

}  // namespace

class TestResults : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    QString m_phantoms;
    QString m_strict;  // probabilities 0.25 / 0.75 whatever the image, threshold 0.8: Indeterminate
    std::map<QString, QJsonObject> m_infer;  // file -> `infer --json`, demo model
    std::vector<QJsonObject> m_results;      // `results --json`, demo model
    std::vector<QJsonObject> m_indeterminate;

    QString folder(const QString& name) const
    {
        const QString path = m_work.filePath(name);
        QDir().mkpath(path);
        return path;
    }

    test::Run results(const QStringList& arguments) const
    {
        QStringList all{QStringLiteral("results")};
        all << arguments;
        return test::run(cli(), all);
    }

    /// Every SR and SC written by one `results` line.
    static QStringList objectsOf(const QJsonObject& line)
    {
        return {line["sr"].toObject()["path"].toString(), line["sc"].toObject()["path"].toString()};
    }

    void checkContent(const QJsonObject& line, const QJsonObject& inferred, const char* findingCode)
    {
        const QJsonObject sr = srOracle(line["sr"].toObject()["path"].toString());
        QCOMPARE(sr["sop_class"].toString(), QStringLiteral("1.2.840.10008.5.1.4.1.1.88.34"));
        QCOMPARE(sr["study"].toString(), line["study_instance_uid"].toString());
        QCOMPARE(sr["sop_instance"].toString(), line["sr"].toObject()["sop_instance_uid"].toString());
        QCOMPARE(sr["completion"].toString(), QStringLiteral("PARTIAL"));
        QCOMPARE(sr["verification"].toString(), QStringLiteral("UNVERIFIED"));
        // Exactly one of Present / Absent / Indeterminate, the one `infer` decided.
        int evaluations = 0;
        for (const QJsonValue& code : sr["codes"].toArray()) {
            const QString value = code.toObject()["value"].toString();
            if (value == QLatin1String(kPresent) || value == QLatin1String(kAbsent) ||
                value == QLatin1String(kIndeterminate)) {
                ++evaluations;
                QCOMPARE(value, QString::fromLatin1(findingCode));
            }
        }
        QCOMPARE(evaluations, 1);
        // The probability of pneumonia: exactly infer's (a float32 from the model, as infer prints it).
        const double expected = inferred["probabilities"].toObject()["PNEUMONIA"].toDouble();
        bool found = false;
        for (const QJsonValue& number : sr["numbers"].toArray()) {
            const QJsonObject n = number.toObject();
            const double value =
                n["units"].toString() == QLatin1String("%") ? n["value"].toDouble() / 100.0 : n["value"].toDouble();
            if (float(value) == float(expected)) found = true;
        }
        QVERIFY2(found, qPrintable(QStringLiteral("no NUM equal to %1 in %2")
                                       .arg(expected, 0, 'g', 9)
                                       .arg(QString::fromUtf8(QJsonDocument(sr["numbers"].toArray()).toJson()))));
        // The radiograph in the evidence and in the tree; the SC as the visual explanation.
        QVERIFY(sr["evidence"].toArray().contains(line["sop_instance_uid"]));
        bool sourceImage = false, capture = false;
        for (const QJsonValue& image : sr["images"].toArray()) {
            const QJsonObject i = image.toObject();
            if (i["sop_instance"] == line["sop_instance_uid"]) sourceImage = true;
            if (i["sop_instance"] == line["sc"].toObject()["sop_instance_uid"]) {
                capture = true;
                QCOMPARE(i["concept"].toString(), QStringLiteral("130401"));
                QCOMPARE(i["sop_class"].toString(), QStringLiteral("1.2.840.10008.5.1.4.1.1.7"));
            }
        }
        QVERIFY(sourceImage);
        QVERIFY(capture);
    }

    void validate(const QString& radiograph, const QStringList& objects)
    {
        for (const QString& object : objects) {
            const test::Run checked = test::run(test::program(QStringLiteral("dciodvfy")), {object});
            QVERIFY2(checked.exitCode >= 0, qPrintable(object));
            const QStringList errors = errorLines(checked.out + checked.err);
            QVERIFY2(errors.isEmpty(), qPrintable(object + QLatin1Char('\n') + errors.join(QLatin1Char('\n'))));
        }
        // The radiograph, its SR and its SC agree on patient, study and equipment.
        const test::Run entities =
            test::run(test::program(QStringLiteral("dcentvfy")), QStringList{radiograph} + objects);
        QVERIFY2(entities.exitCode >= 0, "dcentvfy did not run");
        const QStringList errors = errorLines(entities.out + entities.err);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        // PixelMed's SR validator on the report (its IOD and its template).
        const test::Run pixelmed =
            test::run(QStringLiteral("java"),
                      {QStringLiteral("-Djdk.xml.xpathExprOpLimit=0"), QStringLiteral("-Djdk.xml.xpathExprGrpLimit=0"),
                       QStringLiteral("-Djdk.xml.xpathTotalOpLimit=0"), QStringLiteral("-cp"),
                       QStringLiteral("/usr/share/java/pixelmed.jar"),
                       QStringLiteral("com.pixelmed.validate.DicomSRValidator"), objects.first()});
        QCOMPARE(pixelmed.exitCode, 0);
        const QString said = QString::fromUtf8(pixelmed.out + pixelmed.err);
        QVERIFY2(!said.contains(QLatin1String("Error"), Qt::CaseInsensitive), qPrintable(said));
        // DCMTK reads the tree back.
        const test::Run dumped = test::run(test::program(QStringLiteral("dsrdump")), {objects.first()});
        QCOMPARE(dumped.exitCode, 0);
        QVERIFY(dumped.out.contains("233604007"));  // Pneumonia
        QVERIFY(dumped.out.contains("39607008"));   // Lung
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        for (const char* tool : {"Orthanc", "dciodvfy", "dcentvfy", "dsrdump", "java"})
            QVERIFY2(!test::program(QString::fromLatin1(tool)).isEmpty(), tool);
        QVERIFY2(QFile::exists(QStringLiteral("/usr/share/java/pixelmed.jar")), "libpixelmed-java is missing");
        m_phantoms = folder(QStringLiteral("phantoms"));
        const test::Run made = test::run(
            cli(), {QStringLiteral("phantom"), QStringLiteral("--out"), m_phantoms, QStringLiteral("--patients"),
                    QStringLiteral("4"), QStringLiteral("--size"), QStringLiteral("512")});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        const test::Run inferred = test::run(cli(), {QStringLiteral("infer"), QStringLiteral("--json"), m_phantoms});
        QVERIFY2(inferred.exitCode == 0, inferred.err.constData());
        for (const QJsonObject& line : jsonLines(inferred.out)) m_infer[line["input"].toString()] = line;
        QCOMPARE(int(m_infer.size()), 4);
        const test::Run written =
            results({m_phantoms, QStringLiteral("--out"), folder(QStringLiteral("out")), QStringLiteral("--json")});
        QVERIFY2(written.exitCode == 0, written.err.constData());
        m_results = jsonLines(written.out);
        QCOMPARE(int(m_results.size()), 4);
        m_strict = makeModel(m_work.path(), QStringLiteral("strict.pt"), QStringLiteral("fixed_bias"),
                             QStringLiteral(R"({"name":"strict","version":"2","threshold":0.8})"));
        QVERIFY(!m_strict.isEmpty());
        const test::Run strict = results({m_phantoms, QStringLiteral("--out"), folder(QStringLiteral("strict")),
                                          QStringLiteral("--model"), m_strict, QStringLiteral("--json")});
        QVERIFY2(strict.exitCode == 0, strict.err.constData());
        m_indeterminate = jsonLines(strict.out);
        QCOMPARE(int(m_indeterminate.size()), 4);
    }

    void results_presentAndAbsent_asInferSays_andValid()
    {
        QSet<QString> findings;
        for (const QJsonObject& line : m_results) {
            const QJsonObject& inferred = m_infer.at(line["input"].toString());
            QCOMPARE(line["label"].toString(), inferred["label"].toString());
            const QString label = inferred["label"].toString();
            QVERIFY(label == QLatin1String("PNEUMONIA") || label == QLatin1String("NORMAL"));
            findings << label;
            checkContent(line, inferred, label == QLatin1String("PNEUMONIA") ? kPresent : kAbsent);
            if (QTest::currentTestFailed()) return;
            validate(line["input"].toString(), objectsOf(line));
            if (QTest::currentTestFailed()) return;
        }
        QCOMPARE(findings.size(), 2);  // the phantoms hold both outcomes
    }

    void results_belowTheThreshold_indeterminate_andValid()
    {
        for (const QJsonObject& line : m_indeterminate) {
            QCOMPARE(line["label"].toString(), QStringLiteral("INDETERMINATE"));
            QJsonObject inferred;  // the fixed model says 0.75 for PNEUMONIA whatever the image
            const test::Run run = test::run(cli(), {QStringLiteral("infer"), QStringLiteral("--json"),
                                                    QStringLiteral("--model"), m_strict, line["input"].toString()});
            QCOMPARE(run.exitCode, 0);
            inferred = jsonLines(run.out).front();
            QCOMPARE(inferred["label"].toString(), QStringLiteral("INDETERMINATE"));
            checkContent(line, inferred, kIndeterminate);
            if (QTest::currentTestFailed()) return;
            validate(line["input"].toString(), objectsOf(line));
            if (QTest::currentTestFailed()) return;
        }
    }

    void results_sameImageAndModel_sameObjects_otherModel_otherObjects()
    {
        const test::Run again =
            results({m_phantoms, QStringLiteral("--out"), folder(QStringLiteral("again")), QStringLiteral("--json")});
        QCOMPARE(again.exitCode, 0);
        const std::vector<QJsonObject> lines = jsonLines(again.out);
        QCOMPARE(lines.size(), m_results.size());
        for (size_t i = 0; i < lines.size(); ++i) {
            for (const char* kind : {"sr", "sc"}) {
                QCOMPARE(lines[i][kind].toObject()["sop_instance_uid"],
                         m_results[i][kind].toObject()["sop_instance_uid"]);
                QCOMPARE(lines[i][kind].toObject()["series_instance_uid"],
                         m_results[i][kind].toObject()["series_instance_uid"]);
                QVERIFY(m_indeterminate[i][kind].toObject()["sop_instance_uid"] !=
                        m_results[i][kind].toObject()["sop_instance_uid"]);
            }
            QVERIFY(lines[i]["sr"].toObject()["sop_instance_uid"] != lines[i]["sc"].toObject()["sop_instance_uid"]);
        }
    }

    void results_unreadableImage_errorNamingIt_noObjects()
    {
        const QString input = folder(QStringLiteral("mixed"));
        QVERIFY(QFile::copy(m_results.front()["input"].toString(), QDir(input).filePath(QStringLiteral("good.dcm"))));
        QFile truncated(QDir(input).filePath(QStringLiteral("truncated.dcm")));
        QFile source(m_results.front()["input"].toString());
        QVERIFY(source.open(QIODevice::ReadOnly) && truncated.open(QIODevice::WriteOnly));
        truncated.write(source.read(source.size() / 2));
        truncated.close();
        const QString out = folder(QStringLiteral("mixed-out"));
        const test::Run run = results({input, QStringLiteral("--out"), out, QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("truncated.dcm"), run.err.constData());
        const std::vector<QJsonObject> lines = jsonLines(run.out);
        QCOMPARE(int(lines.size()), 1);  // the good image only
        QVERIFY(lines.front()["input"].toString().endsWith(QLatin1String("good.dcm")));
        QCOMPARE(QDir(out).entryList(QDir::Files).size(), 2);  // its SR and SC, nothing for the other
    }

    void results_sentToOrthanc_storedOnce_foundInTheStudy()
    {
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc")), {{"PULMO", test::freePort()}});
        QVERIFY2(orthanc.start(), "Orthanc did not start");
        QVERIFY(orthanc.store(m_phantoms).isEmpty());
        const QString address = QString::fromStdString(net::peerAddress(orthanc.peer()));
        const QString out = folder(QStringLiteral("sent"));
        const QString auditDb = m_work.filePath(QStringLiteral("audit.sqlite"));
        for (int round = 0; round < 2; ++round) {
            const test::Run run = results({m_phantoms, QStringLiteral("--out"), out, QStringLiteral("--send"), address,
                                           QStringLiteral("--audit-db"), auditDb, QStringLiteral("--reader"),
                                           QStringLiteral("tester"), QStringLiteral("--json")});
            QVERIFY2(run.exitCode == 0, run.err.constData());
            for (const QJsonObject& line : jsonLines(run.out)) {
                const QJsonArray sent = line["sent"].toArray();
                QCOMPARE(sent.size(), 2);
                for (const QJsonValue& entry : sent) {
                    QCOMPARE(entry.toObject()["state"].toString(), QStringLiteral("stored"));
                    QCOMPARE(entry.toObject()["status"].toString(), QStringLiteral("0x0000"));
                }
            }
        }
        // Every association in the audit log: who, which peer, which instances, the outcome.
        const QString csv = m_work.filePath(QStringLiteral("audit.csv"));
        const test::Run exported = test::run(cli(), {QStringLiteral("audit"), QStringLiteral("export"),
                                                     QStringLiteral("--db"), auditDb, QStringLiteral("-o"), csv});
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
        QFile auditFile(csv);
        QVERIFY(auditFile.open(QIODevice::ReadOnly));
        int stores = 0;
        for (const QByteArray& row : auditFile.readAll().split('\n'))
            if (row.contains("pacs.store")) {
                ++stores;
                QVERIFY2(row.contains("tester") && row.contains(address.toUtf8()) && row.contains(",ok,"),
                         row.constData());
            }
        QCOMPARE(stores, 2 * int(m_results.size()));  // one association per study, twice
        // Each study: its radiograph, the SR and the SC, once each although sent twice.
        for (const QJsonObject& line : m_results) {
            const std::vector<net::InstanceRecord> instances =
                net::PacsQuery(orthanc.peer(), "PULMO")
                    .findInstances(line["study_instance_uid"].toString().toStdString());
            QStringList sops;
            for (const net::InstanceRecord& instance : instances)
                sops << QString::fromStdString(instance.sopInstanceUid);
            QCOMPARE(sops.size(), 3);
            QVERIFY(sops.contains(line["sop_instance_uid"].toString()));
            QVERIFY(sops.contains(line["sr"].toObject()["sop_instance_uid"].toString()));
            QVERIFY(sops.contains(line["sc"].toObject()["sop_instance_uid"].toString()));
        }
        orthanc.stop();
    }

    void results_peerDown_clearError_nothingClaimedSent()
    {
        net::PacsPeer nobody;
        nobody.aeTitle = "NOBODY";
        nobody.host = "127.0.0.1";
        nobody.port = test::freePort();
        const QString address = QString::fromStdString(net::peerAddress(nobody));
        const test::Run run = results({m_results.front()["input"].toString(), QStringLiteral("--out"),
                                       folder(QStringLiteral("down")), QStringLiteral("--send"), address,
                                       QStringLiteral("--timeout"), QStringLiteral("3"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(address.toUtf8()) || run.err.contains("127.0.0.1"), run.err.constData());
        const std::vector<QJsonObject> lines = jsonLines(run.out);
        QCOMPARE(int(lines.size()), 1);
        const QJsonArray sent = lines.front()["sent"].toArray();
        QCOMPARE(sent.size(), 2);
        for (const QJsonValue& entry : sent) QCOMPARE(entry.toObject()["state"].toString(), QStringLiteral("not_sent"));
    }
};

QTEST_GUILESS_MAIN(TestResults)
#include "tst_results.moc"
