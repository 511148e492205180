#pragma once
// Predictions and the reader's verdicts on them. A verdict is saved in one transaction together
// with its audit row, and recordVerdict() returns only after SQLite committed it (synchronous=FULL):
// the UI may show a verdict as saved when, and only when, this returned.

#include <QMap>
#include <QString>

#include <optional>
#include <vector>

namespace pulmo::feedback {

class FeedbackDatabase;

struct PredictionRecord {
    qint64 id = 0;
    QString sopInstanceUid;
    QString studyInstanceUid;
    QString seriesInstanceUid;
    QString patientKey;  ///< pseudonymous (keyed hash), never the ID or name
    QString filePath;
    QString modelName;
    QString modelVersion;
    QString modelSha256;
    QMap<QString, double> probabilities;
    QString label;  ///< the AI's label, INDETERMINATE included
    double threshold = 0.70;
    QString createdUtc;
};

struct VerdictRecord {
    qint64 id = 0;
    qint64 predictionId = 0;
    QString verdict;         ///< "agree" or "disagree"
    QString correctedLabel;  ///< on disagree: NORMAL, PNEUMONIA or NOT_ASSESSABLE
    QString comment;
    QString reader;
    QString createdUtc;
};

struct ReviewedImage {
    PredictionRecord prediction;
    VerdictRecord verdict;  ///< the latest one
    /// The reader's label: the AI's on agree, the corrected one on disagree.
    QString readerLabel() const
    {
        return verdict.verdict == QLatin1String("agree") ? prediction.label : verdict.correctedLabel;
    }
};

class FeedbackStore {
public:
    /// `database` must outlive the store; one thread.
    explicit FeedbackStore(FeedbackDatabase& database) : m_database(database) {}

    /// The pseudonymous patient key: HMAC-SHA256 under this installation's secret, hex, 32 digits.
    QString patientKey(const QString& patientId, const QString& patientName) const;

    /// Stores a prediction (or returns the one stored for the same image and model) and audits it.
    PredictionRecord recordPrediction(PredictionRecord prediction, const QString& reader);
    std::optional<PredictionRecord> prediction(qint64 id) const;
    /// The newest prediction stored for an image, whatever the model.
    std::optional<PredictionRecord> latestPrediction(const QString& sopInstanceUid) const;

    /// Saves a verdict and its audit row in one transaction. Throws DatabaseError (nothing saved)
    /// or std::invalid_argument for a verdict the schema refuses.
    VerdictRecord recordVerdict(qint64 predictionId, const QString& verdict, const QString& correctedLabel,
                                const QString& comment, const QString& reader);
    /// Every verdict on a prediction, oldest first.
    std::vector<VerdictRecord> history(qint64 predictionId) const;
    /// Each reviewed image with its latest verdict, in order of review.
    std::vector<ReviewedImage> reviewed() const;

    /// The reader's identity when none is configured: the operating system's user.
    static QString defaultReader();

private:
    FeedbackDatabase& m_database;
};

}  // namespace pulmo::feedback
