#pragma once
// A classifier network split at its CAM layer: trunk (input -> CAM layer activations) and head
// (activations -> logits). Two implementations: a TorchScript module with torchvision's resnet
// layout, and the C++ ResNet18 loaded from a state_dict.

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

}  // namespace pulmo::inference
