#include "ResultSettings.h"

#include <QSettings>

namespace pulmo::app {

ResultSettings ResultSettings::load()
{
    QSettings settings;
    ResultSettings results;
    results.sendAutomatically = settings.value(QStringLiteral("results/sendAutomatically"), false).toBool();
    results.verifiedReports = settings.value(QStringLiteral("results/verifiedReports"), false).toBool();
    return results;
}

void ResultSettings::save() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("results/sendAutomatically"), sendAutomatically);
    settings.setValue(QStringLiteral("results/verifiedReports"), verifiedReports);
}

}  // namespace pulmo::app
