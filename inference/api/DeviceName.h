#pragma once
// The one parser of a device name, as settings, the command line and the plugin spell it: "auto",
// "cpu", "cuda" or "cuda:N" (N a device index without sign, spaces or leading zeros, as PyTorch's
// torch.device accepts it). Syntax only: whether the device is there is the plugin's question
// (TorchRuntime's resolveDevice). Standard library only, so that the CLI, the window's preferences
// and the plugin share it without LibTorch.

#include <optional>
#include <string>
#include <string_view>

namespace pulmo::inference {

struct DeviceName {
    enum class Kind { Auto, Cpu, Cuda };
    Kind kind = Kind::Auto;
    /// Cuda only: the device index; "cuda" alone is device 0.
    int index = 0;

    /// "auto", "cpu" or "cuda:N" (so "cuda" reads back as "cuda:0").
    std::string toString() const;
    bool operator==(const DeviceName& other) const { return kind == other.kind && index == other.index; }
    bool operator!=(const DeviceName& other) const { return !(*this == other); }
};

/// The spellings parseDeviceName() takes, for messages: "auto, cpu, cuda or cuda:N".
constexpr const char* kDeviceNameSyntax = "auto, cpu, cuda or cuda:N";

/// The device `text` names, or nothing when it is not one of kDeviceNameSyntax exactly (case,
/// spaces and signs matter: "CPU", "cuda:", "cuda:-1", "cuda:x", "cuda:1 " are refused).
std::optional<DeviceName> parseDeviceName(std::string_view text);

/// The same, throwing InferenceError (Kind::DeviceUnavailable, argument: `text`) with the English
/// "unknown device 'TEXT' (auto, cpu, cuda or cuda:N)" when `text` is not a device name.
DeviceName requireDeviceName(std::string_view text);

}  // namespace pulmo::inference
