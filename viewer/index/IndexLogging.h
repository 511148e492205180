#pragma once
// The study index's log: indexing runs (counts, time) and the files they skipped.

#include <QLoggingCategory>

namespace pulmo::index {

/// "pulmo.index": warnings and above by default; QT_LOGGING_RULES="pulmo.index.debug=true" shows the rest.
Q_DECLARE_LOGGING_CATEGORY(lcIndex)

}  // namespace pulmo::index
