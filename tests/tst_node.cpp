// pulmo-node end to end (issue 17): the real node process, the real demo model, Orthanc as the
// PACS and DCMTK's storescu as the router, all on loopback. Every chest radiograph comes back to
// Orthanc as one SR and one SC referencing it (pydicom reads the references), once however often
// it is sent; what is not a chest radiograph, and a caller not allowed, are refused; results wait
// for a destination that is down; a disk below the watermark answers 0xA700 until there is room;
// SIGTERM stops the node cleanly, its log is one JSON object per line.

#include "net/PacsPeer.h"
#include "net/PacsQuery.h"
#include "net/StorageScp.h"
#include "support/NodeProcess.h"
#include "support/OrthancServer.h"
#include "support/PeerProcess.h"
#include "support/DriftedDatabase.h"
#include "support/ProcessRun.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstring>
#include <mutex>
#include <map>
#include <set>

#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace pulmo;
using test::countOf;
using test::HttpAnswer;
using test::httpGet;
using test::instancesIn;
using test::kComprehensive3dSr;
using test::kSecondaryCapture;
using test::metric;
using test::NodeProcess;
using test::nodeProgram;
using test::outOfResources;

namespace {

QString cli()
{
    return QStringLiteral(PULMO_CLI_PATH);
}

}  // namespace

class TestNode : public QObject {
    Q_OBJECT

    QTemporaryDir m_work;
    QString m_phantoms;                       // DX chest radiographs
    std::map<QString, QString> m_studyOfSop;  // radiograph SOP -> study

    QString folder(const QString& name)
    {
        const QString path = m_work.filePath(name);
        QDir().mkpath(path);
        return path;
    }

    /// storescu from `callingAe` to the node; its exit code and output (-v: every response status).
    test::Run storeToNode(uint16_t port, const QStringList& files, const QString& callingAe = "ROUTER")
    {
        QStringList arguments{"-v", "-nh", "-aet", callingAe, "-aec", "PULMO_AI", "127.0.0.1", QString::number(port)};
        arguments << files;
        return test::run(test::program(QStringLiteral("storescu")), arguments);
    }

    /// A copy of `source` with other attribute values and a new SOP Instance UID (dcmodify).
    QString variant(const QString& source, const QString& name, const QStringList& modifications)
    {
        const QString target = QDir(folder(QStringLiteral("variants"))).filePath(name);
        QFile::remove(target);
        QFile::copy(source, target);
        QStringList arguments{"-nb", "-gin"};
        for (const QString& modification : modifications) arguments << "-m" << modification;
        arguments << target;
        const test::Run run = test::run(test::program(QStringLiteral("dcmodify")), arguments);
        if (run.exitCode != 0) qFatal("dcmodify %s: %s", qPrintable(target), run.err.constData());
        return target;
    }

    /// A file's SOP Instance UID, as dcmdump reads it.
    static QString sopOf(const QString& file)
    {
        const test::Run dump = test::run(test::program(QStringLiteral("dcmdump")), {"+P", "0008,0018", "-s", file});
        const int open = int(dump.out.indexOf('['));
        const int close = int(dump.out.indexOf(']', open));
        return open < 0 || close < 0 ? QString() : QString::fromLatin1(dump.out.mid(open + 1, close - open - 1));
    }

    QStringList nodeArguments(const QString& name, uint16_t port, uint16_t httpPort, const net::PacsPeer& destination,
                              const QStringList& extra = {})
    {
        return test::testNodeArguments(folder(name), QStringLiteral("PULMO_AI"), port, httpPort, destination) +
               QStringList{"--accept-from", "ROUTER"} + extra;
    }

    /// The demo model's weights with a card that asks for 1024-pixel input: the same network, about
    /// a second an image on the CPU. The tests of a full queue and of a stop in mid-burst need the
    /// model slower than images arrive, whatever the machine (at 224 pixels a fast one keeps pace).
    QString slowModel()
    {
        const QString folderPath = folder(QStringLiteral("slow-model"));
        const QString model = QDir(folderPath).filePath(QStringLiteral("slow.pt"));
        if (QFileInfo::exists(model)) return model;
        QFile::copy(QStringLiteral(PULMO_SOURCE_DIR "/resources/models/pulmo-demo-resnet18.pt"), model);
        QFile card(QStringLiteral(PULMO_SOURCE_DIR "/resources/models/pulmo-demo-resnet18.json"));
        if (!card.open(QIODevice::ReadOnly)) return {};
        QJsonObject object = QJsonDocument::fromJson(card.readAll()).object();
        object["input_size"] = 1024;
        object["name"] = QStringLiteral("pulmo-demo-resnet18-slow");
        QFile slowCard(QDir(folderPath).filePath(QStringLiteral("slow.json")));
        if (!slowCard.open(QIODevice::WriteOnly)) return {};
        slowCard.write(QJsonDocument(object).toJson());
        return model;
    }

