#pragma once
// Series thumbnails for the study browser: after an opening, each series without one gets its first
// image decoded and rendered through the display pipeline, one at a time at low priority, below
// the decoding the reader waits for. UI thread only.

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
    /// `index` and `model` must outlive the queue (the window owns all three).
    ThumbnailQueue(const index::StudyIndex* index, viewer::StudyBrowserModel* model, QObject* parent = nullptr);

    /// Queues these series (those still without a thumbnail), instead of what was queued.
    void refill(const QStringList& seriesInstanceUids);
    /// The browser's thumbnail of an image: its default rendering, 48 pixels at most a side.
    static QImage thumbnail(std::shared_ptr<const dicom::DecodedImage> image);

private:
    void next();

    const index::StudyIndex* m_index;
    viewer::StudyBrowserModel* m_model;
    QStringList m_queue;
    bool m_busy = false;
};

}  // namespace pulmo::app
