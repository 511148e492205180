// The feedback database is primary data: WAL, synchronous=FULL, foreign keys, numbered migrations,
// and an audit table that refuses edits and deletions.
#include "FeedbackDatabase.h"

#include <QtTest>

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
