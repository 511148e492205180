// Several pulmo-node processes on one RabbitMQ queue (issue 18): a real broker started by the test
// (its own node name, ports and data folder), Orthanc as the PACS, DCMTK's storescu as the router,
// the real demo model, all on loopback. Whatever node does a job and however often it is
// delivered, each radiograph has exactly one SR and one SC in Orthanc; a node SIGKILLed, the broker
// SIGKILLed and restarted, an image that fails every time and one that crashes the decoder lose
// nothing, double nothing and stop no other image. The dead letters' headers are read by pika, an
// AMQP client independent of ours; the queues are counted by the broker's own rabbitmqctl.

#include "net/PacsPeer.h"
#include "net/PacsQuery.h"
#include "support/NodeProcess.h"
#include "support/OrthancServer.h"
#include "support/PeerProcess.h"
#include "support/ProcessRun.h"
#include "support/RabbitMqBroker.h"
#include "support/TestCertificates.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <csignal>
#include <map>
#include <set>

#include <unistd.h>

using namespace pulmo;
using test::countOf;
using test::httpGet;
using test::instancesIn;
using test::kComprehensive3dSr;
using test::kSecondaryCapture;
using test::metric;
using test::NodeProcess;
using test::nodeProgram;
using test::outOfResources;
using test::RabbitMqBroker;

namespace {

QString cli()
{
    return QStringLiteral(PULMO_CLI_PATH);
}

}  // namespace

class TestNodeBroker : public QObject {
    Q_OBJECT

    QTemporaryDir m_work;
    QStringList m_images;                     // DX chest radiographs, one study each
    std::map<QString, QString> m_studyOfSop;  // radiograph SOP -> study
    std::map<QString, QString> m_sopOfFile;

    QString folder(const QString& name)
    {
        const QString path = m_work.filePath(name);
        QDir().mkpath(path);
        return path;
    }

    test::Run storeToNode(uint16_t port, const QStringList& files)
    {
        QStringList arguments{"-v", "-nh", "-aet", "ROUTER", "-aec", "PULMO_AI", "127.0.0.1", QString::number(port)};
        return test::run(test::program(QStringLiteral("storescu")), arguments + files);
    }

    /// How many of storescu's responses were Success.
    static int stored(const test::Run& run)
    {
        return int((run.out + run.err).toLower().count("received store response (success)"));
    }

    QStringList nodeArguments(const QString& name, uint16_t port, uint16_t http, const net::PacsPeer& destination,
                              const QString& queueUrl, const QStringList& extra = {})
    {
        return test::testNodeArguments(folder(name), QStringLiteral("PULMO_AI"), port, http, destination, queueUrl) +
               QStringList{"--accept-from", "ROUTER", "--device", "cpu"} + extra;
    }

