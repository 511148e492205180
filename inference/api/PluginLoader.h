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

/// The install layout (README, "Debian packages"), the same in the build tree and under any prefix, so that
/// no path of the build or source tree is compiled in: programs in bin/, the plugin and pulmo-ai-host
/// in lib/pulmo/, data in share/pulmo/.
/// lib/pulmo beside the running program's bin/ (<executable's folder>/../lib/pulmo), or the
/// executable's own folder when it lives there itself (pulmo-ai-host).
std::string privateLibraryDirectory();

/// share/pulmo beside the running program's bin/ (or above pulmo-ai-host's lib/pulmo/): the demo model and its card
/// (models/), the demo images (demo/), the translations (translations/). $PULMO_DATA_DIR overrides it.
std::string dataDirectory();

/// Where the plugin is looked for: $PULMO_INFERENCE_PLUGIN if set (a CUDA build elsewhere), else
/// privateLibraryDirectory()/libpulmo_inference_torch.so.
std::string defaultPluginPath();

/// Loads the plugin at `path` (dlopen) and creates its backend. On failure returns nullptr and puts
/// a one-line reason naming the file into `error` (English), and its kind and parameters into
/// `info` (PluginMissing, PluginUnloadable, PluginAbiMismatch). Thread-safe; each call loads independently.
BackendHandle loadBackend(const std::string& path, std::string* error, ErrorInfo* info = nullptr);

}  // namespace pulmo::inference
