#include "ModelCard.h"

#include "InferenceError.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

namespace pulmo::inference {

std::string modelCardPath(const std::string& modelPath)
{
    const size_t slash = modelPath.find_last_of('/');
    const size_t dot = modelPath.find_last_of('.');
    const bool hasExtension = dot != std::string::npos && (slash == std::string::npos || dot > slash);
    return (hasExtension ? modelPath.substr(0, dot) : modelPath) + ".json";
}

namespace {

using Json = nlohmann::ordered_json;

/// nlohmann's message without its "[json.exception.parse_error.101] " prefix.
std::string reasonOf(const Json::exception& error)
{
    const std::string what = error.what();
    const size_t end = what.find("] ");
    return what.rfind("[json.exception.", 0) == 0 && end != std::string::npos ? what.substr(end + 2) : what;
}

/// Parses `text`, keeping the member path being read so that a parse error can name the field
/// ("threshold", "metrics.test.loss"): JSON has no NaN or Infinity, and numbers too large for a
/// double are refused by nlohmann, so those fail here rather than in the field checks below.
Json parseDocument(const std::string& text, const std::string& source)
{
    std::vector<std::pair<int, std::string>> path;  // (depth, key) of the members being read
    const Json::parser_callback_t track = [&path](int depth, Json::parse_event_t event, Json& parsed) {
        if (event == Json::parse_event_t::key) {
            while (!path.empty() && path.back().first >= depth) path.pop_back();
            path.emplace_back(depth, parsed.get<std::string>());
        } else if (event == Json::parse_event_t::object_end) {
            while (!path.empty() && path.back().first > depth) path.pop_back();
        }
        return true;
    };
    try {
        return Json::parse(text, track);
    } catch (const Json::exception& error) {
        std::string field;
        for (const auto& [depth, key] : path) field += (field.empty() ? "" : ".") + key;
        const std::string reason = (field.empty() ? std::string() : "at field '" + field + "': ") + reasonOf(error);
        throw InferenceError(InferenceError::Kind::CardUnreadable,
                             source + ": model card is not valid JSON" +
                                 (field.empty() ? std::string() : " at field '" + field + "'") + " (" +
                                 reasonOf(error) + ")",
                             {source, reason, toString(CardProblem::NotJson)});
    }
}

std::string describe(const Json& value)
{
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

ModelCard parseModelCard(const std::string& text, const std::string& source)
{
    const Json json = parseDocument(text, source);
    if (!json.is_object())
        throw InferenceError(InferenceError::Kind::CardUnreadable, source + ": model card must be a JSON object",
                             {source, "not a JSON object", toString(CardProblem::NotAnObject)});
    const auto bad = [&](const std::string& field, const std::string& why, CardProblem problem,
                         const std::vector<std::string>& parameters = {}) {
        std::vector<std::string> arguments{source, field, why, toString(problem)};
        arguments.insert(arguments.end(), parameters.begin(), parameters.end());
        return InferenceError(InferenceError::Kind::CardInvalid, source + ": model card field '" + field + "' " + why,
                              std::move(arguments));
    };
    const auto member = [&](const char* key) -> const Json* {
        const auto found = json.find(key);
        return found == json.end() || found->is_null() ? nullptr : &*found;
    };
    ModelCard card;
    card.hasCard = true;
    const auto text_ = [&](const char* key, std::string& target) {
        const Json* value = member(key);
        if (!value) return;
        if (!value->is_string()) throw bad(key, "must be a string, not " + describe(*value), CardProblem::MustBeString);
        target = value->get<std::string>();
    };
    text_("name", card.name);
    text_("version", card.version);
    text_("positive_label", card.positiveLabel);
    text_("interpolation", card.interpolation);
    text_("cam_layer", card.camLayer);
    text_("intended_use", card.intendedUse);
    text_("training_data", card.trainingData);
    if (const Json* labels = member("labels")) {
        if (!labels->is_array() || labels->size() < 2)
            throw bad("labels", "must be an array of at least two class names", CardProblem::MustBeLabelList, {"2"});
        card.labels.clear();
        for (const Json& label : *labels) {
            if (!label.is_string() || label.get<std::string>().empty())
                throw bad("labels", "must hold non-empty strings", CardProblem::MustBeNonEmptyStrings);
            card.labels.push_back(label.get<std::string>());
        }
    }
    if (card.positiveIndex() < 0)
        throw bad("positive_label", "'" + card.positiveLabel + "' is not one of the labels", CardProblem::NotALabel,
                  {card.positiveLabel});
    if (const Json* size = member("input_size")) {
        // Whole numbers only: 224.5 is not a size, and a float would hide one that is cut.
        if (!size->is_number_integer() || size->get<long long>() < 32 || size->get<long long>() > 2048)
            throw bad("input_size", "must be a whole number from 32 to 2048, not " + describe(*size),
                      CardProblem::MustBeWholeNumberInRange, {"32", "2048"});
        card.inputSize = int(size->get<long long>());
    }
    const auto triple = [&](const char* key, std::array<float, 3>& target, bool positive) {
        const Json* value = member(key);
        if (!value) return;
        if (!value->is_array() || value->size() != 3)
            throw bad(key, "must be an array of 3 numbers", CardProblem::MustBeThreeNumbers);
        const char* what = positive ? "must hold 3 finite numbers above 0" : "must hold 3 finite numbers";
        const CardProblem problem =
            positive ? CardProblem::MustBeThreePositiveNumbers : CardProblem::MustBeThreeFiniteNumbers;
        for (size_t i = 0; i < 3; ++i) {
            const Json& item = (*value)[i];
            if (!item.is_number())
                throw bad(key, std::string(what) + "; item " + std::to_string(i + 1) + " is " + describe(item), problem,
                          {std::to_string(i + 1)});
            // Kept as float, as the preprocessing uses it: a double that overflows a float is refused too.
            const double number = item.get<double>();
            if (!std::isfinite(number) || std::abs(number) > double(std::numeric_limits<float>::max()) ||
                (positive && !(float(number) > 0.0f)))
                throw bad(key, std::string(what) + "; item " + std::to_string(i + 1) + " is " + describe(item), problem,
                          {std::to_string(i + 1)});
            target[i] = float(number);
        }
    };
    triple("mean", card.mean, false);
    triple("std", card.std, true);
    if (card.interpolation != "bilinear_antialias" && card.interpolation != "bilinear")
        throw bad("interpolation", "'" + card.interpolation + "' is not supported (bilinear_antialias, bilinear)",
                  CardProblem::UnsupportedValue, {card.interpolation, "bilinear_antialias, bilinear"});
    if (json.contains("threshold")) {
        const Json& threshold = json.at("threshold");
        if (!threshold.is_number() || !std::isfinite(threshold.get<double>()) || threshold.get<double>() <= 0.0 ||
            threshold.get<double>() > 1.0)
            throw bad("threshold", "must be a number in (0, 1], not " + describe(threshold),
                      CardProblem::MustBeNumberInRange, {"0", "1"});
        card.threshold = threshold.get<double>();
    }
    if (json.contains("clinical_use")) {
        if (!json.at("clinical_use").is_boolean())
            throw bad("clinical_use", "must be true or false", CardProblem::MustBeBoolean);
        card.clinicalUse = json.at("clinical_use").get<bool>();
    }
    if (const Json* metrics = member("metrics")) card.metricsJson = describe(*metrics);
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
