#pragma once
// The AI's log, "pulmo.inference". The inference layer is Qt-free, so its category lives here, with the
// programs: the worker logs through a plain LogSink (inference/api/InferenceLog.h) that this turns
// into the category, and the CLI logs its own loading and timing into the category directly.

#include "InferenceLog.h"

#include <QLoggingCategory>

namespace pulmo::app {

/// "pulmo.inference": plugin loaded (path, library, devices, time), model loaded (SHA-256, device,
/// Grad-CAM method, time), batches (size, time), failures. Warnings and above by default.
Q_DECLARE_LOGGING_CATEGORY(lcInference)

/// A sink for WorkerSettings::log that writes into lcInference; thread-safe.
inference::LogSink inferenceLogSink();

}  // namespace pulmo::app
