#pragma once
// The one "decode on the pool, hand back on the UI thread" of the workstation: the image on screen,
// the look-ahead, the batch analysis and the browser's thumbnails all load through it.
//
// - Through the ImageCache: a cached file answers at once (in load(), before it returns); a file
//   already being decoded is not decoded twice (the second request waits for the first decode).
// - Cancellable: load() returns a ticket; a cancelled ticket never calls back, and a decode that
//   nobody waits for any more is dropped if it has not started.
// - Errors are worded for the reader (ErrorText), as the window shows them.
//
// UI thread only (the thread that made it): callbacks run there. The pool's tasks hold no pointer to
// the loader, so a loader may be destroyed while decodes run: their results are then dropped.

#include <QImage>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

class QThreadPool;

namespace pulmo::dicom {
class DecodedImage;
}
namespace pulmo::viewer {
class ImageCache;
}

namespace pulmo::app {

class ImageLoader : public QObject {
    Q_OBJECT
public:
    struct Loaded {
        QString filePath;
        std::shared_ptr<const dicom::DecodedImage> image;  ///< nullptr when it could not be decoded
        QString error;                                     ///< why not, in the reader's words
        QImage thumbnail;                                  ///< when asked for (Request::thumbnail)
    };
    using Callback = std::function<void(const Loaded&)>;
    using Ticket = quint64;  ///< 0 is never a ticket

    struct Request {
        /// QThreadPool priority: the image the reader waits for before background work.
        int priority = 0;
        /// Insert the decoded image into the cache. Background work (thumbnails of a whole
        /// worklist) says false, so that it does not evict the images the reader pages through.
        bool keepInCache = true;
        /// Also render the browser's thumbnail on the pool (ThumbnailQueue::thumbnail).
        bool thumbnail = false;
    };

    /// `cache` (may be nullptr: nothing cached) and `pool` (nullptr: the global pool) must outlive
    /// the loader's callbacks; the window owns both.
    explicit ImageLoader(viewer::ImageCache* cache, QThreadPool* pool = nullptr, QObject* parent = nullptr);
    ~ImageLoader() override;

    /// Loads `filePath` and calls `done` on this thread: at once when it is cached, else after the
    /// decode. Returns the ticket to cancel it with, or 0 when `done` was already called.
    Ticket load(const QString& filePath, Callback done, const Request& request);
    Ticket load(const QString& filePath, Callback done) { return load(filePath, std::move(done), Request{}); }
    /// `done` of this ticket will not be called. Unknown or finished tickets are ignored.
    void cancel(Ticket ticket);
    void cancelAll();
    /// Files being decoded or waiting for a pool thread.
    int pendingCount() const { return int(m_jobs.size()); }
    /// Decodes actually started since the loader was made (for tests: no double decode, dropped work).
    int decodesStarted() const { return m_decodes->load(); }

private:
    struct Waiter {
        Ticket ticket;
        Callback done;
        bool thumbnail;
    };
    struct Job {
        std::shared_ptr<std::atomic_bool> dropped;  // read by the pool task before it decodes
        std::vector<Waiter> waiters;
        bool keepInCache = true;
        bool thumbnail = false;
    };
    void start(const QString& filePath, Job& job, int priority,
               std::shared_ptr<const dicom::DecodedImage> already = nullptr);
    void finished(const QString& filePath, const Loaded& loaded, bool skipped);

    viewer::ImageCache* m_cache;
    QThreadPool* m_pool;
    Ticket m_lastTicket = 0;
    std::unordered_map<QString, Job> m_jobs;  // by file path
    std::shared_ptr<std::atomic_int> m_decodes = std::make_shared<std::atomic_int>(0);
};

}  // namespace pulmo::app
