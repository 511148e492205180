#pragma once
// pulmo-node's log: one JSON object per line on stderr (issue 17 item 5), for journald and log
// shippers: {"time": UTC ISO 8601 with milliseconds, "level", "category", "message"}.

namespace pulmo::node {

/// Installs the message handler (every Qt log message of the process). Main thread, once.
void installJsonLog();

}  // namespace pulmo::node
