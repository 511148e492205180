#include "ReadingSettings.h"

#include <QSettings>

#include <algorithm>

namespace pulmo::app {

ReadingSettings ReadingSettings::load()
{
    QSettings settings;
    ReadingSettings reading;
    bool ok = false;
    const int stored = settings.value(QStringLiteral("reading/minimumViewMs"), kDefaultMinimumViewMs).toInt(&ok);
    reading.minimumViewMs = ok ? std::clamp(stored, 0, kMaximumViewMs) : kDefaultMinimumViewMs;
    reading.revealAfterLook = settings.value(QStringLiteral("reading/revealAfterLook"), false).toBool();
    return reading;
}

void ReadingSettings::save() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("reading/minimumViewMs"), std::clamp(minimumViewMs, 0, kMaximumViewMs));
    settings.setValue(QStringLiteral("reading/revealAfterLook"), revealAfterLook);
}

}  // namespace pulmo::app
