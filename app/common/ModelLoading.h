#pragma once
// The plugin and one model, loaded and logged once: pulmo-cli's sub-commands and pulmo-node.

#include "InferenceBackend.h"
#include "PluginLoader.h"

#include <QString>

#include <memory>
#include <string>

namespace pulmo::app {

/// The bundled demo model: models/pulmo-demo-resnet18.pt in the data folder (share/pulmo beside the
/// program's bin/, inference::dataDirectory()).
QString demoModelPath();

/// The bundled demo radiographs: demo/ in the data folder.
QString demoImagesDirectory();

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

}  // namespace pulmo::app
