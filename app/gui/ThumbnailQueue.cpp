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
    return pipeline.renderImage().scaled(48, 48, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

void ThumbnailQueue::refill(const QStringList& seriesInstanceUids)
{
    m_queue.clear();
    for (const QString& series : seriesInstanceUids)
        if (!m_model->hasThumbnail(series)) m_queue << series;
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
            [this, series](const ImageLoader::Loaded& loaded) {
                // No thumbnail for an unreadable image; opening it will say why.
                if (!loaded.thumbnail.isNull()) m_model->setThumbnail(series, loaded.thumbnail);
                m_decoding = 0;
                m_busy = false;
                QMetaObject::invokeMethod(this, &ThumbnailQueue::next, Qt::QueuedConnection);
            },
            request);
    }
}

}  // namespace pulmo::app
