#pragma once
// A classifier network split at its CAM layer: trunk (input -> CAM layer activations) and head
// (activations -> logits). Two implementations: a TorchScript module with torchvision's resnet
// layout, and the C++ ResNet18 loaded from a state_dict.

#include "ResNet18.h"

#include <torch/types.h>

#include <memory>
#include <string>

namespace pulmo::inference {

class Network {
public:
    virtual ~Network() = default;
    virtual torch::Tensor forward(const torch::Tensor& input) = 0;
    virtual torch::Tensor trunk(const torch::Tensor& input) = 0;
    virtual torch::Tensor head(const torch::Tensor& features) = 0;
    /// The weight of the final Linear layer when the head is exactly global average pool -> Linear
    /// (then Grad-CAM needs no backward pass); an undefined tensor otherwise.
    virtual torch::Tensor linearHeadWeight() = 0;
    virtual void moveTo(const torch::Device& device) = 0;
    /// eval() and requires_grad(false) on every parameter.
    virtual void freeze() = 0;
};

/// Loads `path` as TorchScript, else as a resnet18 state_dict. `camLayer` is layer1..layer4.
/// Throws std::runtime_error with a user-facing reason (without the path). `format` is set to
/// "torchscript" or "state_dict".
std::unique_ptr<Network> loadNetwork(const std::string& path, const std::string& camLayer, std::string& format);

/// The weights of a resnet18 (TorchScript or state_dict, torchvision's names) in the C++ ResNet18,
/// for training on: fine-tuning starts here. Every tensor must be there with its shape, and the
/// head must be a single Linear (fc.weight [classes, 512]). Throws std::runtime_error with a
/// user-facing reason (without the path).
ResNet18 loadResNet18(const std::string& path);

/// Writes the network as a plain-dict state_dict (torch::pickle_save of a Dict[str, Tensor], in
/// PyTorch's state_dict order and with torchvision's names), which this engine, Python's
/// torch.load and torchvision's resnet18.load_state_dict all read. `halfPrecision` stores
/// floating-point tensors as float16 (loaders convert them back). Writes to a temporary file first
/// and renames it, so that a reader never sees half a model. Throws std::runtime_error.
void saveStateDict(ResNet18& network, const std::string& path, bool halfPrecision);

}  // namespace pulmo::inference
