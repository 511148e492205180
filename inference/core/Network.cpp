#include "Network.h"

#include "InferenceError.h"
#include "ResNet18.h"

#include <torch/csrc/jit/serialization/import.h>
#include <torch/csrc/jit/serialization/pickle.h>
#include <torch/script.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>

namespace pulmo::inference {
namespace {

int camLayerIndex(const std::string& camLayer)
{
    for (int i = 1; i <= 4; ++i)
        if (camLayer == "layer" + std::to_string(i)) return i;
    throw std::runtime_error("cam_layer '" + camLayer + "' is not supported (layer1 to layer4)");
}

std::string firstLine(const std::string& text)
{
    const size_t end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
}

class ScriptedResNet final : public Network {
public:
    ScriptedResNet(torch::jit::Module module, int camLayer) : m_module(std::move(module)), m_camLayer(camLayer)
    {
        for (const char* name : {"conv1", "bn1", "relu", "maxpool"}) m_stem.push_back(submodule(name));
        for (int i = 1; i <= 4; ++i) m_layers.push_back(submodule("layer" + std::to_string(i)));
        m_avgpool = submodule("avgpool");
        m_fc = submodule("fc");
    }

    torch::Tensor forward(const torch::Tensor& input) override { return m_module.forward({input}).toTensor(); }

    torch::Tensor trunk(const torch::Tensor& input) override
    {
        torch::Tensor x = input;
        for (auto& module : m_stem) x = module.forward({x}).toTensor();
        for (int i = 0; i < m_camLayer; ++i) x = m_layers[size_t(i)].forward({x}).toTensor();
        return x;
    }

    torch::Tensor head(const torch::Tensor& features) override
    {
        torch::Tensor x = features;
        for (int i = m_camLayer; i < 4; ++i) x = m_layers[size_t(i)].forward({x}).toTensor();
        x = torch::flatten(m_avgpool.forward({x}).toTensor(), 1);
        return m_fc.forward({x}).toTensor();
    }

    torch::Tensor linearHeadWeight() override
    {
        if (m_camLayer != 4 || typeName(m_fc) != "Linear" || typeName(m_avgpool) != "AdaptiveAvgPool2d") return {};
        const torch::Tensor weight = m_fc.attr("weight").toTensor();
        return weight.dim() == 2 ? weight : torch::Tensor();
    }

    void moveTo(const torch::Device& device) override { m_module.to(device); }

    void freeze() override
    {
        m_module.eval();
        for (auto parameter : m_module.parameters()) parameter.requires_grad_(false);
    }

private:
    static std::string typeName(const torch::jit::Module& module)
    {
        const auto name = module.type()->name();
        return name ? name->name() : std::string();
    }

    torch::jit::Module submodule(const std::string& name)
    {
        if (!m_module.hasattr(name) || !m_module.attr(name).isModule())
            throw std::runtime_error("not a resnet18 layout: the model has no submodule '" + name + "'");
        return m_module.attr(name).toModule();
    }

    torch::jit::Module m_module;
    int m_camLayer;
    std::vector<torch::jit::Module> m_stem;
    std::vector<torch::jit::Module> m_layers;
    torch::jit::Module m_avgpool;
    torch::jit::Module m_fc;
};

class NativeResNet final : public Network {
public:
    NativeResNet(ResNet18 network, int camLayer) : m_network(std::move(network)), m_camLayer(camLayer) {}

