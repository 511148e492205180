#pragma once
// The network's log: associations (peer AE title, host, port, accepted contexts, TLS), C-ECHO, C-FIND, C-MOVE, C-GET
// and C-STORE requests and responses, Storage SCP arrivals.

#include <QLoggingCategory>

namespace pulmo::net {

/// "pulmo.net": warnings and above by default; QT_LOGGING_RULES="pulmo.net.debug=true" shows the rest.
Q_DECLARE_LOGGING_CATEGORY(lcNet)

}  // namespace pulmo::net
