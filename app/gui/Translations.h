#pragma once
// The language of the window: Pulmo's own translations (embedded as resources, :/i18n/pulmo_xx.qm)
// and Qt's (qtbase_xx.qm from QLibraryInfo's translations folder, for the standard dialogs'
// buttons). Chosen by the saved setting (`ui/language`), else by the system's UI languages
// (LANGUAGE, LC_ALL, LC_MESSAGES, LANG through QLocale::system().uiLanguages()); English where
// neither names a language Pulmo has. Call on the UI thread, after QApplication exists.

#include <QString>
#include <QStringList>

namespace pulmo::app {

/// The languages Pulmo is translated into, as two-letter codes: "en", "de", "fr".
QStringList availableLanguages();

/// A language's name in that language ("Deutsch", "Français"), for the Preferences list.
QString languageName(const QString& code);

/// The language saved in Preferences, or empty for "as the system says".
QString savedLanguage();
/// Saves the choice (empty: the system's); it applies at the next start.
void saveLanguage(const QString& code);

/// The language the window takes for `choice` (a code of availableLanguages(), or empty for the
/// system's): the choice itself, else the first of the system's UI languages Pulmo has, else "en".
QString resolveLanguage(const QString& choice);

/// Installs the translators for `choice` (see resolveLanguage), replacing those an earlier call
/// installed, and makes the matching locale the default QLocale, so that numbers shown are
/// formatted for the language the text is in (the system's own locale when its language is that
/// one: de_CH stays de_CH). Returns the language installed. The translators belong to the
/// application object.
QString installTranslations(const QString& choice);

}  // namespace pulmo::app
