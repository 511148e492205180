#pragma once
// What the reader opens (files, folders, DICOMDIRs) and what arrives from a PACS, indexed in the
// background one opening at a time, with progress and cancel. Arrivals are gathered for a moment
// and indexed in batches, not one indexing run per instance; the first arrival of a retrieve is
// opened at once, so the reader sees the study as soon as its first image is here.
//
// UI thread only: the indexing runs on the global pool with its own index connection; progress
// and finished() arrive on the UI thread.

#include "index/StudyIndex.h"

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <memory>
#include <vector>

class QTimer;

namespace pulmo::app {

struct Opening {
    QStringList folders;
    QStringList files;
    QStringList requested;  ///< what the user named, to find the first image among them
    bool show = true;       ///< show the first image; false: only index (instances arriving from a PACS)
};

class OpeningQueue : public QObject {
    Q_OBJECT
public:
    /// `indexDatabase`: the study index file; the indexing opens its own connection to it.
    explicit OpeningQueue(const QString& indexDatabase, QObject* parent = nullptr);
    /// Cancels the indexing and waits for it.
    ~OpeningQueue() override;

    /// Files, folders (recursively) and DICOMDIRs (the files it lists): indexed after what is
    /// queued, then finished() with show = true. A DICOMDIR that cannot be read is reported by
    /// dicomDirFailed() and left out.
    void open(const QStringList& paths);
    /// An instance received from a PACS, under its final name: the first after
    /// showNextArrival() is opened at once, the rest are indexed in batches (show = false).
    void addArrival(const QString& filePath);
    /// The next arrival opens (a new batch of retrieves started).
    void showNextArrival() { m_showNextArrival = true; }
    /// How long arrivals are gathered before they are indexed together.
    void setArrivalDelay(int milliseconds);

    /// Stops the running indexing; what was read so far is kept and reported.
    void cancel();
    bool isIndexing() const { return m_watcher.isRunning(); }
    /// Openings waiting behind the running one.
    int queuedCount() const { return int(m_queue.size()); }

Q_SIGNALS:
    void started(const pulmo::app::Opening& opening);
    void progress(int done, int total);
    /// Indexing ended (completely, or cancelled: report.cancelled).
    void finished(const pulmo::app::Opening& opening, const pulmo::index::IndexReport& report);
    /// Indexing failed (the database could not be written): `message` in the reader's words.
    void failed(const pulmo::app::Opening& opening, const QString& message);
    void dicomDirFailed(const QString& message);

private:
    void enqueue(const Opening& opening);
    void start(const Opening& opening);
    void done();
    void indexArrivals();

    QString m_database;
    QFutureWatcher<index::IndexReport> m_watcher;
    std::shared_ptr<std::atomic_bool> m_cancel;
    Opening m_current;
    std::vector<Opening> m_queue;
    QStringList m_arrivals;  // received, not yet indexed
    QTimer* m_arrivalTimer;
    bool m_showNextArrival = false;
};

}  // namespace pulmo::app
