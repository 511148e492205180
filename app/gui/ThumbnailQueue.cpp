#include "ThumbnailQueue.h"

#include "dicom/DisplayPipeline.h"
#include "widgets/StudyBrowserModel.h"

#include <QMetaObject>

namespace pulmo::app {

ThumbnailQueue::ThumbnailQueue(const index::StudyIndex* index, viewer::StudyBrowserModel* model, ImageLoader* loader,
                               QObject* parent)
    : QObject(parent), m_index(index), m_model(model), m_loader(loader)
{
}

QImage ThumbnailQueue::thumbnail(std::shared_ptr<const dicom::DecodedImage> image)
{
    const dicom::DisplayPipeline pipeline(std::move(image));
    return pipeline.renderImage().scaled(kThumbnailSize, kThumbnailSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

void ThumbnailQueue::refill(const QStringList& seriesInstanceUids)
{
    m_queue.clear();
    for (const QString& series : seriesInstanceUids)
        if (!m_model->hasThumbnail(series)) m_queue << series;
    next();
}

void ThumbnailQueue::prioritise(const QStringList& seriesInstanceUids)
{
    for (auto it = seriesInstanceUids.crbegin(); it != seriesInstanceUids.crend(); ++it) {
        if (m_model->hasThumbnail(*it)) continue;
        m_queue.removeAll(*it);
        m_queue.prepend(*it);
    }
    next();
}

void ThumbnailQueue::next()
{
    while (!m_busy && !m_queue.isEmpty()) {
        const QString series = m_queue.takeFirst();
        if (m_model->hasThumbnail(series)) continue;  // made meanwhile, from an image the reader opened
        const auto instances = m_index->instances(series);
        if (instances.empty()) continue;
        const QString file = instances.front().filePath;
        m_busy = true;
        ImageLoader::Request request;
        request.priority = -1;  // below the decoding the reader waits for
        request.keepInCache = false;
        request.thumbnail = true;  // rendered on the pool too
        m_decoding = m_loader->load(
            file,
            [this, series, file](const ImageLoader::Loaded& loaded) {
                // No thumbnail for an unreadable image: its study row says why.
                if (!loaded.thumbnail.isNull())
                    m_model->setThumbnail(series, loaded.thumbnail);
                else if (!loaded.image)
                    m_model->setUnreadable(file, loaded.error);
                m_decoding = 0;
                m_busy = false;
                QMetaObject::invokeMethod(this, &ThumbnailQueue::next, Qt::QueuedConnection);
            },
            request);
    }
}

}  // namespace pulmo::app
