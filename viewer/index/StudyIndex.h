#pragma once
// The local study index: patient -> study -> series -> instance, with the main tags and file
// paths, in its own SQLite database under the user's data location. A rebuildable cache of the
// files, never primary data: deleting it loses nothing. Kept apart from the feedback database.
//
// Threading: one StudyIndex per thread (each owns its own connection). The indexer runs on a
// worker thread; the UI reads through its own instance.

#include "index/SkipReason.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace pulmo::index {

struct InstanceRecord {
    QString filePath;
    QString sopInstanceUid;
    QString sopClassUid;
    QString seriesInstanceUid;
    int instanceNumber = 0;
    int rows = 0;
    int columns = 0;
    int frames = 1;
    qint64 fileSize = 0;
    qint64 modifiedMs = 0;  ///< file modification time, ms since the epoch
    /// Pulmo's heatmap Secondary Capture of an AI result (dicom::ImageInfo::isAiResultCapture):
    /// viewable, but not a radiograph to analyse, review or judge.
    bool aiResultCapture = false;
};

struct SeriesRecord {
    QString seriesInstanceUid;
    QString studyInstanceUid;
    QString seriesNumber;
    QString seriesDescription;
    QString modality;
    QString bodyPartExamined;
    int instanceCount = 0;
    int aiResultCaptureCount = 0;  ///< of them, Pulmo heatmap captures
    /// Every image of the series is a Pulmo heatmap capture (the browser's "AI heatmap" tile).
    bool isAiResultCaptureSeries() const { return instanceCount > 0 && aiResultCaptureCount == instanceCount; }
};

struct StudyRecord {
    QString studyInstanceUid;
    QString patientKey;  ///< the owning PatientRecord's key
    QString studyDate;   ///< DICOM DA, YYYYMMDD
    QString studyTime;
    QString studyDescription;
    QString accessionNumber;
    QString modalities;     ///< distinct modalities of its series, '\'-separated
    int seriesCount = 0;    ///< series with images (documents are not counted)
    int instanceCount = 0;  ///< radiographs: images that are not Pulmo heatmap captures
    int documentCount = 0;  ///< structured reports and other documents (StudyIndex::documents)
};

struct PatientRecord {
    QString key;  ///< Patient ID + issuer-free name hash: unique within the index
    QString patientId;
    QString patientName;
    QString birthDate;
    QString sex;
    int studyCount = 0;  ///< studies that match the filter given to patients()
};

/// One file of an image, with the study and series it belongs to (StudyIndex::instanceLocations).
struct InstanceLocation {
    QString studyInstanceUid;
    QString seriesInstanceUid;
    QString sopInstanceUid;  ///< empty when the file has none
    QString filePath;
    bool aiResultCapture = false;  ///< a Pulmo heatmap capture: not an image to review
};

/// A DICOM instance of a study without pixels: a structured report (SR SOP Classes
/// 1.2.840.10008.5.1.4.1.1.88.*), a key object selection, a presentation state. The index keeps
/// its header only; what a report says is read from its file (results::readAiResultSr).
struct DocumentRecord {
    QString filePath;
    QString studyInstanceUid;
    QString seriesInstanceUid;
    QString sopInstanceUid;
    QString sopClassUid;
    QString modality;  ///< SR, KO, PR, ...
    QString seriesNumber;
    QString seriesDescription;
    QString manufacturer;  ///< Manufacturer, else the first Contributing Equipment's
    QString contentDate;   ///< DICOM DA
    QString contentTime;   ///< DICOM TM
    /// The SOP Instance UIDs of its Current Requested Procedure Evidence Sequence: the images it is about.
    QStringList referencedSopInstanceUids;
    qint64 fileSize = 0;
    qint64 modifiedMs = 0;

    bool isStructuredReport() const { return sopClassUid.startsWith(QLatin1String("1.2.840.10008.5.1.4.1.1.88.")); }
    /// A structured report Pulmo made (its Manufacturer or Contributing Equipment is Pulmo).
    bool isPulmoReport() const { return isStructuredReport() && manufacturer == QLatin1String("Pulmo"); }
};

struct SkippedFile {
    QString filePath;
    QString reason;    ///< English, for the CLI and logs
    SkipReason cause;  ///< the same as a kind and parameters, for the user's language
};

struct IndexReport {
    int filesSeen = 0;
    int indexed = 0;           ///< new or changed files read this time (images and documents)
    int documentsIndexed = 0;  ///< of them, documents
    int unchanged = 0;         ///< same size and modification time as indexed before: not read again
    int removed = 0;           ///< indexed before under the scanned folders, gone now (images and documents)
    int skipped = 0;           ///< neither an image nor a document: see skippedFiles (not read again while unchanged)
    bool cancelled = false;
    std::vector<SkippedFile> skippedFiles;
    int patients = 0;  ///< totals in the index after this run
    int studies = 0;
    int series = 0;
    int instances = 0;  ///< images, Pulmo heatmap captures included
    int documents = 0;  ///< documents (DocumentRecord), one per file
    double seconds = 0.0;

    /// A later run's report added to this one (a folder walk, then single files): its counts and
    /// skipped files added, its totals taken (the later state), cancelled if either was.
    void add(const IndexReport& later);
};

