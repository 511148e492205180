#pragma once

#include "InferenceBackend.h"
#include "InferenceError.h"

#include <memory>
#include <string>

namespace pulmo::inference {

/// A backend together with the loaded library that implements it; the library stays loaded for as
/// long as any copy of the shared pointer lives.
using BackendHandle = std::shared_ptr<InferenceBackend>;

/// The folder of the running executable (/proc/self/exe), or "." when it cannot be read.
std::string executableDirectory();

/// Where the plugin is looked for: $PULMO_INFERENCE_PLUGIN if set, else
/// <directory of the running executable>/../lib/libpulmo_inference_torch.so, then the executable's
/// own folder.
std::string defaultPluginPath();

/// Loads the plugin at `path` (dlopen) and creates its backend. On failure returns nullptr and puts
/// a one-line reason naming the file into `error` (English), and its kind and parameters into
/// `info` (PluginMissing, PluginUnloadable, PluginAbiMismatch). Thread-safe; each call loads independently.
BackendHandle loadBackend(const std::string& path, std::string* error, ErrorInfo* info = nullptr);

}  // namespace pulmo::inference
