// The one prediction-record builder that the CLI (`pulmo-cli feedback`) and the window (a verdict)
// both use: every field from the image, the model and the prediction, nothing invented.
#include "PredictionRecordBuilder.h"
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"

#include <QtTest>

#include <QDir>
#include <QTemporaryDir>

using namespace pulmo;

class PredictionRecordTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_work;

    inference::ModelIdentity model() const
    {
        inference::ModelIdentity identity;
        identity.sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        identity.card.name = "chest-demo";
        identity.card.version = "2.1";
        identity.card.threshold = 0.7;
        return identity;
    }

    inference::Prediction prediction() const
    {
        inference::Prediction result;
        result.labels = {"NORMAL", "PNEUMONIA"};
        result.probabilities = {0.125f, 0.875f};
        result.predictedIndex = 1;
        result.label = "PNEUMONIA";
        result.confidence = 0.875f;
        return result;
    }

private Q_SLOTS:
    void record_takesTheImageTheModelAndTheProbabilities()
    {
        QVERIFY(m_work.isValid());
        dicom::GrayImageSpec spec;
        spec.rows = 16;
        spec.columns = 16;
        spec.modality = "DX";
        spec.studyInstanceUid = "1.2.826.0.1.3680043.9.78.1";
        spec.seriesInstanceUid = "1.2.826.0.1.3680043.9.78.1.1";
        spec.sopInstanceUid = "1.2.826.0.1.3680043.9.78.1.1.1";
        spec.storedValues.assign(16 * 16, 100);
        const QString file = m_work.filePath(QStringLiteral("image.dcm"));
        dicom::writeGrayImage(file.toStdString(), spec);
        const auto image = dicom::loadImage(file.toStdString());
        // A relative path, as a command line gives it: recorded absolute.
        QVERIFY(QDir::setCurrent(m_work.path()));
        const feedback::PredictionRecord record = app::buildPredictionRecord(
            image->info(), QStringLiteral("image.dcm"), model(), prediction(), QStringLiteral("PNEUMONIA"), 0.7);
        QCOMPARE(record.sopInstanceUid, QStringLiteral("1.2.826.0.1.3680043.9.78.1.1.1"));
        QCOMPARE(record.studyInstanceUid, QStringLiteral("1.2.826.0.1.3680043.9.78.1"));
        QCOMPARE(record.seriesInstanceUid, QStringLiteral("1.2.826.0.1.3680043.9.78.1.1"));
        QCOMPARE(record.filePath, QFileInfo(file).absoluteFilePath());
        QCOMPARE(record.modelName, QStringLiteral("chest-demo"));
        QCOMPARE(record.modelVersion, QStringLiteral("2.1"));
        QCOMPARE(record.modelSha256, QString::fromStdString(model().sha256));
        QCOMPARE(record.probabilities.size(), 2);
        QCOMPARE(record.probabilities.value(QStringLiteral("NORMAL")), 0.125);
        QCOMPARE(record.probabilities.value(QStringLiteral("PNEUMONIA")), 0.875);
        QCOMPARE(record.label, QStringLiteral("PNEUMONIA"));
        QCOMPARE(record.threshold, 0.7);
        QVERIFY(record.patientKey.isEmpty());  // the store derives it with its own key
        QCOMPARE(record.id, qint64(0));
    }

    void record_keepsTheLabelAndThresholdTheReaderWasShown()
    {
        // The reader's threshold (0.9) above the confidence: the window showed INDETERMINATE.
        const feedback::PredictionRecord record =
            app::buildPredictionRecord(dicom::ImageInfo{}, m_work.filePath(QStringLiteral("x.dcm")), model(),
                                       prediction(), QStringLiteral("INDETERMINATE"), 0.9);
        QCOMPARE(record.label, QStringLiteral("INDETERMINATE"));
        QCOMPARE(record.threshold, 0.9);
    }

    void record_ofAPredictionWithFewerProbabilitiesThanLabels_hasOnlyThoseGiven()
    {
        inference::Prediction odd = prediction();
        odd.probabilities = {0.5f};
        const feedback::PredictionRecord record = app::buildPredictionRecord(
            dicom::ImageInfo{}, m_work.filePath(QStringLiteral("x.dcm")), model(), odd, QStringLiteral("NORMAL"), 0.7);
        QCOMPARE(record.probabilities.size(), 1);
        QCOMPARE(record.probabilities.value(QStringLiteral("NORMAL")), 0.5);
    }
};

QTEST_MAIN(PredictionRecordTest)
#include "tst_predictionrecord.moc"
