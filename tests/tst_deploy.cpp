// The deployment files of the AI node (issue 17 item 7, resources/deploy/): the example node.json
// against pulmo-node's options, the systemd units (systemd-analyze verify, and their required keys
// read line by line), the sysusers.d and tmpfiles.d files applied to a scratch root, and Orthanc
// with the shipped configuration and Lua script forwarding exactly the CR/DX chest images to a
// DCMTK storescp standing in for the node, with pulmo-forward-retry resubmitting a failed forward
// once the receiver is back.
#include <QtTest>

#include "support/OrthancServer.h"
#include "support/PeerProcess.h"
#include "support/ProcessRun.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>

#include <map>

#include <sys/stat.h>
#include <unistd.h>

using namespace pulmo;

namespace {

QString deployFile(const QString& name)
{
    return QStringLiteral(PULMO_SOURCE_DIR "/resources/deploy/") + name;
}

/// The JSON object in `path`; an empty object and a test failure message in `error` when not.
QJsonObject readJsonObject(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = path + QStringLiteral(": ") + file.errorString();
        return {};
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = path + QStringLiteral(": not a JSON object: ") + parseError.errorString();
        return {};
    }
    return document.object();
}

QString readText(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly | QIODevice::Text) ? QString::fromUtf8(file.readAll()) : QString();
}

/// A systemd unit file's settings, section -> key -> values (a key may repeat), by lines: comments
/// and blank lines skipped. Enough for a test's checks; systemd-analyze verify is the real parser.
using UnitSettings = std::map<QString, std::map<QString, QStringList>>;

UnitSettings readUnit(const QString& path)
{
    UnitSettings settings;
    QString section;
    for (const QString& rawLine : readText(path).split(QLatin1Char('\n'))) {
        const QString line = rawLine.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) || line.startsWith(QLatin1Char(';'))) continue;
        if (line.startsWith(QLatin1Char('[')) && line.endsWith(QLatin1Char(']'))) {
            section = line.mid(1, line.size() - 2);
            continue;
        }
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        if (equals <= 0) continue;
        settings[section][line.left(equals).trimmed()] << line.mid(equals + 1).trimmed();
    }
    return settings;
}

/// The SOP Instance UID of a DICOM file, read by dcmdump; empty when it cannot be read (yet).
QString sopInstanceUid(const QString& path)
{
    const test::Run dumped =
        test::run(test::program(QStringLiteral("dcmdump")),
                  {QStringLiteral("-q"), QStringLiteral("+P"), QStringLiteral("SOPInstanceUID"), path});
    if (dumped.exitCode != 0) return {};
    const QRegularExpressionMatch match = QRegularExpression(QStringLiteral("\\[([0-9.]+)\\]")).match(dumped.out);
    return match.hasMatch() ? match.captured(1) : QString();
}

/// DCMTK's storescp in place of pulmo-node: accepts everything under the node's AE title on a
/// loopback port and writes each instance into its folder.
class Receiver {
public:
    Receiver(const QString& folder, uint16_t port) : m_folder(folder), m_port(port) { QDir().mkpath(folder); }

    bool start()
    {
        const QString received = QDir(m_folder).filePath(QStringLiteral("received"));
        QDir().mkpath(received);
        if (!m_process.start(test::program(QStringLiteral("storescp")),
                             {QStringLiteral("--output-directory"), received, QStringLiteral("-aet"),
                              QStringLiteral("PULMO_AI"), QString::number(m_port)},
                             m_folder, QDir(m_folder).filePath(QStringLiteral("storescp.log"))))
            return false;
        net::PacsPeer peer;
        peer.aeTitle = "PULMO_AI";
        peer.host = "127.0.0.1";
        peer.port = m_port;
        return test::waitForEcho(peer, 20);
    }
    void stop() { m_process.kill(); }

    /// SOP Instance UID -> how many files of it arrived.
    std::map<QString, int> received() const
    {
        std::map<QString, int> uids;
        QDirIterator files(QDir(m_folder).filePath(QStringLiteral("received")), QDir::Files);
        while (files.hasNext()) {
            const QString uid = sopInstanceUid(files.next());
            if (!uid.isEmpty()) ++uids[uid];
        }
        return uids;
    }
    uint16_t port() const { return m_port; }

private:
    QString m_folder;
    uint16_t m_port;
    test::PeerProcess m_process;
};

}  // namespace

class TestDeploy : public QObject {
    Q_OBJECT

    QTemporaryDir m_work;
    std::map<QString, QString> m_images;  ///< name -> file (one image per file, see initTestCase)
    std::map<QString, QString> m_sops;    ///< name -> its SOP Instance UID

    QString folder(const QString& name) const
    {
        const QString path = QDir(m_work.path()).filePath(name);
        QDir().mkpath(path);
        return path;
    }

