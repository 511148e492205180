#pragma once
// Private to the study index: SQLite's C API behind a prepared statement that finalises itself and
// errors that name the database file.

#include "index/IndexError.h"

#include <QString>

#include <sqlite3.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace pulmo::index::detail {

/// Thrown when SQLite says the file is not a database or is damaged: the caller may replace it.
/// An IndexError of Kind::Corrupt, so that damage found during a query reaches the user as a damaged
/// index, in the user's language.
class CorruptDatabase : public IndexError {
public:
    CorruptDatabase(std::string path, const std::string& message, std::vector<std::string> arguments = {})
        : IndexError(Kind::Corrupt, std::move(path), message, std::move(arguments))
    {
    }
};

[[noreturn]] inline void throwSqlite(sqlite3* db, const QString& databasePath, const char* what)
{
    const int code = sqlite3_errcode(db);
    const std::string reason = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    const std::string message = databasePath.toStdString() + ": " + what + ": " + reason;
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
        throw CorruptDatabase(databasePath.toStdString(), message, {reason});
    throw IndexError(IndexError::Kind::Failed, databasePath.toStdString(), message, {reason});
}

/// One prepared statement, finalised when it goes out of scope. Parameters are 1-based.
class Statement {
public:
    Statement(sqlite3* db, const QString& databasePath, const QString& sql) : m_db(db), m_path(databasePath)
    {
        const QByteArray text = sql.toUtf8();
        if (sqlite3_prepare_v2(db, text.constData(), int(text.size()), &m_statement, nullptr) != SQLITE_OK)
            throwSqlite(db, databasePath, "cannot prepare a query");
    }
    ~Statement() { sqlite3_finalize(m_statement); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int parameter, const QString& value)
    {
        const QByteArray text = value.toUtf8();
        sqlite3_bind_text(m_statement, parameter, text.constData(), int(text.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int parameter, qint64 value)
    {
        sqlite3_bind_int64(m_statement, parameter, value);
        return *this;
    }
    Statement& bind(int parameter, int value) { return bind(parameter, qint64(value)); }

    /// Steps once: true while there is a row to read.
    bool next()
    {
        const int result = sqlite3_step(m_statement);
        if (result == SQLITE_ROW) return true;
        if (result == SQLITE_DONE) return false;
        throwSqlite(m_db, m_path, "query failed");
    }
    /// Runs a statement that returns no rows, and makes it ready for new parameters.
    void execute()
    {
        next();
        reset();
    }
    void reset()
    {
        sqlite3_reset(m_statement);
        sqlite3_clear_bindings(m_statement);
    }

    QString text(int column) const
    {
        const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, column));
        return data ? QString::fromUtf8(data, sqlite3_column_bytes(m_statement, column)) : QString();
    }
    qint64 integer(int column) const { return sqlite3_column_int64(m_statement, column); }

private:
    sqlite3* m_db;
    QString m_path;
    sqlite3_stmt* m_statement = nullptr;
};

}  // namespace pulmo::index::detail
