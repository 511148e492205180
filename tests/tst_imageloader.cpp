// The one image loader (decode on the pool, hand back on the UI thread, through the cache, cancellable)
// on real DICOM files written by the test.
#include "ErrorText.h"
#include "ImageLoader.h"
#include "ThumbnailQueue.h"
#include "cache/ImageCache.h"
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"

#include <QtTest>

#include <QFile>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QThreadPool>

using namespace pulmo;

namespace {

QString writeImage(const QTemporaryDir& dir, const QString& name, int seed)
{
    dicom::GrayImageSpec spec;
    spec.rows = 64;
    spec.columns = 48;
    spec.modality = "DX";
    for (int p = 0; p < 64 * 48; ++p) spec.storedValues.push_back((p * (3 + seed)) % 4096);
    const QString path = dir.filePath(name);
    dicom::writeGrayImage(path.toStdString(), spec);
    return path;
}

/// Lets every queued pool task run and every hand-back arrive.
void settle(QThreadPool& pool)
{
    for (int round = 0; round < 5; ++round) {
        pool.waitForDone();
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents();
    }
}

}  // namespace

class ImageLoaderTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_work;
    QString m_first;
    QString m_second;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        m_first = writeImage(m_work, QStringLiteral("first.dcm"), 1);
        m_second = writeImage(m_work, QStringLiteral("second.dcm"), 2);
    }

    void decodedImage_isHandedBackOnTheUiThread_andCached()
    {
        viewer::ImageCache cache(64 << 20);
        QThreadPool pool;
        app::ImageLoader loader(&cache, &pool);
        app::ImageLoader::Loaded got;
        int calls = 0;
        QThread* thread = nullptr;
        const auto ticket = loader.load(m_first, [&](const app::ImageLoader::Loaded& loaded) {
            got = loaded;
            thread = QThread::currentThread();
            ++calls;
        });
        QVERIFY(ticket != 0);
        QCOMPARE(calls, 0);  // not at once: it is being decoded
        QTRY_COMPARE(calls, 1);
        QCOMPARE(thread, QThread::currentThread());
        QVERIFY(got.image);
        QVERIFY(got.error.isEmpty());
        QCOMPARE(got.filePath, m_first);
        QCOMPARE(got.image->info().rows, 64);
        QVERIFY(cache.contains(m_first));
        QCOMPARE(loader.decodesStarted(), 1);
        QCOMPARE(loader.pendingCount(), 0);
    }

    void cachedFile_answersAtOnce_withoutDecoding()
    {
        viewer::ImageCache cache(64 << 20);
        const auto image = dicom::loadImage(m_first.toStdString());
        cache.insert(m_first, image);
        QThreadPool pool;
        app::ImageLoader loader(&cache, &pool);
        std::shared_ptr<const dicom::DecodedImage> got;
        const auto ticket = loader.load(m_first, [&](const app::ImageLoader::Loaded& loaded) { got = loaded.image; });
        QCOMPARE(ticket, app::ImageLoader::Ticket(0));  // answered inside load()
        QCOMPARE(got, image);
        QCOMPARE(loader.decodesStarted(), 0);
    }

    void fileBeingDecoded_isNotDecodedTwice()
    {
        viewer::ImageCache cache(64 << 20);
        QThreadPool pool;
        app::ImageLoader loader(&cache, &pool);
        std::vector<std::shared_ptr<const dicom::DecodedImage>> got;
        const auto keep = [&](const app::ImageLoader::Loaded& loaded) { got.push_back(loaded.image); };
        loader.load(m_second, keep);
        loader.load(m_second, keep);  // the look-ahead's file, then the reader asks for it
        app::ImageLoader::Request background;
        background.keepInCache = false;
        background.priority = -1;
        loader.load(m_second, keep, background);
        QCOMPARE(loader.pendingCount(), 1);
        QTRY_COMPARE(int(got.size()), 3);
        QCOMPARE(loader.decodesStarted(), 1);
        QVERIFY(got[0]);
        QCOMPARE(got[1], got[0]);
        QCOMPARE(got[2], got[0]);
        QVERIFY(cache.contains(m_second));  // one of the requests wanted it kept
    }

    void backgroundRequest_isNotKeptInTheCache()
    {
        viewer::ImageCache cache(64 << 20);
        QThreadPool pool;
        app::ImageLoader loader(&cache, &pool);
        app::ImageLoader::Request request;
        request.keepInCache = false;
        request.thumbnail = true;
        app::ImageLoader::Loaded got;
        bool called = false;
        loader.load(
            m_first,
            [&](const app::ImageLoader::Loaded& loaded) {
                got = loaded;
                called = true;
            },
            request);
        QTRY_VERIFY(called);
        QVERIFY(got.image);
        QVERIFY(!cache.contains(m_first));
        QCOMPARE(cache.count(), 0);
        QVERIFY(!got.thumbnail.isNull());
        const int size = app::ThumbnailQueue::kThumbnailSize;
        QVERIFY(got.thumbnail.width() <= size && got.thumbnail.height() <= size);
        QCOMPARE(got.thumbnail.height(), size);  // 64 x 48 image: the rows are the longer side
    }

    void thumbnailOfACachedImage_isRenderedWithoutDecoding()
    {
        viewer::ImageCache cache(64 << 20);
        cache.insert(m_first, dicom::loadImage(m_first.toStdString()));
        QThreadPool pool;
        app::ImageLoader loader(&cache, &pool);
        app::ImageLoader::Request request;
        request.thumbnail = true;
        QImage thumbnail;
        const auto ticket = loader.load(
            m_first, [&](const app::ImageLoader::Loaded& loaded) { thumbnail = loaded.thumbnail; }, request);
        QVERIFY(ticket != 0);  // rendered on the pool, not on this thread
        QTRY_VERIFY(!thumbnail.isNull());
        QCOMPARE(loader.decodesStarted(), 0);
    }

    void cancelledRequest_neverCallsBack()
    {
        viewer::ImageCache cache(64 << 20);
        QThreadPool pool;
        app::ImageLoader loader(&cache, &pool);
        int calls = 0;
        const auto ticket = loader.load(m_first, [&](const app::ImageLoader::Loaded&) { ++calls; });
        int otherCalls = 0;
        loader.load(m_first, [&](const app::ImageLoader::Loaded&) { ++otherCalls; });
        loader.cancel(ticket);
        settle(pool);
        QCOMPARE(calls, 0);
        QCOMPARE(otherCalls, 1);  // the other request of the same file still gets it
        QCOMPARE(loader.pendingCount(), 0);
    }

    void cancellingManyPending_dropsTheDecodesNotStarted()
    {
        // One pool thread, held busy: every decode is queued, none has started.
        QThreadPool pool;
        pool.setMaxThreadCount(1);
        QSemaphore release;
        QSemaphore blocking;
        pool.start([&] {
            blocking.release();
            release.acquire();
        });
        blocking.acquire();
        viewer::ImageCache cache(64 << 20);
        app::ImageLoader loader(&cache, &pool);
        int calls = 0;
        std::vector<app::ImageLoader::Ticket> tickets;
        for (int i = 0; i < 20; ++i) {
            const QString copy = m_work.filePath(QStringLiteral("copy%1.dcm").arg(i));
            QFile::remove(copy);
            QVERIFY(QFile::copy(m_first, copy));
            tickets.push_back(loader.load(copy, [&](const app::ImageLoader::Loaded&) { ++calls; }));
        }
        QCOMPARE(loader.pendingCount(), 20);
        for (size_t i = 0; i < tickets.size(); i += 2) loader.cancel(tickets[i]);
        loader.cancelAll();  // the rest at once
        release.release();
        settle(pool);
        QCOMPARE(calls, 0);
        QCOMPARE(loader.decodesStarted(), 0);  // dropped before they started
        QCOMPARE(loader.pendingCount(), 0);
        QCOMPARE(cache.count(), 0);
    }

    void droppedDecode_askedForAgain_isDelivered()
    {
        QThreadPool pool;
        pool.setMaxThreadCount(1);
        QSemaphore release;
        QSemaphore blocking;
        pool.start([&] {
            blocking.release();
            release.acquire();
        });
        blocking.acquire();
        viewer::ImageCache cache(64 << 20);
        app::ImageLoader loader(&cache, &pool);
        int calls = 0;
        loader.cancel(loader.load(m_second, [&](const app::ImageLoader::Loaded&) { ++calls; }));
        std::shared_ptr<const dicom::DecodedImage> got;
        loader.load(m_second, [&](const app::ImageLoader::Loaded& loaded) { got = loaded.image; });
        release.release();
        QTRY_VERIFY(got);
        settle(pool);
        QCOMPARE(calls, 0);
        QCOMPARE(loader.decodesStarted(), 1);
    }

    void brokenFile_isReportedInTheReadersWords()
    {
        const QString broken = m_work.filePath(QStringLiteral("broken.dcm"));
        {
            QFile file(broken);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray(128, '\0') + "DICM" + QByteArray("\x02\x00\x10\x00UI\xff\xff", 8));
        }
        // The oracle: what the window words for this file's exception when it decodes it directly.
        QString expected;
        try {
            dicom::loadImage(broken.toStdString());
        } catch (const std::exception& error) {
            expected = app::ErrorText::of(error);
        }
        QVERIFY(!expected.isEmpty());
        viewer::ImageCache cache(64 << 20);
        QThreadPool pool;
        app::ImageLoader loader(&cache, &pool);
        app::ImageLoader::Loaded got;
        bool called = false;
        loader.load(broken, [&](const app::ImageLoader::Loaded& loaded) {
            got = loaded;
            called = true;
        });
        QTRY_VERIFY(called);
        QVERIFY(!got.image);
        QCOMPARE(got.error, expected);
        QVERIFY2(got.error.contains(QStringLiteral("broken.dcm")), qPrintable(got.error));
        QCOMPARE(cache.count(), 0);
        QCOMPARE(loader.pendingCount(), 0);
        // A missing file too.
        called = false;
        loader.load(m_work.filePath(QStringLiteral("missing.dcm")), [&](const app::ImageLoader::Loaded& loaded) {
            got = loaded;
            called = true;
        });
        QTRY_VERIFY(called);
        QVERIFY(!got.image);
        QVERIFY2(got.error.contains(QStringLiteral("missing.dcm")), qPrintable(got.error));
    }

    void loaderDestroyedWhileDecoding_dropsTheResult()
    {
        viewer::ImageCache cache(64 << 20);
        QThreadPool pool;
        int calls = 0;
        {
            app::ImageLoader loader(&cache, &pool);
            loader.load(m_first, [&](const app::ImageLoader::Loaded&) { ++calls; });
        }
        settle(pool);
        QCOMPARE(calls, 0);
    }
};

QTEST_MAIN(ImageLoaderTest)
#include "tst_imageloader.moc"