    torch::Tensor forward(const torch::Tensor& input) override { return m_network->forward(input); }
    torch::Tensor trunk(const torch::Tensor& input) override { return m_network->trunk(input, m_camLayer); }
    torch::Tensor head(const torch::Tensor& features) override { return m_network->head(features, m_camLayer); }
    torch::Tensor linearHeadWeight() override { return m_camLayer == 4 ? m_network->fc()->weight : torch::Tensor(); }
    void moveTo(const torch::Device& device) override { m_network->to(device); }
    void freeze() override
    {
        m_network->eval();
        for (auto& parameter : m_network->parameters()) parameter.requires_grad_(false);
    }

private:
    ResNet18 m_network;
    int m_camLayer;
};

using NamedTensors = std::map<std::string, torch::Tensor>;

NamedTensors readStateDict(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    // torch.save(model.state_dict()) pickles a collections.OrderedDict, which LibTorch's unpickler
    // turns into None: recognise it by name and say what to do.
    static const std::string orderedDict = "OrderedDict";
    const bool mentionsOrderedDict =
        std::search(bytes.begin(), bytes.end(), orderedDict.begin(), orderedDict.end()) != bytes.end();
    const std::runtime_error orderedDictError(
        "a state_dict saved as collections.OrderedDict, which LibTorch cannot read: convert it with "
        "'/usr/bin/python3 inference/tools/convert_state_dict.py MODEL.pth MODEL.pt'");
    torch::IValue loaded;
    try {
        loaded = torch::jit::pickle_load(bytes);
    } catch (const c10::Error& error) {
        if (mentionsOrderedDict) throw orderedDictError;
        throw std::runtime_error("not a TorchScript model nor a readable state_dict (" +
                                 firstLine(error.what_without_backtrace()) + ")");
    }
    if (!loaded.isGenericDict()) {
        if (mentionsOrderedDict) throw orderedDictError;
        throw std::runtime_error("the file holds a pickle, but not a state_dict (a dict of tensors)");
    }
    NamedTensors tensors;
    for (const auto& entry : loaded.toGenericDict()) {
        if (!entry.key().isString() || !entry.value().isTensor())
            throw std::runtime_error("the state_dict holds something other than named tensors");
        tensors[entry.key().toStringRef()] = entry.value().toTensor();
    }
    return tensors;
}

NamedTensors readScriptedTensors(torch::jit::Module& module)
{
    NamedTensors tensors;
    for (const auto& parameter : module.named_parameters(true)) tensors[parameter.name] = parameter.value;
    for (const auto& buffer : module.named_buffers(true)) tensors[buffer.name] = buffer.value;
    return tensors;
}

/// A C++ ResNet18 holding exactly `tensors`: each of its parameters and buffers by name and shape,
/// nothing left over. float16 tensors (a half-precision state_dict) are converted to float32.
ResNet18 resnet18FromTensors(const NamedTensors& tensors)
{
    const auto fcWeight = tensors.find("fc.weight");
    if (fcWeight == tensors.end() || fcWeight->second.dim() != 2 || fcWeight->second.size(1) != 512)
        throw std::runtime_error("not a resnet18 state_dict: no fc.weight of shape [classes, 512]");
    ResNet18 network(fcWeight->second.size(0));
    torch::NoGradGuard noGrad;
    std::vector<std::string> missing;
    size_t matched = 0;
    const auto assign = [&](const std::string& name, torch::Tensor& target) {
        const auto found = tensors.find(name);
        if (found == tensors.end()) {
            missing.push_back(name);
            return;
        }
        if (found->second.sizes() != target.sizes())
            throw std::runtime_error("not a resnet18 state_dict: '" + name + "' has the wrong shape");
        target.copy_(found->second);
        ++matched;
    };
    for (auto& parameter : network->named_parameters()) assign(parameter.key(), parameter.value());
    for (auto& buffer : network->named_buffers()) assign(buffer.key(), buffer.value());
    if (!missing.empty())
        throw std::runtime_error("not a resnet18 state_dict: " + std::to_string(missing.size()) +
                                 " tensors missing, e.g. '" + missing.front() + "'");
    if (matched != tensors.size())
        throw std::runtime_error("not a resnet18 state_dict: " + std::to_string(tensors.size() - matched) +
                                 " unexpected tensors");
    return network;
}

std::unique_ptr<Network> loadStateDict(const std::string& path, int camLayer)
{
    return std::make_unique<NativeResNet>(resnet18FromTensors(readStateDict(path)), camLayer);
}

}  // namespace

std::unique_ptr<Network> loadNetwork(const std::string& path, const std::string& camLayer, std::string& format)
{
    const int layer = camLayerIndex(camLayer);
    {
        std::ifstream probe(path, std::ios::binary);
        if (!probe)
            throw InferenceError(InferenceError::Kind::ModelMissing, "model file not found or not readable", {path});
    }
    std::string scriptError;
    try {
        torch::jit::Module module = torch::jit::load(path, torch::kCPU);
        format = "torchscript";
        return std::make_unique<ScriptedResNet>(std::move(module), layer);
    } catch (const c10::Error& error) {
        scriptError = firstLine(error.what_without_backtrace());
    }
    try {
        format = "state_dict";
        return loadStateDict(path, layer);
    } catch (const std::runtime_error& error) {
        const std::string what = error.what();
        const std::string prefix = "not a TorchScript model nor a readable state_dict (";
        if (what.find(prefix) == 0)
            throw std::runtime_error("not a TorchScript model (" + scriptError + ") nor a readable state_dict (" +
                                     what.substr(prefix.size()));
        throw;
    }
}

ResNet18 loadResNet18(const std::string& path)
{
    {
        std::ifstream probe(path, std::ios::binary);
        if (!probe)
            throw InferenceError(InferenceError::Kind::ModelMissing, "model file not found or not readable", {path});
    }
    std::string scriptError;
    try {
        torch::jit::Module module = torch::jit::load(path, torch::kCPU);
        try {
            return resnet18FromTensors(readScriptedTensors(module));
        } catch (const std::runtime_error& error) {
            throw std::runtime_error(std::string("TorchScript model: ") + error.what());
        }
    } catch (const c10::Error& error) {
        scriptError = firstLine(error.what_without_backtrace());
    }
    try {
        return resnet18FromTensors(readStateDict(path));
    } catch (const std::runtime_error& error) {
        const std::string what = error.what();
        const std::string prefix = "not a TorchScript model nor a readable state_dict (";
        if (what.find(prefix) == 0)
            throw std::runtime_error("not a TorchScript model (" + scriptError + ") nor a readable state_dict (" +
                                     what.substr(prefix.size()));
        throw;
    }
}

void saveStateDict(ResNet18& network, const std::string& path, bool halfPrecision)
{
    // PyTorch's state_dict order: module by module (pre-order), each one's own parameters, then
    // its own buffers. Loaders go by name; the order only keeps the file familiar.
    c10::Dict<std::string, torch::Tensor> state;
    torch::NoGradGuard noGrad;
    const auto add = [&](const std::string& prefix, const std::string& name, const torch::Tensor& tensor) {
        torch::Tensor value = tensor.detach().to(torch::kCPU).contiguous().clone();
        if (halfPrecision && value.is_floating_point()) value = value.to(torch::kHalf);
        state.insert(prefix.empty() ? name : prefix + "." + name, value);
    };
    for (const auto& module : network->named_modules("", true)) {
        for (const auto& parameter : module.value()->named_parameters(false))
            add(module.key(), parameter.key(), parameter.value());
        for (const auto& buffer : module.value()->named_buffers(false)) add(module.key(), buffer.key(), buffer.value());
    }
    const std::vector<char> bytes = torch::jit::pickle_save(state);
    const std::string temporary = path + ".part";
    {
        std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
        file.write(bytes.data(), std::streamsize(bytes.size()));
        file.flush();
        if (!file) {
            std::remove(temporary.c_str());
            throw std::runtime_error(path + ": cannot write the model");
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        std::remove(temporary.c_str());
        throw std::runtime_error(path + ": cannot write the model (rename failed)");
    }
}

}  // namespace pulmo::inference
