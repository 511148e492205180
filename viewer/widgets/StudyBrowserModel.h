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
    enum Column { NameColumn, IdentifierColumn, ModalityColumn, ImagesColumn, ColumnCount };
    enum Role {
        KindRole = Qt::UserRole + 1,  ///< "patient", "study" or "series"
        KeyRole,                      ///< patient key, Study or Series Instance UID
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
        bool fetched = false;
        std::vector<std::unique_ptr<Node>> children;
        index::PatientRecord patient;
        index::StudyRecord study;
        index::SeriesRecord series;
    };
    Node* nodeFor(const QModelIndex& index) const;
    void load(Node* node);

    const index::StudyIndex* m_index;
    index::StudyFilter m_filter;
    std::unique_ptr<Node> m_root;
    QHash<QString, QImage> m_thumbnails;
};

}  // namespace pulmo::viewer
