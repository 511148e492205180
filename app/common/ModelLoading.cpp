#include "ModelLoading.h"

#include "InferenceLogging.h"

#include <QElapsedTimer>

#include <stdexcept>

namespace pulmo::app {
namespace {

QString seconds(const QElapsedTimer& timer)
{
    return QString::number(double(timer.nsecsElapsed()) / 1e9, 'f', 3);
}

}  // namespace

QString demoModelPath()
{
    return QString::fromStdString(inference::dataDirectory()) + QStringLiteral("/models/pulmo-demo-resnet18.pt");
}

QString demoImagesDirectory()
{
    return QString::fromStdString(inference::dataDirectory()) + QStringLiteral("/demo");
}

QString defaultModelPath()
{
    const QByteArray fromEnvironment = qgetenv("PULMO_MODEL");
    return fromEnvironment.isEmpty() ? demoModelPath() : QString::fromLocal8Bit(fromEnvironment);
}

LoadedModel loadModel(const QString& modelPath, const std::string& device)
{
    LoadedModel loaded;
    std::string pluginError;
    QElapsedTimer timer;
    timer.start();
    loaded.backend = inference::loadBackend(inference::defaultPluginPath(), &pluginError);
    if (!loaded.backend) throw std::runtime_error(pluginError);
    qCInfo(lcInference, "plugin %s loaded: %s %s, %s s", inference::defaultPluginPath().c_str(),
           loaded.backend->info().library.c_str(), loaded.backend->info().libraryVersion.c_str(),
           qUtf8Printable(seconds(timer)));
    timer.start();
    loaded.classifier = loaded.backend->loadModel(modelPath.toStdString(), device);
    const inference::ModelIdentity& identity = loaded.classifier->identity();
    qCInfo(lcInference, "model %s loaded: sha256 %s, device %s, Grad-CAM %s on %s, %s s", identity.path.c_str(),
           identity.sha256.c_str(), identity.device.c_str(), identity.camMethod.c_str(), identity.card.camLayer.c_str(),
           qUtf8Printable(seconds(timer)));
    return loaded;
}

}  // namespace pulmo::app
