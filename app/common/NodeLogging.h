#pragma once
// The AI node's log, "pulmo.node". Declared here, with what the programs share, because pulmo-node
// (app/node, issue 17) does not exist yet: it includes this header and logs its queue, workers and
// result delivery into the category.

#include <QLoggingCategory>

namespace pulmo::app {

/// "pulmo.node": warnings and above by default; QT_LOGGING_RULES="pulmo.node.debug=true" shows the rest.
Q_DECLARE_LOGGING_CATEGORY(lcNode)

}  // namespace pulmo::app
