#include "CliSupport.h"

#include "index/StudyIndex.h"

#include <QDir>
#include <QHash>
#include <QJsonArray>
#include <QFileInfo>

#include <cstdio>

namespace pulmo::cli {

namespace {

QJsonObject toJson(const index::IndexReport& report, const QString& databasePath)
{
    return QJsonObject{
        {QStringLiteral("database"), databasePath},      {QStringLiteral("files_seen"), report.filesSeen},
        {QStringLiteral("indexed"), report.indexed},     {QStringLiteral("unchanged"), report.unchanged},
        {QStringLiteral("removed"), report.removed},     {QStringLiteral("skipped"), report.skipped},
        {QStringLiteral("patients"), report.patients},   {QStringLiteral("studies"), report.studies},
        {QStringLiteral("series"), report.series},       {QStringLiteral("instances"), report.instances},
        {QStringLiteral("documents"), report.documents}, {QStringLiteral("documents_indexed"), report.documentsIndexed},
        {QStringLiteral("seconds"), report.seconds},
    };
}

/// The studies that hold documents (structured reports, ...), by UID, each with its radiographs
/// counted and its documents: UID, SOP Class, modality, series description, whether Pulmo made it,
/// the images it is about.
QJsonArray studiesWithDocuments(const index::StudyIndex& studyIndex)
{
    QHash<QString, int> imagesOf;  // study UID -> radiographs; a study whose images are not indexed has none
    for (const index::StudyRecord& study : studyIndex.studies(QString()))
        imagesOf.insert(study.studyInstanceUid, study.instanceCount);
    QJsonArray studies;
    for (const QString& studyUid : studyIndex.studiesWithDocuments()) {
        const std::vector<index::DocumentRecord> records = studyIndex.documents(studyUid);
        QJsonArray documents;
        int pulmoReports = 0;
        for (const index::DocumentRecord& document : records) {
            if (document.isPulmoReport()) ++pulmoReports;
            documents.append(QJsonObject{
                {QStringLiteral("sop_instance_uid"), document.sopInstanceUid},
                {QStringLiteral("sop_class_uid"), document.sopClassUid},
                {QStringLiteral("modality"), document.modality},
                {QStringLiteral("series_description"), document.seriesDescription},
                {QStringLiteral("pulmo_report"), document.isPulmoReport()},
                {QStringLiteral("references"), QJsonArray::fromStringList(document.referencedSopInstanceUids)},
                {QStringLiteral("file"), QDir::toNativeSeparators(document.filePath)},
            });
        }
        studies.append(QJsonObject{
            {QStringLiteral("study_instance_uid"), studyUid},
            {QStringLiteral("images"), imagesOf.value(studyUid)},
            {QStringLiteral("documents"), int(records.size())},
            {QStringLiteral("pulmo_reports"), pulmoReports},
            {QStringLiteral("document_list"), documents},
        });
    }
    return studies;
}

}  // namespace

int runIndex(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Index the DICOM images under folders (recursively) into the local study index. Only new or "
                       "changed files are read; indexed files that are gone from the folders are forgotten. Files "
                       "that are not DICOM images are listed on stderr, one line each."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("FOLDER"), QStringLiteral("Folders (or single files) to index"),
                                 QStringLiteral("FOLDER..."));
    const QCommandLineOption database(
        QStringLiteral("db"),
        QStringLiteral("The index database (default: %1).").arg(index::StudyIndex::defaultDatabasePath()),
        QStringLiteral("PATH"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("The counts as one JSON object."));
    parser.addOption(database);
    parser.addOption(json);
    parseOrThrow(parser, arguments);
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return ExitSuccess;
    }
    const QStringList paths = parser.positionalArguments();
    if (paths.isEmpty()) throw UsageError("no FOLDER given");

    // A mistyped folder is an error, not an empty folder: nothing is indexed then.
    QStringList folders;
    QStringList files;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (!info.exists()) {
            std::fprintf(stderr, "pulmo-cli index: %s: no such file or folder\n", qPrintable(path));
            return ExitFailure;
        }
        (info.isDir() ? folders : files) << path;
    }

    const QString databasePath =
        parser.isSet(database) ? parser.value(database) : index::StudyIndex::defaultDatabasePath();
    index::StudyIndex studyIndex(databasePath);  // throws when it cannot be opened: main exits 1
    index::IndexReport report;
    if (!folders.isEmpty()) report = studyIndex.indexFolders(folders);
    if (!files.isEmpty()) report.add(studyIndex.indexFiles(files));

    // Skipping what is not a DICOM image is normal: listed, but the run succeeded.
    for (const index::SkippedFile& skipped : report.skippedFiles)
        std::fprintf(stderr, "pulmo-cli index: %s: %s\n", qPrintable(QDir::toNativeSeparators(skipped.filePath)),
                     qPrintable(skipped.reason));

    QJsonObject object = toJson(report, QDir::toNativeSeparators(QFileInfo(databasePath).absoluteFilePath()));
    const QJsonArray documentStudies = studiesWithDocuments(studyIndex);
    if (parser.isSet(json)) {
        object.insert(QStringLiteral("studies_with_documents"), documentStudies);
        printJsonLine(object);
    } else {
        for (const char* key : {"database", "files_seen", "indexed", "unchanged", "removed", "skipped", "patients",
                                "studies", "series", "instances", "documents", "seconds"}) {
            const QJsonValue value = object.value(QLatin1String(key));
            std::printf("%-12s %s\n", key,
                        qPrintable(value.isString() ? value.toString() : QString::number(value.toDouble(), 'g', 6)));
        }
        // Documents per study, one line each: the study, its images and documents, Pulmo's reports.
        for (const QJsonValue& study : documentStudies) {
            const QJsonObject fields = study.toObject();
            std::printf("study %s: %d image(s), %d document(s), %d Pulmo report(s)\n",
                        qPrintable(fields.value(QStringLiteral("study_instance_uid")).toString()),
                        fields.value(QStringLiteral("images")).toInt(),
                        fields.value(QStringLiteral("documents")).toInt(),
                        fields.value(QStringLiteral("pulmo_reports")).toInt());
        }
    }
    return ExitSuccess;
}

}  // namespace pulmo::cli
