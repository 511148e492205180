#pragma once
// Background analysis of whole series, for "Analyse All Studies" and for instances arriving from a
// PACS: one series at a time, its first image decoded off the UI thread and handed to the
// AiController; each answer goes to seriesAnalysed() (the browser's AI column). The image on
// screen is not this class's business: the window asks for it directly. UI thread only.

#include "AiController.h"
#include "ImageLoader.h"
#include "index/StudyIndex.h"

#include <QHash>
#include <QObject>
#include <QStringList>

namespace pulmo::app {

class BatchAnalysis : public QObject {
    Q_OBJECT
public:
    /// `index` (the UI thread's connection) and `loader` must outlive the batch, as the window's do.
    BatchAnalysis(AiController* ai, const index::StudyIndex* index, ImageLoader* loader, QObject* parent = nullptr);

    /// Analyses these series, in order, instead of what was queued. A series whose only images are
    /// Pulmo's heatmap captures (index::InstanceRecord::aiResultCapture) is left out: a picture of
    /// a result is never analysed. Of a series, its first other image is analysed.
    void start(const QStringList& seriesInstanceUids);
    /// Adds the series not yet queued; the counts go on from a running batch, else start afresh.
    void enqueue(const QStringList& seriesInstanceUids);
    /// Drops the queue and the AI's pending work; results so far stay where they were shown.
    void stop();
    bool isRunning() const { return m_waiting || !m_queue.isEmpty(); }
    /// Called with every AI answer: true when it answered the batch (seriesAnalysed() was emitted).
    bool takeResult(const QString& sopInstanceUid, const AiOutcome& outcome);

Q_SIGNALS:
    void progressChanged(int done, int total);
    /// The queue ran out, or stop() was called.
    void finished();
    void seriesAnalysed(const QString& seriesInstanceUid, const AiOutcome& outcome);

private:
    void next();
    void countDone();
    /// The series that hold an image other than a Pulmo heatmap capture, in order.
    QStringList withRadiographs(const QStringList& seriesInstanceUids) const;

    AiController* m_ai;
    const index::StudyIndex* m_index;
    ImageLoader* m_loader;
    ImageLoader::Ticket m_decoding = 0;  // the batch's image being decoded
    QStringList m_queue;
    QHash<QString, QString> m_seriesOf;  // SOP UID -> series, for the batch's requests
    int m_total = 0;
    int m_done = 0;
    bool m_waiting = false;  // an image of the batch is being decoded or analysed
};

}  // namespace pulmo::app
