// The reader's verdict in the window, offscreen, with a real TorchScript model
// (tests/oracle/make_model.py) and a real feedback database: a held key and a quick double tap make
// at most one verdict, a verdict before the minimum viewing time is refused and said, Undo writes a
// withdrawing row that the retraining export leaves out, each image shows its own verdict after
// paging, the reader-first reveal hides the answer until Space and is recorded, the Disagree choices
// are the labels that disagree, probabilities are whole percent, and "Reading as" names the reader.
#include "AiPanel.h"
#include "AuditLog.h"
#include "FeedbackDatabase.h"
#include "FeedbackSession.h"
#include "FeedbackStore.h"
#include "LabelWords.h"
#include "MainWindow.h"
#include "StudyExports.h"
#include "Translations.h"
#include "VerdictFlow.h"
#include "dicom/DicomWriter.h"
#include "widgets/ImageView.h"

#include <QtTest>

#include <QDirIterator>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QStatusBar>
#include <QTemporaryDir>

#include <sqlite3.h>

using namespace pulmo;

namespace {

QString makeModel(const QTemporaryDir& dir, const QString& name, const QString& kind, const QString& card)
{
    const QString path = dir.filePath(name);
    QProcess process;
    process.start(QStringLiteral(PULMO_SYSTEM_PYTHON), {QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/make_model.py"),
                                                        path, kind, QStringLiteral("--card"), card});
    process.waitForFinished(300000);
    return process.exitCode() == 0 ? path : QString();
}

/// The verdict rows of the database at `path`, oldest first (withdrawals included).
std::vector<feedback::VerdictRecord> verdictRows(const QString& path)
{
    feedback::FeedbackDatabase database(path.toStdString());
    feedback::FeedbackStore store(database);
    std::vector<feedback::VerdictRecord> rows;
    for (qint64 prediction = 1; prediction <= 50; ++prediction) {
        const auto history = store.history(prediction);
        rows.insert(rows.end(), history.begin(), history.end());
    }
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return rows;
}

/// An outcome as the AI controller hands it to the panel, without a model run.
app::AiOutcome fakeOutcome(const QString& label, float normal, bool indeterminate = false)
{
    auto model = std::make_shared<inference::ModelIdentity>();
    model->path = "/nowhere/model.pt";
    model->sha256 = std::string(64, 'b');
    model->device = "cpu";
    model->card.name = "test";
    model->card.version = "1";
    app::AiOutcome outcome;
    outcome.ok = true;
    outcome.model = model;
    outcome.prediction.labels = {"NORMAL", "PNEUMONIA"};
    outcome.prediction.probabilities = {normal, 1.0f - normal};
    outcome.prediction.confidence = std::max(normal, 1.0f - normal);
    outcome.label = label;
    outcome.indeterminate = indeterminate;
    outcome.threshold = 0.7;
    return outcome;
}

}  // namespace

