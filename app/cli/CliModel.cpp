#include "CliModel.h"

#include "InferenceLogging.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>

#include <stdexcept>

namespace pulmo::cli {
namespace {

QString seconds(const QElapsedTimer& timer)
{
    return QString::number(double(timer.nsecsElapsed()) / 1e9, 'f', 3);
}

}  // namespace

QStringList expandInputs(const QStringList& inputs)
{
    QStringList files;
    for (const QString& input : inputs) {
        const QFileInfo info(input);
        if (!info.isDir()) {
            files << input;
            continue;
        }
        QStringList found;
        QDirIterator it(input, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            if (!file.endsWith(QLatin1String(".json")) && !file.endsWith(QLatin1String(".png"))) found << file;
        }
        found.sort();
        files << found;
    }
    return files;
}

QString defaultModelPath()
{
    const QByteArray fromEnvironment = qgetenv("PULMO_MODEL");
    return fromEnvironment.isEmpty() ? QStringLiteral(PULMO_DEMO_MODEL) : QString::fromLocal8Bit(fromEnvironment);
}

LoadedModel loadModel(const QString& modelPath, const std::string& device)
{
    LoadedModel loaded;
    std::string pluginError;
    QElapsedTimer timer;
    timer.start();
    loaded.backend = inference::loadBackend(inference::defaultPluginPath(), &pluginError);
    if (!loaded.backend) throw std::runtime_error(pluginError);
    qCInfo(app::lcInference, "plugin %s loaded: %s %s, %s s", inference::defaultPluginPath().c_str(),
           loaded.backend->info().library.c_str(), loaded.backend->info().libraryVersion.c_str(),
           qUtf8Printable(seconds(timer)));
    timer.start();
    loaded.classifier = loaded.backend->loadModel(modelPath.toStdString(), device);
    const inference::ModelIdentity& identity = loaded.classifier->identity();
    qCInfo(app::lcInference, "model %s loaded: sha256 %s, device %s, Grad-CAM %s on %s, %s s", identity.path.c_str(),
           identity.sha256.c_str(), identity.device.c_str(), identity.camMethod.c_str(), identity.card.camLayer.c_str(),
           qUtf8Printable(seconds(timer)));
    return loaded;
}

QJsonObject modelJson(const inference::ModelIdentity& identity)
{
    QJsonObject json;
    json["name"] = QString::fromStdString(identity.card.name);
    json["version"] = QString::fromStdString(identity.card.version);
    json["sha256"] = QString::fromStdString(identity.sha256);
    json["path"] = QString::fromStdString(identity.path);
    json["format"] = QString::fromStdString(identity.format);
    json["has_card"] = identity.card.hasCard;
    json["clinical_use"] = identity.card.clinicalUse;
    json["intended_use"] = QString::fromStdString(identity.card.intendedUse);
    json["threshold"] = identity.card.threshold;
    json["cam_method"] = QString::fromStdString(identity.camMethod);
    json["interpolation"] = QString::fromStdString(identity.card.interpolation);
    return json;
}

}  // namespace pulmo::cli
