// pulmo-node --deidentify-for (issue 19 item 6): the node forwards a de-identified copy of each
// chest radiograph to an AI server outside the hospital and puts the server's answers back into
// the original study. Real processes on loopback: two pulmo-nodes (the hospital's, and a second one
// playing the outside server), Orthanc as the PACS, DCMTK's storescu as the router.
//
// - What leaves: the planted-identity generator of tst_deidentify (tests/oracle/deid_oracle.py,
//   pydicom) writes the images; an outside server of this process captures what the node forwards,
//   and the oracle finds no planted value, no original UID, pixels unchanged, references resolving
//   and the marks. An image that says Burned In Annotation YES is analysed but not forwarded; an SR
//   about a study the node did not forward is refused; an image sent twice is forwarded once.
// - What comes back: the second node analyses the copies and sends its SR and SC to the first,
//   which stores them in Orthanc in the original study, under the original patient, referencing the
//   original image (pydicom reads them back, dcentvfy finds the study consistent); nothing of the
//   original identity is anywhere in the second node's folder, its log and databases included.

#include "net/PacsPeer.h"
#include "net/StorageScp.h"
#include "support/NodeProcess.h"
#include "support/RsyslogServer.h"
#include "support/OrthancServer.h"
#include "support/PeerProcess.h"
#include "support/ProcessRun.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <mutex>
#include <set>
#include <vector>

using namespace pulmo;
using test::countOf;
using test::httpGet;
using test::instancesIn;
using test::kComprehensive3dSr;
using test::kSecondaryCapture;
using test::metric;
using test::NodeProcess;
using test::nodeProgram;

namespace {

QString cli()
{
    return QStringLiteral(PULMO_CLI_PATH);
}

QString python()
{
    return QStringLiteral(PULMO_SYSTEM_PYTHON);
}

QString oracle()
{
    return QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/deid_oracle.py");
}

QString table()
{
    return QStringLiteral(PULMO_SOURCE_DIR "/viewer/deid/ps3.15-table-e.1-1.csv");
}

/// A Storage SCP of this process that keeps what it receives (the outside server, a PACS).
class Receiver {
public:
    Receiver(const std::string& aeTitle, const QString& folder)
    {
        net::StorageScpOptions options;
        options.aeTitle = aeTitle;
        options.port = test::freePort();
        options.storageFolder = folder.toStdString();
        m_scp = std::make_unique<net::StorageScp>(options);
        m_scp->addListener([this](const net::ReceivedInstance& instance) {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_files.push_back(instance);
        });
        m_scp->start();
        m_peer.aeTitle = aeTitle;
        m_peer.host = "127.0.0.1";
        m_peer.port = options.port;
    }
    const net::PacsPeer& peer() const { return m_peer; }
    std::vector<net::ReceivedInstance> files()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_files;
    }
    /// Waits until at least `count` instances arrived (at most `seconds`).
    bool waitFor(size_t count, int seconds)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < seconds * 1000) {
            if (files().size() >= count) return true;
            QTest::qWait(250);
        }
        return files().size() >= count;
    }

private:
    std::unique_ptr<net::StorageScp> m_scp;
    net::PacsPeer m_peer;
    std::mutex m_mutex;
    std::vector<net::ReceivedInstance> m_files;
};

}  // namespace

class TestNodeDeid : public QObject {
    Q_OBJECT

    QTemporaryDir m_work;

    QString folder(const QString& name)
    {
        const QString path = m_work.filePath(name);
        QDir().mkpath(path);
        return path;
    }

    /// storescu from ROUTER to the node called `calledAe`; its exit code and output.
    static test::Run store(uint16_t port, const QString& calledAe, const QStringList& files,
                           const QString& callingAe = QStringLiteral("ROUTER"))
    {
        QStringList arguments{"-v", "-nh", "-aet", callingAe, "-aec", calledAe, "127.0.0.1", QString::number(port)};
        return test::run(test::program(QStringLiteral("storescu")), arguments + files);
    }

    QStringList nodeArguments(const QString& name, const QString& ae, uint16_t port, uint16_t http,
                              const net::PacsPeer& destination, const QStringList& extra)
    {
        return test::testNodeArguments(folder(name), ae, port, http, destination) + extra;
    }

    /// The audit trail of a node as CSV (pulmo-cli audit export).
    QByteArray auditOf(const QString& name)
    {
        const QString csv = m_work.filePath(name + "-audit.csv");
        const test::Run exported =
            test::run(cli(), {"audit", "export", "--db", QDir(folder(name)).filePath("store/audit.sqlite"), "-o", csv});
        if (exported.exitCode != 0) qWarning("audit export: %s", exported.err.constData());
        QFile file(csv);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        QVERIFY2(QFileInfo::exists(nodeProgram()), qPrintable(nodeProgram()));
        for (const char* tool : {"Orthanc", "storescu", "dcentvfy"})
            QVERIFY2(!test::program(QString::fromLatin1(tool)).isEmpty(), tool);
    }

