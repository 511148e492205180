#pragma once
// A plain log sink for the inference layer, which is Qt-free: the application turns it into its own
// logging (pulmo.inference, app/common/InferenceLogging.h). The worker reports what only it can time:
// the plugin and the model loaded, each batch, each failure.

#include <functional>
#include <string>

namespace pulmo::inference {

enum class LogLevel { Debug, Info, Warning };

/// Called on the thread that logs (the worker's); must be thread-safe. Empty: nothing is logged.
using LogSink = std::function<void(LogLevel level, const std::string& message)>;

}  // namespace pulmo::inference
