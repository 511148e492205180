// The PACS from the workstation's window, offscreen, against a real Orthanc on 127.0.0.1: the
// preferences' C-ECHO test (accepted, refused AE title), a study search by name with wildcards
// and its series, a retrieve by C-MOVE to the application's own Storage SCP whose first image opens
// as soon as it arrives and is analysed by the AI, a retrieve by C-GET into the browser, a peer
// that is not there (said in words, the window stays usable), and the audit rows of it all.
#include "AuditLog.h"
#include "FeedbackDatabase.h"
#include "MainWindow.h"
#include "PacsBrowser.h"
#include "PacsController.h"
#include "PreferencesDialog.h"
#include "Translations.h"
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"
#include "support/OrthancServer.h"
#include "support/WebPort.h"
#include "widgets/StudyBrowserModel.h"

#include <QtTest>

#include <QLabel>
#include <QRegularExpression>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTreeWidget>

using namespace pulmo;

class TestPacsGui : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    std::unique_ptr<test::OrthancServer> m_orthanc;
    uint16_t m_receiverPort = 0;
    QString m_model;
    QString m_janeStudy;
    QString m_janeFirstSop;
    QString m_smithStudy;
    QString m_johnStudy;

    QString folder(const QString& name) const { return m_work.filePath(name); }

    /// One study of `count` small DX images; returns its Study Instance UID.
    QString writeStudy(const QString& key, const std::string& name, const std::string& id, const std::string& date,
                       int count)
    {
        const QString out = folder(QStringLiteral("originals/") + key);
        QDir().mkpath(out);
        const std::string study = "1.2.826.0.1.3680043.10.1138." + std::to_string(qHash(key) % 100000);
        for (int i = 0; i < count; ++i) {
            dicom::GrayImageSpec spec;
            spec.rows = 128;
            spec.columns = 112;
            spec.bitsStored = 12;
            spec.highBit = 11;
            spec.modality = "DX";
            spec.sopClassUid = "1.2.840.10008.5.1.4.1.1.1.1";  // Digital X-Ray Image Storage - For Presentation
            spec.patientName = name;
            spec.patientId = id;
            spec.studyDate = date;
            spec.studyInstanceUid = study;
            spec.seriesInstanceUid = study + ".1";
            spec.sopInstanceUid = study + ".1." + std::to_string(i + 1);
            for (int p = 0; p < spec.rows * spec.columns; ++p)
                spec.storedValues.push_back((p * (3 + i) + int(id.size()) * 7) % 4096);
            dicom::writeGrayImage(QDir(out).filePath(QStringLiteral("%1.dcm").arg(i)).toStdString(), spec);
        }
        return QString::fromStdString(study);
    }

    void configure(const net::PacsPeer& peer)
    {
        app::PacsSettings pacs;
        pacs.local.aeTitle = "PULMO";
        pacs.local.storagePort = m_receiverPort;
        pacs.peers = {peer};
        pacs.save();
        QSettings().setValue(QStringLiteral("pacs/storageFolder"), folder(QStringLiteral("received")));
        QSettings().setValue(QStringLiteral("feedback/database"), folder(QStringLiteral("feedback.sqlite")));
        QSettings().setValue(QStringLiteral("feedback/reader"), QStringLiteral("dr.pacs"));
    }

    std::unique_ptr<app::MainWindow> openWindow()
    {
        app::AiSettings ai;
        ai.modelPath = m_model;
        auto window = std::make_unique<app::MainWindow>(folder(QStringLiteral("index.sqlite")), ai);
        window->resize(1400, 900);
        window->show();
        return window;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        QStandardPaths::setTestModeEnabled(true);
        pulmo::app::installTranslations(QStringLiteral("en"));  // as the program does: English plurals
        QSettings().clear();
        for (const char* tool : {"Orthanc", "storescu"})
            QVERIFY2(!test::program(QString::fromLatin1(tool)).isEmpty(),
                     qPrintable(QStringLiteral("%1 is missing: run scripts/install-deps.sh --tests").arg(tool)));
        m_janeStudy = writeStudy(QStringLiteral("jane"), "DOE^JANE", "PID-J", "20250314", 3);
        m_janeFirstSop = m_janeStudy + QStringLiteral(".1.1");
        m_smithStudy = writeStudy(QStringLiteral("smith"), "SMITH^ANNA", "PID-S", "20240101", 2);
        m_johnStudy = writeStudy(QStringLiteral("john"), "DOE^JOHN", "PID-D", "20240601", 2);
        m_receiverPort = test::freePort();
        m_orthanc = std::make_unique<test::OrthancServer>(folder(QStringLiteral("orthanc")),
                                                          test::OrthancServer::Receivers{{"PULMO", m_receiverPort}});
        QVERIFY2(m_orthanc->start(), "Orthanc did not start");
        const QString stored = m_orthanc->store(folder(QStringLiteral("originals")));
        QVERIFY2(stored.isEmpty(), qPrintable(stored));
        m_model = folder(QStringLiteral("linear.pt"));
        QCOMPARE(QProcess::execute(
                     QStringLiteral(PULMO_SYSTEM_PYTHON),
                     {QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/make_model.py"), m_model, QStringLiteral("linear"),
                      QStringLiteral("--card"), QStringLiteral(R"({"name":"linear","version":"1"})")}),
                 0);
        configure(m_orthanc->peer());
    }

    void cleanupTestCase()
    {
        if (m_orthanc) m_orthanc->stop();
        QSettings().clear();
    }

    void preferences_testButtonEchoesAndSaysWhyAPeerRefuses()
    {
        app::Preferences current;
        current.pacs = app::PacsSettings::load();
        current.pacs.listenAddress = "127.0.0.1";
        current.pacs.acceptAnyCaller = true;
        current.pacs.minimumFreeDiskMb = 512;
        app::PreferencesDialog dialog(current, nullptr);
        QCOMPARE(dialog.peerTable()->rowCount(), 1);
        if (qEnvironmentVariableIsSet("PULMO_SCREENSHOT_DIR")) {
            // The PACS page, to look at (who may send, where it listens, the disk watermark).
            auto* tabs = dialog.findChild<QTabWidget*>();
            for (int i = 0; tabs && i < tabs->count(); ++i)
                if (tabs->widget(i)->isAncestorOf(dialog.peerTable())) tabs->setCurrentIndex(i);
            dialog.resize(1000, 640);
            dialog.show();
            QCoreApplication::processEvents();
            dialog.grab().save(QDir(qEnvironmentVariable("PULMO_SCREENSHOT_DIR")).filePath("preferences-pacs.png"));
        }
        QSignalSpy echoed(&dialog, &app::PreferencesDialog::echoFinished);
        dialog.testPeer(0);
        QVERIFY(echoed.wait(30000));
        QVERIFY2(echoed.at(0).at(0).toBool(), qPrintable(echoed.at(0).at(1).toString()));
        QVERIFY2(dialog.echoText().contains(QLatin1String("C-ECHO answered")), qPrintable(dialog.echoText()));

        net::PacsPeer wrong = m_orthanc->peer();
        wrong.aeTitle = "NOT_ORTHANC";
        const int row = dialog.addPeer(wrong);
        dialog.testPeer(row);
        QVERIFY(echoed.wait(30000));
        QVERIFY(!echoed.at(1).at(0).toBool());
        const QString refused = echoed.at(1).at(1).toString();
        QVERIFY2(refused.contains(QLatin1String("NOT_ORTHANC")) &&
                     refused.contains(QLatin1String("reject"), Qt::CaseInsensitive),
                 qPrintable(refused));
        // What the dialog hands back is what was entered.
        const app::Preferences edited = dialog.preferences();
        QCOMPARE(int(edited.pacs.peers.size()), 2);
        QCOMPARE(edited.pacs.peers[1].aeTitle, std::string("NOT_ORTHANC"));
        QCOMPARE(edited.pacs.peers[0].port, m_orthanc->peer().port);
        QCOMPARE(edited.pacs.listenAddress, std::string("127.0.0.1"));
        QVERIFY(edited.pacs.acceptAnyCaller);
        QCOMPARE(edited.pacs.minimumFreeDiskMb, 512);
    }

    void receiverOverTls_withAMissingCertificate_saysWhyItIsNotReceiving()
    {
        app::PacsSettings pacs = app::PacsSettings::load();
        pacs.local.storagePort = test::freePort();
        pacs.receiverTls.enabled = true;
        pacs.receiverTls.certificateFile = folder(QStringLiteral("missing/workstation.pem")).toStdString();
        pacs.receiverTls.privateKeyFile = folder(QStringLiteral("missing/workstation.key")).toStdString();
        app::PacsController controller(pacs, folder(QStringLiteral("tls-received")), nullptr);
        QVERIFY(!controller.isReceiving());
        QVERIFY2(controller.receiverStatus().startsWith(QLatin1String("Not receiving")) &&
                     controller.receiverStatus().contains(QLatin1String("missing/workstation.")),
                 qPrintable(controller.receiverStatus()));
        pacs.receiverTls.enabled = false;  // switched back: it receives
        controller.setSettings(pacs);
        QVERIFY2(controller.isReceiving(), qPrintable(controller.receiverStatus()));
    }

    void searchRetrieveByMove_opensTheFirstImageAndAnalysesIt()
    {
        auto window = openWindow();
        QVERIFY2(window->pacs()->isReceiving(), qPrintable(window->pacs()->receiverStatus()));
        QTRY_VERIFY_WITH_TIMEOUT(window->ai()->isReady(), 60000);
        window->openPacsBrowser();
        app::PacsBrowser* browser = window->pacsBrowser();
        QVERIFY(browser->isVisible());
        net::StudyQuery query;
        query.patientName = "DOE*";
        query.modalities = "CR\\DX";
        browser->setQuery(query);
        QSignalSpy searched(browser, &app::PacsBrowser::searchFinished);
        browser->search();
        QVERIFY(searched.wait(30000));
        QVERIFY2(searched.at(0).at(1).toString().isEmpty(), qPrintable(searched.at(0).at(1).toString()));
        QCOMPARE(searched.at(0).at(0).toInt(), 2);  // DOE^JANE and DOE^JOHN, newest first
        QCOMPARE(browser->results()->topLevelItem(1)->text(0), QStringLiteral("DOE, JOHN"));
        QTreeWidgetItem* study = browser->results()->topLevelItem(0);
        QCOMPARE(study->text(0), QStringLiteral("DOE, JANE"));
        QCOMPARE(study->text(3), QStringLiteral("2025-03-14"));
        QSignalSpy listed(browser, &app::PacsBrowser::seriesListed);
        study->setExpanded(true);
        QVERIFY(listed.wait(30000));
        QCOMPARE(listed.at(0).at(1).toInt(), 1);
        QCOMPARE(study->childCount(), 1);
        QCOMPARE(study->child(0)->text(7), QStringLiteral("3"));

        QSignalSpy retrieved(browser, &app::PacsBrowser::studyRetrieved);
        QSignalSpy shown(window.get(), &app::MainWindow::imageShown);
        study->setSelected(true);
        browser->retrieveSelected(QStringLiteral("move"));
        QVERIFY(retrieved.wait(60000));
        const auto result = retrieved.at(0).at(1).value<net::RetrieveResult>();
        QVERIFY2(result.outcome == net::RetrieveOutcome::Success, result.error.c_str());
        QCOMPARE(result.stored, 3);
        QVERIFY2(study->text(8).startsWith(QLatin1String("done: 3 images")), qPrintable(study->text(8)));
        // The status names the study as the reader knows it, not the folder it went to.
        QCOMPARE(browser->statusText(), QStringLiteral("Retrieved DOE, JANE \u00b7 2025-03-14: 3 images"));
        QVERIFY(!browser->statusText().contains(QString::fromStdString(result.folder)));
        // The first arrival is on screen, from the receiver's folder, and the AI has looked at it.
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 30000);
        QVERIFY2(window->currentFile().startsWith(folder(QStringLiteral("received"))),
                 qPrintable(window->currentFile()));
        QCOMPARE(QString::fromStdString(dicom::readImageInfo(window->currentFile().toStdString()).studyInstanceUid),
                 m_janeStudy);
        QTRY_VERIFY_WITH_TIMEOUT(window->aiSettledForCurrentImage(), 60000);
        QVERIFY(window->ai()->cached(
            QString::fromStdString(dicom::readImageInfo(window->currentFile().toStdString()).sopInstanceUid)));
        // All three are in the study browser.
        QTRY_COMPARE_WITH_TIMEOUT(window->browserModel()->rowCount(), 1, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!window->isIndexing(), 30000);

        // C-GET needs no receiver: the two studies of 2024, found by their date range, at once. The
        // first to arrive opens; the other is indexed and analysed in the background as it comes.
        query = {};
        query.studyDate = "20240101-20241231";
        browser->setQuery(query);
        browser->search();
        QVERIFY(searched.wait(30000));
        QCOMPARE(searched.at(1).at(0).toInt(), 2);
        browser->results()->clearSelection();
        browser->retrieveSelected(QStringLiteral("get"));  // nothing selected: every study listed
        QTRY_COMPARE_WITH_TIMEOUT(retrieved.size(), 3, 60000);
        for (int i = 1; i < 3; ++i) {
            const auto got = retrieved.at(i).at(1).value<net::RetrieveResult>();
            QVERIFY2(got.outcome == net::RetrieveOutcome::Success, got.error.c_str());
            QCOMPARE(got.stored, 2);
        }
        QTRY_COMPARE_WITH_TIMEOUT(window->browserModel()->rowCount(), 3, 30000);
        viewer::StudyBrowserModel* model = window->browserModel();
        for (int row = 0; row < 3; ++row)
            QTRY_VERIFY2_WITH_TIMEOUT(
                model->data(model->index(row, 0), viewer::StudyBrowserModel::AiScoreRole).toDouble() >= 0.0,
                qPrintable(model->data(model->index(row, 0)).toString() + QStringLiteral(" has no AI result")), 60000);

        // A screenshot of the query window, to look at.
        browser->grab().save(folder(QStringLiteral("pacs-window.png")));
        if (qEnvironmentVariableIsSet("PULMO_SCREENSHOT_DIR"))
            browser->grab().save(
                QDir(qEnvironmentVariable("PULMO_SCREENSHOT_DIR")).filePath(QStringLiteral("pulmo-pacs.png")));
        window.reset();

        // Who fetched what from where, in the audit chain.
        feedback::FeedbackDatabase database(folder(QStringLiteral("feedback.sqlite")).toStdString());
        const auto entries = feedback::AuditLog(database).entries();
        const auto has = [&](const QString& action, const QString& subject, const QString& outcome) {
            return std::any_of(entries.begin(), entries.end(), [&](const feedback::AuditEntry& entry) {
                return entry.action == action && entry.subject == subject && entry.outcome == outcome &&
                       entry.reader == QLatin1String("dr.pacs");
            });
        };
        QVERIFY(has(QStringLiteral("pacs.retrieve"), m_janeStudy, QStringLiteral("success")));
        QVERIFY(has(QStringLiteral("pacs.retrieve"), m_smithStudy, QStringLiteral("success")));
        QVERIFY(has(QStringLiteral("pacs.retrieve"), m_johnStudy, QStringLiteral("success")));
        QVERIFY(has(QStringLiteral("pacs.find"), QString::fromStdString(net::peerAddress(m_orthanc->peer())),
                    QStringLiteral("ok")));
        QVERIFY(!feedback::AuditLog(database).verify().has_value());
    }

    void absentPeer_isSaidInWords()
    {
        net::PacsPeer absent = m_orthanc->peer();
        absent.description = "gone";
        absent.port = test::freePort();  // nothing listens there
        configure(absent);
        auto window = openWindow();
        app::PacsBrowser* browser = window->pacsBrowser();
        QSignalSpy searched(browser, &app::PacsBrowser::searchFinished);
        browser->search();
        QVERIFY(searched.wait(30000));
        const QString error = searched.at(0).at(1).toString();
        QVERIFY2(error.contains(QString::fromStdString(net::peerAddress(absent))), qPrintable(error));
        QCOMPARE(browser->statusText(), error);
        QCOMPARE(browser->results()->topLevelItemCount(), 0);
        configure(m_orthanc->peer());
    }

    void webPort_isSaidToBeNoDicomPort_andTheNextSearchClearsTheMessage()
    {
        const test::WebPort web;  // answers "HTTP/1.1 400 Bad Request", as Orthanc's web port would
        QVERIFY(web.port() != 0);
        net::PacsPeer peer = m_orthanc->peer();
        peer.description = "web";
        peer.port = web.port();
        configure(peer);
        auto window = openWindow();
        app::PacsBrowser* browser = window->pacsBrowser();
        QSignalSpy searched(browser, &app::PacsBrowser::searchFinished);
        browser->search();
        QVERIFY(searched.wait(30000));
        QVERIFY(web.answered() >= 1);
        const QString error = searched.at(0).at(1).toString();
        QCOMPARE(error, QString::fromStdString(net::peerAddress(peer)) +
                            QStringLiteral(": The peer answered, but not in DICOM \u2014 is this a web port? Enter "
                                           "the PACS's DICOM port (often 104, 4242 or 11112)."));
        QCOMPARE(browser->statusText(), error);

        // The right port: the next search's own words replace the old message.
        configure(m_orthanc->peer());
        window->pacs()->setSettings(app::PacsSettings::load());  // as the preferences hand it over
        browser->reloadPeers();
        browser->search();
        QVERIFY(searched.wait(30000));
        QVERIFY2(searched.at(1).at(1).toString().isEmpty(), qPrintable(searched.at(1).at(1).toString()));
        QCOMPARE(browser->statusText(),
                 QStringLiteral("3 studies on %1").arg(QString::fromStdString(net::peerAddress(m_orthanc->peer()))));
    }

    void auditRepositoryDown_theStatusBarCountsTheRowsWaiting_untilItAnswers()
    {
        // Preferences > PACS > Audit repository, with nothing listening: the reader goes on, the status
        // bar says how many audit rows wait (the failure as its tooltip), and once a repository answers
        // on that port they go and the note goes.
        const uint16_t port = test::freePort();
        app::PacsSettings pacs = app::PacsSettings::load();
        pacs.auditRepository = QStringLiteral("tcp://127.0.0.1:%1").arg(port);
        pacs.save();
        auto window = openWindow();
        auto* note = window->findChild<QLabel*>(QStringLiteral("auditDelivery"));
        QVERIFY(note);
        window->openPaths({folder(QStringLiteral("originals/smith"))});
        QTRY_VERIFY_WITH_TIMEOUT(note->isVisible(), 20000);
        QVERIFY2(QRegularExpression(QStringLiteral("^Audit: [1-9][0-9]* rows? waiting for the repository$"))
                     .match(note->text())
                     .hasMatch(),
                 qPrintable(note->text()));
        QTRY_VERIFY_WITH_TIMEOUT(note->toolTip().contains(QString::number(port)), 20000);
        if (qEnvironmentVariableIsSet("PULMO_SCREENSHOT_DIR"))
            window->grab().save(QDir(qEnvironmentVariable("PULMO_SCREENSHOT_DIR")).filePath("audit-waiting.png"));

        QTcpServer repository;  // takes the octet-counted messages (RFC 5425 framing without TLS)
        QByteArray received;
        connect(&repository, &QTcpServer::newConnection, [&] {
            while (QTcpSocket* socket = repository.nextPendingConnection())
                connect(socket, &QTcpSocket::readyRead, [&received, socket] { received += socket->readAll(); });
        });
        QVERIFY(repository.listen(QHostAddress::LocalHost, port));
        QTRY_VERIFY_WITH_TIMEOUT(!note->isVisible(), 45000);  // the forwarder backs off up to 30 s
        QVERIFY2(received.contains("IHE+RFC-3881") && received.contains("dr.pacs"), received.left(300).constData());
        window.reset();
        pacs.auditRepository.clear();
        pacs.save();
    }

    void silentPeer_timesOut_whileTheWindowStaysResponsive()
    {
        const test::SilentListener silent;  // takes the connection and never says a word
        QVERIFY(silent.port() != 0);
        net::PacsPeer peer = m_orthanc->peer();
        peer.port = silent.port();
        configure(peer);
        auto window = openWindow();
        app::PacsBrowser* browser = window->pacsBrowser();
        QSignalSpy searched(browser, &app::PacsBrowser::searchFinished);
        QElapsedTimer clock;
        clock.start();
        browser->search();
        QVERIFY(browser->isSearching());
        int ticks = 0;
        qint64 worstGap = 0, last = clock.elapsed();
        QTimer beat;
        connect(&beat, &QTimer::timeout, [&] {
            ++ticks;
            worstGap = std::max(worstGap, clock.elapsed() - last);
            last = clock.elapsed();
        });
        beat.start(20);
        QVERIFY(searched.wait(60000));
        const qint64 waited = clock.elapsed();
        const QString error = searched.at(0).at(1).toString();
        QVERIFY2(error.contains(QLatin1String("no answer within 10 s")), qPrintable(error));
        QVERIFY2(waited >= 5000 && waited < 40000,
                 qPrintable(QString::number(waited)));  // the association timeout, not forever
        QVERIFY2(worstGap < 500, qPrintable(QStringLiteral("the window froze for %1 ms").arg(worstGap)));
        QVERIFY(ticks > 100);
        configure(m_orthanc->peer());
    }
};

QTEST_MAIN(TestPacsGui)
#include "tst_pacsgui.moc"