class TestVerdict : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    QString m_model;
    int m_session = 0;
    QString m_database;  // of the current session

    /// `count` small DX images of distinct patients ("SESSION^<i>").
    QString writeSessionFolder(int count)
    {
        const QString folder = m_work.filePath(QStringLiteral("session%1").arg(m_session));
        QDir().mkpath(folder);
        for (int i = 0; i < count; ++i) {
            dicom::GrayImageSpec spec;
            spec.rows = 96;
            spec.columns = 80;
            spec.bitsStored = 12;
            spec.highBit = 11;
            spec.modality = "DX";
            spec.patientId = "S" + std::to_string(m_session) + "P" + std::to_string(i);
            spec.patientName = "SESSION^" + std::to_string(i);
            for (int p = 0; p < 96 * 80; ++p) spec.storedValues.push_back((p * (5 + 11 * i)) % 4096);
            dicom::writeGrayImage(QDir(folder).filePath(QStringLiteral("s%1.dcm").arg(i)).toStdString(), spec);
        }
        return folder;
    }

    /// A window over a new session of `count` images, its first image's AI result on screen.
    std::unique_ptr<app::MainWindow> openSession(int count, const app::ReadingSettings& reading)
    {
        ++m_session;
        m_database = m_work.filePath(QStringLiteral("feedback%1.sqlite").arg(m_session));
        QSettings().setValue(QStringLiteral("feedback/database"), m_database);
        QSettings().setValue(QStringLiteral("feedback/reader"), QStringLiteral("dr.verdict"));
        reading.save();
        app::AiSettings ai;
        ai.modelPath = m_model;
        auto window =
            std::make_unique<app::MainWindow>(m_work.filePath(QStringLiteral("index%1.sqlite").arg(m_session)), ai);
        window->resize(1200, 800);
        window->show();
        window->activateWindow();
        window->openPaths({writeSessionFolder(count)});
        if (!QTest::qWaitFor([&] { return window->aiSettledForCurrentImage(); }, 60000)) return nullptr;
        return window;
    }

    static app::ReadingSettings reading(int minimumViewMs, bool revealAfterLook = false)
    {
        app::ReadingSettings settings;
        settings.minimumViewMs = minimumViewMs;
        settings.revealAfterLook = revealAfterLook;
        return settings;
    }

    static bool waitForNewImage(app::MainWindow& window, const QString& previous)
    {
        return QTest::qWaitFor([&] { return window.currentFile() != previous && window.aiSettledForCurrentImage(); },
                               60000);
    }

    /// Saves a grab of the window's AI dock when PULMO_SCREENSHOT_DIR is set (for looking at it).
    static void screenshot(app::MainWindow& window, const QString& name)
    {
        const QString folder = qEnvironmentVariable("PULMO_SCREENSHOT_DIR");
        if (folder.isEmpty()) return;
        const QSize size = window.size();
        for (const QSize& screen : {QSize(1920, 1080), QSize(900, 600)}) {
            window.resize(screen);
            QTest::qWait(50);
            window.grab().save(QDir(folder).filePath(
                QStringLiteral("%1-%2x%3.png").arg(name).arg(screen.width()).arg(screen.height())));
        }
        window.resize(size);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        QStandardPaths::setTestModeEnabled(true);
        app::installTranslations(QStringLiteral("en"));
        QSettings().clear();
        m_model = makeModel(m_work, QStringLiteral("linear.pt"), QStringLiteral("linear"),
                            QStringLiteral(R"({"name":"linear","version":"1"})"));
        QVERIFY(!m_model.isEmpty());
    }

    void cleanupTestCase() { QSettings().clear(); }

    void heldKey_makesOneVerdict()
    {
        // No minimum time: only the auto-repeat rule stands between a held key and a verdict on
        // every image that comes.
        auto window = openSession(3, reading(0));
        QVERIFY(window);
        const QString first = window->currentFile();
        QTest::simulateEvent(window.get(), true, Qt::Key_A, Qt::NoModifier, QStringLiteral("a"), false);
        // The keyboard repeats every 30 ms, held until the save is done, the next image is on screen
        // with its AI result, and a second more.
        QElapsedTimer held;
        held.start();
        qint64 movedAt = -1;
        int repeats = 0;
        while (held.elapsed() < 60000 && (movedAt < 0 || held.elapsed() < movedAt + 1000)) {
            QTest::qWait(30);
            if (movedAt < 0 && window->currentFile() != first && window->aiSettledForCurrentImage())
                movedAt = held.elapsed();
            QTest::simulateEvent(window.get(), true, Qt::Key_A, Qt::NoModifier, QStringLiteral("a"), true);
            ++repeats;
        }
        QTest::simulateEvent(window.get(), false, Qt::Key_A, Qt::NoModifier, QStringLiteral("a"), false);
        QVERIFY2(movedAt >= 0, "the verdict was saved and the next image shown while the key was held");
        qInfo("key held %lld ms, %d auto-repeats, the next image's result after %lld ms", held.elapsed(), repeats,
              movedAt);
        window->feedback()->waitForWrites();
        QTest::qWait(100);
        window->feedback()->waitForWrites();
        const auto rows = verdictRows(m_database);
        QCOMPARE(int(rows.size()), 1);
        QCOMPARE(rows[0].verdict, QStringLiteral("agree"));
        QVERIFY(!window->feedback()->isReviewed(window->verdicts()->currentSopInstanceUid()));
        QCOMPARE(window->aiPanel()->reviewText(), QStringLiteral("Not reviewed yet"));
    }

    void freshAnalyses_areRecordedForMonitoring_onceEach()
    {
        // Issue 20: every fresh analysis the workstation makes is an observation for model monitoring
        // (source "workstation", the answer as shown, the model input's summary), and a reader's
        // verdict joins it by image and model.
        auto window = openSession(2, reading(0));
        QVERIFY(window);
        const QString first = window->verdicts()->currentSopInstanceUid();
        const QString firstFile = window->currentFile();
        QTest::keyClick(window.get(), Qt::Key_A);  // agree: saved, and the next image comes
        QVERIFY(waitForNewImage(*window, firstFile));
        window->feedback()->waitForWrites();
        feedback::FeedbackDatabase database(m_database.toStdString());
        sqlite3_stmt* query = nullptr;
        QCOMPARE(
            sqlite3_prepare_v2(database.handle(),
                               "SELECT o.sop_instance_uid, o.source, o.label, length(o.input_histogram), "
                               "o.input_mean > 0, (SELECT count(*) FROM verdicts v JOIN predictions p ON p.id = "
                               "v.prediction_id WHERE p.sop_instance_uid = o.sop_instance_uid AND p.model_sha256 = "
                               "o.model_sha256) FROM monitoring_observations o ORDER BY o.id",
                               -1, &query, nullptr),
            SQLITE_OK);
        QStringList rows;
        while (sqlite3_step(query) == SQLITE_ROW) {
            QStringList fields;
            for (int c = 0; c < 6; ++c)
                fields << QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(query, c)));
            rows << fields.join(QLatin1Char(' '));
        }
        sqlite3_finalize(query);
        QCOMPARE(rows.size(), 2);  // both images, once each
        QVERIFY2(rows[0].startsWith(first + QStringLiteral(" workstation ")), qPrintable(rows.join('\n')));
        QVERIFY2(rows[0].endsWith(QStringLiteral(" 256 1 1")), qPrintable(rows[0]));  // the verdict joins it
        QVERIFY2(rows[1].endsWith(QStringLiteral(" 256 1 0")), qPrintable(rows[1]));
    }

    void doubleTap_makesOneVerdict()
    {
        auto window = openSession(3, reading(700));
        QVERIFY(window);
        QTest::qWait(800);  // the first image was looked at
        const QString first = window->currentFile();
        QTest::keyClick(window.get(), Qt::Key_A);
        QTest::qWait(80);
        QTest::keyClick(window.get(), Qt::Key_A);  // meant for nothing: the save, or the image just come
        QVERIFY(waitForNewImage(*window, first));
        QTest::qWait(200);
        window->feedback()->waitForWrites();
        QCOMPARE(int(verdictRows(m_database).size()), 1);
        // The second tap was refused, and said so.
        const QString said = window->statusBar()->currentMessage();
        QVERIFY2(said.startsWith(QLatin1String("Look at the image first")) ||
                     said.startsWith(QLatin1String("Still saving")) ||
                     said.startsWith(QLatin1String("Nothing to judge")),
                 qPrintable(said));
    }

    void verdictBeforeTheMinimumTime_isRefused_andAfterItAccepted()
    {
        auto window = openSession(2, reading(3000));
        QVERIFY(window);
        const QString first = window->currentFile();
        QTest::keyClick(window.get(), Qt::Key_A);
        QVERIFY2(window->aiPanel()->saveText().startsWith(QLatin1String("Look at the image first")),
                 qPrintable(window->aiPanel()->saveText()));
        QVERIFY2(window->statusBar()->currentMessage().startsWith(QLatin1String("Look at the image first")),
                 qPrintable(window->statusBar()->currentMessage()));
        QTest::keyClick(window.get(), Qt::Key_D);  // D likewise: no disagreement form opens
        QVERIFY(!window->aiPanel()->isDisagreeing());
        window->feedback()->waitForWrites();
        QCOMPARE(int(verdictRows(m_database).size()), 0);
        QCOMPARE(window->currentFile(), first);

        QTest::qWait(3100);
        QTest::keyClick(window.get(), Qt::Key_A);
        QTRY_VERIFY2_WITH_TIMEOUT(window->currentFile() != first, qPrintable(window->aiPanel()->saveText()), 30000);
        window->feedback()->waitForWrites();
        const auto rows = verdictRows(m_database);
        QCOMPARE(int(rows.size()), 1);
        QVERIFY2(rows[0].circumstances.viewedMs.value_or(0) >= 3000,
                 qPrintable(QString::number(rows[0].circumstances.viewedMs.value_or(-1))));
        QCOMPARE(rows[0].circumstances.aiRevealedByReader, std::optional<bool>(false));
    }

    void undo_writesAWithdrawingRow_andTheExportLeavesTheImageOut()
    {
        auto window = openSession(3, reading(0));
        QVERIFY(window);
        QSignalSpy reviewed(window->feedback(), &app::FeedbackSession::reviewedChanged);
        const QString first = window->currentFile();
        const QString firstSop = window->verdicts()->currentSopInstanceUid();
        QTest::keyClick(window.get(), Qt::Key_A);
        QVERIFY(waitForNewImage(*window, first));
        const QString second = window->currentFile();
        const QString secondSop = window->verdicts()->currentSopInstanceUid();
        QTest::keyClick(window.get(), Qt::Key_A);
        QVERIFY(waitForNewImage(*window, second));
        QCOMPARE(window->feedback()->reviewedImages(), (QSet<QString>{firstSop, secondSop}));

        // Ctrl+Z on the third image: the second one's verdict is withdrawn, and the reader is taken
        // back to it, which shows no verdict now.
        QTest::keyClick(window.get(), Qt::Key_Z, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(window->currentFile() == second, 30000);
        QCOMPARE(window->aiPanel()->reviewText(), QStringLiteral("Not reviewed yet"));
        QVERIFY2(window->aiPanel()->saveText().startsWith(QStringLiteral("Verdict withdrawn · SESSION, 1")),
                 qPrintable(window->aiPanel()->saveText()));
        QCOMPARE(window->feedback()->reviewedImages(), QSet<QString>{firstSop});
        QVERIFY(!reviewed.isEmpty());
        QCOMPARE(reviewed.last().at(0).toString(), secondSop);
        QCOMPARE(reviewed.last().at(1).toBool(), false);
        QCOMPARE(window->aiPanel()->progressText(), QStringLiteral("1 of 3 reviewed, 0 disagreements"));

        window->feedback()->waitForWrites();
        const auto rows = verdictRows(m_database);
        QCOMPARE(int(rows.size()), 3);  // history stays: two verdicts and the withdrawal
        QCOMPARE(rows[2].verdict, QStringLiteral("withdrawn"));
        QCOMPARE(rows[2].withdrawsVerdictId, rows[1].id);
        QCOMPARE(rows[2].reader, QStringLiteral("dr.verdict"));

        // The export has the first image only.
        const QString exported = m_work.filePath(QStringLiteral("undo-export"));
        QSignalSpy exportDone(window->exports(), &app::StudyExports::retrainingExportFinished);
        window->exports()->exportForRetrainingInto(exported);
        QVERIFY(exportDone.wait(60000));
        QVERIFY2(exportDone.at(0).at(1).toString().startsWith(QLatin1String("Exported 1 image")),
                 qPrintable(exportDone.at(0).at(1).toString()));
        QTRY_VERIFY(window->findChild<QMessageBox*>() != nullptr);
        window->findChild<QMessageBox*>()->close();
        QFile manifest(QDir(exported).filePath(QStringLiteral("manifest.csv")));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        QCOMPARE(manifest.readAll().trimmed().count('\n'), 1);

        // Undo again takes the first one back; then there is nothing left, and that is said.
        window->activateWindow();
        QTRY_VERIFY(QApplication::activeWindow() == window.get());
        QTest::keyClick(window.get(), Qt::Key_Z, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(window->currentFile() == first, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(window->feedback()->reviewedImages().isEmpty(), 30000);
        QTest::keyClick(window.get(), Qt::Key_Z, Qt::ControlModifier);
        QVERIFY2(window->statusBar()->currentMessage().startsWith(QLatin1String("Nothing to undo")),
                 qPrintable(window->statusBar()->currentMessage()));
        window->feedback()->waitForWrites();
        QCOMPARE(int(verdictRows(m_database).size()), 4);
        feedback::FeedbackDatabase database(m_database.toStdString());
        QVERIFY(!feedback::AuditLog(database).verify().has_value());
        const auto audit = feedback::AuditLog(database).entries();
        QCOMPARE(
            int(std::count_if(audit.begin(), audit.end(),
                              [](const auto& entry) { return entry.action == QLatin1String("verdict.withdrawn"); })),
            2);
    }

    void paging_showsEachImagesOwnVerdict()
    {
        auto window = openSession(3, reading(0));
        QVERIFY(window);
        app::AiPanel* panel = window->aiPanel();
        QCOMPARE(panel->readerText(), QStringLiteral("Reading as: dr.verdict"));
        QCOMPARE(panel->reviewText(), QStringLiteral("Not reviewed yet"));
        screenshot(*window, QStringLiteral("not-reviewed"));
        const QString first = window->currentFile();
        QTest::keyClick(window.get(), Qt::Key_A);
        QVERIFY(waitForNewImage(*window, first));
        // The "Saved ..." of the verdict that moved the reader here stays, naming its patient.
        QVERIFY2(panel->saveText().startsWith(QLatin1String("Saved: agree with ")) &&
                     panel->saveText().endsWith(QStringLiteral(" · SESSION, 0")),
                 qPrintable(panel->saveText()));
        QCOMPARE(panel->reviewText(), QStringLiteral("Not reviewed yet"));
        const QString second = window->currentFile();
        QTest::keyClick(window.get(), Qt::Key_D);
        QVERIFY(panel->isDisagreeing());
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("apex"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QVERIFY(waitForNewImage(*window, second));
        QVERIFY2(panel->saveText().startsWith(QLatin1String("Saved: disagree, ")) &&
                     panel->saveText().endsWith(QStringLiteral(" · SESSION, 1")),
                 qPrintable(panel->saveText()));
        QCOMPARE(panel->reviewText(), QStringLiteral("Not reviewed yet"));
        QVERIFY(panel->comment().isEmpty());
        QVERIFY(!panel->isDisagreeing());

        // Back: each image its own verdict, the form empty, Agree closed until Change.
        window->previousImage();
        QTRY_VERIFY_WITH_TIMEOUT(window->currentFile() == second && window->aiSettledForCurrentImage(), 30000);
        QVERIFY2(panel->reviewText().startsWith(QLatin1String("You disagreed: ")) &&
                     panel->reviewText().contains(QStringLiteral(" → ")) &&
                     panel->reviewText().endsWith(QStringLiteral(" · dr.verdict")),
                 qPrintable(panel->reviewText()));
        QVERIFY(panel->saveText().isEmpty());
        QVERIFY(panel->comment().isEmpty());
        QVERIFY(!panel->isVerdictEnabled());
        screenshot(*window, QStringLiteral("reviewed"));
        window->previousImage();
        QTRY_VERIFY_WITH_TIMEOUT(window->currentFile() == first && window->aiSettledForCurrentImage(), 30000);
        QVERIFY2(panel->reviewText().startsWith(QLatin1String("You agreed: ")), qPrintable(panel->reviewText()));
        const QString when = panel->reviewText().section(QStringLiteral(" · "), 1, 1);
        QVERIFY2(QTime::fromString(when, QLocale().timeFormat(QLocale::ShortFormat)).isValid(), qPrintable(when));
        QVERIFY(panel->saveText().isEmpty());

        // A on a reviewed image is refused and said; Change (C) opens it for a new verdict.
        QTest::keyClick(window.get(), Qt::Key_A);
        QVERIFY2(panel->saveText().startsWith(QLatin1String("Already reviewed")), qPrintable(panel->saveText()));
        window->feedback()->waitForWrites();
        QCOMPARE(int(verdictRows(m_database).size()), 2);
        QTest::keyClick(window.get(), Qt::Key_C);
        QVERIFY(panel->isVerdictEnabled());
        QTest::keyClick(window.get(), Qt::Key_D);
        QVERIFY(panel->isDisagreeing());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QVERIFY(waitForNewImage(*window, first));
        window->feedback()->waitForWrites();
        QCOMPARE(int(verdictRows(m_database).size()), 3);

        // Forward to the third image: nothing of the others shows.
        window->nextImage();
        QTRY_VERIFY_WITH_TIMEOUT(window->currentFile() != second && window->aiSettledForCurrentImage(), 30000);
        QCOMPARE(panel->reviewText(), QStringLiteral("Not reviewed yet"));
        QVERIFY(panel->saveText().isEmpty());
        QVERIFY(panel->isVerdictEnabled());
    }

    void revealAfterLook_hidesTheAnswerUntilSpace_andRecordsIt()
    {
        auto window = openSession(2, reading(0, true));
        QVERIFY(window);
        app::AiPanel* panel = window->aiPanel();
        QCOMPARE(panel->labelText(), QStringLiteral("AI result hidden"));
        QVERIFY(panel->probabilityTexts().isEmpty());
        QVERIFY(!window->imageView()->hasHeatmap());
        QVERIFY(!panel->isVerdictEnabled());
        screenshot(*window, QStringLiteral("hidden"));
        QTest::keyClick(window.get(), Qt::Key_A);
        QVERIFY2(panel->saveText().startsWith(QLatin1String("Reveal the AI result first")),
                 qPrintable(panel->saveText()));
        QTest::keyClick(window.get(), Qt::Key_Space);
        QVERIFY2(QStringList({QStringLiteral("Normal"), QStringLiteral("Pneumonia"), QStringLiteral("Indeterminate")})
                     .contains(panel->labelText()),
                 qPrintable(panel->labelText()));
        QCOMPARE(panel->probabilityTexts().size(), 2);
        QVERIFY(window->imageView()->hasHeatmap());
        QVERIFY(panel->isVerdictEnabled());
        screenshot(*window, QStringLiteral("revealed"));
        const QString first = window->currentFile();
        QTest::keyClick(window.get(), Qt::Key_A);
        QVERIFY(waitForNewImage(*window, first));
        // The next image starts hidden again.
        QCOMPARE(panel->labelText(), QStringLiteral("AI result hidden"));
        QVERIFY(!window->imageView()->hasHeatmap());
        window->feedback()->waitForWrites();
        const auto rows = verdictRows(m_database);
        QCOMPARE(int(rows.size()), 1);
        QCOMPARE(rows[0].circumstances.aiRevealedByReader, std::optional<bool>(true));
        feedback::FeedbackDatabase database(m_database.toStdString());
        const auto audit = feedback::AuditLog(database).entries();
        QVERIFY(std::any_of(audit.begin(), audit.end(),
                            [](const auto& entry) { return entry.action == QLatin1String("prediction.revealed"); }));
    }

    void disagreeChoices_areOnlyTheLabelsThatDisagree()
    {
        app::AiPanel panel;
        panel.beginDisagreement(QStringLiteral("NORMAL"));
        QCOMPARE(panel.correctedLabelChoices(), (QStringList{"PNEUMONIA", "NOT_ASSESSABLE"}));
        QCOMPARE(panel.correctedLabel(), QStringLiteral("PNEUMONIA"));
        panel.beginDisagreement(QStringLiteral("PNEUMONIA"));
        QCOMPARE(panel.correctedLabelChoices(), (QStringList{"NORMAL", "NOT_ASSESSABLE"}));
        QCOMPARE(panel.correctedLabel(), QStringLiteral("NORMAL"));
        panel.beginDisagreement(QStringLiteral("INDETERMINATE"));
        QCOMPARE(panel.correctedLabelChoices(), (QStringList{"NORMAL", "PNEUMONIA", "NOT_ASSESSABLE"}));
        panel.clearVerdictForm();
        QVERIFY(panel.correctedLabelChoices().isEmpty());
        QVERIFY(!panel.isDisagreeing());
    }

    void probabilities_areWholePercentWithoutFalsePrecision_andLabelsAreWords()
    {
        QCOMPARE(app::LabelWords::probability(0.873), QStringLiteral("87%"));
        QCOMPARE(app::LabelWords::probability(0.5), QStringLiteral("50%"));
        QCOMPARE(app::LabelWords::probability(0.99), QStringLiteral("99%"));
        QCOMPARE(app::LabelWords::probability(0.9951), QStringLiteral("> 99%"));
        QCOMPARE(app::LabelWords::probability(0.99996), QStringLiteral("> 99%"));
        QCOMPARE(app::LabelWords::probability(1.0), QStringLiteral("> 99%"));
        QCOMPARE(app::LabelWords::probability(0.01), QStringLiteral("1%"));
        QCOMPARE(app::LabelWords::probability(0.004), QStringLiteral("< 1%"));
        QCOMPARE(app::LabelWords::probability(0.0), QStringLiteral("< 1%"));
        QCOMPARE(app::LabelWords::of(QStringLiteral("NOT_ASSESSABLE")), QStringLiteral("Not assessable"));
        QCOMPARE(app::LabelWords::of(QStringLiteral("INDETERMINATE")), QStringLiteral("Indeterminate"));
        QCOMPARE(app::LabelWords::of(QStringLiteral("EFFUSION")), QStringLiteral("EFFUSION"));  // not Pulmo's

        app::AiPanel panel;
        panel.showOutcome(fakeOutcome(QStringLiteral("NORMAL"), 0.873f));
        QCOMPARE(panel.labelText(), QStringLiteral("Normal"));
        QCOMPARE(panel.probabilityTexts(), (QStringList{"Normal  87%", "Pneumonia  13%"}));
        panel.showOutcome(fakeOutcome(QStringLiteral("PNEUMONIA"), 0.0002f));
        QCOMPARE(panel.labelText(), QStringLiteral("Pneumonia"));
        QCOMPARE(panel.probabilityTexts(), (QStringList{"Normal  < 1%", "Pneumonia  > 99%"}));
        panel.showOutcome(fakeOutcome(QStringLiteral("INDETERMINATE"), 0.62f, true));
        QCOMPARE(panel.labelText(), QStringLiteral("Indeterminate"));
        QCOMPARE(panel.statusText(), QStringLiteral("Top probability 62% is below the threshold of 70%: no decision."));
        for (const QString& text : panel.probabilityTexts())
            QVERIFY2(!text.contains(QLatin1Char('.')), qPrintable(text));

        // German and French set the sign apart, with a no-break space; the number is the locale's.
        app::installTranslations(QStringLiteral("de"));
        const QLocale previous;
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        const QString german = app::LabelWords::probability(0.873);
        const QString germanHigh = app::LabelWords::probability(0.999);
        const QString germanLabel = app::LabelWords::of(QStringLiteral("NOT_ASSESSABLE"));
        QLocale::setDefault(previous);
        app::installTranslations(QStringLiteral("en"));
        QCOMPARE(german, QStringLiteral("87\u00a0%"));
        QCOMPARE(germanHigh, QStringLiteral("> 99\u00a0%"));
        QCOMPARE(germanLabel, QStringLiteral("Nicht beurteilbar"));
    }
};

QTEST_MAIN(TestVerdict)
#include "tst_verdict.moc"