    void forwardedCopies_carryNoPlantedIdentity_andBurnedInImagesStayInside()
    {
        const QString planted = folder(QStringLiteral("planted"));
        const test::Run generated = test::run(python(), {oracle(), "generate", "--table", table(), "--out", planted});
        QVERIFY2(generated.exitCode == 0, generated.err.constData());
        QStringList images;
        QStringList names;
        for (const QFileInfo& file : QDir(planted).entryInfoList({"*.dcm"}, QDir::Files, QDir::Name)) {
            // Not the SRs, nor the image whose identifying attributes are UN (its Study Instance UID
            // too: the node refuses what it cannot identify, before any de-identification).
            if (file.fileName().contains(QStringLiteral("_sr")) || file.fileName().contains(QStringLiteral("_un")))
                continue;
            images << file.filePath();
            names << file.fileName();
        }
        QCOMPARE(images.size(), 8);  // 2 patients x 2 studies x 2 images
        QStringList reports;
        for (const QFileInfo& file : QDir(planted).entryInfoList({"*_sr.dcm"}, QDir::Files, QDir::Name))
            reports << file.filePath();
        QCOMPARE(reports.size(), 2);
        // One more image that says its pixels carry text: analysed here, never forwarded.
        const QString burned = QDir(folder(QStringLiteral("burned"))).filePath(QStringLiteral("burned.dcm"));
        const test::Run made = test::run(python(), {"-c",
                                                    "import sys, pydicom\n"
                                                    "from pydicom.uid import generate_uid\n"
                                                    "d = pydicom.dcmread(sys.argv[1])\n"
                                                    "d.BurnedInAnnotation = 'YES'\n"
                                                    "d.SOPInstanceUID = generate_uid()\n"
                                                    "d.file_meta.MediaStorageSOPInstanceUID = d.SOPInstanceUID\n"
                                                    "d.save_as(sys.argv[2])\n"
                                                    "print(d.SOPInstanceUID)\n",
                                                    images.first(), burned});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        const QByteArray burnedSop = made.out.trimmed();

        Receiver outside("OUTSIDE_AI", folder(QStringLiteral("outside")));
        Receiver pacs("PACS", folder(QStringLiteral("pacs")));
        // The hospital's audit record repository (IHE ATNA): rsyslog on loopback, over TCP.
        test::RsyslogServer repository(folder(QStringLiteral("audit-repository")));
        QVERIFY(repository.start());
        const uint16_t port = test::freePort();
        const uint16_t http = test::freePort();
        NodeProcess node(folder(QStringLiteral("node-c")),
                         nodeArguments(QStringLiteral("node-c"), QStringLiteral("PULMO_AI"), port, http, pacs.peer(),
                                       {"--deidentify-for", QString::fromStdString(net::peerAddress(outside.peer())),
                                        "--accept-from", "ROUTER", "--accept-from", "OUTSIDE_AI", "--audit-repository",
                                        QStringLiteral("tcp://127.0.0.1:%1").arg(repository.tcpPort())}));
        QVERIFY2(node.start(http), node.log().constData());

        const test::Run sent = store(port, QStringLiteral("PULMO_AI"), images + QStringList{burned});
        QVERIFY2(sent.exitCode == 0, sent.out + sent.err);
        // The SRs are about studies the node never forwarded: refused, not analysed.
        store(port, QStringLiteral("PULMO_AI"), reports);
        QVERIFY2(outside.waitFor(8, 120), node.log().right(3000).constData());
        QVERIFY2(pacs.waitFor(18, 180), node.log().right(3000).constData());  // SR + SC of all nine images

        // What left for outside, checked by the oracle: the eight images, nothing planted in them.
        const test::Run checked =
            test::run(python(), {oracle(), "check", "--planted", planted + "/planted.json", "--out",
                                 folder(QStringLiteral("outside")), "--expect", names.join(',')});
        QVERIFY2(checked.exitCode == 0, checked.out.left(6000).constData());
        const QJsonObject report = QJsonDocument::fromJson(checked.out).object();
        QCOMPARE(report["files"].toInt(), 8);
        QCOMPARE(report["matched"].toInt(), 8);
        // (Referenced and Source Image Sequences are X in the Basic Profile: between images no
        // reference is left to resolve; the oracle checked the grouping into patients, studies and
        // series instead.)
        for (const net::ReceivedInstance& copy : outside.files())
            QVERIFY2(copy.sopInstanceUid.rfind("2.25.", 0) == 0, copy.sopInstanceUid.c_str());

        // The outside server sending the copy itself back, or an image of its own: no answers, refused.
        const test::Run echoed =
            store(port, QStringLiteral("PULMO_AI"), {QString::fromStdString(outside.files().front().filePath), burned},
                  QStringLiteral("OUTSIDE_AI"));
        QVERIFY2(echoed.out.count("Received Store Response") + echoed.err.count("Received Store Response") >= 2,
                 (echoed.out + echoed.err).constData());

        // Sent again: analysed and forwarded once.
        QVERIFY(store(port, QStringLiteral("PULMO_AI"), images).exitCode == 0);
        QTest::qWait(4000);
        QCOMPARE(int(outside.files().size()), 8);
        QCOMPARE(int(pacs.files().size()), 18);

        const QByteArray metrics = httpGet(http, QStringLiteral("/metrics")).body;
        QCOMPARE(metric(metrics, "pulmo_node_deidentified_total", "{outcome=\"forwarded\"}"), 8.0);
        QCOMPARE(metric(metrics, "pulmo_node_deidentified_total", "{outcome=\"refused\"}"), 1.0);
        QCOMPARE(metric(metrics, "pulmo_node_forwarded_total"), 8.0);
        QCOMPARE(metric(metrics, "pulmo_node_refused_total", "{reason=\"filtered\"}"), 4.0);
        QCOMPARE(metric(metrics, "pulmo_node_processed_total"), 9.0);
        QCOMPARE(metric(metrics, "pulmo_node_outbox_pending"), 0.0);
        QCOMPARE(node.terminate(), 0);

        // Every de-identification audited: for whom, which options, the new UID; the refusal too.
        const QByteArray audit = auditOf(QStringLiteral("node-c"));
        const QByteArray forWhom = "for=" + QByteArray::fromStdString(net::peerAddress(outside.peer()));
        int forwarded = 0;
        for (const QByteArray& line : audit.split('\n'))
            if (line.contains(",deidentify,") && line.contains(",ok,") && line.contains(forWhom) &&
                line.contains("options=basic profile") && line.contains("output=2.25."))
                ++forwarded;
        QCOMPARE(forwarded, 8);
        bool refusalAudited = false;
        for (const QByteArray& line : audit.split('\n'))
            refusalAudited = refusalAudited || (line.contains(",deidentify,") && line.contains(burnedSop) &&
                                                line.contains("refused") && line.contains("Burned In Annotation"));
        QVERIFY2(refusalAudited, audit.constData());

        // The repository got every row the node wrote, in order: the chain is anchored there.
        const int rows = int(audit.count('\n')) - 1;  // the CSV's header line aside
        QVERIFY(rows > 20);
        QCOMPARE(repository.waitForLines(rows, 20).size(), rows);
        const test::Run anchored = test::run(
            cli(), {"audit", "verify", "--db", QDir(folder(QStringLiteral("node-c"))).filePath("store/audit.sqlite"),
                    "--against", repository.receivedFile()});
        QVERIFY2(anchored.exitCode == 0, anchored.err.constData());
        const QList<QByteArray> received = repository.waitForLines(rows, 1);
        QVERIFY(received.front().contains(" pulmo-node "));
        QVERIFY(received.front().contains("UserID=\"PULMO_AI\""));
    }

