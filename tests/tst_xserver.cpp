// The workstation on a real X server (Xvfb, no window manager), driven by xdotool as a reader's
// keyboard would drive it: what offscreen tests cannot show. A key held down on X repeats (the server
// sends a press every ~40 ms): held for 1.5 s, `A` must make one verdict, not one per repeat. `?` is
// Shift+/ on a US keyboard and must still open the shortcut sheet. The first window opens at about
// 80% of the screen.
#include "dicom/DicomWriter.h"

#include <QtTest>

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <sqlite3.h>
#include <unistd.h>

namespace {

QString run(const QString& program, const QStringList& arguments, const QProcessEnvironment& environment,
            int timeoutMs = 30000)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

/// One number from the feedback database, or -1 when it cannot be read (yet).
int count(const QString& database, const char* sql)
{
    sqlite3* db = nullptr;
    int result = -1;
    if (sqlite3_open_v2(database.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW)
            result = sqlite3_column_int(statement, 0);
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return result;
}

}  // namespace

class TestXServer : public QObject {
    Q_OBJECT
    QTemporaryDir m_work;
    QProcess m_xvfb;
    QProcess m_pulmo;
    QProcessEnvironment m_environment;
    QString m_xdotool;
    QString m_feedback;
    QString m_window;

    QString xdotool(const QStringList& arguments, int timeoutMs = 30000)
    {
        return run(m_xdotool, arguments, m_environment, timeoutMs);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("Xvfb"));
        m_xdotool = QStandardPaths::findExecutable(QStringLiteral("xdotool"));
        QVERIFY2(!xvfb.isEmpty() && !m_xdotool.isEmpty(),
                 "Xvfb and xdotool are needed (scripts/install-deps.sh --tests)");
        // A display number nobody uses: the lock file says.
        int display = 100 + int(::getpid() % 400);
        while (QFile::exists(QStringLiteral("/tmp/.X%1-lock").arg(display))) ++display;
        m_xvfb.start(xvfb, {QStringLiteral(":%1").arg(display), QStringLiteral("-screen"), QStringLiteral("0"),
                            QStringLiteral("1920x1080x24"), QStringLiteral("-nolisten"), QStringLiteral("tcp")});
        QVERIFY(m_xvfb.waitForStarted());
        m_environment = QProcessEnvironment::systemEnvironment();
        m_environment.insert(QStringLiteral("DISPLAY"), QStringLiteral(":%1").arg(display));
        m_environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(display)), 10000);

        // Six readers' images, fresh settings: no minimum time on screen, so that only the key's
        // auto-repeat can be what stops a second verdict.
        const QString folder = m_work.filePath(QStringLiteral("images"));
        QVERIFY(QDir().mkpath(folder));
        for (int i = 0; i < 6; ++i) {
            pulmo::dicom::GrayImageSpec spec;
            spec.rows = 128;
            spec.columns = 112;
            spec.bitsStored = 12;
            spec.highBit = 11;
            spec.modality = "DX";
            spec.patientId = "XS" + std::to_string(i);
            spec.patientName = "XSERVER^" + std::to_string(i);
            for (int p = 0; p < spec.rows * spec.columns; ++p) spec.storedValues.push_back((p * (7 + 5 * i)) % 4096);
            pulmo::dicom::writeGrayImage(QDir(folder).filePath(QStringLiteral("x%1.dcm").arg(i)).toStdString(), spec);
        }
        m_feedback = m_work.filePath(QStringLiteral("feedback.sqlite"));
        const QString config = m_work.filePath(QStringLiteral("config/Pulmo"));
        QVERIFY(QDir().mkpath(config));
        QFile settings(config + QStringLiteral("/Pulmo.conf"));
        QVERIFY(settings.open(QIODevice::WriteOnly));
        settings.write("[feedback]\ndatabase=" + m_feedback.toUtf8() + "\n[reading]\nminimumViewMs=0\n");
        settings.close();
        m_environment.insert(QStringLiteral("HOME"), m_work.path());
        m_environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_work.filePath(QStringLiteral("config")));
        m_environment.insert(QStringLiteral("XDG_DATA_HOME"), m_work.filePath(QStringLiteral("data")));
        m_environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        m_environment.insert(QStringLiteral("LANGUAGE"), QStringLiteral("en"));
        m_pulmo.setProcessEnvironment(m_environment);
        m_pulmo.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_pulmo.start(QStringLiteral(PULMO_GUI_PATH),
                      {QStringLiteral("--index-db"), m_work.filePath(QStringLiteral("index.sqlite")), folder});
        QVERIFY(m_pulmo.waitForStarted());
        // Its title changes with the patient on screen; its process id does not (_NET_WM_PID).
        m_window = xdotool({QStringLiteral("search"), QStringLiteral("--sync"), QStringLiteral("--onlyvisible"),
                            QStringLiteral("--pid"), QString::number(m_pulmo.processId())},
                           60000)
                       .section(QLatin1Char('\n'), 0, 0);
        QVERIFY2(!m_window.isEmpty(), "the window did not appear on the X server");
    }

    void firstWindow_opensAtAboutEightyPercentOfTheScreen()
    {
        const QString geometry = xdotool({QStringLiteral("getwindowgeometry"), QStringLiteral("--shell"), m_window});
        QMap<QString, int> values;
        for (const QString& line : geometry.split(QLatin1Char('\n')))
            values[line.section('=', 0, 0)] = line.section('=', 1).toInt();
        QVERIFY2(
            values.value(QStringLiteral("WIDTH")) >= 1920 * 0.7 && values.value(QStringLiteral("WIDTH")) <= 1920 * 0.9,
            qPrintable(geometry));
        QVERIFY2(values.value(QStringLiteral("HEIGHT")) >= 1080 * 0.7 &&
                     values.value(QStringLiteral("HEIGHT")) <= 1080 * 0.9,
                 qPrintable(geometry));
    }

    void heldKey_onARealXServer_makesOneVerdict()
    {
        // The first image and its AI result on screen: the window audits the result it shows.
        QTRY_VERIFY_WITH_TIMEOUT(
            count(m_feedback, "SELECT COUNT(*) FROM audit_log WHERE action = 'prediction.shown'") >= 1, 90000);
        QTest::qWait(500);
        xdotool({QStringLiteral("windowfocus"), QStringLiteral("--sync"), m_window});
        xdotool({QStringLiteral("keydown"), QStringLiteral("a")});
        QTest::qWait(1500);  // the server repeats the key meanwhile (about 20 presses)
        xdotool({QStringLiteral("keyup"), QStringLiteral("a")});
        QTRY_VERIFY_WITH_TIMEOUT(count(m_feedback, "SELECT COUNT(*) FROM verdicts") >= 1, 20000);
        QTest::qWait(3000);  // any further verdict would have been written by now
        const int verdicts = count(m_feedback, "SELECT COUNT(*) FROM verdicts");
        QVERIFY2(verdicts == 1, qPrintable(QStringLiteral("%1 verdicts from one held key").arg(verdicts)));
        QCOMPARE(count(m_feedback, "SELECT COUNT(*) FROM verdicts WHERE verdict = 'agree'"), 1);
    }

    void questionMark_typedWithShift_opensTheShortcutSheet()
    {
        xdotool({QStringLiteral("windowfocus"), QStringLiteral("--sync"), m_window});
        xdotool({QStringLiteral("key"), QStringLiteral("shift+slash")});  // XTEST, to the focused window
        const QString sheet =
            xdotool({QStringLiteral("search"), QStringLiteral("--sync"), QStringLiteral("--onlyvisible"),
                     QStringLiteral("--name"), QStringLiteral("Keyboard Shortcuts")},
                    15000);
        QVERIFY2(!sheet.isEmpty(), "Shift+/ did not open the shortcut sheet");
    }

    void cleanupTestCase()
    {
        m_pulmo.terminate();
        if (!m_pulmo.waitForFinished(10000)) m_pulmo.kill();
        m_pulmo.waitForFinished();
        m_xvfb.terminate();
        m_xvfb.waitForFinished(10000);
    }
};

QTEST_GUILESS_MAIN(TestXServer)
#include "tst_xserver.moc"
