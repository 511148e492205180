// The AI results objects in the window, offscreen (issue 16 items 3, 5, 6): AI > Send Result to
// PACS stores the SR and SC on an Orthanc started here and the panel says so; a stopped PACS
// leaves them in the outbox, and they arrive after the PACS is back, across a restart of the
// window; a verdict becomes a verified SR when asked; a study that holds Pulmo's SR shows that
// result in the panel without running the model.

#include "support/OrthancServer.h"
#include "support/ProcessRun.h"

#include "AiController.h"
#include "AiPanel.h"
#include "FeedbackDatabase.h"
#include "FeedbackSession.h"
#include "MainWindow.h"
#include "PacsController.h"
#include "PacsSettings.h"
#include "ResultOutbox.h"
#include "ResultPublisher.h"
#include "ResultSettings.h"
#include "Translations.h"
#include "VerdictFlow.h"

#include "net/PacsQuery.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace pulmo;

namespace {

QString cli()
{
    return QStringLiteral(PULMO_CLI_PATH);
}

QJsonObject srOracle(const QString& path)
{
    const test::Run oracle = test::run(QStringLiteral(PULMO_SYSTEM_PYTHON),
                                       {QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/sr_oracle.py"), path});
    return QJsonDocument::fromJson(oracle.out).object();
}

QString demoModel()
{
    return QStringLiteral(PULMO_SOURCE_DIR "/resources/models/pulmo-demo-resnet18.pt");
}

}  // namespace

class TestResultsViewer : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    QString m_phantoms;
    int m_windows = 0;

    QString folder(const QString& name) const
    {
        const QString path = m_work.filePath(name);
        QDir().mkpath(path);
        return path;
    }

    /// The one PACS node, marked "AI results"; none without `peer`.
    static void configurePeer(const std::optional<net::PacsPeer>& peer)
    {
        app::PacsSettings pacs = app::PacsSettings::load();
        pacs.peers.clear();
        if (peer) {
            pacs.peers.push_back(*peer);
            pacs.peers.front().receivesResults = true;
        }
        pacs.receiverEnabled = false;
        pacs.save();
    }

    std::unique_ptr<app::MainWindow> openWindow(const QString& model = demoModel())
    {
        app::AiSettings ai;
        ai.modelPath = model;
        auto window =
            std::make_unique<app::MainWindow>(m_work.filePath(QStringLiteral("index%1.sqlite").arg(++m_windows)), ai);
        window->resize(1400, 900);
        window->show();
        return window;
    }

    /// The SOP Instance UIDs Orthanc holds in `study`.
    static QStringList instancesOf(const net::PacsPeer& peer, const QString& study)
    {
        QStringList sops;
        for (const net::InstanceRecord& instance : net::PacsQuery(peer, "PULMO").findInstances(study.toStdString()))
            sops << QString::fromStdString(instance.sopInstanceUid);
        return sops;
    }

    QString phantom(int index) const
    {
        return QDir(m_phantoms).filePath(QStringLiteral("SYN1-%1.dcm").arg(index, 4, 10, QLatin1Char('0')));
    }

    static QString studyOf(const QString& file)
    {
        const test::Run info = test::run(cli(), {QStringLiteral("info"), QStringLiteral("--json"), file});
        return QJsonDocument::fromJson(info.out).object()["study_instance_uid"].toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        QStandardPaths::setTestModeEnabled(true);
        app::installTranslations(QStringLiteral("en"));
        QSettings().clear();
        QSettings().setValue(QStringLiteral("reading/minimumViewMs"), 0);
        QSettings().setValue(QStringLiteral("feedback/database"), m_work.filePath(QStringLiteral("feedback.sqlite")));
        m_phantoms = folder(QStringLiteral("phantoms"));
        const test::Run made = test::run(
            cli(), {QStringLiteral("phantom"), QStringLiteral("--out"), m_phantoms, QStringLiteral("--patients"),
                    QStringLiteral("3"), QStringLiteral("--size"), QStringLiteral("384")});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        QVERIFY(!studyOf(phantom(1)).isEmpty());
    }

    void sendResult_storedOnThePacs_panelSaysWhere()
    {
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-send")), {{"PULMO", test::freePort()}});
        QVERIFY(orthanc.start());
        configurePeer(orthanc.peer());
        auto window = openWindow();
        window->openPaths({phantom(1)});
        QTRY_VERIFY_WITH_TIMEOUT(window->aiSettledForCurrentImage(), 60000);
        QVERIFY(window->aiPanel()->showsOutcome());
        QSignalSpy changed(window->results(), &app::ResultPublisher::deliveryChanged);
        window->sendCurrentResult();
        QTRY_VERIFY_WITH_TIMEOUT(window->aiPanel()->deliveryText().startsWith(QLatin1String("Result sent to")), 60000);
        QVERIFY2(window->aiPanel()->deliveryText().contains(QString::fromStdString(orthanc.peer().description)),
                 qPrintable(window->aiPanel()->deliveryText()));
        // The radiograph's study on the PACS now holds the SR and the SC (the radiograph was never sent).
        QCOMPARE(instancesOf(orthanc.peer(), studyOf(phantom(1))).size(), 2);
        QWidget* panel = window->aiPanel();
        QVERIFY(panel->grab().save(m_work.filePath(QStringLiteral("sent-panel.png"))));
        orthanc.stop();
    }

    void sendEveryResult_withoutBeingAsked()
    {
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-automatic")), {{"PULMO", test::freePort()}});
        QVERIFY(orthanc.start());
        configurePeer(orthanc.peer());
        app::ResultSettings settings;
        settings.sendAutomatically = true;
        settings.save();
        auto window = openWindow();
        window->openPaths({phantom(1)});
        QTRY_COMPARE_WITH_TIMEOUT(instancesOf(orthanc.peer(), studyOf(phantom(1))).size(), 2, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(window->aiPanel()->deliveryText().startsWith(QLatin1String("Result sent to")), 10000);
        app::ResultSettings().save();  // off again
        orthanc.stop();
    }

    void pacsDown_resultWaits_thenArrivesAfterARestart()
    {
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-down")),
                                    {{"PULMO", test::freePort()}});  // configured, not started
        configurePeer(orthanc.peer());
        {
            auto window = openWindow();
            window->openPaths({phantom(2)});
            QTRY_VERIFY_WITH_TIMEOUT(window->aiSettledForCurrentImage(), 60000);
            window->sendCurrentResult();
            QTRY_VERIFY_WITH_TIMEOUT(window->aiPanel()->deliveryText().startsWith(QLatin1String("Not sent yet")),
                                     60000);
            QVERIFY2(window->aiPanel()->deliveryText().contains(QLatin1String("Next try")),
                     qPrintable(window->aiPanel()->deliveryText()));
            window->results()->waitForIdle();
        }
        {
            // Nothing lost: both objects wait in the feedback database.
            feedback::FeedbackDatabase database(m_work.filePath(QStringLiteral("feedback.sqlite")).toStdString());
            QCOMPARE(feedback::ResultOutbox(database).pendingCount(), 2);
        }
        QVERIFY(orthanc.start());
        auto window = openWindow();  // a restart: the outbox is picked up at once
        QTRY_COMPARE_WITH_TIMEOUT(instancesOf(orthanc.peer(), studyOf(phantom(2))).size(), 2, 60000);
        window->results()->waitForIdle();
        QCoreApplication::processEvents();
        feedback::FeedbackDatabase database(m_work.filePath(QStringLiteral("feedback.sqlite")).toStdString());
        QCOMPARE(feedback::ResultOutbox(database).pendingCount(), 0);
        orthanc.stop();
    }

    void verdict_becomesAVerifiedReport_whenAsked()
    {
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-verified")), {{"PULMO", test::freePort()}});
        QVERIFY(orthanc.start());
        configurePeer(orthanc.peer());
        app::ResultSettings settings;
        settings.verifiedReports = true;
        settings.save();
        auto window = openWindow();
        window->openPaths({phantom(3)});
        QTRY_VERIFY_WITH_TIMEOUT(window->aiSettledForCurrentImage(), 60000);
        window->agree();
        // The AI's SR and SC and the reader's verified SR.
        QTRY_COMPARE_WITH_TIMEOUT(instancesOf(orthanc.peer(), studyOf(phantom(3))).size(), 3, 60000);
        window->results()->waitForIdle();
        const QString kept =
            QFileInfo(m_work.filePath(QStringLiteral("feedback.sqlite"))).dir().filePath(QStringLiteral("results"));
        QStringList verified;
        QDirIterator it(kept, {QStringLiteral("*.dcm")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QJsonObject sr = srOracle(it.next());
            if (sr["verification"].toString() == QLatin1String("VERIFIED")) verified << sr["sop_instance"].toString();
        }
        QCOMPARE(verified.size(), 1);
        QVERIFY(instancesOf(orthanc.peer(), studyOf(phantom(3))).contains(verified.front()));
        app::ResultSettings().save();  // off again
        orthanc.stop();
    }

    void studyWithPulmoReport_showsIt_withoutRunningTheModel()
    {
        // A study as the PACS holds it: the radiograph and Pulmo's SR and SC about it.
        const QString study = folder(QStringLiteral("on-the-pacs"));
        QVERIFY(QFile::copy(phantom(1), QDir(study).filePath(QStringLiteral("image.dcm"))));
        const test::Run written =
            test::run(cli(), {QStringLiteral("results"), QDir(study).filePath(QStringLiteral("image.dcm")),
                              QStringLiteral("--out"), study, QStringLiteral("--json")});
        QVERIFY2(written.exitCode == 0, written.err.constData());
        const QJsonObject result = QJsonDocument::fromJson(written.out.trimmed()).object();
        // The report and the capture stored first: the PACS may well send them first.
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-retrieve")), {{"PULMO", test::freePort()}});
        QVERIFY(orthanc.start());
        const test::Run stored =
            test::run(cli(), {QStringLiteral("send"), QStringLiteral("--peer"),
                              QString::fromStdString(net::peerAddress(orthanc.peer())),
                              result["sr"].toObject()["path"].toString(), result["sc"].toObject()["path"].toString(),
                              QDir(study).filePath(QStringLiteral("image.dcm"))});
        QVERIFY2(stored.exitCode == 0, stored.err.constData());
        QCOMPARE(instancesOf(orthanc.peer(), result["study_instance_uid"].toString()).size(), 3);
        configurePeer(orthanc.peer());
        // Another model in the window: had it run, its answer (0.75, Pneumonia) would show.
        QTemporaryDir models;
        const test::Run made =
            test::run(QStringLiteral(PULMO_SYSTEM_PYTHON),
                      {QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/make_model.py"),
                       models.filePath(QStringLiteral("fixed.pt")), QStringLiteral("fixed_bias"),
                       QStringLiteral("--card"), QStringLiteral(R"({"name":"fixed","version":"9"})")});
        QCOMPARE(made.exitCode, 0);
        auto window = openWindow(models.filePath(QStringLiteral("fixed.pt")));
        // Retrieved by C-GET: the study's reports come too, and the radiograph is what opens.
        window->pacs()->retrieve(orthanc.peer(), result["study_instance_uid"].toString(), net::RetrieveMethod::Get);
        // The instances come in the PACS's order: the report may arrive after the radiograph was shown
        // (and its analysis asked for); once it is indexed, its result is what the panel shows.
        const QString expected = result["label"].toString() == QLatin1String("PNEUMONIA") ? QStringLiteral("Pneumonia")
                                                                                          : QStringLiteral("Normal");
        app::AiPanel* panel = window->aiPanel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->statusText().contains(QLatin1String("From the PACS")), 60000);
        QCOMPARE(panel->labelText(), expected);
        QTest::qWait(1500);  // the model is ready by now: its answer (Pneumonia, 0.75) does not replace the report's
        QVERIFY2(panel->statusText().contains(QLatin1String("From the PACS")), qPrintable(panel->statusText()));
        QCOMPARE(panel->labelText(), expected);
        QVERIFY(window->grab().save(m_work.filePath(QStringLiteral("from-pacs-window.png"))));
        window.reset();

        // The same study opened from a folder: the report is there from the start, the model never runs.
        window = openWindow(models.filePath(QStringLiteral("fixed.pt")));
        window->openPaths({study});
        QTRY_VERIFY_WITH_TIMEOUT(window->aiSettledForCurrentImage(), 60000);
        QTest::qWait(1500);
        panel = window->aiPanel();
        QVERIFY2(panel->statusText().contains(QLatin1String("From the PACS")), qPrintable(panel->statusText()));
        QCOMPARE(panel->labelText(), expected);
        QVERIFY(!window->ai()->cached(result["sop_instance_uid"].toString()));  // the model did not run
        QVERIFY(panel->grab().save(m_work.filePath(QStringLiteral("from-pacs-panel.png"))));
        orthanc.stop();
    }
};

QTEST_MAIN(TestResultsViewer)
#include "tst_resultsviewer.moc"
