#pragma once
// The model core's classifier: loads a TorchScript resnet18 (or a resnet18 state_dict), prepares the
// model input exactly as training did, classifies, and explains with Grad-CAM. LibTorch only.

#include "InferenceBackend.h"

#include <torch/types.h>

#include <memory>
#include <string>

namespace pulmo::inference {

class Network;

class TorchClassifier final : public Classifier {
public:
    /// Throws std::runtime_error naming the file and the reason: missing, corrupt, not a resnet18
    /// layout, a class count that disagrees with the card, a device that is not there.
    TorchClassifier(const std::string& path, const std::string& device);
    ~TorchClassifier() override;

    const ModelIdentity& identity() const override { return m_identity; }
    std::vector<Prediction> predict(const std::vector<GrayImage>& images, const PredictOptions& options) override;
    std::vector<float> modelInput(const GrayImage& image) override;

    /// The model input for one image: 1x3xSxS float, normalised (exposed for tests and the trainer).
    torch::Tensor prepareInput(const GrayImage& image) const;
    /// Grad-CAM by the general path (autograd from the CAM layer's output), even when the exact
    /// linear-head path applies: for tests that the two agree.
    torch::Tensor camByAutograd(const torch::Tensor& input, int64_t classIndex);
    torch::Tensor camByLinearHead(const torch::Tensor& input, int64_t classIndex);

private:
    torch::Tensor linearHeadCam(const torch::Tensor& features, int64_t classIndex) const;
    /// The head, run once with autograd on from the CAM layer's activations `features` (made in
    /// inference mode): sets `logits`, and `forwardMs` to the time of that forward pass; returns the
    /// Grad-CAM maps of `classIndex` by the gradient with respect to `features` alone.
    torch::Tensor headWithAutogradCam(const torch::Tensor& features, int64_t classIndex, torch::Tensor& logits,
                                      double& forwardMs);

    ModelIdentity m_identity;
    torch::Device m_device{torch::kCPU};
    std::unique_ptr<Network> m_network;
    bool m_linearHead = false;
};

}  // namespace pulmo::inference
