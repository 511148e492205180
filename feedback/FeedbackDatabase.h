#pragma once
// The feedback database: primary data (verdicts, predictions, audit), never a cache. SQLite in WAL
// mode with synchronous=FULL, foreign keys on, and numbered schema migrations applied in one
// transaction each. Kept apart from the rebuildable study index.

#include <stdexcept>
#include <string>

struct sqlite3;

namespace pulmo::feedback {

class DatabaseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class FeedbackDatabase {
public:
    /// The schema version this build writes; migrations 1..kSchemaVersion are applied on open.
    static constexpr int kSchemaVersion = 2;

    /// Opens (creating if needed) and migrates the database at `path`. Throws DatabaseError naming
    /// the file and SQLite's reason; refuses a database written by a newer Pulmo.
    explicit FeedbackDatabase(const std::string& path);
    ~FeedbackDatabase();
    FeedbackDatabase(const FeedbackDatabase&) = delete;
    FeedbackDatabase& operator=(const FeedbackDatabase&) = delete;

    const std::string& path() const { return m_path; }
    int schemaVersion() const;
    /// The pragma values in force, for tests and diagnostics.
    std::string journalMode() const;
    int synchronousLevel() const;
    bool foreignKeysEnabled() const;

    /// The raw handle, for the stores built on this database. Owned by this object; one thread.
    sqlite3* handle() const { return m_db; }
    /// Runs SQL without results; throws DatabaseError naming the file.
    void executeSql(const std::string& sql) const { execute(sql); }
    long long lastInsertId() const;
    /// SQLite's message for the last failure on this connection, with the operating system's
    /// reason where the failure came from the file system ("disk I/O error (No space left on
    /// device)"), so that a reader is told why a save failed.
    std::string lastError() const;

private:
    void execute(const std::string& sql) const;
    int queryInt(const std::string& sql) const;
    std::string queryText(const std::string& sql) const;
    void migrate();

    std::string m_path;
    sqlite3* m_db = nullptr;
};

}  // namespace pulmo::feedback
