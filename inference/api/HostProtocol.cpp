#include "HostProtocol.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace pulmo::inference::host {
namespace {

// One message is at most a batch of images; 1 GiB leaves room for any radiograph and refuses garbage.
constexpr uint32_t kMostBytes = 1u << 30;

bool writeAll(int fd, const uint8_t* data, size_t size)
{
    while (size > 0) {
        const ssize_t written = ::send(fd, data, size, MSG_NOSIGNAL);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return false;
        data += written;
        size -= size_t(written);
    }
    return true;
}

/// 1: read all, 0: end of stream before the first byte, -1: broken.
int readAll(int fd, uint8_t* data, size_t size)
{
    size_t done = 0;
    while (done < size) {
        const ssize_t read = ::recv(fd, data + done, size - done, 0);
        if (read < 0 && errno == EINTR) continue;
        if (read <= 0) return done == 0 && read == 0 ? 0 : -1;
        done += size_t(read);
    }
    return 1;
}

template <typename T>
Message bytesOf(const std::vector<T>& values)
{
    std::vector<uint8_t> bytes(values.size() * sizeof(T));
    if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    return Message::binary(std::move(bytes));
}

template <typename T>
std::vector<T> valuesOf(const Message& message)
{
    const auto& bytes = message.get_binary();
    if (bytes.size() % sizeof(T) != 0) throw std::runtime_error("a byte string of the wrong length");
    std::vector<T> values(bytes.size() / sizeof(T));
    if (!values.empty()) std::memcpy(values.data(), bytes.data(), bytes.size());
    return values;
}

InferenceError::Kind kindFrom(const std::string& name)
{
    for (int value = 0; value <= int(InferenceError::kLastKind); ++value)
        if (name == toString(InferenceError::Kind(value))) return InferenceError::Kind(value);
    return InferenceError::Kind::Other;
}

Message toMessage(const ModelCard& card)
{
    return {{"has_card", card.hasCard},
            {"name", card.name},
            {"version", card.version},
            {"labels", card.labels},
            {"positive_label", card.positiveLabel},
            {"input_size", card.inputSize},
            {"mean", card.mean},
            {"std", card.std},
            {"interpolation", card.interpolation},
            {"cam_layer", card.camLayer},
            {"threshold", card.threshold},
            {"intended_use", card.intendedUse},
            {"training_data", card.trainingData},
            {"clinical_use", card.clinicalUse},
            {"metrics_json", card.metricsJson}};
}

ModelCard cardFrom(const Message& message)
{
    ModelCard card;
    card.hasCard = message.at("has_card").get<bool>();
    card.name = message.at("name").get<std::string>();
    card.version = message.at("version").get<std::string>();
    card.labels = message.at("labels").get<std::vector<std::string>>();
    card.positiveLabel = message.at("positive_label").get<std::string>();
    card.inputSize = message.at("input_size").get<int>();
    card.mean = message.at("mean").get<std::array<float, 3>>();
    card.std = message.at("std").get<std::array<float, 3>>();
    card.interpolation = message.at("interpolation").get<std::string>();
    card.camLayer = message.at("cam_layer").get<std::string>();
    card.threshold = message.at("threshold").get<double>();
    card.intendedUse = message.at("intended_use").get<std::string>();
    card.trainingData = message.at("training_data").get<std::string>();
    card.clinicalUse = message.at("clinical_use").get<bool>();
    card.metricsJson = message.at("metrics_json").get<std::string>();
    return card;
}

}  // namespace

bool send(int fd, const Message& message)
{
    const std::vector<uint8_t> body = Message::to_cbor(message);
    if (body.size() > kMostBytes) return false;
    const auto size = uint32_t(body.size());
    const uint8_t header[4] = {uint8_t(size), uint8_t(size >> 8), uint8_t(size >> 16), uint8_t(size >> 24)};
    return writeAll(fd, header, sizeof header) && writeAll(fd, body.data(), body.size());
}

bool receive(int fd, Message& message, std::string* error)
{
    const auto fail = [&](const char* reason) {
        if (error) *error = reason;
        return false;
    };
    uint8_t header[4];
    const int got = readAll(fd, header, sizeof header);
    if (got == 0) return fail("end of stream");
    if (got < 0) return fail("the stream broke off");
    const uint32_t size =
        uint32_t(header[0]) | uint32_t(header[1]) << 8 | uint32_t(header[2]) << 16 | uint32_t(header[3]) << 24;
    if (size > kMostBytes) return fail("a message longer than 1 GiB");
    std::vector<uint8_t> body(size);
    if (size > 0 && readAll(fd, body.data(), body.size()) != 1) return fail("the stream broke off");
    message = Message::from_cbor(body, true, false);
    if (message.is_discarded() || !message.is_object()) return fail("not a CBOR map");
    return true;
}

Message toMessage(const BackendInfo& info)
{
    return {{"library", info.library},
            {"library_version", info.libraryVersion},
            {"devices", info.devices},
            {"cpu_threads", info.cpuThreads}};
}

