// The plugin: implements the LibTorch-free InferenceBackend on top of the model core.
#include "InferenceBackend.h"
#include "TorchClassifier.h"
#include "TorchRuntime.h"
#include "Trainer.h"

namespace pulmo::inference {
namespace {

class TorchBackend final : public InferenceBackend {
public:
    TorchBackend() { configureCpuThreads(); }

    BackendInfo info() const override
    {
        BackendInfo result;
        result.library = "LibTorch";
        result.libraryVersion = torchVersion();
        result.devices = availableDevices();
        result.cpuThreads = configureCpuThreads();
        return result;
    }

    std::unique_ptr<Classifier> loadModel(const std::string& path, const std::string& device) override
    {
        return std::make_unique<TorchClassifier>(path, device);
    }

    TrainingReport train(const std::vector<TrainingSample>& samples, const ImageLoader& loadImage,
                         const TrainingOptions& options, const TrainingProgressCallback& progress) override
    {
        return trainClassifier(samples, loadImage, options, progress);
    }
};

}  // namespace
}  // namespace pulmo::inference

extern "C" __attribute__((visibility("default"))) pulmo::inference::InferenceBackend* pulmo_inference_create_backend(
    int abiVersion)
{
    if (abiVersion != pulmo::inference::kPluginAbiVersion) return nullptr;
    return new pulmo::inference::TorchBackend();
}
