#include "KeyRepeatGuard.h"

#include <QGuiApplication>
#include <QKeyEvent>

namespace pulmo::app {

KeyRepeatGuard::KeyRepeatGuard(const QSet<int>& keys, QObject* parent)
    : QObject(parent), m_keys(keys), m_timestampsAreReal(QGuiApplication::platformName() == QLatin1String("xcb"))
{
}

bool KeyRepeatGuard::eventFilter(QObject* watched, QEvent* event)
{
    const QEvent::Type type = event->type();
    if (type != QEvent::ShortcutOverride && type != QEvent::KeyPress && type != QEvent::KeyRelease)
        return QObject::eventFilter(watched, event);
    auto* key = static_cast<QKeyEvent*>(event);
    if (!m_keys.contains(key->key())) return QObject::eventFilter(watched, event);
    if (type == QEvent::KeyRelease) {
        m_released.insert(key->key(), key->timestamp());
        return QObject::eventFilter(watched, event);
    }
    const auto released = m_released.constFind(key->key());
    const bool tooSoon = m_timestampsAreReal && released != m_released.constEnd() && key->timestamp() >= *released &&
                         key->timestamp() - *released <= kRepeatGapMs;
    if (!key->isAutoRepeat() && !tooSoon) return QObject::eventFilter(watched, event);
    // A repeat: an accepted ShortcutOverride keeps the shortcut from firing, and the press goes nowhere.
    event->accept();
    return true;
}

}  // namespace pulmo::app
