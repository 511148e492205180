#include "DeidentifyRun.h"

#include "AuditLog.h"
#include "FeedbackDatabase.h"
#include "FeedbackStore.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

namespace pulmo::app {

std::vector<DeidInput> collectDeidInputs(const QStringList& filesAndFolders)
{
    std::vector<DeidInput> inputs;
    for (const QString& argument : filesAndFolders) {
        if (!QFileInfo(argument).isDir()) {
            inputs.push_back({argument, false});
            continue;
        }
        QStringList files;
        QDirIterator it(argument, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            if (QFileInfo(file).fileName().compare(QLatin1String("DICOMDIR"), Qt::CaseInsensitive) == 0) continue;
            files << file;
        }
        files.sort();  // the same order on every run
        for (const QString& file : files) inputs.push_back({file, true});
    }
    return inputs;
}

DeidAuditRow deidAuditRow(const deid::DeidOutcome& outcome, const QString& recipient, const deid::DeidOptions& options)
{
    QStringList names;
    for (const std::string& name : options.names()) names << QString::fromStdString(name);
    const QString optionText = names.isEmpty() ? QStringLiteral("basic profile") : names.join(QLatin1Char(','));
    const QString forWhom = recipient.trimmed().isEmpty() ? QStringLiteral("unspecified") : recipient.trimmed();
    DeidAuditRow row;
    row.detail = QStringLiteral("for=%1; options=%2").arg(forWhom, optionText);
    row.result = QStringLiteral("ok");
    switch (outcome.status) {
        case deid::DeidOutcome::Status::Written:
            row.detail += QStringLiteral("; output=%1").arg(QString::fromStdString(outcome.sopInstanceUid));
            break;
        case deid::DeidOutcome::Status::Refused:
            row.result = QStringLiteral("refused: ") + QString::fromStdString(outcome.reason);
            break;
        case deid::DeidOutcome::Status::Failed:
            row.result = QStringLiteral("failed: ") + QString::fromStdString(outcome.reason);
            break;
    }
    row.subject = outcome.originalSopInstanceUid.empty() ? QString::fromStdString(outcome.inputPath)
                                                         : QString::fromStdString(outcome.originalSopInstanceUid);
    return row;
}

void auditDeidentified(feedback::FeedbackDatabase& database, const deid::DeidOutcome& outcome, const QString& recipient,
                       const deid::DeidOptions& options, const QString& reader)
{
    const DeidAuditRow row = deidAuditRow(outcome, recipient, options);
    feedback::AuditLog(database).append(reader, QStringLiteral("deidentify"), row.subject, row.result, row.detail);
}

DeidSummary deidentifyAndAudit(feedback::FeedbackDatabase& database, const std::vector<DeidInput>& inputs,
                               const QString& outputFolder, const deid::DeidOptions& options, const QString& recipient,
                               const QString& reader, const std::function<void(const DeidItem&)>& each,
                               const std::function<bool()>& cancelled)
{
    feedback::FeedbackStore store(database);
    const deid::Deidentifier deidentifier(store.derivedKey("deidentification").toStdString(), options);
    DeidSummary summary;
    for (const DeidInput& input : inputs) {
        if (cancelled && cancelled()) break;
        DeidItem item;
        item.outcome = deidentifier.deidentifyFile(input.path.toStdString(), outputFolder.toStdString());
        const deid::DeidOutcome& outcome = item.outcome;
        // Under a folder, a file that is not DICOM at all (a README, a thumbnail) is passed over;
        // one named on its own is a failure.
        item.skipped = input.fromFolder && outcome.notDicom;
        if (item.skipped) {
            ++summary.skipped;
        } else {
            if (outcome.status == deid::DeidOutcome::Status::Written) ++summary.written;
            if (outcome.status == deid::DeidOutcome::Status::Refused) ++summary.refused;
            if (outcome.status == deid::DeidOutcome::Status::Failed) ++summary.failed;
            auditDeidentified(database, outcome, recipient, options, reader);
        }
        if (each) each(item);
    }
    return summary;
}

}  // namespace pulmo::app
