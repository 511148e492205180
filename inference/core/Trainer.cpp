#include "Trainer.h"

#include "Evaluation.h"
#include "ModelCard.h"
#include "Network.h"
#include "PatientSplit.h"
#include "Preprocessing.h"
#include "ResNet18.h"
#include "Sha256.h"
#include "TorchClassifier.h"
#include "TorchRuntime.h"

#include <torch/nn/functional/loss.h>
#include <torch/nn/functional/vision.h>
#include <torch/optim/adam.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <map>
#include <random>
#include <set>
#include <stdexcept>

namespace pulmo::inference {
namespace F = torch::nn::functional;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// [0, 1) from 53 raw bits: std::uniform_real_distribution's algorithm differs between libraries.
double uniform(std::mt19937_64& random)
{
    return double(random() >> 11) * 0x1.0p-53;
}

void shuffle(std::vector<size_t>& items, std::mt19937_64& random)
{
    for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[size_t(random() % i)]);
}

std::string utcNow()
{
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

/// Every image once, model-sized and 8-bit: Nx1xSxS kUInt8 on the CPU, and the class indices.
struct CachedImages {
    torch::Tensor pixels;
    std::vector<int64_t> labels;
};

/// The network's input for `indices`: normalised, and augmented if `random` is given (a random
/// horizontal flip with p = 0.5 and a rotation uniform in [-maxDegrees, maxDegrees], bilinear,
/// black outside the image, as torchvision's RandomHorizontalFlip and RandomRotation(fill=0) on
/// the resized image).
torch::Tensor batchInput(const CachedImages& cache, const std::vector<size_t>& indices, const ModelCard& card,
                         std::mt19937_64* random, double maxDegrees)
{
    std::vector<int64_t> rows(indices.begin(), indices.end());
    torch::Tensor unit =
        cache.pixels.index_select(0, torch::tensor(rows, torch::kLong)).to(torch::kFloat32).div_(255.0);
    if (random != nullptr) {
        const int64_t count = unit.size(0);
        torch::Tensor theta = torch::zeros({count, 2, 3});
        auto matrix = theta.accessor<float, 3>();
        constexpr double kPi = 3.14159265358979323846;
        for (int64_t i = 0; i < count; ++i) {
            const bool flip = ((*random)() & 1u) != 0;
            const double angle = (2.0 * uniform(*random) - 1.0) * maxDegrees * kPi / 180.0;
            const double c = std::cos(angle), s = std::sin(angle), mirror = flip ? -1.0 : 1.0;
            // affine_grid maps output to input coordinates: input = R(angle) * diag(mirror, 1) * output.
            matrix[i][0][0] = float(c * mirror);
            matrix[i][0][1] = float(-s);
            matrix[i][1][0] = float(s * mirror);
            matrix[i][1][1] = float(c);
        }
        const torch::Tensor grid = F::affine_grid(theta, unit.sizes(), false);
        unit = F::grid_sample(
            unit, grid,
            F::GridSampleFuncOptions().mode(torch::kBilinear).padding_mode(torch::kZeros).align_corners(false));
    }
    return normaliseForModel(unit, card);
}

torch::Tensor batchTargets(const CachedImages& cache, const std::vector<size_t>& indices)
{
    std::vector<int64_t> targets;
    targets.reserve(indices.size());
    for (size_t index : indices) targets.push_back(cache.labels[index]);
    return torch::tensor(targets, torch::kLong);
}

void countOutcomes(SplitScore& score, const torch::Tensor& predicted, const torch::Tensor& targets, int64_t positive)
{
    const auto p = predicted.accessor<int64_t, 1>();
    const auto t = targets.accessor<int64_t, 1>();
    for (int64_t i = 0; i < predicted.size(0); ++i) {
        const bool truth = t[i] == positive, call = p[i] == positive;
        if (truth)
            ++(call ? score.truePositive : score.falseNegative);
        else
            ++(call ? score.falsePositive : score.trueNegative);
    }
}

/// Loss and arg-max accuracy of `indices` in eval mode (BatchNorm's running statistics).
SplitScore scoreSplit(ResNet18& network, const CachedImages& cache, const std::vector<size_t>& indices,
                      const ModelCard& card, const torch::Device& device)
{
    SplitScore score;
    if (indices.empty()) return score;
    network->eval();
    torch::NoGradGuard noGrad;
    double lossSum = 0.0;
    int64_t correct = 0;
    constexpr size_t kChunk = 32;
    for (size_t start = 0; start < indices.size(); start += kChunk) {
        const std::vector<size_t> chunk(indices.begin() + long(start),
                                        indices.begin() + long(std::min(indices.size(), start + kChunk)));
        const torch::Tensor targets = batchTargets(cache, chunk);
        const torch::Tensor logits = network->forward(batchInput(cache, chunk, card, nullptr, 0.0).to(device)).cpu();
        lossSum +=
            F::cross_entropy(logits, targets, F::CrossEntropyFuncOptions().reduction(torch::kSum)).item<double>();
        const torch::Tensor predicted = logits.argmax(1);
        correct += (predicted == targets).sum().item<int64_t>();
        countOutcomes(score, predicted, targets, card.positiveIndex());
    }
    score.images = int(indices.size());
    score.loss = lossSum / double(indices.size());
    score.accuracy = double(correct) / double(indices.size());
    return score;
}

/// Takes the classes' mean out of the linear head's weights and biases. Softmax cross-entropy sees
/// only the differences between the classes' logits: the part that all rows share changes no
/// probability, gets no gradient (the gradients of the rows sum to zero, and for two classes Adam's
/// steps are exact opposites), and so stays what the random initialisation made it for ever. The
/// class-activation map of one class (w_c . A, the linear-head Grad-CAM) would carry that random
/// projection of the features beside the evidence for the class; without it, the map of PNEUMONIA
/// is the evidence for PNEUMONIA against NORMAL. The backbone's training does not change: its
/// gradients, too, see only the differences.
void centreHead(ResNet18& network)
{
    torch::NoGradGuard noGrad;
    torch::Tensor& weight = network->fc()->weight;
    torch::Tensor& bias = network->fc()->bias;
    weight.sub_(weight.mean(0, true));
    bias.sub_(bias.mean());
}

/// Copies of every parameter and buffer, to keep the best epoch's weights.
std::vector<torch::Tensor> snapshot(ResNet18& network)
{
    std::vector<torch::Tensor> state;
    for (const torch::Tensor& tensor : network->parameters()) state.push_back(tensor.detach().clone());
    for (const torch::Tensor& tensor : network->buffers()) state.push_back(tensor.detach().clone());
    return state;
}

void restore(ResNet18& network, const std::vector<torch::Tensor>& state)
{
    torch::NoGradGuard noGrad;
    size_t i = 0;
    for (torch::Tensor& tensor : network->parameters()) tensor.copy_(state.at(i++));
    for (torch::Tensor& tensor : network->buffers()) tensor.copy_(state.at(i++));
}

/// Rounds every floating-point weight to float16 and back, so that the network in memory is the
/// one the file will hold. Returns false (and changes nothing) if a value does not fit float16.
bool roundToHalf(ResNet18& network)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> tensors;
    for (const torch::Tensor& tensor : network->parameters()) tensors.push_back(tensor);
    for (const torch::Tensor& tensor : network->buffers())
        if (tensor.is_floating_point()) tensors.push_back(tensor);
    for (const torch::Tensor& tensor : tensors)
        if (tensor.numel() > 0 && tensor.abs().max().item<double>() > 65504.0) return false;
    for (torch::Tensor& tensor : tensors) tensor.copy_(tensor.to(torch::kHalf).to(tensor.scalar_type()));
    return true;
}

