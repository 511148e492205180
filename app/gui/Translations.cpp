#include "Translations.h"

#include "PluginLoader.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

namespace pulmo::app {
namespace {

const QString kSettingKey = QStringLiteral("ui/language");

// Installed by the last call; replaced by the next. Owned by the application object.
QPointer<QTranslator> g_pulmo;
QPointer<QTranslator> g_qt;

QString languageOf(const QString& uiLanguage)
{
    // "de-DE", "de_DE.UTF-8", "fr" -> "de", "fr"
    return uiLanguage.section(QLatin1Char('.'), 0, 0)
        .section(QLatin1Char('-'), 0, 0)
        .section(QLatin1Char('_'), 0, 0)
        .toLower();
}

void replace(QPointer<QTranslator>& slot, QTranslator* next)
{
    if (slot) {
        QCoreApplication::removeTranslator(slot);
        delete slot;
    }
    slot = next;
    if (next) QCoreApplication::installTranslator(next);
}

}  // namespace

QStringList availableLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("fr")};
}

QString languageName(const QString& code)
{
    // Each language in its own words, as language menus show them: not translated.
    if (code == QLatin1String("de")) return QStringLiteral("Deutsch");
    if (code == QLatin1String("fr")) return QStringLiteral("Français");
    return QStringLiteral("English");
}

QString savedLanguage()
{
    const QString code = QSettings().value(kSettingKey).toString();
    return availableLanguages().contains(code) ? code : QString();
}

void saveLanguage(const QString& code)
{
    QSettings settings;
    if (availableLanguages().contains(code))
        settings.setValue(kSettingKey, code);
    else
        settings.remove(kSettingKey);
}

QString resolveLanguage(const QString& choice)
{
    const QStringList available = availableLanguages();
    if (available.contains(choice)) return choice;
    for (const QString& uiLanguage : QLocale::system().uiLanguages()) {
        const QString language = languageOf(uiLanguage);
        if (available.contains(language)) return language;
    }
    return QStringLiteral("en");
}

QString installTranslations(const QString& choice)
{
    const QString language = resolveLanguage(choice);
    auto* application = QCoreApplication::instance();
    // English needs one too: its plural forms ("1 image", "2 images") live in pulmo_en.qm.
    auto* pulmo = new QTranslator(application);
    const QString file = QStringLiteral("pulmo_%1.qm").arg(language);
    const QDir installed(QString::fromStdString(inference::dataDirectory()) + QStringLiteral("/translations"));
    if (!(installed.exists(file) && pulmo->load(installed.filePath(file))) &&
        !pulmo->load(QStringLiteral(":/i18n/") + file)) {
        qWarning("pulmo: the %s translation is missing from the program", qPrintable(language));
        delete pulmo;
        pulmo = nullptr;
    }
    replace(g_pulmo, pulmo);
    QTranslator* qt = nullptr;
    if (language != QLatin1String("en")) {
        qt = new QTranslator(application);
        if (!qt->load(QStringLiteral("qtbase_") + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            delete qt;  // Qt's own buttons stay English (Debian package qt6-translations-l10n)
            qt = nullptr;
        }
    }
    replace(g_qt, qt);
    const QLocale system = QLocale::system();
    QLocale::setDefault(languageOf(system.name()) == language ? system : QLocale(language));
    return language;
}

}  // namespace pulmo::app
