#pragma once
// What the sub-commands that run the model share (infer, feedback, results): the inputs, the
// default model, the plugin and model loaded and logged once, the model described in JSON.

#include "InferenceBackend.h"
#include "PluginLoader.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace pulmo::cli {

/// Files as given, and the files under each folder (recursively, sorted; sidecar .json and .png left out).
QStringList expandInputs(const QStringList& inputs);
/// $PULMO_MODEL, else the bundled demo model.
QString defaultModelPath();

/// The plugin and one model loaded from it (the classifier needs the backend alive).
struct LoadedModel {
    inference::BackendHandle backend;
    std::unique_ptr<inference::Classifier> classifier;
};
/// Loads the plugin and `modelPath` on `device`; throws std::runtime_error (the plugin's or the model's
/// error, naming the file).
LoadedModel loadModel(const QString& modelPath, const std::string& device);

/// The model as `infer --json` describes it: name, version, sha256, path, format, card, threshold, ...
QJsonObject modelJson(const inference::ModelIdentity& identity);

}  // namespace pulmo::cli
