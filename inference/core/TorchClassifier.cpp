#include "TorchClassifier.h"

#include "CamGeometry.h"
#include "InferenceError.h"

#include "ModelCard.h"
#include "Network.h"
#include "Preprocessing.h"
#include "Sha256.h"
#include "TorchRuntime.h"

#include <torch/cuda.h>
#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/upsampling.h>
#include <torch/autograd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <thread>

namespace pulmo::inference {
namespace F = torch::nn::functional;

namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string deviceName(const torch::Device& device)
{
    return device.is_cuda() ? "cuda:" + std::to_string(device.index()) : "cpu";
}

void synchronise(const torch::Device& device)
{
    if (device.is_cuda()) torch::cuda::synchronize(device.index());
}

}  // namespace

TorchClassifier::TorchClassifier(const std::string& path, const std::string& device)
{
    const auto fail = [&](const std::string& reason) {
        return InferenceError(InferenceError::Kind::NotAModel, path + ": " + reason, {path, reason});
    };
    m_identity.path = path;
    m_identity.card = readModelCard(path);  // throws with the card's own path
    // The file's hash on another core while the model loads (about 0.1 s for 45 MB); joined before the
    // constructor ends, however it ends.
    std::string sha256;
    std::string hashError;
    std::thread hashing([&] {
        try {
            sha256 = Sha256::ofFile(path);
        } catch (const std::exception& error) {
            hashError = error.what();
        }
    });
    struct Join {
        std::thread& thread;
        ~Join()
        {
            if (thread.joinable()) thread.join();
        }
    } join{hashing};
    const ModelCard& card = m_identity.card;
    try {
        m_device = torch::Device(resolveDevice(device));
        m_network = loadNetwork(path, card.camLayer, m_identity.format);
    } catch (const InferenceError& error) {
        throw InferenceError(error.kind(), path + ": " + error.what(), error.arguments());
    } catch (const std::runtime_error& error) {
        throw fail(error.what());
    } catch (const c10::Error& error) {
        throw fail(std::string("cannot load model: ") + error.what_without_backtrace());
    }
    m_identity.device = deviceName(m_device);
    m_network->freeze();
    m_network->moveTo(m_device);

    // Prove the split reproduces the model before trusting it: the trunk + head must give the
    // model's own output, and that output must have one logit per labelled class.
    try {
        torch::NoGradGuard noGrad;
        const torch::Tensor probe = torch::linspace(-2.0, 2.0, 3 * card.inputSize * card.inputSize)
                                        .reshape({1, 3, card.inputSize, card.inputSize})
                                        .to(m_device);
        // A state_dict is loaded into this program's own ResNet18, whose forward() is trunk + head by
        // construction: one pass checks its outputs. A TorchScript model's forward() is its author's.
        const bool ownNetwork = m_identity.format == "state_dict";
        const torch::Tensor whole = ownNetwork ? m_network->head(m_network->trunk(probe)) : m_network->forward(probe);
        if (whole.dim() != 2 || whole.size(0) != 1)
            throw fail("not a classifier: output shape " + c10::str(whole.sizes()) + ", expected [1, classes]");
        if (whole.size(1) != int64_t(card.labels.size()))
            throw InferenceError(InferenceError::Kind::ModelCardMismatch,
                                 path + ": the model has " + std::to_string(whole.size(1)) + " outputs, but " +
                                     (card.hasCard ? "its card names " : "the default card names ") +
                                     std::to_string(card.labels.size()) + " classes",
                                 {path, std::to_string(whole.size(1)), std::to_string(card.labels.size())});
        const torch::Tensor split = ownNetwork ? whole : m_network->head(m_network->trunk(probe));
        const double difference = (whole - split).abs().max().item<double>();
        const double scale = std::max(1.0, whole.abs().max().item<double>());
        if (!(difference <= 1e-4 * scale))
            throw fail("not a resnet18 layout: its forward() differs from conv1..layer4 -> avgpool -> fc by " +
                       std::to_string(difference));
        const torch::Tensor weight = m_network->linearHeadWeight();
        m_linearHead = weight.defined() && weight.size(0) == whole.size(1);
    } catch (const c10::Error& error) {
        throw fail(std::string("not a resnet18 layout: ") + error.what_without_backtrace());
    }
    m_identity.camMethod = m_linearHead ? "linear-head" : "autograd";
    // TorchScript's profiling executor optimises a graph over its first runs, once for inputs without
    // gradients and once for the head's input that requires one: pay that here, at load time on the
    // worker thread, not on the reader's first image. Each path as predict() runs it. The program's own
    // network runs eagerly: one run makes its allocations and the backward pass's kernels.
    try {
        const torch::Tensor probe = torch::zeros({1, 3, card.inputSize, card.inputSize}).to(m_device);
        const int runs = m_identity.format == "state_dict" ? 1 : 2;
        for (int run = 0; run < runs; ++run) {
            if (m_linearHead) {
                camByLinearHead(probe, 0);
            } else {
                camByAutograd(probe, 0);
            }
        }
    } catch (const c10::Error& error) {
        throw fail(std::string("not a resnet18 layout: ") + error.what_without_backtrace());
    }
    hashing.join();
    if (!hashError.empty()) throw std::runtime_error(hashError);
    m_identity.sha256 = sha256;
}

