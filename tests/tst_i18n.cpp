// The workstation in German, French and English: a real MainWindow offscreen, switched through the
// same function the program calls (pulmo::app::installTranslations) by the saved setting and, in a
// child process, by LANGUAGE / LC_ALL; Qt's own dialog buttons; plural forms; numbers in the
// language's locale; `pulmo --help` as a German reader sees it. And the shipped .ts files: every
// message translated, none vanished, and current with the sources (lupdate run into a copy).
#include "MainWindow.h"
#include "AiPanel.h"
#include "PreferencesDialog.h"
#include "Translations.h"

#include <QtTest>

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QXmlStreamReader>

#include <cstdio>

using namespace pulmo;

namespace {

/// What a German, French or English reader sees in the places the test looks at.
struct Seen {
    QString language;
    QStringList menus;        ///< the menu bar's titles
    QStringList fileActions;  ///< the File menu's items (no separators)
    QStringList aiActions;    ///< the AI menu's items
    QString agree;
    QString disagree;
    QString preferencesTitle;
    QString preferencesCancel;  ///< Qt's own translation
    QString decimal;            ///< QLocale().toString(0.5)
    QString oneImage;
    QString twoImages;
    QString zeroImages;
};

QStringList actionTexts(const QMenu* menu)
{
    QStringList texts;
    for (const QAction* action : menu->actions())
        if (!action->isSeparator()) texts << action->text();
    return texts;
}

/// Installs `choice` through the program's function and reads a fresh window and dialog.
Seen look(const QString& choice, const QString& database)
{
    Seen seen;
    seen.language = app::installTranslations(choice);
    app::MainWindow window(database);
    window.resize(1200, 800);
    window.show();
    for (const QAction* action : window.menuBar()->actions()) {
        seen.menus << action->text();
        if (!action->menu()) continue;
        // By what they hold, not by position: other menus may come between.
        const QList<QAction*> items = action->menu()->actions();
        const auto holds = [&items](const QKeySequence& shortcut) {
            return std::any_of(items.begin(), items.end(),
                               [&](const QAction* item) { return item->shortcut() == shortcut; });
        };
        if (holds(QKeySequence::Open)) seen.fileActions = actionTexts(action->menu());
        if (holds(QKeySequence(Qt::Key_A))) seen.aiActions = actionTexts(action->menu());
    }
    for (const QPushButton* button : window.aiPanel()->findChildren<QPushButton*>()) {
        if (button->text().endsWith(QLatin1String("(A)"))) seen.agree = button->text();
        if (button->text().endsWith(QLatin1String("(D)"))) seen.disagree = button->text();
    }
    app::PreferencesDialog dialog(app::Preferences{}, nullptr);
    seen.preferencesTitle = dialog.windowTitle();
    seen.preferencesCancel = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Cancel)->text();
    seen.decimal = QLocale().toString(0.5);
    const char* context = "pulmo::app::StatusLine";  // the opening's summary in the status bar
    seen.oneImage = QCoreApplication::translate(context, "%Ln image(s)", nullptr, 1);
    seen.twoImages = QCoreApplication::translate(context, "%Ln image(s)", nullptr, 2);
    seen.zeroImages = QCoreApplication::translate(context, "%Ln image(s)", nullptr, 0);
    return seen;
}

QJsonObject toJson(const Seen& seen)
{
    return {{QStringLiteral("language"), seen.language},
            {QStringLiteral("menus"), QJsonValue::fromVariant(seen.menus)},
            {QStringLiteral("fileActions"), QJsonValue::fromVariant(seen.fileActions)},
            {QStringLiteral("agree"), seen.agree},
            {QStringLiteral("preferencesTitle"), seen.preferencesTitle},
            {QStringLiteral("preferencesCancel"), seen.preferencesCancel},
            {QStringLiteral("decimal"), seen.decimal}};
}

/// One message of a .ts file, and whether it is finished.
struct TsMessage {
    QString key;  ///< context | source | comment
    bool finished = false;
    QString type;  ///< the translation's type attribute: "", "unfinished", "vanished", "obsolete"
};

