#pragma once
// The study browser's tree: patient -> study -> series, read from the local study index, children
// fetched when a node is first expanded (canFetchMore / fetchMore). Series carry a thumbnail once
// one has been made (setThumbnail); the model itself never decodes images.

#include "index/StudyIndex.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QImage>

#include <memory>
#include <vector>

namespace pulmo::viewer {

class StudyBrowserModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, IdentifierColumn, ModalityColumn, ImagesColumn, AiColumn, ColumnCount };
    enum Role {
        KindRole = Qt::UserRole + 1,  ///< "patient", "study" or "series"
        KeyRole,                      ///< patient key, Study or Series Instance UID
        AiScoreRole,                  ///< the AI's positive-class probability (the highest below a node), or -1
    };

    /// `index` must outlive the model; it is used from the UI thread only.
    explicit StudyBrowserModel(const index::StudyIndex* index, QObject* parent = nullptr);
    ~StudyBrowserModel() override;

    /// Reloads the patients matching `filter` (a model reset).
    void reload(const index::StudyFilter& filter = {});
    const index::StudyFilter& filter() const { return m_filter; }

    /// Every series in tree order (patients, their studies by date, series by number), loading
    /// what has not been fetched yet: the worklist that next/previous walk through.
    QStringList seriesInOrder();
    /// The series' position in the tree, loading parents as needed; invalid if unknown.
    QModelIndex seriesIndex(const QString& seriesInstanceUid);
    void setThumbnail(const QString& seriesInstanceUid, const QImage& thumbnail);
    bool hasThumbnail(const QString& seriesInstanceUid) const { return m_thumbnails.contains(seriesInstanceUid); }
    /// The AI's answer for a series, shown in the AI column: its label and positive-class probability.
    void setAiResult(const QString& seriesInstanceUid, const QString& label, double positiveProbability);
    void clearAiResults();
    /// Sorting by the AI column orders patients by their most suspicious series (triage); any other
    /// column restores the index's order. Studies and series keep their order under a patient.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    bool hasChildren(const QModelIndex& parent = {}) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node {
        enum class Kind { Root, Patient, Study, Series } kind = Kind::Root;
        Node* parent = nullptr;
        int row = 0;
        int order = 0;  ///< position in the index's own order
        bool fetched = false;
        std::vector<std::unique_ptr<Node>> children;
        index::PatientRecord patient;
        index::StudyRecord study;
        index::SeriesRecord series;
    };
    Node* nodeFor(const QModelIndex& index) const;
    double aiScore(const Node* node) const;
    void load(Node* node);

    const index::StudyIndex* m_index;
    index::StudyFilter m_filter;
    std::unique_ptr<Node> m_root;
    QHash<QString, QImage> m_thumbnails;
    struct AiResult {
        QString label;
        double probability = -1.0;
    };
    QHash<QString, AiResult> m_aiResults;     // by series; kept across reloads
    QHash<QString, QString> m_seriesPatient;  // series -> patient key, as far as loaded
};

}  // namespace pulmo::viewer
