// Who may send to the workstation (issue 21 item 4): its Storage SCP, as app::PacsController runs it
// (tests/support/ReceiverMain.cpp, a process of its own), accepts only the PACS configured in the
// preferences (calling AE title and host), refuses anyone else with the reason in the log and the
// audit trail, listens on a chosen address, and refuses with Out of Resources below a free-disk
// watermark (a tmpfs in a private mount namespace), leaving no half-written file. "Accept any caller"
// exists for labs. The callers: DCMTK's storescu, and Orthanc sending by C-MOVE under its own AE
// title, once a stranger's and once the configured peer's.

#include "support/OrthancServer.h"
#include "support/PeerProcess.h"
#include "support/ProcessRun.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace pulmo;

namespace {

QString receiverProgram()
{
    return QStringLiteral(PULMO_TEST_RECEIVER_PATH);
}

/// The receiver process: its lines as they come, and what it lists when told to stop.
class Receiver {
public:
    /// Starts it (through `wrapper`, e.g. unshare, when not empty) and waits for its status line.
    bool start(const QStringList& arguments, const QStringList& wrapper = {})
    {
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        if (wrapper.isEmpty())
            m_process.start(receiverProgram(), arguments);
        else
            m_process.start(wrapper.front(), wrapper.mid(1) + QStringList{receiverProgram()} + arguments);
        return waitFor(QStringLiteral("status: "), 30);
    }
    /// Waits until a line starting with `prefix` came; true when it did.
    bool waitFor(const QString& prefix, int seconds)
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < seconds * 1000) {
            for (const QString& line : std::as_const(m_lines))
                if (line.startsWith(prefix)) return true;
            if (m_process.state() == QProcess::NotRunning && !m_process.canReadLine()) return false;
            m_process.waitForReadyRead(200);
            while (m_process.canReadLine()) m_lines << QString::fromUtf8(m_process.readLine()).trimmed();
        }
        return false;
    }
    /// Closes its standard input; the "file: PATH SIZE" lines it printed then.
    QStringList finish()
    {
        m_process.closeWriteChannel();
        waitFor(QStringLiteral("done"), 60);
        m_process.waitForFinished(30000);
        while (m_process.canReadLine()) m_lines << QString::fromUtf8(m_process.readLine()).trimmed();
        QStringList files;
        for (const QString& line : std::as_const(m_lines))
            if (line.startsWith(QStringLiteral("file: "))) files << line.mid(6);
        return files;
    }
    QStringList lines(const QString& prefix) const
    {
        QStringList found;
        for (const QString& line : m_lines)
            if (line.startsWith(prefix)) found << line.mid(prefix.size());
        return found;
    }
    QString everything() { return m_lines.join('\n') + '\n' + QString::fromUtf8(m_process.readAllStandardError()); }
    ~Receiver()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

private:
    QProcess m_process;
    QStringList m_lines;
};

/// The stored DICOM files among a receiver's "file:" lines (the audit database is elsewhere).
QStringList storedImages(const QStringList& files)
{
    QStringList images;
    for (const QString& file : files)
        if (file.section(' ', 0, 0).endsWith(QStringLiteral(".dcm"))) images << file;
    return images;
}

}  // namespace

class TestWorkstationScp : public QObject {
    Q_OBJECT

    QTemporaryDir m_work;
    QStringList m_images;  // 512x512 phantom radiographs, about 0.5 MB each

    QString folder(const QString& name)
    {
        const QString path = m_work.filePath(name);
        QDir().mkpath(path);
        return path;
    }

    static test::Run store(const QString& callingAe, const QString& host, uint16_t port, const QStringList& files)
    {
        return test::run(
            test::program(QStringLiteral("storescu")),
            QStringList{"-v", "-nh", "-aet", callingAe, "-aec", "PULMO", host, QString::number(port)} + files);
    }

