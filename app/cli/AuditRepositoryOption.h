#pragma once
// --audit-repository URL on every pulmo-cli command that audits (issue 21 item 3): taken off the
// command line before the command parses it, and after the command, the rows it wrote (and any that
// waited from earlier runs) go to the audit record repository for at most a few seconds. A
// repository that does not answer never fails the command: its rows wait in the database.

#include <QString>
#include <QStringList>

namespace pulmo::cli {

struct AuditRepositoryOption {
    QString url;  ///< empty: none
    QString trustedCa;
    QString certificate;
    QString privateKey;
    QString database;  ///< the command's --db or --audit-db
};

/// Removes --audit-repository URL and --audit-tls-ca/-certificate/-key FILE from `arguments`.
/// Throws UsageError for a URL that is none, or when the command names no audit database.
AuditRepositoryOption takeAuditRepositoryOption(QStringList& arguments);
/// Sends what waits; says on stderr what could not be sent. Never throws.
void forwardAudit(const AuditRepositoryOption& option);

}  // namespace pulmo::cli
