#pragma once
// The study browser's list: one row per study (patient name, ID, birth date and age, study date,
// description, modality, images, the AI's probability, how much of it is reviewed), read from the
// local study index. The model sorts itself (sort()), keeps its sort across reloads, and says its
// visible order (studiesInOrder(), seriesInOrder()): next and previous follow what the reader sees.
// Series thumbnails are kept here once made (setThumbnail); the model itself never decodes images.
//
// What the index does not know comes in from outside: the AI's answers (setAiResult), which images
// have a verdict (setReviewedImages / setReviewed) and which cannot be read (setUnreadable).
// UI thread only; `index` is the UI thread's connection.

#include "index/StudyIndex.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QImage>
#include <QSet>

#include <vector>

class QCollator;

namespace pulmo::viewer {

class StudyBrowserModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        IdentifierColumn,
        BirthDateColumn,
        StudyDateColumn,
        DescriptionColumn,
        ModalityColumn,
        ImagesColumn,
        AiColumn,
        ReviewedColumn,
        ColumnCount
    };
    enum Role {
        KindRole = Qt::UserRole + 1,  ///< "study" for every row
        KeyRole,                      ///< the row's Study Instance UID
        AiScoreRole,                  ///< the AI's highest positive-class probability in the study, or -1
        ReviewedRole,                 ///< QPoint(images with a verdict, images that can be reviewed)
        UnreadableRole,               ///< why an image of the study cannot be read; empty when all can
    };

    /// `index` must outlive the model.
    explicit StudyBrowserModel(const index::StudyIndex* index, QObject* parent = nullptr);
    ~StudyBrowserModel() override;

    /// Reads the studies matching `filter` again (a model reset), in the current sort.
    void reload(const index::StudyFilter& filter = {});
    const index::StudyFilter& filter() const { return m_filter; }
    /// Shows only studies with an image that can be reviewed and has no verdict yet. Applied now and
    /// at each reload; a verdict given meanwhile does not hide its study (the reader is on it).
    void setUnreviewedOnly(bool only);
    bool unreviewedOnly() const { return m_unreviewedOnly; }
    /// Every study in the index, whatever the filter ("6 of 150 shown"), as of the last reload.
    int totalStudies() const { return m_totalStudies; }

    /// The visible studies, top to bottom.
    QStringList studiesInOrder() const;
    /// Every series of the visible studies, top to bottom, each study's series by series number:
    /// the worklist that next/previous walk through.
    QStringList seriesInOrder() const;
    /// The study's series by series number (read once per reload).
    QStringList seriesOfStudy(const QString& studyInstanceUid) const;
    /// The study a series belongs to, as far as the visible studies say; empty if none.
    QString studyOfSeries(const QString& seriesInstanceUid) const;
    /// The row of a study, or of the study a series belongs to; invalid when it is not shown.
    QModelIndex studyIndex(const QString& studyInstanceUid) const;
    QModelIndex seriesIndex(const QString& seriesInstanceUid) const;

    void setThumbnail(const QString& seriesInstanceUid, const QImage& thumbnail);
    bool hasThumbnail(const QString& seriesInstanceUid) const { return m_thumbnails.contains(seriesInstanceUid); }
    QImage thumbnail(const QString& seriesInstanceUid) const { return m_thumbnails.value(seriesInstanceUid); }

    /// The AI's answer for a series: its label and positive-class probability. A study shows its
    /// most suspicious series.
    void setAiResult(const QString& seriesInstanceUid, const QString& label, double positiveProbability);
    void clearAiResults();
    /// The label whose probability the AI column shows ("PNEUMONIA" by default), from the model card.
    void setPositiveLabel(const QString& label);

    /// The images (SOP Instance UIDs) the reader has given a verdict, instead of those before.
    void setReviewedImages(const QSet<QString>& sopInstanceUids);
    void setReviewed(const QString& sopInstanceUid, bool reviewed);
    bool isReviewed(const QString& sopInstanceUid) const { return m_reviewed.contains(sopInstanceUid); }
    /// An image that cannot be decoded, by SOP Instance UID or file path: its study row is marked
    /// and says why, and it counts in no review count.
    void setUnreadable(const QString& sopInstanceUidOrFilePath, const QString& reason);
    /// Why the image cannot be read (by its SOP Instance UID or its file), or empty.
    QString unreadableReason(const QString& sopInstanceUid, const QString& filePath = {}) const;
    /// Whether an image still wants a verdict: a radiograph (not Pulmo's heatmap capture), readable,
    /// and none given yet.
    bool needsReview(const QString& sopInstanceUid, const QString& filePath = {}) const;
    /// Whether the image (by SOP Instance UID or file) is Pulmo's heatmap capture of an AI result,
    /// as of the last reload: shown, but never counted, analysed or judged as a radiograph.
    bool isAiResultCapture(const QString& sopInstanceUid, const QString& filePath = {}) const;

    /// Sorts the rows by a column, the index's order (name, ID, newest study first) breaking ties.
    /// Rows without a value (no AI result, nothing to review) stay at the bottom either way. Kept
    /// across reloads until sorted again.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    /// A probability as a reader needs it: a whole percent, "<1%" and ">99%" at the ends (never a
    /// "100%" the model cannot mean), in the reader's locale.
    static QString formatProbability(double probability);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void thumbnailChanged(const QString& seriesInstanceUid);
    /// The visible rows or their order changed (reload, sort, the unreviewed filter).
    void orderChanged();