    /// A node process with its ports.
    struct Node {
        std::unique_ptr<NodeProcess> process;
        uint16_t port = 0;
        uint16_t http = 0;
        double processed() const { return metric(httpGet(http, "/metrics").body, "pulmo_node_processed_total"); }
    };
    Node startNode(const QString& name, const net::PacsPeer& destination, const QString& url,
                   const QStringList& extra = {},
                   const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
    {
        Node node;
        node.port = test::freePort();
        node.http = test::freePort();
        node.process = std::make_unique<NodeProcess>(
            folder(name), nodeArguments(name, node.port, node.http, destination, url, extra));
        if (!node.process->start(node.http, environment))
            qWarning("%s did not start: %s", qPrintable(name), node.process->log().right(3000).constData());
        return node;
    }

    std::set<QString> studiesOf(const QStringList& files) const
    {
        std::set<QString> studies;
        for (const QString& file : files) studies.insert(m_studyOfSop.at(m_sopOfFile.at(file)));
        return studies;
    }
    /// Waits until every study holds an SR and an SC (at most `seconds`).
    bool waitForResults(const net::PacsPeer& orthanc, const std::set<QString>& studies, int seconds)
    {
        QElapsedTimer timer;
        timer.start();
        std::set<QString> waiting = studies;
        while (timer.elapsed() < seconds * 1000) {
            for (auto it = waiting.begin(); it != waiting.end();) {
                const auto classes = instancesIn(orthanc, *it);
                if (countOf(classes, kComprehensive3dSr) >= 1 && countOf(classes, kSecondaryCapture) >= 1)
                    it = waiting.erase(it);
                else
                    ++it;
            }
            if (waiting.empty()) return true;
            QTest::qWait(500);
        }
        qWarning("%zu of %zu studies without results", waiting.size(), studies.size());
        return false;
    }
    /// Every study: one SR and one SC, nothing else (the radiographs went to the node, not to Orthanc).
    static QString exactlyOneEach(const net::PacsPeer& orthanc, const std::set<QString>& studies)
    {
        for (const QString& study : studies) {
            const auto classes = instancesIn(orthanc, study);
            if (classes.size() != 2 || countOf(classes, kComprehensive3dSr) != 1 ||
                countOf(classes, kSecondaryCapture) != 1)
                return QStringLiteral("study %1 holds %2 instances, %3 SR, %4 SC")
                    .arg(study)
                    .arg(classes.size())
                    .arg(countOf(classes, kComprehensive3dSr))
                    .arg(countOf(classes, kSecondaryCapture));
        }
        return {};
    }

    /// The dead letters of `queue`, read with pika (and left in the queue): one JSON object each,
    /// its headers (x-death's times as text).
    QList<QJsonObject> deadLetters(const RabbitMqBroker& broker, const QString& vhost = "/")
    {
        const QString script = QStringLiteral(
            "import json, sys, pika\n"
            "params = pika.ConnectionParameters('127.0.0.1', int(sys.argv[1]), sys.argv[2],\n"
            "                                   pika.PlainCredentials('guest', 'guest'))\n"
            "connection = pika.BlockingConnection(params)\n"
            "channel = connection.channel()\n"
            "while True:\n"
            "    method, properties, body = channel.basic_get('pulmo.jobs.dead', auto_ack=False)\n"
            "    if method is None: break\n"
            "    headers = dict(properties.headers or {})\n"
            "    headers['body_bytes'] = len(body)\n"
            "    print(json.dumps(headers, default=str))\n"
            "connection.close()\n");
        const test::Run run =
            test::run(QStringLiteral(PULMO_SYSTEM_PYTHON), {"-c", script, QString::number(broker.port()), vhost});
        if (run.exitCode != 0) qWarning("pika: %s", run.err.constData());
        QList<QJsonObject> letters;
        for (const QByteArray& line : run.out.split('\n'))
            if (!line.trimmed().isEmpty()) letters << QJsonDocument::fromJson(line).object();
        return letters;
    }

    static bool waitFor(const std::function<bool()>& condition, int seconds)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < seconds * 1000) {
            if (condition()) return true;
            QTest::qWait(300);
        }
        return condition();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        m_work.setAutoRemove(qEnvironmentVariableIsEmpty("PULMO_KEEP_TEST_FILES"));  // for a post-mortem
        if (!m_work.autoRemove()) qInfo("test files kept in %s", qPrintable(m_work.path()));
        QVERIFY2(QFileInfo::exists(nodeProgram()), qPrintable(nodeProgram()));
        QVERIFY2(QFileInfo::exists(RabbitMqBroker::serverProgram()), "rabbitmq-server (scripts/install-deps.sh)");
        for (const char* tool : {"Orthanc", "storescu", "dcmodify", "dcmdump"})
            QVERIFY2(!test::program(QString::fromLatin1(tool)).isEmpty(), tool);
        const QString phantoms = folder(QStringLiteral("phantoms"));
        const test::Run made =
            test::run(cli(), {"phantom", "--out", phantoms, "--patients", "24", "--size", "320", "--json"});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        for (const QByteArray& line : made.out.split('\n')) {
            if (line.trimmed().isEmpty()) continue;
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            const QString file = object["file"].toString();
            m_studyOfSop[object["sop_instance_uid"].toString()] = object["study_instance_uid"].toString();
            m_sopOfFile[file] = object["sop_instance_uid"].toString();
            m_images << file;
        }
        QCOMPARE(int(m_images.size()), 24);
        m_images.sort();
    }

    void twoNodesOnOneQueue_bothDoJobs_andEachImageHasOneSr()
    {
        // The vhost "pulmo/ward", URL-encoded as the RabbitMQ URI specification says.
        RabbitMqBroker broker(folder(QStringLiteral("broker-two")));
        QVERIFY2(broker.start(), qPrintable(broker.log()));
        QCOMPARE(broker.ctl({"add_vhost", "pulmo/ward"}).exitCode, 0);
        QCOMPARE(broker.ctl({"set_permissions", "-p", "pulmo/ward", "guest", ".*", ".*", ".*"}).exitCode, 0);
        const QString url = QStringLiteral("amqp://guest:guest@127.0.0.1:%1/pulmo%2Fward").arg(broker.port());
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-two")), {{"PULMO", test::freePort()}});
        QVERIFY2(orthanc.start(), "Orthanc did not start");
        Node a = startNode("two-a", orthanc.peer(), url);
        Node b = startNode("two-b", orthanc.peer(), url);
        QVERIFY(a.process->running() && b.process->running());

        const QStringList files = m_images.mid(0, 16);
        const test::Run sent = storeToNode(a.port, files);  // to one of them
        QCOMPARE(stored(sent), 16);
        QVERIFY2(waitForResults(orthanc.peer(), studiesOf(files), 240), a.process->log().right(3000).constData());
        QTest::qWait(2000);  // a second SR would be here by now
        const QString once = exactlyOneEach(orthanc.peer(), studiesOf(files));
        QVERIFY2(once.isEmpty(), qPrintable(once));

        const double byA = a.processed();
        const double byB = b.processed();
        QVERIFY2(byA >= 1 && byB >= 1, qPrintable(QStringLiteral("A %1, B %2").arg(byA).arg(byB)));
        QCOMPARE(byA + byB, 16.0);
        // The broker's own view: a quorum queue, empty, both nodes consuming.
        const test::Run types = broker.ctl(
            {"-q", "list_queues", "-p", "pulmo/ward", "name", "type", "messages", "consumers", "--no-table-headers"});
        QVERIFY2(types.out.simplified().contains("pulmo.jobs quorum 0 2"), types.out.constData());
        QVERIFY2(types.out.simplified().contains("pulmo.jobs.retry quorum 0 0"), types.out.constData());
        const QByteArray metrics = httpGet(a.http, "/metrics").body;
        QCOMPARE(metric(metrics, "pulmo_node_broker_up"), 1.0);
        QCOMPARE(metric(metrics, "pulmo_node_broker_consumers"), 2.0);
        QVERIFY2(metrics.contains("pulmo_node_broker_messages{queue=\"pulmo.jobs\"} 0"), metrics.constData());
        QCOMPARE(httpGet(a.http, "/readyz").status, 200);
        QCOMPARE(a.process->terminate(), 0);
        QCOMPARE(b.process->terminate(), 0);
    }

    void nodesKilledStoppedAndAddedUnderLoad_noResultLostOrDoubled()
    {
        RabbitMqBroker broker(folder(QStringLiteral("broker-kill")));
        QVERIFY2(broker.start(), qPrintable(broker.log()));
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-kill")), {{"PULMO", test::freePort()}});
        QVERIFY2(orthanc.start(), "Orthanc did not start");
        Node a = startNode("kill-a", orthanc.peer(), broker.url());
        Node b = startNode("kill-b", orthanc.peer(), broker.url());
        const auto route = [&](QProcess& router, const QStringList& files) {
            router.setProgram(test::program(QStringLiteral("storescu")));
            router.setArguments(
                QStringList{"-v", "-nh", "-aet", "ROUTER", "-aec", "PULMO_AI", "127.0.0.1", QString::number(a.port)} +
                files);
            router.setProcessChannelMode(QProcess::MergedChannels);
            router.start();
        };
        const auto acknowledged = [](QProcess& router) {
            if (router.state() != QProcess::NotRunning) router.waitForFinished(240000);
            return int(router.readAll().toLower().count("received store response (success)"));
        };

        // B is killed with a job in hand (a CPU node always has one while jobs wait) ...
        QProcess first;
        route(first, m_images.mid(0, 12));
        QVERIFY(waitFor([&] { return b.processed() >= 2; }, 120));
        ::kill(pid_t(b.process->pid()), SIGKILL);
        QVERIFY(b.process->waitForExit(10000));
        // ... C joins, takes jobs of the next images, and is stopped cleanly while they flow.
        Node c = startNode("kill-c", orthanc.peer(), broker.url());
        QVERIFY(c.process->running());
        QProcess second;
        route(second, m_images.mid(12));
        QVERIFY2(waitFor([&] { return c.processed() >= 1; }, 120), "the node that joined did no job");
        QCOMPARE(c.process->terminate(), 0);
        QCOMPARE(acknowledged(first), 12);
        QCOMPARE(acknowledged(second), int(m_images.size()) - 12);

        QVERIFY2(waitForResults(orthanc.peer(), studiesOf(m_images), 300), a.process->log().right(3000).constData());
        QTest::qWait(2000);
        const QString once = exactlyOneEach(orthanc.peer(), studiesOf(m_images));
        QVERIFY2(once.isEmpty(), qPrintable(once));
        const auto messages = broker.messages();
        QCOMPARE(messages.at("pulmo.jobs"), 0LL);  // ready and unacknowledged: none left
        QCOMPARE(messages.at("pulmo.jobs.dead"), 0LL);
        // Orthanc keeps one copy of a UID however often it is sent: the work itself was done once
        // per image, but for what B held when it was killed (its prefetch, 2) and redelivered.
        const auto analysed = [](const NodeProcess& node) { return int(node.log().count(" analysed: ")); };
        const int byA = analysed(*a.process), byB = analysed(*b.process), byC = analysed(*c.process);
        QVERIFY2(byA + byB + byC <= int(m_images.size()) + 2,
                 qPrintable(QStringLiteral("A %1, B %2, C %3").arg(byA).arg(byB).arg(byC)));
        QCOMPARE(a.process->terminate(), 0);
    }

    void aNodeThatDiesBeforeItsResultsAreSent_leavesTheJobToAnother_orGetsItBack()
    {
        // B records its first result and aborts before it is sent (fault injection): were the
        // job acknowledged with the result recorded, that image would never reach the PACS, B
        // never coming back.
        RabbitMqBroker broker(folder(QStringLiteral("broker-undelivered")));
        QVERIFY2(broker.start(), qPrintable(broker.log()));
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-undelivered")), {{"PULMO", test::freePort()}});
        QVERIFY2(orthanc.start(), "Orthanc did not start");
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("PULMO_NODE_TEST_ABORT_BEFORE_DELIVERY", "1");
        Node b = startNode("undelivered-b", orthanc.peer(), broker.url(), {}, environment);
        Node a = startNode("undelivered-a", orthanc.peer(), broker.url());
        const QStringList files = m_images.mid(0, 8);
        QCOMPARE(stored(storeToNode(a.port, files)), 8);
        QVERIFY2(b.process->waitForExit(120000), "B never completed a job");
        QVERIFY(b.process->log().contains("aborting before the results are sent"));
        QVERIFY2(waitForResults(orthanc.peer(), studiesOf(files), 240), a.process->log().right(3000).constData());
        QTest::qWait(2000);
        const QString once = exactlyOneEach(orthanc.peer(), studiesOf(files));
        QVERIFY2(once.isEmpty(), qPrintable(once));
        QCOMPARE(broker.messages().at("pulmo.jobs"), 0LL);
        QCOMPARE(a.process->terminate(), 0);

        // The same with no other node: C dies before its result is sent and comes back; the job
        // comes back to it, is not analysed again, and is acknowledged once its waiting results
        // are sent.
        const QString alone = m_images.at(8);
        Node c = startNode("undelivered-c", orthanc.peer(), broker.url(), {}, environment);
        QCOMPARE(stored(storeToNode(c.port, {alone})), 1);
        QVERIFY2(c.process->waitForExit(120000), "C never completed its job");
        QVERIFY(c.process->start(c.http));  // as systemd would, without the fault
        QVERIFY2(waitForResults(orthanc.peer(), studiesOf({alone}), 120), c.process->log().right(3000).constData());
        // The worker counts the redelivery when its lease returns, which may be after the SR arrived.
        QVERIFY(waitFor([&] { return metric(httpGet(c.http, "/metrics").body, "pulmo_node_redelivered_total") == 1.0; },
                        30));
        const QByteArray metrics = httpGet(c.http, "/metrics").body;
        QCOMPARE(metric(metrics, "pulmo_node_redelivered_total"), 1.0);
        QCOMPARE(metric(metrics, "pulmo_node_processed_total"), 0.0);                   // its recorded result was sent
        QVERIFY(waitFor([&] { return broker.messages().at("pulmo.jobs") == 0; }, 30));  // and acknowledged
        QCOMPARE(c.process->terminate(), 0);
    }

    void theBrokerKilledAndRestarted_losesNothingConfirmed_andRefusesMeanwhile()
    {
        RabbitMqBroker broker(folder(QStringLiteral("broker-restart")));
        QVERIFY2(broker.start(), qPrintable(broker.log()));
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-restart")), {{"PULMO", test::freePort()}});
        QVERIFY2(orthanc.start(), "Orthanc did not start");
        // A receiver only (as in front of a GPU pool) and a worker.
        Node receiver = startNode("restart-r", orthanc.peer(), broker.url(), {"--workers", "0"});
        Node worker = startNode("restart-w", orthanc.peer(), broker.url());

        const QStringList files = m_images.mid(0, 20);
        QProcess router;
        router.setProgram(test::program(QStringLiteral("storescu")));
        router.setArguments(QStringList{"-v", "-nh", "-aet", "ROUTER", "-aec", "PULMO_AI", "127.0.0.1",
                                        QString::number(receiver.port)} +
                            files);
        router.setProcessChannelMode(QProcess::MergedChannels);
        router.start();
        QVERIFY(waitFor([&] { return worker.processed() >= 2; }, 120));
        ::kill(pid_t(worker.process->pid()), SIGSTOP);  // mid-stream: the rest wait in the broker
        QVERIFY(router.state() == QProcess::NotRunning || router.waitForFinished(120000));
        // Each confirmed by the broker before its C-STORE was answered.
        QCOMPARE(int(router.readAll().toLower().count("received store response (success)")), 20);
        broker.kill();

        // Away: not ready, and a C-STORE is refused with 0xA700 (the router keeps it).
        QVERIFY(waitFor([&] { return httpGet(receiver.http, "/readyz").status == 503; }, 30));
        const test::HttpAnswer notReady = httpGet(receiver.http, "/readyz");
        QVERIFY2(notReady.body.contains("broker"), notReady.body.constData());
        QCOMPARE(metric(httpGet(receiver.http, "/metrics").body, "pulmo_node_broker_up"), 0.0);
        const QString late = m_images.at(20);
        const test::Run refused = storeToNode(receiver.port, {late});
        QCOMPARE(outOfResources(refused.out + refused.err), 1);

        QVERIFY2(broker.start(), qPrintable(broker.log()));
        // The worker is stopped: what the broker counts is what it kept through SIGKILL (a quorum
        // queue answers once its leader is elected again, a moment after the boot).
        const bool kept = waitFor(
            [&] {
                const auto messages = broker.messages();
                return messages.count("pulmo.jobs") && messages.at("pulmo.jobs") >= 1;
            },
            30);
        QVERIFY2(kept, broker.ctl({"list_queues", "name", "type", "messages", "state"}).out.constData());
        ::kill(pid_t(worker.process->pid()), SIGCONT);
        QVERIFY(waitFor([&] { return httpGet(receiver.http, "/readyz").status == 200; }, 60));
        QCOMPARE(stored(storeToNode(receiver.port, {late})), 1);  // the router's retry

        QStringList all = files;
        all << late;
        QVERIFY2(waitForResults(orthanc.peer(), studiesOf(all), 300), worker.process->log().right(3000).constData());
        QTest::qWait(2000);
        const QString once = exactlyOneEach(orthanc.peer(), studiesOf(all));
        QVERIFY2(once.isEmpty(), qPrintable(once));
        const auto left = broker.messages();
        QCOMPARE(left.at("pulmo.jobs"), 0LL);
        QCOMPARE(left.at("pulmo.jobs.dead"), 0LL);
        QCOMPARE(receiver.process->terminate(), 0);
        QCOMPARE(worker.process->terminate(), 0);
    }

    void aPoisonedJob_endsInTheDeadLetterQueue_andTheOthersFlowPast()
    {
        RabbitMqBroker broker(folder(QStringLiteral("broker-poison")));
        QVERIFY2(broker.start(), qPrintable(broker.log()));
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-poison")), {{"PULMO", test::freePort()}});
        QVERIFY2(orthanc.start(), "Orthanc did not start");

        // 1. An image whose decoding crashes the worker that takes it (fault injection: the
        //    node aborts, as on a decoder crash); the test restarts it as systemd would.
        const QString crashing = m_images.at(7);
        const QString poisonSop = m_sopOfFile.at(crashing);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("PULMO_NODE_TEST_ABORT_ON_SOP", poisonSop);
        // 2. An image that fails every time: no pixel data.
        const QString noPixels = QDir(folder("poison")).filePath("nopixels.dcm");
        QFile::copy(m_images.at(0), noPixels);
        QCOMPARE(test::run(test::program("dcmodify"), {"-nb", "-e", "(7fe0,0010)", noPixels}).exitCode, 0);

        Node receiver = startNode("poison-r", orthanc.peer(), broker.url(), {"--workers", "0", "--max-attempts", "3"});
        Node worker = startNode("poison-w", orthanc.peer(), broker.url(), {"--max-attempts", "3"}, environment);
        const QStringList goods = m_images.mid(1, 6);
        QCOMPARE(stored(storeToNode(receiver.port, QStringList{crashing, noPixels} + goods)), 8);

        int crashes = 0;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 300000) {
            if (!worker.process->running()) {
                ++crashes;
                QVERIFY2(crashes <= 5, "the crashing image went round and round");
                worker.process->start(worker.http, environment);  // it may die again before it answers
            }
            const auto messages = broker.messages();  // an Erlang VM each: not too often on 2 cores
            if (messages.count("pulmo.jobs.dead") && messages.at("pulmo.jobs.dead") >= 2 &&
                messages.at("pulmo.jobs") == 0)
                break;
            QTest::qWait(2000);
        }
        QCOMPARE(crashes, 3);  // delivered --max-attempts times, then dead-lettered by the broker
        QVERIFY2(waitForResults(orthanc.peer(), studiesOf(goods), 120), worker.process->log().right(3000).constData());
        const QString once = exactlyOneEach(orthanc.peer(), studiesOf(goods));
        QVERIFY2(once.isEmpty(), qPrintable(once));

        // The reasons, in the dead letters' headers.
        const QList<QJsonObject> letters = deadLetters(broker);
        QCOMPARE(int(letters.size()), 2);
        std::map<QString, QJsonObject> bySop;
        for (const QJsonObject& letter : letters) bySop[letter["x-pulmo-sop-instance-uid"].toString()] = letter;
        QVERIFY(bySop.count(poisonSop));
        QCOMPARE(bySop[poisonSop]["x-first-death-reason"].toString(), QStringLiteral("delivery_limit"));
        const QString noPixelsSop = m_sopOfFile.at(m_images.at(0));
        QVERIFY(bySop.count(noPixelsSop));
        QCOMPARE(bySop[noPixelsSop]["x-pulmo-attempts"].toInt(), 3);
        QVERIFY2(!bySop[noPixelsSop]["x-pulmo-error"].toString().isEmpty(),
                 qPrintable(QJsonDocument(bySop[noPixelsSop]).toJson()));
        QVERIFY(bySop[noPixelsSop]["body_bytes"].toInt() > 1000);  // the instance itself, kept for a look
        const QByteArray metrics = httpGet(worker.http, "/metrics").body;
        QCOMPARE(metric(metrics, "pulmo_node_broker_messages", "{queue=\"pulmo.jobs.dead\"}"), 2.0);
        QCOMPARE(receiver.process->terminate(), 0);
        QCOMPARE(worker.process->terminate(), 0);
    }

    void amqps_reachesTheBrokerOverTls_andABrokerItCannotVerifyIsRefused()
    {
        const QString certificates = folder(QStringLiteral("tls"));
        QString error = test::makeAuthority(certificates, "ca");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        error = test::makeAuthority(certificates, "stranger-ca");  // trusted by nobody here
        QVERIFY2(error.isEmpty(), qPrintable(error));
        error = test::makeCertificate(certificates, "ca", "broker");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QDir dir(certificates);
        const uint16_t tlsPort = test::freePort();
        RabbitMqBroker broker(folder(QStringLiteral("broker-tls")),
                              QStringLiteral("listeners.ssl.default = 127.0.0.1:%1\n"
                                             "ssl_options.cacertfile = %2\nssl_options.certfile = %3\n"
                                             "ssl_options.keyfile = %4\nssl_options.verify = verify_none\n"
                                             "ssl_options.fail_if_no_peer_cert = false\n")
                                  .arg(tlsPort)
                                  .arg(dir.filePath("ca.pem"), dir.filePath("broker.pem"), dir.filePath("broker.key")));
        QVERIFY2(broker.start(), qPrintable(broker.log()));
        test::OrthancServer orthanc(folder(QStringLiteral("orthanc-tls")), {{"PULMO", test::freePort()}});
        QVERIFY2(orthanc.start(), "Orthanc did not start");
        const QString url = QStringLiteral("amqps://guest:guest@localhost:%1/%2F").arg(tlsPort);

        Node trusting = startNode("tls-a", orthanc.peer(), url, {"--broker-ca", dir.filePath("ca.pem")});
        QVERIFY(waitFor([&] { return httpGet(trusting.http, "/readyz").status == 200; }, 30));
        const QString image = m_images.at(0);
        QCOMPARE(stored(storeToNode(trusting.port, {image})), 1);
        QVERIFY2(waitForResults(orthanc.peer(), studiesOf({image}), 120),
                 trusting.process->log().right(3000).constData());
        QCOMPARE(metric(httpGet(trusting.http, "/metrics").body, "pulmo_node_processed_total"), 1.0);

        // A node that trusts another CA does not talk to this broker: not ready, and C-STOREs refused.
        Node wary = startNode("tls-b", orthanc.peer(), url, {"--broker-ca", dir.filePath("stranger-ca.pem")});
        QVERIFY(waitFor([&] { return httpGet(wary.http, "/readyz").status == 503; }, 30));
        const test::HttpAnswer answer = httpGet(wary.http, "/readyz");
        QVERIFY(waitFor([&] { return httpGet(wary.http, "/readyz").body.contains("verification"); }, 30));
        QVERIFY2(answer.body.contains("broker"), answer.body.constData());
        QCOMPARE(outOfResources([&] {
                     const test::Run run = storeToNode(wary.port, {m_images.at(1)});
                     return run.out + run.err;
                 }()),
                 1);
        QCOMPARE(trusting.process->terminate(), 0);
        QCOMPARE(wary.process->terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestNodeBroker)
#include "tst_nodebroker.moc"
