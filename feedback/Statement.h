#pragma once
// Prepared statements and RAII transactions on the feedback database (private to feedback/).

#include "FeedbackDatabase.h"

#include <QString>

#include <sqlite3.h>

namespace pulmo::feedback {

class Statement {
public:
    Statement(const FeedbackDatabase& database, const char* sql) : m_database(database)
    {
        if (sqlite3_prepare_v2(database.handle(), sql, -1, &m_statement, nullptr) != SQLITE_OK)
            throw database.failure();
    }
    ~Statement() { sqlite3_finalize(m_statement); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, const QString& value)
    {
        const QByteArray bytes = value.toUtf8();
        sqlite3_bind_text(m_statement, index, bytes.constData(), int(bytes.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int index, qint64 value)
    {
        sqlite3_bind_int64(m_statement, index, value);
        return *this;
    }
    Statement& bind(int index, double value)
    {
        sqlite3_bind_double(m_statement, index, value);
        return *this;
    }
    Statement& bind(int index, const QByteArray& bytes)
    {
        sqlite3_bind_blob(m_statement, index, bytes.constData(), int(bytes.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bindNull(int index)
    {
        sqlite3_bind_null(m_statement, index);
        return *this;
    }
    /// True while there is a row.
    bool step()
    {
        const int status = sqlite3_step(m_statement);
        if (status == SQLITE_ROW) return true;
        if (status == SQLITE_DONE) return false;
        throw m_database.failure();
    }
    void run() { step(); }
    /// Ready to run again with new bindings.
    void reset()
    {
        sqlite3_reset(m_statement);
        sqlite3_clear_bindings(m_statement);
    }
    QString text(int column) const
    {
        const auto* value = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, column));
        return value ? QString::fromUtf8(value) : QString();
    }
    qint64 integer(int column) const { return sqlite3_column_int64(m_statement, column); }
    double real(int column) const { return sqlite3_column_double(m_statement, column); }
    bool isNull(int column) const { return sqlite3_column_type(m_statement, column) == SQLITE_NULL; }
    QByteArray blob(int column) const
    {
        return QByteArray(static_cast<const char*>(sqlite3_column_blob(m_statement, column)),
                          sqlite3_column_bytes(m_statement, column));
    }

private:
    const FeedbackDatabase& m_database;
    sqlite3_stmt* m_statement = nullptr;
};

/// BEGIN IMMEDIATE on construction (nested use joins the open transaction), ROLLBACK unless
/// commit() ran. Destructors never throw.
class Transaction {
public:
    explicit Transaction(FeedbackDatabase& database) : m_database(database)
    {
        m_owner = sqlite3_get_autocommit(database.handle()) != 0;
        if (m_owner) database.executeSql("BEGIN IMMEDIATE");
    }
    ~Transaction()
    {
        if (m_owner && !m_committed) sqlite3_exec(m_database.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    void commit()
    {
        if (m_owner) m_database.executeSql("COMMIT");
        m_committed = true;
    }

private:
    FeedbackDatabase& m_database;
    bool m_owner = false;
    bool m_committed = false;
};

}  // namespace pulmo::feedback
