#include "ModelCard.h"

#include "InferenceError.h"
#include "Json.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace pulmo::inference {

std::string modelCardPath(const std::string& modelPath)
{
    const size_t slash = modelPath.find_last_of('/');
    const size_t dot = modelPath.find_last_of('.');
    const bool hasExtension = dot != std::string::npos && (slash == std::string::npos || dot > slash);
    return (hasExtension ? modelPath.substr(0, dot) : modelPath) + ".json";
}

namespace {

std::string serialise(const JsonValue& value)
{
    std::ostringstream out;
    switch (value.type()) {
        case JsonValue::Type::Null:
            out << "null";
            break;
        case JsonValue::Type::Bool:
            out << (value.asBool() ? "true" : "false");
            break;
        case JsonValue::Type::Number:
            out.precision(17);
            out << value.asNumber();
            break;
        case JsonValue::Type::String:
            out << jsonQuote(value.asString());
            break;
        case JsonValue::Type::Array: {
            out << '[';
            bool first = true;
            for (const JsonValue& item : value.asArray()) {
                out << (first ? "" : ",") << serialise(item);
                first = false;
            }
            out << ']';
            break;
        }
        case JsonValue::Type::Object: {
            out << '{';
            bool first = true;
            for (const auto& [key, item] : value.asObject()) {
                out << (first ? "" : ",") << jsonQuote(key) << ':' << serialise(item);
                first = false;
            }
            out << '}';
            break;
        }
    }
    return out.str();
}

}  // namespace

ModelCard parseModelCard(const std::string& text, const std::string& source)
{
    JsonValue json;
    try {
        json = JsonValue::parse(text);
    } catch (const std::exception& error) {
        throw InferenceError(InferenceError::Kind::CardUnreadable,
                             source + ": model card is not valid JSON (" + error.what() + ")", {source, error.what()});
    }
    if (!json.isObject())
        throw InferenceError(InferenceError::Kind::CardUnreadable, source + ": model card must be a JSON object",
                             {source, "not a JSON object"});
    const auto bad = [&](const std::string& field, const std::string& why) {
        return InferenceError(InferenceError::Kind::CardInvalid, source + ": model card field '" + field + "' " + why,
                              {source, field, why});
    };
    ModelCard card;
    card.hasCard = true;
    const auto text_ = [&](const char* key, std::string& target) {
        if (!json.contains(key) || json[key].isNull()) return;
        if (!json[key].isString()) throw bad(key, "must be a string");
        target = json[key].asString();
    };
    text_("name", card.name);
    text_("version", card.version);
    text_("positive_label", card.positiveLabel);
    text_("interpolation", card.interpolation);
    text_("cam_layer", card.camLayer);
    text_("intended_use", card.intendedUse);
    text_("training_data", card.trainingData);
    if (json.contains("labels")) {
        if (!json["labels"].isArray() || json["labels"].asArray().size() < 2)
            throw bad("labels", "must be an array of at least two class names");
        card.labels.clear();
        for (const JsonValue& label : json["labels"].asArray()) {
            if (!label.isString() || label.asString().empty()) throw bad("labels", "must hold non-empty strings");
            card.labels.push_back(label.asString());
        }
    }
    if (card.positiveIndex() < 0) throw bad("positive_label", "'" + card.positiveLabel + "' is not one of the labels");
    if (json.contains("input_size")) {
        if (!json["input_size"].isNumber() || json["input_size"].asNumber() < 32 ||
            json["input_size"].asNumber() > 2048)
            throw bad("input_size", "must be a number from 32 to 2048");
        card.inputSize = int(json["input_size"].asNumber());
    }
    const auto triple = [&](const char* key, std::array<float, 3>& target, bool positive) {
        if (!json.contains(key)) return;
        const JsonValue& value = json[key];
        if (!value.isArray() || value.asArray().size() != 3) throw bad(key, "must be an array of 3 numbers");
        for (size_t i = 0; i < 3; ++i) {
            const JsonValue& item = value.asArray()[i];
            if (!item.isNumber() || (positive && item.asNumber() <= 0.0))
                throw bad(key, "must hold 3 (positive) numbers");
            target[i] = float(item.asNumber());
        }
    };
    triple("mean", card.mean, false);
    triple("std", card.std, true);
    if (card.interpolation != "bilinear_antialias" && card.interpolation != "bilinear")
        throw bad("interpolation", "'" + card.interpolation + "' is not supported (bilinear_antialias, bilinear)");
    if (json.contains("threshold")) {
        if (!json["threshold"].isNumber() || json["threshold"].asNumber() <= 0.0 || json["threshold"].asNumber() > 1.0)
            throw bad("threshold", "must be a number in (0, 1]");
        card.threshold = json["threshold"].asNumber();
    }
    if (json.contains("clinical_use")) {
        if (!json["clinical_use"].isBool()) throw bad("clinical_use", "must be true or false");
        card.clinicalUse = json["clinical_use"].asBool();
    }
    if (json.contains("metrics") && !json["metrics"].isNull()) card.metricsJson = serialise(json["metrics"]);
    return card;
}

ModelCard readModelCard(const std::string& modelPath)
{
    const std::string path = modelCardPath(modelPath);
    std::ifstream file(path, std::ios::binary);
    if (!file) return ModelCard{};
    std::ostringstream text;
    text << file.rdbuf();
    return parseModelCard(text.str(), path);
}

void writeModelCard(const std::string& modelPath, const std::string& json)
{
    const std::string path = modelCardPath(modelPath);
    const std::string temporary = path + ".part";
    {
        std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
        file << json;
        file.flush();
        if (!file) {
            std::remove(temporary.c_str());
            throw std::runtime_error(path + ": cannot write the model card");
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        std::remove(temporary.c_str());
        throw std::runtime_error(path + ": cannot write the model card (rename failed)");
    }
}

}  // namespace pulmo::inference
