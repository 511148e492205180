// The worklist (where the reader is, what next and previous mean, what to decode ahead) over a real
// study index, and the opening queue (background indexing, queued openings, DICOMDIR errors, PACS
// arrivals in batches), both without a window.
#include "OpeningQueue.h"
#include "Worklist.h"
#include "dicom/DicomWriter.h"
#include "index/StudyIndex.h"

#include <QtTest>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

using namespace pulmo;

Q_DECLARE_METATYPE(pulmo::app::Opening)
Q_DECLARE_METATYPE(pulmo::index::IndexReport)

namespace {

void writeImage(const QString& path, const std::string& patient, const std::string& study, const std::string& series,
                int seed)
{
    dicom::GrayImageSpec spec;
    spec.rows = 32;
    spec.columns = 32;
    spec.modality = "DX";
    spec.patientId = patient;
    spec.patientName = patient + "^TEST";
    spec.studyInstanceUid = study;
    spec.seriesInstanceUid = series;
    for (int p = 0; p < 32 * 32; ++p) spec.storedValues.push_back((p * (3 + seed)) % 4096);
    QDir().mkpath(QFileInfo(path).absolutePath());
    dicom::writeGrayImage(path.toStdString(), spec);
}

}  // namespace

class WorklistTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_work;
    QString m_folder;
    QString m_database;
    const QString m_seriesA = QStringLiteral("1.2.826.0.1.3680043.9.77.1.1");
    const QString m_seriesB = QStringLiteral("1.2.826.0.1.3680043.9.77.2.1");
    const QString m_seriesC = QStringLiteral("1.2.826.0.1.3680043.9.77.3.1");

    QString file(const QString& name) const { return QDir(m_folder).filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        qRegisterMetaType<pulmo::app::Opening>();
        qRegisterMetaType<pulmo::index::IndexReport>();
        m_folder = m_work.filePath(QStringLiteral("studies"));
        // Study A: three images in one series; B: one; C: two.
        for (int i = 1; i <= 3; ++i)
            writeImage(file(QStringLiteral("a%1.dcm").arg(i)), "A", "1.2.826.0.1.3680043.9.77.1",
                       m_seriesA.toStdString(), i);
        writeImage(file(QStringLiteral("b1.dcm")), "B", "1.2.826.0.1.3680043.9.77.2", m_seriesB.toStdString(), 4);
        for (int i = 1; i <= 2; ++i)
            writeImage(file(QStringLiteral("c%1.dcm").arg(i)), "C", "1.2.826.0.1.3680043.9.77.3",
                       m_seriesC.toStdString(), 4 + i);
        m_database = m_work.filePath(QStringLiteral("index.sqlite"));
        index::StudyIndex index(m_database);
        const index::IndexReport report = index.indexFolders({m_folder});
        QCOMPARE(report.indexed, 6);
    }

    void nextAndPrevious_walkTheImagesThenTheStudies()
    {
        const index::StudyIndex index(m_database);
        app::Worklist worklist(&index);
        worklist.setSeriesOrder({m_seriesA, m_seriesB, m_seriesC});
        QVERIFY(worklist.currentFile().isEmpty());
        QVERIFY(worklist.nextImage());  // from nowhere: the first image
        QCOMPARE(worklist.currentFile(), file(QStringLiteral("a1.dcm")));
        QStringList walked{worklist.currentFile()};
        while (worklist.nextImage()) walked << worklist.currentFile();
        QCOMPARE(walked, QStringList({file(QStringLiteral("a1.dcm")), file(QStringLiteral("a2.dcm")),
                                      file(QStringLiteral("a3.dcm")), file(QStringLiteral("b1.dcm")),
                                      file(QStringLiteral("c1.dcm")), file(QStringLiteral("c2.dcm"))}));
        QCOMPARE(worklist.currentFile(), file(QStringLiteral("c2.dcm")));  // the end: it stays
        QCOMPARE(worklist.seriesPosition(), 2);
        QCOMPARE(worklist.instancePosition(), 1);
        QVERIFY(worklist.previousImage());
        QCOMPARE(worklist.currentFile(), file(QStringLiteral("c1.dcm")));
        QVERIFY(worklist.previousImage());  // before a series' first image: the previous study's first
        QCOMPARE(worklist.currentFile(), file(QStringLiteral("b1.dcm")));
        QVERIFY(worklist.previousStudy());
        QCOMPARE(worklist.currentFile(), file(QStringLiteral("a1.dcm")));
        QVERIFY(!worklist.previousStudy());
        QVERIFY(!worklist.previousImage());
        QCOMPARE(worklist.currentFile(), file(QStringLiteral("a1.dcm")));
        QVERIFY(worklist.nextStudy());
        QVERIFY(worklist.nextStudy());
        QCOMPARE(worklist.currentSeries(), m_seriesC);
        QVERIFY(!worklist.nextStudy());
    }

    void studyPlace_countsStudiesNotSeries_inTheListsOrder()
    {
        const index::StudyIndex index(m_database);
        app::Worklist worklist(&index);
        // Two series of one study (A and B given the same study), then C: two studies.
        worklist.setSeriesOrder({m_seriesC, m_seriesA, m_seriesB},
                                {QStringLiteral("study C"), QStringLiteral("study AB"), QStringLiteral("study AB")});
        QVERIFY(worklist.nextImage());
        QCOMPARE(worklist.studyPlace(), std::make_pair(0, 2));
        QVERIFY(worklist.nextStudy());
        QCOMPARE(worklist.currentSeries(), m_seriesA);
        QCOMPARE(worklist.studyPlace(), std::make_pair(1, 2));
        QVERIFY(worklist.moveTo(2, 0));  // B: the same study as A
        QCOMPARE(worklist.studyPlace(), std::make_pair(1, 2));
    }

    void fileToPrefetch_isTheNextImage_thenTheNextSeriesFirst()
    {
        const index::StudyIndex index(m_database);
        app::Worklist worklist(&index);
        worklist.setSeriesOrder({m_seriesA, m_seriesB, m_seriesC});
        QVERIFY(worklist.fileToPrefetch().isEmpty() || worklist.currentFile().isEmpty());
        QVERIFY(worklist.moveTo(0, 0));
        QCOMPARE(worklist.fileToPrefetch(), file(QStringLiteral("a2.dcm")));
        QVERIFY(worklist.moveTo(0, 2));
        QCOMPARE(worklist.fileToPrefetch(), file(QStringLiteral("b1.dcm")));
        QVERIFY(worklist.moveTo(2, 1));
        QVERIFY(worklist.fileToPrefetch().isEmpty());
    }

    void moveTo_clampsTheImage_andRefusesWhatIsNotThere()
    {
        const index::StudyIndex index(m_database);
        app::Worklist worklist(&index);
        worklist.setSeriesOrder({m_seriesA, QStringLiteral("1.2.3.no.such.series"), m_seriesC});
        QVERIFY(worklist.moveTo(0, 99));
        QCOMPARE(worklist.currentFile(), file(QStringLiteral("a3.dcm")));
        QCOMPARE(int(worklist.instances().size()), 3);
        QVERIFY(!worklist.moveTo(3, 0));
        QVERIFY(!worklist.moveTo(-1, 0));
        QCOMPARE(worklist.currentFile(), file(QStringLiteral("a3.dcm")));
        QVERIFY(!worklist.moveTo(1, 0));  // a series without images in the index
        QVERIFY(worklist.currentFile().isEmpty());
        QVERIFY(!worklist.moveToSeries(QStringLiteral("1.2.3.unknown")));
        QVERIFY(worklist.moveToSeries(m_seriesC));
        QCOMPARE(worklist.currentFile(), file(QStringLiteral("c1.dcm")));
    }

    void newSeriesOrder_keepsTheCurrentSeries_whileItIsThere()
    {
        const index::StudyIndex index(m_database);
        app::Worklist worklist(&index);
        worklist.setSeriesOrder({m_seriesA, m_seriesB, m_seriesC});
        QVERIFY(worklist.moveTo(1, 0));
        worklist.setSeriesOrder({m_seriesC, m_seriesB});  // sorted otherwise, A filtered out
        QCOMPARE(worklist.seriesPosition(), 1);
        QCOMPARE(worklist.currentFile(), file(QStringLiteral("b1.dcm")));
        QVERIFY(worklist.previousStudy());
        QCOMPARE(worklist.currentFile(), file(QStringLiteral("c1.dcm")));
        worklist.setSeriesOrder({m_seriesA});  // the current series is filtered out
        QCOMPARE(worklist.seriesPosition(), -1);
        QVERIFY(worklist.currentFile().isEmpty());
        QVERIFY(worklist.nextImage());
        QCOMPARE(worklist.currentFile(), file(QStringLiteral("a1.dcm")));
    }

    void viewRoots_chooseWhichCopyIsShown_fromTheNextMove()
    {
        // A copy of study A elsewhere, indexed too: the same SOP Instances at two paths.
        const QString copy = m_work.filePath(QStringLiteral("copy"));
        QVERIFY(QDir().mkpath(copy));
        for (int i = 1; i <= 3; ++i)
            QVERIFY(QFile::copy(file(QStringLiteral("a%1.dcm").arg(i)),
                                QDir(copy).filePath(QStringLiteral("a%1.dcm").arg(i))));
        index::StudyIndex index(m_database);
        QCOMPARE(index.indexFolders({copy}).indexed, 3);
        app::Worklist worklist(&index);
        worklist.setSeriesOrder({m_seriesA});
        worklist.setViewRoots({m_folder});
        QVERIFY(worklist.moveTo(0, 1));
        QCOMPARE(worklist.currentFile(), file(QStringLiteral("a2.dcm")));
        worklist.setViewRoots({copy});   // the reader opened the copy
        QVERIFY(worklist.moveTo(0, 1));  // same series, read again
        QCOMPARE(worklist.currentFile(), QDir(copy).filePath(QStringLiteral("a2.dcm")));
        QCOMPARE(worklist.fileToPrefetch(), QDir(copy).filePath(QStringLiteral("a3.dcm")));
    }

    void opening_indexesInTheBackground_andReportsWhatItRead()
    {
        app::OpeningQueue openings(m_work.filePath(QStringLiteral("opening.sqlite")));
        QSignalSpy started(&openings, &app::OpeningQueue::started);
        QSignalSpy finished(&openings, &app::OpeningQueue::finished);
        QSignalSpy progress(&openings, &app::OpeningQueue::progress);
        openings.open({m_folder});
        QCOMPARE(started.count(), 1);
        QVERIFY(openings.isIndexing());
        QVERIFY(finished.wait(30000));
        const auto opening = finished.at(0).at(0).value<app::Opening>();
        const auto report = finished.at(0).at(1).value<index::IndexReport>();
        QCOMPARE(opening.folders, QStringList{m_folder});
        QCOMPARE(opening.requested, QStringList{m_folder});
        QVERIFY(opening.show);
        QCOMPARE(report.indexed, 6);
        QCOMPARE(report.skipped, 0);
        QVERIFY(!report.cancelled);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toInt(), progress.last().at(1).toInt());  // all done at the end
        QVERIFY(!openings.isIndexing());
        // Its own connection wrote the index the window reads.
        const index::StudyIndex index(m_work.filePath(QStringLiteral("opening.sqlite")));
        QCOMPARE(int(index.instances(m_seriesA).size()), 3);
    }

    void openingsWhileIndexing_areQueued_andRunInOrder()
    {
        app::OpeningQueue openings(m_work.filePath(QStringLiteral("queued.sqlite")));
        QSignalSpy finished(&openings, &app::OpeningQueue::finished);
        openings.open({m_folder});
        openings.open({file(QStringLiteral("b1.dcm")), m_work.filePath(QStringLiteral("nothing-here"))});
        QCOMPARE(openings.queuedCount(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);
        QCOMPARE(finished.at(0).at(0).value<app::Opening>().folders, QStringList{m_folder});
        const auto second = finished.at(1).at(0).value<app::Opening>();
        QCOMPARE(second.files.size(), 2);
        QCOMPARE(second.files.front(), file(QStringLiteral("b1.dcm")));
        QCOMPARE(finished.at(1).at(1).value<index::IndexReport>().unchanged, 1);  // read by the first
        QCOMPARE(openings.queuedCount(), 0);
    }

    void unreadableDicomDir_isReported_andNothingIsIndexed()
    {
        const QString dicomDir = m_work.filePath(QStringLiteral("media/DICOMDIR"));
        QVERIFY(QDir().mkpath(QFileInfo(dicomDir).absolutePath()));
        {
            QFile out(dicomDir);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write("not a DICOMDIR");
        }
        app::OpeningQueue openings(m_work.filePath(QStringLiteral("dicomdir.sqlite")));
        QSignalSpy failedDir(&openings, &app::OpeningQueue::dicomDirFailed);
        QSignalSpy started(&openings, &app::OpeningQueue::started);
        openings.open({dicomDir});
        QCOMPARE(failedDir.count(), 1);
        QVERIFY2(failedDir.at(0).at(0).toString().contains(QStringLiteral("DICOMDIR")),
                 qPrintable(failedDir.at(0).at(0).toString()));
        QCOMPARE(started.count(), 0);
        QVERIFY(!openings.isIndexing());
    }

    void indexThatCannotBeWritten_isReportedAsFailed()
    {
        const QString blocker = m_work.filePath(QStringLiteral("a-file"));
        {
            QFile out(blocker);
            QVERIFY(out.open(QIODevice::WriteOnly));
        }
        const QString database = blocker + QStringLiteral("/index.sqlite");  // under a file: cannot be made
        app::OpeningQueue openings(database);
        QSignalSpy failed(&openings, &app::OpeningQueue::failed);
        QSignalSpy finished(&openings, &app::OpeningQueue::finished);
        openings.open({m_folder});
        QVERIFY(failed.wait(30000));
        QCOMPARE(finished.count(), 0);
        const QString message = failed.at(0).at(1).toString();
        QVERIFY2(message.contains(QStringLiteral("index.sqlite")), qPrintable(message));
    }

    void arrivals_areIndexedInBatches_andTheFirstOfARetrieveOpens()
    {
        app::OpeningQueue openings(m_work.filePath(QStringLiteral("arrivals.sqlite")));
        openings.setArrivalDelay(200);
        QSignalSpy finished(&openings, &app::OpeningQueue::finished);
        openings.showNextArrival();  // a retrieve started
        openings.addArrival(file(QStringLiteral("c1.dcm")));
        openings.addArrival(file(QStringLiteral("c2.dcm")));
        openings.addArrival(file(QStringLiteral("a1.dcm")));
        openings.addArrival(file(QStringLiteral("a2.dcm")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);
        QTest::qWait(400);
        QCOMPARE(finished.count(), 2);  // one opening at once, one batch for the rest
        const auto first = finished.at(0).at(0).value<app::Opening>();
        QVERIFY(first.show);
        QCOMPARE(first.requested, QStringList{file(QStringLiteral("c1.dcm"))});
        const auto batch = finished.at(1).at(0).value<app::Opening>();
        QVERIFY(!batch.show);  // only indexed: the reader stays where they are
        QCOMPARE(batch.files, QStringList({file(QStringLiteral("c2.dcm")), file(QStringLiteral("a1.dcm")),
                                           file(QStringLiteral("a2.dcm"))}));
        QCOMPARE(finished.at(1).at(1).value<index::IndexReport>().indexed, 3);
    }

    void cancel_stopsTheIndexing_andKeepsWhatWasRead()
    {
        const QString many = m_work.filePath(QStringLiteral("many"));
        for (int i = 0; i < 60; ++i)
            writeImage(QDir(many).filePath(QStringLiteral("m%1.dcm").arg(i)), "M", "1.2.826.0.1.3680043.9.77.9",
                       "1.2.826.0.1.3680043.9.77.9.1", i);
        app::OpeningQueue openings(m_work.filePath(QStringLiteral("cancel.sqlite")));
        QSignalSpy finished(&openings, &app::OpeningQueue::finished);
        openings.open({many});
        openings.cancel();
        QVERIFY(finished.wait(30000));
        const auto report = finished.at(0).at(1).value<index::IndexReport>();
        QVERIFY(report.cancelled);
        QVERIFY(report.indexed < 60);
    }
};

QTEST_MAIN(WorklistTest)
#include "tst_worklist.moc"
