#pragma once
// One de-identification run, for pulmo-cli deidentify and File > Export De-identified Study: the
// inputs (files, and the files under folders), each file de-identified into one folder, and each
// audited (what, for whom, which options; never the identities). No widgets, no printing.

#include "deid/Deidentifier.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace pulmo::feedback {
class FeedbackDatabase;
}

namespace pulmo::app {

struct DeidInput {
    QString path;
    bool fromFolder = false;  ///< found under a folder: a file that is not DICOM is passed over
};

/// Files as given, and every file under each folder (recursively, sorted, DICOMDIR files left out).
std::vector<DeidInput> collectDeidInputs(const QStringList& filesAndFolders);

/// What became of one input: the outcome, and whether it was passed over (a file under a folder
/// that is not DICOM at all: not a failure, not audited).
struct DeidItem {
    deid::DeidOutcome outcome;
    bool skipped = false;
};

struct DeidSummary {
    int written = 0;
    int refused = 0;
    int failed = 0;
    int skipped = 0;
};

/// The audit row of one de-identification (action "deidentify"): the original SOP Instance UID (the
/// path only when none was read: a path may hold a name), "ok" / "refused: why" / "failed: why", and
/// "for=RECIPIENT; options=...; output=NEW SOP UID". No identity beyond the original UID, which stays
/// in the local trail. pulmo-node's --deidentify-for words its rows with it too.
struct DeidAuditRow {
    QString subject;
    QString result;
    QString detail;
};
DeidAuditRow deidAuditRow(const deid::DeidOutcome& outcome, const QString& recipient, const deid::DeidOptions& options);

/// Writes deidAuditRow() for `reader`. Throws DatabaseError when it cannot be written.
void auditDeidentified(feedback::FeedbackDatabase& database, const deid::DeidOutcome& outcome, const QString& recipient,
                       const deid::DeidOptions& options, const QString& reader);

/// De-identifies `inputs` into `outputFolder` under the installation key of `database` (which also
/// takes one audit row per file: action "deidentify", the original SOP Instance UID, the outcome,
/// "for=RECIPIENT; options=...; output=NEW SOP UID"). `each` sees every input as it is done (and may
/// be empty); `cancelled`, when given, is asked before each file. Throws DatabaseError when the
/// database cannot give the key or take an audit row (nothing more is exported then).
DeidSummary deidentifyAndAudit(feedback::FeedbackDatabase& database, const std::vector<DeidInput>& inputs,
                               const QString& outputFolder, const deid::DeidOptions& options, const QString& recipient,
                               const QString& reader, const std::function<void(const DeidItem&)>& each,
                               const std::function<bool()>& cancelled = {});

}  // namespace pulmo::app
