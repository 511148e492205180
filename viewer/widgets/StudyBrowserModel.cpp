#include "widgets/StudyBrowserModel.h"

#include "widgets/PersonName.h"

#include <QApplication>
#include <QCollator>
#include <QDate>
#include <QLocale>
#include <QPoint>
#include <QStyle>

#include <algorithm>

namespace pulmo::viewer {
namespace {

/// DICOM DA (YYYYMMDD) as the browser shows it, YYYY-MM-DD; anything else as it is.
QString formatDate(const QString& date)
{
    return date.size() == 8 ? date.left(4) + QLatin1Char('-') + date.mid(4, 2) + QLatin1Char('-') + date.mid(6, 2)
                            : date;
}

QDate dicomDate(const QString& date)
{
    return QDate::fromString(date, QStringLiteral("yyyyMMdd"));
}

/// DICOM TM (HHMMSS.FFFFFF) as HH:MM; empty when there is none.
QString formatTime(const QString& time)
{
    return time.size() >= 4 ? time.left(2) + QLatin1Char(':') + time.mid(2, 2) : QString();
}

}  // namespace

StudyBrowserModel::StudyBrowserModel(const index::StudyIndex* index, QObject* parent)
    : QAbstractTableModel(parent), m_index(index)
{
}

StudyBrowserModel::~StudyBrowserModel() = default;

void StudyBrowserModel::reload(const index::StudyFilter& filter)
{
    beginResetModel();
    m_filter = filter;
    m_studies.clear();
    m_studyOfSeries.clear();
    m_imageOfPath.clear();
    m_studyOfImage.clear();
    m_captures.clear();

    QHash<QString, int> patientOrder;
    QHash<QString, index::PatientRecord> patients;
    for (index::PatientRecord& patient : m_index->patients(filter)) {
        patientOrder.insert(patient.key, int(patientOrder.size()));
        patients.insert(patient.key, std::move(patient));
    }
    // The index's order: patients by name and ID, each patient's studies newest first.
    std::vector<index::StudyRecord> studies = m_index->studies(QString(), filter);
    std::stable_sort(studies.begin(), studies.end(), [&](const index::StudyRecord& a, const index::StudyRecord& b) {
        return patientOrder.value(a.patientKey) < patientOrder.value(b.patientKey);
    });
    QHash<QString, int> position;  // study UID -> position in m_studies
    for (index::StudyRecord& record : studies) {
        Study study;
        study.patient = patients.value(record.patientKey);
        study.order = int(m_studies.size());
        for (const index::SeriesRecord& series : m_index->series(record.studyInstanceUid)) {
            study.series << series.seriesInstanceUid;
            m_studyOfSeries.insert(series.seriesInstanceUid, study.order);
        }
        position.insert(record.studyInstanceUid, study.order);
        study.study = std::move(record);
        m_studies.push_back(std::move(study));
    }
    for (const index::InstanceLocation& location : m_index->instanceLocations(filter)) {
        const auto found = position.constFind(location.studyInstanceUid);
        if (found == position.constEnd()) continue;
        const QString key = location.sopInstanceUid.isEmpty() ? location.filePath : location.sopInstanceUid;
        if (location.aiResultCapture)
            m_captures.insert(key);  // a picture of a result: in no review count
        else
            m_studies[size_t(*found)].images.insert(key);
        m_imageOfPath.insert(location.filePath, key);
        m_studyOfImage.insert(key, *found);
    }
    m_unreadableImages.clear();
    for (auto it = m_unreadable.constBegin(); it != m_unreadable.constEnd(); ++it)
        m_unreadableImages.insert(imageKey(it.key()), it.value());
    m_totalStudies = m_index->studyCount();
    filterRows();
    sortRows();
    endResetModel();
    Q_EMIT orderChanged();
}

void StudyBrowserModel::setUnreviewedOnly(bool only)
{
    if (only == m_unreviewedOnly) return;
    beginResetModel();
    m_unreviewedOnly = only;
    filterRows();
    sortRows();
    endResetModel();
    Q_EMIT orderChanged();
}

void StudyBrowserModel::filterRows()
{
    m_visible.clear();
    for (size_t i = 0; i < m_studies.size(); ++i) {
        const ReviewCount count = reviewCount(m_studies[i]);
        if (!m_unreviewedOnly || count.reviewed < count.reviewable) m_visible.push_back(int(i));
    }
}

void StudyBrowserModel::sortRows()
{
    QCollator collator;
    collator.setNumericMode(true);  // P2 before P10
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    std::stable_sort(m_visible.begin(), m_visible.end(), [&](int left, int right) {
        return lessThan(m_studies[size_t(left)], m_studies[size_t(right)], collator);
    });
    m_rowOfStudy.clear();
    for (size_t row = 0; row < m_visible.size(); ++row)
        m_rowOfStudy.insert(m_studies[size_t(m_visible[row])].study.studyInstanceUid, int(row));
}

bool StudyBrowserModel::lessThan(const Study& a, const Study& b, const QCollator& collator) const
{
    // compared < 0: a before b in ascending order. A missing value goes last in either order.
    int compared = 0;
    bool aMissing = false;
    bool bMissing = false;
    const auto text = [&](const QString& left, const QString& right) {
        aMissing = left.isEmpty();
        bMissing = right.isEmpty();
        compared = collator.compare(left, right);
    };
    const auto number = [&](double left, double right, bool leftMissing, bool rightMissing) {
        aMissing = leftMissing;
        bMissing = rightMissing;
        compared = left < right ? -1 : (right < left ? 1 : 0);
    };
    switch (m_sortColumn) {
        case NameColumn:
            text(displayPersonName(a.patient.patientName), displayPersonName(b.patient.patientName));
            if (compared == 0 && !aMissing && !bMissing) text(a.patient.patientId, b.patient.patientId);
            break;
        case IdentifierColumn:
            text(a.patient.patientId, b.patient.patientId);
            break;
        case BirthDateColumn:
            text(a.patient.birthDate, b.patient.birthDate);
            break;
        case StudyDateColumn:
            aMissing = a.study.studyDate.isEmpty();
            bMissing = b.study.studyDate.isEmpty();
            compared = QString::compare(a.study.studyDate + a.study.studyTime, b.study.studyDate + b.study.studyTime);
            break;
        case DescriptionColumn:
            text(a.study.studyDescription, b.study.studyDescription);
            break;
        case ModalityColumn:
            text(a.study.modalities, b.study.modalities);
            break;
        case ImagesColumn:
            number(a.study.instanceCount, b.study.instanceCount, false, false);
            break;
        case AiColumn: {
            const double left = aiScore(a);
            const double right = aiScore(b);
            number(left, right, left < 0.0, right < 0.0);
            break;
        }
        case ReviewedColumn: {
            const ReviewCount left = reviewCount(a);
            const ReviewCount right = reviewCount(b);
            // Fractions compared without division: l.r / l.n < r.r / r.n.
            number(double(left.reviewed) * right.reviewable, double(right.reviewed) * left.reviewable,
                   left.reviewable == 0, right.reviewable == 0);
            break;
        }
        default:
            break;
    }
    if (aMissing != bMissing) return bMissing;
    if (compared != 0 && !aMissing) return m_sortOrder == Qt::AscendingOrder ? compared < 0 : compared > 0;
    return a.order < b.order;
}

void StudyBrowserModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount) return;
    m_sortColumn = column;
    m_sortOrder = order;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QStringList studies;
    for (const QModelIndex& index : before) studies << studyAt(index.row()).study.studyInstanceUid;
    sortRows();
    QModelIndexList after;
    for (int i = 0; i < before.size(); ++i) after << createIndex(m_rowOfStudy.value(studies[i]), before[i].column());
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    Q_EMIT orderChanged();
}

