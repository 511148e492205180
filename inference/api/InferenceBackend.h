#pragma once
// The LibTorch-free face of the inference plugin. The application includes only this header, the
// loader and the worker; LibTorch stays inside the plugin (libpulmo_inference_torch.so), loaded on
// first use so that programs that never run the model never pay LibTorch's start-up cost, and so
// that a CUDA build of the plugin can replace the CPU build without rebuilding the application.
//
// Only standard-library types cross this boundary; the plugin and the application must be built
// with the same C++ standard library (kPluginAbiVersion guards the layout of these types).

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace pulmo::inference {

/// Bumped whenever a type or virtual function below changes, or InferenceError (which the plugin
/// throws) does. 4: errors carry a kind and parameters (InferenceError.h). 5: Classifier::modelInput(),
/// and PredictOptions::heatmapAtImageSize false by default. 6: InferenceError::Kind::AiProcessFailed.
constexpr int kPluginAbiVersion = 6;

struct BackendInfo {
    std::string library;               ///< "LibTorch"
    std::string libraryVersion;        ///< e.g. "1.13.0"
    std::vector<std::string> devices;  ///< usable devices, "cpu" first, then "cuda:0", ...
    int cpuThreads = 1;                ///< intra-op threads LibTorch uses on the CPU
};

/// The JSON model card beside a model (same base name, .json). A model without one runs with these
/// defaults, the design's, and `hasCard` false.
struct ModelCard {
    bool hasCard = false;
    std::string name = "unnamed model";
    std::string version;
    std::vector<std::string> labels{"NORMAL", "PNEUMONIA"};
    std::string positiveLabel = "PNEUMONIA";
    int inputSize = 224;
    std::array<float, 3> mean{0.485f, 0.456f, 0.406f};
    std::array<float, 3> std{0.229f, 0.224f, 0.225f};
    /// "bilinear_antialias" (PIL's bilinear resize, what torchvision's Resize does to a PIL image)
    /// or "bilinear" (no antialiasing; aliased on large downscales, kept for comparison).
    std::string interpolation = "bilinear_antialias";
    std::string camLayer = "layer4";
    double threshold = 0.70;
    std::string intendedUse;
    std::string trainingData;
    bool clinicalUse = false;
    std::string metricsJson;  ///< the card's "metrics" member as JSON text, or empty

    int positiveIndex() const
    {
        const auto found = std::find(labels.begin(), labels.end(), positiveLabel);
        return found == labels.end() ? -1 : int(found - labels.begin());
    }
};

/// Which model produced a result, exactly.
struct ModelIdentity {
    std::string path;
    std::string sha256;
    std::string format;     ///< "torchscript" or "state_dict"
    std::string device;     ///< "cpu", "cuda:0"
    std::string camMethod;  ///< "linear-head" (exact, no backward pass) or "autograd"
    ModelCard card;
};

/// An 8-bit grayscale image as the display pipeline rendered it, row by row.
struct GrayImage {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels;
};

struct PredictOptions {
    int camClass = -1;            ///< class the heatmap explains; -1: the card's positive label
    bool keepModelInput = false;  ///< return the 1x3xSxS float tensor the model saw (600 KB at 224; a
                                  ///< cache asks Classifier::modelInput() again instead of keeping it)
    /// Also return the heatmap stretched over the image, 0..255 (4 MB for a 2048 px radiograph). Off
    /// by default: camRaw (14x14 or 7x7 floats) rebuilds it, e.g. at screen resolution.
    bool heatmapAtImageSize = false;
};

struct Prediction {
    std::vector<std::string> labels;
    std::vector<float> logits;
    std::vector<float> probabilities;
    int predictedIndex = -1;
    std::string label;  ///< a class name, or "INDETERMINATE" below the threshold
    bool indeterminate = false;
    float confidence = 0.0f;  ///< the top probability
    int camClass = -1;
    int camWidth = 0;  ///< the raw map, at the CAM layer's resolution (224 input: layer4 7x7, layer3 14x14)
    int camHeight = 0;
    std::vector<float> camRaw;  ///< after ReLU, before normalisation
    int heatmapWidth = 0;       ///< the image's own geometry
    int heatmapHeight = 0;
    std::vector<uint8_t> heatmap;   ///< raw map stretched back over the image, 0..255, if asked for
    std::vector<float> modelInput;  ///< 1x3xSxS, if asked for
    double preprocessMs = 0.0;
    double inferenceMs = 0.0;  ///< the forward pass: trunk and head (with autograd on for a backward pass)
    double camMs = 0.0;        ///< Grad-CAM: the backward pass (if any), the weighting, the upsampling
};

/// A loaded model. predict() may be called from one thread at a time (the worker's).
class Classifier {
public:
    virtual ~Classifier() = default;
    virtual const ModelIdentity& identity() const = 0;
    /// Classifies a batch and explains each result. Throws std::runtime_error on failure; never
    /// returns a made-up result.
    virtual std::vector<Prediction> predict(const std::vector<GrayImage>& images, const PredictOptions& options) = 0;
    /// What the model sees of `image`: the preprocessing alone (resize and normalise, no network),
    /// 1x3xSxS floats row by row, the same values as Prediction::modelInput. About a millisecond for
    /// a 2048 px image. Same thread rule as predict(). Throws std::runtime_error on failure.
    virtual std::vector<float> modelInput(const GrayImage& image) = 0;
};

/// Which part of the data a training sample belongs to.
enum class DataSplit { Unassigned, Train, Validation, Test };

/// One labelled image for the trainer. The pixels are not here: the trainer asks the caller's
/// ImageLoader for them once, and keeps only the model-sized 8-bit image.
struct TrainingSample {
    std::string source;                       ///< the file, for messages and the split listing
    std::string patientId;                    ///< samples of one patient always land in the same split
    std::string label;                        ///< one of the card's labels
    DataSplit split = DataSplit::Unassigned;  ///< given (e.g. by an ImageFolder export) or assigned
};

struct TrainingOptions {
    std::string outputPath;  ///< the model; its card is written beside it (same base name, .json)
    std::string initPath;    ///< empty: train from scratch; else fine-tune this model (its card's
                             ///< labels and preprocessing are kept)
    std::string device = "auto";
    int epochs = 10;
    int batchSize = 16;
    double learningRate = 0.001;
    uint64_t seed = 1;
    bool augment = true;  ///< random horizontal flip and rotation within +-maxRotationDegrees
    double maxRotationDegrees = 10.0;
    double validationShare = 0.15;  ///< used only when no sample has a given split
    double testShare = 0.15;
    bool halfPrecisionWeights = false;  ///< store float16 weights (half the file); the final validation
                                        ///< and test figures are measured with the stored weights
    /// Written into the card: name, version, intended_use, training_data and clinical_use are taken
    /// as given; labels and preprocessing too unless `initPath` names a model with a card.
    ModelCard card;
    std::string trainingDataJson;  ///< extra JSON object for the card's "training" member, or empty
};

/// Loss and accuracy (at the arg-max, no threshold) of one split.
struct SplitScore {
    int images = 0;
    double loss = 0.0;
    double accuracy = 0.0;
    /// Confusion counts for the card's positive label (two-class models).
    int truePositive = 0, falseNegative = 0, trueNegative = 0, falsePositive = 0;
};

struct EpochReport {
    int epoch = 0;  ///< 1-based
    int epochs = 0;
    SplitScore train;              ///< running loss/accuracy over the epoch's batches (train mode)
    SplitScore validation;         ///< eval mode, after the epoch; images == 0 without a validation split
    double imagesPerSecond = 0.0;  ///< training images through forward + backward + step per second
    double seconds = 0.0;
    bool best = false;  ///< this epoch's weights are the kept checkpoint
};

/// What the progress callback sees: after every batch (`batchesDone` of `batches`) and once per
/// epoch with `epochDone` true; during the decoding pass `decoding` is true.
struct TrainingProgress {
    bool decoding = false;
    int imagesDecoded = 0;
    int images = 0;
    int epoch = 0;
    int batchesDone = 0;
    int batches = 0;
    double runningLoss = 0.0;
    bool epochDone = false;
    EpochReport report;  ///< filled when epochDone
};

struct TrainingReport {
    std::string modelPath;
    std::string cardPath;
    std::string device;
    int cpuThreads = 1;
    std::vector<DataSplit> splits;  ///< per sample, in the order given
    int trainPatients = 0, validationPatients = 0, testPatients = 0;
    int trainImages = 0, validationImages = 0, testImages = 0;
    double decodeSeconds = 0.0;
    double trainSeconds = 0.0;
    std::vector<EpochReport> epochs;
    int bestEpoch = 0;
    SplitScore bestValidation;
    SplitScore test;                    ///< the kept checkpoint on the test split (images == 0 without one)
    std::string cardJson;               ///< the card as written
    std::string weightsDtype;           ///< "float32" or "float16", as stored
    std::vector<std::string> warnings;  ///< e.g. a patient found in two given splits
};

/// Returns the display pipeline's 8-bit image of sample `index`. May throw std::exception.
using ImageLoader = std::function<GrayImage(size_t index)>;
/// Called on the training thread; may print, must not call back into the backend.
using TrainingProgressCallback = std::function<void(const TrainingProgress&)>;

/// Implemented inside the plugin. Any thread may call these.
class InferenceBackend {
public:
    virtual ~InferenceBackend() = default;
    virtual BackendInfo info() const = 0;
    /// Loads a TorchScript model or a resnet18 state_dict, with its card. `device`: "auto", "cpu",
    /// "cuda" or "cuda:N". Throws InferenceError (a std::runtime_error) naming the file and the reason.
    virtual std::unique_ptr<Classifier> loadModel(const std::string& path, const std::string& device) = 0;
    /// Trains a ResNet18 (Adam, cross-entropy, the inference preprocessing, optional augmentation)
    /// and writes the checkpoint with the best validation accuracy as a plain-dict state_dict with
    /// its model card. Samples without a given split are split by patient. Blocks the calling
    /// thread; `progress` may be empty. Throws std::runtime_error (or what `loadImage` throws).
    virtual TrainingReport train(const std::vector<TrainingSample>& samples, const ImageLoader& loadImage,
                                 const TrainingOptions& options, const TrainingProgressCallback& progress) = 0;
};

}  // namespace pulmo::inference

/// The plugin's single entry point: returns a new backend owned by the caller (delete through the
/// virtual destructor), or nullptr when `abiVersion` differs from the plugin's.
extern "C" pulmo::inference::InferenceBackend* pulmo_inference_create_backend(int abiVersion);
