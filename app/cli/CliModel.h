#pragma once
// What the sub-commands that run the model share (infer, feedback, results): the inputs, the
// default model, the plugin and model loaded and logged once, the model described in JSON.

#include "InferenceBackend.h"
#include "ModelLoading.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace pulmo::cli {

/// Files as given, and the files under each folder (recursively, sorted; sidecar .json and .png left out).
QStringList expandInputs(const QStringList& inputs);
using app::defaultModelPath;
using app::LoadedModel;
using app::loadModel;

/// The model as `infer --json` describes it: name, version, sha256, path, format, card, threshold, ...
QJsonObject modelJson(const inference::ModelIdentity& identity);

}  // namespace pulmo::cli
