#include "CliModel.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include <stdexcept>

namespace pulmo::cli {

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
