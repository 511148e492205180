#include "index/IndexLogging.h"

namespace pulmo::index {

Q_LOGGING_CATEGORY(lcIndex, "pulmo.index", QtWarningMsg)

}  // namespace pulmo::index
