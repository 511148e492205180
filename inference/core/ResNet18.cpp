#include "ResNet18.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/pooling.h>

namespace pulmo::inference {
namespace F = torch::nn::functional;

namespace {

torch::nn::Conv2d convolution(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding)
{
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).bias(false));
}

}  // namespace

BasicBlockImpl::BasicBlockImpl(int64_t inChannels, int64_t outChannels, int64_t stride)
{
    m_conv1 = register_module("conv1", convolution(inChannels, outChannels, 3, stride, 1));
    m_bn1 = register_module("bn1", torch::nn::BatchNorm2d(outChannels));
    m_conv2 = register_module("conv2", convolution(outChannels, outChannels, 3, 1, 1));
    m_bn2 = register_module("bn2", torch::nn::BatchNorm2d(outChannels));
    if (stride != 1 || inChannels != outChannels) {
        m_downsample =
            register_module("downsample", torch::nn::Sequential(convolution(inChannels, outChannels, 1, stride, 0),
                                                                torch::nn::BatchNorm2d(outChannels)));
    }
}

torch::Tensor BasicBlockImpl::forward(const torch::Tensor& x)
{
    torch::Tensor out = F::relu(m_bn1(m_conv1(x)));
    out = m_bn2(m_conv2(out));
    const torch::Tensor identity = m_downsample ? m_downsample->forward(x) : x;
    return F::relu(out + identity);
}

ResNet18Impl::ResNet18Impl(int64_t classes)
{
    m_conv1 = register_module("conv1", convolution(3, 64, 7, 2, 3));
    m_bn1 = register_module("bn1", torch::nn::BatchNorm2d(64));
    const int64_t widths[4] = {64, 128, 256, 512};
    int64_t in = 64;
    for (int i = 0; i < 4; ++i) {
        const int64_t stride = i == 0 ? 1 : 2;
        m_layers[i] = register_module(
            "layer" + std::to_string(i + 1),
            torch::nn::Sequential(BasicBlock(in, widths[i], stride), BasicBlock(widths[i], widths[i], 1)));
        in = widths[i];
    }
    m_fc = register_module("fc", torch::nn::Linear(512, classes));
    // torchvision's initialisation: Kaiming normal (fan_out, ReLU) for convolutions, BN weight 1 bias 0.
    for (auto& module : modules(false)) {
        if (auto* conv = module->as<torch::nn::Conv2d>())
            torch::nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
    }
}

torch::Tensor ResNet18Impl::trunk(torch::Tensor x, int lastLayer)
{
    x = F::relu(m_bn1(m_conv1(x)));
    x = F::max_pool2d(x, F::MaxPool2dFuncOptions(3).stride(2).padding(1));
    for (int i = 0; i < lastLayer; ++i) x = m_layers[i]->forward(x);
    return x;
}

torch::Tensor ResNet18Impl::head(torch::Tensor features, int lastLayer)
{
    for (int i = lastLayer; i < 4; ++i) features = m_layers[i]->forward(features);
    features = F::adaptive_avg_pool2d(features, F::AdaptiveAvgPool2dFuncOptions(1));
    return m_fc(torch::flatten(features, 1));
}

torch::Tensor ResNet18Impl::forward(const torch::Tensor& x)
{
    return head(trunk(x, 4), 4);
}

}  // namespace pulmo::inference
