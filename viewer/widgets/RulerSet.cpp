#include "widgets/RulerSet.h"

#include <algorithm>

namespace pulmo::viewer {
namespace {

double distanceToSegment(const QPointF& point, const QLineF& segment)
{
    const QPointF d = segment.p2() - segment.p1();
    const double lengthSquared = QPointF::dotProduct(d, d);
    double t = lengthSquared > 0.0 ? QPointF::dotProduct(point - segment.p1(), d) / lengthSquared : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    return QLineF(point, segment.p1() + d * t).length();
}

}  // namespace

void RulerSet::save()
{
    if (m_key.isEmpty()) return;
    if (m_rulers.empty())
        m_saved.remove(m_key);
    else
        m_saved.insert(m_key, m_rulers);
}

void RulerSet::switchTo(const QString& imageKey)
{
    save();
    m_key = imageKey;
    m_rulers = imageKey.isEmpty() ? std::vector<QLineF>{} : m_saved.value(imageKey);
    m_selected = -1;
}

int RulerSet::add(const QLineF& ruler)
{
    m_rulers.push_back(ruler);
    save();
    return int(m_rulers.size()) - 1;
}

void RulerSet::replace(int index, const QLineF& ruler)
{
    if (index < 0 || index >= int(m_rulers.size())) return;
    m_rulers[size_t(index)] = ruler;
    save();
}

void RulerSet::remove(int index)
{
    if (index < 0 || index >= int(m_rulers.size())) return;
    m_rulers.erase(m_rulers.begin() + index);
    if (m_selected == index)
        m_selected = -1;
    else if (m_selected > index)
        --m_selected;
    save();
}

void RulerSet::clear()
{
    m_rulers.clear();
    m_selected = -1;
    save();
}

void RulerSet::select(int index)
{
    m_selected = index >= 0 && index < int(m_rulers.size()) ? index : -1;
}

bool RulerSet::removeSelected()
{
    if (m_selected < 0) return false;
    remove(m_selected);
    return true;
}

RulerSet::Hit RulerSet::hitTest(const QPointF& widgetPoint, const QTransform& imageToWidget, double handleReach,
                                double lineReach) const
{
    Hit hit;
    double best = handleReach;
    for (int pass = 0; pass < 2 && hit.index < 0; ++pass)
        for (int i = 0; i < int(m_rulers.size()); ++i) {
            if ((pass == 0) != (i == m_selected)) continue;
            const QLineF onScreen = imageToWidget.map(m_rulers[size_t(i)]);
            for (const Part part : {Part::First, Part::Second}) {
                const double distance =
                    QLineF(widgetPoint, part == Part::First ? onScreen.p1() : onScreen.p2()).length();
                if (distance <= best) best = distance, hit = Hit{i, part};
            }
        }
    if (hit.index >= 0) return hit;
    best = lineReach;
    for (int i = 0; i < int(m_rulers.size()); ++i) {
        const double distance = distanceToSegment(widgetPoint, imageToWidget.map(m_rulers[size_t(i)]));
        if (distance <= best) best = distance, hit = Hit{i, Part::Line};
    }
    return hit;
}

}  // namespace pulmo::viewer