std::vector<TsMessage> readTs(const QString& path, QString* error)
{
    std::vector<TsMessage> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = path + QStringLiteral(": ") + file.errorString();
        return messages;
    }
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage message;
    QString source;
    QString comment;
    bool inMessage = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("name") && !inMessage) {
                context = xml.readElementText();
            } else if (name == QLatin1String("message")) {
                inMessage = true;
                message = TsMessage{};
                source.clear();
                comment.clear();
            } else if (name == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (name == QLatin1String("comment")) {
                comment = xml.readElementText();
            } else if (name == QLatin1String("translation")) {
                message.type = xml.attributes().value(QLatin1String("type")).toString();
                // Text directly inside, or in <numerusform> children: every form must be filled.
                bool anyForm = false;
                bool allForms = true;
                QString direct;
                while (!(xml.isEndElement() && xml.name() == QLatin1String("translation")) && !xml.atEnd()) {
                    xml.readNext();
                    if (xml.isStartElement() && xml.name() == QLatin1String("numerusform")) {
                        anyForm = true;
                        allForms = !xml.readElementText().isEmpty() && allForms;
                    } else if (xml.isCharacters() && !xml.isWhitespace()) {
                        direct += xml.text();
                    }
                }
                message.finished = anyForm ? allForms : !direct.isEmpty();
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            inMessage = false;
            message.key = context + QLatin1Char('|') + source + QLatin1Char('|') + comment;
            messages.push_back(message);
        }
    }
    if (xml.hasError()) *error = path + QStringLiteral(": ") + xml.errorString();
    return messages;
}

QString tsPath(const QString& language)
{
    return QStringLiteral(PULMO_SOURCE_DIR "/translations/pulmo_%1.ts").arg(language);
}

QStringList lupdateArguments(bool pluralOnly)
{
    QStringList arguments{QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none")};
    if (pluralOnly) arguments << QStringLiteral("-pluralonly");
    for (const QString& include : QStringLiteral(PULMO_TRANSLATION_INCLUDES).split(QLatin1Char('|')))
        arguments << QStringLiteral("-I") + include;
    arguments << QStringLiteral("@" PULMO_TRANSLATED_SOURCES_LIST);
    return arguments;
}

}  // namespace

