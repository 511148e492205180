#include "TorchRuntime.h"

#include "InferenceError.h"

#include <torch/cuda.h>
#include <torch/utils.h>
#include <torch/version.h>

#include <charconv>
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
    if (requested.empty() || requested == "auto") return torch::cuda::is_available() ? "cuda:0" : "cpu";
    if (requested == "cpu") return "cpu";
    if (requested == "cuda" || requested.rfind("cuda:", 0) == 0) {
        if (!torch::cuda::is_available())
            throw InferenceError(InferenceError::Kind::DeviceUnavailable,
                                 "device '" + requested + "' asked for, but this LibTorch sees no CUDA device",
                                 {requested});
        const std::string name = requested == "cuda" ? std::string("cuda:0") : requested;
        int index = -1;
        const char* digits = name.data() + 5;
        const char* end = name.data() + name.size();
        const auto [stop, error] = std::from_chars(digits, end, index);
        if (digits == end || error != std::errc() || stop != end || index < 0)
            throw InferenceError(InferenceError::Kind::DeviceUnavailable,
                                 "unknown device '" + requested + "' (auto, cpu, cuda, cuda:N)", {requested});
        if (index >= int(torch::cuda::device_count()))
            throw InferenceError(InferenceError::Kind::DeviceUnavailable, "device '" + requested + "' does not exist",
                                 {requested});
        return "cuda:" + std::to_string(index);
    }
    throw InferenceError(InferenceError::Kind::DeviceUnavailable,
                         "unknown device '" + requested + "' (auto, cpu, cuda, cuda:N)", {requested});
}

}  // namespace pulmo::inference
