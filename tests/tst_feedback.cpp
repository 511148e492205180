// The feedback store: verdicts with history (the latest counts), the migration from schema 1, the
// audit chain (a changed or deleted row is named by verify), the CLI, and durability: a writer
// killed with SIGKILL hundreds of times mid-stream loses no verdict whose save it reported, and
// the database stays intact; a full or read-only disk refuses a verdict clearly and loses nothing.
#include "AuditLog.h"
#include "CsvReader.h"
#include "CsvWriter.h"
#include "FeedbackDatabase.h"
#include "FeedbackStore.h"
#include "FeedbackWriter.h"
#include "RetrainingExport.h"
#include "dicom/DicomWriter.h"

#include <QtTest>

#include "support/CsvOracle.h"
#include "support/ProcessRun.h"
#include "support/TestLocales.h"

#include <QDir>
#include <QElapsedTimer>
#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTimer>

#include <cmath>
#include <optional>

#include <sqlite3.h>
#include <csignal>

#include <pwd.h>
#include <unistd.h>

using namespace pulmo::feedback;

namespace {

PredictionRecord samplePrediction(FeedbackStore& store, const QString& sop)
{
    PredictionRecord record;
    record.sopInstanceUid = sop;
    record.patientKey = store.patientKey(QStringLiteral("PID-1"), QStringLiteral("DOE^JANE"));
    record.modelName = QStringLiteral("demo");
    record.modelVersion = QStringLiteral("1");
    record.modelSha256 = QStringLiteral("ab12");
    record.probabilities = {{QStringLiteral("NORMAL"), 0.2}, {QStringLiteral("PNEUMONIA"), 0.8}};
    record.label = QStringLiteral("PNEUMONIA");
    return record;
}

QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

int execSql(sqlite3* db, const char* sql)
{
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}

}  // namespace

class TestFeedback : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;

