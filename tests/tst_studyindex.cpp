// The local study index on a corpus whose contents are known by hand: 3 patients, 5 studies,
// 7 series, 20 images, plus a text file, a truncated DICOM file and a structured report without
// pixel data. Counts, hierarchy, filters, incremental re-index, removal, a damaged database, the
// CLI, and pydicom as the independent oracle for what the folder holds.
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"
#include "index/StudyIndex.h"

#include <QtTest>

#include "support/AiStudy.h"
#include "support/CharsetCorpus.h"
#include "support/ProcessRun.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <atomic>
#include <memory>

using namespace pulmo;
using index::IndexReport;
using index::StudyFilter;
using index::StudyIndex;

namespace {

using pulmo::test::Run;
using pulmo::test::run;

struct SeriesPlan {
    const char* patientId;
    const char* patientName;
    const char* studyUid;
    const char* studyDate;
    const char* seriesUid;
    const char* modality;
    int images;
    const char* folder;
};

// "Doe^John^^" is DOE^JOHN: the same patient key. LEE_KIM's underscore must match only itself.
const SeriesPlan kPlan[] = {
    {"PID001", "DOE^JOHN", "2.25.1001", "20240110", "2.25.1001.1", "CR", 3, "doe/2024-01"},
    {"PID001", "DOE^JOHN", "2.25.1001", "20240110", "2.25.1001.2", "DX", 2, "doe/2024-01"},
    {"PID001", "Doe^John^^", "2.25.1002", "20240305", "2.25.1002.1", "DX", 4, "doe/2024-03"},
    {"PID002", "SMITH^JANE", "2.25.2001", "20230615", "2.25.2001.1", "CR", 3, "smith/a"},
    {"PID002", "SMITH^JANE", "2.25.2002", "20250101", "2.25.2002.1", "DX", 2, "smith/b"},
    {"PID002", "SMITH^JANE", "2.25.2002", "20250101", "2.25.2002.2", "CT", 3, "smith/b"},
    {"PID_003", "LEE_KIM^ANN", "2.25.3001", "20240301", "2.25.3001.1", "DX", 3, "lee"},
};
constexpr int kPatients = 3;
constexpr int kStudies = 5;
constexpr int kSeries = 7;
constexpr int kImages = 20;
constexpr int kNotImages = 2;  // a text file, a truncated DICOM file
constexpr int kDocuments = 1;  // a Basic Text SR: a document of its study, not skipped
constexpr int kFiles = kImages + kNotImages + kDocuments;

struct Corpus {
    QString root;
    QStringList images;
    QHash<QString, QStringList> imagesOfSeries;
    QString textFile;
    QString truncatedFile;
    QString reportFile;
};

void writeImage(const QString& path, const SeriesPlan& plan, int size = 16)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    dicom::GrayImageSpec spec;
    spec.rows = size;
    spec.columns = size;
    spec.storedValues.assign(size_t(size) * size, 100);
    spec.patientId = plan.patientId;
    spec.patientName = plan.patientName;
    spec.studyInstanceUid = plan.studyUid;
    spec.seriesInstanceUid = plan.seriesUid;
    spec.sopInstanceUid = dicom::newUid();
    spec.studyDate = plan.studyDate;
    spec.modality = plan.modality;
    if (QByteArray(plan.patientId) == "PID001") {
        spec.patientBirthDate = "19600101";
        spec.patientSex = "M";
    }
    dicom::writeGrayImage(QFile::encodeName(path).toStdString(), spec);
}

QByteArray littleEndian(quint32 value, int bytes)
{
    QByteArray out;
    for (int i = 0; i < bytes; ++i) out += char((value >> (8 * i)) & 0xFF);
    return out;
}

/// One explicit VR little endian element; values padded to even length as PS3.5 requires.
QByteArray element(quint16 group, quint16 number, const char* vr, QByteArray value)
{
    const bool isUid = QByteArray(vr) == "UI";
    if (value.size() % 2) value += isUid ? '\0' : ' ';
    QByteArray out = littleEndian(group, 2) + littleEndian(number, 2) + QByteArray(vr, 2);
    if (QByteArray(vr) == "OB")
        out += littleEndian(0, 2) + littleEndian(quint32(value.size()), 4);
    else
        out += littleEndian(quint32(value.size()), 2);
    return out + value;
}

/// A Basic Text SR written byte by byte: a valid Part 10 file with no pixel module at all.
void writeReport(const QString& path)
{
    const QByteArray sopClass = "1.2.840.10008.5.1.4.1.1.88.11";
    const QByteArray sopInstance = "2.25.9001.1.1";
    const QByteArray meta = element(0x0002, 0x0001, "OB", QByteArray("\0\1", 2)) +
                            element(0x0002, 0x0002, "UI", sopClass) + element(0x0002, 0x0003, "UI", sopInstance) +
                            element(0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1");
    const QByteArray dataset = element(0x0008, 0x0016, "UI", sopClass) + element(0x0008, 0x0018, "UI", sopInstance) +
                               element(0x0008, 0x0020, "DA", "20240110") + element(0x0008, 0x0060, "CS", "SR") +
                               element(0x0010, 0x0010, "PN", "DOE^JOHN") + element(0x0010, 0x0020, "LO", "PID001") +
                               element(0x0020, 0x000D, "UI", "2.25.9001") +
                               element(0x0020, 0x000E, "UI", "2.25.9001.1") +
                               element(0x0040, 0xA040, "CS", "CONTAINER");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(128, '\0') + "DICM" + element(0x0002, 0x0000, "UL", littleEndian(quint32(meta.size()), 4)) +
               meta + dataset);
}

Corpus writeCorpus(const QString& root)
{
    Corpus corpus;
    QDir().mkpath(root);
    corpus.root = QFileInfo(root).canonicalFilePath();
    for (const SeriesPlan& plan : kPlan) {
        for (int i = 0; i < plan.images; ++i) {
            // Some files without an extension, as many archives write them.
            const QString name = QStringLiteral("%1_%2%3")
                                     .arg(QString::fromLatin1(plan.seriesUid).section(QLatin1Char('.'), -2))
                                     .arg(i + 1)
                                     .arg(QByteArray(plan.folder) == "lee" ? QString() : QStringLiteral(".dcm"));
            const QString path = QDir(corpus.root).filePath(QLatin1String(plan.folder) + QLatin1Char('/') + name);
            writeImage(path, plan);
            corpus.images << path;
            corpus.imagesOfSeries[QLatin1String(plan.seriesUid)] << path;
        }
    }
    corpus.textFile = QDir(corpus.root).filePath(QStringLiteral("notes.txt"));
    QFile text(corpus.textFile);
    if (text.open(QIODevice::WriteOnly)) text.write("Chest films of the 2024 screening, see the PACS for priors.\n");
    text.close();

    // The head of a valid file: it ends inside the file meta information.
    corpus.truncatedFile = QDir(corpus.root).filePath(QStringLiteral("smith/truncated.dcm"));
    writeImage(corpus.truncatedFile, kPlan[3]);
    QFile truncated(corpus.truncatedFile);
    truncated.resize(300);

    corpus.reportFile = QDir(corpus.root).filePath(QStringLiteral("doe/report.dcm"));
    writeReport(corpus.reportFile);
    return corpus;
}

QStringList patientIds(const std::vector<index::PatientRecord>& patients)
{
    QStringList ids;
    for (const auto& patient : patients) ids << patient.patientId;
    return ids;
}

