#include "ThumbnailQueue.h"

#include "dicom/DicomFile.h"
#include "dicom/DisplayPipeline.h"
#include "widgets/StudyBrowserModel.h"

#include <QApplication>
#include <QPointer>
#include <QThreadPool>

namespace pulmo::app {

ThumbnailQueue::ThumbnailQueue(const index::StudyIndex* index, viewer::StudyBrowserModel* model, QObject* parent)
    : QObject(parent), m_index(index), m_model(model)
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
        QPointer<ThumbnailQueue> self(this);
        QThreadPool::globalInstance()->start(
            [self, series, file] {
                QImage picture;
                try {
                    picture = thumbnail(dicom::loadImage(file.toStdString()));
                } catch (const std::exception&) {
                    // No thumbnail for an unreadable image; opening it will say why.
                }
                QMetaObject::invokeMethod(
                    qApp,
                    [self, series, picture] {
                        if (!self) return;
                        if (!picture.isNull()) self->m_model->setThumbnail(series, picture);
                        self->m_busy = false;
                        self->next();
                    },
                    Qt::QueuedConnection);
            },
            -1);  // below the decoding the reader waits for
    }
}

}  // namespace pulmo::app