private Q_SLOTS:
    void verdicts_keepTheirHistoryAndTheLatestCounts()
    {
        FeedbackDatabase database(m_work.filePath(QStringLiteral("store.sqlite")).toStdString());
        FeedbackStore store(database);
        const PredictionRecord prediction =
            store.recordPrediction(samplePrediction(store, QStringLiteral("1.2.3.1")), "dr.a");
        QCOMPARE(store.recordPrediction(samplePrediction(store, QStringLiteral("1.2.3.1")), "dr.a").id, prediction.id);
        store.recordVerdict(prediction.id, QStringLiteral("agree"), {}, {}, QStringLiteral("dr.a"));
        store.recordVerdict(prediction.id, QStringLiteral("disagree"), QStringLiteral("NORMAL"), QStringLiteral("rib"),
                            QStringLiteral("dr.a"));
        QCOMPARE(int(store.history(prediction.id).size()), 2);
        const auto reviewed = store.reviewed();
        QCOMPARE(int(reviewed.size()), 1);
        QCOMPARE(reviewed.front().readerLabel(), QStringLiteral("NORMAL"));
        QCOMPARE(reviewed.front().verdict.comment, QStringLiteral("rib"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, store.recordVerdict(prediction.id, QStringLiteral("disagree"),
                                                                            {}, {}, QStringLiteral("dr.a")));
        QCOMPARE(int(store.history(prediction.id).size()), 2);  // the refused verdict left nothing
        // The patient key is keyed and stable, and holds neither the ID nor the name.
        const QString key = store.patientKey(QStringLiteral("PID-1"), QStringLiteral("DOE^JANE"));
        QCOMPARE(key, store.patientKey(QStringLiteral("PID-1"), QStringLiteral("doe^jane")));
        QVERIFY(key != store.patientKey(QStringLiteral("PID-2"), QStringLiteral("DOE^JANE")));
        QVERIFY(!key.contains(QStringLiteral("PID")));
        QVERIFY(!AuditLog(database).verify().has_value());
        QCOMPARE(int(AuditLog(database).entries().size()), 3);  // one prediction, two verdicts
    }

    void schemaOne_isMigratedKeepingItsAuditRows()
    {
        const QString path = m_work.filePath(QStringLiteral("v1.sqlite"));
        sqlite3* raw = nullptr;
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &raw), SQLITE_OK);
        QCOMPARE(
            execSql(raw,
                    "CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, occurred_utc TEXT NOT NULL, "
                    "reader TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL DEFAULT '', outcome TEXT NOT "
                    "NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '', previous_hash TEXT NOT NULL, row_hash TEXT NOT "
                    "NULL);"
                    "INSERT INTO audit_log(occurred_utc, reader, action, previous_hash, row_hash) "
                    "VALUES('2026-01-01T00:00:00Z', 'dr.old', 'study.open', 'genesis', 'x');"
                    "PRAGMA user_version=1;"),
            SQLITE_OK);
        sqlite3_close(raw);
        FeedbackDatabase database(path.toStdString());
        QCOMPARE(database.schemaVersion(), FeedbackDatabase::kSchemaVersion);
        FeedbackStore store(database);
        QVERIFY(store.recordPrediction(samplePrediction(store, QStringLiteral("9.9")), "dr.new").id > 0);
        QCOMPARE(AuditLog(database).entries().front().reader, QStringLiteral("dr.old"));
    }

    void undo_writesAWithdrawingRow_andTheVerdictBeforeCountsAgain()
    {
        FeedbackDatabase database(m_work.filePath(QStringLiteral("undo.sqlite")).toStdString());
        FeedbackStore store(database);
        const QString sop = QStringLiteral("1.2.3.50");
        const PredictionRecord prediction = store.recordPrediction(samplePrediction(store, sop), "dr.a");
        const VerdictRecord agreed = store.recordVerdict(prediction.id, QStringLiteral("agree"), {}, {}, "dr.a");
        const VerdictRecord disagreed =
            store.recordVerdict(prediction.id, QStringLiteral("disagree"), QStringLiteral("NORMAL"), {}, "dr.a");
        QCOMPARE(store.currentVerdict(sop)->verdict.id, disagreed.id);

        // Undo of the disagreement: a third row; the agreement counts again; nothing was deleted.
        const VerdictRecord withdrawal = store.withdrawVerdict(disagreed.id, QStringLiteral("dr.a"));
        QCOMPARE(withdrawal.verdict, QStringLiteral("withdrawn"));
        QCOMPARE(withdrawal.withdrawsVerdictId, disagreed.id);
        const auto history = store.history(prediction.id);
        QCOMPARE(int(history.size()), 3);
        QCOMPARE(history[1].verdict, QStringLiteral("disagree"));
        QCOMPARE(history[2].verdict, QStringLiteral("withdrawn"));
        QCOMPARE(history[2].withdrawsVerdictId, disagreed.id);
        QCOMPARE(store.currentVerdict(sop)->verdict.id, agreed.id);
        QCOMPARE(int(store.reviewed().size()), 1);
        QCOMPARE(store.reviewed().front().readerLabel(), QStringLiteral("PNEUMONIA"));
        QCOMPARE(store.reviewedSopInstanceUids(), QSet<QString>{sop});

        // A verdict is withdrawn once; a withdrawal is not withdrawn; an unknown id is refused.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, store.withdrawVerdict(disagreed.id, QStringLiteral("dr.a")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, store.withdrawVerdict(withdrawal.id, QStringLiteral("dr.a")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, store.withdrawVerdict(99999, QStringLiteral("dr.a")));
        QCOMPARE(int(store.history(prediction.id).size()), 3);

        // Undo again: the image has no verdict left.
        store.withdrawVerdict(agreed.id, QStringLiteral("dr.b"));
        QVERIFY(!store.currentVerdict(sop).has_value());
        QVERIFY(store.reviewed().empty());
        QVERIFY(store.reviewedSopInstanceUids().isEmpty());
        QCOMPARE(int(store.history(prediction.id).size()), 4);

        // Each Undo is audited, by its reader, on the image; the chain holds.
        QVERIFY(!AuditLog(database).verify().has_value());
        int withdrawals = 0;
        for (const AuditEntry& entry : AuditLog(database).entries()) {
            if (entry.action != QLatin1String("verdict.withdrawn")) continue;
            ++withdrawals;
            QCOMPARE(entry.subject, sop);
            QVERIFY2(
                entry.detail.startsWith(QStringLiteral("verdict %1").arg(withdrawals == 1 ? disagreed.id : agreed.id)),
                qPrintable(entry.detail));
            QCOMPARE(entry.reader, withdrawals == 1 ? QStringLiteral("dr.a") : QStringLiteral("dr.b"));
        }
        QCOMPARE(withdrawals, 2);
        // The schema itself refuses a withdrawal without its target, and a second one of a row.
        QVERIFY(execSql(database.handle(),
                        "INSERT INTO verdicts(prediction_id, verdict, reader, created_utc) "
                        "VALUES(1, 'withdrawn', 'x', '2026-01-01')") != SQLITE_OK);
        QVERIFY(execSql(database.handle(),
                        "INSERT INTO verdicts(prediction_id, verdict, reader, created_utc, withdraws_verdict_id) "
                        "VALUES(1, 'withdrawn', 'x', '2026-01-01', 1)") != SQLITE_OK);
    }

    void verdictCircumstances_areStoredWithTheVerdict()
    {
        FeedbackDatabase database(m_work.filePath(QStringLiteral("circumstances.sqlite")).toStdString());
        FeedbackStore store(database);
        const PredictionRecord prediction =
            store.recordPrediction(samplePrediction(store, QStringLiteral("1.2.3.60")), "dr.a");
        VerdictCircumstances readerFirst;
        readerFirst.aiRevealedByReader = true;
        readerFirst.viewedMs = 1234;
        store.recordVerdict(prediction.id, QStringLiteral("agree"), {}, {}, "dr.a", readerFirst);
        VerdictCircumstances shown;
        shown.aiRevealedByReader = false;
        shown.viewedMs = 0;
        store.recordVerdict(prediction.id, QStringLiteral("agree"), {}, {}, "dr.a", shown);
        store.recordVerdict(prediction.id, QStringLiteral("agree"), {}, {}, "dr.a");  // the CLI: not known
        const auto history = store.history(prediction.id);
        QCOMPARE(int(history.size()), 3);
        QCOMPARE(history[0].circumstances.aiRevealedByReader, std::optional<bool>(true));
        QCOMPARE(history[0].circumstances.viewedMs, std::optional<qint64>(1234));
        QCOMPARE(history[1].circumstances.aiRevealedByReader, std::optional<bool>(false));
        QCOMPARE(history[1].circumstances.viewedMs, std::optional<qint64>(0));
        QVERIFY(!history[2].circumstances.aiRevealedByReader.has_value());
        QVERIFY(!history[2].circumstances.viewedMs.has_value());
        VerdictCircumstances negative;
        negative.viewedMs = -1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 store.recordVerdict(prediction.id, QStringLiteral("agree"), {}, {}, "dr.a", negative));
        QCOMPARE(int(store.history(prediction.id).size()), 3);
    }

    void schemaTwo_isMigratedKeepingItsVerdictsAndTheirIds()
    {
        // A database as Pulmo wrote it before Undo: schema 2's verdicts table, two verdicts.
        const QString path = m_work.filePath(QStringLiteral("v2.sqlite"));
        sqlite3* raw = nullptr;
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &raw), SQLITE_OK);
        QCOMPARE(execSql(raw,
                         "CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, occurred_utc TEXT NOT NULL, "
                         "reader TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL DEFAULT '', outcome TEXT "
                         "NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '', previous_hash TEXT NOT NULL, row_hash "
                         "TEXT NOT NULL);"
                         "CREATE TABLE installation (id INTEGER PRIMARY KEY CHECK (id = 1), secret BLOB NOT NULL);"
                         "INSERT INTO installation(id, secret) VALUES (1, randomblob(32));"
                         "CREATE TABLE predictions (id INTEGER PRIMARY KEY AUTOINCREMENT, sop_instance_uid TEXT NOT "
                         "NULL, study_instance_uid TEXT NOT NULL DEFAULT '', series_instance_uid TEXT NOT NULL DEFAULT "
                         "'', patient_key TEXT NOT NULL, file_path TEXT NOT NULL DEFAULT '', model_name TEXT NOT NULL, "
                         "model_version TEXT NOT NULL, model_sha256 TEXT NOT NULL, probabilities TEXT NOT NULL, label "
                         "TEXT NOT NULL, threshold REAL NOT NULL, created_utc TEXT NOT NULL, UNIQUE (sop_instance_uid, "
                         "model_sha256));"
                         "CREATE TABLE verdicts (id INTEGER PRIMARY KEY AUTOINCREMENT, prediction_id INTEGER NOT NULL "
                         "REFERENCES predictions(id), verdict TEXT NOT NULL CHECK (verdict IN ('agree', 'disagree')), "
                         "corrected_label TEXT CHECK (corrected_label IN ('NORMAL', 'PNEUMONIA', 'NOT_ASSESSABLE')), "
                         "comment TEXT NOT NULL DEFAULT '', reader TEXT NOT NULL, created_utc TEXT NOT NULL, CHECK "
                         "(verdict = 'agree' OR corrected_label IS NOT NULL));"
                         "CREATE INDEX verdicts_by_prediction ON verdicts(prediction_id, id);"
                         "INSERT INTO predictions VALUES(1, '7.7.1', '', '', 'k', '', 'demo', '1', 'ab', "
                         "'{\"NORMAL\":0.9,\"PNEUMONIA\":0.1}', 'NORMAL', 0.7, '2026-01-01T00:00:00.000Z');"
                         "INSERT INTO verdicts VALUES(5, 1, 'agree', NULL, '', 'dr.old', '2026-01-01T00:01:00.000Z');"
                         "INSERT INTO verdicts VALUES(9, 1, 'disagree', 'PNEUMONIA', 'apex', 'dr.old', "
                         "'2026-01-01T00:02:00.000Z');"
                         "PRAGMA user_version=2;"),
                 SQLITE_OK);
        sqlite3_close(raw);

        FeedbackDatabase database(path.toStdString());
        QCOMPARE(database.schemaVersion(), FeedbackDatabase::kSchemaVersion);
        FeedbackStore store(database);
        const auto history = store.history(1);
        QCOMPARE(int(history.size()), 2);
        QCOMPARE(history[0].id, qint64(5));
        QCOMPARE(history[1].id, qint64(9));
        QCOMPARE(history[1].comment, QStringLiteral("apex"));
        QVERIFY(!history[1].circumstances.aiRevealedByReader.has_value());
        QCOMPARE(store.currentVerdict(QStringLiteral("7.7.1"))->verdict.correctedLabel, QStringLiteral("PNEUMONIA"));
        // New rows continue after the old ids, and Undo works on what was migrated.
        const VerdictRecord withdrawal = store.withdrawVerdict(9, QStringLiteral("dr.new"));
        QVERIFY(withdrawal.id > 9);
        QCOMPARE(store.currentVerdict(QStringLiteral("7.7.1"))->verdict.id, qint64(5));
        // The old checks still hold.
        QVERIFY(execSql(database.handle(),
                        "INSERT INTO verdicts(prediction_id, verdict, reader, created_utc) "
                        "VALUES(1, 'maybe', 'x', '2026-01-01')") != SQLITE_OK);
        QVERIFY(execSql(database.handle(),
                        "INSERT INTO verdicts(prediction_id, verdict, reader, created_utc) "
                        "VALUES(1, 'disagree', 'x', '2026-01-01')") != SQLITE_OK);
        QVERIFY(execSql(database.handle(),
                        "INSERT INTO verdicts(prediction_id, verdict, reader, created_utc) "
                        "VALUES(42, 'agree', 'x', '2026-01-01')") != SQLITE_OK);  // no such prediction
        database.executeSql("PRAGMA foreign_key_check");
    }

    void retrainingExport_leavesWithdrawnVerdictsOut()
    {
        FeedbackDatabase database(m_work.filePath(QStringLiteral("undo-export.sqlite")).toStdString());
        FeedbackStore store(database);
        QList<VerdictRecord> verdicts;
        for (int i = 0; i < 3; ++i) {
            PredictionRecord prediction = samplePrediction(store, QStringLiteral("1.2.3.7%1").arg(i));
            prediction.patientKey = store.patientKey(QStringLiteral("P%1").arg(i), {});
            const PredictionRecord stored = store.recordPrediction(prediction, "dr.a");
            verdicts << store.recordVerdict(stored.id, QStringLiteral("agree"), {}, {}, "dr.a");
        }
        store.withdrawVerdict(verdicts[1].id, QStringLiteral("dr.a"));  // Undo of the second image
        QStringList rendered;
        const auto render = [&rendered](const PredictionRecord& prediction, QString*) {
            rendered << prediction.sopInstanceUid;
            QImage image(16, 16, QImage::Format_Grayscale8);
            image.fill(100);
            return image;
        };
        RetrainingExport exporter(database, store);
        const QString out = m_work.filePath(QStringLiteral("undo-export-out"));
        const ExportReport report = exporter.write(out, {}, render, {}, QStringLiteral("dr.a"));
        QCOMPARE(report.exported, 2);
        QCOMPARE(report.leftOut, 0);
        QCOMPARE(rendered, (QStringList{QStringLiteral("1.2.3.70"), QStringLiteral("1.2.3.72")}));
        QFile manifest(QDir(out).filePath(QStringLiteral("manifest.csv")));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        QCOMPARE(manifest.readAll().trimmed().count('\n'), 2);  // the header and two images
        int pictures = 0;
        for (QDirIterator it(out, {QStringLiteral("*.png")}, QDir::Files, QDirIterator::Subdirectories); it.hasNext();
             it.next())
            ++pictures;
        QCOMPARE(pictures, 2);
    }

    void defaultReader_isTheAccount_evenWithoutUser()
    {
        const QByteArray user = qgetenv("USER");
        const QByteArray username = qgetenv("USERNAME");
        const passwd* account = ::getpwuid(::getuid());
        QVERIFY2(account && account->pw_name, "this test needs an account in the password database");
        const QString accountName = QString::fromLocal8Bit(account->pw_name);
        qunsetenv("USER");
        qunsetenv("USERNAME");
        const QString withoutUser = FeedbackStore::defaultReader();
        qputenv("USER", "dr.session");
        const QString withUser = FeedbackStore::defaultReader();
        qputenv("USER", "");
        const QString withEmptyUser = FeedbackStore::defaultReader();
        if (user.isNull())
            qunsetenv("USER");
        else
            qputenv("USER", user);
        if (!username.isNull()) qputenv("USERNAME", username);
        QCOMPARE(withoutUser, accountName);
        QVERIFY(withoutUser != QLatin1String("unknown"));
        QCOMPARE(withUser, QStringLiteral("dr.session"));
        QCOMPARE(withEmptyUser, accountName);
    }

    void auditChain_namesTheFirstChangedOrDeletedRow()
    {
        const QString path = m_work.filePath(QStringLiteral("audit.sqlite"));
        {
            FeedbackDatabase database(path.toStdString());
            AuditLog audit(database);
            for (int i = 0; i < 5; ++i)
                audit.append(QStringLiteral("dr.a"), QStringLiteral("study.open"), QStringLiteral("1.2.%1").arg(i),
                             QStringLiteral("ok"));
            QVERIFY(!audit.verify().has_value());
            // The triggers refuse edits...
            QVERIFY(execSql(database.handle(), "UPDATE audit_log SET reader='x' WHERE id=3") != SQLITE_OK);
            // ...so a tamperer drops them first; the chain still tells.
            QCOMPARE(execSql(database.handle(),
                             "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
                             "UPDATE audit_log SET reader='mallory' WHERE id=3"),
                     SQLITE_OK);
            const auto changed = audit.verify();
            QVERIFY(changed.has_value());
            QCOMPARE(changed->rowId, qint64(3));
        }
        // The CLI says the same, and a deletion breaks the next row's link.
        QProcess cli;
        cli.start(QStringLiteral(PULMO_CLI_PATH),
                  {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"), path});
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 1);
        QVERIFY(cli.readAllStandardError().contains("row 3"));
        sqlite3* raw = nullptr;
        sqlite3_open(path.toUtf8().constData(), &raw);
        QCOMPARE(execSql(raw, "UPDATE audit_log SET reader='dr.a' WHERE id=3; DELETE FROM audit_log WHERE id=2"),
                 SQLITE_OK);
        sqlite3_close(raw);
        FeedbackDatabase database(path.toStdString());
        const auto deleted = AuditLog(database).verify();
        QVERIFY(deleted.has_value());
        QCOMPARE(deleted->rowId, qint64(3));
        QVERIFY(deleted->reason.contains(QStringLiteral("link")));
    }

    void cli_recordsPredictionAndVerdict_withARealModel()
    {
        const QString model = m_work.filePath(QStringLiteral("model.pt"));
        QCOMPARE(QProcess::execute(
                     QStringLiteral(PULMO_SYSTEM_PYTHON),
                     {QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/make_model.py"), model, QStringLiteral("linear")}),
                 0);
        const QString database = m_work.filePath(QStringLiteral("cli.sqlite"));
        const QString image = QStringLiteral(PULMO_SOURCE_DIR "/resources/demo/SYN1-0003.dcm");
        QProcess add;
        add.start(QStringLiteral(PULMO_CLI_PATH),
                  {QStringLiteral("feedback"), QStringLiteral("--db"), database, QStringLiteral("add"),
                   QStringLiteral("--file"), image, QStringLiteral("--verdict"), QStringLiteral("disagree"),
                   QStringLiteral("--label"), QStringLiteral("PNEUMONIA"), QStringLiteral("--reader"),
                   QStringLiteral("dr.b"), QStringLiteral("--model"), model, QStringLiteral("--json")});
        QVERIFY(add.waitForFinished(120000));
        QVERIFY2(add.exitCode() == 0, add.readAllStandardError().constData());
        const QJsonObject saved = QJsonDocument::fromJson(add.readAllStandardOutput()).object();
        QCOMPARE(saved.value("reader_label").toString(), QStringLiteral("PNEUMONIA"));
        QCOMPARE(saved.value("verdict").toString(), QStringLiteral("disagree"));
        QCOMPARE(saved.value("model_sha256").toString().size(), 64);
        QProcess list;
        list.start(QStringLiteral(PULMO_CLI_PATH), {QStringLiteral("feedback"), QStringLiteral("--db"), database,
                                                    QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY(list.waitForFinished(30000));
        QCOMPARE(list.readAllStandardOutput().trimmed().count('\n'), 0);  // one reviewed image
        QProcess csv;
        csv.start(QStringLiteral(PULMO_CLI_PATH),
                  {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--db"), database});
        QVERIFY(csv.waitForFinished(30000));
        QCOMPARE(csv.readAllStandardOutput().trimmed().split('\n').size(), 3);  // header, prediction, verdict
    }

    void export_isAnImageFolderSplitByPatientWithoutIdentifiers()
    {
        // Six patients, each with one NORMAL and one PNEUMONIA image by the reader's label (so that
        // every split holds both classes: torchvision 0.14's ImageFolder refuses an empty class
        // folder), reached by agreeing or by disagreeing; patient 0 has a third image judged not
        // assessable and a fourth, NORMAL, whose pixels may show text (left out of the DICOM export).
        // Identifying values are planted to prove they do not leave.
        const QString images = m_work.filePath(QStringLiteral("export-images"));
        QVERIFY(QDir().mkpath(images));
        FeedbackDatabase database(m_work.filePath(QStringLiteral("export.sqlite")).toStdString());
        FeedbackStore store(database);
        QStringList secrets;
        QMap<QString, int> expected;  // reader label -> count
        int sequence = 0;
        for (int patient = 0; patient < 6; ++patient) {
            for (int image = 0; image < (patient == 0 ? 4 : 2); ++image) {
                ++sequence;
                pulmo::dicom::GrayImageSpec spec;
                spec.rows = 64;
                spec.columns = 48;
                spec.bitsStored = 12;
                spec.highBit = 11;
                spec.patientName = "SECRETNAME^PATIENT" + std::to_string(patient);
                spec.patientId = "PHIID" + std::to_string(1000 + patient);
                spec.studyInstanceUid = "1.2.826.0.1.3680043.77." + std::to_string(patient);
                spec.sopInstanceUid =
                    "1.2.826.0.1.3680043.77." + std::to_string(patient) + ".1." + std::to_string(image);
                for (int p = 0; p < 64 * 48; ++p) spec.storedValues.push_back((p * (3 + sequence)) % 4096);
                // Patient 0's fourth image (a second NORMAL, so that its split keeps a NORMAL image
                // without it) says its pixels show text: the DICOM export leaves it out (below).
                spec.burnedInAnnotation = patient == 0 && image == 3 ? "YES" : "NO";
                const QString file = QDir(images).filePath(QStringLiteral("p%1_%2.dcm").arg(patient).arg(image));
                pulmo::dicom::writeGrayImage(file.toStdString(), spec);
                secrets << QString::fromStdString(spec.patientName).section(QLatin1Char('^'), 0, 0)
                        << QString::fromStdString(spec.patientId) << QString::fromStdString(spec.sopInstanceUid)
                        << QString::fromStdString(spec.studyInstanceUid);
                const QString readerLabel =
                    image == 0 || image == 3 ? QStringLiteral("NORMAL") : QStringLiteral("PNEUMONIA");
                const bool agrees = (patient + image) % 2 == 0;
                const QString other =
                    readerLabel == QLatin1String("NORMAL") ? QStringLiteral("PNEUMONIA") : QStringLiteral("NORMAL");
                PredictionRecord prediction = samplePrediction(store, QString::fromStdString(spec.sopInstanceUid));
                prediction.patientKey =
                    store.patientKey(QString::fromStdString(spec.patientId), QString::fromStdString(spec.patientName));
                prediction.filePath = file;
                prediction.label = agrees ? readerLabel : other;
                const PredictionRecord stored = store.recordPrediction(prediction, QStringLiteral("dr.x"));
                if (image == 2) {
                    store.recordVerdict(stored.id, QStringLiteral("disagree"), QStringLiteral("NOT_ASSESSABLE"), {},
                                        QStringLiteral("dr.x"));
                    continue;
                }
                if (agrees)
                    store.recordVerdict(stored.id, QStringLiteral("agree"), {}, {}, QStringLiteral("dr.x"));
                else
                    store.recordVerdict(stored.id, QStringLiteral("disagree"), readerLabel, {}, QStringLiteral("dr.x"));
                expected[readerLabel] += 1;
            }
        }
        const QString out = m_work.filePath(QStringLiteral("export-out"));
        QProcess cli;
        cli.start(QStringLiteral(PULMO_CLI_PATH),
                  {QStringLiteral("export"), QStringLiteral("--db"), database.path().c_str(), QStringLiteral("--out"),
                   out, QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--json")});
        QVERIFY(cli.waitForFinished(120000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        QCOMPARE(QJsonDocument::fromJson(cli.readAllStandardOutput()).object().value("exported").toInt(), 13);

        // torchvision reads it unchanged; its class counts are the reader's labels.
        const char* script =
            "import sys, json\n"
            "from torchvision.datasets import ImageFolder\n"
            "counts = {}\n"
            "for split in ('train', 'val', 'test'):\n"
            "    dataset = ImageFolder(sys.argv[1] + '/' + split)\n"
            "    for _, label in dataset.samples:\n"
            "        name = dataset.classes[label]\n"
            "        counts[name] = counts.get(name, 0) + 1\n"
            "print(json.dumps(counts))\n";
        QProcess python;
        python.start(QStringLiteral(PULMO_SYSTEM_PYTHON), {QStringLiteral("-c"), QString::fromLatin1(script), out});
        QVERIFY(python.waitForFinished(120000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        const QJsonObject counts = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
        QCOMPARE(counts.value("NORMAL").toInt(), expected.value(QStringLiteral("NORMAL")));
        QCOMPARE(counts.value("PNEUMONIA").toInt(), expected.value(QStringLiteral("PNEUMONIA")));

        // No patient in two splits.
        const QString manifest = QDir(out).filePath(QStringLiteral("manifest.csv"));
        QMap<QString, QString> splitOf;
        QString error;
        const QList<QMap<QString, QString>> rows = pulmo::test::csvRowsWithPython(manifest, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(rows.size(), 13);
        for (const auto& row : rows) {
            const QString key = row.value(QStringLiteral("patient_key"));
            const QString split = row.value(QStringLiteral("split"));
            QVERIFY(!key.isEmpty() && !split.isEmpty());
            QVERIFY2(!splitOf.contains(key) || splitOf[key] == split, "a patient in two splits");
            splitOf[key] = split;
        }
        // Nothing identifying anywhere in the export (names, IDs, UIDs).
        QDirIterator it(out, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            for (const QString& secret : secrets)
                QVERIFY2(!bytes.contains(secret.toUtf8()) && !it.fileName().contains(secret),
                         qPrintable(QStringLiteral("%1 leaks %2").arg(it.fileName(), secret)));
        }
        // The same seed, the same split.
        const QString again = m_work.filePath(QStringLiteral("export-again"));
        QCOMPARE(QProcess::execute(QStringLiteral(PULMO_CLI_PATH),
                                   {QStringLiteral("export"), QStringLiteral("--db"), database.path().c_str(),
                                    QStringLiteral("--out"), again, QStringLiteral("--seed"), QStringLiteral("7")}),
                 0);
        QCOMPARE(fileBytes(QDir(again).filePath(QStringLiteral("manifest.csv"))), fileBytes(manifest));

        // --format dicom: the same split and manifest, each image de-identified DICOM (the Basic
        // Profile), the one with burned-in text left out and named; pydicom reads every file through
        // torchvision's ImageFolder, with the stored pixels unchanged.
        const QString dicomOut = m_work.filePath(QStringLiteral("export-dicom"));
        QProcess dicomCli;
        dicomCli.start(QStringLiteral(PULMO_CLI_PATH),
                       {QStringLiteral("export"), QStringLiteral("--db"), database.path().c_str(),
                        QStringLiteral("--out"), dicomOut, QStringLiteral("--seed"), QStringLiteral("7"),
                        QStringLiteral("--format"), QStringLiteral("dicom"), QStringLiteral("--json")});
        QVERIFY(dicomCli.waitForFinished(120000));
        const QByteArray dicomErrors = dicomCli.readAllStandardError();
        QVERIFY2(dicomCli.exitCode() == 0, dicomErrors.constData());
        QCOMPARE(QJsonDocument::fromJson(dicomCli.readAllStandardOutput()).object().value("exported").toInt(), 12);
        QVERIFY2(dicomErrors.contains("p0_3.dcm") && dicomErrors.contains("Burned In Annotation"),
                 dicomErrors.constData());
        const char* dicomScript =
            "import sys, json, pydicom\n"
            "from torchvision.datasets import ImageFolder\n"
            "counts = {}\n"
            "pixels = {}\n"
            "for split in ('train', 'val', 'test'):\n"
            "    dataset = ImageFolder(sys.argv[1] + '/' + split, loader=pydicom.dcmread, is_valid_file=lambda p: "
            "p.endswith('.dcm'))\n"
            "    for path, label in dataset.samples:\n"
            "        name = dataset.classes[label]\n"
            "        counts[name] = counts.get(name, 0) + 1\n"
            "        ds = pydicom.dcmread(path)\n"
            "        assert ds.PatientIdentityRemoved == 'YES', path\n"
            "        pixels[path[len(sys.argv[1]) + 1:]] = ds.pixel_array.tobytes().hex()\n"
            "import glob\n"
            "originals = {pydicom.dcmread(f).pixel_array.tobytes().hex() for f in glob.glob(sys.argv[2] + '/*.dcm')}\n"
            "assert all(value in originals for value in pixels.values()), 'pixels changed'\n"
            "assert len(set(pixels.values())) == len(pixels), 'two outputs of one image'\n"
            "print(json.dumps({'counts': counts, 'pixels': pixels}))\n";
        python.start(QStringLiteral(PULMO_SYSTEM_PYTHON),
                     {QStringLiteral("-c"), QString::fromLatin1(dicomScript), dicomOut, images});
        QVERIFY(python.waitForFinished(120000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        const QJsonObject dicomRead = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
        QCOMPARE(dicomRead.value("counts").toObject().value("NORMAL").toInt(),
                 expected.value(QStringLiteral("NORMAL")) - 1);
        QCOMPARE(dicomRead.value("counts").toObject().value("PNEUMONIA").toInt(),
                 expected.value(QStringLiteral("PNEUMONIA")));
        const QList<QMap<QString, QString>> dicomRows =
            pulmo::test::csvRowsWithPython(QDir(dicomOut).filePath(QStringLiteral("manifest.csv")), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(dicomRows.size(), 12);
        QMap<QString, QString> pngSplitOfFile;
        for (const auto& row : rows)
            pngSplitOfFile[row.value(QStringLiteral("file")).section('.', 0, 0)] = row.value("split");
        for (const auto& row : dicomRows) {
            const QString file = row.value(QStringLiteral("file"));
            QVERIFY2(file.endsWith(QLatin1String(".dcm")), qPrintable(file));
            QCOMPARE(row.value(QStringLiteral("split")), pngSplitOfFile.value(file.section('.', 0, 0)));
            QVERIFY2(dicomRead.value("pixels").toObject().contains(file), qPrintable(file));
        }
        // Each file de-identified is audited as such (the one refused too), for the retraining export.
        int deidentified = 0;
        for (const pulmo::feedback::AuditEntry& entry : pulmo::feedback::AuditLog(database).entries()) {
            if (entry.action != QLatin1String("deidentify")) continue;
            ++deidentified;
            QVERIFY2(entry.detail.startsWith(QLatin1String("for=retraining export; options=basic profile")),
                     qPrintable(entry.detail));
        }
        QCOMPARE(deidentified, 13);
        QDirIterator dicomFiles(dicomOut, QDir::Files, QDirIterator::Subdirectories);
        while (dicomFiles.hasNext()) {
            QFile file(dicomFiles.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            for (const QString& secret : secrets)
                QVERIFY2(!bytes.contains(secret.toUtf8()),
                         qPrintable(QStringLiteral("%1 leaks %2").arg(dicomFiles.fileName(), secret)));
        }
    }

    /// The retraining manifest and the audit export, each written by pulmo-cli under C, de_DE.UTF-8
    /// and fr_FR.UTF-8: the same bytes in every locale, and a model name, a reader and a folder
    /// holding a comma, a double quote and a newline come back whole through Python's csv module.
    void csvExports_areTheSameInEveryLocale_andQuoteCommasQuotesAndNewlines()
    {
        const QString odd = QStringLiteral("odd, \"quoted\"\ntext");
        const QString images = m_work.filePath(QStringLiteral("odd-images"));
        QVERIFY(QDir().mkpath(images));
        const QString databasePath = m_work.filePath(QStringLiteral("odd.sqlite"));
        {
            FeedbackDatabase database(databasePath.toStdString());
            FeedbackStore store(database);
            for (int patient = 0; patient < 2; ++patient) {
                for (int image = 0; image < 2; ++image) {
                    pulmo::dicom::GrayImageSpec spec;
                    spec.rows = 32;
                    spec.columns = 24;
                    spec.patientId = "ODD" + std::to_string(patient);
                    spec.studyInstanceUid = "1.2.826.0.1.3680043.78." + std::to_string(patient);
                    spec.sopInstanceUid = spec.studyInstanceUid + ".1." + std::to_string(image);
                    for (int p = 0; p < 32 * 24; ++p) spec.storedValues.push_back((p * (5 + image)) % 4096);
                    const QString file = QDir(images).filePath(QStringLiteral("p%1_%2.dcm").arg(patient).arg(image));
                    pulmo::dicom::writeGrayImage(file.toStdString(), spec);
                    PredictionRecord prediction = samplePrediction(store, QString::fromStdString(spec.sopInstanceUid));
                    prediction.patientKey = store.patientKey(QString::fromStdString(spec.patientId), QString());
                    prediction.filePath = file;
                    prediction.modelName = odd;
                    prediction.label = image == 0 ? QStringLiteral("NORMAL") : QStringLiteral("PNEUMONIA");
                    const PredictionRecord stored = store.recordPrediction(prediction, odd);
                    store.recordVerdict(stored.id, QStringLiteral("agree"), {}, odd, odd);
                }
            }
        }
        QMap<QString, QByteArray> first;  // what the C locale wrote
        const auto sameAsInC = [&first](const QString& what, const QByteArray& bytes) {
            if (!first.contains(what)) first[what] = bytes;
            return bytes == first[what];
        };
        QStringList folders;
        for (const char* name : pulmo::test::kTestLocales) {
            const QString problem = pulmo::test::localeProblem(name);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            const QString out = m_work.filePath(QStringLiteral("odd, \"export\"\n%1").arg(QLatin1String(name)));
            const pulmo::test::Run exported =
                pulmo::test::run(QStringLiteral(PULMO_CLI_PATH),
                                 {QStringLiteral("export"), QStringLiteral("--db"), databasePath,
                                  QStringLiteral("--out"), out, QStringLiteral("--seed"), QStringLiteral("7")},
                                 pulmo::test::environmentWithLocale(name));
            QVERIFY2(exported.exitCode == 0, exported.err.constData());
            folders << out;
            const QByteArray manifest = fileBytes(QDir(out).filePath(QStringLiteral("manifest.csv")));
            QVERIFY2(sameAsInC(QStringLiteral("manifest"), manifest),
                     qPrintable(QStringLiteral("manifest.csv differs under %1:\n%2")
                                    .arg(QLatin1String(name), QString::fromUtf8(manifest))));
        }
        for (const char* name : pulmo::test::kTestLocales) {
            const QString csv = m_work.filePath(QStringLiteral("audit-%1.csv").arg(QLatin1String(name)));
            const pulmo::test::Run toFile =
                pulmo::test::run(QStringLiteral(PULMO_CLI_PATH),
                                 {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--db"),
                                  databasePath, QStringLiteral("-o"), csv},
                                 pulmo::test::environmentWithLocale(name));
            QVERIFY2(toFile.exitCode == 0, toFile.err.constData());
            const pulmo::test::Run toStdout = pulmo::test::run(
                QStringLiteral(PULMO_CLI_PATH),
                {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--db"), databasePath},
                pulmo::test::environmentWithLocale(name));
            QVERIFY2(toStdout.exitCode == 0, toStdout.err.constData());
            QCOMPARE(toStdout.out, fileBytes(csv));
            QVERIFY2(sameAsInC(QStringLiteral("audit"), toStdout.out),
                     qPrintable(QStringLiteral("the audit export differs under %1").arg(QLatin1String(name))));
        }

        QString error;
        const QList<QMap<QString, QString>> manifest =
            pulmo::test::csvRowsWithPython(QDir(folders[0]).filePath(QStringLiteral("manifest.csv")), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(manifest.size(), 4);
        for (const auto& row : manifest) {
            QCOMPARE(row.value(QStringLiteral("model_version")), odd + QStringLiteral(" 1"));
            QCOMPARE(row.value(QStringLiteral("hard_negative")), QStringLiteral("0"));
            QVERIFY(QFileInfo::exists(QDir(folders[0]).filePath(row.value(QStringLiteral("file")))));
        }
        const QList<QMap<QString, QString>> audit =
            pulmo::test::csvRowsWithPython(m_work.filePath(QStringLiteral("audit-C.csv")), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(audit.size(), 4 + 4 + 3);  // predictions, verdicts, exports
        QStringList exportedFolders;
        int byOddReader = 0;
        for (const auto& row : audit) {
            if (row.value(QStringLiteral("reader")) == odd) ++byOddReader;
            if (row.value(QStringLiteral("action")) == QLatin1String("prediction.recorded"))
                QVERIFY2(row.value(QStringLiteral("detail")).contains(QStringLiteral(" by ") + odd + QLatin1Char(' ')),
                         qPrintable(row.value(QStringLiteral("detail"))));
            if (row.value(QStringLiteral("action")) == QLatin1String("export.retraining"))
                exportedFolders << row.value(QStringLiteral("subject"));
            QCOMPARE(row.value(QStringLiteral("row_hash")).size(), 64);
        }
        QCOMPARE(byOddReader, 8);
        QCOMPARE(exportedFolders, folders);
    }

    /// The one CSV writer on its own: every awkward field comes back whole through Python's csv
    /// module, and numbers keep their decimal point under a decimal-comma locale.
    void csvWriter_fieldsRoundTripThroughPythonsCsv_andNumbersIgnoreTheLocale()
    {
        const QList<QStringList> rows{
            {QStringLiteral("plain"), QString(), QStringLiteral(" spaced ")},
            {QStringLiteral("a,b"), QStringLiteral("say \"hi\""), QStringLiteral("\"")},
            {QStringLiteral("line\nbreak"), QStringLiteral("carriage\rreturn"), QStringLiteral("both\r\nends")},
            {QStringLiteral("Äneas^Rüdiger"), QStringLiteral("ελληνικά"), QStringLiteral("日本語")}};
        const QString path = m_work.filePath(QStringLiteral("writer.csv"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            CsvWriter csv(file, path);
            for (const QStringList& row : rows) csv.writeRow(row);
        }
        QCOMPARE(CsvWriter::row({QStringLiteral("a,b"), QStringLiteral("x\"y")}), QByteArray("\"a,b\",\"x\"\"y\"\n"));
        QString error;
        const QList<QStringList> read = pulmo::test::readCsvWithPython(path, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(read, rows);
        // The product's reader (libcsv, used for an export's manifest.csv) reads what Python reads.
        QCOMPARE(pulmo::feedback::readCsvFile(path), rows);
        const QString broken = m_work.filePath(QStringLiteral("broken.csv"));
        {
            QFile file(broken);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write("file,patient_key\n\"left open,abc\n");
        }
        try {
            pulmo::feedback::readCsvFile(broken);
            QFAIL("a quote left open was read as CSV");
        } catch (const std::runtime_error& error) {
            QVERIFY2(QString::fromUtf8(error.what()).startsWith(broken + QStringLiteral(": not valid CSV")),
                     error.what());
        }

        const QString problem = pulmo::test::localeProblem("de_DE.UTF-8");
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const pulmo::test::ScopedLocale german("de_DE.UTF-8");
        QVERIFY(german.ok());
        QCOMPARE(CsvWriter::number(0.5), QStringLiteral("0.5"));
        QCOMPARE(CsvWriter::number(0.1 + 0.2), QStringLiteral("0.30000000000000004"));
        QCOMPARE(CsvWriter::number(0.123456789, 8), QStringLiteral("0.12345679"));
        QCOMPARE(CsvWriter::number(1e-7, 8), QStringLiteral("1e-07"));
        QCOMPARE(CsvWriter::number(std::nan("")), QString());
        QCOMPARE(CsvWriter::integer(-1234567), QStringLiteral("-1234567"));
    }

    void lockedDatabase_waitsThenRefusesClearly_andLosesNothing()
    {
        const std::string path = m_work.filePath(QStringLiteral("locked.sqlite")).toStdString();
        FeedbackDatabase first(path);
        FeedbackStore firstStore(first);
        const PredictionRecord prediction =
            firstStore.recordPrediction(samplePrediction(firstStore, QStringLiteral("7.7")), "dr.a");
        FeedbackDatabase second(path);  // another window or workstation on the same file
        FeedbackStore secondStore(second);
        QCOMPARE(execSql(first.handle(), "BEGIN IMMEDIATE"), SQLITE_OK);  // the other one holds the write lock
        QElapsedTimer waited;
        waited.start();
        try {
            secondStore.recordVerdict(prediction.id, QStringLiteral("agree"), {}, {}, QStringLiteral("dr.b"));
            QFAIL("a verdict was reported saved while another writer held the lock");
        } catch (const DatabaseError& error) {
            QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("locked")), error.what());
            QCOMPARE(int(error.kind()), int(DatabaseError::Kind::Locked));  // what the window words
            QVERIFY2(error.path() == path, error.path().c_str());
            QVERIFY2(QString::fromUtf8(error.what()).startsWith(QString::fromStdString(path)), error.what());
        }
        QVERIFY(waited.elapsed() >= 4000);  // it waited (busy timeout) before refusing
        QCOMPARE(execSql(first.handle(), "COMMIT"), SQLITE_OK);
        // Once free, the same verdict saves; nothing half-written was left.
        secondStore.recordVerdict(prediction.id, QStringLiteral("agree"), {}, {}, QStringLiteral("dr.b"));
        QCOMPARE(int(firstStore.history(prediction.id).size()), 1);
        QVERIFY(!AuditLog(first).verify().has_value());
    }

    void writer_waitsForALockOffTheCallersThread_thenSavesInOrder()
    {
        const QString path = m_work.filePath(QStringLiteral("writer.sqlite"));
        FeedbackDatabase other(path.toStdString());  // another workstation, holding the write lock
        QCOMPARE(execSql(other.handle(), "BEGIN IMMEDIATE"), SQLITE_OK);
        FeedbackWriter writer(path);
        writer.audit(QStringLiteral("dr.w"), QStringLiteral("image.open"), QStringLiteral("1.2.3"),
                     QStringLiteral("ok"));
        VerdictRequest request;
        request.prediction = samplePrediction(*std::make_unique<FeedbackStore>(other), QStringLiteral("1.2.3"));
        request.patientId = QStringLiteral("PID-1");
        request.patientName = QStringLiteral("DOE^JANE");
        request.verdict = QStringLiteral("agree");
        request.reader = QStringLiteral("dr.w");
        QObject context;
        std::optional<VerdictOutcome> outcome;
        writer.saveVerdict(request, &context, [&](const VerdictOutcome& result) { outcome = result; });
        int ticks = 0;
        QTimer clock;
        connect(&clock, &QTimer::timeout, [&] { ++ticks; });
        clock.start(10);
        QTest::qWait(1000);
        QVERIFY(!outcome.has_value());                              // not saved while the lock is held...
        QVERIFY2(ticks >= 50, qPrintable(QString::number(ticks)));  // ...and the caller's event loop ran meanwhile
        QCOMPARE(execSql(other.handle(), "COMMIT"), SQLITE_OK);
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10000);
        QVERIFY2(outcome->saved, qPrintable(outcome->error));
        QCOMPARE(outcome->prediction.patientKey,
                 FeedbackStore(other).patientKey(QStringLiteral("PID-1"), QStringLiteral("DOE^JANE")));
        const std::vector<AuditEntry> entries = AuditLog(other).entries();
        QCOMPARE(int(entries.size()), 3);  // in the order asked: the opening, the prediction, the verdict
        QCOMPARE(entries[0].action, QStringLiteral("image.open"));
        QCOMPARE(entries[2].reader, QStringLiteral("dr.w"));
        QVERIFY(!AuditLog(other).verify().has_value());
    }

    void fullOrReadOnlyDisk_refusesTheVerdictClearly_andLosesNothing()
    {
        // A real file system that fills up and then turns read-only: a 1 MiB tmpfs in a private
        // mount namespace (unshare maps the user to root inside it, so this needs no privilege).
        const QString model = m_work.filePath(QStringLiteral("disk-model.pt"));
        QCOMPARE(QProcess::execute(
                     QStringLiteral(PULMO_SYSTEM_PYTHON),
                     {QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/make_model.py"), model, QStringLiteral("linear")}),
                 0);
        const QString seed = m_work.filePath(QStringLiteral("disk-seed.sqlite"));
        const QString demo = QStringLiteral(PULMO_SOURCE_DIR "/resources/demo/");
        const auto add = [&](const QString& database, const QString& image) {
            return QStringList{QStringLiteral(PULMO_CLI_PATH),
                               QStringLiteral("feedback"),
                               QStringLiteral("--db"),
                               database,
                               QStringLiteral("add"),
                               QStringLiteral("--file"),
                               demo + image,
                               QStringLiteral("--verdict"),
                               QStringLiteral("agree"),
                               QStringLiteral("--model"),
                               model};
        };
        const QStringList first = add(seed, QStringLiteral("SYN1-0001.dcm"));
        QCOMPARE(QProcess::execute(first.front(), first.mid(1)), 0);

        const QString mount = m_work.filePath(QStringLiteral("small-disk"));
        QVERIFY(QDir().mkpath(mount));
        const QString database = mount + QStringLiteral("/feedback.sqlite");
        const QString report = m_work.filePath(QStringLiteral("disk-report"));
        QVERIFY(QDir().mkpath(report));
        const QString script = QStringLiteral(R"sh(
            set -u
            disk="$1"; db="$2"; seed="$3"; out="$4"; shift 4
            mount -t tmpfs -o size=1m tmpfs "$disk" || exit 90
            cp "$seed" "$db" || exit 91
            dd if=/dev/zero of="$disk/filler" bs=4k 2>/dev/null   # until the disk is full
            "$CLI" feedback --db "$db" add --file "$DEMO/SYN1-0002.dcm" --verdict agree --model "$MODEL" >"$out/full.out" 2>"$out/full.err"
            echo $? >"$out/full.rc"
            rm "$disk/filler"                                      # space again: the next save works
            "$CLI" feedback --db "$db" add --file "$DEMO/SYN1-0003.dcm" --verdict agree --model "$MODEL" >/dev/null 2>"$out/freed.err"
            echo $? >"$out/freed.rc"
            mount -o remount,ro "$disk" || exit 92
            "$CLI" feedback --db "$db" add --file "$DEMO/SYN1-0004.dcm" --verdict agree --model "$MODEL" >"$out/ro.out" 2>"$out/ro.err"
            echo $? >"$out/ro.rc"
            mount -o remount,rw "$disk" || exit 93
            cp "$db" "$out/after.sqlite" && { [ ! -e "$db-wal" ] || cp "$db-wal" "$out/after.sqlite-wal"; }
            )sh");
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("CLI"), QStringLiteral(PULMO_CLI_PATH));
        environment.insert(QStringLiteral("DEMO"), demo);
        environment.insert(QStringLiteral("MODEL"), model);
        QProcess shell;
        shell.setProcessEnvironment(environment);
        shell.start(QStringLiteral("unshare"),
                    {QStringLiteral("--map-root-user"), QStringLiteral("--mount"), QStringLiteral("sh"),
                     QStringLiteral("-c"), script, QStringLiteral("sh"), mount, database, seed, report});
        QVERIFY(shell.waitForFinished(300000));
        QVERIFY2(shell.exitCode() == 0, qPrintable(QStringLiteral("namespace set-up failed (%1): %2")
                                                       .arg(shell.exitCode())
                                                       .arg(QString::fromUtf8(shell.readAllStandardError()))));
        const auto read = [&](const QString& name) {
            QFile file(QDir(report).filePath(name));
            return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).trimmed()
                                                  : QStringLiteral("<missing>");
        };
        // Full: refused with the file and the reason, nothing reported saved.
        QVERIFY2(read(QStringLiteral("full.rc")) != QLatin1String("0"), qPrintable(read(QStringLiteral("full.out"))));
        QVERIFY2(read(QStringLiteral("full.err")).contains(database), qPrintable(read(QStringLiteral("full.err"))));
        QVERIFY2(read(QStringLiteral("full.err")).contains(QLatin1String("No space left on device")),
                 qPrintable(read(QStringLiteral("full.err"))));
        QVERIFY(!read(QStringLiteral("full.out")).contains(QLatin1String("agree")));
        QCOMPARE(read(QStringLiteral("freed.rc")), QStringLiteral("0"));
        // Read-only: refused likewise.
        QVERIFY2(read(QStringLiteral("ro.rc")) != QLatin1String("0"), qPrintable(read(QStringLiteral("ro.out"))));
        QVERIFY2(read(QStringLiteral("ro.err")).contains(database), qPrintable(read(QStringLiteral("ro.err"))));
        QVERIFY2(read(QStringLiteral("ro.err")).contains(QLatin1String("Read-only file system")),
                 qPrintable(read(QStringLiteral("ro.err"))));

        // What survived: the seed's verdict and the one saved after space was freed, intact.
        FeedbackDatabase after(QDir(report).filePath(QStringLiteral("after.sqlite")).toStdString());
        const std::vector<ReviewedImage> reviewed = FeedbackStore(after).reviewed();
        QCOMPARE(int(reviewed.size()), 2);
        QVERIFY(!AuditLog(after).verify().has_value());
        sqlite3_stmt* check = nullptr;
        QCOMPARE(sqlite3_prepare_v2(after.handle(), "PRAGMA integrity_check", -1, &check, nullptr), SQLITE_OK);
        QCOMPARE(sqlite3_step(check), SQLITE_ROW);
        QCOMPARE(QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(check, 0))), QStringLiteral("ok"));
        sqlite3_finalize(check);
    }

    void killedWriter_losesNoVerdictItReportedSaved()
    {
        // A database with one prediction, then a writer that agrees again and again, killed at a
        // random moment, 200 times over. Every "saved N" it printed must be in the database.
        const QString database = m_work.filePath(QStringLiteral("kill.sqlite"));
        const QString image = QStringLiteral(PULMO_SOURCE_DIR "/resources/demo/SYN1-0001.dcm");
        {
            FeedbackDatabase db(database.toStdString());
            FeedbackStore store(db);
            PredictionRecord prediction =
                samplePrediction(store, QStringLiteral("1.2.276.0.7230010.3.1.4.8323328.16568.1795783292.132257"));
            store.recordPrediction(prediction, QStringLiteral("setup"));
        }
        QSet<qint64> reported;
        QRandomGenerator random(20261127);
        for (int round = 0; round < 200; ++round) {
            QProcess writer;
            writer.start(QStringLiteral(PULMO_CLI_PATH), {QStringLiteral("feedback"), QStringLiteral("--db"), database,
                                                          QStringLiteral("stress"), QStringLiteral("--file"), image});
            QVERIFY(writer.waitForStarted(10000));
            // Kill it mid-stream: once it has reported a first save, after a random few milliseconds
            // (a slow start on a loaded machine must not turn this into killing it before it writes).
            QVERIFY(writer.waitForReadyRead(30000));
            QThread::msleep(random.bounded(40));
            ::kill(pid_t(writer.processId()), SIGKILL);
            QVERIFY(writer.waitForFinished(10000));
            for (const QByteArray& line : writer.readAllStandardOutput().split('\n'))
                if (line.startsWith("saved ")) reported.insert(line.mid(6).toLongLong());
        }
        QVERIFY2(reported.size() > 50, "the writer hardly wrote: the test proves nothing");
        FeedbackDatabase db(database.toStdString());
        sqlite3_stmt* statement = nullptr;
        QCOMPARE(sqlite3_prepare_v2(db.handle(), "PRAGMA integrity_check", -1, &statement, nullptr), SQLITE_OK);
        QCOMPARE(sqlite3_step(statement), SQLITE_ROW);
        QCOMPARE(QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0))),
                 QStringLiteral("ok"));
        sqlite3_finalize(statement);
        QSet<qint64> stored;
        QCOMPARE(sqlite3_prepare_v2(db.handle(), "SELECT id FROM verdicts", -1, &statement, nullptr), SQLITE_OK);
        while (sqlite3_step(statement) == SQLITE_ROW) stored.insert(sqlite3_column_int64(statement, 0));
        sqlite3_finalize(statement);
        for (const qint64 id : reported)
            QVERIFY2(stored.contains(id), qPrintable(QStringLiteral("verdict %1 was lost").arg(id)));
        QVERIFY(!AuditLog(db).verify().has_value());
        qInfo("%lld verdicts reported saved across 200 kills, all present; %lld stored", qint64(reported.size()),
              qint64(stored.size()));
    }
};

QTEST_GUILESS_MAIN(TestFeedback)
#include "tst_feedback.moc"
