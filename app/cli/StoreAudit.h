#pragma once
// --audit-db and --reader of the sub-commands that C-STORE (send, results): one audit row per
// peer and batch (who, when, which SOP Instance UIDs, which peer, the outcome), as the window's
// and the node's transfers are audited through the outbox (app/common/ResultDelivery).

#include "net/StoreScu.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <string>
#include <vector>

namespace pulmo::cli {

class StoreAudit {
public:
    /// Adds --audit-db PATH and --reader NAME to `parser`.
    explicit StoreAudit(QCommandLineParser& parser);
    /// Appends the row for one association's outcomes (or its network error) when --audit-db is
    /// given. Throws std::runtime_error when it cannot be written: a transfer that must be audited
    /// is then reported as failed.
    void record(const QCommandLineParser& parser, const std::string& peerAddress,
                const std::vector<net::StoreOutcome>& outcomes, const std::string& networkError = {}) const;

private:
    QCommandLineOption m_database;
    QCommandLineOption m_reader;
};

}  // namespace pulmo::cli
