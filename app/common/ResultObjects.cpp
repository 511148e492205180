#include "ResultObjects.h"

#include "ResultCapture.h"
#include "results/AiResultSc.h"

#include <QDateTime>
#include <QDir>
#include <QSysInfo>

#include <stdexcept>

namespace pulmo::app {

results::AiResult aiResultOf(const inference::ModelIdentity& model, const inference::Prediction& prediction)
{
    const int positive = model.card.positiveIndex();
    if (positive < 0 || size_t(positive) >= prediction.probabilities.size())
        throw std::runtime_error(model.path + ": the model card's positive label '" + model.card.positiveLabel +
                                 "' is not one of its labels");
    results::AiResult result;
    result.algorithm.name = model.card.name;
    result.algorithm.version = model.card.version;
    result.algorithm.sha256 = model.sha256;
    result.algorithm.clinicalUse = model.card.clinicalUse;
    result.algorithm.threshold = model.card.threshold;
    result.algorithm.intendedUse = model.card.intendedUse;
    result.producer.softwareVersion = PULMO_VERSION;
    result.producer.stationName = QSysInfo::machineHostName().left(16).toStdString();
    result.probability = double(prediction.probabilities[size_t(positive)]);
    result.finding =
        results::findingForLabel(prediction.label, model.card.positiveLabel).value_or(results::Finding::Indeterminate);
    result.contentDateTime = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddHHmmss")).toStdString();
    return result;
}

std::string reportFileName(const std::string& sourceSopInstanceUid)
{
    return sourceSopInstanceUid + "-sr.dcm";
}

std::string captureFileName(const std::string& sourceSopInstanceUid)
{
    return sourceSopInstanceUid + "-sc.dcm";
}

WrittenResult writeResultObjects(const std::string& sourcePath, const dicom::DecodedImage& image,
                                 const inference::Prediction& prediction, const inference::ModelIdentity& model,
                                 const std::string& folder)
{
    WrittenResult written;
    written.result = aiResultOf(model, prediction);
    const results::AiResult& result = written.result;
    const std::string& source = image.info().sopInstanceUid;
    const QDir dir(QString::fromStdString(folder));
    written.uids = results::resultObjectUids(source, model.sha256);
    written.studyInstanceUid = image.info().studyInstanceUid;
    written.sourceSopInstanceUid = source;
    written.reportPath = dir.filePath(QString::fromStdString(reportFileName(source))).toStdString();
    written.capturePath = dir.filePath(QString::fromStdString(captureFileName(source))).toStdString();
    // The SC first: an SR is never left behind that points at a capture that could not be made.
    results::writeHeatmapSc(sourcePath, result, renderResultCapture(image, prediction, model), written.capturePath);
    results::writeAiResultSr(sourcePath, result, written.reportPath);
    return written;
}

}  // namespace pulmo::app
