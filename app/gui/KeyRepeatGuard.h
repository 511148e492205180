#pragma once
// Keys whose shortcuts must not fire again while they are held (the verdict keys: a held `A` is one
// verdict). QAction::setAutoRepeat(false) relies on Qt marking repeats, and on X it cannot always: X
// sends a held key's repeats as a release and a press with one timestamp, and Qt's xcb plugin calls
// them a repeat only when it finds the press already queued behind the release. An idle window reads
// the release alone, and the press counts as a new one: holding A for 1.5 s on Xvfb made 3 verdicts
// (tst_xserver). This filter, installed on the application, also refuses a press that comes within
// a few milliseconds of the same key's release on X (no finger releases and presses again that fast;
// a quick double tap is 80 ms and more), and any press Qt marks as a repeat.

#include <QHash>
#include <QObject>
#include <QSet>

namespace pulmo::app {

class KeyRepeatGuard : public QObject {
    Q_OBJECT
public:
    /// `keys`: Qt::Key values (without modifiers).
    explicit KeyRepeatGuard(const QSet<int>& keys, QObject* parent = nullptr);
    bool eventFilter(QObject* watched, QEvent* event) override;

    /// A press this soon after the same key's release (in the window system's milliseconds) is a repeat.
    static constexpr unsigned long kRepeatGapMs = 15;

private:
    QSet<int> m_keys;
    QHash<int, unsigned long> m_released;  // key -> timestamp of its last release
    bool m_timestampsAreReal;              // X's are; a test's synthetic events' are not
};

}  // namespace pulmo::app