QStringList studyUids(const std::vector<index::StudyRecord>& studies)
{
    QStringList uids;
    for (const auto& study : studies) uids << study.studyInstanceUid;
    return uids;
}

/// Rewrites `path` and moves its modification time on, so that size or time (or both) differ.
void touchLater(const QString& path)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(60), QFileDevice::FileModificationTime));
}

}  // namespace

class TestStudyIndex : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    Corpus m_corpus;                            ///< never modified: tests that change files make their own
    std::unique_ptr<StudyIndex> m_filterIndex;  ///< m_corpus indexed once for every filter row
    int m_scratch = 0;

    QString scratch(const QString& name) { return m_work.filePath(name + QString::number(++m_scratch)); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        m_corpus = writeCorpus(m_work.filePath(QStringLiteral("corpus")));
        QCOMPARE(m_corpus.images.size(), kImages);
        m_filterIndex = std::make_unique<StudyIndex>(scratch(QStringLiteral("filters")));
        QCOMPARE(m_filterIndex->indexFolders({m_corpus.root}).instances, kImages);
    }

    void firstIndex_countsEveryImage_andSkipsTheRestWithAReason()
    {
        StudyIndex studyIndex(scratch(QStringLiteral("index")));
        const IndexReport report = studyIndex.indexFolders({m_corpus.root});
        QCOMPARE(report.filesSeen, kFiles);
        QCOMPARE(report.indexed, kImages + kDocuments);
        QCOMPARE(report.documentsIndexed, kDocuments);
        QCOMPARE(report.unchanged, 0);
        QCOMPARE(report.removed, 0);
        QCOMPARE(report.skipped, kNotImages);
        QVERIFY(!report.cancelled);
        QCOMPARE(report.patients, kPatients);
        QCOMPARE(report.studies, kStudies);  // the report's study has no image: not listed
        QCOMPARE(report.series, kSeries);
        QCOMPARE(report.instances, kImages);
        QCOMPARE(report.documents, kDocuments);
        QVERIFY(report.seconds > 0.0);

        QCOMPARE(int(report.skippedFiles.size()), kNotImages);
        QHash<QString, QString> reasons;
        for (const auto& skipped : report.skippedFiles) reasons.insert(skipped.filePath, skipped.reason);
        for (const QString& file : {m_corpus.textFile, m_corpus.truncatedFile})
            QVERIFY2(!reasons.value(file).isEmpty(), qPrintable(file));
        QVERIFY(!reasons.contains(m_corpus.reportFile));
        const auto documents = studyIndex.documents(QStringLiteral("2.25.9001"));
        QCOMPARE(int(documents.size()), 1);
        QCOMPARE(documents[0].filePath, m_corpus.reportFile);
        QCOMPARE(documents[0].sopClassUid, QStringLiteral("1.2.840.10008.5.1.4.1.1.88.11"));
        QCOMPARE(documents[0].modality, QStringLiteral("SR"));
        QVERIFY(documents[0].isStructuredReport());
        QVERIFY(!documents[0].isPulmoReport());
    }

    void queries_walkPatientStudySeriesInstance()
    {
        StudyIndex studyIndex(scratch(QStringLiteral("index")));
        studyIndex.indexFolders({m_corpus.root});

        const auto patients = studyIndex.patients();
        QCOMPARE(patientIds(patients), (QStringList{"PID001", "PID_003", "PID002"}));  // by name
        const auto& doe = patients[0];
        QVERIFY(doe.key.startsWith(QLatin1String("PID001\\")));
        QCOMPARE(doe.studyCount, 2);  // "Doe^John^^" is DOE^JOHN
        QCOMPARE(doe.birthDate, QStringLiteral("19600101"));
        QCOMPARE(doe.sex, QStringLiteral("M"));
        QCOMPARE(patients[1].studyCount, 1);
        QCOMPARE(patients[2].studyCount, 2);

        const auto studies = studyIndex.studies(doe.key);
        QCOMPARE(studyUids(studies), (QStringList{"2.25.1002", "2.25.1001"}));  // newest first
        const auto& january = studies[1];
        QCOMPARE(january.patientKey, doe.key);
        QCOMPARE(january.studyDate, QStringLiteral("20240110"));
        QCOMPARE(january.seriesCount, 2);
        QCOMPARE(january.instanceCount, 5);
        QCOMPARE(january.modalities, QStringLiteral("CR\\DX"));
        QCOMPARE(studies[0].instanceCount, 4);

        const auto series = studyIndex.series(QStringLiteral("2.25.1001"));
        QCOMPARE(int(series.size()), 2);
        QStringList seriesUids;
        for (const auto& record : series) {
            seriesUids << record.seriesInstanceUid;
            QCOMPARE(record.studyInstanceUid, QStringLiteral("2.25.1001"));
            QCOMPARE(record.instanceCount, int(m_corpus.imagesOfSeries.value(record.seriesInstanceUid).size()));
        }
        seriesUids.sort();
        QCOMPARE(seriesUids, (QStringList{"2.25.1001.1", "2.25.1001.2"}));

        const auto instances = studyIndex.instances(QStringLiteral("2.25.1001.1"));
        QStringList paths;
        for (const auto& instance : instances) {
            paths << instance.filePath;
            QCOMPARE(instance.seriesInstanceUid, QStringLiteral("2.25.1001.1"));
            QCOMPARE(instance.sopClassUid, QStringLiteral("1.2.840.10008.5.1.4.1.1.7"));
            QVERIFY(!instance.sopInstanceUid.isEmpty());
            QCOMPARE(instance.rows, 16);
            QCOMPARE(instance.columns, 16);
            QCOMPARE(instance.frames, 1);
            QCOMPARE(instance.fileSize, QFileInfo(instance.filePath).size());
            QCOMPARE(instance.modifiedMs, QFileInfo(instance.filePath).lastModified().toMSecsSinceEpoch());
        }
        QStringList expected = m_corpus.imagesOfSeries.value(QStringLiteral("2.25.1001.1"));
        expected.sort();  // no Instance Number in these files: by path
        QCOMPARE(paths, expected);

        QVERIFY(studyIndex.studies(QStringLiteral("no such key")).empty());
        QVERIFY(studyIndex.series(QStringLiteral("2.25.404")).empty());
        QVERIFY(studyIndex.instances(QStringLiteral("2.25.404")).empty());
    }

    void filters_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("modality");
        QTest::addColumn<QStringList>("patients");
        QTest::addColumn<QStringList>("studies");  // over every patient, newest first

        const auto row = [](const char* tag, const QString& name, const QString& id, const QString& from,
                            const QString& to, const QString& modality, const QStringList& patients,
                            const QStringList& studies) {
            QTest::newRow(tag) << name << id << from << to << modality << patients << studies;
        };
        const QStringList all{"2.25.2002", "2.25.1002", "2.25.3001", "2.25.1001", "2.25.2001"};
        row("none", "", "", "", "", "", {"PID001", "PID_003", "PID002"}, all);
        row("name doe* any case", "doe*", "", "", "", "", {"PID001"}, {"2.25.1002", "2.25.1001"});
        row("name *J* inside", "*j*", "", "", "", "", {"PID001", "PID002"},
            {"2.25.2002", "2.25.1002", "2.25.1001", "2.25.2001"});
        row("name ? one character", "s?ith^jane", "", "", "", "", {"PID002"}, {"2.25.2002", "2.25.2001"});
        row("name without wildcard is found inside", "oe", "", "", "", "", {"PID001"}, {"2.25.1002", "2.25.1001"});
        row("name as the browser shows it", "Doe, John", "", "", "", "", {"PID001"}, {"2.25.1002", "2.25.1001"});
        row("name as DICOM writes it, lower case", "smith^jane", "", "", "", "", {"PID002"},
            {"2.25.2002", "2.25.2001"});
        row("name words out of order", "jane smith", "", "", "", "", {}, {});
        row("name separators doubled", "doe,,  john", "", "", "", "", {"PID001"}, {"2.25.1002", "2.25.1001"});
        row("name words must be whole between", "doe ohn", "", "", "", "", {}, {});
        row("name with a wildcard inside", "s*th", "", "", "", "", {"PID002"}, {"2.25.2002", "2.25.2001"});
        row("underscore matches only itself", "e_k", "", "", "", "", {"PID_003"}, {"2.25.3001"});
        row("underscore is not a wildcard", "doe_", "", "", "", "", {}, {});
        row("backslash is literal", "doe\\", "", "", "", "", {}, {});
        row("underscore is literal", "LEE_KIM*", "", "", "", "", {"PID_003"}, {"2.25.3001"});
        row("percent is literal", "LEE%", "", "", "", "", {}, {});
        row("bracket is literal", "[L]*", "", "", "", "", {}, {});
        row("id pid00?", "", "pid00?", "", "", "", {"PID001", "PID002"},
            {"2.25.2002", "2.25.1002", "2.25.1001", "2.25.2001"});
        row("id part, any case", "", "d_0", "", "", "", {"PID_003"}, {"2.25.3001"});
        row("id percent is literal", "", "pid%", "", "", "", {}, {});
        row("dates 2024", "", "", "20240101", "20241231", "", {"PID001", "PID_003"},
            {"2.25.1002", "2.25.3001", "2.25.1001"});
        row("dates inclusive, with dashes", "", "", "2024-01-10", "2024-03-01", "", {"PID001", "PID_003"},
            {"2.25.3001", "2.25.1001"});
        row("until 2023", "", "", "", "20231231", "", {"PID002"}, {"2.25.2001"});
        row("modality ct", "", "", "", "", "ct", {"PID002"}, {"2.25.2002"});
        row("modality CR or CT", "", "", "", "", "CR\\CT", {"PID001", "PID002"},
            {"2.25.2002", "2.25.1001", "2.25.2001"});
        row("name and modality", "smith*", "", "", "", "CR", {"PID002"}, {"2.25.2001"});
    }

    void filters()
    {
        QFETCH(QString, name);
        QFETCH(QString, id);
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, modality);
        QFETCH(QStringList, patients);
        QFETCH(QStringList, studies);
        StudyIndex* shared = m_filterIndex.get();
        const StudyFilter filter{name, id, from, to, modality};
        const auto matchingPatients = shared->patients(filter);
        QCOMPARE(patientIds(matchingPatients), patients);
        QCOMPARE(studyUids(shared->studies(QString(), filter)), studies);
        // Per patient, the studies shown under it are those that match, and studyCount says how many.
        int total = 0;
        for (const auto& patient : matchingPatients) {
            const auto own = shared->studies(patient.key, filter);
            QCOMPARE(int(own.size()), patient.studyCount);
            total += patient.studyCount;
        }
        QCOMPARE(total, int(studies.size()));
    }

    void reindex_readsNothing_whenNothingChanged()
    {
        const QString path = scratch(QStringLiteral("index"));
        StudyIndex studyIndex(path);
        studyIndex.indexFolders({m_corpus.root});
        const IndexReport again = studyIndex.indexFolders({m_corpus.root});
        QCOMPARE(again.filesSeen, kFiles);
        QCOMPARE(again.indexed, 0);
        QCOMPARE(again.unchanged, kImages + kDocuments);
        QCOMPARE(again.skipped, kNotImages);  // remembered, not read again, still listed
        QCOMPARE(int(again.skippedFiles.size()), kNotImages);
        QCOMPARE(again.removed, 0);
        QCOMPARE(again.instances, kImages);

        // Another connection (as the UI's) sees the same, and indexing again there reads nothing too.
        StudyIndex second(path);
        QCOMPARE(int(second.patients().size()), kPatients);
        QCOMPARE(second.indexFolders({m_corpus.root}).unchanged, kImages + kDocuments);
    }

    void unchangedSizeAndTime_meansNotRead_evenIfTheBytesDiffer()
    {
        const Corpus corpus = writeCorpus(scratch(QStringLiteral("corpus")));
        StudyIndex studyIndex(scratch(QStringLiteral("index")));
        studyIndex.indexFolders({corpus.root});
        // Garbage of the same size and the same time: a reader would skip it, the index must not look.
        const QString victim = corpus.images.first();
        const QDateTime modified = QFileInfo(victim).lastModified();
        const qint64 size = QFileInfo(victim).size();
        {
            QFile file(victim);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray(int(size), 'x'));
            file.close();
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.setFileTime(modified, QFileDevice::FileModificationTime));
        }
        const IndexReport again = studyIndex.indexFolders({corpus.root});
        QCOMPARE(again.indexed, 0);
        QCOMPARE(again.unchanged, kImages + kDocuments);
        QCOMPARE(again.skipped, kNotImages);
    }

    void changedFile_isReadAgain_andMovesToItsNewSeries()
    {
        const Corpus corpus = writeCorpus(scratch(QStringLiteral("corpus")));
        StudyIndex studyIndex(scratch(QStringLiteral("index")));
        studyIndex.indexFolders({corpus.root});

        // A bigger image in a new series of the same study.
        const QString changed = corpus.imagesOfSeries.value(QStringLiteral("2.25.1001.1")).first();
        SeriesPlan plan = kPlan[0];
        plan.seriesUid = "2.25.1001.9";
        writeImage(changed, plan, 32);
        touchLater(changed);
        const IndexReport again = studyIndex.indexFolders({corpus.root});
        QCOMPARE(again.indexed, 1);
        QCOMPARE(again.unchanged, kImages - 1 + kDocuments);
        QCOMPARE(again.series, kSeries + 1);
        QCOMPARE(again.instances, kImages);
        QCOMPARE(int(studyIndex.instances(QStringLiteral("2.25.1001.1")).size()), 2);
        const auto moved = studyIndex.instances(QStringLiteral("2.25.1001.9"));
        QCOMPARE(int(moved.size()), 1);
        QCOMPARE(moved[0].filePath, changed);
        QCOMPARE(moved[0].rows, 32);

        // An image that turns into garbage leaves the index and is listed as skipped.
        const QString broken = corpus.imagesOfSeries.value(QStringLiteral("2.25.2001.1")).first();
        {
            QFile file(broken);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("no longer an image");
        }
        touchLater(broken);
        const IndexReport third = studyIndex.indexFolders({corpus.root});
        QCOMPARE(third.indexed, 0);
        QCOMPARE(third.skipped, kNotImages + 1);
        QCOMPARE(third.removed, 0);
        QCOMPARE(third.instances, kImages - 1);

        // And a skipped file that becomes an image is indexed.
        writeImage(corpus.textFile, kPlan[3]);
        touchLater(corpus.textFile);
        const IndexReport fourth = studyIndex.indexFolders({corpus.root});
        QCOMPARE(fourth.indexed, 1);
        QCOMPARE(fourth.skipped, kNotImages);
        QCOMPARE(fourth.instances, kImages);
    }

    void deletedFiles_areRemoved_andEmptiedParentsDisappear()
    {
        const Corpus corpus = writeCorpus(scratch(QStringLiteral("corpus")));
        StudyIndex studyIndex(scratch(QStringLiteral("index")));
        studyIndex.indexFolders({corpus.root});

        // One image of a series that keeps others: only the instance goes.
        QVERIFY(QFile::remove(corpus.imagesOfSeries.value(QStringLiteral("2.25.1002.1")).first()));
        IndexReport report = studyIndex.indexFolders({corpus.root});
        QCOMPARE(report.removed, 1);
        QCOMPARE(report.instances, kImages - 1);
        QCOMPARE(report.series, kSeries);

        // The CT series: its study keeps the DX series.
        for (const QString& file : corpus.imagesOfSeries.value(QStringLiteral("2.25.2002.2")))
            QVERIFY(QFile::remove(file));
        report = studyIndex.indexFolders({corpus.root});
        QCOMPARE(report.removed, 3);
        QCOMPARE(report.series, kSeries - 1);
        QCOMPARE(report.studies, kStudies);
        QCOMPARE(studyIndex.studies(QString(), StudyFilter{{}, {}, {}, {}, QStringLiteral("CT")}).size(), size_t(0));

        // Patient 3's only series, via its whole folder: series, study and patient go.
        QVERIFY(QDir(QDir(corpus.root).filePath(QStringLiteral("lee"))).removeRecursively());
        report = studyIndex.indexFolders({corpus.root});
        QCOMPARE(report.removed, 3);
        QCOMPARE(report.patients, kPatients - 1);
        QCOMPARE(report.studies, kStudies - 1);
        QCOMPARE(report.series, kSeries - 2);
        QCOMPARE(report.instances, kImages - 7);
        QCOMPARE(patientIds(studyIndex.patients()), (QStringList{"PID001", "PID002"}));
        QVERIFY(studyIndex.series(QStringLiteral("2.25.3001")).empty());
    }

    void indexingASubfolder_doesNotForgetTheRest()
    {
        const Corpus corpus = writeCorpus(scratch(QStringLiteral("corpus")));
        StudyIndex studyIndex(scratch(QStringLiteral("index")));
        studyIndex.indexFolders({corpus.root});
        const IndexReport report = studyIndex.indexFolders({QDir(corpus.root).filePath(QStringLiteral("smith"))});
        QCOMPARE(report.filesSeen, 8 + 1);  // 8 images and the truncated file
        QCOMPARE(report.unchanged, 8);
        QCOMPARE(report.removed, 0);
        QCOMPARE(report.instances, kImages);

        // A folder that is not there (an unmounted drive) loses nothing and says so.
        const IndexReport missing = studyIndex.indexFolders({QDir(corpus.root).filePath(QStringLiteral("gone"))});
        QCOMPARE(missing.removed, 0);
        QCOMPARE(missing.instances, kImages);
        QCOMPARE(int(missing.skippedFiles.size()), 1);
        QCOMPARE(missing.skippedFiles[0].reason, QStringLiteral("no such folder"));
    }

    void sameSopAtTwoPaths_isOneImage_untilTheLastCopyGoes()
    {
        const Corpus corpus = writeCorpus(scratch(QStringLiteral("corpus")));
        const QString seriesUid = QStringLiteral("2.25.1001.1");
        const QStringList originals = corpus.imagesOfSeries.value(seriesUid);
        QVERIFY(!originals.isEmpty());
        const QString copy = QDir(corpus.root).filePath(QStringLiteral("zz-copy/again.dcm"));
        QVERIFY(QDir().mkpath(QFileInfo(copy).absolutePath()));
        QVERIFY(QFile::copy(originals.first(), copy));

        StudyIndex studyIndex(scratch(QStringLiteral("index")));
        const IndexReport report = studyIndex.indexFolders({corpus.root});
        QCOMPARE(report.indexed, kImages + 1 + kDocuments);  // both files were read ...
        QCOMPARE(report.instances, kImages);                 // ... and are one image
        const auto series = studyIndex.series(QStringLiteral("2.25.1001"));
        for (const auto& record : series)
            QCOMPARE(record.instanceCount, int(corpus.imagesOfSeries.value(record.seriesInstanceUid).size()));
        const auto studies = studyIndex.studies({});
        const auto january = std::find_if(studies.begin(), studies.end(), [](const index::StudyRecord& study) {
            return study.studyInstanceUid == QLatin1String("2.25.1001");
        });
        QVERIFY(january != studies.end());
        QCOMPARE(january->instanceCount, 5);
        const auto pathsOf = [&](const QStringList& preferredRoots) {
            QStringList paths;
            for (const auto& instance : studyIndex.instances(seriesUid, preferredRoots)) paths << instance.filePath;
            return paths;
        };
        QSet<QString> sops;
        for (const auto& instance : studyIndex.instances(seriesUid)) sops << instance.sopInstanceUid;
        QCOMPARE(sops.size(), originals.size());
        const QString first = std::min(originals.first(), copy);
        const QString second = std::max(originals.first(), copy);
        QCOMPARE(pathsOf({}).size(), originals.size());
        QVERIFY(pathsOf({}).contains(first));  // no preference: the first path in path order
        // What the reader opened wins: the copy under it is the one paged through.
        QVERIFY(pathsOf({QFileInfo(copy).absolutePath()}).contains(copy));
        QVERIFY(!pathsOf({QFileInfo(copy).absolutePath()}).contains(originals.first()));
        QVERIFY(pathsOf({originals.first()}).contains(originals.first()));

        // A copy gone from disk but still in the index (its folder not scanned since) is passed
        // over while another copy exists, even when preferred.
        QVERIFY(QFile::remove(first));
        QVERIFY(pathsOf({}).contains(second));
        QVERIFY(pathsOf({QFileInfo(first).absolutePath()}).contains(second));
        // Scanned again: the image stays, from the other path.
        studyIndex.indexFolders({corpus.root});
        QCOMPARE(pathsOf({}).size(), originals.size());
        QVERIFY(pathsOf({}).contains(second));
    }

    void imagesWithoutSopInstanceUid_areEachTheirOwnImage()
    {
        // Files some anonymisers leave without (0008,0018): not copies of one another.
        const QString folder = scratch(QStringLiteral("no-sop"));
        const SeriesPlan plan{"PNOSOP", "NOSOP^ONE", "2.25.7001", "20240301", "2.25.7001.1", "DX", 3, ""};
        for (int i = 1; i <= 3; ++i) {
            const QString file = folder + QStringLiteral("/img%1.dcm").arg(i);
            writeImage(file, plan);
            QProcess modify;
            modify.start(QStringLiteral("dcmodify"),
                         {QStringLiteral("-nb"), QStringLiteral("-ea"), QStringLiteral("(0008,0018)"), file});
            QVERIFY(modify.waitForFinished(30000));
            QVERIFY2(modify.exitCode() == 0, modify.readAllStandardError().constData());
        }
        StudyIndex studyIndex(scratch(QStringLiteral("index")));
        const IndexReport report = studyIndex.indexFolders({folder});
        QCOMPARE(report.instances, 3);
        const auto instances = studyIndex.instances(QString::fromLatin1(plan.seriesUid));
        QCOMPARE(int(instances.size()), 3);
        for (const auto& instance : instances) QVERIFY(instance.sopInstanceUid.isEmpty());
        QCOMPARE(studyIndex.series(QString::fromLatin1(plan.studyUid)).front().instanceCount, 3);
    }

    // The priors to read a study against: the same Patient ID only (a quote or '%' in it is text, not
    // SQL), earlier dates only, newest first; undated studies and the study itself are left out.
    void earlierStudies_areTheSamePatientsOlderStudies_newestFirst()
    {
        const QString root = scratch(QStringLiteral("priors"));
        const SeriesPlan plans[] = {
            {"O'PRIOR%", "PRIOR^ONE", "1.2.9.700.4", "20240301", "1.2.9.700.4.1", "DX", 1, "a"},
            {"O'PRIOR%", "PRIOR^ONE", "1.2.9.700.3", "20230401", "1.2.9.700.3.1", "DX", 2, "a"},
            {"O'PRIOR%", "PRIOR^ONE", "1.2.9.700.2", "20220501", "1.2.9.700.2.1", "CR", 1, "a"},
            {"O'PRIOR%", "PRIOR^ONE", "1.2.9.700.9", "", "1.2.9.700.9.1", "DX", 1, "a"},
            {"O'PRIOR%", "PRIOR^ONE", "1.2.9.700.5", "20250101", "1.2.9.700.5.1", "DX", 1, "a"},
            {"O'PRIORX", "PRIOR^OTHER", "1.2.9.701.1", "20231201", "1.2.9.701.1.1", "DX", 1, "b"},
        };
        int n = 0;
        for (const SeriesPlan& plan : plans)
            for (int i = 0; i < plan.images; ++i)
                writeImage(QDir(root).filePath(QStringLiteral("%1/%2.dcm").arg(QLatin1String(plan.folder)).arg(++n)),
                           plan);
        StudyIndex studyIndex(scratch(QStringLiteral("index")));
        QCOMPARE(studyIndex.indexFolders({root}).instances, 7);

        QStringList found;
        for (const index::StudyRecord& study : studyIndex.earlierStudies(
                 QStringLiteral("O'PRIOR%"), QStringLiteral("20240301"), QStringLiteral("1.2.9.700.4")))
            found << study.studyInstanceUid + QLatin1Char('@') + study.studyDate;
        QCOMPARE(found, (QStringList{QStringLiteral("1.2.9.700.3@20230401"), QStringLiteral("1.2.9.700.2@20220501")}));
        const auto priors = studyIndex.earlierStudies(QStringLiteral("O'PRIOR%"), QStringLiteral("20240301"));
        QCOMPARE(priors.size(), size_t(2));
        QCOMPARE(priors[0].instanceCount, 2);
        QCOMPARE(priors[1].modalities, QStringLiteral("CR"));
        // The oldest study has none; nor has an empty ID or date; another patient's ID is not a pattern.
        QVERIFY(studyIndex.earlierStudies(QStringLiteral("O'PRIOR%"), QStringLiteral("20220501")).empty());
        QVERIFY(studyIndex.earlierStudies(QString(), QStringLiteral("20240301")).empty());
        QVERIFY(studyIndex.earlierStudies(QStringLiteral("O'PRIOR%"), QString()).empty());
        QVERIFY(studyIndex.earlierStudies(QStringLiteral("O'PRIOR_"), QStringLiteral("20991231")).empty());
        QCOMPARE(studyIndex.earlierStudies(QStringLiteral("O'PRIORX"), QStringLiteral("20991231")).size(), size_t(1));
    }

    void indexFiles_takesSingleFiles()
    {
        StudyIndex studyIndex(scratch(QStringLiteral("index")));
        const QStringList some{m_corpus.images[0], m_corpus.images[5], m_corpus.textFile,
                               QDir(m_corpus.root).filePath(QStringLiteral("missing.dcm"))};
        const IndexReport report = studyIndex.indexFiles(some);
        QCOMPARE(report.filesSeen, 4);
        QCOMPARE(report.indexed, 2);
        QCOMPARE(report.skipped, 2);
        QCOMPARE(report.instances, 2);
        QCOMPARE(studyIndex.indexFiles(some).unchanged, 2);
        // Indexing the folder afterwards reads only the other files.
        const IndexReport folder = studyIndex.indexFolders({m_corpus.root});
        QCOMPARE(folder.indexed, kImages - 2 + kDocuments);
        QCOMPARE(folder.unchanged, 2);
    }

    void progress_countsUpToTheTotal_andCancelKeepsWhatWasRead()
    {
        // More files than one transaction's batch (200): a cancel seen in the first batch must stop
        // the run before the next one, however the reader threads are scheduled.
        constexpr int kMany = 450;
        const QString root = scratch(QStringLiteral("many"));
        for (int i = 0; i < kMany; ++i) {
            SeriesPlan plan = kPlan[i % 7];
            writeImage(QDir(root).filePath(QStringLiteral("IM%1").arg(i, 4, 10, QLatin1Char('0'))), plan, 4);
        }
        StudyIndex studyIndex(scratch(QStringLiteral("index")));
        std::atomic_bool cancel{false};
        int lastDone = -1;
        bool monotonic = true;
        const IndexReport cancelled = studyIndex.indexFolders(
            {root},
            [&](int done, int total, const QString&) {
                if (total == 0) return;  // still listing
                monotonic = monotonic && done >= lastDone && total == kMany;
                lastDone = done;
                if (done >= 5) cancel = true;
            },
            &cancel);
        QVERIFY(monotonic);
        QVERIFY(cancelled.cancelled);
        QVERIFY2(cancelled.filesSeen >= 5 && cancelled.filesSeen <= 200,
                 qPrintable(QString::number(cancelled.filesSeen)));
        QCOMPARE(cancelled.indexed, cancelled.filesSeen);
        QCOMPARE(cancelled.instances, cancelled.indexed);

        // What was read is kept; the next run reads the rest, and progress ends at the total.
        cancel = false;
        lastDone = -1;
        int lastTotal = -1;
        const IndexReport rest = studyIndex.indexFolders({root}, [&](int done, int total, const QString&) {
            lastDone = done;
            lastTotal = total;
        });
        QVERIFY(!rest.cancelled);
        QCOMPARE(rest.unchanged, cancelled.indexed);
        QCOMPARE(rest.indexed, kMany - cancelled.indexed);
        QCOMPARE(rest.instances, kMany);
        QCOMPARE(lastDone, kMany);
        QCOMPARE(lastTotal, kMany);

        // Cancelled before it starts: nothing is forgotten, even what is gone.
        QVERIFY(QFile::remove(QDir(root).filePath(QStringLiteral("IM0000"))));
        cancel = true;
        const IndexReport none = studyIndex.indexFolders({root}, {}, &cancel);
        QVERIFY(none.cancelled);
        QCOMPARE(none.removed, 0);
        QCOMPARE(none.instances, kMany);
    }

    void aiResults_reportIsADocumentOfItsStudy_aboutTheRadiograph_andTheHeatmapIsFlagged()
    {
        const test::AiStudy study = test::writeAiStudy(scratch(QStringLiteral("ai-study")));
        StudyIndex studyIndex(scratch(QStringLiteral("index")));
        const IndexReport report = studyIndex.indexFolders({QFileInfo(study.radiograph).absolutePath()});
        QCOMPARE(report.filesSeen, 4);
        QCOMPARE(report.skipped, 0);  // no report is "another file" any more
        QCOMPARE(report.indexed, 4);
        QCOMPARE(report.documentsIndexed, 2);
        QCOMPARE(report.documents, 2);
        QCOMPARE(report.instances, 2);  // the radiograph and the heatmap capture (viewable)

        // The study counts its radiograph only, and knows its documents.
        const auto studies = studyIndex.studies(QString());
        QCOMPARE(int(studies.size()), 1);
        QCOMPARE(studies[0].studyInstanceUid, study.studyUid);
        QCOMPARE(studies[0].instanceCount, 1);
        QCOMPARE(studies[0].documentCount, 2);
        QCOMPARE(studies[0].seriesCount, 2);

        const auto documents = studyIndex.documents(study.studyUid);
        QCOMPARE(int(documents.size()), 2);
        const index::DocumentRecord& pulmo = documents[0];  // series 901 before 903
        QCOMPARE(pulmo.filePath, QFileInfo(study.pulmoReport).canonicalFilePath());
        QCOMPARE(pulmo.studyInstanceUid, study.studyUid);
        QCOMPARE(pulmo.seriesInstanceUid, study.pulmoReportSeries);
        QCOMPARE(pulmo.sopInstanceUid, study.pulmoReportSop);
        QCOMPARE(pulmo.sopClassUid, QStringLiteral("1.2.840.10008.5.1.4.1.1.88.34"));
        QCOMPARE(pulmo.modality, QStringLiteral("SR"));
        QCOMPARE(pulmo.seriesNumber, QStringLiteral("901"));
        QCOMPARE(pulmo.seriesDescription, QStringLiteral("Pulmo AI result"));
        QCOMPARE(pulmo.manufacturer, QStringLiteral("Pulmo"));
        QCOMPARE(pulmo.contentDate, QStringLiteral("20260301"));
        QCOMPARE(pulmo.contentTime, QStringLiteral("101500"));
        QCOMPARE(pulmo.referencedSopInstanceUids, QStringList{study.radiographSop});
        QVERIFY(pulmo.isPulmoReport());
        const index::DocumentRecord& other = documents[1];
        QCOMPARE(other.sopInstanceUid, study.otherReportSop);
        QCOMPARE(other.sopClassUid, QStringLiteral("1.2.840.10008.5.1.4.1.1.88.11"));
        QVERIFY(other.isStructuredReport());
        QVERIFY(!other.isPulmoReport());

        // Which reports are about this image: both; about the heatmap or an unknown UID: none.
        QStringList about;
        for (const auto& document : studyIndex.documentsAbout(study.radiographSop)) about << document.sopInstanceUid;
        about.sort();
        QStringList expected{study.pulmoReportSop, study.otherReportSop};
        expected.sort();
        QCOMPARE(about, expected);
        QVERIFY(studyIndex.documentsAbout(study.heatmapSop).empty());
        QVERIFY(studyIndex.documentsAbout(QStringLiteral("2.25.404")).empty());
        const auto location = studyIndex.imageLocation(study.radiographSop);
        QVERIFY(location.has_value());
        QCOMPARE(location->seriesInstanceUid, study.radiographSeries);
        QCOMPARE(location->filePath, QFileInfo(study.radiograph).canonicalFilePath());
        QVERIFY(!studyIndex.imageLocation(study.pulmoReportSop));  // a document is not an image

        // The heatmap capture: an image of its own series, flagged; the radiograph is not.
        const auto flags = [&studyIndex](const QString& series) {
            QList<bool> result;
            for (const auto& instance : studyIndex.instances(series)) result << instance.aiResultCapture;
            return result;
        };
        QCOMPARE(flags(study.heatmapSeries), QList<bool>{true});
        QCOMPARE(flags(study.radiographSeries), QList<bool>{false});
        for (const auto& series : studyIndex.series(study.studyUid))
            QCOMPARE(series.isAiResultCaptureSeries(), series.seriesInstanceUid == study.heatmapSeries);
        for (const auto& location : studyIndex.instanceLocations())
            QCOMPARE(location.aiResultCapture, location.sopInstanceUid == study.heatmapSop);

        // Indexing again reads nothing and keeps it all.
        const IndexReport again = studyIndex.indexFolders({QFileInfo(study.radiograph).absolutePath()});
        QCOMPARE(again.indexed, 0);
        QCOMPARE(again.unchanged, 4);
        QCOMPARE(again.documents, 2);
        QCOMPARE(flags(study.heatmapSeries), QList<bool>{true});
        QCOMPARE(int(studyIndex.documentsAbout(study.radiographSop).size()), 2);

        // A report deleted leaves the index with what it referenced; one turned to garbage is skipped.
        QVERIFY(QFile::remove(study.otherReport));
        {
            QFile file(study.pulmoReport);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("not a report any more");
        }
        touchLater(study.pulmoReport);
        const IndexReport third = studyIndex.indexFolders({QFileInfo(study.radiograph).absolutePath()});
        QCOMPARE(third.removed, 1);
        QCOMPARE(third.skipped, 1);
        QCOMPARE(third.documents, 0);
        QVERIFY(studyIndex.documents(study.studyUid).empty());
        QVERIFY(studyIndex.documentsAbout(study.radiographSop).empty());
        QCOMPARE(studyIndex.studies(QString()).at(0).documentCount, 0);
    }

    void reportBeforeItsImages_waitsForThem_asADocumentOfItsStudy()
    {
        // A PACS may send the SR first: it is kept, and the study is listed once its image comes.
        const test::AiStudy study = test::writeAiStudy(scratch(QStringLiteral("ai-study")));
        StudyIndex studyIndex(scratch(QStringLiteral("index")));
        const IndexReport report = studyIndex.indexFiles({study.pulmoReport});
        QCOMPARE(report.documents, 1);
        QCOMPARE(report.studies, 0);
        QCOMPARE(int(studyIndex.documents(study.studyUid).size()), 1);
        QCOMPARE(studyIndex.studiesWithDocuments(), QStringList{study.studyUid});
        studyIndex.indexFiles({study.radiograph});
        const auto studies = studyIndex.studies(QString());
        QCOMPARE(int(studies.size()), 1);
        QCOMPARE(studies[0].documentCount, 1);
        QCOMPARE(int(studyIndex.documentsAbout(study.radiographSop).size()), 1);
    }

    void readImageInfo_knowsPulmosHeatmapCapture_byManufacturerConversionAndImageType()
    {
        const test::AiStudy study = test::writeAiStudy(scratch(QStringLiteral("ai-study")));
        const dicom::ImageInfo heatmap = dicom::readImageInfo(QFile::encodeName(study.heatmap).toStdString());
        QCOMPARE(QString::fromStdString(heatmap.imageType), QStringLiteral("DERIVED\\SECONDARY"));
        QCOMPARE(QString::fromStdString(heatmap.conversionType), QStringLiteral("WSD"));
        QCOMPARE(QString::fromStdString(heatmap.burnedInAnnotation), QStringLiteral("YES"));
        QVERIFY(heatmap.isAiResultCapture());
        QVERIFY(!dicom::readImageInfo(QFile::encodeName(study.radiograph).toStdString()).isAiResultCapture());
        // Each of the three is needed: another maker's capture, a scanned film, a primary image.
        dicom::ImageInfo other = heatmap;
        other.manufacturer = "ACME";
        QVERIFY(!other.isAiResultCapture());
        other.contributingManufacturer = "Pulmo";  // Pulmo named as contributing equipment: Pulmo's
        QVERIFY(other.isAiResultCapture());
        dicom::ImageInfo film = heatmap;
        film.conversionType = "DF";
        QVERIFY(!film.isAiResultCapture());
        dicom::ImageInfo primary = heatmap;
        primary.imageType = "DERIVED\\PRIMARY\\SECONDARYX";
        QVERIFY(!primary.isAiResultCapture());
        const dicom::ImageInfo report = dicom::readImageInfo(QFile::encodeName(study.pulmoReport).toStdString());
        QVERIFY(!report.hasPixelData);
        QCOMPARE(int(report.evidenceSopInstanceUids.size()), 1);
        QCOMPARE(QString::fromStdString(report.evidenceSopInstanceUids[0]), study.radiographSop);
    }

    void dicomDir_staysAnotherFile_notADocument()
    {
        // A DICOMDIR (DCMTK's dcmmkdir over one image) has no pixels either, but names no study.
        const QString media = scratch(QStringLiteral("media"));
        QVERIFY(QDir().mkpath(media + QStringLiteral("/DATA")));
        writeImage(media + QStringLiteral("/DATA/IMG1"), kPlan[0]);
        const Run made = run(QStringLiteral("dcmmkdir"), {QStringLiteral("+I"), QStringLiteral("+r"),
                                                          QStringLiteral("+D"), media + QStringLiteral("/DICOMDIR"),
                                                          QStringLiteral("+id"), media, QStringLiteral("DATA")});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        StudyIndex studyIndex(scratch(QStringLiteral("index")));
        const IndexReport report = studyIndex.indexFolders({media});
        QCOMPARE(report.instances, 1);
        QCOMPARE(report.documents, 0);
        QCOMPARE(report.skipped, 1);
        QCOMPARE(QFileInfo(report.skippedFiles.at(0).filePath).fileName(), QStringLiteral("DICOMDIR"));
    }

    void schemaVersion4_isRebuilt_andThenHoldsDocuments()
    {
        // An index written by the build before documents: version 4, no documents table, no flag.
        const QString path = scratch(QStringLiteral("index"));
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db,
                              "CREATE TABLE instances (file_path TEXT PRIMARY KEY, series_uid TEXT NOT NULL, "
                              "sop_uid TEXT NOT NULL); PRAGMA user_version=4",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        const test::AiStudy study = test::writeAiStudy(scratch(QStringLiteral("ai-study")));
        StudyIndex studyIndex(path);
        const IndexReport report = studyIndex.indexFolders({QFileInfo(study.radiograph).absolutePath()});
        QCOMPARE(report.documents, 2);
        QCOMPARE(report.instances, 2);
        QCOMPARE(int(studyIndex.documentsAbout(study.radiographSop).size()), 2);
        QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &db), SQLITE_OK);
        sqlite3_stmt* version = nullptr;
        QCOMPARE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &version, nullptr), SQLITE_OK);
        QCOMPARE(sqlite3_step(version), SQLITE_ROW);
        QCOMPARE(sqlite3_column_int(version, 0), 5);
        sqlite3_finalize(version);
        sqlite3_close(db);
    }

    void cli_listsDocumentsPerStudy()
    {
        const test::AiStudy study = test::writeAiStudy(scratch(QStringLiteral("ai-study")));
        const Run result =
            run(QStringLiteral(PULMO_CLI_PATH),
                {QStringLiteral("index"), QFileInfo(study.radiograph).absolutePath(), QStringLiteral("--db"),
                 scratch(QStringLiteral("cli.sqlite")), QStringLiteral("--json")});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject counts = QJsonDocument::fromJson(result.out).object();
        QCOMPARE(counts.value("instances").toInt(), 2);
        QCOMPARE(counts.value("documents").toInt(), 2);
        QCOMPARE(counts.value("skipped").toInt(), 0);
        const QJsonArray studies = counts.value("studies_with_documents").toArray();
        QCOMPARE(studies.size(), 1);
        const QJsonObject first = studies.at(0).toObject();
        QCOMPARE(first.value("study_instance_uid").toString(), study.studyUid);
        QCOMPARE(first.value("images").toInt(), 1);
        QCOMPARE(first.value("documents").toInt(), 2);
        QCOMPARE(first.value("pulmo_reports").toInt(), 1);
        const QJsonArray list = first.value("document_list").toArray();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0).toObject().value("sop_instance_uid").toString(), study.pulmoReportSop);
        QVERIFY(list.at(0).toObject().value("pulmo_report").toBool());
        QCOMPARE(list.at(0).toObject().value("references").toArray().at(0).toString(), study.radiographSop);
    }

    void damagedDatabase_isRebuilt_data()
    {
        QTest::addColumn<qint64>("offset");
        QTest::newRow("garbage over the whole file") << qint64(0);
        QTest::newRow("garbage after the header page") << qint64(4096);
    }

    void damagedDatabase_isRebuilt()
    {
        QFETCH(qint64, offset);
        const QString path = scratch(QStringLiteral("index"));
        {
            StudyIndex studyIndex(path);
            QCOMPARE(studyIndex.indexFolders({m_corpus.root}).instances, kImages);
        }
        QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));  // checkpointed on close
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            const qint64 size = file.size();
            QVERIFY(size > offset + 4096);
            QVERIFY(file.seek(offset));
            QByteArray garbage;
            for (qint64 i = offset; i < size; ++i) garbage += char(i * 7 + 13);
            file.write(garbage);
        }
        StudyIndex rebuilt(path);
        QVERIFY(rebuilt.patients().empty());
        const IndexReport report = rebuilt.indexFolders({m_corpus.root});
        QCOMPARE(report.indexed, kImages + kDocuments);
        QCOMPARE(report.patients, kPatients);
    }

    void otherSchemaVersion_isDroppedAndRebuilt()
    {
        const QString path = scratch(QStringLiteral("index"));
        {
            StudyIndex studyIndex(path);
            studyIndex.indexFolders({m_corpus.root});
        }
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &db), SQLITE_OK);
        QCOMPARE(
            sqlite3_exec(db, "PRAGMA user_version=99; CREATE TABLE from_the_future (x)", nullptr, nullptr, nullptr),
            SQLITE_OK);
        sqlite3_close(db);
        StudyIndex rebuilt(path);
        QVERIFY(rebuilt.patients().empty());
        QCOMPARE(rebuilt.indexFolders({m_corpus.root}).indexed, kImages + kDocuments);
    }

    void unopenableDatabase_throwsNamingTheFile()
    {
        const QString path = m_work.filePath(QStringLiteral("a-folder"));
        QVERIFY(QDir().mkpath(path));
        try {
            StudyIndex studyIndex(path);
            QFAIL("a folder opened as a database");
        } catch (const std::runtime_error& error) {
            QVERIFY2(QString::fromUtf8(error.what()).contains(path), error.what());
        }
        QVERIFY(QFileInfo(path).isDir());  // and it was not deleted as "damaged"
    }

    void cli_printsCountsAsJson_andSkippedFilesOnStderr()
    {
        const QString database = scratch(QStringLiteral("cli.sqlite"));
        const Run first =
            run(QStringLiteral(PULMO_CLI_PATH),
                {QStringLiteral("index"), m_corpus.root, QStringLiteral("--db"), database, QStringLiteral("--json")});
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(first.out.count('\n'), 1);
        const QJsonObject counts = QJsonDocument::fromJson(first.out).object();
        QCOMPARE(counts.value("files_seen").toInt(), kFiles);
        QCOMPARE(counts.value("indexed").toInt(), kImages + kDocuments);
        QCOMPARE(counts.value("documents").toInt(), kDocuments);
        QCOMPARE(counts.value("documents_indexed").toInt(), kDocuments);
        QCOMPARE(counts.value("unchanged").toInt(), 0);
        QCOMPARE(counts.value("removed").toInt(), 0);
        QCOMPARE(counts.value("skipped").toInt(), kNotImages);
        QCOMPARE(counts.value("patients").toInt(), kPatients);
        QCOMPARE(counts.value("studies").toInt(), kStudies);
        QCOMPARE(counts.value("series").toInt(), kSeries);
        QCOMPARE(counts.value("instances").toInt(), kImages);
        QVERIFY(counts.value("seconds").toDouble() > 0.0);
        QCOMPARE(counts.value("database").toString(), QFileInfo(database).absoluteFilePath());

        const QList<QByteArray> lines = first.err.trimmed().split('\n');
        QCOMPARE(lines.size(), kNotImages);
        QStringList named;
        for (const QByteArray& line : lines) {
            QVERIFY2(line.startsWith("pulmo-cli index: "), line.constData());
            named << QString::fromUtf8(line.mid(17)).section(QStringLiteral(": "), 0, 0);
        }
        named.sort();
        QStringList expected{m_corpus.textFile, m_corpus.truncatedFile};
        expected.sort();
        QCOMPARE(named, expected);

        const Run second = run(QStringLiteral(PULMO_CLI_PATH),
                               {QStringLiteral("index"), m_corpus.root, QStringLiteral("--db"), database});
        QCOMPARE(second.exitCode, 0);
        QVERIFY2(second.out.contains("unchanged    21\n"), second.out.constData());
        QVERIFY2(second.out.contains("instances    20\n"), second.out.constData());
        QVERIFY2(second.out.contains("documents    1\n"), second.out.constData());
        QVERIFY2(second.out.contains("study 2.25.9001: 0 image(s), 1 document(s), 0 Pulmo report(s)\n"),
                 second.out.constData());
    }

    void cli_exitsWithFailure_whenTheDatabaseCannotBeOpened_orAFolderIsMissing()
    {
        const QString folder = m_work.filePath(QStringLiteral("db-is-a-folder"));
        QVERIFY(QDir().mkpath(folder));
        const Run unopenable = run(QStringLiteral(PULMO_CLI_PATH),
                                   {QStringLiteral("index"), m_corpus.root, QStringLiteral("--db"), folder});
        QCOMPARE(unopenable.exitCode, 1);
        QCOMPARE(unopenable.err.count('\n'), 1);
        QVERIFY2(unopenable.err.startsWith("pulmo-cli index: "), unopenable.err.constData());

        const Run missing =
            run(QStringLiteral(PULMO_CLI_PATH), {QStringLiteral("index"), m_work.filePath(QStringLiteral("nowhere")),
                                                 QStringLiteral("--db"), scratch(QStringLiteral("cli.sqlite"))});
        QCOMPARE(missing.exitCode, 1);
        QCOMPARE(missing.err.count('\n'), 1);

        QCOMPARE(run(QStringLiteral(PULMO_CLI_PATH), {QStringLiteral("index")}).exitCode, 2);
    }

    // The names the index stores for pydicom's character-set corpus, one index per file (two pairs
    // of its files share their SOP Instance UIDs, and one image is one UID). The three files without
    // Pixel Data get a copy with zero pixels added by dcmodify, raw bytes of every other element
    // unchanged, since the index holds images only.
    void charsetCorpus_patientNamesAgreeWithPydicom_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files = test::charsetCorpusFiles();
        QVERIFY2(files.size() >= 15, qPrintable(test::charsetCorpusFolder()));
        for (const QString& file : files) QTest::newRow(qPrintable(QFileInfo(file).fileName())) << file;
    }

    void charsetCorpus_patientNamesAgreeWithPydicom()
    {
        QFETCH(QString, file);
        const test::PydicomReading expected = test::pydicomReading(file);
        QVERIFY2(expected.reported, qPrintable(expected.error));
        const QString folder = scratch(QStringLiteral("charset"));
        QVERIFY(QDir().mkpath(folder));
        const QString copy = QDir(folder).filePath(QFileInfo(file).fileName());
        QVERIFY(QFile::copy(file, copy));
        if (expected.readable && expected.pixelBytes > 0) {
            const QString zeros = QDir(folder).filePath(QStringLiteral("zeros.raw"));
            QFile pixels(zeros);
            QVERIFY(pixels.open(QIODevice::WriteOnly));
            pixels.write(QByteArray(expected.pixelBytes, '\0'));
            pixels.close();
            const Run added = run(QStringLiteral("dcmodify"), {QStringLiteral("-nb"), QStringLiteral("-if"),
                                                               QStringLiteral("PixelData=") + zeros, copy});
            QVERIFY2(added.exitCode == 0, added.err.constData());
            QVERIFY(QFile::remove(zeros));
        }
        StudyIndex studyIndex(scratch(QStringLiteral("charset.sqlite")));
        const IndexReport report = studyIndex.indexFolders({folder});
        QCOMPARE(report.filesSeen, 1);
        if (!expected.readable || !expected.hasName) {
            // Not an image for pydicom either (no name, no study): skipped, with a reason.
            qInfo("%s: pydicom %s", qPrintable(file),
                  expected.readable ? "reads it, no Patient's Name" : qPrintable(expected.error));
            if (report.skipped == 1) QVERIFY(!report.skippedFiles.front().reason.isEmpty());
            return;
        }
        QVERIFY2(report.instances == 1,
                 qPrintable(QStringLiteral("not indexed: %1")
                                .arg(report.skippedFiles.empty() ? QString() : report.skippedFiles.front().reason)));
        const auto patients = studyIndex.patients();
        QCOMPARE(int(patients.size()), 1);
        QCOMPARE(patients.front().patientName, expected.name);
        // The name finds the patient: the filter folds case over the decoded text.
        StudyFilter byName;
        byName.patientName = expected.name.left(2) + QLatin1Char('*');
        QCOMPARE(int(studyIndex.patients(byName).size()), 1);
    }

    void instancesAndStudies_agreeWithPydicom()
    {
        const char* script =
            "import json,os,sys,pydicom\n"
            "n=0; studies=set(); series=set()\n"
            "for d,_,fs in os.walk(sys.argv[1]):\n"
            "  for f in fs:\n"
            "    try: ds=pydicom.dcmread(os.path.join(d,f),stop_before_pixels=True,force=True)\n"
            "    except Exception: continue\n"
            "    if 'Rows' not in ds or 'StudyInstanceUID' not in ds: continue\n"
            "    n+=1; studies.add(str(ds.StudyInstanceUID)); series.add(str(ds.SeriesInstanceUID))\n"
            "print(json.dumps({'instances':n,'studies':sorted(studies),'series':len(series)}))\n";
        const Run oracle = run(QStringLiteral(PULMO_SYSTEM_PYTHON),
                               {QStringLiteral("-c"), QString::fromLatin1(script), m_corpus.root});
        QCOMPARE(oracle.exitCode, 0);
        const QJsonObject expected = QJsonDocument::fromJson(oracle.out).object();

        StudyIndex studyIndex(scratch(QStringLiteral("index")));
        const IndexReport report = studyIndex.indexFolders({m_corpus.root});
        QCOMPARE(report.instances, expected.value("instances").toInt());
        QCOMPARE(report.series, expected.value("series").toInt());
        QStringList ours = studyUids(studyIndex.studies(QString()));
        ours.sort();
        QStringList theirs;
        for (const QJsonValue& uid : expected.value("studies").toArray()) theirs << uid.toString();
        QCOMPARE(ours, theirs);
        QCOMPARE(ours.size(), kStudies);
    }
};

QTEST_GUILESS_MAIN(TestStudyIndex)
#include "tst_studyindex.moc"