    void answersOfTheOutsideServer_comeBackIntoTheOriginalStudy()
    {
        const QString phantoms = folder(QStringLiteral("phantoms"));
        const test::Run made =
            test::run(cli(), {"phantom", "--out", phantoms, "--patients", "2", "--size", "256", "--json"});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        struct Original {
            QString sop, study, series, patientId, patientName, birthDate;
        };
        std::vector<Original> originals;
        QStringList files;
        for (const QByteArray& line : made.out.split('\n')) {
            if (line.trimmed().isEmpty()) continue;
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            originals.push_back({o["sop_instance_uid"].toString(), o["study_instance_uid"].toString(),
                                 o["series_instance_uid"].toString(), o["patient_id"].toString(),
                                 o["patient_name"].toString(), o["patient_birth_date"].toString()});
            files << o["file"].toString();
        }
        QCOMPARE(int(originals.size()), 2);
        // Names that are not ASCII, in two character sets, so that the way back is checked with them.
        const test::Run named = test::run(python(), {"-c",
                                                     "import sys, pydicom\n"
                                                     "names = [('ISO_IR 100', 'Müller^Jürgen'),\n"
                                                     "         (['', 'ISO 2022 IR 87'], 'Yamada^Tarou=山田^太郎')]\n"
                                                     "for path, (charset, name) in zip(sys.argv[1:], names):\n"
                                                     "    d = pydicom.dcmread(path)\n"
                                                     "    d.SpecificCharacterSet = charset\n"
                                                     "    d.PatientName = name\n"
                                                     "    d.save_as(path)\n",
                                                     files[0], files[1]});
        QVERIFY2(named.exitCode == 0, named.err.constData());
        originals[0].patientName = QStringLiteral("Müller^Jürgen");
        originals[1].patientName = QStringLiteral("Yamada^Tarou=山田^太郎");

        // "PULMO": the AE title the test's C-FIND and C-GET call from.
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc")), {{"PULMO", test::freePort()}});
        QVERIFY2(orthanc.start(), "Orthanc did not start");
        const uint16_t portA = test::freePort(), httpA = test::freePort();
        const uint16_t portB = test::freePort(), httpB = test::freePort();
        net::PacsPeer nodeA;
        nodeA.aeTitle = "PULMO_A";
        nodeA.host = "127.0.0.1";
        nodeA.port = portA;
        // The outside server: a second node, which sends its results to whoever gave it the images.
        NodeProcess outside(folder(QStringLiteral("node-b")),
                            nodeArguments(QStringLiteral("node-b"), QStringLiteral("PULMO_B"), portB, httpB, nodeA,
                                          {"--accept-from", "PULMO_A"}));
        QVERIFY2(outside.start(httpB), outside.log().constData());
        NodeProcess hospital(
            folder(QStringLiteral("node-a")),
            nodeArguments(QStringLiteral("node-a"), QStringLiteral("PULMO_A"), portA, httpA, orthanc.peer(),
                          {"--deidentify-for", QStringLiteral("PULMO_B@127.0.0.1:%1").arg(portB), "--accept-from",
                           "ROUTER", "--accept-from", "PULMO_B"}));
        QVERIFY2(hospital.start(httpA), hospital.log().constData());

        const test::Run sent = store(portA, QStringLiteral("PULMO_A"), files);
        QVERIFY2(sent.exitCode == 0, sent.out + sent.err);
        // Each original study: the hospital node's own SR and SC, and the outside server's.
        QElapsedTimer timer;
        timer.start();
        bool complete = false;
        while (!complete && timer.elapsed() < 180000) {
            complete = true;
            for (const Original& original : originals) {
                const auto classes = instancesIn(orthanc.peer(), original.study);
                complete =
                    complete && countOf(classes, kComprehensive3dSr) == 2 && countOf(classes, kSecondaryCapture) == 2;
            }
            if (!complete) QTest::qWait(500);
        }
        QVERIFY2(complete, (hospital.log().right(3000) + "\n---\n" + outside.log().right(3000)).constData());
        const QByteArray metricsA = httpGet(httpA, QStringLiteral("/metrics")).body;
        QCOMPARE(metric(metricsA, "pulmo_node_forwarded_total"), 2.0);
        QCOMPARE(metric(metricsA, "pulmo_node_answers_total"), 4.0);
        QCOMPARE(metric(metricsA, "pulmo_node_outbox_pending"), 0.0);
        QCOMPARE(metric(httpGet(httpB, QStringLiteral("/metrics")).body, "pulmo_node_processed_total"), 2.0);
        QCOMPARE(outside.terminate(), 0);
        QCOMPARE(hospital.terminate(), 0);

        // Read back from Orthanc by pydicom: the patient, the study and the image referenced are the
        // originals, for the outside server's objects as for the node's own.
        const QString retrieved = folder(QStringLiteral("retrieved"));
        for (const Original& original : originals) {
            const test::Run got =
                test::run(cli(), {"retrieve", "--peer", QString::fromStdString(net::peerAddress(orthanc.peer())),
                                  "--calling-ae", "PULMO", "--study", original.study, "--method", "get", "--out",
                                  retrieved + "/" + original.study});
            QVERIFY2(got.exitCode == 0, got.err.constData());
        }
        const test::Run read = test::run(
            python(), {"-c",
                       "import sys, pathlib, pydicom\n"
                       "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.dcm')):\n"
                       "    d = pydicom.dcmread(p)\n"
                       "    if 'CurrentRequestedProcedureEvidenceSequence' in d:\n"
                       "        e = d.CurrentRequestedProcedureEvidenceSequence[0]\n"
                       "        ref = e.ReferencedSeriesSequence[0].ReferencedSOPSequence[0].ReferencedSOPInstanceUID\n"
                       "        series = e.ReferencedSeriesSequence[0].SeriesInstanceUID\n"
                       "        if e.StudyInstanceUID != d.StudyInstanceUID: ref = 'evidence-in-another-study'\n"
                       "    else:\n"
                       "        ref = d.SourceImageSequence[0].ReferencedSOPInstanceUID\n"
                       "        series = '-'\n"
                       "    print('\\t'.join([d.SOPInstanceUID, d.StudyInstanceUID, ref, series, d.PatientID,\n"
                       "                      str(d.PatientName), d.get('PatientBirthDate', ''),\n"
                       "                      d.get('PatientIdentityRemoved', '-')]))\n",
                       retrieved});
        QVERIFY2(read.exitCode == 0, read.err.constData());
        std::set<QString> seen;
        for (const QByteArray& line : read.out.split('\n')) {
            const QList<QByteArray> f = line.split('\t');
            if (f.size() != 8) continue;
            const auto match = std::find_if(originals.begin(), originals.end(),
                                            [&](const Original& o) { return o.study == QString::fromLatin1(f[1]); });
            QVERIFY2(match != originals.end(), line.constData());
            QCOMPARE(QString::fromLatin1(f[2]), match->sop);
            if (f[3] != "-") QCOMPARE(QString::fromLatin1(f[3]), match->series);
            QCOMPARE(QString::fromLatin1(f[4]), match->patientId);
            QCOMPARE(QString::fromUtf8(f[5]), match->patientName);
            QCOMPARE(QString::fromLatin1(f[6]), match->birthDate);
            QCOMPARE(f[7], QByteArray("-"));  // no "Patient Identity Removed" any more
            seen.insert(QString::fromLatin1(f[0]));
        }
        QCOMPARE(int(seen.size()), 8);

        // The outside server's objects are among them: its audit names what it sent.
        const QByteArray auditB = auditOf(QStringLiteral("node-b"));
        int answered = 0;
        for (const QByteArray& line : auditB.split('\n')) {
            if (!line.contains(",pacs.store,") || !line.contains(",ok,")) continue;
            for (const QString& sop : seen) answered += line.contains(sop.toLatin1()) ? 1 : 0;
        }
        QCOMPARE(answered, 4);
        const QByteArray auditA = auditOf(QStringLiteral("node-a"));
        QCOMPARE(int(auditA.count(",reidentify,")), 4);
        QCOMPARE(int(auditA.count(",deidentify,")), 2);

        // One study's objects agree on the patient and the study (dcentvfy, dicom3tools, which
        // compares the bytes): the answers are written in the original's Latin-1, as the node's own SR
        // and SC are. (For the Japanese ISO 2022 study the node's SC keeps the original bytes while
        // its SR, and the answers, are UTF-8, as DCMTK cannot encode JIS X 0208: dcentvfy would
        // report that difference, which is the node's own SR's and older than this.)
        for (const Original& original : {originals[0]}) {
            QStringList studyFiles;
            QDirIterator it(retrieved + "/" + original.study, {"*.dcm"}, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) studyFiles << it.next();
            QCOMPARE(studyFiles.size(), 4);
            const test::Run consistent = test::run(test::program(QStringLiteral("dcentvfy")), studyFiles);
            QVERIFY2(!(consistent.out + consistent.err).contains("Error"),
                     (consistent.out + consistent.err).constData());
        }

        // Nothing of the originals reached the outside server: not in its store, its queue, its audit
        // database, nor its log (which names every instance it received).
        std::vector<QByteArray> identity;
        for (const Original& o : originals)
            identity.insert(identity.end(), {o.sop.toLatin1(), o.study.toLatin1(), o.series.toLatin1(),
                                             o.patientId.toUtf8(), o.patientName.toUtf8(), o.birthDate.toLatin1(),
                                             o.patientName.section('^', 0, 0).toUtf8()});
        identity.push_back(QByteArray("M\xfcller"));  // the Latin-1 bytes too
        int filesRead = 0;
        QDirIterator everything(folder(QStringLiteral("node-b")), QDir::Files | QDir::Hidden,
                                QDirIterator::Subdirectories);
        while (everything.hasNext()) {
            QFile file(everything.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            ++filesRead;
            for (const QByteArray& value : identity)
                QVERIFY2(!bytes.contains(value), qPrintable(file.fileName() + ": " + QString::fromUtf8(value)));
        }
        QVERIFY(filesRead >= 3);  // the log, the queue, the audit database at least
    }
};

QTEST_GUILESS_MAIN(TestNodeDeid)
#include "tst_nodedeid.moc"
