#include "PacsAudit.h"

namespace pulmo::app {

QString retrieveAuditDetail(const net::RetrieveResult& result)
{
    QString detail =
        QStringLiteral("from %1 by %2: %3 of %4 instances here (%5 stored now, %6 already present), %7 failed")
            .arg(QString::fromStdString(result.peerAddress),
                 result.method == net::RetrieveMethod::Get ? QStringLiteral("C-GET") : QStringLiteral("C-MOVE"))
            .arg(result.stored + result.alreadyPresent)
            .arg(result.expected)
            .arg(result.stored)
            .arg(result.alreadyPresent)
            .arg(int(result.failedSopInstanceUids.size()));
    if (!result.error.empty()) detail += QStringLiteral("; ") + QString::fromStdString(result.error);
    return detail;
}

}  // namespace pulmo::app