    /// Makes image `name` from `source` with dcmodify's `edits` (-m TAG=VALUE, -e TAG ...).
    void makeImage(const QString& name, const QString& source, const QStringList& edits)
    {
        const QString target = QDir(folder(QStringLiteral("images/") + name)).filePath(name + QStringLiteral(".dcm"));
        QFile::remove(target);
        QVERIFY2(QFile::copy(source, target), qPrintable(source));
        QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner);
        if (!edits.isEmpty()) {
            const test::Run modified = test::run(test::program(QStringLiteral("dcmodify")),
                                                 QStringList{QStringLiteral("-nb")} + edits + QStringList{target});
            QVERIFY2(modified.exitCode == 0, qPrintable(name + QStringLiteral(": ") + modified.err));
        }
        const QString uid = sopInstanceUid(target);
        QVERIFY2(!uid.isEmpty(), qPrintable(target));
        m_images[name] = target;
        m_sops[name] = uid;
    }

    /// Orthanc as the PACS router, with the shipped orthanc.json and pulmo-forward.lua: only the
    /// folders, ports and the script's path differ; the node's modality points at `receiverPort`.
    /// Its REST API on `httpPort`.
    QJsonObject routerConfiguration(uint16_t receiverPort, uint16_t httpPort)
    {
        QString error;
        QJsonObject shipped = readJsonObject(deployFile(QStringLiteral("orthanc/orthanc.json")), &error);
        if (!error.isEmpty()) qWarning("%s", qPrintable(error));
        for (const char* local : {"Name", "StorageDirectory", "IndexDirectory", "Plugins", "DicomPort"})
            shipped.remove(QLatin1String(local));
        QJsonObject modalities = shipped[QStringLiteral("DicomModalities")].toObject();
        QJsonArray node = modalities[QStringLiteral("pulmo-node")].toArray();
        node[2] = receiverPort;
        modalities[QStringLiteral("pulmo-node")] = node;
        shipped[QStringLiteral("DicomModalities")] = modalities;
        shipped[QStringLiteral("LuaScripts")] = QJsonArray{deployFile(QStringLiteral("orthanc/pulmo-forward.lua"))};
        shipped[QStringLiteral("HttpServerEnabled")] = true;
        shipped[QStringLiteral("HttpPort")] = httpPort;
        return shipped;
    }

    static QString restUrl(uint16_t httpPort, const QString& path)
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(httpPort).arg(path);
    }

    /// GET on Orthanc's REST API; a null document when it fails.
    static QJsonDocument restGet(uint16_t httpPort, const QString& path)
    {
        const test::Run got = test::run(
            test::program(QStringLiteral("curl")),
            {QStringLiteral("-fsS"), QStringLiteral("--max-time"), QStringLiteral("30"), restUrl(httpPort, path)});
        return got.exitCode == 0 ? QJsonDocument::fromJson(got.out) : QJsonDocument();
    }

    /// Orthanc's store jobs to the node.
    static QList<QJsonObject> nodeJobs(uint16_t httpPort)
    {
        QList<QJsonObject> jobs;
        for (const QJsonValue& value : restGet(httpPort, QStringLiteral("/jobs?expand")).array()) {
            const QJsonObject job = value.toObject();
            if (job[QStringLiteral("Type")].toString() == QLatin1String("DicomModalityStore") &&
                job[QStringLiteral("Content")].toObject()[QStringLiteral("RemoteAet")].toString() ==
                    QLatin1String("PULMO_AI"))
                jobs << job;
        }
        return jobs;
    }

    /// Stores `names` into Orthanc on one association, calling as `callingAe`.
    QString store(const test::OrthancServer& orthanc, const QStringList& names, const QString& callingAe)
    {
        QStringList arguments{QStringLiteral("-aet"), callingAe, QStringLiteral("-aec"),
                              QString::fromStdString(orthanc.peer().aeTitle)};
        arguments << QString::fromStdString(orthanc.peer().host) << QString::number(orthanc.peer().port);
        for (const QString& name : names) arguments << m_images.at(name);
        const test::Run stored = test::run(test::program(QStringLiteral("storescu")), arguments);
        // storescu goes on after a refused instance: its warnings say so.
        if (stored.exitCode != 0 || stored.err.contains("E:") || stored.out.contains("E:"))
            return QString::fromUtf8(stored.out + stored.err);
        return {};
    }

    static test::Run retry(uint16_t httpPort, const QString& hours = {})
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("ORTHANC_URL"), restUrl(httpPort, {}));
        if (!hours.isEmpty()) environment.insert(QStringLiteral("PULMO_RETRY_HOURS"), hours);
        return test::run(deployFile(QStringLiteral("orthanc/pulmo-forward-retry")), {}, environment, 120000);
    }

    /// Waits until Orthanc's only store job to the node has ended (Success or Failure), at most
    /// `seconds`; that job, or an empty object.
    static QJsonObject waitForEndedNodeJob(uint16_t httpPort, int seconds)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < seconds * 1000) {
            const QList<QJsonObject> jobs = nodeJobs(httpPort);
            if (jobs.size() == 1) {
                const QString state = jobs.first()[QStringLiteral("State")].toString();
                if (state == QLatin1String("Success") || state == QLatin1String("Failure")) return jobs.first();
            }
            QThread::msleep(200);
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        for (const char* tool : {"Orthanc", "storescu", "storescp", "dcmodify", "dcmdump", "curl", "jq", "bash"})
            QVERIFY2(!test::program(QString::fromLatin1(tool)).isEmpty(), tool);
        const QString phantoms = folder(QStringLiteral("phantoms"));
        const test::Run made =
            test::run(QStringLiteral(PULMO_CLI_PATH),
                      {QStringLiteral("phantom"), QStringLiteral("--out"), phantoms, QStringLiteral("--patients"),
                       QStringLiteral("10"), QStringLiteral("--size"), QStringLiteral("256")});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        QStringList dx = QDir(phantoms).entryList({QStringLiteral("*.dcm")}, QDir::Files, QDir::Name);
        QCOMPARE(dx.size(), 10);
        for (QString& file : dx) file = QDir(phantoms).filePath(file);

        // The phantoms are DX For Presentation, Body Part Examined CHEST.
        const QString cr = QStringLiteral("SOPClassUID=1.2.840.10008.5.1.4.1.1.1");
        const QString crModality = QStringLiteral("Modality=CR");
        const QString m = QStringLiteral("-m");
        makeImage(QStringLiteral("dx-chest"), dx[0], {});
        makeImage(QStringLiteral("cr-chest"), dx[1], {m, crModality, m, cr});
        makeImage(QStringLiteral("dx-chest-for-processing"), dx[2],
                  {m, QStringLiteral("SOPClassUID=1.2.840.10008.5.1.4.1.1.1.1.1")});
        makeImage(QStringLiteral("cr-hand"), dx[3], {m, crModality, m, cr, m, QStringLiteral("BodyPartExamined=HAND")});
        makeImage(QStringLiteral("dx-knee"), dx[4], {m, QStringLiteral("BodyPartExamined=KNEE")});
        makeImage(QStringLiteral("dx-no-body-part"), dx[5], {QStringLiteral("-e"), QStringLiteral("BodyPartExamined")});
        // The node's heatmap comes back as a Secondary Capture, Modality OT, of the chest.
        makeImage(QStringLiteral("sc-chest"), dx[6],
                  {m, QStringLiteral("SOPClassUID=1.2.840.10008.5.1.4.1.1.7"), m, QStringLiteral("Modality=OT")});
        // What the node itself sends is never forwarded, whatever it looks like.
        makeImage(QStringLiteral("dx-chest-from-node"), dx[7], {});
        const QString pydicom = QStringLiteral(PULMO_PYDICOM_TEST_FILES "/");
        makeImage(QStringLiteral("ct-chest"), pydicom + QStringLiteral("CT_small.dcm"),
                  {QStringLiteral("-i"), QStringLiteral("BodyPartExamined=CHEST")});
        makeImage(QStringLiteral("mr"), pydicom + QStringLiteral("MR_small.dcm"), {});
        makeImage(QStringLiteral("sr-chest"), pydicom + QStringLiteral("test-SR.dcm"),
                  {QStringLiteral("-i"), QStringLiteral("BodyPartExamined=CHEST")});
        // For the retries: a node that is down, a node that refuses.
        makeImage(QStringLiteral("dx-chest-during-outage"), dx[8], {});
        makeImage(QStringLiteral("dx-chest-refused"), dx[9], {});
        QSet<QString> uids;
        for (const auto& [name, uid] : m_sops) uids.insert(uid);
        QCOMPARE(int(uids.size()), int(m_sops.size()));  // every image its own instance
    }

    // ---- node.json ----------------------------------------------------------------------------

    void exampleNodeConfigHasEveryRequiredKey()
    {
        QString error;
        const QJsonObject config = readJsonObject(deployFile(QStringLiteral("node.json")), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(config[QStringLiteral("ae")].isString());
        const QString ae = config[QStringLiteral("ae")].toString();
        QVERIFY2(!ae.isEmpty() && ae.size() <= 16, qPrintable(ae));
        QVERIFY(config[QStringLiteral("port")].isDouble());
        const int port = config[QStringLiteral("port")].toInt();
        QVERIFY2(port >= 1024 && port <= 65535, "the unit has no CAP_NET_BIND_SERVICE");
        QVERIFY(config[QStringLiteral("store")].toString().startsWith(QLatin1String("/var/lib/pulmo-node/")));
        QVERIFY(config[QStringLiteral("queue")].toString().startsWith(QLatin1String("sqlite:/var/lib/pulmo-node/")));
        const QJsonArray sendTo = config[QStringLiteral("send-to")].toArray();
        QVERIFY(!sendTo.isEmpty());
        const QRegularExpression destination(QStringLiteral("^[^@ ]{1,16}@[^:@ ]+:[0-9]{1,5}$"));
        for (const QJsonValue& value : sendTo)
            QVERIFY2(destination.match(value.toString()).hasMatch(), qPrintable(value.toString()));
        for (const QJsonValue& value : config[QStringLiteral("accept-from")].toArray())
            QVERIFY2(QRegularExpression(QStringLiteral("^[^@ ]{1,16}(@[^@ ]+)?$")).match(value.toString()).hasMatch(),
                     qPrintable(value.toString()));
    }

    // Every key is one of pulmo-node's long options (NodeConfig.h, the contract): a misspelt key
    // would otherwise be caught only when the node starts.
    void exampleNodeConfigKeysAreNodeOptions()
    {
        const QString header = readText(QStringLiteral(PULMO_SOURCE_DIR "/app/node/NodeConfig.h"));
        QVERIFY(!header.isEmpty());
        QSet<QString> options;
        QRegularExpressionMatchIterator found =
            QRegularExpression(QStringLiteral("///<\\s*(--[a-z][a-z-]*(?:,\\s*--[a-z][a-z-]*)*)")).globalMatch(header);
        while (found.hasNext()) {
            const QString list = found.next().captured(1);
            QRegularExpressionMatchIterator names =
                QRegularExpression(QStringLiteral("--([a-z][a-z-]*)")).globalMatch(list);
            while (names.hasNext()) options.insert(names.next().captured(1));
        }
        for (const char* required : {"ae", "port", "store", "queue", "send-to", "accept-from", "http", "model"})
            QVERIFY2(options.contains(QString::fromLatin1(required)), required);  // the header still says what it did
        QString error;
        const QJsonObject config = readJsonObject(deployFile(QStringLiteral("node.json")), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        for (const QString& key : config.keys()) QVERIFY2(options.contains(key), qPrintable(key + " is no option"));
    }

    // The node, its router and the unit agree: Orthanc's modality is the node's AE title and port,
    // the node sends to and accepts Orthanc, the unit runs the config the README installs.
    void exampleFilesAgreeWithEachOther()
    {
        QString error;
        const QJsonObject node = readJsonObject(deployFile(QStringLiteral("node.json")), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QJsonObject orthanc = readJsonObject(deployFile(QStringLiteral("orthanc/orthanc.json")), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QJsonArray modality =
            orthanc[QStringLiteral("DicomModalities")].toObject()[QStringLiteral("pulmo-node")].toArray();
        QCOMPARE(modality.size(), 3);
        QCOMPARE(modality[0].toString(), node[QStringLiteral("ae")].toString());
        QCOMPARE(modality[2].toInt(), node[QStringLiteral("port")].toInt());
        const QString orthancAddress = QStringLiteral("%1@%2:%3")
                                           .arg(orthanc[QStringLiteral("DicomAet")].toString(), modality[1].toString())
                                           .arg(orthanc[QStringLiteral("DicomPort")].toInt());
        QVERIFY2(node[QStringLiteral("send-to")].toArray().contains(orthancAddress), qPrintable(orthancAddress));
        QVERIFY(node[QStringLiteral("accept-from")].toArray().contains(
            QStringLiteral("%1@%2").arg(orthanc[QStringLiteral("DicomAet")].toString(), modality[1].toString())));
        QCOMPARE(orthanc[QStringLiteral("LuaScripts")].toArray(),
                 QJsonArray{QStringLiteral("/etc/orthanc/pulmo-forward.lua")});
        QVERIFY2(orthanc[QStringLiteral("SaveJobs")].toBool(), "failed forwards must survive a restart of Orthanc");
        QVERIFY(orthanc[QStringLiteral("JobsHistorySize")].toInt() >= 1000);
        const UnitSettings unit = readUnit(deployFile(QStringLiteral("pulmo-node.service")));
        QCOMPARE(unit.at(QStringLiteral("Service")).at(QStringLiteral("ExecStart")),
                 QStringList{QStringLiteral("/usr/bin/pulmo-node --config /etc/pulmo/node.json")});
    }

    // ---- systemd ------------------------------------------------------------------------------

    // The keys the node's unit must have, read line by line (runs where systemd-analyze is absent).
    void nodeUnitHasTheRequiredSettings()
    {
        const UnitSettings unit = readUnit(deployFile(QStringLiteral("pulmo-node.service")));
        QVERIFY(unit.count(QStringLiteral("Service")));
        const auto& service = unit.at(QStringLiteral("Service"));
        const std::map<QString, QString> expected{
            {QStringLiteral("Type"), QStringLiteral("notify")},
            {QStringLiteral("User"), QStringLiteral("pulmo-node")},
            {QStringLiteral("DynamicUser"), QStringLiteral("no")},
            {QStringLiteral("StateDirectory"), QStringLiteral("pulmo-node")},
            {QStringLiteral("KillSignal"), QStringLiteral("SIGTERM")},
            {QStringLiteral("Restart"), QStringLiteral("on-failure")},
            {QStringLiteral("ProtectSystem"), QStringLiteral("strict")},
            {QStringLiteral("ProtectHome"), QStringLiteral("yes")},
            {QStringLiteral("PrivateTmp"), QStringLiteral("yes")},
            {QStringLiteral("PrivateDevices"), QStringLiteral("yes")},
            {QStringLiteral("NoNewPrivileges"), QStringLiteral("yes")},
            {QStringLiteral("ProtectKernelTunables"), QStringLiteral("yes")},
            {QStringLiteral("ProtectKernelModules"), QStringLiteral("yes")},
            {QStringLiteral("ProtectKernelLogs"), QStringLiteral("yes")},
            {QStringLiteral("ProtectControlGroups"), QStringLiteral("yes")},
            {QStringLiteral("RestrictAddressFamilies"), QStringLiteral("AF_INET AF_INET6 AF_UNIX")},
            {QStringLiteral("RestrictNamespaces"), QStringLiteral("yes")},
            {QStringLiteral("LockPersonality"), QStringLiteral("yes")},
            {QStringLiteral("SystemCallArchitectures"), QStringLiteral("native")},
            {QStringLiteral("CapabilityBoundingSet"), QString()},
            {QStringLiteral("ReadWritePaths"), QStringLiteral("/var/lib/pulmo-node")},
        };
        for (const auto& [key, value] : expected) {
            QVERIFY2(service.count(key), qPrintable(key + " is missing"));
            QCOMPARE(service.at(key), QStringList{value});
        }
        // A watchdog, and a stop timeout that leaves a job time to finish.
        for (const char* key : {"WatchdogSec", "TimeoutStopSec", "ExecStart"})
            QVERIFY2(service.count(QString::fromLatin1(key)), key);
        const QRegularExpression seconds(QStringLiteral("^([0-9]+)s$"));
        const QRegularExpressionMatch watchdog = seconds.match(service.at(QStringLiteral("WatchdogSec")).first());
        QVERIFY(watchdog.hasMatch());
        QVERIFY(watchdog.captured(1).toInt() >= 10);
        const QRegularExpressionMatch stop = seconds.match(service.at(QStringLiteral("TimeoutStopSec")).first());
        QVERIFY(stop.hasMatch());
        QVERIFY(stop.captured(1).toInt() >= 30);
        // The options the node does not survive, or that are not tried yet, stay out.
        QVERIFY(!service.count(QStringLiteral("MemoryDenyWriteExecute")));
        QVERIFY(unit.count(QStringLiteral("Install")));
        QCOMPARE(unit.at(QStringLiteral("Install")).at(QStringLiteral("WantedBy")),
                 QStringList{QStringLiteral("multi-user.target")});
    }

    // systemd's own parser on the node's unit and on the retry timer of the Orthanc machine, with
    // ExecStart= pointing at a stand-in program (the real ones are not installed here).
    void unitFilesPassSystemdAnalyzeVerify()
    {
        const QString analyze = test::program(QStringLiteral("systemd-analyze"));
        QVERIFY2(!analyze.isEmpty(),
                 "systemd-analyze is not installed (Debian package systemd: scripts/install-deps.sh)");
        const QString units = folder(QStringLiteral("units"));
        const QString standIn = QDir(units).filePath(QStringLiteral("stand-in"));
        {
            QFile file(standIn);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("#!/bin/sh\nexit 0\n");
        }
        QVERIFY(QFile::setPermissions(standIn, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        const std::map<QString, QString> programs{
            {QStringLiteral("pulmo-node.service"), QStringLiteral("/usr/bin/pulmo-node")},
            {QStringLiteral("orthanc/pulmo-forward-retry.service"),
             QStringLiteral("/usr/local/bin/pulmo-forward-retry")},
            {QStringLiteral("orthanc/pulmo-forward-retry.timer"), QString()},
        };
        QStringList copies;
        for (const auto& [name, program] : programs) {
            QString text = readText(deployFile(name));
            QVERIFY2(!text.isEmpty(), qPrintable(name));
            if (!program.isEmpty()) {
                QVERIFY2(text.contains(QStringLiteral("ExecStart=") + program), qPrintable(name));
                text.replace(QStringLiteral("ExecStart=") + program, QStringLiteral("ExecStart=") + standIn);
            }
            const QString copy = QDir(units).filePath(QFileInfo(name).fileName());
            QFile file(copy);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(text.toUtf8());
            copies << copy;
        }
        for (const QString& copy : copies) {
            const test::Run verified = test::run(analyze, {QStringLiteral("verify"), copy});
            // verify only warns about an unknown key or a bad value: anything it says is a failure.
            QVERIFY2(verified.exitCode == 0 && verified.err.trimmed().isEmpty(),
                     qPrintable(copy + QStringLiteral(": ") + QString::fromUtf8(verified.out + verified.err)));
        }
        // The node's unit rated "OK" or better (below 4.0) by systemd's own review.
        const QString nodeUnit = QDir(units).filePath(QStringLiteral("pulmo-node.service"));
        const test::Run security =
            test::run(analyze, {QStringLiteral("security"), QStringLiteral("--offline=true"), nodeUnit});
        QVERIFY2(security.exitCode == 0, security.err.constData());
        const QRegularExpressionMatch level =
            QRegularExpression(QStringLiteral("Overall exposure level for pulmo-node.service: ([0-9]+)\\.([0-9])"))
                .match(QString::fromUtf8(security.out));
        QVERIFY2(level.hasMatch(), security.out.constData());
        qInfo("systemd-analyze security --offline=true pulmo-node.service: %s.%s", qPrintable(level.captured(1)),
              qPrintable(level.captured(2)));
        QVERIFY2(level.captured(1).toInt() < 4, "the node's unit is rated worse than \"OK\"");
    }

    // systemd-sysusers and systemd-tmpfiles applied to a scratch root make the user (no login shell)
    // and its state folder, 0750, owned by it.
    void sysusersAndTmpfilesMakeTheUserAndStateFolder()
    {
        const QString sysusers = test::program(QStringLiteral("systemd-sysusers"));
        const QString tmpfiles = test::program(QStringLiteral("systemd-tmpfiles"));
        QVERIFY2(
            !sysusers.isEmpty() && !tmpfiles.isEmpty(),
            "systemd-sysusers or systemd-tmpfiles is not installed (Debian package systemd: scripts/install-deps.sh)");
        const QString root = folder(QStringLiteral("root"));
        QDir().mkpath(QDir(root).filePath(QStringLiteral("etc")));
        const test::Run users = test::run(
            sysusers, {QStringLiteral("--root=") + root, deployFile(QStringLiteral("pulmo-node.sysusers.conf"))});
        QVERIFY2(users.exitCode == 0, users.err.constData());
        const QStringList passwd = readText(QDir(root).filePath(QStringLiteral("etc/passwd"))).split(QLatin1Char('\n'));
        QStringList entry;
        for (const QString& line : passwd)
            if (line.startsWith(QLatin1String("pulmo-node:"))) entry = line.split(QLatin1Char(':'));
        QCOMPARE(entry.size(), 7);
        QCOMPARE(entry[5], QStringLiteral("/var/lib/pulmo-node"));
        QCOMPARE(entry[6], QStringLiteral("/usr/sbin/nologin"));
        if (::geteuid() != 0) QSKIP("systemd-tmpfiles --root needs root to give the folder to pulmo-node");
        const test::Run folders = test::run(tmpfiles, {QStringLiteral("--root=") + root, QStringLiteral("--create"),
                                                       deployFile(QStringLiteral("pulmo-node.tmpfiles.conf"))});
        QVERIFY2(folders.exitCode == 0, folders.err.constData());
        struct stat state {};
        QCOMPARE(::stat(qPrintable(QDir(root).filePath(QStringLiteral("var/lib/pulmo-node"))), &state), 0);
        QVERIFY(S_ISDIR(state.st_mode));
        QCOMPARE(int(state.st_mode & 07777), 0750);
        QCOMPARE(QString::number(state.st_uid), entry[2]);
    }

    // ---- Orthanc ------------------------------------------------------------------------------

    // The shipped configuration and script forward the CR and DX chest images, and nothing else:
    // not a hand, a knee, an image without a body part, a CT or SR of the chest, an MR, a
    // Secondary Capture, nor a chest image the node itself sent.
    void orthancForwardsOnlyChestRadiographs()
    {
        Receiver receiver(folder(QStringLiteral("forward/receiver")), test::freePort());
        QVERIFY(receiver.start());
        const uint16_t httpPort = test::freePort();
        test::OrthancServer orthanc(folder(QStringLiteral("forward/orthanc")), {},
                                    routerConfiguration(receiver.port(), httpPort));
        QVERIFY2(orthanc.start(),
                 "Orthanc did not start with the shipped configuration: see forward/orthanc/orthanc.log");

        const QStringList others{QStringLiteral("cr-hand"),         QStringLiteral("dx-knee"),
                                 QStringLiteral("dx-no-body-part"), QStringLiteral("sc-chest"),
                                 QStringLiteral("ct-chest"),        QStringLiteral("mr"),
                                 QStringLiteral("sr-chest")};
        const QStringList chest{QStringLiteral("dx-chest"), QStringLiteral("cr-chest"),
                                QStringLiteral("dx-chest-for-processing")};
        QString error = store(orthanc, others, QStringLiteral("MODALITY"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        error = store(orthanc, {QStringLiteral("dx-chest-from-node")}, QStringLiteral("PULMO_AI"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // Last: Orthanc runs its Lua events in order, so once these are forwarded the others were decided.
        error = store(orthanc, chest, QStringLiteral("MODALITY"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(restGet(httpPort, QStringLiteral("/instances")).array().size(), int(others.size() + chest.size() + 1));

        std::map<QString, int> expected;
        for (const QString& name : chest) expected[m_sops.at(name)] = 1;
        QElapsedTimer timer;
        timer.start();
        std::map<QString, int> received;
        while (timer.elapsed() < 60000) {
            received = receiver.received();
            if (received.size() >= expected.size()) break;
            QThread::msleep(250);
        }
        QThread::msleep(1000);  // anything forwarded by mistake would have come by now too
        received = receiver.received();
        std::map<QString, QString> nameOf;
        for (const auto& [name, uid] : m_sops) nameOf[uid] = name;
        QStringList arrived;
        for (const auto& [uid, count] : received)
            arrived << nameOf[uid] + QStringLiteral(" x") + QString::number(count);
        QVERIFY2(received == expected, qPrintable(arrived.join(QStringLiteral(", "))));
        const QList<QJsonObject> jobs = nodeJobs(httpPort);
        QCOMPARE(jobs.size(), int(chest.size()));
        for (const QJsonObject& job : jobs)
            QCOMPARE(job[QStringLiteral("State")].toString(), QStringLiteral("Success"));
    }

    // A forward that fails while the node is down stays failed in Orthanc's job history;
    // pulmo-forward-retry resubmits it (not when it is older than PULMO_RETRY_HOURS) and it arrives
    // once the node is back, once.
    void failedForwardArrivesOnceTheNodeIsBack()
    {
        Receiver receiver(folder(QStringLiteral("retry/receiver")), test::freePort());
        const uint16_t httpPort = test::freePort();
        test::OrthancServer orthanc(folder(QStringLiteral("retry/orthanc")), {},
                                    routerConfiguration(receiver.port(), httpPort));
        QVERIFY2(orthanc.start(),
                 "Orthanc did not start with the shipped configuration: see retry/orthanc/orthanc.log");
        const QString name = QStringLiteral("dx-chest-during-outage");
        const QString error = store(orthanc, {name}, QStringLiteral("MODALITY"));
        QVERIFY2(error.isEmpty(), qPrintable(error));

        QJsonObject job = waitForEndedNodeJob(httpPort, 30);
        QCOMPARE(job[QStringLiteral("State")].toString(), QStringLiteral("Failure"));
        const QString jobId = job[QStringLiteral("ID")].toString();

        // Too old to retry: left failed, and said so.
        test::Run retried = retry(httpPort, QStringLiteral("0"));
        QVERIFY2(retried.exitCode == 0, retried.err.constData());
        QVERIFY2(retried.out.contains("left failed") && retried.out.contains(jobId.toUtf8()), retried.out.constData());
        QCOMPARE(waitForEndedNodeJob(httpPort, 5)[QStringLiteral("CompletionTime")],
                 job[QStringLiteral("CompletionTime")]);

        // Retried while the node is still down: failed again, nothing arrived.
        retried = retry(httpPort);
        QVERIFY2(retried.exitCode == 0, retried.err.constData());
        QVERIFY2(retried.out.contains("resubmitted job " + jobId.toUtf8()), retried.out.constData());
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 30000 && waitForEndedNodeJob(httpPort, 30)[QStringLiteral("CompletionTime")] ==
                                              job[QStringLiteral("CompletionTime")])
            QThread::msleep(200);
        job = waitForEndedNodeJob(httpPort, 30);
        QCOMPARE(job[QStringLiteral("State")].toString(), QStringLiteral("Failure"));

        // The node comes back; the timer's next runs (here every 2 s) bring the image over.
        QThread::sleep(3);
        QVERIFY(receiver.start());
        QVERIFY(receiver.received().empty());
        timer.restart();
        std::map<QString, int> received;
        while (timer.elapsed() < 60000) {
            retried = retry(httpPort);
            QVERIFY2(retried.exitCode == 0, retried.err.constData());
            received = receiver.received();
            if (!received.empty()) break;
            QThread::sleep(2);
        }
        QThread::msleep(500);
        received = receiver.received();
        QCOMPARE(received, (std::map<QString, int>{{m_sops.at(name), 1}}));
        job = waitForEndedNodeJob(httpPort, 30);
        QCOMPARE(job[QStringLiteral("ID")].toString(), jobId);
        QCOMPARE(job[QStringLiteral("State")].toString(), QStringLiteral("Success"));
        // Nothing left to retry: the script says nothing.
        retried = retry(httpPort);
        QVERIFY2(retried.exitCode == 0 && retried.out.trimmed().isEmpty(), retried.out.constData());
    }

    // Back-pressure: a node that answers the C-STORE with a failure status (Out of Resources, as
    // pulmo-node does when its disk or queue is full) leaves the forward failed in Orthanc, and
    // pulmo-forward-retry brings the image over once the node accepts again, once. The node here is
    // a second Orthanc under the node's AE title whose Lua filter raises an error (Orthanc answers
    // that with 0xA700), then lets everything through.
    void refusedForwardArrivesOnceTheNodeAccepts()
    {
        const QString nodeFolder = folder(QStringLiteral("refused/node"));
        const QString filter = QDir(nodeFolder).filePath(QStringLiteral("filter.lua"));
        const auto writeFilter = [&](const QByteArray& body) {
            QFile script(filter);
            if (!script.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
            script.write("function ReceivedInstanceFilter(dicom, origin, info)\n  " + body + "\nend\n");
            return true;
        };
        QVERIFY(writeFilter("error('out of resources (the test)')"));
        const uint16_t nodeHttpPort = test::freePort();
        QJsonObject nodeSettings;
        nodeSettings[QStringLiteral("DicomAet")] = QStringLiteral("PULMO_AI");
        nodeSettings[QStringLiteral("DicomCheckCalledAet")] = false;
        nodeSettings[QStringLiteral("LuaScripts")] = QJsonArray{filter};
        nodeSettings[QStringLiteral("HttpServerEnabled")] = true;
        nodeSettings[QStringLiteral("HttpPort")] = nodeHttpPort;
        test::OrthancServer node(nodeFolder, {}, nodeSettings);
        QVERIFY2(node.start(), "the refusing node (Orthanc) did not start");

        const uint16_t httpPort = test::freePort();
        test::OrthancServer orthanc(folder(QStringLiteral("refused/orthanc")), {},
                                    routerConfiguration(node.peer().port, httpPort));
        QVERIFY2(orthanc.start(), "Orthanc did not start with the shipped configuration");
        const QString name = QStringLiteral("dx-chest-refused");
        const QString error = store(orthanc, {name}, QStringLiteral("MODALITY"));
        QVERIFY2(error.isEmpty(), qPrintable(error));

        QJsonObject job = waitForEndedNodeJob(httpPort, 30);
        QCOMPARE(job[QStringLiteral("State")].toString(), QStringLiteral("Failure"));
        QVERIFY2(job[QStringLiteral("ErrorDetails")].toString().contains(QLatin1String("a700"), Qt::CaseInsensitive),
                 qPrintable(job[QStringLiteral("ErrorDetails")].toString()));
        QCOMPARE(restGet(nodeHttpPort, QStringLiteral("/instances")).array().size(), 0);

        // The node has room again (same port).
        node.stop();
        QVERIFY(writeFilter("return true"));
        QVERIFY2(node.start(), "the node (Orthanc) did not start again on its port");
        const test::Run retried = retry(httpPort);
        QVERIFY2(retried.exitCode == 0, retried.err.constData());
        QVERIFY2(retried.out.contains("resubmitted job " + job[QStringLiteral("ID")].toString().toUtf8()),
                 retried.out.constData());
        job = waitForEndedNodeJob(httpPort, 30);
        QCOMPARE(job[QStringLiteral("State")].toString(), QStringLiteral("Success"));
        const QJsonArray instances = restGet(nodeHttpPort, QStringLiteral("/instances")).array();
        QCOMPARE(instances.size(), 1);
        const QJsonObject tags =
            restGet(nodeHttpPort, QStringLiteral("/instances/%1/simplified-tags").arg(instances[0].toString()))
                .object();
        QCOMPARE(tags[QStringLiteral("SOPInstanceUID")].toString(), m_sops.at(name));
    }

    // The retry script fails loudly when it cannot ask Orthanc or is given a bad number of hours.
    void retryScriptNamesWhatItCannotDo()
    {
        test::Run retried = retry(test::freePort());
        QCOMPARE(retried.exitCode, 1);
        QVERIFY2(retried.err.contains("cannot list Orthanc's jobs"), retried.err.constData());
        retried = retry(test::freePort(), QStringLiteral("3,5"));
        QCOMPARE(retried.exitCode, 2);
        QVERIFY2(retried.err.contains("PULMO_RETRY_HOURS"), retried.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestDeploy)
#include "tst_deploy.moc"
