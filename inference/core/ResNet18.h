#pragma once
// torchvision's resnet18 in LibTorch's C++ API, with torchvision's parameter names (conv1.weight,
// layer1.0.bn1.running_mean, layer2.0.downsample.0.weight, fc.bias, ...), so that a state_dict saved
// by PyTorch loads by name, and so that the trainer can train the same network in C++.

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

namespace pulmo::inference {

class BasicBlockImpl : public torch::nn::Module {
public:
    BasicBlockImpl(int64_t inChannels, int64_t outChannels, int64_t stride);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Conv2d m_conv1{nullptr};
    torch::nn::BatchNorm2d m_bn1{nullptr};
    torch::nn::Conv2d m_conv2{nullptr};
    torch::nn::BatchNorm2d m_bn2{nullptr};
    torch::nn::Sequential m_downsample{nullptr};
};
TORCH_MODULE(BasicBlock);

class ResNet18Impl : public torch::nn::Module {
public:
    explicit ResNet18Impl(int64_t classes);
    torch::Tensor forward(const torch::Tensor& x);
    /// Runs the stem and the residual stages up to and including `lastLayer` (1..4).
    torch::Tensor trunk(torch::Tensor x, int lastLayer);
    /// The rest after `lastLayer`: remaining stages, global average pool, flatten, fc.
    torch::Tensor head(torch::Tensor features, int lastLayer);
    torch::nn::Linear& fc() { return m_fc; }

private:
    torch::nn::Conv2d m_conv1{nullptr};
    torch::nn::BatchNorm2d m_bn1{nullptr};
    torch::nn::Sequential m_layers[4];
    torch::nn::Linear m_fc{nullptr};
};
TORCH_MODULE(ResNet18);

}  // namespace pulmo::inference
