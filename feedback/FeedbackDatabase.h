#pragma once
// The feedback database: primary data (verdicts, predictions, audit), never a cache. SQLite in WAL
// mode with synchronous=FULL, foreign keys on, and numbered schema migrations applied in one
// transaction each. Kept apart from the rebuildable study index.

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

struct sqlite3;

namespace pulmo::feedback {

/// A failure of the feedback database: its kind and parameters, so that the application can word
/// it in the user's language, and what() in English ("FILE: reason") for the CLI and logs.
class DatabaseError : public std::runtime_error {
public:
    /// What went wrong. The parameters each kind carries (arguments()) are listed beside it; the
    /// database file is path().
    enum class Kind {
        CannotOpen,    ///< SQLite's or the system's reason (English, for logs)
        ReadOnly,      ///< - (read-only file system or share, no permission)
        DiskFull,      ///< -
        Locked,        ///< seconds waited for another program's lock
        SchemaTooNew,  ///< the file's schema version, the newest this build knows
        Corrupt,       ///< SQLite's reason (English, for logs)
        Other,         ///< the English reason; rare internal failures only
    };
    static constexpr Kind kLastKind = Kind::Other;

    /// `message` is the whole of what(), naming the file.
    DatabaseError(Kind kind, std::string path, const std::string& message, std::vector<std::string> arguments = {})
        : std::runtime_error(message), m_kind(kind), m_path(std::move(path)), m_arguments(std::move(arguments))
    {
        if (m_kind == Kind::Other && m_arguments.empty()) m_arguments.push_back(message);
    }
    /// A failure without a kind of its own (Kind::Other), `message` naming the file.
    explicit DatabaseError(const std::string& message) : DatabaseError(Kind::Other, {}, message) {}

    Kind kind() const noexcept { return m_kind; }
    const std::string& path() const noexcept { return m_path; }
    const std::vector<std::string>& arguments() const noexcept { return m_arguments; }

private:
    Kind m_kind;
    std::string m_path;
    std::vector<std::string> m_arguments;
};

/// A stable lower-case name of the kind ("disk_full"), for JSON and logs.
const char* toString(DatabaseError::Kind kind);

class FeedbackDatabase {
public:
    /// The schema version this build writes; migrations 1..kSchemaVersion are applied on open.
    static constexpr int kSchemaVersion = 8;

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
    /// Rows the last statement inserted, updated or deleted.
    int changes() const;
    /// SQLite's message for the last failure on this connection, with the operating system's
    /// reason where the failure came from the file system ("disk I/O error (No space left on
    /// device)"), so that a reader is told why a save failed.
    std::string lastError() const;
    /// The last failure on this connection as a DatabaseError of the right kind (disk full,
    /// read-only, locked, corrupt), naming the file.
    DatabaseError failure() const;

private:
    void execute(const std::string& sql) const;
    int queryInt(const std::string& sql) const;
    std::string queryText(const std::string& sql) const;
    void migrate();

    std::string m_path;
    sqlite3* m_db = nullptr;
};

}  // namespace pulmo::feedback
