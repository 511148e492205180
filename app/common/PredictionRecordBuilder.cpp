#include "PredictionRecordBuilder.h"

#include <QFileInfo>

#include <algorithm>

namespace pulmo::app {

feedback::PredictionRecord buildPredictionRecord(const dicom::ImageInfo& info, const QString& filePath,
                                                 const inference::ModelIdentity& model,
                                                 const inference::Prediction& prediction, const QString& label,
                                                 double threshold)
{
    feedback::PredictionRecord record;
    record.sopInstanceUid = QString::fromStdString(info.sopInstanceUid);
    record.studyInstanceUid = QString::fromStdString(info.studyInstanceUid);
    record.seriesInstanceUid = QString::fromStdString(info.seriesInstanceUid);
    record.filePath = QFileInfo(filePath).absoluteFilePath();
    record.modelName = QString::fromStdString(model.card.name);
    record.modelVersion = QString::fromStdString(model.card.version);
    record.modelSha256 = QString::fromStdString(model.sha256);
    const size_t classes = std::min(prediction.labels.size(), prediction.probabilities.size());
    for (size_t c = 0; c < classes; ++c)
        record.probabilities.insert(QString::fromStdString(prediction.labels[c]), prediction.probabilities[c]);
    record.label = label;
    record.threshold = threshold;
    return record;
}

}  // namespace pulmo::app