TorchClassifier::~TorchClassifier() = default;

torch::Tensor TorchClassifier::prepareInput(const GrayImage& image) const
{
    // The trainer runs the same two steps (it caches the 8-bit result of the first).
    return normaliseForModel(resizeForModel(image, m_identity.card), m_identity.card);
}

torch::Tensor TorchClassifier::linearHeadCam(const torch::Tensor& features, int64_t classIndex) const
{
    // For A -> global average pool -> Linear, d score_c / d A_k(i,j) = W[c,k] / (H*W) everywhere, so
    // the Grad-CAM weights are W[c] / (H*W) exactly (Selvaraju et al., Grad-CAM generalises CAM).
    const torch::Tensor weight = m_network->linearHeadWeight()[classIndex];
    const double area = double(features.size(2) * features.size(3));
    const torch::Tensor alpha = (weight / area).view({1, -1, 1, 1});
    return torch::relu((features * alpha).sum(1));
}

torch::Tensor TorchClassifier::headWithAutogradCam(const torch::Tensor& features, int64_t classIndex,
                                                   torch::Tensor& logits, double& forwardMs)
{
    // The head runs once, with autograd on: its output is the logits, and its graph is kept for the
    // one backward pass, which goes through the head only (the trunk ran in inference mode and kept
    // no graph) and computes the gradient for the CAM layer's activations alone (every parameter is
    // frozen, so no weight gradient is computed either). Tensors made in inference mode cannot be
    // saved for backward: the activations are copied once at the boundary (0.2 MB at 224, 14x14x256).
    const auto start = Clock::now();
    torch::AutoGradMode enable(true);
    const torch::Tensor leaf = features.clone().requires_grad_(true);
    const torch::Tensor output = m_network->head(leaf);
    synchronise(m_device);
    forwardMs = millisecondsSince(start);
    // Images of a batch do not interact (eval mode), so the sum's gradient is each image's own.
    const torch::Tensor gradient = torch::autograd::grad({output.select(1, classIndex).sum()}, {leaf})[0];
    logits = output.detach();
    torch::InferenceMode inference;
    const torch::Tensor alpha = gradient.mean({2, 3}, true);
    return torch::relu((features * alpha).sum(1));
}

torch::Tensor TorchClassifier::camByAutograd(const torch::Tensor& input, int64_t classIndex)
{
    torch::Tensor features;
    {
        torch::InferenceMode inference;
        features = m_network->trunk(input.to(m_device));
    }
    torch::Tensor logits;
    double forwardMs = 0.0;
    return headWithAutogradCam(features, classIndex, logits, forwardMs).cpu();
}

torch::Tensor TorchClassifier::camByLinearHead(const torch::Tensor& input, int64_t classIndex)
{
    if (!m_linearHead) throw std::runtime_error("this model's head is not average pool -> Linear");
    torch::InferenceMode inference;
    return linearHeadCam(m_network->trunk(input.to(m_device)), classIndex).cpu();
}

std::vector<float> TorchClassifier::modelInput(const GrayImage& image)
{
    try {
        torch::InferenceMode inference;
        const torch::Tensor input = prepareInput(image).contiguous();
        return std::vector<float>(input.data_ptr<float>(), input.data_ptr<float>() + input.numel());
    } catch (const c10::Error& error) {
        throw InferenceError(InferenceError::Kind::InferenceFailed,
                             m_identity.path + ": preprocessing failed: " + error.what_without_backtrace(),
                             {m_identity.path, error.what_without_backtrace()});
    }
}

