// pulmo-node through crashes (issue 17): the node is killed with SIGKILL at random moments of 100
// runs (starting, receiving, analysing, sending) while a router (storescu) keeps sending new
// radiographs; after the last restart every image whose C-STORE the node answered with success
// has its SR and SC in Orthanc, no image has two, and the queue file passes integrity_check.

#include "net/PacsQuery.h"
#include "results/ResultUids.h"
#include "support/OrthancServer.h"
#include "support/ProcessRun.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <map>
#include <set>

#include <sys/prctl.h>

using namespace pulmo;

class TestNodeCrash : public QObject {
    Q_OBJECT

    QTemporaryDir m_work;

    QString folder(const QString& name)
    {
        const QString path = m_work.filePath(name);
        QDir().mkpath(path);
        return path;
    }

    static std::unique_ptr<QProcess> startProcess(const QString& program, const QStringList& arguments,
                                                  const QString& log)
    {
        auto process = std::make_unique<QProcess>();
        process->setProgram(program);
        process->setArguments(arguments);
        process->setProcessChannelMode(QProcess::MergedChannels);
        process->setStandardOutputFile(log, QIODevice::Append);
        process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        process->start();
        process->waitForStarted(10000);
        return process;
    }

    static QString integrity(const QString& database)
    {
        const test::Run check = test::run(
            QStringLiteral(PULMO_SYSTEM_PYTHON),
            {"-c",
             "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])",
             database});
        return QString::fromUtf8(check.out.trimmed() + check.err.trimmed());
    }

private Q_SLOTS:
    void sigkillAtRandomMoments_everyAcknowledgedImageHasExactlyOneSr()
    {
        QVERIFY(m_work.isValid());
        // The radiographs: two phantoms, each copied under many new SOP Instance UIDs (dcmodify -gin).
        const QString phantoms = folder(QStringLiteral("phantoms"));
        const test::Run made = test::run(QStringLiteral(PULMO_CLI_PATH),
                                         {"phantom", "--out", phantoms, "--patients", "2", "--size", "256", "--json"});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        QStringList pool;
        const QStringList sources = QDir(phantoms).entryList({"*.dcm"}, QDir::Files, QDir::Name);
        const QString copies = folder(QStringLiteral("copies"));
        const int kRuns = 100;
        const int kPerRun = 5;
        for (int i = 0; i < kRuns * kPerRun; ++i) {
            const QString target = QDir(copies).filePath(QStringLiteral("img-%1.dcm").arg(i, 4, 10, QLatin1Char('0')));
            QVERIFY(QFile::copy(QDir(phantoms).filePath(sources[i % sources.size()]), target));
            pool << target;
        }
        // dcmodify takes many files at once: one process for the whole pool.
        const test::Run modified =
            test::run(test::program(QStringLiteral("dcmodify")), QStringList{"-nb", "-gin"} + pool);
        QVERIFY2(modified.exitCode == 0, modified.err.constData());

        // Each file's SOP Instance UID and study, read by pydicom (one process for the pool).
        std::map<QString, std::pair<std::string, QString>> identity;  // file -> (SOP UID, study UID)
        const test::Run read = test::run(QStringLiteral(PULMO_SYSTEM_PYTHON),
                                         QStringList{"-c",
                                                     "import sys, pydicom\n"
                                                     "for p in sys.argv[1:]:\n"
                                                     "    d = pydicom.dcmread(p, stop_before_pixels=True)\n"
                                                     "    print(p, d.SOPInstanceUID, d.StudyInstanceUID)\n"} +
                                             pool);
        QVERIFY2(read.exitCode == 0, read.err.constData());
        for (const QByteArray& line : read.out.split('\n')) {
            const QList<QByteArray> fields = line.trimmed().split(' ');
            if (fields.size() == 3)
                identity[QString::fromUtf8(fields[0])] = {fields[1].toStdString(), QString::fromLatin1(fields[2])};
        }
        QCOMPARE(int(identity.size()), pool.size());

        QFile model(QStringLiteral(PULMO_SOURCE_DIR "/resources/models/pulmo-demo-resnet18.pt"));
        QVERIFY(model.open(QIODevice::ReadOnly));
        const std::string sha =
            QCryptographicHash::hash(model.readAll(), QCryptographicHash::Sha256).toHex().toStdString();

        test::OrthancServer orthanc(folder(QStringLiteral("orthanc")), {{"PULMO", test::freePort()}});
        QVERIFY2(orthanc.start(), "Orthanc did not start");
        const uint16_t port = test::freePort();
        const QString base = folder(QStringLiteral("node"));
        const QString queue = QDir(base).filePath(QStringLiteral("queue.sqlite"));
        const QStringList nodeArguments{"--ae",
                                        "PULMO_AI",
                                        "--port",
                                        QString::number(port),
                                        "--store",
                                        QDir(base).filePath("store"),
                                        "--queue",
                                        "sqlite:" + queue,
                                        "--send-to",
                                        QString::fromStdString(net::peerAddress(orthanc.peer())),
                                        "--min-free-disk",
                                        "1",
                                        "--device",
                                        "cpu"};
        const QString nodeLog = QDir(base).filePath(QStringLiteral("node.log"));

        // The SOP UID of each file, and which C-STOREs the node answered with success (storescu -v
        // prints the response of each file after its "Sending file" line).
        std::set<QString> acknowledged;
        std::set<QString> sent;
        QRandomGenerator random(20261201);
        int killsWhileReceiving = 0;
        for (int run = 0; run < kRuns; ++run) {
            auto node = startProcess(QStringLiteral(PULMO_NODE_PATH), nodeArguments, nodeLog);
            QVERIFY(node->state() == QProcess::Running);
            // The router: keeps trying the run's images while the node starts (its association is
            // refused until the port is open).
            const QStringList files = pool.mid(run * kPerRun, kPerRun);
            const QString routerLog = QDir(base).filePath(QStringLiteral("router-%1.log").arg(run));
            QFile::remove(routerLog);
            auto router = startProcess(
                test::program(QStringLiteral("storescu")),
                QStringList{"-v", "-nh", "-aet", "ROUTER", "-aec", "PULMO_AI", "127.0.0.1", QString::number(port)} +
                    files,
                routerLog);
            // Kill at a random moment: starting (the node listens after about 1.5 s here), receiving,
            // analysing or sending (the run's images take about another 1.5 s).
            const int delay = 1000 + int(random.bounded(2500));
            QElapsedTimer clock;
            clock.start();
            while (clock.elapsed() < delay) {
                if (router->state() == QProcess::NotRunning && clock.elapsed() > 1500) {
                    // Nothing sent yet (the node was still starting): the router tries again.
                    QFile log(routerLog);
                    if (log.open(QIODevice::ReadOnly) && !log.readAll().contains("Received Store Response"))
                        router = startProcess(test::program(QStringLiteral("storescu")),
                                              QStringList{"-v", "-nh", "-aet", "ROUTER", "-aec", "PULMO_AI",
                                                          "127.0.0.1", QString::number(port)} +
                                                  files,
                                              routerLog);
                }
                QTest::qWait(50);
            }
            if (router->state() == QProcess::Running) ++killsWhileReceiving;
            ::kill(pid_t(node->processId()), SIGKILL);
            node->waitForFinished(10000);
            router->waitForFinished(30000);
            QFile log(routerLog);
            QVERIFY(log.open(QIODevice::ReadOnly));
            // "Sending file: PATH" ... "Received Store Response (Success)": that file was acknowledged.
            QString current;
            for (const QByteArray& line : log.readAll().split('\n')) {
                const int at = int(line.indexOf("Sending file: "));
                if (at >= 0) current = QString::fromUtf8(line.mid(at + 14).trimmed());
                if (line.contains("Received Store Response (Success)") && !current.isEmpty()) {
                    acknowledged.insert(current);
                    current.clear();
                }
            }
            for (const QString& file : files) sent.insert(file);
            if (run % 25 == 24) QCOMPARE(integrity(queue), QStringLiteral("ok"));
        }
        qInfo("%d runs, %zu images acknowledged of %zu offered, %d kills while the router was sending", kRuns,
              acknowledged.size(), sent.size(), killsWhileReceiving);
        QVERIFY2(acknowledged.size() >= size_t(kRuns), "too few images got through to test anything");
        QVERIFY(killsWhileReceiving > 0);
        QCOMPARE(integrity(queue), QStringLiteral("ok"));

        // The last start: everything acknowledged comes through.
        std::map<std::string, QString> expectedSr;  // SR UID -> image
        std::map<std::string, QString> expectedSc;
        std::set<QString> studies;
        for (const QString& file : acknowledged) {
            const std::string& sop = identity.at(file).first;
            expectedSr[results::resultUid(sop, sha, results::UidKind::Report)] = file;
            expectedSc[results::resultUid(sop, sha, results::UidKind::Capture)] = file;
            studies.insert(identity.at(file).second);
        }
        auto node = startProcess(QStringLiteral(PULMO_NODE_PATH), nodeArguments, nodeLog);
        std::set<std::string> srs;
        std::set<std::string> scs;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 300000) {
            srs.clear();
            scs.clear();
            for (const QString& study : studies) {
                try {
                    for (const net::InstanceRecord& instance :
                         net::PacsQuery(orthanc.peer(), "PULMO").findInstances(study.toStdString())) {
                        if (instance.sopClassUid == "1.2.840.10008.5.1.4.1.1.88.34")
                            srs.insert(instance.sopInstanceUid);
                        if (instance.sopClassUid == "1.2.840.10008.5.1.4.1.1.7") scs.insert(instance.sopInstanceUid);
                    }
                } catch (const std::exception&) {
                }
            }
            bool all = true;
            for (const auto& [uid, file] : expectedSr) all = all && srs.count(uid);
            for (const auto& [uid, file] : expectedSc) all = all && scs.count(uid);
            if (all) break;
            QTest::qWait(1000);
        }
        for (const auto& [uid, file] : expectedSr) QVERIFY2(srs.count(uid), qPrintable("no SR for " + file));
        for (const auto& [uid, file] : expectedSc) QVERIFY2(scs.count(uid), qPrintable("no SC for " + file));
        // No image has two: every SR in Orthanc is the stable one of an image that was sent, so
        // there are no more SRs than images sent (acknowledged or not).
        std::set<std::string> possible;
        for (const QString& file : sent)
            possible.insert(results::resultUid(identity.at(file).first, sha, results::UidKind::Report));
        for (const std::string& sr : srs) QVERIFY2(possible.count(sr), sr.c_str());
        ::kill(pid_t(node->processId()), SIGTERM);
        QVERIFY(node->waitForFinished(60000));
        QCOMPARE(node->exitCode(), 0);
        QCOMPARE(integrity(queue), QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TestNodeCrash)
#include "tst_nodecrash.moc"
