#pragma once
// The feedback database's log: opened and migrated, verdict and audit rows written, exports.

#include <QLoggingCategory>

namespace pulmo::feedback {

/// "pulmo.feedback": warnings and above by default; QT_LOGGING_RULES="pulmo.feedback.debug=true" shows the rest.
Q_DECLARE_LOGGING_CATEGORY(lcFeedback)

}  // namespace pulmo::feedback
