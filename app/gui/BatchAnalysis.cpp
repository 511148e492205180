#include "BatchAnalysis.h"

#include "dicom/DicomFile.h"

#include <QApplication>
#include <QPointer>
#include <QThreadPool>

namespace pulmo::app {

BatchAnalysis::BatchAnalysis(AiController* ai, const index::StudyIndex* index, QObject* parent)
    : QObject(parent), m_ai(ai), m_index(index)
{
}

void BatchAnalysis::start(const QStringList& seriesInstanceUids)
{
    m_queue = seriesInstanceUids;
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
    for (const QString& uid : seriesInstanceUids)
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
    ++m_generation;
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
    if (instances.empty()) {
        countDone();
        return;
    }
    m_waiting = true;
    const QString file = instances.front().filePath;
    const QString sop = instances.front().sopInstanceUid;
    QPointer<BatchAnalysis> self(this);
    const quint64 generation = m_generation;
    QThreadPool::globalInstance()->start(
        [self, file, sop, series, generation] {
            std::shared_ptr<const dicom::DecodedImage> image;
            try {
                image = dicom::loadImage(file.toStdString());
            } catch (const std::exception&) {
                // Counted as done without a result; opening the image will say why.
            }
            QMetaObject::invokeMethod(
                qApp,
                [self, image, sop, series, generation] {
                    if (!self || self->m_generation != generation) return;  // gone, or stopped meanwhile
                    if (!image) {
                        self->m_waiting = false;
                        self->countDone();
                        return;
                    }
                    self->m_seriesOf.insert(sop, series);
                    self->m_ai->analyse(sop, image);
                },
                Qt::QueuedConnection);
        },
        -1);
}

}  // namespace pulmo::app
