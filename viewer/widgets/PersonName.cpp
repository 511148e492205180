#include "widgets/PersonName.h"

#include <QStringList>

namespace pulmo::viewer {
namespace {

QString displayGroup(const QString& group)
{
    const QStringList parts = group.split(QLatin1Char('^'));
    if (parts.size() < 2) return parts.value(0).trimmed();
    const QString family = parts[0].trimmed();
    const QString given = parts.mid(1, 2).join(QLatin1Char(' ')).trimmed();
    if (given.isEmpty()) return family;
    return family.isEmpty() ? given : family + QStringLiteral(", ") + given;
}

}  // namespace

QString displayPersonName(const QString& dicomName)
{
    QStringList groups;
    for (const QString& group : dicomName.split(QLatin1Char('='))) {
        const QString shown = displayGroup(group);
        if (!shown.isEmpty()) groups << shown;
    }
    return groups.join(QStringLiteral(" = "));
}

}  // namespace pulmo::viewer