    QStringList receiverArguments(const QString& name, uint16_t port, const QStringList& extra)
    {
        return QStringList{
                   "--storage", folder(name + "-store"), "--db", m_work.filePath(name + ".sqlite"), "--ae", "PULMO",
                   "--port",    QString::number(port)} +
               extra;
    }

    QByteArray auditOf(const QString& name)
    {
        const QString csv = m_work.filePath(name + "-audit.csv");
        const test::Run exported = test::run(QStringLiteral(PULMO_CLI_PATH),
                                             {"audit", "export", "--db", m_work.filePath(name + ".sqlite"), "-o", csv});
        if (exported.exitCode != 0) qWarning("audit export: %s", exported.err.constData());
        QFile file(csv);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        QVERIFY2(QFileInfo::exists(receiverProgram()), qPrintable(receiverProgram()));
        for (const char* tool : {"storescu", "movescu", "Orthanc", "unshare"})
            QVERIFY2(!test::program(QString::fromLatin1(tool)).isEmpty(), tool);
        const QString phantoms = folder(QStringLiteral("phantoms"));
        const test::Run made = test::run(QStringLiteral(PULMO_CLI_PATH), {"phantom", "--out", phantoms, "--patients",
                                                                          "8", "--size", "512", "--seed", "7"});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        for (const QFileInfo& file : QDir(phantoms).entryInfoList({"*.dcm"}, QDir::Files, QDir::Name))
            m_images << file.filePath();
        QCOMPARE(m_images.size(), 8);
    }

    void aStranger_isRefusedAndAudited_theConfiguredPeerGetsThrough()
    {
        const uint16_t port = test::freePort();
        Receiver receiver;
        QVERIFY(receiver.start(receiverArguments(QStringLiteral("peers"), port, {"--peer", "ORTHANC@127.0.0.1"})));

        const test::Run stranger = store(QStringLiteral("STRANGER"), QStringLiteral("127.0.0.1"), port, {m_images[0]});
        QVERIFY2(stranger.exitCode != 0, stranger.out + stranger.err);
        QVERIFY2((stranger.out + stranger.err).contains("Association Rejected"), stranger.out + stranger.err);
        QVERIFY(receiver.waitFor(QStringLiteral("refused: "), 10));
        // (The host half of AET@HOST is compared as in pulmo-node's --accept-from: tst_nodescp.)

        const test::Run peer = store(QStringLiteral("ORTHANC"), QStringLiteral("127.0.0.1"), port, {m_images[2]});
        QVERIFY2(peer.exitCode == 0, peer.out + peer.err);
        QVERIFY(receiver.waitFor(QStringLiteral("received: "), 10));
        const QStringList files = storedImages(receiver.finish());
        QCOMPARE(files.size(), 1);

        const QStringList refusals = receiver.lines(QStringLiteral("refused: "));
        QVERIFY2(refusals.size() >= 1 && refusals.front().contains(QStringLiteral("STRANGER@127.0.0.1")),
                 qPrintable(receiver.everything()));
        const QByteArray audit = auditOf(QStringLiteral("peers"));
        QVERIFY2(audit.contains("pacs.store-refused") && audit.contains("STRANGER@127.0.0.1") &&
                     audit.contains("not an accepted caller"),
                 audit.constData());
    }