QStringList StudyBrowserModel::studiesInOrder() const
{
    QStringList result;
    for (int row = 0; row < rowCount(); ++row) result << studyAt(row).study.studyInstanceUid;
    return result;
}

QStringList StudyBrowserModel::seriesInOrder() const
{
    QStringList result;
    for (int row = 0; row < rowCount(); ++row) result << studyAt(row).series;
    return result;
}

QStringList StudyBrowserModel::seriesOfStudy(const QString& studyInstanceUid) const
{
    const int row = m_rowOfStudy.value(studyInstanceUid, -1);
    return row < 0 ? QStringList() : studyAt(row).series;
}

QString StudyBrowserModel::studyOfSeries(const QString& seriesInstanceUid) const
{
    const int position = m_studyOfSeries.value(seriesInstanceUid, -1);
    return position < 0 ? QString() : m_studies[size_t(position)].study.studyInstanceUid;
}

QModelIndex StudyBrowserModel::studyIndex(const QString& studyInstanceUid) const
{
    const int row = m_rowOfStudy.value(studyInstanceUid, -1);
    return row < 0 ? QModelIndex() : index(row, 0);
}

QModelIndex StudyBrowserModel::seriesIndex(const QString& seriesInstanceUid) const
{
    return studyIndex(studyOfSeries(seriesInstanceUid));
}

int StudyBrowserModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

int StudyBrowserModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

double StudyBrowserModel::aiScore(const Study& study) const
{
    double best = -1.0;
    for (const QString& series : study.series) {
        const auto found = m_aiResults.constFind(series);
        if (found != m_aiResults.constEnd()) best = std::max(best, found->probability);
    }
    return best;
}

QString StudyBrowserModel::aiLabel(const Study& study) const
{
    double best = -1.0;
    QString label;
    for (const QString& series : study.series) {
        const auto found = m_aiResults.constFind(series);
        if (found != m_aiResults.constEnd() && found->probability > best) {
            best = found->probability;
            label = found->label;
        }
    }
    return label;
}

StudyBrowserModel::ReviewCount StudyBrowserModel::reviewCount(const Study& study) const
{
    ReviewCount count;
    for (const QString& image : study.images) {
        if (m_unreadableImages.contains(image)) continue;
        ++count.reviewable;
        if (m_reviewed.contains(image)) ++count.reviewed;
    }
    return count;
}

QStringList StudyBrowserModel::unreadableReasons(const Study& study) const
{
    QStringList reasons;
    for (const QString& image : study.images) {
        const auto found = m_unreadableImages.constFind(image);
        if (found != m_unreadableImages.constEnd()) reasons << *found;
    }
    return reasons;
}

QString StudyBrowserModel::formatProbability(double probability)
{
    if (probability < 0.0) return {};
    if (probability > 0.99) return tr(">99%");
    if (probability < 0.01) return tr("<1%");
    return tr("%1%", "a whole percent").arg(QLocale().toString(qRound(probability * 100.0)));
}

QVariant StudyBrowserModel::display(const Study& study, int column) const
{
    switch (column) {
        case NameColumn:
            return displayPersonName(study.patient.patientName);
        case IdentifierColumn:
            return study.patient.patientId;
        case BirthDateColumn: {
            const QDate born = dicomDate(study.patient.birthDate);
            const QDate seen = dicomDate(study.study.studyDate);
            if (!born.isValid() || !seen.isValid() || seen < born) return formatDate(study.patient.birthDate);
            int months = (seen.year() - born.year()) * 12 + seen.month() - born.month();
            if (seen.day() < born.day()) --months;
            if (months < 24)
                return tr("%1 (%2 mo)", "birth date (age in months at the study)")
                    .arg(formatDate(study.patient.birthDate))
                    .arg(months);
            return tr("%1 (%2 y)", "birth date (age in years at the study)")
                .arg(formatDate(study.patient.birthDate))
                .arg(months / 12);
        }
        case StudyDateColumn:
            return formatDate(study.study.studyDate);
        case DescriptionColumn:
            return study.study.studyDescription;
        case ModalityColumn:
            return QString(study.study.modalities).replace(QLatin1Char('\\'), QStringLiteral(", "));
        case ImagesColumn:
            return QLocale().toString(study.study.instanceCount);
        case AiColumn:
            return formatProbability(aiScore(study));
        case ReviewedColumn: {
            const ReviewCount count = reviewCount(study);
            if (count.reviewable == 0 || count.reviewed == 0) return {};
            if (count.reviewed == count.reviewable) return QStringLiteral("\u2713");
            return tr("%1/%2", "images reviewed / images").arg(count.reviewed).arg(count.reviewable);
        }
        default:
            return {};
    }
}

