#include "Worklist.h"

#include <algorithm>

namespace pulmo::app {

void Worklist::setSeriesOrder(const QStringList& seriesInstanceUids)
{
    const QString current = currentSeries();
    m_series = seriesInstanceUids;
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

bool Worklist::nextStudy()
{
    return m_seriesPosition + 1 < m_series.size() && moveTo(m_seriesPosition + 1, 0);
}

bool Worklist::previousStudy()
{
    return m_seriesPosition > 0 && moveTo(m_seriesPosition - 1, 0);
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

}  // namespace pulmo::app