std::vector<Prediction> TorchClassifier::predict(const std::vector<GrayImage>& images, const PredictOptions& options)
{
    if (images.empty()) return {};
    const ModelCard& card = m_identity.card;
    const int64_t classes = int64_t(card.labels.size());
    const int64_t camClass = options.camClass >= 0 ? options.camClass : card.positiveIndex();
    if (camClass < 0 || camClass >= classes)
        throw std::runtime_error("no such class for the heatmap: " + std::to_string(camClass));

    try {
        // Guards are thread-local: made here, on the calling (worker) thread. Inference mode (no graph,
        // no version counters) everywhere but in the head of the autograd path.
        const auto start = Clock::now();
        std::vector<torch::Tensor> inputs;
        torch::Tensor batch;
        {
            torch::InferenceMode inference;
            inputs.reserve(images.size());
            for (const GrayImage& image : images) inputs.push_back(prepareInput(image));
            batch = torch::cat(inputs).to(m_device);
        }
        const double preprocessMs = millisecondsSince(start);

        const auto inferenceStart = Clock::now();
        torch::Tensor features;
        torch::Tensor logits;
        torch::Tensor cams;
        double inferenceMs = 0.0;
        double camMs = 0.0;
        if (m_linearHead) {
            torch::InferenceMode inference;
            features = m_network->trunk(batch);
            logits = m_network->head(features);
            synchronise(m_device);
            inferenceMs = millisecondsSince(inferenceStart);
            const auto camStart = Clock::now();
            cams = linearHeadCam(features, camClass).cpu().contiguous();
            camMs = millisecondsSince(camStart);
        } else {
            {
                torch::InferenceMode inference;
                features = m_network->trunk(batch);
            }
            synchronise(m_device);
            const double trunkMs = millisecondsSince(inferenceStart);
            double headMs = 0.0;
            const auto headStart = Clock::now();
            cams = headWithAutogradCam(features, camClass, logits, headMs).cpu().contiguous();
            inferenceMs = trunkMs + headMs;
            camMs = millisecondsSince(headStart) - headMs;
        }
        torch::InferenceMode inference;
        const torch::Tensor probabilities = torch::softmax(logits, 1).cpu();
        const torch::Tensor logitsCpu = logits.cpu();

        const double share = 1.0 / double(images.size());
        std::vector<Prediction> results(images.size());
        for (size_t i = 0; i < images.size(); ++i) {
            Prediction& result = results[i];
            const auto upsampleStart = Clock::now();
            result.labels = card.labels;
            const float* logit = logitsCpu[int64_t(i)].data_ptr<float>();
            const float* probability = probabilities[int64_t(i)].contiguous().data_ptr<float>();
            result.logits.assign(logit, logit + classes);
            result.probabilities.assign(probability, probability + classes);
            result.predictedIndex = int(std::max_element(result.probabilities.begin(), result.probabilities.end()) -
                                        result.probabilities.begin());
            result.confidence = result.probabilities[size_t(result.predictedIndex)];
            result.indeterminate = result.confidence < card.threshold;
            result.label = result.indeterminate ? "INDETERMINATE" : card.labels[size_t(result.predictedIndex)];
            result.camClass = int(camClass);

            const torch::Tensor cam = cams[int64_t(i)];
            result.camHeight = int(cam.size(0));
            result.camWidth = int(cam.size(1));
            result.camRaw.assign(cam.data_ptr<float>(), cam.data_ptr<float>() + cam.numel());
            if (options.heatmapAtImageSize) {
                // Back over the image with the inverse of the stretch the input went through, each
                // cell on its receptive field's centre (CamGeometry.h says why not plain resizing).
                const GrayImage& image = images[i];
                const std::vector<float> map = camOverImage(result.camRaw, result.camHeight, result.camWidth,
                                                            int(card.inputSize), image.width, image.height);
                const float peak = cam.max().item<float>();
                const float scale = peak > 0.0f ? 255.0f / peak : 0.0f;
                result.heatmapWidth = image.width;
                result.heatmapHeight = image.height;
                result.heatmap.resize(map.size());
                for (size_t p = 0; p < map.size(); ++p)
                    result.heatmap[p] = uint8_t(std::clamp(std::round(map[p] * scale), 0.0f, 255.0f));
            }
            if (options.keepModelInput) {
                const torch::Tensor input = inputs[i].contiguous();
                result.modelInput.assign(input.data_ptr<float>(), input.data_ptr<float>() + input.numel());
            }
            result.preprocessMs = preprocessMs * share;
            result.inferenceMs = inferenceMs * share;
            result.camMs = camMs * share + millisecondsSince(upsampleStart);
        }
        return results;
    } catch (const c10::Error& error) {
        throw InferenceError(InferenceError::Kind::InferenceFailed,
                             m_identity.path + ": inference failed: " + error.what_without_backtrace(),
                             {m_identity.path, error.what_without_backtrace()});
    }
}

}  // namespace pulmo::inference