QVariant StudyBrowserModel::toolTip(const Study& study, int column) const
{
    QString tip;
    switch (column) {
        case NameColumn:
        case IdentifierColumn:
            tip = tr("%1, patient ID %2").arg(displayPersonName(study.patient.patientName), study.patient.patientId);
            if (!study.patient.sex.isEmpty()) tip += tr(", sex %1").arg(study.patient.sex);
            break;
        case StudyDateColumn:
            tip = (formatDate(study.study.studyDate) + QLatin1Char(' ') + formatTime(study.study.studyTime)).trimmed();
            if (!study.study.accessionNumber.isEmpty())
                tip += QLatin1Char('\n') + tr("Accession number %1").arg(study.study.accessionNumber);
            break;
        case ImagesColumn:
            tip = tr("%1 in %2", "images in series")
                      .arg(tr("%n image(s)", nullptr, study.study.instanceCount),
                           tr("%n series", nullptr, int(study.series.size())));
            if (study.study.documentCount > 0)
                tip +=
                    QLatin1Char('\n') + tr("and %n report(s) or other document(s)", nullptr, study.study.documentCount);
            break;
        case AiColumn: {
            const double score = aiScore(study);
            tip = score < 0.0 ? tr("Not analysed by the AI yet")
                              : tr("The AI's probability of %1 for the study's most suspicious image: %2 (%3)")
                                    .arg(m_positiveLabel.toLower(), formatProbability(score), aiLabel(study));
            break;
        }
        case ReviewedColumn: {
            const ReviewCount count = reviewCount(study);
            tip = tr("%1 of %n image(s) reviewed", nullptr, count.reviewable).arg(count.reviewed);
            break;
        }
        default:
            tip = display(study, column).toString();
            break;
    }
    const QStringList unreadable = unreadableReasons(study);
    if (!unreadable.isEmpty()) {
        tip += QLatin1Char('\n') +
               tr("%n image(s) cannot be read: %1", nullptr, int(unreadable.size())).arg(unreadable.front());
    }
    return tip;
}

QVariant StudyBrowserModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount) return {};
    const Study& study = studyAt(index.row());
    switch (role) {
        case Qt::DisplayRole:
            return display(study, index.column());
        case Qt::ToolTipRole:
            return toolTip(study, index.column());
        case Qt::DecorationRole:
            if (index.column() == NameColumn && !unreadableReasons(study).isEmpty())
                return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
            return {};
        case Qt::TextAlignmentRole:
            if (index.column() == ImagesColumn || index.column() == AiColumn)
                return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
            if (index.column() == ReviewedColumn) return QVariant::fromValue(Qt::AlignCenter);
            return {};
        case KindRole:
            return QStringLiteral("study");
        case KeyRole:
            return study.study.studyInstanceUid;
        case AiScoreRole:
            return aiScore(study);
        case ReviewedRole: {
            const ReviewCount count = reviewCount(study);
            return QPoint(count.reviewed, count.reviewable);
        }
        case UnreadableRole: {
            const QStringList reasons = unreadableReasons(study);
            return reasons.isEmpty() ? QString() : reasons.front();
        }
        default:
            return {};
    }
}

QVariant StudyBrowserModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::InitialSortOrderRole) {
        // Newest first and most suspicious first on the first click.
        return section == StudyDateColumn || section == AiColumn ? Qt::DescendingOrder : Qt::AscendingOrder;
    }
    if (role == Qt::DisplayRole) {
        switch (section) {
            case NameColumn:
                return tr("Name");
            case IdentifierColumn:
                return tr("Patient ID");
            case BirthDateColumn:
                return tr("Born (age)");
            case StudyDateColumn:
                return tr("Study date");
            case DescriptionColumn:
                return tr("Description");
            case ModalityColumn:
                return tr("Modality");
            case ImagesColumn:
                return tr("Images");
            case AiColumn:
                return tr("AI P(%1)", "the AI's probability of the positive label").arg(m_positiveLabel.toLower());
            case ReviewedColumn:
                return tr("Reviewed");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case BirthDateColumn:
                return tr("Birth date, and the age at the study");
            case AiColumn:
                return tr("The AI's probability of %1 for the study's most suspicious image. "
                          "Sort by it to read the most suspicious studies first.")
                    .arg(m_positiveLabel.toLower());
            case ImagesColumn:
                return tr(
                    "Radiographs of the study: Pulmo's heatmap captures and structured reports are not "
                    "counted");
            case ReviewedColumn:
                return tr("Images of the study with your verdict: \u2713 all of them, 3/4 some");
            default:
                return headerData(section, orientation, Qt::DisplayRole);
        }
    }
    return {};
}

