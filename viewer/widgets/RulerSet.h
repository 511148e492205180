#pragma once
// The distance rulers of a session: each image's own, in its image coordinates, kept under the
// image's key (SOP Instance UID, or the file without one) while other images are shown, so that
// paging back shows them again. One ruler may be selected. Hit tests in widget coordinates grab an
// end before a line, and the selected ruler's ends before the others'.
//
// A plain value type, UI thread. The stored rulers are a few lines per image measured: small
// enough to keep for the session without a bound.

#include <QHash>
#include <QLineF>
#include <QString>
#include <QTransform>

#include <vector>

namespace pulmo::viewer {

class RulerSet {
public:
    enum class Part { None, First, Second, Line };
    struct Hit {
        int index = -1;
        Part part = Part::None;
    };

    /// Keeps the current image's rulers and shows `imageKey`'s (none for an empty key).
    void switchTo(const QString& imageKey);
    const QString& imageKey() const { return m_key; }

    /// The current image's rulers.
    const std::vector<QLineF>& rulers() const { return m_rulers; }
    /// Adds a ruler and returns its index.
    int add(const QLineF& ruler);
    void replace(int index, const QLineF& ruler);
    void remove(int index);
    /// Removes every ruler of the current image.
    void clear();

    int selected() const { return m_selected; }
    /// Selects a ruler, or nothing for an index out of range.
    void select(int index);
    /// Removes the selected ruler; false when none was selected.
    bool removeSelected();

    /// The ruler part within reach of a widget point: an end within `handleReach` pixels, else a
    /// line within `lineReach`; index -1 for none.
    Hit hitTest(const QPointF& widgetPoint, const QTransform& imageToWidget, double handleReach = 8.0,
                double lineReach = 5.0) const;

private:
    void save();

    QString m_key;
    std::vector<QLineF> m_rulers;
    int m_selected = -1;
    QHash<QString, std::vector<QLineF>> m_saved;  // the other images', by key
};

}  // namespace pulmo::viewer
