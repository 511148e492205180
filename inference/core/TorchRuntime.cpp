#include "TorchRuntime.h"

#include "DeviceName.h"
#include "InferenceError.h"

#include <torch/cuda.h>
#include <torch/utils.h>
#include <torch/version.h>

#include <mutex>
#include <stdexcept>
#include <thread>

namespace pulmo::inference {

std::string torchVersion()
{
    return TORCH_VERSION;
}

std::vector<std::string> availableDevices()
{
    std::vector<std::string> devices{"cpu"};
    if (torch::cuda::is_available()) {
        const size_t count = torch::cuda::device_count();
        for (size_t i = 0; i < count; ++i) devices.push_back("cuda:" + std::to_string(i));
    }
    return devices;
}

int configureCpuThreads(int requested)
{
    static std::once_flag once;
    std::call_once(once, [requested] {
        const unsigned hardware = std::thread::hardware_concurrency();
        const int threads = requested > 0 ? requested : int(hardware == 0 ? 1 : hardware);
        torch::set_num_threads(threads);
    });
    return torch::get_num_threads();
}

std::string resolveDevice(const std::string& requested)
{
    // An empty request is "auto" (settings written before the device was one).
    const DeviceName name = requested.empty() ? DeviceName{} : requireDeviceName(requested);
    switch (name.kind) {
        case DeviceName::Kind::Auto:
            return torch::cuda::is_available() ? "cuda:0" : "cpu";
        case DeviceName::Kind::Cpu:
            return "cpu";
        case DeviceName::Kind::Cuda:
            break;
    }
    if (!torch::cuda::is_available())
        throw InferenceError(InferenceError::Kind::DeviceUnavailable,
                             "device '" + requested + "' asked for, but this LibTorch sees no CUDA device",
                             {requested});
    if (name.index >= int(torch::cuda::device_count()))
        throw InferenceError(InferenceError::Kind::DeviceUnavailable, "device '" + requested + "' does not exist",
                             {requested});
    return name.toString();
}

}  // namespace pulmo::inference
