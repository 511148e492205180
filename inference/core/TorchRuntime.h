#pragma once
// Model core: LibTorch only (no Qt, no DCMTK, no OpenCV), so that it builds alone against an
// official CUDA LibTorch on a GPU machine.

#include <string>
#include <vector>

namespace pulmo::inference {

/// The LibTorch version this core was built against, e.g. "1.13.1".
std::string torchVersion();
/// Usable devices: "cpu", then "cuda:N" for each visible CUDA device.
std::vector<std::string> availableDevices();
/// Sets LibTorch's intra-op thread count once per process (Debian's LibTorch defaults to 1):
/// `requested` <= 0 means one per hardware thread. Returns the count in force.
int configureCpuThreads(int requested = 0);
/// The device for a request: "auto" (CUDA device 0 when LibTorch sees one, else the CPU), "cpu",
/// "cuda" or "cuda:N" (parsed by DeviceName.h's parser; empty means "auto"). Returns "cpu" or
/// "cuda:N"; throws InferenceError (Kind::DeviceUnavailable) when the device is not there or the name
/// is not one.
std::string resolveDevice(const std::string& requested);

}  // namespace pulmo::inference
