#include "NodeLogging.h"

namespace pulmo::app {

Q_LOGGING_CATEGORY(lcNode, "pulmo.node", QtWarningMsg)

}  // namespace pulmo::app