private:
    struct Study {
        index::StudyRecord study;
        index::PatientRecord patient;
        int order = 0;         ///< position in the index's own order
        QStringList series;    ///< by series number
        QSet<QString> images;  ///< radiographs: SOP Instance UIDs (a file's path when it has none)
    };
    struct AiResult {
        QString label;
        double probability = -1.0;
    };
    struct ReviewCount {
        int reviewed = 0;
        int reviewable = 0;  ///< readable images
    };

    const Study& studyAt(int row) const { return m_studies[size_t(m_visible[size_t(row)])]; }
    double aiScore(const Study& study) const;
    QString aiLabel(const Study& study) const;
    ReviewCount reviewCount(const Study& study) const;
    QStringList unreadableReasons(const Study& study) const;
    /// The image a file holds (its SOP Instance UID) when the index knows the file; else as given.
    QString imageKey(const QString& sopInstanceUidOrFilePath) const;
    /// The rows: the studies that pass the unreviewed filter, in m_studies' order.
    void filterRows();
    /// The rows in the sort, and m_rowOfStudy from them.
    void sortRows();
    bool lessThan(const Study& a, const Study& b, const QCollator& collator) const;
    /// Repaints the row of the study at `position` in m_studies, if it is shown.
    void studyChanged(int position);
    QVariant display(const Study& study, int column) const;
    QVariant toolTip(const Study& study, int column) const;

    const index::StudyIndex* m_index;
    index::StudyFilter m_filter;
    std::vector<Study> m_studies;           // matching the filter, in the index's order
    std::vector<int> m_visible;             // rows: positions in m_studies
    QHash<QString, int> m_rowOfStudy;       // study UID -> row
    QHash<QString, int> m_studyOfSeries;    // series UID -> position in m_studies
    QHash<QString, QString> m_imageOfPath;  // file path -> image key
    QHash<QString, int> m_studyOfImage;     // image key -> position in m_studies
    QSet<QString> m_captures;               // image keys of Pulmo heatmap captures
    int m_totalStudies = 0;
    bool m_unreviewedOnly = false;
    int m_sortColumn = NameColumn;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;

    QHash<QString, QImage> m_thumbnails;   // by series; kept across reloads
    QHash<QString, AiResult> m_aiResults;  // by series; kept across reloads
    QString m_positiveLabel = QStringLiteral("PNEUMONIA");
    QSet<QString> m_reviewed;                    // SOP Instance UIDs
    QHash<QString, QString> m_unreadable;        // as given (SOP UID or file path) -> reason
    QHash<QString, QString> m_unreadableImages;  // image key -> reason, resolved at each reload
};

}  // namespace pulmo::viewer
