#pragma once
// Audit rows as IHE ATNA messages (issue 21 item 3): each row of the audit chain becomes a DICOM
// audit message (PS3.15 Annex A.5: EventIdentification with a DCM event code, ActiveParticipant for
// the reader and the application, AuditSourceIdentification, ParticipantObjectIdentification for
// the subject) inside one RFC 5424 syslog message, on one line. The row's id, hash and previous
// hash travel in a structured-data element, so that what a repository received anchors the chain
// (`pulmo-cli audit verify --against LOG`).

#include "AuditLog.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace pulmo::feedback {

/// Who sends the audit messages.
struct AuditSource {
    QString applicationName = QStringLiteral("pulmo");  ///< syslog APP-NAME: pulmo, pulmo-cli, pulmo-node
    QString aeTitle;         ///< the application's AE title, when it has one (ActiveParticipant UserID)
    QString hostName;        ///< syslog HOSTNAME and NetworkAccessPointID
    QString processId;       ///< syslog PROCID, ActiveParticipant AlternativeUserID
    QString enterpriseSite;  ///< AuditEnterpriseSiteID, optional
    /// AuditSourceTypeCode: 1 an end-user display device (the workstation), 4 an application
    /// server (the node), 9 other (pulmo-cli).
    int sourceType = 1;
};

/// The DICOM audit event an audit action is reported as.
struct AtnaEvent {
    QString eventId;       ///< DCM code of CID 400, e.g. 110103
    QString eventMeaning;  ///< "DICOM Instances Accessed"
    QChar actionCode;      ///< C, R, U, D or E
};
AtnaEvent atnaEventFor(const QString& action);
/// EventOutcomeIndicator: 0 for ok/passed, 4 for a refusal, 8 for anything else.
int atnaOutcomeFor(const QString& outcome);

/// The DICOM audit message of one row: XML without line breaks (UTF-8).
QByteArray auditMessageXml(const AuditEntry& entry, const AuditSource& source);
/// The RFC 5424 message carrying it: PRI 85 (authpriv.notice), MSGID IHE+RFC-3881, the row in the
/// structured data [pulmo-audit@32473 row="…" hash="…" previous="…"], the XML after a UTF-8 BOM.
QByteArray syslogMessage(const AuditEntry& entry, const AuditSource& source);

/// What a repository kept of one message: the row it carried.
struct AuditAnchor {
    qint64 rowId = 0;
    QString rowHash;
    QString previousHash;
    int line = 0;  ///< 1-based line in the repository's file
};
/// The anchor in one line of a collector's file (any prefix the collector adds is skipped); nothing
/// when the line carries no Pulmo audit row.
std::optional<AuditAnchor> parseAnchor(const QByteArray& line);

/// The database's chain against what the repository received.
struct RepositoryComparison {
    std::vector<qint64> missingFromDatabase;    ///< received, but no such row here: deleted
    std::vector<qint64> missingFromRepository;  ///< here, never received
    std::vector<qint64> differing;              ///< received with another hash: changed since
    qint64 newestReceived = 0;
    qint64 newestInDatabase = 0;
    int linesRead = 0;
    int anchors = 0;
    bool intact() const { return missingFromDatabase.empty() && missingFromRepository.empty() && differing.empty(); }
};
RepositoryComparison compareWithRepository(const std::vector<AuditEntry>& entries,
                                           const std::vector<AuditAnchor>& anchors);

}  // namespace pulmo::feedback