void StudyBrowserModel::studyChanged(int position)
{
    if (position < 0 || size_t(position) >= m_studies.size()) return;
    const int row = m_rowOfStudy.value(m_studies[size_t(position)].study.studyInstanceUid, -1);
    if (row >= 0) Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void StudyBrowserModel::setThumbnail(const QString& seriesInstanceUid, const QImage& thumbnail)
{
    m_thumbnails.insert(seriesInstanceUid, thumbnail);
    Q_EMIT thumbnailChanged(seriesInstanceUid);
}

void StudyBrowserModel::setAiResult(const QString& seriesInstanceUid, const QString& label, double positiveProbability)
{
    m_aiResults.insert(seriesInstanceUid, AiResult{label, positiveProbability});
    studyChanged(m_studyOfSeries.value(seriesInstanceUid, -1));
}

void StudyBrowserModel::clearAiResults()
{
    m_aiResults.clear();
    if (rowCount() > 0) Q_EMIT dataChanged(index(0, AiColumn), index(rowCount() - 1, AiColumn));
}

void StudyBrowserModel::setPositiveLabel(const QString& label)
{
    if (label.isEmpty() || label == m_positiveLabel) return;
    m_positiveLabel = label;
    Q_EMIT headerDataChanged(Qt::Horizontal, AiColumn, AiColumn);
}

void StudyBrowserModel::setReviewedImages(const QSet<QString>& sopInstanceUids)
{
    m_reviewed = sopInstanceUids;
    if (rowCount() > 0) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void StudyBrowserModel::setReviewed(const QString& sopInstanceUid, bool reviewed)
{
    if (reviewed == m_reviewed.contains(sopInstanceUid)) return;
    if (reviewed)
        m_reviewed.insert(sopInstanceUid);
    else
        m_reviewed.remove(sopInstanceUid);
    studyChanged(m_studyOfImage.value(sopInstanceUid, -1));
}

QString StudyBrowserModel::imageKey(const QString& sopInstanceUidOrFilePath) const
{
    return m_imageOfPath.value(sopInstanceUidOrFilePath, sopInstanceUidOrFilePath);
}

void StudyBrowserModel::setUnreadable(const QString& sopInstanceUidOrFilePath, const QString& reason)
{
    if (sopInstanceUidOrFilePath.isEmpty()) return;
    m_unreadable.insert(sopInstanceUidOrFilePath, reason);
    const QString key = imageKey(sopInstanceUidOrFilePath);
    m_unreadableImages.insert(key, reason);
    studyChanged(m_studyOfImage.value(key, -1));
}

QString StudyBrowserModel::unreadableReason(const QString& sopInstanceUid, const QString& filePath) const
{
    for (const QString& id : {sopInstanceUid, filePath, imageKey(filePath)}) {
        if (id.isEmpty()) continue;
        const auto found = m_unreadableImages.constFind(id);
        if (found != m_unreadableImages.constEnd()) return *found;
        const auto given = m_unreadable.constFind(id);
        if (given != m_unreadable.constEnd()) return *given;
    }
    return {};
}

bool StudyBrowserModel::needsReview(const QString& sopInstanceUid, const QString& filePath) const
{
    return !isAiResultCapture(sopInstanceUid, filePath) && unreadableReason(sopInstanceUid, filePath).isEmpty() &&
           !m_reviewed.contains(sopInstanceUid);
}

bool StudyBrowserModel::isAiResultCapture(const QString& sopInstanceUid, const QString& filePath) const
{
    return (!sopInstanceUid.isEmpty() && m_captures.contains(sopInstanceUid)) ||
           (!filePath.isEmpty() && m_captures.contains(imageKey(filePath)));
}

}  // namespace pulmo::viewer
