#include "Worklist.h"

#include <algorithm>

namespace pulmo::app {

void Worklist::setSeriesOrder(const QStringList& seriesInstanceUids, const QStringList& studyOfEachSeries)
{
    const QString current = currentSeries();
    m_series = seriesInstanceUids;
    m_studies = studyOfEachSeries.size() == seriesInstanceUids.size() ? studyOfEachSeries : QStringList();
    m_seriesPosition = current.isEmpty() ? -1 : int(m_series.indexOf(current));
    if (m_seriesPosition < 0) {
        m_instances.clear();
        m_instancePosition = -1;
        m_stale = true;
    }
}

void Worklist::setViewRoots(const QStringList& roots)
{
    m_viewRoots = roots;
    m_stale = true;
}

bool Worklist::moveTo(int seriesPosition, int instancePosition)
{
    if (seriesPosition < 0 || seriesPosition >= m_series.size()) return false;
    if (seriesPosition != m_seriesPosition || m_stale) {
        m_seriesPosition = seriesPosition;
        m_instances = m_index->instances(m_series[seriesPosition], m_viewRoots);
        m_stale = false;
    }
    if (m_instances.empty()) {
        m_instancePosition = -1;
        return false;
    }
    m_instancePosition = std::clamp(instancePosition, 0, int(m_instances.size()) - 1);
    return true;
}

bool Worklist::moveToSeries(const QString& seriesInstanceUid)
{
    const int position = int(m_series.indexOf(seriesInstanceUid));
    return position >= 0 && moveTo(position, 0);
}

bool Worklist::nextImage()
{
    if (m_instancePosition >= 0 && m_instancePosition + 1 < int(m_instances.size()))
        return moveTo(m_seriesPosition, m_instancePosition + 1);
    return nextStudy();
}

bool Worklist::previousImage()
{
    if (m_instancePosition > 0) return moveTo(m_seriesPosition, m_instancePosition - 1);
    return previousStudy();
}

QString Worklist::studyAt(int seriesPosition) const
{
    if (seriesPosition < 0 || seriesPosition >= m_series.size()) return {};
    return m_studies.isEmpty() ? m_series[seriesPosition] : m_studies[seriesPosition];
}

bool Worklist::nextStudy()
{
    if (m_seriesPosition < 0) return moveTo(0, 0);
    const QString study = studyAt(m_seriesPosition);
    int position = m_seriesPosition + 1;
    while (position < m_series.size() && studyAt(position) == study) ++position;
    return position < m_series.size() && moveTo(position, 0);
}

bool Worklist::previousStudy()
{
    if (m_seriesPosition <= 0) return false;
    // Back to the current study's first series, one more into the previous study, then its first.
    const QString study = studyAt(m_seriesPosition);
    int position = m_seriesPosition;
    while (position > 0 && studyAt(position - 1) == study) --position;
    if (position == 0) return false;
    const QString previous = studyAt(--position);
    while (position > 0 && studyAt(position - 1) == previous) --position;
    return moveTo(position, 0);
}

bool Worklist::nextUnreviewed(const NeedsReview& needsReview)
{
    if (m_series.isEmpty()) return false;
    const int startSeries = std::max(m_seriesPosition, 0);
    const int startInstance = m_seriesPosition < 0 ? -1 : m_instancePosition;
    // Every series once from the current one, and the current one's images before the reader's
    // position at the very end (after the wrap).
    for (int step = 0; step <= m_series.size(); ++step) {
        const int series = (startSeries + step) % int(m_series.size());
        const bool current = step == 0 || step == m_series.size();
        if (step == m_series.size() && startInstance < 0) break;
        const std::vector<index::InstanceRecord> images =
            series == m_seriesPosition && !m_stale ? m_instances : m_index->instances(m_series[series], m_viewRoots);
        const int first = step == 0 ? startInstance + 1 : 0;
        const int end = current && step != 0 ? startInstance : int(images.size());
        for (int i = std::max(first, 0); i < std::min(end, int(images.size())); ++i)
            if (needsReview(images[size_t(i)])) return moveTo(series, i);
    }
    return false;
}

QString Worklist::currentFile() const
{
    if (m_instancePosition < 0 || m_instancePosition >= int(m_instances.size())) return {};
    return m_instances[size_t(m_instancePosition)].filePath;
}

QString Worklist::fileToPrefetch() const
{
    if (m_instancePosition >= 0 && m_instancePosition + 1 < int(m_instances.size()))
        return m_instances[size_t(m_instancePosition + 1)].filePath;
    if (m_seriesPosition >= 0 && m_seriesPosition + 1 < m_series.size()) {
        const auto instances = m_index->instances(m_series[m_seriesPosition + 1], m_viewRoots);
        if (!instances.empty()) return instances.front().filePath;
    }
    return {};
}

std::pair<int, int> Worklist::studyPlace() const
{
    int place = -1;
    int studies = 0;
    QString previous;
    for (int position = 0; position < m_series.size(); ++position) {
        const QString study = studyAt(position);
        if (position == 0 || study != previous) ++studies;
        previous = study;
        if (position == m_seriesPosition) place = studies - 1;
    }
    return {std::max(place, 0), studies};
}

}  // namespace pulmo::app