/// Search criteria; empty fields match everything. Name and ID match case-insensitively wherever
/// they occur in the value ("contains": "doe" finds "DOE^JOHN"), with DICOM's '*' and '?' wildcards;
/// '%', '_' and '[' match only themselves. A name may be written as DICOM stores it
/// ("PHANTOM^CHEST 0001") or as the browser shows it ("PHANTOM, CHEST 0001"): its words must come in
/// that order, and what separates them ('^', ',', '=', spaces, several in a row) is one separator. Dates are DICOM DA
/// (YYYYMMDD) and inclusive; they may be written with separators ("2024-01-31"); studies without a
/// date do not match a date range (parseDateRange() reads what a reader types). Modality may list
/// several values, separated by '\' or ','; a study matches when one of its series has one of them.
struct StudyFilter {
    QString patientName;
    QString patientId;
    QString dateFrom;
    QString dateTo;
    QString modality;
};

/// Files and folders, symbolic links resolved once, to ask whether a file is one of them or lies
/// under one.
class PathRoots {
public:
    PathRoots() = default;
    explicit PathRoots(const QStringList& roots);
    bool isEmpty() const { return m_roots.isEmpty(); }
    bool contains(const QString& file) const;

private:
    QStringList m_roots;  // canonical paths
};

class StudyIndex {
public:
    /// Opens (creating if needed) the index database at `databasePath`. Throws std::runtime_error
    /// naming the file when it cannot be opened; a corrupt cache is deleted and rebuilt empty.
    explicit StudyIndex(const QString& databasePath);
    ~StudyIndex();
    StudyIndex(const StudyIndex&) = delete;
    StudyIndex& operator=(const StudyIndex&) = delete;

    /// <AppLocalDataLocation>/study-index.sqlite
    static QString defaultDatabasePath();

    /// Called on the thread that indexes: with total 0 while the folders are being listed, then as
    /// files are looked at (done counts unchanged files too) and after each batch written.
    using Progress = std::function<void(int done, int total, const QString& currentFile)>;
    /// Indexes every file under `folders` (recursively), reading only new or changed files, and
    /// forgets indexed files under those folders that are gone. Non-DICOM and broken files are
    /// skipped and listed. Stops early when `cancel` becomes true (what was read is kept).
    /// A folder that is missing or unreadable is listed as skipped, and what the index holds under it
    /// is kept (an unmounted drive). Throws std::runtime_error naming the database when it cannot be
    /// written (disk full, ...).
    IndexReport indexFolders(const QStringList& folders, const Progress& progress = {},
                             const std::atomic_bool* cancel = nullptr);
    /// Indexes single files (drag-and-drop, command line).
    IndexReport indexFiles(const QStringList& files, const Progress& progress = {},
                           const std::atomic_bool* cancel = nullptr);

    /// Patients with at least one study that matches, ordered by name.
    std::vector<PatientRecord> patients(const StudyFilter& filter = {}) const;
    /// Newest first. An empty `patientKey` gives the matching studies of every patient.
    std::vector<StudyRecord> studies(const QString& patientKey, const StudyFilter& filter = {}) const;
    /// The studies of the patient with `patientId` (every patient key with that Patient ID) dated
    /// before `studyDate` (DICOM DA), most recent first: the priors to compare a study with. Studies
    /// without a date, and `exceptStudyUid`, are left out; an empty ID or date gives none (an
    /// anonymous image is nobody's follow-up).
    std::vector<StudyRecord> earlierStudies(const QString& patientId, const QString& studyDate,
                                            const QString& exceptStudyUid = {}) const;
    /// Ordered by series number.
    std::vector<SeriesRecord> series(const QString& studyInstanceUid) const;
    /// Ordered by instance number, then file path. A SOP Instance found at several paths (a copied
    /// folder) is one image, and every count above counts it once (files without a SOP Instance
    /// UID each count as their own). Its path is the first, in path order, of: a copy that exists
    /// under `preferredRoots` (what the reader just opened), any copy that exists (the index may
    /// remember files of a folder not scanned since), any copy; it keeps the place of the first.
    std::vector<InstanceRecord> instances(const QString& seriesInstanceUid,
                                          const QStringList& preferredRoots = {}) const;
    /// Every indexed file of the studies that match `filter`, in no particular order: which images
    /// a study holds (copies of one SOP Instance are one row each), for counts such as "3 of 4
    /// reviewed" without one query per study.
    std::vector<InstanceLocation> instanceLocations(const StudyFilter& filter = {}) const;
    /// How many studies the index holds, whatever a filter says ("6 of 150 shown").
    int studyCount() const;

    /// The documents of a study (structured reports, key objects, ...), whether or not the index
    /// holds the study's images (studies() lists studies with images), by series number, then
    /// content date and time, then file path. Copies of one SOP Instance at several paths are each
    /// listed.
    std::vector<DocumentRecord> documents(const QString& studyInstanceUid) const;
    /// The Study Instance UIDs of every document in the index, each once, in UID order (studies
    /// whose images are not indexed included).
    QStringList studiesWithDocuments() const;
    /// The documents whose Current Requested Procedure Evidence names `sopInstanceUid`: the
    /// reports about that image. Newest content first.
    std::vector<DocumentRecord> documentsAbout(const QString& sopInstanceUid) const;
    /// Where the image with `sopInstanceUid` is (its first path in path order); nullopt when the
    /// index holds no image with it. Images only: documents are not found here.
    std::optional<InstanceLocation> imageLocation(const QString& sopInstanceUid) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

}  // namespace pulmo::index
