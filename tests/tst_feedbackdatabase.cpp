// The feedback database is primary data: WAL, synchronous=FULL, foreign keys, numbered migrations,
// and an audit table that refuses edits and deletions.
#include "FeedbackDatabase.h"

#include <QtTest>

#include <tuple>

#include <QTemporaryDir>

#include <sqlite3.h>

using namespace pulmo::feedback;

class TestFeedbackDatabase : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void open_setsDurabilityPragmasAndMigratesToTheCurrentSchema()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("feedback.sqlite")).toStdString();
        FeedbackDatabase database(path);
        QCOMPARE(QString::fromStdString(database.journalMode()), QStringLiteral("wal"));
        QCOMPARE(database.synchronousLevel(), 2);  // FULL
        QVERIFY(database.foreignKeysEnabled());
        QCOMPARE(database.schemaVersion(), FeedbackDatabase::kSchemaVersion);
    }

    void reopen_keepsDataAndDoesNotMigrateTwice()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("feedback.sqlite")).toStdString();
        {
            FeedbackDatabase database(path);
            QCOMPARE(sqlite3_exec(database.handle(),
                                  "INSERT INTO audit_log(occurred_utc, reader, action, previous_hash, row_hash) "
                                  "VALUES('2026-11-27T12:00:00Z', 'dr.a', 'open', '', 'h1')",
                                  nullptr, nullptr, nullptr),
                     SQLITE_OK);
        }
        FeedbackDatabase reopened(path);
        sqlite3_stmt* statement = nullptr;
        QCOMPARE(sqlite3_prepare_v2(reopened.handle(), "SELECT count(*) FROM audit_log", -1, &statement, nullptr),
                 SQLITE_OK);
        QCOMPARE(sqlite3_step(statement), SQLITE_ROW);
        QCOMPARE(sqlite3_column_int(statement, 0), 1);
        sqlite3_finalize(statement);
    }

    void schema3Database_migratesToTheOutboxSchemaKeepingItsRows()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("feedback.sqlite")).toStdString();
        {
            // A schema-3 database as Pulmo before the outbox left it: migrations 1..3 are never
            // edited, so today's steps 1..3 with steps 4 to 8 undone are exactly that.
            FeedbackDatabase database(path);
            QCOMPARE(sqlite3_exec(database.handle(),
                                  "DROP TABLE audit_delivery; DROP TABLE golden_outputs; DROP TABLE golden_runs; DROP "
                                  "TABLE outbox; DROP TABLE "
                                  "monitoring_observations; "
                                  "DROP TABLE monitoring_days; PRAGMA user_version=3;"
                                  "INSERT INTO audit_log(occurred_utc, reader, action, previous_hash, row_hash) "
                                  "VALUES('2026-11-27T12:00:00Z', 'dr.a', 'open', '', 'h1');"
                                  "INSERT INTO predictions(sop_instance_uid, patient_key, model_name, model_version, "
                                  "model_sha256, probabilities, label, threshold, created_utc) VALUES('1.2.3', 'k', "
                                  "'demo', '1', 'ab', '{}', 'NORMAL', 0.5, '2026-11-27T12:00:00.000Z');"
                                  "INSERT INTO verdicts(prediction_id, verdict, reader, created_utc) "
                                  "VALUES(1, 'agree', 'dr.a', '2026-11-27T12:01:00.000Z');",
                                  nullptr, nullptr, nullptr),
                     SQLITE_OK);
            QCOMPARE(database.schemaVersion(), 3);
        }
        FeedbackDatabase migrated(path);
        QCOMPARE(migrated.schemaVersion(), 8);
        QCOMPARE(FeedbackDatabase::kSchemaVersion, 8);
        for (const char* table : {"audit_log", "predictions", "verdicts"}) {
            sqlite3_stmt* statement = nullptr;
            const std::string sql = std::string("SELECT count(*) FROM ") + table;
            QCOMPARE(sqlite3_prepare_v2(migrated.handle(), sql.c_str(), -1, &statement, nullptr), SQLITE_OK);
            QCOMPARE(sqlite3_step(statement), SQLITE_ROW);
            QVERIFY2(sqlite3_column_int(statement, 0) == 1, table);
            sqlite3_finalize(statement);
        }
        // The outbox is there, empty, with its columns, and refuses the same object twice for one peer.
        const char* insert =
            "INSERT INTO outbox(peer, study_uid, source_sop_uid, sop_uid, file_path, kind, state, attempts, "
            "created_utc, next_attempt_utc, sent_utc, last_error) VALUES('A@h:1', '1.2', '1.2.3', '1.2.3.4', '/r.dcm', "
            "'sr', 'pending', 0, '2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000Z', NULL, '')";
        QCOMPARE(sqlite3_exec(migrated.handle(), insert, nullptr, nullptr, nullptr), SQLITE_OK);
        QVERIFY(sqlite3_exec(migrated.handle(), insert, nullptr, nullptr, nullptr) != SQLITE_OK);
        QVERIFY(sqlite3_exec(migrated.handle(), "UPDATE outbox SET state = 'lost'", nullptr, nullptr, nullptr) !=
                SQLITE_OK);
    }

    void schema5Observations_getTheirAnswerFromTheirLabel()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("feedback.sqlite")).toStdString();
        {
            // A schema-5 database: today's with steps 6 to 8 undone, and three observations in it.
            FeedbackDatabase database(path);
            std::string sql =
                "DROP TABLE audit_delivery; DROP TABLE golden_outputs; DROP TABLE golden_runs;"
                "ALTER TABLE monitoring_observations DROP COLUMN positive;"
                "ALTER TABLE monitoring_observations DROP COLUMN indeterminate; PRAGMA user_version=5;";
            int n = 0;
            for (const char* label : {"NORMAL", "PNEUMONIA", "INDETERMINATE"})
                sql += std::string(
                           "INSERT INTO monitoring_observations(observed_utc, day, source, model_sha256, "
                           "sop_instance_uid, label, probability, input_mean, input_sd, input_p01, input_p50, "
                           "input_p99, input_histogram) VALUES('2026-12-01T10:00:00.000Z', '2026-12-01', "
                           "'cli', 'ab', '1.2.") +
                       std::to_string(++n) + "', '" + label + "', 0.5, 1, 1, 1, 1, 1, zeroblob(256));";
            QCOMPARE(sqlite3_exec(database.handle(), sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
        }
        FeedbackDatabase migrated(path);
        QCOMPARE(migrated.schemaVersion(), 8);
        sqlite3_stmt* statement = nullptr;
        QCOMPARE(sqlite3_prepare_v2(migrated.handle(),
                                    "SELECT label, positive, indeterminate FROM monitoring_observations ORDER BY id",
                                    -1, &statement, nullptr),
                 SQLITE_OK);
        for (const auto& [label, positive, indeterminate] :
             {std::tuple{"NORMAL", 0, 0}, std::tuple{"PNEUMONIA", 1, 0}, std::tuple{"INDETERMINATE", 0, 1}}) {
            QCOMPARE(sqlite3_step(statement), SQLITE_ROW);
            QCOMPARE(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), label);
            QCOMPARE(sqlite3_column_int(statement, 1), positive);
            QCOMPARE(sqlite3_column_int(statement, 2), indeterminate);
        }
        sqlite3_finalize(statement);
    }

    void auditLog_refusesUpdateAndDelete()
    {
        QTemporaryDir dir;
        FeedbackDatabase database(dir.filePath(QStringLiteral("feedback.sqlite")).toStdString());
        sqlite3* db = database.handle();
        QCOMPARE(sqlite3_exec(db,
                              "INSERT INTO audit_log(occurred_utc, reader, action, previous_hash, row_hash) "
                              "VALUES('2026-11-27T12:00:00Z', 'dr.a', 'open', '', 'h1')",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
        QVERIFY(sqlite3_exec(db, "UPDATE audit_log SET reader='mallory'", nullptr, nullptr, nullptr) != SQLITE_OK);
        QVERIFY(QString::fromUtf8(sqlite3_errmsg(db)).contains(QStringLiteral("append-only")));
        QVERIFY(sqlite3_exec(db, "DELETE FROM audit_log", nullptr, nullptr, nullptr) != SQLITE_OK);
    }

    void newerSchema_isRefusedWithTheFileName()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("future.sqlite")).toStdString();
        sqlite3* raw = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
        QCOMPARE(sqlite3_exec(raw, "PRAGMA user_version=99", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(raw);
        try {
            FeedbackDatabase database(path);
            QFAIL("a database from a newer Pulmo was opened");
        } catch (const DatabaseError& error) {
            QVERIFY(QString::fromUtf8(error.what()).startsWith(QString::fromStdString(path)));
            QVERIFY(QString::fromUtf8(error.what()).contains(QStringLiteral("99")));
        }
    }

    void unopenablePath_isRefusedWithTheFileName()
    {
        try {
            FeedbackDatabase database("/nonexistent-folder/feedback.sqlite");
            QFAIL("opened a database in a folder that does not exist");
        } catch (const DatabaseError& error) {
            QVERIFY(QString::fromUtf8(error.what()).startsWith(QStringLiteral("/nonexistent-folder/feedback.sqlite")));
        }
    }
};

QTEST_GUILESS_MAIN(TestFeedbackDatabase)
#include "tst_feedbackdatabase.moc"