    void orthancUnderAStrangersAeTitle_isRefused_underThePeersOwnGetsThrough()
    {
        const uint16_t port = test::freePort();
        Receiver receiver;
        QVERIFY(receiver.start(receiverArguments(QStringLiteral("orthanc"), port, {"--peer", "ORTHANC@127.0.0.1"})));
        const auto moveThrough = [&](const QString& name, const QString& aeTitle) -> QString {
            test::OrthancServer orthanc(folder(name), {{"PULMO", port}}, QJsonObject{{"DicomAet", aeTitle}});
            net::PacsPeer probe = orthanc.peer();
            probe.aeTitle = aeTitle.toStdString();
            if (!orthanc.start(probe)) return QStringLiteral("Orthanc did not start");
            const QString orthancPort = QString::number(orthanc.peer().port);
            const test::Run stored =
                test::run(test::program(QStringLiteral("storescu")),
                          {"-nh", "-aet", "PULMO", "-aec", aeTitle, "127.0.0.1", orthancPort, m_images[3]});
            if (stored.exitCode != 0) return QString::fromUtf8(stored.err);
            const test::Run study =
                test::run(test::program(QStringLiteral("dcmdump")), {"+P", "0020,000D", "-s", m_images[3]});
            const QString uid = QString::fromUtf8(study.out).section('[', 1).section(']', 0, 0);
            const test::Run moved = test::run(test::program(QStringLiteral("movescu")),
                                              {"-v", "-aet", "PULMO", "-aec", aeTitle, "-aem", "PULMO", "-S", "-k",
                                               "0008,0052=STUDY", "-k", "0020,000D=" + uid, "127.0.0.1", orthancPort});
            return QString::fromUtf8(moved.out + moved.err);
        };
        const QString refused = moveThrough(QStringLiteral("orthanc-stranger"), QStringLiteral("STRANGER"));
        QVERIFY(receiver.waitFor(QStringLiteral("refused: "), 20));
        QVERIFY2(refused.contains(QStringLiteral("Failed")), qPrintable(refused));
        const QString accepted = moveThrough(QStringLiteral("orthanc-peer"), QStringLiteral("ORTHANC"));
        QVERIFY2(receiver.waitFor(QStringLiteral("received: "), 20), qPrintable(accepted + receiver.everything()));
        const QStringList files = storedImages(receiver.finish());
        QCOMPARE(files.size(), 1);
        const QStringList refusals = receiver.lines(QStringLiteral("refused: "));
        QCOMPARE(refusals.size(), 1);
        QVERIFY2(refusals.front().contains(QStringLiteral("STRANGER@127.0.0.1")), qPrintable(refusals.front()));
    }

    void acceptAnyCaller_letsAStrangerSend_noPeers_letsNobody()
    {
        {
            const uint16_t port = test::freePort();
            Receiver receiver;
            QVERIFY(receiver.start(receiverArguments(QStringLiteral("lab"), port, {"--accept-any"})));
            QVERIFY2(receiver.lines(QStringLiteral("status: ")).front().contains(QStringLiteral("any caller")),
                     qPrintable(receiver.everything()));
            const test::Run stranger =
                store(QStringLiteral("STRANGER"), QStringLiteral("127.0.0.1"), port, {m_images[0]});
            QVERIFY2(stranger.exitCode == 0, stranger.out + stranger.err);
            QCOMPARE(storedImages(receiver.finish()).size(), 1);
        }
        const uint16_t port = test::freePort();
        Receiver receiver;
        QVERIFY(receiver.start(receiverArguments(QStringLiteral("nobody"), port, {})));
        QVERIFY2(receiver.lines(QStringLiteral("status: ")).front().contains(QStringLiteral("no PACS")),
                 qPrintable(receiver.everything()));
        const test::Run anyone = store(QStringLiteral("ORTHANC"), QStringLiteral("127.0.0.1"), port, {m_images[0]});
        QVERIFY2(anyone.exitCode != 0, anyone.out + anyone.err);
        QCOMPARE(storedImages(receiver.finish()).size(), 0);
    }

    void aChosenListenAddress_isTheOnlyOneAnswering()
    {
        const uint16_t port = test::freePort();
        Receiver receiver;
        QVERIFY(receiver.start(receiverArguments(
            QStringLiteral("listen"), port,
            {"--listen", "127.0.0.1", "--peer", "ORTHANC@127.0.0.2", "--peer", "ORTHANC@127.0.0.1"})));
        QVERIFY2(receiver.lines(QStringLiteral("status: ")).front().contains(QStringLiteral("127.0.0.1")),
                 qPrintable(receiver.everything()));
        // 127.0.0.2 is this machine too, but not the address listened on: no connection at all.
        const test::Run other = store(QStringLiteral("ORTHANC"), QStringLiteral("127.0.0.2"), port, {m_images[0]});
        QVERIFY2(other.exitCode != 0, other.out + other.err);
        QVERIFY2(!(other.out + other.err).contains("Association Rejected"), other.out + other.err);
        const test::Run chosen = store(QStringLiteral("ORTHANC"), QStringLiteral("127.0.0.1"), port, {m_images[0]});
        QVERIFY2(chosen.exitCode == 0, chosen.out + chosen.err);
        QCOMPARE(storedImages(receiver.finish()).size(), 1);
    }