class TestI18n : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    int m_windows = 0;

    QString database() { return m_work.filePath(QStringLiteral("index-%1.sqlite").arg(++m_windows)); }

    /// This test program again, with only the given environment changed, reporting what it saw.
    QJsonObject lookInChild(const QMap<QString, QString>& environment)
    {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString& name : {QStringLiteral("LANGUAGE"), QStringLiteral("LC_ALL"), QStringLiteral("LC_MESSAGES"),
                                    QStringLiteral("LANG")})
            env.remove(name);
        for (auto it = environment.cbegin(); it != environment.cend(); ++it) env.insert(it.key(), it.value());
        env.insert(QStringLiteral("PULMO_I18N_CHILD_DATABASE"), database());
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        if (!child.waitForFinished(120000)) return {{QStringLiteral("error"), QStringLiteral("child timed out")}};
        const QByteArray out = child.readAllStandardOutput();
        const QJsonDocument document = QJsonDocument::fromJson(out.trimmed().split('\n').last());
        if (child.exitCode() != 0 || !document.isObject())
            return {{QStringLiteral("error"), QString::fromUtf8(out + child.readAllStandardError())}};
        return document.object();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void cleanup()
    {
        app::saveLanguage(QString());
        app::installTranslations(QStringLiteral("en"));
    }

    void german_chosenInPreferences_menusPanelAndDialogAreGerman()
    {
        app::saveLanguage(QStringLiteral("de"));
        QCOMPARE(app::savedLanguage(), QStringLiteral("de"));
        const Seen seen = look(app::savedLanguage(), database());
        QCOMPARE(seen.language, QStringLiteral("de"));
        QCOMPARE(seen.menus,
                 (QStringList{QStringLiteral("&Datei"), QStringLiteral("&Bearbeiten"), QStringLiteral("&Ansicht"),
                              QStringLiteral("&KI"), QStringLiteral("&Fensterung"), QStringLiteral("&Gehe zu"),
                              QStringLiteral("&Hilfe")}));
        QVERIFY2(seen.fileActions.contains(QStringLiteral("&Dateien öffnen …")),
                 qPrintable(seen.fileActions.join('/')));
        QVERIFY2(seen.fileActions.contains(QStringLiteral("Ein&stellungen …")), qPrintable(seen.fileActions.join('/')));
        QVERIFY2(seen.aiActions.contains(QStringLiteral("&Zustimmen")), qPrintable(seen.aiActions.join('/')));
        QVERIFY2(seen.aiActions.contains(QStringLiteral("A&blehnen …")), qPrintable(seen.aiActions.join('/')));
        QCOMPARE(seen.agree, QStringLiteral("Zustimmen (A)"));
        QCOMPARE(seen.disagree, QStringLiteral("Ablehnen (D)"));
        QCOMPARE(seen.preferencesTitle, QStringLiteral("Einstellungen"));
        QCOMPARE(seen.preferencesCancel, QStringLiteral("Abbrechen"));  // qtbase_de.qm
        QCOMPARE(seen.decimal, QStringLiteral("0,5"));
        QCOMPARE(seen.oneImage, QStringLiteral("1 Bild"));
        QCOMPARE(seen.twoImages, QStringLiteral("2 Bilder"));
        QCOMPARE(seen.zeroImages, QStringLiteral("0 Bilder"));
    }

    void french_chosenInPreferences_menusPanelAndDialogAreFrench()
    {
        app::saveLanguage(QStringLiteral("fr"));
        const Seen seen = look(app::savedLanguage(), database());
        QCOMPARE(seen.language, QStringLiteral("fr"));
        QCOMPARE(seen.menus,
                 (QStringList{QStringLiteral("&Fichier"), QStringLiteral("É&dition"), QStringLiteral("&Affichage"),
                              QStringLiteral("&IA"), QStringLiteral("Fenê&trage"), QStringLiteral("A&ller à"),
                              QStringLiteral("Ai&de")}));
        QVERIFY2(seen.fileActions.contains(QStringLiteral("&Ouvrir des fichiers…")),
                 qPrintable(seen.fileActions.join('/')));
        QVERIFY2(seen.fileActions.contains(QStringLiteral("Préférence&s…")), qPrintable(seen.fileActions.join('/')));
        QVERIFY2(seen.aiActions.contains(QStringLiteral("&D'accord")), qPrintable(seen.aiActions.join('/')));
        QCOMPARE(seen.agree, QStringLiteral("D'accord (A)"));
        QCOMPARE(seen.disagree, QStringLiteral("Pas d'accord (D)"));
        QCOMPARE(seen.preferencesTitle, QStringLiteral("Préférences"));
        QCOMPARE(seen.preferencesCancel, QStringLiteral("Annuler"));  // qtbase_fr.qm
        QCOMPARE(seen.decimal, QStringLiteral("0,5"));
        QCOMPARE(seen.oneImage, QStringLiteral("1 image"));
        QCOMPARE(seen.zeroImages, QStringLiteral("0 image"));  // French: singular for 0 and 1
        QCOMPARE(seen.twoImages, QStringLiteral("2 images"));
    }

    void english_chosenInPreferences_isEnglishWithEnglishPlurals()
    {
        app::saveLanguage(QStringLiteral("en"));
        const Seen seen = look(app::savedLanguage(), database());
        QCOMPARE(seen.language, QStringLiteral("en"));
        QCOMPARE(seen.menus.value(0), QStringLiteral("&File"));
        QCOMPARE(seen.menus.value(1), QStringLiteral("&Edit"));
        QCOMPARE(seen.menus.value(4), QStringLiteral("&Window/Level"));
        QCOMPARE(seen.agree, QStringLiteral("Agree (A)"));
        QCOMPARE(seen.preferencesTitle, QStringLiteral("Preferences"));
        QCOMPARE(seen.preferencesCancel, QStringLiteral("Cancel"));
        QCOMPARE(seen.decimal, QStringLiteral("0.5"));
        QCOMPARE(seen.oneImage, QStringLiteral("1 image"));  // not "1 image(s)": pulmo_en.qm's plurals
        QCOMPARE(seen.twoImages, QStringLiteral("2 images"));
        QCOMPARE(seen.zeroImages, QStringLiteral("0 images"));
    }

    void preferences_offerTheLanguagesAndReturnTheChoice()
    {
        app::installTranslations(QStringLiteral("de"));
        app::Preferences current;
        current.language = QStringLiteral("fr");
        app::PreferencesDialog dialog(current, nullptr);
        auto* languages = dialog.findChild<QComboBox*>(QStringLiteral("language"));
        QVERIFY(languages);
        QCOMPARE(languages->count(), 4);
        QVERIFY2(languages->itemText(0).startsWith(QLatin1String("Systemvorgabe")), qPrintable(languages->itemText(0)));
        QCOMPARE(languages->itemText(2), QStringLiteral("Deutsch"));
        QCOMPARE(languages->itemText(3), QStringLiteral("Français"));
        QCOMPARE(languages->currentData().toString(), QStringLiteral("fr"));
        QCOMPARE(dialog.preferences().language, QStringLiteral("fr"));
        languages->setCurrentIndex(0);
        QCOMPARE(dialog.preferences().language, QString());  // the system's
    }

    void systemLanguage_followsLanguageAndLcAll_whenNothingIsChosen()
    {
        // QLocale reads the environment once per process: each case is a child process.
        struct Case {
            const char* name;
            QMap<QString, QString> environment;
            const char* language;
            const char* file;
            const char* decimal;
        };
        const Case cases[] = {
            {"LANGUAGE=de", {{"LANGUAGE", "de"}, {"LC_ALL", "de_DE.UTF-8"}}, "de", "&Datei", "0,5"},
            {"LC_ALL=fr_FR", {{"LC_ALL", "fr_FR.UTF-8"}}, "fr", "&Fichier", "0,5"},
            {"LANG=de_DE", {{"LANG", "de_DE.UTF-8"}}, "de", "&Datei", "0,5"},
            {"LANGUAGE=fr:de first", {{"LANGUAGE", "fr:de"}, {"LC_ALL", "de_DE.UTF-8"}}, "fr", "&Fichier", "0,5"},
            {"LC_ALL=C", {{"LC_ALL", "C"}}, "en", "&File", "0.5"},
        };
        QSettings().remove(QStringLiteral("ui/language"));
        for (const Case& c : cases) {
            const QJsonObject seen = lookInChild(c.environment);
            QVERIFY2(!seen.contains(QStringLiteral("error")),
                     qPrintable(QStringLiteral("%1: %2").arg(c.name, seen.value(QStringLiteral("error")).toString())));
            QCOMPARE(seen.value(QStringLiteral("language")).toString(), QString::fromLatin1(c.language));
            QCOMPARE(seen.value(QStringLiteral("menus")).toArray().first().toString(), QString::fromUtf8(c.file));
            QCOMPARE(seen.value(QStringLiteral("decimal")).toString(), QString::fromLatin1(c.decimal));
        }
    }

    void pulmoHelp_underAGermanLocale_isGerman()
    {
        QProcess pulmo;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("de"));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("de_DE.UTF-8"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_work.filePath(QStringLiteral("config")));  // no saved choice
        pulmo.setProcessEnvironment(env);
        pulmo.start(QStringLiteral(PULMO_GUI_PATH), {QStringLiteral("--help")});
        QVERIFY(pulmo.waitForFinished(60000));
        const QString help = QString::fromUtf8(pulmo.readAllStandardOutput());
        QVERIFY2(help.contains(QStringLiteral("Befundungsplatz für Thorax-Röntgenaufnahmen")), qPrintable(help));
        QVERIFY2(help.contains(QStringLiteral("Zu öffnende Dateien, Ordner oder DICOMDIRs")), qPrintable(help));
    }

    void shippedTranslations_haveEveryMessageTranslatedAndNoneVanished_data()
    {
        QTest::addColumn<QString>("language");
        for (const char* language : {"de", "fr", "en"}) QTest::newRow(language) << QString::fromLatin1(language);
    }

    void shippedTranslations_haveEveryMessageTranslatedAndNoneVanished()
    {
        QFETCH(QString, language);
        QString error;
        const auto messages = readTs(tsPath(language), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(!messages.empty());
        QStringList bad;
        for (const TsMessage& message : messages)
            if (!message.finished || !message.type.isEmpty())
                bad << (message.type.isEmpty() ? QStringLiteral("empty") : message.type) + QStringLiteral(": ") +
                           message.key;
        QVERIFY2(bad.isEmpty(), qPrintable(QStringLiteral("%1 in %2:\n").arg(bad.size()).arg(tsPath(language)) +
                                           bad.join(QLatin1Char('\n'))));
    }

    void shippedTranslations_areCurrentWithTheSources_data()
    {
        shippedTranslations_haveEveryMessageTranslatedAndNoneVanished_data();
    }

    void shippedTranslations_areCurrentWithTheSources()
    {
        // lupdate into a copy: a new string comes back unfinished, a removed one vanished, and the
        // set of messages must be the shipped file's. Fix: cmake --build build --target update_translations.
        QFETCH(QString, language);
        const QString copy = m_work.filePath(QStringLiteral("current_%1.ts").arg(language));
        QFile::remove(copy);
        QVERIFY(QFile::copy(tsPath(language), copy));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        QProcess lupdate;
        lupdate.setProcessChannelMode(QProcess::MergedChannels);
        lupdate.start(QStringLiteral(PULMO_LUPDATE), lupdateArguments(language == QLatin1String("en"))
                                                         << QStringLiteral("-ts") << copy);
        QVERIFY(lupdate.waitForFinished(120000));
        const QString output = QString::fromUtf8(lupdate.readAll());
        QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0, qPrintable(output));
        QVERIFY2(!output.contains(QLatin1String("lacks Q_OBJECT")) && !output.contains(QLatin1String("Qualifying")),
                 qPrintable(output));  // a tr() lupdate cannot place would be found under the wrong context
        QString error;
        const auto shipped = readTs(tsPath(language), &error);
        const auto current = readTs(copy, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList shippedKeys, currentKeys, stale;
        for (const TsMessage& message : shipped) shippedKeys << message.key;
        for (const TsMessage& message : current) {
            if (!message.type.isEmpty()) stale << message.type + QStringLiteral(": ") + message.key;
            if (message.type != QLatin1String("vanished") && message.type != QLatin1String("obsolete"))
                currentKeys << message.key;
        }
        QVERIFY2(stale.isEmpty(),
                 qPrintable(QStringLiteral("%1 is not current with the sources (run the update_translations target):\n")
                                .arg(tsPath(language)) +
                            stale.join(QLatin1Char('\n'))));
        shippedKeys.sort();
        currentKeys.sort();
        QCOMPARE(currentKeys, shippedKeys);
    }
};

int main(int argc, char* argv[])
{
    QApplication application(argc, argv);
    if (qEnvironmentVariableIsSet("PULMO_I18N_CHILD_DATABASE")) {
        // A child of systemLanguage_followsLanguageAndLcAll_whenNothingIsChosen: the system's language.
        QStandardPaths::setTestModeEnabled(true);
        const Seen seen = look(app::savedLanguage(), qEnvironmentVariable("PULMO_I18N_CHILD_DATABASE"));
        std::printf("%s\n", QJsonDocument(toJson(seen)).toJson(QJsonDocument::Compact).constData());
        return 0;
    }
    TestI18n test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_i18n.moc"