using Json = nlohmann::ordered_json;

/// A JSON number, or null for NaN and infinities (JSON has no such numbers).
Json number(double value)
{
    return std::isfinite(value) ? Json(value) : Json();
}

/// For the card: six decimals are plenty for a person, and the history stays readable.
Json rounded(double value, double scale = 1e6)
{
    return number(std::round(value * scale) / scale);
}

Json scoreJson(const SplitScore& score)
{
    if (score.images == 0) return {};
    ConfusionCounts counts;
    counts.truePositive = score.truePositive;
    counts.falseNegative = score.falseNegative;
    counts.trueNegative = score.trueNegative;
    counts.falsePositive = score.falsePositive;
    const BinaryMetrics metrics = binaryMetrics(counts);
    const auto withInterval = [](const Proportion& proportion) {
        Json json = Json::object();
        json["value"] = rounded(proportion.value);
        json["ci95"] = Json::array({rounded(proportion.lower, 1e4), rounded(proportion.upper, 1e4)});
        json["n"] = proportion.trials;
        return json;
    };
    Json confusion = Json::object();
    confusion["true_positive"] = score.truePositive;
    confusion["false_negative"] = score.falseNegative;
    confusion["true_negative"] = score.trueNegative;
    confusion["false_positive"] = score.falsePositive;
    Json json = Json::object();
    json["n"] = score.images;
    json["loss"] = rounded(score.loss);
    json["accuracy"] = withInterval(metrics.accuracy);
    json["sensitivity"] = withInterval(metrics.sensitivity);
    json["specificity"] = withInterval(metrics.specificity);
    json["confusion"] = confusion;
    return json;
}

