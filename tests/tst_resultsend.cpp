// Sending results to the PACS (issue 16 item 5): net::storeFiles() against Orthanc started here on
// loopback (one association, each status, refusals), the durable outbox (back-off, no duplicates,
// survives a restart), ResultDelivery (retry after the peer comes back, exactly once, audit rows)
// and `pulmo-cli send`.
#include "AuditLog.h"
#include "FeedbackDatabase.h"
#include "ResultDelivery.h"
#include "ResultOutbox.h"
#include "dicom/DicomWriter.h"
#include "net/NetworkError.h"
#include "net/PacsQuery.h"
#include "net/StoreScu.h"

#include <QtTest>

#include "support/NetLog.h"
#include "support/OddLengthFile.h"
#include "support/OrthancServer.h"
#include "support/SmallImage.h"
#include "support/ProcessRun.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTemporaryDir>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmsr/dsrdoc.h>

#include <set>

#include <sqlite3.h>

using namespace pulmo;

namespace {

// pulmo.net's log lines while a test runs, to count associations.
// Orthanc answers C-FIND only from modalities it knows: the test's own queries come as PULMO.
const test::OrthancServer::Receivers kPulmoKnown{{"PULMO", 104}};
int countContaining(const QStringList& lines, const QString& text)
{
    int count = 0;
    for (const QString& line : lines) count += line.contains(text) ? 1 : 0;
    return count;
}

/// A test study: a radiograph, its SR (Basic Text, DCMTK's dsr) and SC, and their UIDs.
struct ResultSet {
    std::string studyUid;
    std::string radiographUid;
    QString radiograph;
    QString sr;
    std::string srUid;
    QString sc;
    std::string scUid;
};

}  // namespace

