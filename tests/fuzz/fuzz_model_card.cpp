// fuzz_model_card: bytes -> the model card's parser and its checks. An InferenceError is the promised
// answer to a bad card; anything else escaping is a finding, and so is a card accepted with a value
// the parser says it refuses (too few labels, a positive label not among them, an input size outside
// 32..2048, a threshold outside (0, 1], a mean or std that is not finite, a zero std).

#include "FuzzSupport.h"

#include "InferenceError.h"
#include "ModelCard.h"

#include <cmath>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace pulmo;
    fuzz::setUp();
    inference::ModelCard card;
    try {
        card = inference::parseModelCard(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
    } catch (const inference::InferenceError&) {
        return 0;
    }
    if (card.labels.size() < 2) fuzz::finding("a card with fewer than two labels");
    for (const std::string& label : card.labels)
        if (label.empty()) fuzz::finding("a card with an empty label");
    if (card.positiveIndex() < 0) fuzz::finding("a positive label not among the labels");
    if (card.inputSize < 32 || card.inputSize > 2048) fuzz::finding("an input size outside 32..2048");
    if (!(card.threshold > 0.0 && card.threshold <= 1.0)) fuzz::finding("a threshold outside (0, 1]");
    for (int i = 0; i < 3; ++i) {
        if (!std::isfinite(card.mean[size_t(i)]) || !std::isfinite(card.std[size_t(i)]))
            fuzz::finding("a mean or std that is not finite");
        if (card.std[size_t(i)] == 0.0f) fuzz::finding("a zero std");
    }
    if (card.interpolation != "bilinear_antialias" && card.interpolation != "bilinear")
        fuzz::finding("an interpolation the preprocessing does not know");
    return 0;
}
