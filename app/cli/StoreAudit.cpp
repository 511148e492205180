#include "StoreAudit.h"

#include "AuditLog.h"
#include "FeedbackDatabase.h"
#include "FeedbackStore.h"

#include <QStringList>

#include <stdexcept>

namespace pulmo::cli {

StoreAudit::StoreAudit(QCommandLineParser& parser)
    : m_database(QStringLiteral("audit-db"),
                 QStringLiteral("Feedback database whose audit log records each C-STORE (who, when, which "
                                "instances to which peer, the outcome); the command fails if it cannot be recorded."),
                 QStringLiteral("PATH")),
      m_reader(QStringLiteral("reader"), QStringLiteral("Who sends, for the audit log (default: the OS user)."),
               QStringLiteral("NAME"))
{
    parser.addOptions({m_database, m_reader});
}

void StoreAudit::record(const QCommandLineParser& parser, const std::string& peerAddress,
                        const std::vector<net::StoreOutcome>& outcomes, const std::string& networkError) const
{
    if (!parser.isSet(m_database)) return;
    int stored = 0;
    QStringList parts;
    for (const net::StoreOutcome& outcome : outcomes) {
        stored += outcome.stored() ? 1 : 0;
        parts << QStringLiteral("%1=%2").arg(
            QString::fromStdString(outcome.sopInstanceUid.empty() ? outcome.filePath : outcome.sopInstanceUid),
            QString::fromLatin1(net::toString(outcome.state)));
    }
    const QString outcome = !networkError.empty() || stored == 0 ? QStringLiteral("failed")
                            : stored == int(outcomes.size())     ? QStringLiteral("ok")
                                                                 : QStringLiteral("partial");
    QString detail = parts.join(QStringLiteral(", "));
    if (!networkError.empty()) detail += QStringLiteral("; ") + QString::fromStdString(networkError);
    try {
        feedback::FeedbackDatabase database(parser.value(m_database).toStdString());
        feedback::AuditLog(database).append(
            parser.isSet(m_reader) ? parser.value(m_reader) : feedback::FeedbackStore::defaultReader(),
            QStringLiteral("pacs.store"), QString::fromStdString(peerAddress), outcome, detail);
    } catch (const std::exception& error) {
        throw std::runtime_error(std::string("not recorded in the audit log: ") + error.what());
    }
}

}  // namespace pulmo::cli