class TestResultSend : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    std::unique_ptr<test::OrthancServer> m_orthanc;
    int m_sets = 0;

    QString path(const QString& name) const { return m_work.filePath(name); }

    void writeImage(const QString& file, const std::string& studyUid, const std::string& sopUid,
                    const std::string& sopClass, const std::string& modality, dicom::TransferSyntax syntax)
    {
        dicom::GrayImageSpec spec = test::smallGrayImage();
        spec.modality = modality;
        spec.sopClassUid = sopClass;
        spec.patientName = "SEND^TEST";
        spec.patientId = "SEND1";
        spec.studyInstanceUid = studyUid;
        spec.sopInstanceUid = sopUid;
        dicom::writeGrayImage(file.toStdString(), spec, syntax);
    }

    /// A Basic Text SR in `studyUid`, written with DCMTK's DSRDocument.
    std::string writeTextSr(const QString& file, const std::string& studyUid)
    {
        DSRDocument document(DSRTypes::DT_BasicTextSR);
        document.setPatientName("SEND^TEST");
        document.setPatientID("SEND1");
        document.createNewSeriesInStudy(studyUid.c_str());
        document.getTree().addContentItem(DSRTypes::RT_isRoot, DSRTypes::VT_Container);
        document.getTree().getCurrentContentItem().setConceptName(
            DSRCodedEntryValue("18748-4", "LN", "Diagnostic Imaging Report"));
        document.getTree().addContentItem(DSRTypes::RT_contains, DSRTypes::VT_Text, DSRTypes::AM_belowCurrent);
        document.getTree().getCurrentContentItem().setConceptName(DSRCodedEntryValue("121071", "DCM", "Finding"));
        document.getTree().getCurrentContentItem().setStringValue("test result");
        DcmFileFormat fileFormat;
        if (document.write(*fileFormat.getDataset()).bad()) return {};
        if (fileFormat.saveFile(file.toStdString().c_str(), EXS_LittleEndianExplicit).bad()) return {};
        OFString uid;
        document.getSOPInstanceUID(uid);
        return uid.c_str();
    }

    ResultSet makeSet()
    {
        ResultSet set;
        const QString folder = path(QStringLiteral("set%1").arg(++m_sets));
        QDir().mkpath(folder);
        set.studyUid = dicom::newUid();
        set.radiographUid = dicom::newUid();
        set.radiograph = QDir(folder).filePath(QStringLiteral("radiograph.dcm"));
        writeImage(set.radiograph, set.studyUid, set.radiographUid, "1.2.840.10008.5.1.4.1.1.1.1", "DX",
                   dicom::TransferSyntax::ExplicitLittle);
        set.sr = QDir(folder).filePath(QStringLiteral("sr.dcm"));
        set.srUid = writeTextSr(set.sr, set.studyUid);
        set.sc = QDir(folder).filePath(QStringLiteral("sc.dcm"));
        set.scUid = dicom::newUid();
        // Implicit VR: a second transfer syntax, so a second presentation context on the association.
        writeImage(set.sc, set.studyUid, set.scUid, "1.2.840.10008.5.1.4.1.1.7", "OT",
                   dicom::TransferSyntax::ImplicitLittle);
        return set;
    }

    /// An Orthanc that answers every C-STORE with a failure status: its Lua ReceivedInstanceFilter
    /// raises an error (in Orthanc 1.10 a filter that returns false answers 0x0000, a claim of
    /// success that cannot serve here). Null when it did not start.
    std::unique_ptr<test::OrthancServer> startRefusingOrthanc(const QString& name, bool unknownSopClassAccepted)
    {
        const QString folder = path(name);
        QDir().mkpath(folder);
        const QString lua = QDir(folder).filePath(QStringLiteral("refuse.lua"));
        QFile script(lua);
        if (!script.open(QIODevice::WriteOnly)) return nullptr;
        script.write("function ReceivedInstanceFilter(dicom, origin, info)\n  error('refused by the test')\nend\n");
        script.close();
        QJsonObject extra;
        extra["LuaScripts"] = QJsonArray{lua};
        extra["UnknownSopClassAccepted"] = unknownSopClassAccepted;
        auto server = std::make_unique<test::OrthancServer>(folder, kPulmoKnown, extra);
        if (!server->start()) return nullptr;
        return server;
    }

    /// SOP Instance UIDs of `studyUid` on `peer`, by C-FIND at IMAGE level (duplicates kept).
    static std::multiset<std::string> instancesOn(const net::PacsPeer& peer, const std::string& studyUid)
    {
        std::multiset<std::string> uids;
        for (const net::InstanceRecord& record : net::PacsQuery(peer, "PULMO").findInstances(studyUid))
            uids.insert(record.sopInstanceUid);
        return uids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        QVERIFY2(!test::program(QStringLiteral("Orthanc")).isEmpty(), "Orthanc is not installed");
        test::netlog::install();
        QLoggingCategory::setFilterRules(QStringLiteral("pulmo.net.debug=true\npulmo.net.info=true"));
        QDir().mkpath(path(QStringLiteral("orthanc")));
        m_orthanc = std::make_unique<test::OrthancServer>(path(QStringLiteral("orthanc")), kPulmoKnown);
        QVERIFY2(m_orthanc->start(), "Orthanc did not answer C-ECHO within 30 s");
    }

    void cleanupTestCase()
    {
        m_orthanc.reset();
        test::netlog::uninstall();
    }

    void storeFiles_storesRadiographSrAndScOnOneAssociation()
    {
        const ResultSet set = makeSet();
        QVERIFY(!set.srUid.empty());
        test::netlog::take();
        const auto outcomes = net::storeFiles(
            m_orthanc->peer(), "PULMO", {}, {set.radiograph.toStdString(), set.sr.toStdString(), set.sc.toStdString()});
        const QStringList log = test::netlog::take();
        QCOMPARE(int(outcomes.size()), 3);
        for (const net::StoreOutcome& outcome : outcomes) {
            QVERIFY2(outcome.state == net::StoreOutcome::State::Stored, outcome.reason.c_str());
            QCOMPARE(outcome.status, 0u);
        }
        QCOMPARE(outcomes[0].sopInstanceUid, set.radiographUid);
        QCOMPARE(outcomes[1].sopInstanceUid, set.srUid);
        QCOMPARE(outcomes[1].sopClassUid, std::string("1.2.840.10008.5.1.4.1.1.88.11"));
        QCOMPARE(outcomes[2].sopInstanceUid, set.scUid);
        // One association for the three, with three C-STOREs on it.
        QCOMPARE(countContaining(log, QStringLiteral("requesting an association")), 1);
        QCOMPARE(countContaining(log, QStringLiteral("association accepted by")), 1);
        QCOMPARE(countContaining(log, QStringLiteral("C-STORE request to")), 3);
        QCOMPARE(countContaining(log, QStringLiteral("proposing context")), 3);
        // A C-FIND at IMAGE level finds all three in the study.
        const std::multiset<std::string> found = instancesOn(m_orthanc->peer(), set.studyUid);
        QCOMPARE(found, (std::multiset<std::string>{set.radiographUid, set.srUid, set.scUid}));
    }

    void storeFiles_twice_leavesEachInstanceOnce()
    {
        const ResultSet set = makeSet();
        const std::vector<std::string> files{set.sr.toStdString(), set.sc.toStdString()};
        for (int round = 0; round < 2; ++round)
            for (const net::StoreOutcome& outcome : net::storeFiles(m_orthanc->peer(), "PULMO", {}, files))
                QVERIFY2(outcome.stored(), outcome.reason.c_str());
        QCOMPARE(instancesOn(m_orthanc->peer(), set.studyUid), (std::multiset<std::string>{set.srUid, set.scUid}));
    }

    void storeFiles_nonDicomFile_isNotSentAndNamedWhileTheOthersAreStored()
    {
        const ResultSet set = makeSet();
        const QString text = path(QStringLiteral("notes.txt"));
        QFile file(text);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a DICOM file\n");
        file.close();
        const QString missing = path(QStringLiteral("no-such-file.dcm"));
        const auto outcomes =
            net::storeFiles(m_orthanc->peer(), "PULMO", {},
                            {set.sr.toStdString(), text.toStdString(), set.sc.toStdString(), missing.toStdString()});
        QCOMPARE(int(outcomes.size()), 4);
        QVERIFY(outcomes[0].stored());
        QVERIFY2(outcomes[1].state == net::StoreOutcome::State::NotSent, outcomes[1].reason.c_str());
        QVERIFY2(QString::fromStdString(outcomes[1].reason).contains(text), outcomes[1].reason.c_str());
        QVERIFY(outcomes[1].sopInstanceUid.empty());
        QVERIFY(outcomes[2].stored());
        QVERIFY2(outcomes[3].state == net::StoreOutcome::State::NotSent, outcomes[3].reason.c_str());
        QVERIFY2(QString::fromStdString(outcomes[3].reason).contains(missing), outcomes[3].reason.c_str());
        QCOMPARE(instancesOn(m_orthanc->peer(), set.studyUid), (std::multiset<std::string>{set.srUid, set.scUid}));
    }

    void storeFiles_unknownCalledAe_isRejectedAndNothingStored()
    {
        const ResultSet set = makeSet();
        net::PacsPeer wrong = m_orthanc->peer();
        wrong.aeTitle = "NOTORTHANC";
        try {
            net::storeFiles(wrong, "PULMO", {}, {set.sr.toStdString()});
            QFAIL("an association with a wrong called AE title was accepted");
        } catch (const net::NetworkError& error) {
            QVERIFY(error.kind() == net::NetworkError::Kind::Rejected);
            QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("NOTORTHANC@127.0.0.1")), error.what());
            QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("called AE")), error.what());
        }
        QVERIFY(instancesOn(m_orthanc->peer(), set.studyUid).empty());
    }

    void storeFiles_peerThatRefusesInstances_failsEachWithItsStatus()
    {
        // Orthanc that cannot store anything, and that knows no private SOP classes.
        std::unique_ptr<test::OrthancServer> refusingServer = startRefusingOrthanc(QStringLiteral("refusing"), false);
        QVERIFY(refusingServer);
        const test::OrthancServer& refusing = *refusingServer;

        const ResultSet set = makeSet();
        const QString privateClass = path(QStringLiteral("private-class.dcm"));
        writeImage(privateClass, set.studyUid, dicom::newUid(), "1.2.826.0.1.3680043.9.7433.99.1", "OT",
                   dicom::TransferSyntax::ExplicitLittle);
        const auto outcomes = net::storeFiles(refusing.peer(), "PULMO", {},
                                              {set.sr.toStdString(), privateClass.toStdString(), set.sc.toStdString()});
        QCOMPARE(int(outcomes.size()), 3);
        for (const size_t i : {size_t(0), size_t(2)}) {
            QVERIFY2(outcomes[i].state == net::StoreOutcome::State::Failed, outcomes[i].reason.c_str());
            QVERIFY(!outcomes[i].stored());
            QVERIFY(outcomes[i].status != 0);
            QVERIFY2(QString::fromStdString(outcomes[i].reason).contains(QStringLiteral("C-STORE status 0x")),
                     outcomes[i].reason.c_str());
            QVERIFY2(QString::fromStdString(outcomes[i].reason).contains(QStringLiteral("C-STORE")),
                     outcomes[i].reason.c_str());
        }
        QVERIFY2(outcomes[1].state == net::StoreOutcome::State::NotSent, outcomes[1].reason.c_str());
        QVERIFY2(QString::fromStdString(outcomes[1].reason)
                     .contains(QStringLiteral("does not accept SOP class 1.2.826.0.1.3680043.9.7433.99.1")),
                 outcomes[1].reason.c_str());
        QVERIFY(instancesOn(refusing.peer(), set.studyUid).empty());

        // Only the private class: every context refused, each file not sent with the reason.
        const auto alone = net::storeFiles(refusing.peer(), "PULMO", {}, {privateClass.toStdString()});
        QVERIFY2(alone[0].state == net::StoreOutcome::State::NotSent, alone[0].reason.c_str());
        QVERIFY2(QString::fromStdString(alone[0].reason).contains(QStringLiteral("does not accept SOP class")),
                 alone[0].reason.c_str());
    }

    void storeFiles_peerWithoutTheFilesSyntax_getsItConvertedToAFallback()
    {
        // DCMTK's storescp accepting Implicit VR Little Endian only; the file is Explicit VR.
        const QString received = path(QStringLiteral("storescp-received"));
        QDir().mkpath(received);
        const uint16_t port = test::freePort();
        test::PeerProcess storescp;
        QVERIFY(storescp.start(test::program(QStringLiteral("storescp")),
                               {QStringLiteral("+xi"), QStringLiteral("-od"), received, QString::number(port)},
                               received, path(QStringLiteral("storescp.log"))));
        net::PacsPeer peer;
        peer.aeTitle = "STORESCP";
        peer.host = "127.0.0.1";
        peer.port = port;
        QVERIFY2(test::waitForEcho(peer, 20), "storescp did not answer C-ECHO");
        const ResultSet set = makeSet();
        test::netlog::take();
        const auto outcomes = net::storeFiles(peer, "PULMO", {5, 5, 10}, {set.radiograph.toStdString()});
        const QStringList log = test::netlog::take();
        QVERIFY2(outcomes[0].state == net::StoreOutcome::State::Stored, outcomes[0].reason.c_str());
        QCOMPARE(countContaining(log, QStringLiteral("Little Endian Implicit")), 1);  // the C-STORE request line
        const QStringList files = QDir(received).entryList(QDir::Files);
        QCOMPARE(files.size(), 1);
        const QString instance = QDir(received).filePath(files.first());
        const test::Run dump = test::run(test::program(QStringLiteral("dcmdump")),
                                         {QStringLiteral("+P"), QStringLiteral("0002,0010"), instance});
        QVERIFY2(dump.out.contains("=LittleEndianImplicit"), dump.out.constData());
    }

    void storeFiles_oddLengthValueInAnItem_arrivesWhole()
    {
        // support/OddLengthFile.h: sent as read, the item's length left out the pad byte; DCMTK's
        // storescp aborted the association ("Length of element larger than explicit length of
        // surrounding item") and storeFiles threw, the files after it not sent either.
        const QString received = path(QStringLiteral("storescp-odd"));
        QDir().mkpath(received);
        const uint16_t port = test::freePort();
        test::PeerProcess storescp;
        QVERIFY(storescp.start(test::program(QStringLiteral("storescp")),
                               {QStringLiteral("-od"), received, QString::number(port)}, received,
                               path(QStringLiteral("storescp-odd.log"))));
        net::PacsPeer peer;
        peer.aeTitle = "STORESCP";
        peer.host = "127.0.0.1";
        peer.port = port;
        QVERIFY2(test::waitForEcho(peer, 20), "storescp did not answer C-ECHO");
        const QString odd = path(QStringLiteral("odd-length.dcm"));
        QVERIFY(test::writeOddLengthValueFile(odd, "1.2.826.0.1.3680043.10.1042.79.1"));
        const ResultSet set = makeSet();
        std::vector<net::StoreOutcome> outcomes;
        try {
            outcomes = net::storeFiles(peer, "PULMO", {}, {odd.toStdString(), set.sr.toStdString()});
        } catch (const net::NetworkError& error) {
            QFAIL(error.what());
        }
        QCOMPARE(int(outcomes.size()), 2);
        for (const net::StoreOutcome& outcome : outcomes) QVERIFY2(outcome.stored(), outcome.reason.c_str());
        const QStringList files = QDir(received).entryList(QDir::Files);
        QCOMPARE(files.size(), 2);
        for (const QString& file : files) {
            const test::Run dump = test::run(test::program(QStringLiteral("dcmdump")), {QDir(received).filePath(file)});
            QVERIFY2(dump.exitCode == 0, dump.err.constData());
        }
    }

    void storeFiles_cancelled_sendsNothingMore()
    {
        const ResultSet set = makeSet();
        net::Cancellation cancellation;
        cancellation.cancel();
        const auto outcomes = net::storeFiles(m_orthanc->peer(), "PULMO", {},
                                              {set.sr.toStdString(), set.sc.toStdString()}, &cancellation);
        for (const net::StoreOutcome& outcome : outcomes) {
            QVERIFY2(outcome.state == net::StoreOutcome::State::NotSent, outcome.reason.c_str());
            QVERIFY(outcome.reason.find("cancelled") != std::string::npos);
        }
        QVERIFY(instancesOn(m_orthanc->peer(), set.studyUid).empty());
    }

    void outbox_backOffDoublesFromThirtySecondsToAnHour()
    {
        QCOMPARE(feedback::ResultOutbox::retryDelaySeconds(0), 0);
        QCOMPARE(feedback::ResultOutbox::retryDelaySeconds(1), 30);
        QCOMPARE(feedback::ResultOutbox::retryDelaySeconds(2), 60);
        QCOMPARE(feedback::ResultOutbox::retryDelaySeconds(3), 120);
        QCOMPARE(feedback::ResultOutbox::retryDelaySeconds(7), 1920);
        QCOMPARE(feedback::ResultOutbox::retryDelaySeconds(8), 3600);
        QCOMPARE(feedback::ResultOutbox::retryDelaySeconds(1000), 3600);
    }

    void outbox_sameObjectForTheSamePeer_isQueuedOnce_andTimesAreUtcIsoText()
    {
        const QString file = path(QStringLiteral("outbox-unit.sqlite"));
        // A decimal comma and other digits in the user's locale must not reach the stored times.
        const QLocale previous;
        QLocale::setDefault(QLocale(QLocale::Arabic, QLocale::Egypt));
        feedback::FeedbackDatabase database(file.toStdString());
        feedback::ResultOutbox outbox(database);
        feedback::OutboxItem item;
        item.peer = QStringLiteral("A@h:1");
        item.sopInstanceUid = QStringLiteral("1.2.3");
        item.filePath = QStringLiteral("/x/1.2.3.dcm");
        item.kind = QStringLiteral("sr");
        item.createdUtc = QDateTime(QDate(2026, 12, 1), QTime(10, 0), Qt::UTC);
        const long long first = outbox.enqueue(item);
        QCOMPARE(outbox.enqueue(item), first);
        item.peer = QStringLiteral("B@h:1");
        const long long other = outbox.enqueue(item);
        QVERIFY(other != first);
        QCOMPARE(outbox.pendingCount(), 2);
        outbox.markSent(first, QDateTime(QDate(2026, 12, 1), QTime(10, 1), Qt::UTC));
        item.peer = QStringLiteral("A@h:1");
        QCOMPARE(outbox.enqueue(item), first);  // sent: not queued again
        QCOMPARE(outbox.pendingCount(), 1);
        outbox.markFailed(other, QStringLiteral("down"), QDateTime(QDate(2026, 12, 1), QTime(10, 2), Qt::UTC));
        QLocale::setDefault(previous);

        sqlite3_stmt* statement = nullptr;
        QCOMPARE(sqlite3_prepare_v2(database.handle(),
                                    "SELECT created_utc, next_attempt_utc, attempts, last_error FROM outbox "
                                    "WHERE id = ?1",
                                    -1, &statement, nullptr),
                 SQLITE_OK);
        sqlite3_bind_int64(statement, 1, other);
        QCOMPARE(sqlite3_step(statement), SQLITE_ROW);
        QCOMPARE(QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0))),
                 QStringLiteral("2026-12-01T10:00:00.000Z"));
        QCOMPARE(QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(statement, 1))),
                 QStringLiteral("2026-12-01T10:02:30.000Z"));
        QCOMPARE(sqlite3_column_int(statement, 2), 1);
        sqlite3_finalize(statement);
        QVERIFY(outbox.due(QDateTime(QDate(2026, 12, 1), QTime(10, 2, 29), Qt::UTC)).empty());
        QCOMPARE(int(outbox.due(QDateTime(QDate(2026, 12, 1), QTime(10, 2, 30), Qt::UTC)).size()), 1);
        QCOMPARE(outbox.nextAttemptUtc().value(), QDateTime(QDate(2026, 12, 1), QTime(10, 2, 30), Qt::UTC));
        QCOMPARE(int(outbox.itemsFor(QString()).size()), 2);
        // The schema says it too: a second row for the same peer and object is refused.
        QVERIFY(sqlite3_exec(database.handle(),
                             "INSERT INTO outbox(peer, sop_uid, file_path, kind, created_utc, next_attempt_utc) "
                             "VALUES('A@h:1', '1.2.3', '/y', 'sr', 'x', 'x')",
                             nullptr, nullptr, nullptr) != SQLITE_OK);
    }

    void delivery_peerDown_keepsItemsPending_thenSendsThemOnceWhenItIsBack()
    {
        const QString folder = path(QStringLiteral("restarting"));
        QDir().mkpath(folder);
        test::OrthancServer orthanc(folder, kPulmoKnown);
        QVERIFY2(orthanc.start(), "Orthanc did not start");
        const net::PacsPeer peer = orthanc.peer();
        const QString address = QString::fromStdString(net::peerAddress(peer));
        orthanc.stop();

        const QString database = path(QStringLiteral("delivery.sqlite"));
        const QString results = path(QStringLiteral("results"));
        const ResultSet set = makeSet();
        // The clock the caller passes: now (items are due from the time they were queued), then later.
        const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(1);
        {
            app::ResultDelivery delivery(database, results, QStringLiteral("dr.send"));
            const std::vector<long long> ids =
                delivery.queue({{set.sr, QStringLiteral("sr"), QString::fromStdString(set.radiographUid), {}, {}},
                                {set.sc, QStringLiteral("sc"), QString::fromStdString(set.radiographUid), {}, {}}},
                               {peer});
            QCOMPARE(int(ids.size()), 2);
            // Copies in the results folder, named by study and SOP Instance UID: the outbox points there.
            const auto pending = delivery.outbox().pending();
            QCOMPARE(int(pending.size()), 2);
            QCOMPARE(pending[0].filePath,
                     QDir(results).filePath(QString::fromStdString(set.studyUid + "/" + set.srUid + ".dcm")));
            QVERIFY(QFileInfo::exists(pending[0].filePath));
            QCOMPARE(pending[0].studyInstanceUid, QString::fromStdString(set.studyUid));
            // Queued again (a second click): still two items.
            delivery.queue({{set.sr, QStringLiteral("sr"), QString::fromStdString(set.radiographUid), {}, {}}}, {peer});
            QCOMPARE(delivery.pendingCount(), 2);

            const app::DeliveryReport down =
                delivery.deliverDue(app::ResultDelivery::byAddress({peer}), "PULMO", {2, 2, 5}, start);
            QCOMPARE(int(down.items.size()), 2);
            for (const app::DeliveryItem& item : down.items) {
                QVERIFY2(item.state == app::DeliveryItem::State::Failed, qPrintable(item.reason));
                QCOMPARE(item.attempts, 1);
                QCOMPARE(item.nextAttemptUtc, start.addSecs(30));
                QVERIFY2(item.reason.contains(address), qPrintable(item.reason));
                QCOMPARE(item.peer, address);
            }
            QCOMPARE(delivery.pendingCount(), 2);
            QCOMPARE(delivery.nextDue().value(), start.addSecs(30));
            // Not due yet 10 s later: nothing is tried.
            QVERIFY(delivery.deliverDue(app::ResultDelivery::byAddress({peer}), "PULMO", {2, 2, 5}, start.addSecs(10))
                        .items.empty());
            // A peer no longer configured: left pending, said so.
            const app::DeliveryReport unknown = delivery.deliverDue({}, "PULMO", {2, 2, 5}, start.addSecs(31));
            QCOMPARE(int(unknown.items.size()), 2);
            QVERIFY2(unknown.items[0].state == app::DeliveryItem::State::PeerUnknown,
                     qPrintable(unknown.items[0].reason));
            QCOMPARE(delivery.pendingCount(), 2);
        }
        // "Restart": a new object on the same database finds the outbox as it was left.
        QVERIFY2(orthanc.start(), "Orthanc did not start again on its port");
        QCOMPARE(orthanc.peer().port, peer.port);
        app::ResultDelivery restarted(database, results, QStringLiteral("dr.send"));
        QCOMPARE(restarted.pendingCount(), 2);
        const app::DeliveryReport back =
            restarted.deliverDue(app::ResultDelivery::byAddress({peer}), "PULMO", {}, start.addSecs(31));
        QCOMPARE(int(back.items.size()), 2);
        QCOMPARE(back.sent(), 2);
        QCOMPARE(restarted.pendingCount(), 0);
        QVERIFY(!restarted.nextDue().has_value());
        // Sent items are not due again: a further round sends nothing.
        QVERIFY(restarted.deliverDue(app::ResultDelivery::byAddress({peer}), "PULMO", {}, start.addSecs(4000))
                    .items.empty());
        QCOMPARE(instancesOn(peer, set.studyUid), (std::multiset<std::string>{set.srUid, set.scUid}));
        const auto items = restarted.outbox().itemsFor(QString::fromStdString(set.radiographUid));
        QCOMPARE(int(items.size()), 2);
        for (const feedback::OutboxItem& item : items) {
            QVERIFY(item.state == feedback::OutboxItem::State::Sent);
            QCOMPARE(item.sentUtc, start.addSecs(31));
            QCOMPARE(item.attempts, 1);
        }

        // The audit rows: who queued what, and each batch's peer and outcome.
        feedback::FeedbackDatabase audit(database.toStdString());
        int queued = 0;
        std::vector<feedback::AuditEntry> stores;
        for (const feedback::AuditEntry& entry : feedback::AuditLog(audit).entries()) {
            QCOMPARE(entry.reader, QStringLiteral("dr.send"));
            if (entry.action == QLatin1String("result.queued")) ++queued;
            if (entry.action == QLatin1String("pacs.store")) stores.push_back(entry);
        }
        QCOMPARE(queued, 3);
        QCOMPARE(int(stores.size()), 2);
        QCOMPARE(stores[0].outcome, QStringLiteral("failed"));
        QCOMPARE(stores[1].outcome, QStringLiteral("ok"));
        for (const feedback::AuditEntry& entry : stores) {
            QCOMPARE(entry.subject, QString::fromStdString(set.studyUid));
            QVERIFY2(entry.detail.contains(address), qPrintable(entry.detail));
            QVERIFY2(entry.detail.contains(QString::fromStdString(set.srUid)), qPrintable(entry.detail));
            QVERIFY2(entry.detail.contains(QString::fromStdString(set.scUid)), qPrintable(entry.detail));
        }
        QVERIFY2(stores[1].detail.contains(QStringLiteral("2 of 2 stored")), qPrintable(stores[1].detail));
        QVERIFY(!feedback::AuditLog(audit).verify().has_value());
    }

    void delivery_groupsByPeerAndStudy_oneAssociationEach()
    {
        // Two addresses of the same Orthanc are two peers to the outbox.
        net::PacsPeer byIp = m_orthanc->peer();
        net::PacsPeer byName = m_orthanc->peer();
        byName.host = "localhost";
        const ResultSet first = makeSet();
        const ResultSet second = makeSet();
        app::ResultDelivery delivery(path(QStringLiteral("grouping.sqlite")), path(QStringLiteral("results-grouping")),
                                     QStringLiteral("node"));
        const QString source = QStringLiteral("1.2.3");
        QCOMPARE(int(delivery
                         .queue({{first.sr, QStringLiteral("sr"), source, {}, {}},
                                 {second.sr, QStringLiteral("sr"), source, {}, {}},
                                 {first.sc, QStringLiteral("sc"), source, {}, {}},
                                 {second.sc, QStringLiteral("sc"), source, {}, {}}},
                                {byIp, byName})
                         .size()),
                 8);
        test::netlog::take();
        const app::DeliveryReport report = delivery.deliverDue(app::ResultDelivery::byAddress({byIp, byName}), "PULMO",
                                                               {}, QDateTime::currentDateTimeUtc().addSecs(1));
        const QStringList log = test::netlog::take();
        QCOMPARE(report.sent(), 8);
        QCOMPARE(countContaining(log, QStringLiteral("association accepted by")), 4);
        QCOMPARE(countContaining(log, QStringLiteral("C-STORE request to")), 8);
        QCOMPARE(instancesOn(byIp, first.studyUid), (std::multiset<std::string>{first.srUid, first.scUid}));
        QCOMPARE(instancesOn(byIp, second.studyUid), (std::multiset<std::string>{second.srUid, second.scUid}));
    }

    void delivery_failureStatus_keepsTheItem_thenItArrivesWhenThePeerAccepts()
    {
        std::unique_ptr<test::OrthancServer> refusingServer =
            startRefusingOrthanc(QStringLiteral("refusing-delivery"), true);
        QVERIFY(refusingServer);
        const test::OrthancServer& refusing = *refusingServer;
        const ResultSet set = makeSet();
        app::ResultDelivery delivery(path(QStringLiteral("refused.sqlite")), path(QStringLiteral("results-refused")),
                                     QStringLiteral("node"));
        delivery.queue({{set.sr, QStringLiteral("sr"), QString::fromStdString(set.radiographUid), {}, {}}},
                       {refusing.peer()});
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const app::DeliveryReport report =
            delivery.deliverDue(app::ResultDelivery::byAddress({refusing.peer()}), "PULMO", {}, now);
        QCOMPARE(int(report.items.size()), 1);
        QVERIFY2(report.items[0].state == app::DeliveryItem::State::Failed, qPrintable(report.items[0].reason));
        QVERIFY(report.items[0].status != 0);
        QVERIFY2(report.items[0].reason.contains(QStringLiteral("C-STORE status 0x")),
                 qPrintable(report.items[0].reason));
        QCOMPARE(delivery.pendingCount(), 1);
        QVERIFY(instancesOn(refusing.peer(), set.studyUid).empty());

        // The PACS accepts again (its filter lets everything through, same port): the waiting report
        // arrives at its next attempt, once.
        refusingServer->stop();
        QFile script(QDir(path(QStringLiteral("refusing-delivery"))).filePath(QStringLiteral("refuse.lua")));
        QVERIFY(script.open(QIODevice::WriteOnly | QIODevice::Truncate));
        script.write("function ReceivedInstanceFilter(dicom, origin, info)\n  return true\nend\n");
        script.close();
        QVERIFY2(refusingServer->start(), "Orthanc did not start again on its port");
        QVERIFY(delivery.deliverDue(app::ResultDelivery::byAddress({refusing.peer()}), "PULMO", {}, now.addSecs(10))
                    .items.empty());  // not due yet
        const app::DeliveryReport later =
            delivery.deliverDue(app::ResultDelivery::byAddress({refusing.peer()}), "PULMO", {}, now.addSecs(31));
        QCOMPARE(int(later.items.size()), 1);
        QVERIFY2(later.items[0].state == app::DeliveryItem::State::Sent, qPrintable(later.items[0].reason));
        QCOMPARE(delivery.pendingCount(), 0);
        QCOMPARE(int(instancesOn(refusing.peer(), set.studyUid).size()), 1);
    }

    void cli_send_printsEachStatus_andFailsNamingAPeerThatIsDown()
    {
        const ResultSet set = makeSet();
        const QString text = path(QStringLiteral("cli-notes.txt"));
        QFile file(text);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("plain text");
        file.close();
        const QString address = QString::fromStdString(net::peerAddress(m_orthanc->peer()));
        const test::Run sent =
            test::run(QStringLiteral(PULMO_CLI_PATH), {QStringLiteral("send"), QStringLiteral("--peer"), address,
                                                       QStringLiteral("--json"), set.radiograph, set.sr, set.sc});
        QVERIFY2(sent.exitCode == 0, sent.err.constData());
        const QList<QByteArray> lines = sent.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        const std::vector<std::string> uids{set.radiographUid, set.srUid, set.scUid};
        for (int i = 0; i < 3; ++i) {
            const QJsonObject object = QJsonDocument::fromJson(lines[i]).object();
            QCOMPARE(object["status"].toString(), QStringLiteral("0x0000"));
            QCOMPARE(object["state"].toString(), QStringLiteral("stored"));
            QCOMPARE(object["peer"].toString(), address);
            QCOMPARE(object["sop_instance_uid"].toString(), QString::fromStdString(uids[size_t(i)]));
            QVERIFY(object["file"].toString().endsWith(QStringLiteral(".dcm")));
        }
        QCOMPARE(instancesOn(m_orthanc->peer(), set.studyUid),
                 (std::multiset<std::string>{set.radiographUid, set.srUid, set.scUid}));

        // A non-DICOM file among them: not sent, named; exit non-zero, the others stored.
        const test::Run mixed = test::run(
            QStringLiteral(PULMO_CLI_PATH),
            {QStringLiteral("send"), QStringLiteral("--peer"), address, QStringLiteral("--json"), set.sr, text});
        QCOMPARE(mixed.exitCode, 1);
        const QList<QByteArray> mixedLines = mixed.out.trimmed().split('\n');
        QCOMPARE(mixedLines.size(), 2);
        QCOMPARE(QJsonDocument::fromJson(mixedLines[0]).object()["status"].toString(), QStringLiteral("0x0000"));
        const QJsonObject notSent = QJsonDocument::fromJson(mixedLines[1]).object();
        QCOMPARE(notSent["state"].toString(), QStringLiteral("not_sent"));
        QVERIFY(notSent["reason"].toString().contains(text));

        // A peer that is down: non-zero, one line on stderr naming it.
        net::PacsPeer down = m_orthanc->peer();
        down.port = test::freePort();
        const QString downAddress = QString::fromStdString(net::peerAddress(down));
        const test::Run failed =
            test::run(QStringLiteral(PULMO_CLI_PATH), {QStringLiteral("send"), QStringLiteral("--peer"), downAddress,
                                                       QStringLiteral("--timeout"), QStringLiteral("2"), set.sr});
        QCOMPARE(failed.exitCode, 1);
        const QList<QByteArray> errorLines = failed.err.trimmed().split('\n');
        QCOMPARE(errorLines.size(), 1);
        QVERIFY2(errorLines[0].contains(downAddress.toUtf8()), failed.err.constData());
        QVERIFY2(errorLines[0].startsWith("pulmo-cli send: "), failed.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestResultSend)
#include "tst_resultsend.moc"
