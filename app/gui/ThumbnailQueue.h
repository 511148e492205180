#pragma once
// Series thumbnails for the study browser's strip: after an opening, each series without one gets its first
// image decoded and rendered through the display pipeline, one at a time at low priority, below
// the decoding the reader waits for. Through the ImageLoader: a cached image is not decoded again,
// but what is decoded only for a thumbnail is not kept in the cache (a worklist of a thousand series
// would evict the images the reader pages through). UI thread only.

#include "ImageLoader.h"
#include "index/StudyIndex.h"

#include <QImage>
#include <QObject>
#include <QStringList>

#include <memory>

namespace pulmo::dicom {
class DecodedImage;
}
namespace pulmo::viewer {
class StudyBrowserModel;
}

namespace pulmo::app {

class ThumbnailQueue : public QObject {
    Q_OBJECT
public:
    /// `index`, `model` and `loader` must outlive the queue (the window owns all four).
    ThumbnailQueue(const index::StudyIndex* index, viewer::StudyBrowserModel* model, ImageLoader* loader,
                   QObject* parent = nullptr);

    /// The longest side of a thumbnail, in pixels.
    static constexpr int kThumbnailSize = 64;

    /// Queues these series (those still without a thumbnail), instead of what was queued.
    void refill(const QStringList& seriesInstanceUids);
    /// Puts these series (those still without a thumbnail) first: the open study's, in the strip.
    void prioritise(const QStringList& seriesInstanceUids);
    /// The browser's thumbnail of an image: its default rendering, kThumbnailSize at most a side.
    static QImage thumbnail(std::shared_ptr<const dicom::DecodedImage> image);

private:
    void next();

    const index::StudyIndex* m_index;
    viewer::StudyBrowserModel* m_model;
    ImageLoader* m_loader;
    QStringList m_queue;
    ImageLoader::Ticket m_decoding = 0;
    bool m_busy = false;
};

}  // namespace pulmo::app
