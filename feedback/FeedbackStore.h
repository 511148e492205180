#pragma once
// Predictions and the reader's verdicts on them. A verdict is saved in one transaction together
// with its audit row, and recordVerdict() returns only after SQLite committed it (synchronous=FULL):
// the UI may show a verdict as saved when, and only when, this returned.

#include <QMap>
#include <QSet>
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

/// How a verdict was given, recorded with it (schema 3; unknown for older rows).
struct VerdictCircumstances {
    /// True: the AI's answer was hidden until the reader revealed it ("show the AI after my first
    /// look"); false: it was shown with the image.
    std::optional<bool> aiRevealedByReader;
    /// How long the image was on screen before the verdict, in milliseconds.
    std::optional<qint64> viewedMs;
};

struct VerdictRecord {
    qint64 id = 0;
    qint64 predictionId = 0;
    QString verdict;         ///< "agree", "disagree", or "withdrawn" (an Undo of `withdrawsVerdictId`)
    QString correctedLabel;  ///< on disagree: NORMAL, PNEUMONIA or NOT_ASSESSABLE
    QString comment;
    QString reader;
    QString createdUtc;
    qint64 withdrawsVerdictId = 0;  ///< on withdrawn: the verdict it takes back
    VerdictCircumstances circumstances;
};

struct ReviewedImage {
    PredictionRecord prediction;
    VerdictRecord verdict;  ///< the current one: the latest agree or disagree not withdrawn
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
    /// A key of this installation for one purpose ("deidentification"): HMAC-SHA256 of the purpose
    /// under the installation's secret, 32 bytes, so that the secret itself never leaves the database
    /// and one purpose's key says nothing about another's.
    QByteArray derivedKey(const QByteArray& purpose) const;

    /// Stores a prediction (or returns the one stored for the same image and model) and audits it.
    PredictionRecord recordPrediction(PredictionRecord prediction, const QString& reader);
    std::optional<PredictionRecord> prediction(qint64 id) const;
    /// The newest prediction stored for an image, whatever the model.
    std::optional<PredictionRecord> latestPrediction(const QString& sopInstanceUid) const;

    /// Saves a verdict (agree or disagree) and its audit row in one transaction. Throws
    /// DatabaseError (nothing saved) or std::invalid_argument for a verdict the schema refuses.
    VerdictRecord recordVerdict(qint64 predictionId, const QString& verdict, const QString& correctedLabel,
                                const QString& comment, const QString& reader,
                                const VerdictCircumstances& circumstances = {});
    /// Undo: a new "withdrawn" row that takes back verdict `verdictId` (nothing is deleted), with
    /// its audit row (verdict.withdrawn), in one transaction. The verdict before it, if any, counts
    /// again. Throws std::invalid_argument when there is no such agree/disagree verdict or it is
    /// withdrawn already, DatabaseError when nothing could be saved.
    VerdictRecord withdrawVerdict(qint64 verdictId, const QString& reader);
    /// Every verdict row on a prediction, withdrawals included, oldest first.
    std::vector<VerdictRecord> history(qint64 predictionId) const;
    /// Each reviewed prediction with its current verdict (the latest agree or disagree that is not
    /// withdrawn), in order of review. A prediction whose every verdict is withdrawn is not in it.
    std::vector<ReviewedImage> reviewed() const;
    /// The image's current verdict, whatever model it was given on: the latest agree or disagree
    /// on any of its predictions that is not withdrawn; nothing when it has none.
    std::optional<ReviewedImage> currentVerdict(const QString& sopInstanceUid) const;
    /// The SOP Instance UIDs with a current verdict.
    QSet<QString> reviewedSopInstanceUids() const;

    /// The reader's identity when none is configured: the operating-system account ($USER, else
    /// the password database's name for the real user id); "unknown" only when neither exists.
    static QString defaultReader();

private:
    FeedbackDatabase& m_database;
};

}  // namespace pulmo::feedback