    void aNearlyFullDisk_answersOutOfResources_andLeavesNoHalfWrittenFile_data()
    {
        QTest::addColumn<int>("tmpfsMb");
        QTest::addColumn<int>("watermarkMb");
        QTest::addColumn<QString>("reason");
        // Below the watermark: refused before a byte is written.
        QTest::newRow("watermark") << 4 << 2 << QStringLiteral("nearly full");
        // No watermark: the disk fills during a write, and the partial file goes.
        QTest::newRow("full") << 1 << 0 << QStringLiteral("could not be written");
    }

    void aNearlyFullDisk_answersOutOfResources_andLeavesNoHalfWrittenFile()
    {
        QFETCH(int, tmpfsMb);
        QFETCH(int, watermarkMb);
        QFETCH(QString, reason);
        const QString name = QStringLiteral("disk-%1").arg(watermarkMb);
        const QString mount = folder(name + "-store");
        const uint16_t port = test::freePort();
        Receiver receiver;
        // A private mount namespace (unshare maps the user to root inside it: no privilege needed);
        // the tmpfs is seen only by the receiver, which lists what it holds at the end.
        const QStringList wrapper{
            QStringLiteral("unshare"),
            QStringLiteral("--map-root-user"),
            QStringLiteral("--mount"),
            QStringLiteral("sh"),
            QStringLiteral("-c"),
            QStringLiteral("mount -t tmpfs -o size=%1m tmpfs \"$1\" && shift && exec \"$@\"").arg(tmpfsMb),
            QStringLiteral("sh"),
            mount};
        QStringList arguments = receiverArguments(name, port, {"--peer", "ORTHANC@127.0.0.1"});
        arguments[3] = m_work.filePath(name + ".sqlite");  // the audit database stays outside the tmpfs
        if (watermarkMb > 0) arguments << "--min-free-mb" << QString::number(watermarkMb);
        QVERIFY2(receiver.start(arguments, wrapper), qPrintable(receiver.everything()));

        const test::Run sent = store(QStringLiteral("ORTHANC"), QStringLiteral("127.0.0.1"), port, m_images);
        const QByteArray said = sent.out + sent.err;
        QVERIFY2(said.contains("Refused: OutOfResources") || said.contains("0xa700"), said.constData());
        QVERIFY(receiver.waitFor(QStringLiteral("refused: "), 10));
        const QStringList files = receiver.finish();
        const QStringList images = storedImages(files);
        QVERIFY2(!images.isEmpty() && images.size() < m_images.size(), qPrintable(files.join('\n')));
        for (const QString& file : files) {
            QVERIFY2(!file.contains(QStringLiteral(".part")), qPrintable(file));
            // Each stored image whole: about as large as the phantom sent.
            QVERIFY2(file.section(' ', 1).toLongLong() > QFileInfo(m_images[0]).size() - 4096, qPrintable(file));
        }
        const QStringList refusals = receiver.lines(QStringLiteral("refused: "));
        QVERIFY2(
            refusals.front().contains(reason == QStringLiteral("nearly full") ? QStringLiteral("nearly full")
                                                                              : QStringLiteral("could not be written")),
            qPrintable(refusals.join('\n')));
        const QByteArray audit = auditOf(name);
        QVERIFY2(audit.contains("pacs.store-refused") && audit.contains(reason.toUtf8()), audit.constData());
    }
};

QTEST_GUILESS_MAIN(TestWorkstationScp)
#include "tst_workstationscp.moc"
