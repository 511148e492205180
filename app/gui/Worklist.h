#pragma once
// The reader's worklist: every series in the browser's visible order (its sort and filter), the
// study each belongs to, the current series' images, and where the reader is among them; what
// next/previous image and study and "next unreviewed" mean, and which file to decode ahead.
// A model over the study index, without widgets. UI thread only (it reads the UI thread's index).

#include "index/StudyIndex.h"

#include <QStringList>

#include <functional>
#include <utility>
#include <vector>

namespace pulmo::app {

class Worklist {
public:
    /// `index` must outlive the worklist (the window owns both).
    explicit Worklist(const index::StudyIndex* index) : m_index(index) {}

    /// The series in browser order (after a reload, a filter or a sort), and the Study Instance UID
    /// of each (`studyOfEachSeries[i]` is the study of `seriesInstanceUids[i]`; left empty, each
    /// series is a study of its own). The current series stays current when it is still there; else
    /// there is none until the next move.
    void setSeriesOrder(const QStringList& seriesInstanceUids, const QStringList& studyOfEachSeries = {});
    const QStringList& seriesOrder() const { return m_series; }
    /// What the reader opened last: its copies of an image are the ones shown. Read again at the next
    /// move, even within the current series.
    void setViewRoots(const QStringList& roots);
    const QStringList& viewRoots() const { return m_viewRoots; }

    /// Moves to an image: false (and nothing changes but the series) when the series has no image or
    /// the position is outside the list. The image position is clamped to the series.
    bool moveTo(int seriesPosition, int instancePosition);
    bool moveToSeries(const QString& seriesInstanceUid);
    bool nextImage();      ///< past the series' last image: the next study's first
    bool previousImage();  ///< before the series' first image: the previous study's first
    bool nextStudy();      ///< the next study's first series (a study's series are together)
    bool previousStudy();  ///< the previous study's first series
    /// Whether an image still wants the reader's verdict.
    using NeedsReview = std::function<bool(const index::InstanceRecord&)>;
    /// Moves to the next image after the current one, in the worklist's order, for which
    /// `needsReview` says yes; from the top again after the end, up to the current image. False
    /// (nothing moves) when no other image needs review.
    bool nextUnreviewed(const NeedsReview& needsReview);

    int seriesPosition() const { return m_seriesPosition; }
    int instancePosition() const { return m_instancePosition; }
    /// The current series' Series Instance UID, or empty.
    QString currentSeries() const { return m_series.value(m_seriesPosition); }
    /// The current series' study, or empty.
    QString currentStudy() const { return studyAt(m_seriesPosition); }
    /// The current image's file, or empty.
    QString currentFile() const;
    const std::vector<index::InstanceRecord>& instances() const { return m_instances; }
    /// The file the reader will most likely ask for next (the next image, or the next series' first),
    /// to decode ahead; empty at the end.
    QString fileToPrefetch() const;
    /// The current study's place among the worklist's studies (from 0) and how many there are, for
    /// "study m of M" (a study's series are together in the order).
    std::pair<int, int> studyPlace() const;

private:
    QString studyAt(int seriesPosition) const;

    const index::StudyIndex* m_index;
    QStringList m_series;
    QStringList m_studies;  // of each series; empty: each series its own study
    QStringList m_viewRoots;
    int m_seriesPosition = -1;
    std::vector<index::InstanceRecord> m_instances;  // of the current series
    int m_instancePosition = -1;
    bool m_stale = true;  // m_instances must be read again
};

}  // namespace pulmo::app
