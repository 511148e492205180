#include "net/NetworkLogging.h"

namespace pulmo::net {

Q_LOGGING_CATEGORY(lcNet, "pulmo.net", QtWarningMsg)

}  // namespace pulmo::net
