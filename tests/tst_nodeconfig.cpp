// pulmo-node's configuration (issue 17 item 6): every option on the command line and in the JSON
// file of --config, the command line winning; bad values named with their option (and file).

#include "AmqpWorkQueue.h"
#include "NodeConfig.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using pulmo::node::ConfigError;
using pulmo::node::NodeConfig;
using pulmo::node::parseNodeConfig;

class TestNodeConfig : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString writeFile(const QString& name, const QByteArray& content)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(file.fileName()));
        file.write(content);
        return file.fileName();
    }

    static QStringList minimal()
    {
        return {"--ae",      "PULMO_AI",
                "--port",    "11112",
                "--store",   "/var/lib/pulmo-node/store",
                "--queue",   "sqlite:/var/lib/pulmo-node/queue.sqlite",
                "--send-to", "ORTHANC@127.0.0.1:4242"};
    }

    /// The ConfigError's message for `arguments` (fails the test when there is none).
    static QString errorOf(const QStringList& arguments)
    {
        try {
            parseNodeConfig(arguments);
        } catch (const ConfigError& error) {
            return QString::fromUtf8(error.what());
        }
        return QStringLiteral("<no error>");
    }

private Q_SLOTS:
    void brokerUrls_readAsTheRabbitMqUriSpecificationSays_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("tls");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("vhost");
        QTest::newRow("defaults") << "amqp://broker" << false << "guest"
                                  << "guest"
                                  << "broker" << 5672 << "/";
        QTest::newRow("%2F is /") << "amqp://u:p@h:5673/%2F" << false << "u"
                                  << "p"
                                  << "h" << 5673 << "/";
        QTest::newRow("encoded") << "amqp://us%40er:p%3Ass@h/ward%2Fnorth" << false << "us@er"
                                 << "p:ss"
                                 << "h" << 5672 << "ward/north";
        QTest::newRow("amqps") << "amqps://u:p@rabbit.example.org/pulmo" << true << "u"
                               << "p"
                               << "rabbit.example.org" << 5671 << "pulmo";
    }
    void brokerUrls_readAsTheRabbitMqUriSpecificationSays()
    {
        QFETCH(QString, url);
        QFETCH(bool, tls);
        QFETCH(QString, user);
        QFETCH(QString, password);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, vhost);
        const pulmo::node::BrokerAddress address = pulmo::node::parseBrokerUrl(url.toStdString());
        QCOMPARE(address.tls, tls);
        QCOMPARE(QString::fromStdString(address.user), user);
        QCOMPARE(QString::fromStdString(address.password), password);
        QCOMPARE(QString::fromStdString(address.host), host);
        QCOMPARE(address.port, port);
        QCOMPARE(QString::fromStdString(address.vhost), vhost);
        QVERIFY(address.display().find(":" + address.password + "@") == std::string::npos);  // never the password
    }

    void brokerQueue_givesTheOutboxBesideTheStore()
    {
        QStringList arguments = minimal();
        arguments[arguments.indexOf("--queue") + 1] = "amqps://node:secret@rabbit:5671/pulmo";
        arguments << "--broker-ca"
                  << "/etc/ssl/ca.pem"
                  << "--broker-queue"
                  << "pulmo.cxr";
        const NodeConfig config = parseNodeConfig(arguments);
        QVERIFY(config.usesBroker());
        QCOMPARE(config.outboxPath, std::string("/var/lib/pulmo-node/store/outbox.sqlite"));
        QCOMPARE(config.brokerQueue, std::string("pulmo.cxr"));
        QCOMPARE(config.brokerCa, std::string("/etc/ssl/ca.pem"));
        QVERIFY(!parseNodeConfig(minimal()).usesBroker());
        QVERIFY(parseNodeConfig(minimal()).outboxPath.empty());
    }

    void auditRepository_isAUrlOfTheThreeKinds_andTlsNeedsTheCa()
    {
        QVERIFY(parseNodeConfig(minimal()).auditRepository.empty());
        QCOMPARE(parseNodeConfig(minimal() + QStringList{"--audit-repository", "tcp://10.0.0.5:6514"}).auditRepository,
                 std::string("tcp://10.0.0.5:6514"));
        QVERIFY(errorOf(minimal() + QStringList{"--audit-repository", "syslog.example:514"})
                    .contains(QStringLiteral("udp://HOST:PORT, tcp://HOST:PORT or tls://HOST:PORT")));
        QVERIFY(errorOf(minimal() + QStringList{"--audit-repository", "udp://host"}).contains(QStringLiteral("port")));
        QVERIFY(errorOf(minimal() + QStringList{"--audit-repository", "tls://host:6514"})
                    .contains(QStringLiteral("--audit-tls-ca")));
        const NodeConfig own = parseNodeConfig(
            minimal() + QStringList{"--audit-repository", "tls://host:6514", "--audit-tls-ca", "/a.pem"});
        QCOMPARE(own.auditTls.trustedCaFile, std::string("/a.pem"));
        // By default the node's own DICOM TLS settings.
        const NodeConfig shared =
            parseNodeConfig(minimal() + QStringList{"--audit-repository", "tls://host:6514", "--tls", "--ca", "/ca.pem",
                                                    "--cert", "/c.pem", "--key", "/k.pem"});
        QCOMPARE(shared.auditTls.trustedCaFile, std::string("/ca.pem"));
        QCOMPARE(shared.auditTls.certificateFile, std::string("/c.pem"));
    }

    void commandLine_minimal_givesTheDefaults()
    {
        const NodeConfig config = parseNodeConfig(minimal());
        QCOMPARE(config.aeTitle, std::string("PULMO_AI"));
        QCOMPARE(int(config.port), 11112);
        QCOMPARE(config.queueUrl, std::string("sqlite:/var/lib/pulmo-node/queue.sqlite"));
        QCOMPARE(config.sendTo.size(), size_t(1));
        QCOMPARE(config.sendTo[0].aeTitle, std::string("ORTHANC"));
        QCOMPARE(config.sendTo[0].host, std::string("127.0.0.1"));
        QCOMPARE(int(config.sendTo[0].port), 4242);
        QCOMPARE(config.callingAeTitle, std::string("PULMO_AI"));  // --calling-ae defaults to --ae
        QCOMPARE(config.device, std::string("auto"));
        QVERIFY(config.listenAddress.empty());
        QVERIFY(config.acceptFrom.empty());
        QCOMPARE(config.modalities, (std::vector<std::string>{"CR", "DX"}));
        QCOMPARE(config.bodyParts, (std::vector<std::string>{"CHEST"}));
        QCOMPARE(config.auditDatabase, std::string("/var/lib/pulmo-node/store/audit.sqlite"));
        QCOMPARE(config.httpPort, 0);
        QCOMPARE(config.batchSize, 0);  // the node's choice: 8 on a GPU, 4 on the CPU
        QVERIFY(!config.tls.enabled);
    }

    void commandLine_everyOption()
    {
        QStringList arguments = minimal();
        arguments << "--send-to"
                  << "PACS2@pacs.example.org:104"
                  << "--calling-ae"
                  << "NODE_OUT"
                  << "--listen"
                  << "127.0.0.1"
                  << "--accept-from"
                  << "ORTHANC@127.0.0.1"
                  << "--accept-from"
                  << "ROUTER"
                  << "--model"
                  << "/models/m.pt"
                  << "--device"
                  << "cuda"
                  << "--http"
                  << "8080"
                  << "--min-free-disk"
                  << "2048"
                  << "--max-queue"
                  << "50"
                  << "--workers"
                  << "2"
                  << "--batch"
                  << "8"
                  << "--body-part"
                  << "ANY"
                  << "--modality"
                  << "cr"
                  << "--accept-secondary-capture"
                  << "--retry-hours"
                  << "96";
        const NodeConfig config = parseNodeConfig(arguments);
        QCOMPARE(config.sendTo.size(), size_t(2));
        QCOMPARE(config.sendTo[1].host, std::string("pacs.example.org"));
        QCOMPARE(config.callingAeTitle, std::string("NODE_OUT"));
        QCOMPARE(config.listenAddress, std::string("127.0.0.1"));
        QCOMPARE(config.acceptFrom.size(), size_t(2));
        QCOMPARE(config.acceptFrom[0].aeTitle, std::string("ORTHANC"));
        QCOMPARE(config.acceptFrom[0].host, std::string("127.0.0.1"));
        QCOMPARE(config.acceptFrom[1].aeTitle, std::string("ROUTER"));
        QVERIFY(config.acceptFrom[1].host.empty());
        QCOMPARE(config.modelPath, std::string("/models/m.pt"));
        QCOMPARE(config.device, std::string("cuda"));
        QCOMPARE(config.httpPort, 8080);
        QCOMPARE(config.minFreeDiskMb, int64_t(2048));
        QCOMPARE(config.maxQueue, int64_t(50));
        QCOMPARE(config.workers, 2);
        QCOMPARE(config.batchSize, 8);
        QVERIFY(config.bodyParts.empty());  // ANY: any body part
        QCOMPARE(config.modalities, (std::vector<std::string>{"CR"}));
        QVERIFY(config.acceptSecondaryCapture);
        QCOMPARE(config.retryHours, 96);
    }

    void configFile_givesEveryOption_andTheCommandLineWins()
    {
        const QString path =
            writeFile("node.json",
                      R"({"ae": "FILE_AE", "port": 11113, "store": "/srv/store", "queue": "sqlite:/srv/q.sqlite",
                "send-to": ["A@127.0.0.1:4242", "B@127.0.0.1:4243"], "accept-from": ["ORTHANC@127.0.0.1"],
                "http": 9090, "max-queue": 7, "accept-secondary-capture": true})");
        const NodeConfig fromFile = parseNodeConfig({"--config", path});
        QCOMPARE(fromFile.aeTitle, std::string("FILE_AE"));
        QCOMPARE(int(fromFile.port), 11113);
        QCOMPARE(fromFile.sendTo.size(), size_t(2));
        QCOMPARE(fromFile.acceptFrom.size(), size_t(1));
        QCOMPARE(fromFile.httpPort, 9090);
        QCOMPARE(fromFile.maxQueue, int64_t(7));
        QVERIFY(fromFile.acceptSecondaryCapture);
        QCOMPARE(fromFile.configFile, path.toStdString());

        const NodeConfig overridden = parseNodeConfig({"--config", path, "--port", "2000", "--send-to", "C@h:1"});
        QCOMPARE(int(overridden.port), 2000);
        QCOMPARE(overridden.sendTo.size(), size_t(1));  // a repeatable option given replaces the file's list
        QCOMPARE(overridden.sendTo[0].aeTitle, std::string("C"));
        QCOMPARE(overridden.aeTitle, std::string("FILE_AE"));
    }

    void badConfigFile_isNamedWithTheReason_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{\"ae\": ") << "not valid JSON";
        QTest::newRow("not an object") << QByteArray("[1, 2]") << "must be a JSON object";
        QTest::newRow("unknown key") << QByteArray(R"({"aet": "X"})") << "\"aet\": not an option of pulmo-node";
        QTest::newRow("list for one value") << QByteArray(R"({"port": [1, 2]})") << "\"port\": one value is expected";
        QTest::newRow("fraction") << QByteArray(R"({"port": 11.5})") << "\"port\": a whole number is expected";
        QTest::newRow("huge") << QByteArray(R"({"max-queue": 1e300})") << "\"max-queue\": a whole number is expected";
        QTest::newRow("flag not bool") << QByteArray(R"({"tls": "yes"})") << "\"tls\": true or false";
    }

    void badConfigFile_isNamedWithTheReason()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString path =
            writeFile(QStringLiteral("bad-%1.json").arg(QTest::currentDataTag()).replace(' ', '-'), content);
        const QString error = errorOf({"--config", path});
        QVERIFY2(error.startsWith(path), qPrintable(error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(errorOf({"--config", m_dir.filePath("missing.json")}).contains("cannot read"), "missing file");
    }

    void badValues_nameTheirOption_data()
    {
        QTest::addColumn<QStringList>("replace");  // option, value (, option, value ...)
        QTest::addColumn<QString>("expected");
        QTest::newRow("no ae") << QStringList{"--ae", ""} << "--ae is required";
        QTest::newRow("long ae") << QStringList{"--ae", "ABCDEFGHIJKLMNOPQ"} << "--ae: \"ABCDEFGHIJKLMNOPQ\"";
        QTest::newRow("port text") << QStringList{"--port", "abc"} << "--port: \"abc\" is not a whole number";
        QTest::newRow("port range") << QStringList{"--port", "70000"} << "--port: \"70000\"";
        QTest::newRow("queue scheme") << QStringList{"--queue", "redis://x"}
                                      << "--queue: \"redis://x\" is not sqlite:PATH or amqp://";
        QTest::newRow("scheme, password masked")
            << QStringList{"--queue", "AMQP://u:secret@h/"} << "--queue: \"AMQP://u:***@h/\" is not sqlite:PATH";
        QTest::newRow("broker port") << QStringList{"--queue", "amqp://u:secret@h:99999/"}
                                     << "--queue: the broker URL 'amqp://u:***@h:99999/'";
        QTest::newRow("broker ca without amqps") << QStringList{"--queue", "amqp://h", "--broker-ca", "/ca.pem"}
                                                 << "--broker-ca, --broker-cert and --broker-key need an amqps://";
        QTest::newRow("receiver only without broker")
            << QStringList{"--workers", "0"} << "--workers 0 (a receiver only) needs";
        QTest::newRow("outbox without broker") << QStringList{"--outbox", "/x.sqlite"} << "--outbox needs an amqp://";
        QTest::newRow("send-to") << QStringList{"--send-to", "nohost"} << "--send-to: \"nohost\" is not AET@HOST:PORT";
        QTest::newRow("deidentify-for") << QStringList{"--deidentify-for", "AI@nowhere"}
                                        << "--deidentify-for: \"AI@nowhere\" is not AET@HOST:PORT";
        QTest::newRow("deidentify-for is a send-to")
            << QStringList{"--deidentify-for", "ORTHANC@127.0.0.1:4242"} << "is a --send-to too";
        QTest::newRow("option without deidentify-for")
            << QStringList{"--deidentify-option", "shift-dates"} << "--deidentify-option needs --deidentify-for";
        QTest::newRow("unknown option") << QStringList{"--deidentify-for", "AI@ai.example.org:104",
                                                       "--deidentify-option", "retain-names"}
                                        << "--deidentify-option: \"retain-names\" is not an option";
        // The answers are told from the study's own images by the replaced UIDs.
        QTest::newRow("retain-uids") << QStringList{"--deidentify-for", "AI@ai.example.org:104", "--deidentify-option",
                                                    "retain-uids"}
                                     << "--deidentify-option retain-uids: the answers could not be told";
    }

    void badValues_nameTheirOption()
    {
        QFETCH(QStringList, replace);
        QFETCH(QString, expected);
        QStringList arguments = minimal();
        for (int i = 0; i + 1 < replace.size(); i += 2) {  // an option of minimal() replaced, another added
            const int at = int(arguments.indexOf(replace[i]));
            if (at >= 0)
                arguments[at + 1] = replace[i + 1];
            else
                arguments << replace[i] << replace[i + 1];
        }
        const QString error = errorOf(arguments);
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void otherMistakes_areRefused()
    {
        QVERIFY(errorOf(minimal() << "--device"
                                  << "tpu")
                    .contains("--device takes auto, cpu or cuda"));
        QVERIFY(errorOf(minimal() << "--send-to"
                                  << "ORTHANC@127.0.0.1:4242")
                    .contains("given twice"));
        QVERIFY(errorOf(minimal() << "--accept-from"
                                  << "X@")
                    .contains("has no host"));
        QVERIFY(errorOf(minimal() << "--cert"
                                  << "/c.pem")
                    .contains("need --tls"));
        QVERIFY(errorOf(minimal() << "--tls").contains("--tls needs --cert and --key"));
        QVERIFY(errorOf(minimal() << "--frobnicate").contains("frobnicate"));
        QVERIFY(errorOf(minimal() << "stray").contains("unexpected argument \"stray\""));
        QVERIFY(errorOf({"--port", "1"}).contains("--ae is required"));
        QStringList noSend = minimal();
        noSend.removeLast();
        noSend.removeLast();
        QVERIFY(errorOf(noSend).contains("--send-to is required"));
    }

    void deidentifyFor_readsTheServerAndTheOptions()
    {
        const NodeConfig plain = parseNodeConfig(minimal());
        QVERIFY(!plain.deidentifyFor);
        const NodeConfig config = parseNodeConfig(minimal() << "--deidentify-for"
                                                            << "VENDOR_AI@ai.example.org:11112"
                                                            << "--deidentify-option"
                                                            << "retain-patient-characteristics"
                                                            << "--deidentify-option"
                                                            << "shift-dates");
        QVERIFY(config.deidentifyFor);
        QCOMPARE(config.deidentifyFor->aeTitle, std::string("VENDOR_AI"));
        QCOMPARE(config.deidentifyFor->host, std::string("ai.example.org"));
        QCOMPARE(int(config.deidentifyFor->port), 11112);
        QVERIFY(config.deidentifyOptions.retainPatientCharacteristics);
        QVERIFY(config.deidentifyOptions.shiftDates);
        QVERIFY(!config.deidentifyOptions.retainUids);
        QCOMPARE(config.sendTo.size(), size_t(1));  // the outside server is not a destination of results
        const QString conflict = errorOf(minimal() << "--deidentify-for"
                                                   << "AI@ai.example.org:104"
                                                   << "--deidentify-option"
                                                   << "shift-dates"
                                                   << "--deidentify-option"
                                                   << "retain-dates");
        QVERIFY2(conflict.contains("choose one"), qPrintable(conflict));
    }

    void tls_appliesToTheDestinations()
    {
        const NodeConfig config = parseNodeConfig(minimal() << "--tls"
                                                            << "--cert"
                                                            << "/c.pem"
                                                            << "--key"
                                                            << "/k.pem"
                                                            << "--ca"
                                                            << "/ca.pem");
        QVERIFY(config.tls.enabled);
        QVERIFY(config.sendTo[0].tls.enabled);
        QCOMPARE(config.sendTo[0].tls.trustedCaFile, std::string("/ca.pem"));
    }
};

QTEST_GUILESS_MAIN(TestNodeConfig)
#include "tst_nodeconfig.moc"
