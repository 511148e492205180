#pragma once

#include "InferenceBackend.h"

#include <string>

namespace pulmo::inference {

/// The card path for a model: same folder and base name, ".json".
std::string modelCardPath(const std::string& modelPath);

/// Reads the card beside `modelPath`; without one, the defaults with hasCard false. Throws
/// std::runtime_error naming the card and the field when it is malformed.
ModelCard readModelCard(const std::string& modelPath);

/// Parses card JSON text; `source` names it in errors.
ModelCard parseModelCard(const std::string& text, const std::string& source);

/// Writes `json` as the card beside `modelPath` (through a temporary file and a rename, so that a
/// reader never sees half a card). Throws std::runtime_error naming the card.
void writeModelCard(const std::string& modelPath, const std::string& json);

}  // namespace pulmo::inference
