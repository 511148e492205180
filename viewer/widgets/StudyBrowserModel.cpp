#include "widgets/StudyBrowserModel.h"

#include "widgets/PersonName.h"

#include <QLocale>

#include <algorithm>

namespace pulmo::viewer {
namespace {

QString formatDate(const QString& date)
{
    return date.size() == 8 ? date.left(4) + QLatin1Char('-') + date.mid(4, 2) + QLatin1Char('-') + date.mid(6, 2)
                            : date;
}

}  // namespace

StudyBrowserModel::StudyBrowserModel(const index::StudyIndex* index, QObject* parent)
    : QAbstractItemModel(parent), m_index(index), m_root(std::make_unique<Node>())
{
    m_root->fetched = true;
}

StudyBrowserModel::~StudyBrowserModel() = default;

void StudyBrowserModel::reload(const index::StudyFilter& filter)
{
    beginResetModel();
    m_filter = filter;
    m_root = std::make_unique<Node>();
    int row = 0;
    for (const index::PatientRecord& record : m_index->patients(filter)) {
        auto node = std::make_unique<Node>();
        node->kind = Node::Kind::Patient;
        node->parent = m_root.get();
        node->order = row;
        node->row = row++;
        node->patient = record;
        m_root->children.push_back(std::move(node));
    }
    m_root->fetched = true;
    endResetModel();
}

void StudyBrowserModel::load(Node* node)
{
    if (node->fetched) return;
    node->fetched = true;
    int row = 0;
    if (node->kind == Node::Kind::Patient) {
        for (const index::StudyRecord& record : m_index->studies(node->patient.key, m_filter)) {
            auto child = std::make_unique<Node>();
            child->kind = Node::Kind::Study;
            child->parent = node;
            child->row = row++;
            child->study = record;
            node->children.push_back(std::move(child));
        }
    } else if (node->kind == Node::Kind::Study) {
        for (const index::SeriesRecord& record : m_index->series(node->study.studyInstanceUid)) {
            auto child = std::make_unique<Node>();
            child->kind = Node::Kind::Series;
            child->parent = node;
            child->row = row++;
            child->series = record;
            child->fetched = true;
            m_seriesPatient.insert(record.seriesInstanceUid, node->parent ? node->parent->patient.key : QString());
            node->children.push_back(std::move(child));
        }
    }
}

StudyBrowserModel::Node* StudyBrowserModel::nodeFor(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : m_root.get();
}

QModelIndex StudyBrowserModel::index(int row, int column, const QModelIndex& parent) const
{
    const Node* node = nodeFor(parent);
    if (row < 0 || column < 0 || column >= ColumnCount || row >= int(node->children.size())) return {};
    return createIndex(row, column, node->children[size_t(row)].get());
}

QModelIndex StudyBrowserModel::parent(const QModelIndex& child) const
{
    if (!child.isValid()) return {};
    const Node* node = nodeFor(child)->parent;
    if (node == nullptr || node == m_root.get()) return {};
    return createIndex(node->row, 0, const_cast<Node*>(node));
}

int StudyBrowserModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0) return 0;
    return int(nodeFor(parent)->children.size());
}

int StudyBrowserModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

bool StudyBrowserModel::hasChildren(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0) return false;
    const Node* node = nodeFor(parent);
    if (node->kind == Node::Kind::Series) return false;
    return !node->fetched || !node->children.empty();
}

bool StudyBrowserModel::canFetchMore(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0) return false;
    return !nodeFor(parent)->fetched;
}

void StudyBrowserModel::fetchMore(const QModelIndex& parent)
{
    Node* node = nodeFor(parent);
    if (node->fetched) return;
    // Count first, then announce the insertion, then attach (views must see a consistent model).
    node->fetched = true;  // first: views may ask again while the insertion is announced
    Node staging;
    staging.parent = node->parent;
    staging.kind = node->kind;
    staging.patient = node->patient;
    staging.study = node->study;
    load(&staging);
    if (staging.children.empty()) return;
    beginInsertRows(parent, 0, int(staging.children.size()) - 1);
    for (auto& child : staging.children) {
        child->parent = node;
        node->children.push_back(std::move(child));
    }
    endInsertRows();
}

QVariant StudyBrowserModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid()) return {};
    const Node* node = nodeFor(index);
    if (role == KindRole) {
        switch (node->kind) {
            case Node::Kind::Patient:
                return QStringLiteral("patient");
            case Node::Kind::Study:
                return QStringLiteral("study");
            case Node::Kind::Series:
                return QStringLiteral("series");
            case Node::Kind::Root:
                return {};
        }
    }
    if (role == KeyRole) {
        switch (node->kind) {
            case Node::Kind::Patient:
                return node->patient.key;
            case Node::Kind::Study:
                return node->study.studyInstanceUid;
            case Node::Kind::Series:
                return node->series.seriesInstanceUid;
            case Node::Kind::Root:
                return {};
        }
    }
    if (role == AiScoreRole) return aiScore(node);
    if (index.column() == AiColumn && (role == Qt::DisplayRole || role == Qt::ToolTipRole)) {
        if (node->kind != Node::Kind::Series) {
            const double score = aiScore(node);
            return score < 0.0 ? QVariant() : QVariant(tr("max %1%").arg(QLocale().toString(score * 100.0, 'f', 0)));
        }
        const auto found = m_aiResults.constFind(node->series.seriesInstanceUid);
        if (found == m_aiResults.constEnd()) return {};
        return QStringLiteral("%1 %2%").arg(found->label, QLocale().toString(found->probability * 100.0, 'f', 0));
    }
    if (role == Qt::DecorationRole && index.column() == NameColumn && node->kind == Node::Kind::Series) {
        const auto found = m_thumbnails.constFind(node->series.seriesInstanceUid);
        return found == m_thumbnails.constEnd() ? QVariant() : QVariant(*found);
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    switch (node->kind) {
        case Node::Kind::Patient:
            switch (index.column()) {
                case NameColumn:
                    return displayPersonName(node->patient.patientName);
                case IdentifierColumn:
                    return node->patient.patientId;
                case ModalityColumn:
                    return node->patient.sex;
                case ImagesColumn:
                    return tr("%Ln study(s)", nullptr, node->patient.studyCount);
            }
            break;
        case Node::Kind::Study:
            switch (index.column()) {
                case NameColumn:
                    return node->study.studyDescription.isEmpty() ? tr("(no description)")
                                                                  : node->study.studyDescription;
                case IdentifierColumn:
                    return formatDate(node->study.studyDate);
                case ModalityColumn:
                    return node->study.modalities;
                case ImagesColumn:
                    return node->study.instanceCount;
            }
            break;
        case Node::Kind::Series:
            switch (index.column()) {
                case NameColumn:
                    return tr("Series %1 %2").arg(node->series.seriesNumber, node->series.seriesDescription).trimmed();
                case IdentifierColumn:
                    return node->series.bodyPartExamined;
                case ModalityColumn:
                    return node->series.modality;
                case ImagesColumn:
                    return node->series.instanceCount;
            }
            break;
        case Node::Kind::Root:
            break;
    }
    return {};
}