    /// Waits until every study in `studies` holds one SR and one SC in Orthanc (at most `seconds`).
    bool waitForResults(const net::PacsPeer& orthanc, const std::set<QString>& studies, int seconds)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < seconds * 1000) {
            bool all = true;
            for (const QString& study : studies) {
                const auto classes = instancesIn(orthanc, study);
                all = all && countOf(classes, kComprehensive3dSr) >= 1 && countOf(classes, kSecondaryCapture) >= 1;
            }
            if (all) return true;
            QTest::qWait(500);
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        QVERIFY2(QFileInfo::exists(nodeProgram()), qPrintable(nodeProgram()));
        for (const char* tool : {"Orthanc", "storescu", "dcmodify"})
            QVERIFY2(!test::program(QString::fromLatin1(tool)).isEmpty(), tool);
        m_phantoms = folder(QStringLiteral("phantoms"));
        const test::Run made =
            test::run(cli(), {"phantom", "--out", m_phantoms, "--patients", "2", "--size", "512", "--json"});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        for (const QByteArray& line : made.out.split('\n')) {
            if (line.trimmed().isEmpty()) continue;
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            m_studyOfSop[object["sop_instance_uid"].toString()] = object["study_instance_uid"].toString();
        }
        QCOMPARE(int(m_studyOfSop.size()), 2);
    }

    void chestRadiographs_comeBackAsOneSrAndOneScEach_onceHoweverOftenSent()
    {
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-a")), {{"PULMO", test::freePort()}});
        QVERIFY2(orthanc.start(), "Orthanc did not start");
        const uint16_t port = test::freePort();
        const uint16_t http = test::freePort();
        NodeProcess node(folder(QStringLiteral("node-a")), nodeArguments("node-a", port, http, orthanc.peer()));
        QVERIFY2(node.start(http), node.log().constData());

        // A DX and a CR (the same phantom as CR Image Storage) of the two patients.
        QStringList files;
        for (const QFileInfo& file : QDir(m_phantoms).entryInfoList({"*.dcm"}, QDir::Files, QDir::Name))
            files << file.filePath();
        QCOMPARE(files.size(), 2);
        files[1] =
            variant(files[1], QStringLiteral("cr.dcm"), {"SOPClassUID=1.2.840.10008.5.1.4.1.1.1", "Modality=CR"});
        std::map<QString, QString> studyOfSop = m_studyOfSop;  // the CR is a new instance of the second study
        studyOfSop[sopOf(files[1])] = m_studyOfSop.at(sopOf(
            QFileInfo(files[0]).dir().filePath(QDir(m_phantoms).entryList({"*.dcm"}, QDir::Files, QDir::Name).at(1))));
        const test::Run stored = storeToNode(port, files);
        QVERIFY2(stored.exitCode == 0, stored.out + stored.err);
        std::set<QString> studies;
        for (const auto& [sop, study] : m_studyOfSop) studies.insert(study);
        QVERIFY2(waitForResults(orthanc.peer(), studies, 120), node.log().right(3000).constData());

        // Sent again: analysed once, stored once.
        const test::Run again = storeToNode(port, files);
        QVERIFY2(again.exitCode == 0, again.out + again.err);
        QTest::qWait(3000);
        for (const QString& study : studies) {
            const auto classes = instancesIn(orthanc.peer(), study);
            QCOMPARE(countOf(classes, kComprehensive3dSr), 1);
            QCOMPARE(countOf(classes, kSecondaryCapture), 1);
        }
        // Nothing stays behind in the store: the radiographs went once analysed (the second copies
        // too), the results objects once stored at the destination.
        QStringList left;
        QDirIterator leftover(QDir(folder("node-a")).filePath("store"), {"*.dcm"}, QDir::Files,
                              QDirIterator::Subdirectories);
        while (leftover.hasNext()) left << leftover.next();
        QVERIFY2(left.isEmpty(), qPrintable(left.join(' ')));
        const QByteArray metrics = httpGet(http, QStringLiteral("/metrics")).body;
        QCOMPARE(metric(metrics, "pulmo_node_received_total"), 4.0);
        QCOMPARE(metric(metrics, "pulmo_node_processed_total"), 2.0);
        QCOMPARE(metric(metrics, "pulmo_node_results_sent_total"), 4.0);
        QCOMPARE(metric(metrics, "pulmo_node_end_to_end_seconds_count"), 2.0);
        QCOMPARE(metric(metrics, "pulmo_node_inference_seconds_count"), 2.0);
        QCOMPARE(metric(metrics, "pulmo_node_queue_depth"), 0.0);
        QCOMPARE(metric(metrics, "pulmo_node_outbox_pending"), 0.0);

        // The references, read by pydicom from the objects retrieved from Orthanc.
        const QString retrieved = folder(QStringLiteral("retrieved-a"));
        for (const QString& study : studies) {
            const test::Run got =
                test::run(cli(), {"retrieve", "--peer", QString::fromStdString(net::peerAddress(orthanc.peer())),
                                  "--calling-ae", "PULMO", "--study", study, "--method", "get", "--out", retrieved});
            QVERIFY2(got.exitCode == 0, got.err.constData());
        }
        const test::Run references = test::run(
            QStringLiteral(PULMO_SYSTEM_PYTHON),
            {"-c",
             "import sys, pathlib, pydicom\n"
             "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.dcm')):\n"
             "    d = pydicom.dcmread(p)\n"
             "    if d.SOPClassUID == '" +
                 kComprehensive3dSr +
                 "':\n"
                 "        ref = d.CurrentRequestedProcedureEvidenceSequence[0].ReferencedSeriesSequence[0]"
                 ".ReferencedSOPSequence[0].ReferencedSOPInstanceUID\n"
                 "        print('sr', d.StudyInstanceUID, ref)\n"
                 "    elif d.SOPClassUID == '" +
                 kSecondaryCapture +
                 "':\n"
                 "        print('sc', d.StudyInstanceUID, d.SourceImageSequence[0].ReferencedSOPInstanceUID)\n",
             retrieved});
        QVERIFY2(references.exitCode == 0, references.err.constData());
        int seen = 0;
        for (const QByteArray& line : references.out.split('\n')) {
            const QList<QByteArray> fields = line.split(' ');
            if (fields.size() != 3) continue;
            const QString source = QString::fromLatin1(fields[2]);
            QVERIFY2(studyOfSop.count(source), line.constData());
            QCOMPARE(QString::fromLatin1(fields[1]), studyOfSop.at(source));  // in the radiograph's study
            ++seen;
        }
        QCOMPARE(seen, 4);  // an SR and an SC for each radiograph

        // The audit trail: each reception, analysis and transfer.
        QCOMPARE(node.terminate(), 0);
        const QString csv = m_work.filePath(QStringLiteral("audit-a.csv"));
        const test::Run exported = test::run(
            cli(), {"audit", "export", "--db", QDir(folder("node-a")).filePath("store/audit.sqlite"), "-o", csv});
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
        QFile auditFile(csv);
        QVERIFY(auditFile.open(QIODevice::ReadOnly));
        const QByteArray audit = auditFile.readAll();
        QCOMPARE(int(audit.count("dicom.received")), 4);
        QCOMPARE(int(audit.count("ai.analysed")), 2);
        QCOMPARE(int(audit.count("pacs.store")), 4);
        QVERIFY(audit.contains("node:PULMO_AI"));
        // What model monitoring needs (issue 20): one observation per radiograph and model, in the
        // audit database, however often it was sent.
        const test::Run observed = test::run(
            QStringLiteral(PULMO_SYSTEM_PYTHON),
            {"-c",
             "import sqlite3, sys\n"
             "c = sqlite3.connect(sys.argv[1])\n"
             "print(sorted(r[0] for r in c.execute(\"SELECT sop_instance_uid FROM monitoring_observations WHERE "
             "source = 'node' AND length(input_histogram) = 256\")))\n"
             "print(c.execute('SELECT sum(images) FROM monitoring_days').fetchone()[0])\n",
             QDir(folder("node-a")).filePath("store/audit.sqlite")});
        QVERIFY2(observed.exitCode == 0, observed.err.constData());
        QStringList sops{QStringLiteral("'%1'").arg(sopOf(files[0])), QStringLiteral("'%1'").arg(sopOf(files[1]))};
        sops.sort();
        QCOMPARE(QString::fromLatin1(observed.out.split('\n').value(0)), QStringLiteral("[%1]").arg(sops.join(", ")));
        QCOMPARE(observed.out.split('\n').value(1), QByteArray("2"));
    }

    void orthancForwardsWithTheShippedLuaScript_andTheResultsComeBackOnce()
    {
        // The deployment as the README describes it: Orthanc with resources/deploy's Lua script
        // forwards each chest radiograph to the node, which sends its SR and SC back to Orthanc.
        const uint16_t port = test::freePort();
        const uint16_t http = test::freePort();
        QJsonObject extra;
        extra["LuaScripts"] =
            QJsonArray{QStringLiteral(PULMO_SOURCE_DIR "/resources/deploy/orthanc/pulmo-forward.lua")};
        extra["DicomModalities"] = QJsonObject{{"pulmo-node", QJsonArray{"PULMO_AI", "127.0.0.1", port}},
                                               {"pulmo", QJsonArray{"PULMO", "127.0.0.1", test::freePort()}}};
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-lua")), {}, extra);
        QVERIFY2(orthanc.start(), "Orthanc did not start");
        QStringList arguments = nodeArguments("node-lua", port, http, orthanc.peer());
        arguments[arguments.indexOf("ROUTER")] = QStringLiteral("ORTHANC");  // --accept-from the router only
        NodeProcess node(folder(QStringLiteral("node-lua")), arguments);
        QVERIFY2(node.start(http), node.log().constData());

        QVERIFY(orthanc.store(m_phantoms).isEmpty());  // the modality stores into Orthanc
        std::set<QString> studies;
        for (const auto& [sop, study] : m_studyOfSop) studies.insert(study);
        QVERIFY2(waitForResults(orthanc.peer(), studies, 180), node.log().right(3000).constData());
        QTest::qWait(3000);  // anything forwarded twice or sent back round would be here by now
        for (const QString& study : studies) {
            const auto classes = instancesIn(orthanc.peer(), study);
            QCOMPARE(int(classes.size()), 3);  // the radiograph, its SR, its SC
            QCOMPARE(countOf(classes, kComprehensive3dSr), 1);
            QCOMPARE(countOf(classes, kSecondaryCapture), 1);
        }
        const QByteArray metrics = httpGet(http, QStringLiteral("/metrics")).body;
        QCOMPARE(metric(metrics, "pulmo_node_received_total"), 2.0);  // the SR and SC were not forwarded back
        QCOMPARE(metric(metrics, "pulmo_node_results_sent_total"), 4.0);
        QCOMPARE(node.terminate(), 0);
    }

    void notChestOrNotAllowed_isRefused_andChestImagesStillFlow()
    {
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-b")), {{"PULMO", test::freePort()}});
        QVERIFY2(orthanc.start(), "Orthanc did not start");
        const uint16_t port = test::freePort();
        const uint16_t http = test::freePort();
        NodeProcess node(folder(QStringLiteral("node-b")), nodeArguments("node-b", port, http, orthanc.peer()));
        QVERIFY2(node.start(http), node.log().constData());
        const QString chest = QDir(m_phantoms).entryInfoList({"*.dcm"}, QDir::Files, QDir::Name).first().filePath();

        // A caller not in --accept-from: the association is rejected.
        const test::Run stranger = storeToNode(port, {chest}, QStringLiteral("STRANGER"));
        QVERIFY2(stranger.exitCode != 0, stranger.out + stranger.err);
        QVERIFY2((stranger.out + stranger.err).contains("Association Rejected"), stranger.out + stranger.err);

        // A flood of knees, an MR, then the chest image, on one association.
        QStringList flood;
        for (int i = 0; i < 20; ++i)
            flood << variant(chest, QStringLiteral("knee-%1.dcm").arg(i), {"BodyPartExamined=KNEE"});
        flood << variant(chest, QStringLiteral("mr.dcm"), {"SOPClassUID=1.2.840.10008.5.1.4.1.1.4", "Modality=MR"});
        // A SOP Instance UID that is no UID (it would name the node's files): refused.
        const QString bad = variant(chest, QStringLiteral("bad-uid.dcm"), {});
        {
            const test::Run forged = test::run(test::program(QStringLiteral("dcmodify")),
                                               {"-nb", "-m", "SOPInstanceUID=1.2.826.0.1.x/../../evil", bad});
            QVERIFY2(forged.exitCode == 0, forged.err.constData());
        }
        flood << bad << chest;
        const test::Run stored = storeToNode(port, flood);
        const QByteArray said = stored.out + stored.err;
        // The knees are refused with the reason; the MR's class is not accepted at all.
        QVERIFY2(said.toLower().count("error: cannot") >= 20, said.constData());  // 0xC000, with the reason
        QVERIFY2(said.toLower().contains("no presentation context"), said.right(1500).constData());
        QElapsedTimer timer;
        timer.start();
        double processed = 0;
        while (timer.elapsed() < 120000 && processed < 1) {
            processed = metric(httpGet(http, QStringLiteral("/metrics")).body, "pulmo_node_processed_total");
            QTest::qWait(500);
        }
        QCOMPARE(processed, 1.0);
        const QByteArray metrics = httpGet(http, QStringLiteral("/metrics")).body;
        QCOMPARE(metric(metrics, "pulmo_node_received_total"), 1.0);
        QCOMPARE(metric(metrics, "pulmo_node_refused_total", "{reason=\"filtered\"}"), 20.0);
        QCOMPARE(metric(metrics, "pulmo_node_refused_total", "{reason=\"invalid\"}"), 1.0);
        QCOMPARE(node.terminate(), 0);
    }

    void destinationDown_resultsArriveWhenItIsBack()
    {
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-c")), {{"PULMO", test::freePort()}});
        QVERIFY2(orthanc.start(), "Orthanc did not start");
        orthanc.stop();  // down before the node sends anything
        const uint16_t port = test::freePort();
        const uint16_t http = test::freePort();
        NodeProcess node(folder(QStringLiteral("node-c")),
                         nodeArguments("node-c", port, http, orthanc.peer(), {"--timeout", "3"}));
        QVERIFY2(node.start(http), node.log().constData());
        const QString chest = QDir(m_phantoms).entryInfoList({"*.dcm"}, QDir::Files, QDir::Name).first().filePath();
        QVERIFY(storeToNode(port, {chest}).exitCode == 0);
        // Analysed, then pending: nothing claimed sent while the PACS is down.
        QElapsedTimer timer;
        timer.start();
        QByteArray metrics;
        while (timer.elapsed() < 60000) {
            metrics = httpGet(http, QStringLiteral("/metrics")).body;
            if (metric(metrics, "pulmo_node_processed_total") >= 1 && metric(metrics, "pulmo_node_outbox_pending") >= 2)
                break;
            QTest::qWait(500);
        }
        QCOMPARE(metric(metrics, "pulmo_node_outbox_pending"), 2.0);
        QTest::qWait(2000);
        metrics = httpGet(http, QStringLiteral("/metrics")).body;
        QCOMPARE(metric(metrics, "pulmo_node_results_sent_total"), 0.0);
        QCOMPARE(metric(metrics, "pulmo_node_dead_letters_total"), 0.0);
        // Back: the next attempt (10 s after the first failure, then 20 s ...) stores both.
        QVERIFY2(orthanc.start(), "Orthanc did not restart");
        QElapsedTimer back;
        back.start();
        double sent = 0;
        while (back.elapsed() < 90000 && sent < 2) {
            sent = metric(httpGet(http, QStringLiteral("/metrics")).body, "pulmo_node_results_sent_total");
            QTest::qWait(500);
        }
        QCOMPARE(sent, 2.0);
        QCOMPARE(metric(httpGet(http, QStringLiteral("/metrics")).body, "pulmo_node_outbox_pending"), 0.0);
        QCOMPARE(node.terminate(), 0);
    }

    void destinationAnsweringFailure_isRetried_andNothingIsCountedSentThatWasNot()
    {
        // A destination that answers 0xA700 to its first four C-STOREs (two attempts of SR + SC),
        // then stores: Pulmo's own Storage SCP in this process, its commit deciding.
        std::atomic<int> calls{0};
        std::mutex mutex;
        std::vector<std::string> stored;
        net::StorageScpOptions options;
        options.aeTitle = "FUSSY_PACS";
        options.port = test::freePort();
        options.storageFolder = folder(QStringLiteral("fussy")).toStdString();
        net::StorageScp destination(options);
        destination.setCommit([&](const net::IncomingInstance&, const net::ReceivedInstance&) {
            return ++calls <= 4 ? net::StoreDecision{0xA700, "busy, try later"} : net::StoreDecision{};
        });
        destination.addListener([&](const net::ReceivedInstance& instance) {
            std::lock_guard<std::mutex> lock(mutex);
            stored.push_back(instance.sopClassUid);
        });
        destination.start();
        net::PacsPeer peer;
        peer.aeTitle = options.aeTitle;
        peer.host = "127.0.0.1";
        peer.port = options.port;
        const uint16_t port = test::freePort();
        const uint16_t http = test::freePort();
        NodeProcess node(folder(QStringLiteral("node-f")), nodeArguments("node-f", port, http, peer));
        QVERIFY2(node.start(http), node.log().constData());
        const QString chest = QDir(m_phantoms).entryInfoList({"*.dcm"}, QDir::Files, QDir::Name).first().filePath();
        QVERIFY(storeToNode(port, {chest}).exitCode == 0);
        // Refused twice (the first attempt, and the retry 10 s later): still pending, none sent.
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 60000 && calls.load() < 4) QTest::qWait(200);
        QCOMPARE(calls.load(), 4);
        QByteArray metrics = httpGet(http, QStringLiteral("/metrics")).body;
        QCOMPARE(metric(metrics, "pulmo_node_results_sent_total"), 0.0);
        QCOMPARE(metric(metrics, "pulmo_node_outbox_pending"), 2.0);
        QCOMPARE(metric(metrics, "pulmo_node_dead_letters_total"), 0.0);
        {
            std::lock_guard<std::mutex> lock(mutex);
            QVERIFY(stored.empty());
        }
        // The third attempt (20 s after the second) is stored: both objects, once.
        clock.restart();
        double sent = 0;
        while (clock.elapsed() < 90000 && sent < 2) {
            sent = metric(httpGet(http, QStringLiteral("/metrics")).body, "pulmo_node_results_sent_total");
            QTest::qWait(500);
        }
        QCOMPARE(sent, 2.0);
        metrics = httpGet(http, QStringLiteral("/metrics")).body;
        QCOMPARE(metric(metrics, "pulmo_node_outbox_pending"), 0.0);
        QCOMPARE(metric(metrics, "pulmo_node_dead_letters_total"), 0.0);
        {
            std::lock_guard<std::mutex> lock(mutex);
            QCOMPARE(int(stored.size()), 2);
            QCOMPARE(int(std::count(stored.begin(), stored.end(), kComprehensive3dSr.toStdString())), 1);
            QCOMPARE(int(std::count(stored.begin(), stored.end(), kSecondaryCapture.toStdString())), 1);
        }
        QCOMPARE(calls.load(), 6);
        QCOMPARE(node.terminate(), 0);
        destination.stop();
    }

    void tinyDisk_answersOutOfResources_andTheRetrySucceedsOnceThereIsRoom()
    {
        // A real small disk: a 64 MiB tmpfs in a private mount namespace (unshare maps the user to
        // root inside it), nearly filled; the node keeps its store and queue there and needs 32 MiB
        // free. The test frees the space by a control file the script waits for.
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-d")), {{"PULMO", test::freePort()}});
        QVERIFY2(orthanc.start(), "Orthanc did not start");
        const uint16_t port = test::freePort();
        const uint16_t http = test::freePort();
        const QString disk = folder(QStringLiteral("tiny-disk"));
        const QString control = folder(QStringLiteral("tiny-control"));
        const QString script = QStringLiteral(R"sh(
            set -u
            disk="$1"; control="$2"; shift 2
            mount -t tmpfs -o size=64m tmpfs "$disk" || exit 90
            dd if=/dev/zero of="$disk/filler" bs=1M count=40 2>/dev/null || exit 91
            setpriv --pdeathsig KILL "$NODE" --store "$disk/store" --queue "sqlite:$disk/queue.sqlite" --min-free-disk 32 "$@" 2>"$control/node.log" &
            node=$!
            while [ ! -e "$control/free" ]; do sleep 0.2; done
            rm "$disk/filler"
            while [ ! -e "$control/stop" ]; do sleep 0.2; done
            kill -TERM "$node"
            wait "$node"
            echo $? >"$control/node.rc"
            )sh");
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("NODE"), nodeProgram());
        QProcess shell;
        shell.setProcessEnvironment(environment);
        shell.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        shell.start(QStringLiteral("unshare"),
                    QStringList{"--map-root-user", "--mount", "sh", "-c", script, "sh", disk, control, "--ae",
                                "PULMO_AI", "--port", QString::number(port), "--send-to",
                                QString::fromStdString(net::peerAddress(orthanc.peer())), "--http",
                                QString::number(http), "--accept-from", "ROUTER"});
        QVERIFY(shell.waitForStarted(10000));
        const auto touch = [&](const QString& name) {
            QFile file(QDir(control).filePath(name));
            return file.open(QIODevice::WriteOnly);
        };
        const auto nodeLog = [&] {
            QFile file(QDir(control).filePath(QStringLiteral("node.log")));
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        };
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 60000 && httpGet(http, QStringLiteral("/livez")).status != 200) QTest::qWait(200);
        QVERIFY2(httpGet(http, QStringLiteral("/livez")).status == 200, nodeLog().constData());

        // Nearly full: not ready, and the router is told Out of Resources; nothing is kept.
        const HttpAnswer full = httpGet(http, QStringLiteral("/readyz"));
        QCOMPARE(full.status, 503);
        QVERIFY2(full.body.contains("free disk"), full.body.constData());
        const QString chest = QDir(m_phantoms).entryInfoList({"*.dcm"}, QDir::Files, QDir::Name).first().filePath();
        const test::Run refused = storeToNode(port, {chest});
        const QByteArray said = refused.out + refused.err;
        QVERIFY2(outOfResources(said) > 0, said.constData());
        QCOMPARE(metric(httpGet(http, QStringLiteral("/metrics")).body, "pulmo_node_received_total"), 0.0);
        QCOMPARE(metric(httpGet(http, QStringLiteral("/metrics")).body, "pulmo_node_refused_total",
                        "{reason=\"out_of_resources\"}"),
                 1.0);

        // Room again: ready, and the router's retry is stored, analysed and its results sent.
        QVERIFY(touch(QStringLiteral("free")));
        clock.restart();
        while (clock.elapsed() < 30000 && httpGet(http, QStringLiteral("/readyz")).status != 200) QTest::qWait(200);
        QCOMPARE(httpGet(http, QStringLiteral("/readyz")).status, 200);
        const test::Run retried = storeToNode(port, {chest});
        QVERIFY2(retried.exitCode == 0 && outOfResources(retried.out + retried.err) == 0, retried.out + retried.err);
        clock.restart();
        double sent = 0;
        while (clock.elapsed() < 120000 && sent < 2) {
            sent = metric(httpGet(http, QStringLiteral("/metrics")).body, "pulmo_node_results_sent_total");
            QTest::qWait(500);
        }
        QCOMPARE(sent, 2.0);
        QVERIFY(touch(QStringLiteral("stop")));
        QVERIFY(shell.waitForFinished(60000));
        QVERIFY2(shell.exitCode() == 0, shell.readAllStandardError().constData());
        QFile rc(QDir(control).filePath(QStringLiteral("node.rc")));
        QVERIFY(rc.open(QIODevice::ReadOnly));
        QCOMPARE(rc.readAll().trimmed(), QByteArray("0"));
    }

    void fullQueue_answersOutOfResources_andEverythingAcknowledgedComesThrough()
    {
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-e")), {{"PULMO", test::freePort()}});
        QVERIFY2(orthanc.start(), "Orthanc did not start");
        const uint16_t port = test::freePort();
        const uint16_t http = test::freePort();
        NodeProcess node(folder(QStringLiteral("node-e")), nodeArguments("node-e", port, http, orthanc.peer(),
                                                                         {"--max-queue", "2", "--model", slowModel()}));
        QVERIFY2(node.start(http), node.log().constData());
        // Eight images on one association arrive far faster than the model takes them (about a
        // second each here): the third waiting job finds the queue full.
        const QString chest = QDir(m_phantoms).entryInfoList({"*.dcm"}, QDir::Files, QDir::Name).first().filePath();
        QStringList burst;
        for (int i = 0; i < 8; ++i) burst << variant(chest, QStringLiteral("burst-%1.dcm").arg(i), {});
        const test::Run stored = storeToNode(port, burst);
        const QByteArray said = stored.out + stored.err;
        const int refusals = outOfResources(said);
        const int successes = int(said.count("Received Store Response (Success)"));
        QVERIFY2(refusals >= 1, said.constData());
        QCOMPARE(successes + refusals, 8);
        QCOMPARE(metric(httpGet(http, QStringLiteral("/metrics")).body, "pulmo_node_refused_total",
                        "{reason=\"out_of_resources\"}"),
                 double(refusals));
        // Every acknowledged image is analysed and sent; then the refused ones, sent again, too.
        QElapsedTimer clock;
        clock.start();
        double sent = 0;
        while (clock.elapsed() < 180000 && sent < 2 * successes) {
            sent = metric(httpGet(http, QStringLiteral("/metrics")).body, "pulmo_node_results_sent_total");
            QTest::qWait(500);
        }
        QCOMPARE(sent, double(2 * successes));
        // The router's retries, as Orthanc's would come: until every image is taken (those stored
        // already are duplicates, answered with success; the queue may fill again meanwhile).
        int retries = 0;
        for (int refused = refusals; refused > 0 && retries < 20; ++retries) {
            const test::Run again = storeToNode(port, burst);
            refused = outOfResources(again.out + again.err);
            if (refused > 0) QTest::qWait(2000);  // the queue drains
        }
        QVERIFY2(retries < 20, "the router's retries were refused twenty times");
        clock.restart();
        while (clock.elapsed() < 180000 && sent < 16) {
            sent = metric(httpGet(http, QStringLiteral("/metrics")).body, "pulmo_node_results_sent_total");
            QTest::qWait(500);
        }
        QCOMPARE(sent, 16.0);
        QCOMPARE(metric(httpGet(http, QStringLiteral("/metrics")).body, "pulmo_node_processed_total"), 8.0);
        QCOMPARE(node.terminate(), 0);
    }

    void sigtermMidBurst_finishesOrReleasesTheJobsInHand_andARestartAnalysesTheRest()
    {
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-g")), {{"PULMO", test::freePort()}});
        QVERIFY2(orthanc.start(), "Orthanc did not start");
        const uint16_t port = test::freePort();
        const uint16_t http = test::freePort();
        const QStringList arguments = nodeArguments("node-g", port, http, orthanc.peer(), {"--model", slowModel()});
        const QString queue = QDir(folder(QStringLiteral("node-g"))).filePath(QStringLiteral("queue.sqlite"));
        const QString chest = QDir(m_phantoms).entryInfoList({"*.dcm"}, QDir::Files, QDir::Name).first().filePath();
        QStringList burst;
        // Enough images that the stop, sent as soon as the last is acknowledged, finds work left
        // (eight were sometimes all analysed by then).
        const int kBurst = 24;
        for (int i = 0; i < kBurst; ++i) burst << variant(chest, QStringLiteral("term-%1.dcm").arg(i), {});
        {
            NodeProcess node(folder(QStringLiteral("node-g")), arguments);
            QVERIFY2(node.start(http), node.log().constData());
            const test::Run stored = storeToNode(port, burst);
            QCOMPARE(int(stored.err.count("Received Store Response (Success)") +
                         stored.out.count("Received Store Response (Success)")),
                     kBurst);
            QCOMPARE(node.terminate(), 0);  // at once: the worker is in the middle of the burst
        }
        // Nothing is left in a worker's hands: each job is done or queued again.
        const test::Run states =
            test::run(QStringLiteral(PULMO_SYSTEM_PYTHON),
                      {"-c",
                       "import sqlite3, sys\n"
                       "c = sqlite3.connect(sys.argv[1])\n"
                       "print(' '.join('%s=%d' % r for r in c.execute('SELECT state, count(*) FROM jobs GROUP BY state "
                       "ORDER BY state')))",
                       queue});
        QVERIFY2(!states.out.contains("leased"), states.out.constData());
        QVERIFY2(states.out.contains("queued="), states.out.constData());  // the stop came before the end
        // Started again: the rest is analysed, every image's results arrive, none twice.
        NodeProcess again(folder(QStringLiteral("node-g")), arguments);
        QVERIFY2(again.start(http), again.log().constData());
        QElapsedTimer clock;
        clock.start();
        int srs = 0;
        const QString study = m_studyOfSop.at(sopOf(chest));
        while (clock.elapsed() < 180000) {
            srs = countOf(instancesIn(orthanc.peer(), study), kComprehensive3dSr);
            if (srs >= kBurst) break;
            QTest::qWait(500);
        }
        QCOMPARE(srs, kBurst);
        QTest::qWait(2000);
        QCOMPARE(countOf(instancesIn(orthanc.peer(), study), kComprehensive3dSr), kBurst);
        QCOMPARE(countOf(instancesIn(orthanc.peer(), study), kSecondaryCapture), kBurst);
        QCOMPARE(again.terminate(), 0);
    }

    void systemd_hearsReadyWatchdogAndStopping()
    {
        // The service manager's side of Type=notify: a datagram socket named by NOTIFY_SOCKET, as
        // systemd passes it, and WATCHDOG_USEC; libsystemd's sd_notify() in the node writes to it.
        const QString socketPath = m_work.filePath(QStringLiteral("notify.sock"));
        const int receiver = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        QVERIFY(receiver >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, socketPath.toLocal8Bit().constData(), sizeof(address.sun_path) - 1);
        QCOMPARE(::bind(receiver, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
        const auto messages = [&] {
            QByteArrayList received;
            char buffer[4096];
            for (ssize_t n; (n = ::recv(receiver, buffer, sizeof(buffer), 0)) > 0;)
                received << QByteArray(buffer, int(n));
            return received;
        };
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-h")), {{"PULMO", test::freePort()}});
        const uint16_t port = test::freePort();
        const uint16_t http = test::freePort();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("NOTIFY_SOCKET"), socketPath);
        environment.insert(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("1000000"));  // fed every 0.5 s
        NodeProcess node(folder(QStringLiteral("node-h")), nodeArguments("node-h", port, http, orthanc.peer()));
        QVERIFY2(node.start(http, environment), node.log().constData());
        QTest::qWait(2500);
        QByteArrayList heard = messages();
        QVERIFY2(!heard.isEmpty() && heard.first() == "READY=1", heard.join('|').constData());
        const int watchdogs = int(heard.count("WATCHDOG=1"));
        QVERIFY2(watchdogs >= 3, heard.join('|').constData());  // about five in 2.5 s
        QCOMPARE(node.terminate(), 0);
        heard = messages();
        QVERIFY2(heard.contains("STOPPING=1"), heard.join('|').constData());
        ::close(receiver);
    }

    void hardenedAsTheUnit_readOnlySystemNoHomeNoNewPrivileges_theNodeWorks()
    {
        // What the unit's ProtectSystem=strict, ReadWritePaths (the state folder only), ProtectHome
        // and NoNewPrivileges do to the node, done by hand in a private mount namespace (there is
        // no systemd as PID 1 here to run the unit itself): the whole file system read-only but
        // the state folder, /root and /home empty and read-only, then no_new_privs.
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-i")), {{"PULMO", test::freePort()}});
        QVERIFY2(orthanc.start(), "Orthanc did not start");
        const uint16_t port = test::freePort();
        const uint16_t http = test::freePort();
        const QString state = folder(QStringLiteral("hardened-state"));
        const QString control = folder(QStringLiteral("hardened-control"));
        const QString script = QStringLiteral(R"sh(
            set -eu
            state="$1"; control="$2"; shift 2
            mount --make-rprivate /
            mount --bind "$state" "$state"
            mount --bind "$control" "$control"
            mount -o remount,bind,ro /
            for protected in /root /home; do [ -d "$protected" ] && mount -t tmpfs -o ro,size=1m tmpfs "$protected"; done
            touch /etc/pulmo-write-test 2>/dev/null && exit 95   # the system must be read-only now
            exec setpriv --no-new-privs "$NODE" --store "$state/store" --queue "sqlite:$state/queue.sqlite" "$@" 2>"$control/node.log"
            )sh");
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("NODE"), nodeProgram());
        environment.remove(QStringLiteral("HOME"));
        QProcess shell;
        shell.setProcessEnvironment(environment);
        shell.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        shell.start(QStringLiteral("unshare"), QStringList{"--map-root-user",
                                                           "--mount",
                                                           "sh",
                                                           "-c",
                                                           script,
                                                           "sh",
                                                           state,
                                                           control,
                                                           "--ae",
                                                           "PULMO_AI",
                                                           "--port",
                                                           QString::number(port),
                                                           "--send-to",
                                                           QString::fromStdString(net::peerAddress(orthanc.peer())),
                                                           "--http",
                                                           QString::number(http),
                                                           "--accept-from",
                                                           "ROUTER",
                                                           "--min-free-disk",
                                                           "1"});
        QVERIFY(shell.waitForStarted(10000));
        const auto nodeLog = [&] {
            QFile file(QDir(control).filePath(QStringLiteral("node.log")));
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        };
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 60000 && shell.state() == QProcess::Running &&
               httpGet(http, QStringLiteral("/readyz")).status != 200)
            QTest::qWait(200);
        QVERIFY2(httpGet(http, QStringLiteral("/readyz")).status == 200,
                 (shell.readAllStandardError() + nodeLog()).constData());
        const QString chest = QDir(m_phantoms).entryInfoList({"*.dcm"}, QDir::Files, QDir::Name).first().filePath();
        QVERIFY(storeToNode(port, {chest}).exitCode == 0);
        clock.restart();
        double sent = 0;
        while (clock.elapsed() < 120000 && sent < 2) {
            sent = metric(httpGet(http, QStringLiteral("/metrics")).body, "pulmo_node_results_sent_total");
            QTest::qWait(500);
        }
        QVERIFY2(sent == 2.0, nodeLog().right(3000).constData());
        ::kill(pid_t(shell.processId()), SIGTERM);  // the node itself (exec'd)
        QVERIFY(shell.waitForFinished(60000));
        QCOMPARE(shell.exitCode(), 0);
        QVERIFY(QFileInfo::exists(QDir(state).filePath(QStringLiteral("store/audit.sqlite"))));
    }

    void sigterm_stopsCleanly_andTheLogIsJsonLines()
    {
        const QString log = QDir(folder(QStringLiteral("node-a"))).filePath(QStringLiteral("node.log"));
        QFile file(log);
        QVERIFY(file.open(QIODevice::ReadOnly));
        int lines = 0;
        for (const QByteArray& line : file.readAll().split('\n')) {
            if (line.isEmpty()) continue;
            QJsonParseError error{};
            const QJsonDocument document = QJsonDocument::fromJson(line, &error);
            QVERIFY2(error.error == QJsonParseError::NoError && document.isObject(), line.constData());
            const QJsonObject object = document.object();
            for (const char* key : {"time", "level", "category", "message"})
                QVERIFY2(object.contains(QLatin1String(key)), line.constData());
            ++lines;
        }
        QVERIFY(lines > 5);
        QVERIFY(file.seek(0));
        const QByteArray all = file.readAll();
        QVERIFY(all.contains("signal 15: stopping"));
        QVERIFY(all.contains("\"stopped\""));
        // The queue file is whole.
        const test::Run check = test::run(
            QStringLiteral(PULMO_SYSTEM_PYTHON),
            {"-c",
             "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])",
             QDir(folder(QStringLiteral("node-a"))).filePath(QStringLiteral("queue.sqlite"))});
        QCOMPARE(check.out.trimmed(), QByteArray("ok"));
    }

    void monitoring_isExportedAsMetrics()
    {
        // The node's audit database holds 110 days of its model's observations with a planted
        // drift (a new manufacturer, a brighter input) and a failed golden run: /metrics says so.
        QFile weights(QStringLiteral(PULMO_SOURCE_DIR "/resources/models/pulmo-demo-resnet18.pt"));
        QVERIFY(weights.open(QIODevice::ReadOnly));
        QCryptographicHash hash(QCryptographicHash::Sha256);
        QVERIFY(hash.addData(&weights));
        const QString base = folder(QStringLiteral("node-m"));
        const QString audit = QDir(base).filePath(QStringLiteral("audit.sqlite"));
        QVERIFY(test::writeDriftedDatabase(audit, QString::fromLatin1(hash.result().toHex())));
        net::PacsPeer nowhere;
        nowhere.aeTitle = "NOWHERE";
        nowhere.host = "127.0.0.1";
        nowhere.port = test::freePort();
        const uint16_t http = test::freePort();
        NodeProcess node(base, nodeArguments("node-m", test::freePort(), http, nowhere, {"--audit-db", audit}));
        QVERIFY2(node.start(http), node.log().constData());
        QByteArray body;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 60000) {
            body = httpGet(http, QStringLiteral("/metrics")).body;
            if (metric(body, "pulmo_node_monitoring_updated_timestamp_seconds") > 0) break;
            QTest::qWait(200);
        }
        QVERIFY2(metric(body, "pulmo_node_monitoring_updated_timestamp_seconds") > 0, body.constData());
        QCOMPARE(metric(body, "pulmo_node_monitoring_reference_complete"), 1.0);
        QVERIFY(metric(body, "pulmo_node_monitoring_alarms_open", "{kind=\"metadata_drift\"}") >= 2);
        QVERIFY(metric(body, "pulmo_node_monitoring_alarms_open", "{kind=\"input_drift\"}") >= 1);
        QCOMPARE(metric(body, "pulmo_node_monitoring_alarms_open", "{kind=\"golden_set\"}"), 1.0);
        QCOMPARE(metric(body, "pulmo_node_monitoring_alarms_open", "{kind=\"agreement_drift\"}"), 0.0);
        QVERIFY(metric(body, "pulmo_node_monitoring_value",
                       "{kind=\"input_drift\",metric=\"histogram_js\",window=\"30d\"}") > 0.1);
        QCOMPARE(metric(body, "pulmo_node_monitoring_threshold",
                        "{kind=\"input_drift\",metric=\"histogram_js\",window=\"30d\"}"),
                 0.1);
        QCOMPARE(node.terminate(), 0);
    }

    void badConfiguration_exitsWithTheReason()
    {
        const test::Run run = test::run(nodeProgram(), {"--ae", "PULMO_AI", "--port", "notaport"});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("--port: \"notaport\""), run.err.constData());
        const test::Run help = test::run(nodeProgram(), {"--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--send-to AET@HOST:PORT"));
    }
};

QTEST_GUILESS_MAIN(TestNode)
#include "tst_node.moc"
