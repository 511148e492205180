#pragma once
// The LibTorch-free face of the inference plugin. The application includes only this header and
// the loader; LibTorch stays inside the plugin (libpulmo_inference_torch.so), which is loaded on
// first use so that programs that never run the model never pay LibTorch's start-up cost, and so
// that a CUDA build of the plugin can replace the CPU build without rebuilding the application.
//
// Only standard-library types cross this boundary; the plugin and the application must be built
// with the same C++ standard library (checked through kPluginAbiVersion and the loader).

#include <memory>
#include <string>
#include <vector>

namespace pulmo::inference {

/// Bumped whenever InferenceBackend's layout or meaning changes.
constexpr int kPluginAbiVersion = 1;

struct BackendInfo {
    std::string library;              ///< "LibTorch"
    std::string libraryVersion;       ///< e.g. "1.13.1"
    std::vector<std::string> devices; ///< usable devices, "cpu" first, then "cuda:0", ...
    int cpuThreads = 1;               ///< intra-op threads LibTorch will use on the CPU
};

/// Implemented inside the plugin. Any thread may call info().
class InferenceBackend {
public:
    virtual ~InferenceBackend() = default;
    virtual BackendInfo info() const = 0;
};

}  // namespace pulmo::inference

/// The plugin's single entry point: returns a new backend owned by the caller (delete through the
/// virtual destructor), or nullptr when `abiVersion` differs from the plugin's.
extern "C" pulmo::inference::InferenceBackend* pulmo_inference_create_backend(int abiVersion);
