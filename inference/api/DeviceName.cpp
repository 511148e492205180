#include "DeviceName.h"

#include "InferenceError.h"

#include <charconv>
#include <system_error>

namespace pulmo::inference {

std::string DeviceName::toString() const
{
    switch (kind) {
        case Kind::Auto:
            return "auto";
        case Kind::Cpu:
            return "cpu";
        case Kind::Cuda:
            return "cuda:" + std::to_string(index);
    }
    return "auto";
}

std::optional<DeviceName> parseDeviceName(std::string_view text)
{
    if (text == "auto") return DeviceName{DeviceName::Kind::Auto, 0};
    if (text == "cpu") return DeviceName{DeviceName::Kind::Cpu, 0};
    if (text == "cuda") return DeviceName{DeviceName::Kind::Cuda, 0};
    constexpr std::string_view prefix = "cuda:";
    if (text.substr(0, prefix.size()) != prefix) return std::nullopt;
    const std::string_view digits = text.substr(prefix.size());
    // from_chars takes a leading '-' for a signed type; an index is digits only, and "01" is not
    // PyTorch's spelling of device 1.
    if (digits.empty() || digits.front() < '0' || digits.front() > '9') return std::nullopt;
    if (digits.size() > 1 && digits.front() == '0') return std::nullopt;
    int index = -1;
    const char* end = digits.data() + digits.size();
    const auto [stop, error] = std::from_chars(digits.data(), end, index);
    if (error != std::errc() || stop != end || index < 0) return std::nullopt;
    return DeviceName{DeviceName::Kind::Cuda, index};
}

DeviceName requireDeviceName(std::string_view text)
{
    const std::optional<DeviceName> name = parseDeviceName(text);
    if (!name) {
        const std::string given(text);
        throw InferenceError(InferenceError::Kind::DeviceUnavailable,
                             "unknown device '" + given + "' (" + kDeviceNameSyntax + ")", {given});
    }
    return *name;
}

}  // namespace pulmo::inference
