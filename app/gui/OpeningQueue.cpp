#include "OpeningQueue.h"

#include "ErrorText.h"
#include "dicom/DicomError.h"
#include "dicom/DicomFile.h"

#include <QFileInfo>
#include <QPointer>
#include <QUnhandledException>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace pulmo::app {

OpeningQueue::OpeningQueue(const QString& indexDatabase, QObject* parent)
    : QObject(parent), m_database(indexDatabase), m_arrivalTimer(new QTimer(this))
{
    m_arrivalTimer->setSingleShot(true);
    m_arrivalTimer->setInterval(400);
    connect(m_arrivalTimer, &QTimer::timeout, this, &OpeningQueue::indexArrivals);
    connect(&m_watcher, &QFutureWatcher<index::IndexReport>::finished, this, &OpeningQueue::done);
}

OpeningQueue::~OpeningQueue()
{
    cancel();
    try {
        m_watcher.waitForFinished();  // rethrows what the indexing threw: already reported by failed()
    } catch (...) {
    }
}

void OpeningQueue::setArrivalDelay(int milliseconds)
{
    m_arrivalTimer->setInterval(milliseconds);
}

void OpeningQueue::cancel()
{
    if (m_cancel) *m_cancel = true;
}

void OpeningQueue::open(const QStringList& paths)
{
    Opening opening;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (info.isDir()) {
            opening.folders << info.absoluteFilePath();
        } else if (info.fileName().compare(QLatin1String("DICOMDIR"), Qt::CaseInsensitive) == 0) {
            try {
                for (const std::string& file : dicom::dicomDirectoryFiles(info.absoluteFilePath().toStdString()))
                    opening.files << QString::fromStdString(file);
            } catch (const dicom::DicomError& error) {
                Q_EMIT dicomDirFailed(ErrorText::dicom(error));
            }
        } else {
            opening.files << info.absoluteFilePath();
        }
        opening.requested << info.absoluteFilePath();
    }
    if (opening.folders.isEmpty() && opening.files.isEmpty()) return;
    if (opening.requested.size() == 1 &&
        QFileInfo(opening.requested.front()).fileName().compare(QLatin1String("DICOMDIR"), Qt::CaseInsensitive) == 0)
        opening.requested = opening.files;
    enqueue(opening);
}

namespace {

/// A received instance the reader can be shown first: a radiograph, not a report (no pixels) nor
/// Pulmo's heatmap capture of a result, which a study retrieved from the PACS may hold and send first.
/// The header only, of a local file just written.
bool isRadiograph(const QString& filePath)
{
    try {
        const dicom::ImageInfo info = dicom::readImageInfo(filePath.toStdString());
        return info.hasPixelData && !info.isAiResultCapture();
    } catch (const dicom::DicomError&) {
        return true;  // opened, so that the reader is told what is wrong with it
    }
}

}  // namespace

void OpeningQueue::addArrival(const QString& filePath)
{
    if (m_showNextArrival && isRadiograph(filePath)) {
        m_showNextArrival = false;
        open({filePath});
        return;
    }
    m_arrivals << filePath;
    if (!m_arrivalTimer->isActive()) m_arrivalTimer->start();
}

void OpeningQueue::indexArrivals()
{
    if (m_arrivals.isEmpty()) return;
    Opening opening;
    opening.files = m_arrivals;
    opening.requested = m_arrivals;
    opening.show = false;
    m_arrivals.clear();
    enqueue(opening);
}

void OpeningQueue::enqueue(const Opening& opening)
{
    if (m_watcher.isRunning())
        m_queue.push_back(opening);
    else
        start(opening);
}

void OpeningQueue::start(const Opening& opening)
{
    m_current = opening;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    Q_EMIT started(opening);
    const QString database = m_database;
    const auto cancel = m_cancel;
    QPointer<OpeningQueue> self(this);
    const auto progress = [self](int done, int total, const QString&) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, done, total] {
                if (self) Q_EMIT self->progress(done, total);
            },
            Qt::QueuedConnection);
    };
    m_watcher.setFuture(QtConcurrent::run([database, opening, cancel, progress] {
        index::StudyIndex index(database);  // this thread's own connection
        index::IndexReport report;
        if (!opening.folders.isEmpty()) report = index.indexFolders(opening.folders, progress, cancel.get());
        if (!opening.files.isEmpty() && !*cancel) {
            report.add(index.indexFiles(opening.files, progress, cancel.get()));
        }
        return report;
    }));
}

void OpeningQueue::done()
{
    const Opening opening = m_current;
    try {
        const index::IndexReport report = m_watcher.result();
        Q_EMIT finished(opening, report);
    } catch (const QUnhandledException& unhandled) {
        // QtConcurrent wraps what the indexing threw (the database could not be opened or written).
        QString message = ErrorText::of(unhandled);
        try {
            if (unhandled.exception()) std::rethrow_exception(unhandled.exception());
        } catch (const std::exception& error) {
            message = ErrorText::of(error);
        } catch (...) {
        }
        Q_EMIT failed(opening, message);
    } catch (const std::exception& error) {
        Q_EMIT failed(opening, ErrorText::of(error));
    }
    if (!m_queue.empty() && !m_watcher.isRunning()) {
        const Opening next = m_queue.front();
        m_queue.erase(m_queue.begin());
        start(next);
    }
}

}  // namespace pulmo::app
