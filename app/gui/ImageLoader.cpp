#include "ImageLoader.h"

#include "ErrorText.h"
#include "ThumbnailQueue.h"
#include "cache/ImageCache.h"
#include "dicom/DicomFile.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>
#include <QThreadPool>

#include <algorithm>

namespace pulmo::app {

ImageLoader::ImageLoader(viewer::ImageCache* cache, QThreadPool* pool, QObject* parent)
    : QObject(parent), m_cache(cache), m_pool(pool ? pool : QThreadPool::globalInstance())
{
}

ImageLoader::~ImageLoader()
{
    cancelAll();  // tasks not started are dropped; running ones deliver to a QPointer that is gone
}

ImageLoader::Ticket ImageLoader::load(const QString& filePath, Callback done, const Request& request)
{
    std::shared_ptr<const dicom::DecodedImage> cached = m_cache ? m_cache->find(filePath) : nullptr;
    if (cached && !request.thumbnail) {
        done(Loaded{filePath, cached, {}, {}});
        return 0;
    }
    const Ticket ticket = ++m_lastTicket;
    const auto found = m_jobs.find(filePath);
    if (found != m_jobs.end()) {  // on its way: wait for that decode
        Job& job = found->second;
        job.waiters.push_back({ticket, std::move(done), request.thumbnail});
        job.dropped->store(false);
        job.keepInCache = job.keepInCache || request.keepInCache;
        return ticket;
    }
    Job& job = m_jobs[filePath];
    job.dropped = std::make_shared<std::atomic_bool>(false);
    job.waiters.push_back({ticket, std::move(done), request.thumbnail});
    job.keepInCache = request.keepInCache;
    job.thumbnail = request.thumbnail;
    start(filePath, job, request.priority, std::move(cached));
    return ticket;
}

void ImageLoader::start(const QString& filePath, Job& job, int priority,
                        std::shared_ptr<const dicom::DecodedImage> already)
{
    QPointer<ImageLoader> self(this);
    m_pool->start(
        [self, filePath, dropped = job.dropped, thumbnail = job.thumbnail, decodes = m_decodes,
         image = std::move(already)]() mutable {
            if (dropped->load()) {  // nobody waits for it any more: do not decode
                QMetaObject::invokeMethod(
                    qApp,
                    [self, filePath] {
                        if (self) self->finished(filePath, Loaded{filePath, nullptr, {}, {}}, true);
                    },
                    Qt::QueuedConnection);
                return;
            }
            Loaded loaded{filePath, image, {}, {}};
            try {
                if (!loaded.image) {
                    decodes->fetch_add(1);
                    loaded.image = dicom::loadImage(filePath.toStdString());
                }
                if (thumbnail) loaded.thumbnail = ThumbnailQueue::thumbnail(loaded.image);
            } catch (const std::exception& exception) {
                loaded.image.reset();
                loaded.error = ErrorText::of(exception);  // QCoreApplication::translate is thread-safe
            }
            // Queued to the UI thread through the application, never through the loader itself: it may be
            // destroyed between reading the QPointer here and posting. The QPointer is checked there.
            QMetaObject::invokeMethod(
                qApp,
                [self, loaded = std::move(loaded)] {
                    if (self) self->finished(loaded.filePath, loaded, false);
                },
                Qt::QueuedConnection);
        },
        priority);
}

void ImageLoader::finished(const QString& filePath, const Loaded& loaded, bool skipped)
{
    const auto found = m_jobs.find(filePath);
    if (found == m_jobs.end()) return;
    Job job = std::move(found->second);
    m_jobs.erase(found);
    if (skipped) {
        // Dropped before it started, yet asked for again meanwhile: start it afresh.
        if (!job.waiters.empty()) {
            Job& again = m_jobs[filePath];
            again = std::move(job);
            again.dropped->store(false);
            start(filePath, again, 0);
        }
        return;
    }
    if (loaded.image && job.keepInCache && m_cache) m_cache->insert(filePath, loaded.image);
    std::vector<Waiter> wantThumbnail;
    for (Waiter& waiter : job.waiters) {
        if (waiter.thumbnail && loaded.image && loaded.thumbnail.isNull()) {
            wantThumbnail.push_back(std::move(waiter));  // joined after the task began without one
            continue;
        }
        waiter.done(loaded);
    }
    if (!wantThumbnail.empty()) {
        const auto existing = m_jobs.find(filePath);
        if (existing != m_jobs.end()) {  // a callback above asked for this file again: wait with it
            for (Waiter& waiter : wantThumbnail) existing->second.waiters.push_back(std::move(waiter));
            existing->second.thumbnail = true;
            return;
        }
        Job& again = m_jobs[filePath];
        again.dropped = std::make_shared<std::atomic_bool>(false);
        again.waiters = std::move(wantThumbnail);
        again.keepInCache = false;
        again.thumbnail = true;
        start(filePath, again, -1, loaded.image);
    }
}

void ImageLoader::cancel(Ticket ticket)
{
    if (ticket == 0) return;
    for (auto& [filePath, job] : m_jobs) {
        const auto before = job.waiters.size();
        job.waiters.erase(std::remove_if(job.waiters.begin(), job.waiters.end(),
                                         [ticket](const Waiter& waiter) { return waiter.ticket == ticket; }),
                          job.waiters.end());
        if (job.waiters.size() == before) continue;
        if (job.waiters.empty()) job.dropped->store(true);
        return;
    }
}

void ImageLoader::cancelAll()
{
    for (auto& [filePath, job] : m_jobs) {
        job.waiters.clear();
        job.dropped->store(true);
    }
}

}  // namespace pulmo::app