QVariant StudyBrowserModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case NameColumn:
            return tr("Patient / Study / Series");
        case IdentifierColumn:
            return tr("ID / Date");
        case ModalityColumn:
            return tr("Modality");
        case ImagesColumn:
            return tr("Images");
        case AiColumn:
            return tr("AI");
    }
    return {};
}

QStringList StudyBrowserModel::seriesInOrder()
{
    QStringList result;
    for (int p = 0; p < rowCount(); ++p) {
        const QModelIndex patient = index(p, 0);
        if (canFetchMore(patient)) fetchMore(patient);
        for (int s = 0; s < rowCount(patient); ++s) {
            const QModelIndex study = index(s, 0, patient);
            if (canFetchMore(study)) fetchMore(study);
            for (int r = 0; r < rowCount(study); ++r) result << data(index(r, 0, study), KeyRole).toString();
        }
    }
    return result;
}

QModelIndex StudyBrowserModel::seriesIndex(const QString& seriesInstanceUid)
{
    for (int p = 0; p < rowCount(); ++p) {
        const QModelIndex patient = index(p, 0);
        if (canFetchMore(patient)) fetchMore(patient);
        for (int s = 0; s < rowCount(patient); ++s) {
            const QModelIndex study = index(s, 0, patient);
            if (canFetchMore(study)) fetchMore(study);
            for (int r = 0; r < rowCount(study); ++r) {
                const QModelIndex series = index(r, 0, study);
                if (data(series, KeyRole).toString() == seriesInstanceUid) return series;
            }
        }
    }
    return {};
}

double StudyBrowserModel::aiScore(const Node* node) const
{
    if (node->kind == Node::Kind::Series) {
        const auto found = m_aiResults.constFind(node->series.seriesInstanceUid);
        return found == m_aiResults.constEnd() ? -1.0 : found->probability;
    }
    if (node->kind == Node::Kind::Patient) {
        // Also series not loaded into the tree yet, through the series -> patient map.
        double best = -1.0;
        for (auto it = m_aiResults.constBegin(); it != m_aiResults.constEnd(); ++it)
            if (m_seriesPatient.value(it.key()) == node->patient.key) best = std::max(best, it->probability);
        return best;
    }
    double best = -1.0;
    for (const auto& child : node->children) best = std::max(best, aiScore(child.get()));
    return best;
}

void StudyBrowserModel::setAiResult(const QString& seriesInstanceUid, const QString& label, double positiveProbability)
{
    m_aiResults.insert(seriesInstanceUid, AiResult{label, positiveProbability});
    const QModelIndex series = seriesIndex(seriesInstanceUid);
    if (!series.isValid()) return;
    for (QModelIndex at = series; at.isValid(); at = at.parent()) {
        const QModelIndex cell = at.siblingAtColumn(AiColumn);
        Q_EMIT dataChanged(cell, cell, {Qt::DisplayRole, AiScoreRole});
    }
}

void StudyBrowserModel::clearAiResults()
{
    m_aiResults.clear();
    if (rowCount() > 0) Q_EMIT dataChanged(index(0, AiColumn), index(rowCount() - 1, AiColumn));
}

void StudyBrowserModel::sort(int column, Qt::SortOrder order)
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<Node*> nodes;
    for (const QModelIndex& index : before) nodes.push_back(nodeFor(index));
    auto& patients = m_root->children;
    std::stable_sort(patients.begin(), patients.end(), [&](const auto& a, const auto& b) {
        if (column == AiColumn) {
            const double left = aiScore(a.get());
            const double right = aiScore(b.get());
            return order == Qt::AscendingOrder ? left < right : left > right;
        }
        return a->order < b->order;  // the index's own order (name, then ID)
    });
    for (size_t i = 0; i < patients.size(); ++i) patients[i]->row = int(i);
    QModelIndexList after;
    for (size_t i = 0; i < nodes.size(); ++i) after << createIndex(nodes[i]->row, before[int(i)].column(), nodes[i]);
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void StudyBrowserModel::setThumbnail(const QString& seriesInstanceUid, const QImage& thumbnail)
{
    m_thumbnails.insert(seriesInstanceUid, thumbnail);
    const QModelIndex found = seriesIndex(seriesInstanceUid);
    if (found.isValid()) Q_EMIT dataChanged(found, found, {Qt::DecorationRole});
}

}  // namespace pulmo::viewer
