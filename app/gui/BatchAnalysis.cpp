#include "BatchAnalysis.h"

#include <algorithm>

namespace pulmo::app {
namespace {

/// The image of a series the batch analyses: its first radiograph. Pulmo's own heatmap captures
/// are pictures of a result, never analysed; nullptr when the series has no other image.
const index::InstanceRecord* firstRadiograph(const std::vector<index::InstanceRecord>& instances)
{
    const auto found = std::find_if(instances.begin(), instances.end(),
                                    [](const index::InstanceRecord& instance) { return !instance.aiResultCapture; });
    return found == instances.end() ? nullptr : &*found;
}

}  // namespace

BatchAnalysis::BatchAnalysis(AiController* ai, const index::StudyIndex* index, ImageLoader* loader, QObject* parent)
    : QObject(parent), m_ai(ai), m_index(index), m_loader(loader)
{
}

QStringList BatchAnalysis::withRadiographs(const QStringList& seriesInstanceUids) const
{
    QStringList result;
    for (const QString& series : seriesInstanceUids)
        if (firstRadiograph(m_index->instances(series))) result << series;
    return result;
}

void BatchAnalysis::start(const QStringList& seriesInstanceUids)
{
    m_queue = withRadiographs(seriesInstanceUids);
    m_total = int(m_queue.size());
    m_done = 0;
    Q_EMIT progressChanged(m_done, m_total);
    next();
}

void BatchAnalysis::enqueue(const QStringList& seriesInstanceUids)
{
    if (seriesInstanceUids.isEmpty()) return;
    if (!isRunning()) {
        m_total = 0;
        m_done = 0;
    }
    for (const QString& uid : withRadiographs(seriesInstanceUids))
        if (!m_queue.contains(uid)) {
            m_queue << uid;
            ++m_total;
        }
    Q_EMIT progressChanged(m_done, m_total);
    next();
}

void BatchAnalysis::stop()
{
    m_queue.clear();
    m_seriesOf.clear();
    m_waiting = false;
    m_loader->cancel(m_decoding);  // a decode finishing after this is not the batch's any more
    m_decoding = 0;
    m_ai->cancelPending();
    Q_EMIT finished();
}

bool BatchAnalysis::takeResult(const QString& sopInstanceUid, const AiOutcome& outcome)
{
    if (!m_seriesOf.contains(sopInstanceUid)) return false;
    Q_EMIT seriesAnalysed(m_seriesOf.take(sopInstanceUid), outcome);
    m_waiting = false;
    countDone();
    return true;
}

void BatchAnalysis::countDone()
{
    ++m_done;
    Q_EMIT progressChanged(m_done, m_total);
    next();
}

void BatchAnalysis::next()
{
    if (m_waiting) return;
    if (m_queue.isEmpty()) {
        Q_EMIT finished();
        return;
    }
    const QString series = m_queue.takeFirst();
    const auto instances = m_index->instances(series);
    const index::InstanceRecord* image = firstRadiograph(instances);
    if (!image) {  // gone from the index, or only heatmap captures, since it was queued
        countDone();
        return;
    }
    m_waiting = true;
    const QString file = image->filePath;
    const QString sop = image->sopInstanceUid;
    ImageLoader::Request request;
    request.priority = -1;        // below the decoding the reader waits for
    request.keepInCache = false;  // a whole worklist would evict the reader's images and grow memory
    m_decoding = m_loader->load(
        file,
        [this, sop, series](const ImageLoader::Loaded& loaded) {
            m_decoding = 0;
            if (!loaded.image) {  // counted as done without a result; opening the image will say why
                m_waiting = false;
                countDone();
                return;
            }
            m_seriesOf.insert(sop, series);
            m_ai->analyse(sop, loaded.image);
        },
        request);
}

}  // namespace pulmo::app