BackendInfo backendInfoFrom(const Message& message)
{
    BackendInfo info;
    info.library = message.at("library").get<std::string>();
    info.libraryVersion = message.at("library_version").get<std::string>();
    info.devices = message.at("devices").get<std::vector<std::string>>();
    info.cpuThreads = message.at("cpu_threads").get<int>();
    return info;
}

Message toMessage(const ModelIdentity& identity)
{
    return {{"path", identity.path},     {"sha256", identity.sha256},        {"format", identity.format},
            {"device", identity.device}, {"cam_method", identity.camMethod}, {"card", toMessage(identity.card)}};
}

ModelIdentity identityFrom(const Message& message)
{
    ModelIdentity identity;
    identity.path = message.at("path").get<std::string>();
    identity.sha256 = message.at("sha256").get<std::string>();
    identity.format = message.at("format").get<std::string>();
    identity.device = message.at("device").get<std::string>();
    identity.camMethod = message.at("cam_method").get<std::string>();
    identity.card = cardFrom(message.at("card"));
    return identity;
}

Message toMessage(const GrayImage& image)
{
    return {{"width", image.width}, {"height", image.height}, {"pixels", bytesOf(image.pixels)}};
}

GrayImage imageFrom(const Message& message)
{
    GrayImage image;
    image.width = message.at("width").get<int>();
    image.height = message.at("height").get<int>();
    image.pixels = valuesOf<uint8_t>(message.at("pixels"));
    return image;
}

Message toMessage(const PredictOptions& options)
{
    return {{"cam_class", options.camClass},
            {"keep_model_input", options.keepModelInput},
            {"heatmap_at_image_size", options.heatmapAtImageSize}};
}

PredictOptions optionsFrom(const Message& message)
{
    PredictOptions options;
    options.camClass = message.at("cam_class").get<int>();
    options.keepModelInput = message.at("keep_model_input").get<bool>();
    options.heatmapAtImageSize = message.at("heatmap_at_image_size").get<bool>();
    return options;
}

Message toMessage(const Prediction& prediction)
{
    return {{"labels", prediction.labels},
            {"logits", bytesOf(prediction.logits)},
            {"probabilities", bytesOf(prediction.probabilities)},
            {"predicted_index", prediction.predictedIndex},
            {"label", prediction.label},
            {"indeterminate", prediction.indeterminate},
            {"confidence", prediction.confidence},
            {"cam_class", prediction.camClass},
            {"cam_width", prediction.camWidth},
            {"cam_height", prediction.camHeight},
            {"cam_raw", bytesOf(prediction.camRaw)},
            {"heatmap_width", prediction.heatmapWidth},
            {"heatmap_height", prediction.heatmapHeight},
            {"heatmap", bytesOf(prediction.heatmap)},
            {"model_input", bytesOf(prediction.modelInput)},
            {"preprocess_ms", prediction.preprocessMs},
            {"inference_ms", prediction.inferenceMs},
            {"cam_ms", prediction.camMs}};
}

Prediction predictionFrom(const Message& message)
{
    Prediction prediction;
    prediction.labels = message.at("labels").get<std::vector<std::string>>();
    prediction.logits = valuesOf<float>(message.at("logits"));
    prediction.probabilities = valuesOf<float>(message.at("probabilities"));
    prediction.predictedIndex = message.at("predicted_index").get<int>();
    prediction.label = message.at("label").get<std::string>();
    prediction.indeterminate = message.at("indeterminate").get<bool>();
    prediction.confidence = message.at("confidence").get<float>();
    prediction.camClass = message.at("cam_class").get<int>();
    prediction.camWidth = message.at("cam_width").get<int>();
    prediction.camHeight = message.at("cam_height").get<int>();
    prediction.camRaw = valuesOf<float>(message.at("cam_raw"));
    prediction.heatmapWidth = message.at("heatmap_width").get<int>();
    prediction.heatmapHeight = message.at("heatmap_height").get<int>();
    prediction.heatmap = valuesOf<uint8_t>(message.at("heatmap"));
    prediction.modelInput = valuesOf<float>(message.at("model_input"));
    prediction.preprocessMs = message.at("preprocess_ms").get<double>();
    prediction.inferenceMs = message.at("inference_ms").get<double>();
    prediction.camMs = message.at("cam_ms").get<double>();
    return prediction;
}

Message floats(const std::vector<float>& values)
{
    return bytesOf(values);
}

std::vector<float> floatsFrom(const Message& message)
{
    return valuesOf<float>(message);
}

Message failure(const std::exception& error)
{
    const ErrorInfo info = ErrorInfo::of(error);
    return {{"ok", false},
            {"error", {{"kind", toString(info.kind)}, {"arguments", info.arguments}, {"message", info.message}}}};
}

InferenceError errorFrom(const Message& reply)
{
    const Message& error = reply.at("error");
    return InferenceError(kindFrom(error.at("kind").get<std::string>()), error.at("message").get<std::string>(),
                          error.at("arguments").get<std::vector<std::string>>());
}

}  // namespace pulmo::inference::host