/// The shortest text that reads back as the same float ("0.485", not 0.48500001430511475), as a
/// double: nlohmann then writes the shortest text of that double, which is the same.
double shortestFloat(float value)
{
    char text[32];
    const std::to_chars_result written = std::to_chars(text, text + sizeof(text), value);
    double back = double(value);
    std::from_chars(text, written.ptr, back);
    return back;
}

Json floatTriple(const std::array<float, 3>& values)
{
    return Json::array({shortestFloat(values[0]), shortestFloat(values[1]), shortestFloat(values[2])});
}

/// A number in a sentence of the card, as printf's %g would write it in the C locale ("70", "0.5";
/// never "0,5" whatever the locale): six significant digits hide 70.00000000000001.
std::string numberText(double value)
{
    char text[32];
    return std::string(text, std::to_chars(text, text + sizeof(text), value, std::chars_format::general, 6).ptr);
}

struct CardContext {
    const TrainingOptions* options = nullptr;
    const ModelCard* card = nullptr;
    const TrainingReport* report = nullptr;
    bool splitGiven = false;
    bool completed = false;
    std::string initName;
    std::string initSha256;
};

std::string cardJson(const CardContext& context)
{
    const TrainingOptions& options = *context.options;
    const ModelCard& card = *context.card;
    const TrainingReport& report = *context.report;

    Json history = Json::array();
    double imagesPerSecond = 0.0;
    for (const EpochReport& epoch : report.epochs) {
        imagesPerSecond += epoch.imagesPerSecond / double(report.epochs.size());
        Json row = Json::object();
        row["epoch"] = epoch.epoch;
        row["train_loss"] = rounded(epoch.train.loss);
        row["train_accuracy"] = rounded(epoch.train.accuracy);
        row["val_loss"] = epoch.validation.images ? rounded(epoch.validation.loss) : Json();
        row["val_accuracy"] = epoch.validation.images ? rounded(epoch.validation.accuracy) : Json();
        row["images_per_s"] = rounded(epoch.imagesPerSecond, 100.0);
        row["best"] = epoch.best;
        history.push_back(row);
    }
    const std::string degrees = numberText(options.maxRotationDegrees);
    const std::string size = std::to_string(card.inputSize);
    const std::string rotation = "random horizontal flip (p = 0.5) and random rotation uniform in [-" + degrees + ", " +
                                 degrees + "] degrees (bilinear, black fill) on the " + size + "x" + size + " image";
    const std::string split = "by patient, " + numberText(100.0 * (1.0 - options.validationShare - options.testShare)) +
                              "/" + numberText(100.0 * options.validationShare) + "/" +
                              numberText(100.0 * options.testShare) + " (train/val/test), stratified by label, seeded";

    Json training = Json::object();
    training["completed"] = context.completed;
    training["trainer"] = "pulmo-cli train (C++, LibTorch " + torchVersion() + ")";
    training["architecture"] =
        "resnet18 (torchvision layout), " + std::to_string(card.labels.size()) + "-class Linear head";
    if (context.initSha256.empty()) {
        training["init"] =
            "from scratch (random initialisation, no pretrained weights; the linear head centred over the classes)";
    } else {
        Json init = Json::object();
        init["path"] = options.initPath;
        init["name"] = context.initName;
        init["sha256"] = context.initSha256;
        training["init"] = init;
    }
    training["format"] = "state_dict (plain dict of tensors, torch::pickle_save)";
    training["weights_dtype"] = report.weightsDtype;
    training["optimizer"] = "Adam (betas 0.9, 0.999; eps 1e-8; no weight decay)";
    training["learning_rate"] = number(options.learningRate);
    training["batch_size"] = options.batchSize;
    training["loss"] = "cross-entropy";
    training["augmentation"] = options.augment ? rotation : "none";
    training["epochs"] = options.epochs;
    training["best_epoch"] = report.bestEpoch;
    training["selection"] = report.validationImages > 0
                                ? "highest validation accuracy, ties to the lower validation loss"
                                : "last epoch (no validation split)";
    training["seed"] = options.seed;
    training["split"] = context.splitGiven ? "given with the data (e.g. ImageFolder train/val/test)" : split;
    training["patients"] = Json::object();
    training["patients"]["train"] = report.trainPatients;
    training["patients"]["val"] = report.validationPatients;
    training["patients"]["test"] = report.testPatients;
    training["images"] = Json::object();
    training["images"]["train"] = report.trainImages;
    training["images"]["val"] = report.validationImages;
    training["images"]["test"] = report.testImages;
    training["device"] = report.device;
    training["cpu_threads"] = report.cpuThreads;
    training["train_seconds"] = rounded(report.trainSeconds, 10.0);
    training["images_per_s"] = rounded(imagesPerSecond, 100.0);
    training["history"] = history;
    if (!options.trainingDataJson.empty()) {
        try {
            training["data"] = Json::parse(options.trainingDataJson);
        } catch (const Json::exception& error) {
            throw std::runtime_error(std::string("the training data description is not valid JSON (") + error.what() +
                                     ")");
        }
    }

    Json metrics = Json::object();
    metrics["decision"] =
        "arg-max of the class probabilities, without the INDETERMINATE threshold; 'pulmo-cli evaluate' reports the "
        "thresholded figures";
    metrics["validation"] = scoreJson(report.bestValidation);
    metrics["test"] = scoreJson(report.test);

    Json json = Json::object();
    json["name"] = card.name;
    json["version"] = card.version;
    json["labels"] = card.labels;
    json["positive_label"] = card.positiveLabel;
    json["input_size"] = card.inputSize;
    json["mean"] = floatTriple(card.mean);
    json["std"] = floatTriple(card.std);
    json["interpolation"] = card.interpolation;
    json["cam_layer"] = card.camLayer;
    json["threshold"] = number(card.threshold);
    json["intended_use"] = card.intendedUse;
    json["training_data"] = card.trainingData;
    json["clinical_use"] = card.clinicalUse;
    json["metrics"] = metrics;
    json["date"] = utcNow();
    json["training"] = training;
    // Invalid UTF-8 (a path in another encoding) is replaced rather than refused: the card is for
    // people, and a finished training run must not be lost over it.
    return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

TrainingReport trainClassifier(const std::vector<TrainingSample>& samples, const ImageLoader& loadImage,
                               const TrainingOptions& options, const TrainingProgressCallback& progress)
{
    if (options.outputPath.empty()) throw std::runtime_error("no output path for the model");
    if (options.epochs < 1) throw std::runtime_error("epochs must be at least 1");
    if (options.batchSize < 1) throw std::runtime_error("the batch size must be at least 1");
    if (!(options.learningRate > 0.0)) throw std::runtime_error("the learning rate must be positive");
    if (samples.empty()) throw std::runtime_error("no training images");
    const auto notify = [&](const TrainingProgress& state) {
        if (progress) progress(state);
    };

    // The card: the caller's, with the labels and preprocessing of the model fine-tuned from.
    ModelCard card = options.card;
    CardContext context;
    if (!options.initPath.empty()) {
        const ModelCard initCard = readModelCard(options.initPath);
        if (initCard.hasCard) {
            card.labels = initCard.labels;
            card.positiveLabel = initCard.positiveLabel;
            card.inputSize = initCard.inputSize;
            card.mean = initCard.mean;
            card.std = initCard.std;
            card.interpolation = initCard.interpolation;
            card.camLayer = initCard.camLayer;
            card.threshold = initCard.threshold;
            context.initName = initCard.name;
        }
        context.initSha256 = Sha256::ofFile(options.initPath);
    }
    card.hasCard = true;
    if (card.positiveIndex() < 0) throw std::runtime_error("the positive label is not one of the labels");

    TrainingReport report;
    context.options = &options;
    context.card = &card;
    context.report = &report;
    report.modelPath = options.outputPath;
    report.cardPath = modelCardPath(options.outputPath);
    report.weightsDtype = options.halfPrecisionWeights ? "float16" : "float32";
    const torch::Device device(resolveDevice(options.device));
    report.device = device.str();
    report.cpuThreads = configureCpuThreads();

    CachedImages cache;
    for (const TrainingSample& sample : samples) {
        const auto found = std::find(card.labels.begin(), card.labels.end(), sample.label);
        if (found == card.labels.end())
            throw std::runtime_error(sample.source + ": label '" + sample.label + "' is not one of the model's labels");
        cache.labels.push_back(int64_t(found - card.labels.begin()));
    }

    report.splits =
        splitByPatient(samples, card.positiveLabel, options.validationShare, options.testShare, options.seed);
    context.splitGiven = std::any_of(samples.begin(), samples.end(), [](const TrainingSample& sample) {
        return sample.split != DataSplit::Unassigned;
    });
    std::vector<size_t> trainIndices, validationIndices, testIndices;
    std::map<std::string, std::set<DataSplit>> patientSplits;
    for (size_t i = 0; i < samples.size(); ++i) {
        const DataSplit split = report.splits[i];
        (split == DataSplit::Train        ? trainIndices
         : split == DataSplit::Validation ? validationIndices
                                          : testIndices)
            .push_back(i);
        patientSplits[samples[i].patientId].insert(split);
    }
    std::set<std::string> patients[3];
    for (const auto& [patient, splits] : patientSplits) {
        for (DataSplit split : splits)
            patients[split == DataSplit::Train ? 0 : split == DataSplit::Validation ? 1 : 2].insert(patient);
        if (splits.size() > 1)
            report.warnings.push_back("patient '" + patient + "' has images in more than one of the given splits");
    }
    report.trainPatients = int(patients[0].size());
    report.validationPatients = int(patients[1].size());
    report.testPatients = int(patients[2].size());
    report.trainImages = int(trainIndices.size());
    report.validationImages = int(validationIndices.size());
    report.testImages = int(testIndices.size());
    if (trainIndices.empty()) throw std::runtime_error("no images in the training split");
    for (size_t c = 0; c < card.labels.size(); ++c)
        if (std::none_of(trainIndices.begin(), trainIndices.end(),
                         [&](size_t i) { return cache.labels[i] == int64_t(c); }))
            report.warnings.push_back("no " + card.labels[c] + " image in the training split");

    // Decode every image once, keep it model-sized (a 224x224 8-bit image is 49 KiB).
    const auto decodeStart = Clock::now();
    const int64_t size = card.inputSize;
    cache.pixels = torch::empty({int64_t(samples.size()), 1, size, size}, torch::kUInt8);
    TrainingProgress decoding;
    decoding.decoding = true;
    decoding.images = int(samples.size());
    for (size_t i = 0; i < samples.size(); ++i) {
        const GrayImage image = loadImage(i);
        try {
            cache.pixels[int64_t(i)].copy_(resizeForModel(image, card)[0]);
        } catch (const std::exception& error) {
            throw std::runtime_error(samples[i].source + ": " + error.what());
        }
        decoding.imagesDecoded = int(i + 1);
        notify(decoding);
    }
    report.decodeSeconds = secondsSince(decodeStart);

    try {
        torch::manual_seed(options.seed);
        ResNet18 network{nullptr};
        if (options.initPath.empty()) {
            network = ResNet18(int64_t(card.labels.size()));
            centreHead(network);
        } else {
            try {
                network = loadResNet18(options.initPath);
            } catch (const std::runtime_error& error) {
                throw std::runtime_error(options.initPath + ": " + error.what());
            }
            if (network->fc()->weight.size(0) != int64_t(card.labels.size()))
                throw std::runtime_error(options.initPath + ": the model has " +
                                         std::to_string(network->fc()->weight.size(0)) + " outputs, its card " +
                                         std::to_string(card.labels.size()) + " labels");
        }
        network->to(device);
        torch::optim::Adam optimizer(network->parameters(), torch::optim::AdamOptions(options.learningRate));
        std::mt19937_64 random(options.seed);

        std::vector<torch::Tensor> best;
        double bestAccuracy = -1.0, bestLoss = 0.0;
        const int batches = int((trainIndices.size() + size_t(options.batchSize) - 1) / size_t(options.batchSize));
        const auto trainStart = Clock::now();
        std::vector<size_t> order = trainIndices;
        for (int epoch = 1; epoch <= options.epochs; ++epoch) {
            EpochReport epochReport;
            epochReport.epoch = epoch;
            epochReport.epochs = options.epochs;
            shuffle(order, random);
            network->train();
            const auto epochStart = Clock::now();
            double lossSum = 0.0;
            int64_t correct = 0;
            size_t seen = 0;
            TrainingProgress step;
            step.epoch = epoch;
            step.batches = batches;
            for (int batch = 0; batch < batches; ++batch) {
                const size_t begin = size_t(batch) * size_t(options.batchSize);
                const std::vector<size_t> indices(
                    order.begin() + long(begin),
                    order.begin() + long(std::min(order.size(), begin + size_t(options.batchSize))));
                const torch::Tensor input =
                    batchInput(cache, indices, card, options.augment ? &random : nullptr, options.maxRotationDegrees)
                        .to(device);
                const torch::Tensor targets = batchTargets(cache, indices).to(device);
                optimizer.zero_grad();
                const torch::Tensor logits = network->forward(input);
                const torch::Tensor loss = F::cross_entropy(logits, targets);
                loss.backward();
                optimizer.step();
                const torch::Tensor predicted = logits.detach().argmax(1).cpu();
                const torch::Tensor targetsCpu = targets.cpu();
                lossSum += loss.item<double>() * double(indices.size());
                correct += (predicted == targetsCpu).sum().item<int64_t>();
                countOutcomes(epochReport.train, predicted, targetsCpu, card.positiveIndex());
                seen += indices.size();
                step.batchesDone = batch + 1;
                step.runningLoss = lossSum / double(seen);
                notify(step);
            }
            epochReport.seconds = secondsSince(epochStart);
            epochReport.imagesPerSecond = double(seen) / std::max(1e-9, epochReport.seconds);
            epochReport.train.images = int(seen);
            epochReport.train.loss = lossSum / double(seen);
            epochReport.train.accuracy = double(correct) / double(seen);
            epochReport.validation = scoreSplit(network, cache, validationIndices, card, device);

            const SplitScore& validation = epochReport.validation;
            epochReport.best = validation.images == 0 || validation.accuracy > bestAccuracy ||
                               (validation.accuracy == bestAccuracy && validation.loss < bestLoss);
            if (epochReport.best) {
                bestAccuracy = validation.accuracy;
                bestLoss = validation.loss;
                best = snapshot(network);
                report.bestEpoch = epoch;
                report.bestValidation = validation;
            }
            report.epochs.push_back(epochReport);
            report.trainSeconds = secondsSince(trainStart);
            if (epochReport.best) {
                // A checkpoint on disk as soon as there is a better one: a long run that is stopped
                // still leaves its best model (the card says "completed": false).
                saveStateDict(network, options.outputPath, options.halfPrecisionWeights);
                writeModelCard(options.outputPath, cardJson(context));
            }
            TrainingProgress done;
            done.epoch = epoch;
            done.batches = batches;
            done.batchesDone = batches;
            done.runningLoss = epochReport.train.loss;
            done.epochDone = true;
            done.report = epochReport;
            notify(done);
        }

        // The kept checkpoint, exactly as stored, measured again on validation and test.
        restore(network, best);
        if (options.halfPrecisionWeights && !roundToHalf(network)) {
            report.weightsDtype = "float32";
            report.warnings.push_back("a weight does not fit float16: the model is stored as float32");
        }
        report.bestValidation = scoreSplit(network, cache, validationIndices, card, device);
        report.test = scoreSplit(network, cache, testIndices, card, device);
        saveStateDict(network, options.outputPath, report.weightsDtype == "float16");
        context.completed = true;
        report.cardJson = cardJson(context);
        writeModelCard(options.outputPath, report.cardJson);

        // Prove the file: the inference engine loads it and gives the trainer's logits.
        TorchClassifier written(options.outputPath, "cpu");
        const size_t probe = testIndices.empty() ? trainIndices.front() : testIndices.front();
        GrayImage image;
        image.width = image.height = int(size);
        const torch::Tensor pixels = cache.pixels[int64_t(probe)][0].contiguous();
        image.pixels.assign(pixels.data_ptr<uint8_t>(), pixels.data_ptr<uint8_t>() + pixels.numel());
        const Prediction loaded = written.predict({image}, PredictOptions{-1, false, false}).front();
        network->eval();
        torch::NoGradGuard noGrad;
        const torch::Tensor expected =
            network->forward(batchInput(cache, {probe}, card, nullptr, 0.0).to(device)).cpu();
        for (int64_t c = 0; c < expected.size(1); ++c) {
            const double want = expected[0][c].item<double>();
            if (std::abs(want - double(loaded.logits[size_t(c)])) > 1e-3 * std::max(1.0, std::abs(want)))
                throw std::runtime_error(options.outputPath + ": the written model does not reproduce the trained one");
        }
    } catch (const c10::Error& error) {
        throw std::runtime_error(std::string("training failed: ") + error.what_without_backtrace());
    }
    return report;
}

}  // namespace pulmo::inference
