// The AI node's receiver (issue 17): the Storage SCP restricted to chest radiography, to the callers
// of --accept-from and to one listening address, and asking its owner before and after it writes.
// Driven with DCMTK's own storescu and echoscu on loopback; the files are DicomWriter's.
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"
#include "net/NetworkError.h"
#include "net/StorageScp.h"

#include <QtTest>

#include "support/NetLog.h"
#include "support/OrthancServer.h"
#include "support/SmallImage.h"
#include "support/PeerProcess.h"
#include "support/ProcessRun.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <netinet/in.h>
#include <poll.h>
#include <thread>
#include <sys/socket.h>
#include <unistd.h>

using namespace pulmo;
using pulmo::test::freePort;
using pulmo::test::program;

namespace {

constexpr const char* kCr = "1.2.840.10008.5.1.4.1.1.1";
constexpr const char* kDxPresentation = "1.2.840.10008.5.1.4.1.1.1.1";
constexpr const char* kDxProcessing = "1.2.840.10008.5.1.4.1.1.1.1.1";
constexpr const char* kSc = "1.2.840.10008.5.1.4.1.1.7";
constexpr const char* kMr = "1.2.840.10008.5.1.4.1.1.4";

/// Every file under `root`, relative.
QStringList filesUnder(const QString& root)
{
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) files << QDir(root).relativeFilePath(it.next());
    files.sort();
    return files;
}

/// A TCP connection to address:port; 0 when it connected, else errno (ECONNREFUSED ...).
int tcpConnect(const char* address, uint16_t port)
{
    sockaddr_storage storage{};
    socklen_t length = 0;
    int family = AF_INET;
    if (::inet_pton(AF_INET, address, &reinterpret_cast<sockaddr_in&>(storage).sin_addr) == 1) {
        auto& v4 = reinterpret_cast<sockaddr_in&>(storage);
        v4.sin_family = AF_INET;
        v4.sin_port = htons(port);
        length = sizeof v4;
    } else {
        auto& v6 = reinterpret_cast<sockaddr_in6&>(storage);
        if (::inet_pton(AF_INET6, address, &v6.sin6_addr) != 1) return EINVAL;
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        length = sizeof v6;
        family = AF_INET6;
    }
    const int descriptor = ::socket(family, SOCK_STREAM, 0);
    const int result = ::connect(descriptor, reinterpret_cast<sockaddr*>(&storage), length) == 0 ? 0 : errno;
    ::close(descriptor);
    return result;
}

/// Forwards TCP connections from 127.0.0.1:port() to [::1]:target, one at a time, byte for byte:
/// DCMTK 3.6.7's storescu and echoscu cannot connect to an IPv6 literal, an IPv6-only listener is
/// reached through this. Stops and joins in its destructor.
class Ipv6Relay {
public:
    explicit Ipv6Relay(uint16_t target) : m_target(target)
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
            ::listen(m_listener, 4) == 0 &&
            ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length) == 0)
            m_port = ntohs(address.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~Ipv6Relay()
    {
        m_stop.store(true);
        m_thread.join();
        ::close(m_listener);
    }
    Ipv6Relay(const Ipv6Relay&) = delete;
    Ipv6Relay& operator=(const Ipv6Relay&) = delete;
    uint16_t port() const { return m_port; }

private:
    void serve()
    {
        while (!m_stop.load()) {
            pollfd waiting{m_listener, POLLIN, 0};
            if (::poll(&waiting, 1, 100) <= 0) continue;
            const int client = ::accept(m_listener, nullptr, nullptr);
            if (client < 0) continue;
            const int server = ::socket(AF_INET6, SOCK_STREAM, 0);
            sockaddr_in6 target{};
            target.sin6_family = AF_INET6;
            target.sin6_addr = in6addr_loopback;
            target.sin6_port = htons(m_target);
            if (::connect(server, reinterpret_cast<sockaddr*>(&target), sizeof target) == 0) pump(client, server);
            ::close(server);
            ::close(client);
        }
    }
    void pump(int a, int b)
    {
        char buffer[65536];
        while (!m_stop.load()) {
            pollfd both[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
            if (::poll(both, 2, 100) <= 0) continue;
            for (int i = 0; i < 2; ++i) {
                if (!(both[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
                const ssize_t got = ::read(both[i].fd, buffer, sizeof buffer);
                if (got <= 0) return;
                if (::write(i == 0 ? b : a, buffer, size_t(got)) != got) return;
            }
        }
    }

    uint16_t m_target;
    int m_listener = -1;
    uint16_t m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

}  // namespace

class TestNodeScp : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    QString m_cr, m_dx, m_dxProcessing, m_mr, m_mr2, m_sc;
    std::map<QString, std::string> m_sopOf;  // file -> SOP Instance UID
    int m_folders = 0;

    QString writeImage(const QString& name, const std::string& modality, const std::string& sopClass)
    {
        dicom::GrayImageSpec spec = test::smallGrayImage();
        spec.modality = modality;
        spec.sopClassUid = sopClass;
        spec.bodyPartExamined = "CHEST";
        spec.viewPosition = "PA";
        spec.patientName = "PHANTOM^NODE";
        spec.sopInstanceUid = dicom::newUid();
        const QString path = m_work.filePath(QStringLiteral("images/") + name + QStringLiteral(".dcm"));
        dicom::writeGrayImage(path.toStdString(), spec);
        m_sopOf[path] = spec.sopInstanceUid;
        return path;
    }

    QString newFolder() { return m_work.filePath(QStringLiteral("store-%1").arg(++m_folders)); }

    net::StorageScpOptions options(const QString& folder) const
    {
        net::StorageScpOptions value;
        value.aeTitle = "PULMONODE";
        value.port = freePort();
        value.storageFolder = folder.toStdString();
        value.syncToDisk = false;
        value.timeouts = {5, 5, 10};
        return value;
    }

    /// storescu from `callingAe` to host:port, one association for all `files`.
    test::Run storescu(const net::StorageScp& scp, const QStringList& files, const QString& callingAe = "ROUTER",
                       const QString& host = "127.0.0.1", const QStringList& extra = {})
    {
        QStringList arguments{QStringLiteral("-v"), QStringLiteral("-aet"), callingAe, QStringLiteral("-aec"),
                              QString::fromStdString(scp.options().aeTitle)};
        arguments << extra << host << QString::number(scp.options().port) << files;
        return test::run(program(QStringLiteral("storescu")), arguments, {}, 60000);
    }

    test::Run echoscu(const net::StorageScp& scp, const QString& callingAe, const QString& host)
    {
        return test::run(program(QStringLiteral("echoscu")),
                         {QStringLiteral("-v"), QStringLiteral("-aet"), callingAe, QStringLiteral("-aec"),
                          QString::fromStdString(scp.options().aeTitle), host, QString::number(scp.options().port)},
                         {}, 60000);
    }

    static QByteArray said(const test::Run& run) { return run.out + run.err; }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        for (const char* tool : {"storescu", "echoscu", "openssl"})
            QVERIFY2(!program(QString::fromLatin1(tool)).isEmpty(),
                     qPrintable(QStringLiteral("%1 is missing: run scripts/install-deps.sh --tests").arg(tool)));
        QVERIFY(QDir().mkpath(m_work.filePath(QStringLiteral("images"))));
        m_cr = writeImage(QStringLiteral("cr"), "CR", kCr);
        m_dx = writeImage(QStringLiteral("dx"), "DX", kDxPresentation);
        m_dxProcessing = writeImage(QStringLiteral("dx-processing"), "DX", kDxProcessing);
        m_mr = writeImage(QStringLiteral("mr"), "MR", kMr);
        m_mr2 = writeImage(QStringLiteral("mr2"), "MR", kMr);
        m_sc = writeImage(QStringLiteral("sc"), "OT", kSc);
        test::netlog::install();
        QLoggingCategory::setFilterRules(QStringLiteral("pulmo.net.info=true"));
    }

    void cleanupTestCase() { test::netlog::uninstall(); }

    void init() { test::netlog::clear(); }

    // --- SOP classes ---

    void chest_radiography_classes_are_cr_and_both_dx_and_sc_only_when_asked()
    {
        const std::vector<std::string> chest = net::chestRadiographySopClasses(false);
        QCOMPARE(chest, (std::vector<std::string>{kCr, kDxPresentation, kDxProcessing}));
        const std::vector<std::string> withSc = net::chestRadiographySopClasses(true);
        QCOMPARE(withSc, (std::vector<std::string>{kCr, kDxPresentation, kDxProcessing, kSc}));
    }

    void chest_only_receiver_stores_cr_and_dx()
    {
        const QString folder = newFolder();
        net::StorageScpOptions chest = options(folder);
        chest.sopClasses = net::chestRadiographySopClasses(false);
        net::StorageScp scp(chest);
        std::atomic<int> heard{0};
        scp.addListener([&](const net::ReceivedInstance&) { ++heard; });
        scp.start();
        // -R: only the classes of the files are proposed (else storescu proposes a hundred).
        const test::Run stored = storescu(scp, {m_cr, m_dx, m_dxProcessing}, QStringLiteral("ROUTER"),
                                          QStringLiteral("127.0.0.1"), {QStringLiteral("-R")});
        QVERIFY2(stored.exitCode == 0, said(stored).constData());
        QCOMPARE(heard.load(), 3);
        QCOMPARE(scp.storedCount(), uint64_t(3));
        QCOMPARE(filesUnder(folder).size(), 3);
        QVERIFY(test::netlog::containing(QStringLiteral("refused SOP class")).isEmpty());
    }

    void chest_only_receiver_refuses_mr_and_secondary_capture_by_class()
    {
        const QString folder = newFolder();
        net::StorageScpOptions chest = options(folder);
        chest.sopClasses = net::chestRadiographySopClasses(false);
        net::StorageScp scp(chest);
        scp.start();
        // Alone, nothing is left to accept: the association itself is refused.
        const QStringList required{QStringLiteral("-R")};
        const test::Run mrOnly = storescu(scp, {m_mr}, QStringLiteral("ROUTER"), QStringLiteral("127.0.0.1"), required);
        QVERIFY2(mrOnly.exitCode != 0, said(mrOnly).constData());
        QVERIFY2(said(mrOnly).contains("Association Rejected"), said(mrOnly).constData());
        QCOMPARE(
            test::netlog::containing(QStringLiteral("association from ROUTER at 127.0.0.1 rejected: none of the SOP "
                                                    "classes it proposed is accepted"))
                .size(),
            1);
        // With a CR beside them the CR is stored, and storescu names the classes it could not send.
        const test::Run mixed =
            storescu(scp, {m_mr, m_cr, m_mr2, m_sc}, QStringLiteral("ROUTER"), QStringLiteral("127.0.0.1"),
                     required + QStringList{QStringLiteral("-nh"), QStringLiteral("-d")});
        QVERIFY2(said(mixed).contains("No presentation context for: (MR)"), said(mixed).constData());
        // storescu -d lists the answer per context: MR (1, 3) and SC (9, 11) refused as abstract syntax
        // not supported, CR (5) accepted.
        const QString answer = QString::fromUtf8(said(mixed));
        for (const int context : {1, 3, 9, 11})
            QVERIFY2(answer.contains(QRegularExpression(
                         QStringLiteral("Context ID: +%1 \\(Abstract Syntax Not Supported\\)").arg(context))),
                     qPrintable(answer));
        QVERIFY2(answer.contains(QRegularExpression(QStringLiteral("Context ID: +5 \\(Accepted\\)"))),
                 qPrintable(answer));
        QVERIFY2(said(mixed).contains("No presentation context for: (SC)"), said(mixed).constData());
        QCOMPARE(scp.storedCount(), uint64_t(1));
        const QStringList files = filesUnder(folder);
        QCOMPARE(files.size(), 1);
        QCOMPARE(dicom::readImageInfo(QDir(folder).filePath(files.front()).toStdString()).sopInstanceUid,
                 m_sopOf[m_cr]);
        // Logged once per association, not once per file or per proposed context.
        const QStringList refusals = test::netlog::containing(QStringLiteral("refused SOP class"));
        QCOMPARE(refusals.size(), 2);
        QVERIFY2(refusals[0].contains(QStringLiteral("refused SOP class %1 [MRImageStorage] (not chest radiography)")
                                          .arg(QString::fromLatin1(kMr))),
                 qPrintable(refusals[0]));
        QVERIFY2(refusals[1].contains(QStringLiteral("refused SOP classes ")), qPrintable(refusals[1]));
        QVERIFY2(refusals[1].contains(QString::fromLatin1(kMr)) && refusals[1].contains(QString::fromLatin1(kSc)),
                 qPrintable(refusals[1]));
        QVERIFY2(!refusals[1].contains(QString::fromLatin1(kCr) + QLatin1Char(' ')), qPrintable(refusals[1]));
        // storescu's default offer, a hundred classes: still one line, the rest counted.
        test::netlog::clear();
        const test::Run everything = storescu(scp, {m_cr});
        QVERIFY2(everything.exitCode == 0, said(everything).constData());
        const QStringList many = test::netlog::containing(QStringLiteral("refused SOP classes"));
        QCOMPARE(many.size(), 1);
        QVERIFY2(many.front().contains(QLatin1String(" more (not chest radiography)")), qPrintable(many.front()));
    }

    void secondary_capture_is_accepted_when_asked()
    {
        const QString folder = newFolder();
        net::StorageScpOptions chest = options(folder);
        chest.sopClasses = net::chestRadiographySopClasses(true);
        net::StorageScp scp(chest);
        scp.start();
        const test::Run stored = storescu(scp, {m_sc, m_cr});
        QVERIFY2(stored.exitCode == 0, said(stored).constData());
        QCOMPARE(scp.storedCount(), uint64_t(2));
        const test::Run mr = storescu(scp, {m_mr});
        QVERIFY(mr.exitCode != 0);
        QCOMPARE(scp.storedCount(), uint64_t(2));
    }

    void without_a_class_list_every_storage_class_is_stored()
    {
        const QString folder = newFolder();
        net::StorageScp scp(options(folder));
        scp.start();
        const test::Run stored = storescu(scp, {m_mr, m_sc, m_cr});
        QVERIFY2(stored.exitCode == 0, said(stored).constData());
        QCOMPARE(scp.storedCount(), uint64_t(3));
        QCOMPARE(filesUnder(folder).size(), 3);
    }

    // --- callers ---

    void accept_from_admits_the_listed_ae_title_and_rejects_another()
    {
        const QString folder = newFolder();
        net::StorageScpOptions restricted = options(folder);
        restricted.acceptFrom = {{"ROUTER", ""}, {"ORTHANC", ""}};
        net::StorageScp scp(restricted);
        scp.start();
        const test::Run router = storescu(scp, {m_cr}, QStringLiteral("ROUTER"));
        QVERIFY2(router.exitCode == 0, said(router).constData());
        const test::Run echo = echoscu(scp, QStringLiteral("ORTHANC"), QStringLiteral("127.0.0.1"));
        QVERIFY2(echo.exitCode == 0, said(echo).constData());

        const test::Run intruder = storescu(scp, {m_dx}, QStringLiteral("INTRUDER"));
        QVERIFY2(intruder.exitCode != 0, said(intruder).constData());
        QVERIFY2(said(intruder).contains("Calling AE Title Not Recognized"), said(intruder).constData());
        const test::Run intruderEcho = echoscu(scp, QStringLiteral("ROUTER2"), QStringLiteral("127.0.0.1"));
        QVERIFY2(intruderEcho.exitCode != 0, said(intruderEcho).constData());
        QCOMPARE(scp.storedCount(), uint64_t(1));
        QCOMPARE(filesUnder(folder).size(), 1);
        QCOMPARE(test::netlog::containing(
                     QStringLiteral("association from INTRUDER at 127.0.0.1 rejected: not an accepted caller"))
                     .size(),
                 1);
        QCOMPARE(test::netlog::containing(QStringLiteral("association from ROUTER2 at 127.0.0.1 rejected")).size(), 1);
        QVERIFY(test::netlog::containing(QStringLiteral("association from INTRUDER at 127.0.0.1 ended")).isEmpty());
        QCOMPARE(
            test::netlog::containing(QStringLiteral("association from ROUTER at 127.0.0.1 ended: 1 instance(s) stored"))
                .size(),
            1);
    }

    void accept_from_with_a_host_checks_the_peer_address()
    {
        const QString folder = newFolder();
        net::StorageScpOptions restricted = options(folder);
        // ROUTER from 127.0.0.1 (a literal) or from what "localhost" resolves to; ARCHIVE only from 127.0.0.3.
        restricted.acceptFrom = {{"ROUTER", "127.0.0.1"}, {"MODALITY", "localhost"}, {"ARCHIVE", "127.0.0.3"}};
        net::StorageScp scp(restricted);
        scp.start();
        const test::Run router = storescu(scp, {m_cr}, QStringLiteral("ROUTER"));
        QVERIFY2(router.exitCode == 0, said(router).constData());
        const test::Run modality = storescu(scp, {m_dx}, QStringLiteral("MODALITY"));
        QVERIFY2(modality.exitCode == 0, said(modality).constData());
        // The right title from the wrong host: loopback calls come from 127.0.0.1.
        const test::Run archive = storescu(scp, {m_dxProcessing}, QStringLiteral("ARCHIVE"));
        QVERIFY2(archive.exitCode != 0, said(archive).constData());
        QVERIFY2(said(archive).contains("Calling AE Title Not Recognized"), said(archive).constData());
        QCOMPARE(scp.storedCount(), uint64_t(2));
        QCOMPARE(test::netlog::containing(
                     QStringLiteral("association from ARCHIVE at 127.0.0.1 rejected: not an accepted caller"))
                     .size(),
                 1);
    }

    void accept_from_host_that_does_not_resolve_fails_at_start()
    {
        net::StorageScpOptions restricted = options(newFolder());
        restricted.acceptFrom = {{"ROUTER", "no-such-host.invalid"}};
        net::StorageScp scp(restricted);
        try {
            scp.start();
            QFAIL("start() accepted a host that does not resolve");
        } catch (const net::NetworkError& error) {
            QCOMPARE(error.kind(), net::NetworkError::Kind::Local);
            QVERIFY2(QString::fromUtf8(error.what()).contains(QLatin1String("no-such-host.invalid")), error.what());
        }
        QVERIFY(!scp.isRunning());
        QCOMPARE(tcpConnect("127.0.0.1", restricted.port), ECONNREFUSED);  // no port was opened
    }

    // --- listening address ---

    void listen_address_answers_there_and_nowhere_else()
    {
        const QString folder = newFolder();
        net::StorageScpOptions bound = options(folder);
        bound.listenAddress = "127.0.0.1";
        net::StorageScp scp(bound);
        scp.start();
        const test::Run stored = storescu(scp, {m_cr});
        QVERIFY2(stored.exitCode == 0, said(stored).constData());
        // Linux routes all of 127/8 to loopback: on every interface 127.0.0.2 would answer.
        QCOMPARE(tcpConnect("127.0.0.2", bound.port), ECONNREFUSED);
        const test::Run elsewhere = storescu(scp, {m_dx}, QStringLiteral("ROUTER"), QStringLiteral("127.0.0.2"));
        QVERIFY2(elsewhere.exitCode != 0, said(elsewhere).constData());
        QCOMPARE(scp.storedCount(), uint64_t(1));
        QCOMPARE(test::netlog::containing(QStringLiteral("listening on 127.0.0.1 port %1").arg(bound.port)).size(), 1);
        // Many associations one after another: DCMTK's accept loop works on the socket put in its place.
        for (int i = 0; i < 3; ++i) {
            const test::Run again = echoscu(scp, QStringLiteral("ROUTER"), QStringLiteral("127.0.0.1"));
            QVERIFY2(again.exitCode == 0, said(again).constData());
        }
        QElapsedTimer timer;
        timer.start();
        scp.stop();
        QVERIFY2(timer.elapsed() < 3000, "stop() did not join promptly");
        QCOMPARE(tcpConnect("127.0.0.1", bound.port), ECONNREFUSED);  // the socket went with the SCP
        // ... and the port is free again for the next start.
        net::StorageScp restarted(bound);
        restarted.start();
        const test::Run afterRestart = echoscu(restarted, QStringLiteral("ROUTER"), QStringLiteral("127.0.0.1"));
        QVERIFY2(afterRestart.exitCode == 0, said(afterRestart).constData());
    }

    void without_listen_address_every_interface_answers()
    {
        const QString folder = newFolder();
        net::StorageScp scp(options(folder));
        scp.start();
        QCOMPARE(tcpConnect("127.0.0.2", scp.options().port), 0);
        const test::Run stored = storescu(scp, {m_cr}, QStringLiteral("ROUTER"), QStringLiteral("127.0.0.2"));
        QVERIFY2(stored.exitCode == 0, said(stored).constData());
        QCOMPARE(scp.storedCount(), uint64_t(1));
        QCOMPARE(test::netlog::containing(QStringLiteral("listening on every interface port")).size(), 1);
    }

    void listen_address_with_tls()
    {
        // One self-signed certificate for both ends (valid for 127.0.0.1, server and client use).
        const QString key = m_work.filePath(QStringLiteral("tls.key"));
        const QString certificate = m_work.filePath(QStringLiteral("tls.pem"));
        const test::Run made = test::run(
            program(QStringLiteral("openssl")),
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
             QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), certificate,
             QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=pulmo-node"),
             QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-addext"),
             QStringLiteral("extendedKeyUsage=serverAuth,clientAuth")});
        QVERIFY2(made.exitCode == 0, said(made).constData());
        net::StorageScpOptions secure = options(newFolder());
        secure.listenAddress = "127.0.0.1";
        secure.tls.enabled = true;
        secure.tls.certificateFile = certificate.toStdString();
        secure.tls.privateKeyFile = key.toStdString();
        secure.tls.trustedCaFile = certificate.toStdString();
        net::StorageScp scp(secure);
        scp.start();
        const test::Run plain = storescu(scp, {m_cr});  // no TLS: refused
        QVERIFY2(plain.exitCode != 0, said(plain).constData());
        const test::Run stored =
            storescu(scp, {m_cr}, QStringLiteral("ROUTER"), QStringLiteral("127.0.0.1"),
                     {QStringLiteral("+tls"), key, certificate, QStringLiteral("+cf"), certificate});
        QVERIFY2(stored.exitCode == 0, said(stored).constData());
        QCOMPARE(scp.storedCount(), uint64_t(1));
        QCOMPARE(tcpConnect("127.0.0.2", secure.port), ECONNREFUSED);
    }

    void listen_address_may_be_ipv6()
    {
        // ::1 must be there (a connection to a port nobody listens on is refused, not unroutable).
        QCOMPARE(tcpConnect("::1", freePort()), ECONNREFUSED);
        net::StorageScpOptions bound = options(newFolder());
        bound.listenAddress = "::1";
        net::StorageScp scp(bound);
        scp.start();
        QCOMPARE(tcpConnect("::1", bound.port), 0);
        QCOMPARE(tcpConnect("127.0.0.1", bound.port), ECONNREFUSED);
        // A DICOM exchange over IPv6, with the caller's address checked: DCMTK itself reads an IPv6
        // caller's address wrongly (as IPv4), the receiver asks the connection.
        Ipv6Relay relay(bound.port);
        QVERIFY(relay.port() != 0);
        const QStringList files{m_cr};
        const test::Run stored =
            test::run(program(QStringLiteral("storescu")),
                      {QStringLiteral("-v"), QStringLiteral("-aet"), QStringLiteral("ROUTER"), QStringLiteral("-aec"),
                       QStringLiteral("PULMONODE"), QStringLiteral("127.0.0.1"), QString::number(relay.port()), m_cr},
                      {}, 60000);
        QVERIFY2(stored.exitCode == 0, said(stored).constData());
        QCOMPARE(scp.storedCount(), uint64_t(1));
        QCOMPARE(test::netlog::containing(QStringLiteral("association from ROUTER at ::1 accepted")).size(), 1);
    }

    void accept_from_with_an_ipv6_host_matches_an_ipv6_caller()
    {
        net::StorageScpOptions bound = options(newFolder());
        bound.listenAddress = "::1";
        bound.acceptFrom = {{"ROUTER", "::1"}, {"ARCHIVE", "127.0.0.1"}};
        net::StorageScp scp(bound);
        scp.start();
        Ipv6Relay relay(bound.port);
        const auto echo = [&](const QString& callingAe) {
            return test::run(program(QStringLiteral("echoscu")),
                             {QStringLiteral("-v"), QStringLiteral("-aet"), callingAe, QStringLiteral("-aec"),
                              QStringLiteral("PULMONODE"), QStringLiteral("127.0.0.1"), QString::number(relay.port())},
                             {}, 60000);
        };
        const test::Run router = echo(QStringLiteral("ROUTER"));
        QVERIFY2(router.exitCode == 0, said(router).constData());
        const test::Run archive = echo(QStringLiteral("ARCHIVE"));
        QVERIFY2(archive.exitCode != 0, said(archive).constData());
        QCOMPARE(
            test::netlog::containing(QStringLiteral("association from ARCHIVE at ::1 rejected: not an accepted caller"))
                .size(),
            1);
    }

    void bad_listen_address_fails_at_start_naming_it_data()
    {
        QTest::addColumn<QString>("address");
        QTest::newRow("a name") << QStringLiteral("localhost");
        QTest::newRow("no such octet") << QStringLiteral("127.0.0.256");
        QTest::newRow("garbage") << QStringLiteral("12:x:y");
        // An address, but none of this machine's (TEST-NET-1).
        QTest::newRow("not ours") << QStringLiteral("192.0.2.1");
    }

    void bad_listen_address_fails_at_start_naming_it()
    {
        QFETCH(QString, address);
        net::StorageScpOptions bound = options(newFolder());
        bound.listenAddress = address.toStdString();
        net::StorageScp scp(bound);
        try {
            scp.start();
            QFAIL("start() accepted the listen address");
        } catch (const net::NetworkError& error) {
            QCOMPARE(error.kind(), net::NetworkError::Kind::Local);
            QVERIFY2(QString::fromUtf8(error.what()).contains(address), error.what());
        }
        QVERIFY(!scp.isRunning());
        QCOMPARE(tcpConnect("127.0.0.1", bound.port), ECONNREFUSED);  // DCMTK's socket did not stay behind
    }

    // --- admission and commit ---

    void admission_sees_the_instance_and_its_refusal_reaches_the_peer()
    {
        const QString folder = newFolder();
        net::StorageScp scp(options(folder));
        std::vector<net::IncomingInstance> asked;
        scp.setAdmit([&](const net::IncomingInstance& instance) {
            asked.push_back(instance);
            return net::StoreDecision{0xA700, "disk below its watermark"};
        });
        bool committed = false;
        scp.setCommit([&](const net::IncomingInstance&, const net::ReceivedInstance&) {
            committed = true;
            return net::StoreDecision{};
        });
        std::atomic<int> heard{0};
        scp.addListener([&](const net::ReceivedInstance&) { ++heard; });
        scp.start();
        const test::Run refused =
            storescu(scp, {m_cr}, QStringLiteral("ROUTER"), QStringLiteral("127.0.0.1"), {QStringLiteral("-d")});
        // storescu -d dumps the response: its status and the Error Comment in its status detail.
        QVERIFY2(said(refused).contains("DIMSE Status                  : 0xa700: Refused: Out of resources"),
                 said(refused).constData());
        QVERIFY2(said(refused).contains("(0000,0902) LO [disk below its watermark"),
                 said(refused).constData());  // Error Comment
        QVERIFY(filesUnder(folder).isEmpty());
        QVERIFY(!committed);
        QCOMPARE(heard.load(), 0);
        QCOMPARE(scp.storedCount(), uint64_t(0));
        QCOMPARE(scp.refusedCount(), uint64_t(1));
        QCOMPARE(asked.size(), size_t(1));
        const net::IncomingInstance& instance = asked.front();
        QCOMPARE(instance.callingAeTitle, std::string("ROUTER"));
        QCOMPARE(instance.callingHost, std::string("127.0.0.1"));
        QCOMPARE(instance.sopClassUid, std::string(kCr));
        QCOMPARE(instance.sopInstanceUid, m_sopOf[m_cr]);
        QCOMPARE(instance.studyInstanceUid, dicom::readImageInfo(m_cr.toStdString()).studyInstanceUid);
        QCOMPARE(instance.modality, std::string("CR"));
        QCOMPARE(instance.bodyPartExamined, std::string("CHEST"));
        QVERIFY2(instance.bytes >= 64u * 72u * 2u && instance.bytes < uint64_t(QFileInfo(m_cr).size()) + 1024,
                 qPrintable(QString::number(instance.bytes)));
    }

    void admission_with_a_warning_status_is_answered_as_a_failure()
    {
        // A warning tells the peer that we keep the instance: a refusal must never say so.
        const QString folder = newFolder();
        net::StorageScp scp(options(folder));
        scp.setAdmit([](const net::IncomingInstance&) { return net::StoreDecision{0xB000, "coerced"}; });
        scp.start();
        const test::Run refused = storescu(scp, {m_cr});
        QVERIFY2(said(refused).contains("Refused: OutOfResources"), said(refused).constData());
        QVERIFY(refused.exitCode != 0);  // storescu fails on a failure status
        QVERIFY(filesUnder(folder).isEmpty());
        QCOMPARE(scp.refusedCount(), uint64_t(1));
    }

    void commit_refusal_removes_the_file_and_reaches_the_peer()
    {
        const QString folder = newFolder();
        net::StorageScp scp(options(folder));
        QString pathAtCommit;
        bool existedAtCommit = false;
        scp.setCommit([&](const net::IncomingInstance& incoming, const net::ReceivedInstance& written) {
            pathAtCommit = QString::fromStdString(written.filePath);
            existedAtCommit = QFileInfo::exists(pathAtCommit) &&
                              dicom::readImageInfo(written.filePath).sopInstanceUid == incoming.sopInstanceUid;
            return net::StoreDecision{0xC000, "queue refused the job"};
        });
        std::atomic<int> heard{0};
        scp.addListener([&](const net::ReceivedInstance&) { ++heard; });
        scp.start();
        const test::Run refused =
            storescu(scp, {m_dx}, QStringLiteral("ROUTER"), QStringLiteral("127.0.0.1"), {QStringLiteral("-d")});
        QVERIFY2(said(refused).contains("0xc000") || said(refused).contains("0xC000"), said(refused).constData());
        QVERIFY2(said(refused).contains("queue refused the job"), said(refused).constData());
        QVERIFY(existedAtCommit);
        QVERIFY(!QFileInfo::exists(pathAtCommit));
        QCOMPARE(filesUnder(folder).size(), 0);
        QCOMPARE(heard.load(), 0);
        QCOMPARE(scp.storedCount(), uint64_t(0));
        QCOMPARE(scp.refusedCount(), uint64_t(1));
    }

    void commit_that_throws_is_out_of_resources_and_leaves_nothing()
    {
        const QString folder = newFolder();
        net::StorageScp scp(options(folder));
        scp.setCommit([](const net::IncomingInstance&, const net::ReceivedInstance&) -> net::StoreDecision {
            throw std::runtime_error("database is locked");
        });
        scp.start();
        const test::Run refused = storescu(scp, {m_cr});
        QVERIFY2(said(refused).contains("Refused: OutOfResources"), said(refused).constData());
        QCOMPARE(filesUnder(folder).size(), 0);
        QCOMPARE(scp.refusedCount(), uint64_t(1));
    }

    void commit_success_keeps_the_file_and_tells_the_listeners()
    {
        const QString folder = newFolder();
        net::StorageScpOptions durable = options(folder);
        durable.syncToDisk = true;
        net::StorageScp scp(durable);
        std::vector<std::string> admitted;
        scp.setAdmit([&](const net::IncomingInstance& instance) {
            admitted.push_back(instance.sopInstanceUid);
            return net::StoreDecision{};
        });
        std::vector<std::string> committedPaths;
        std::vector<int> listenersBeforeCommit;
        std::atomic<int> heard{0};
        scp.setCommit([&](const net::IncomingInstance&, const net::ReceivedInstance& written) {
            committedPaths.push_back(written.filePath);
            listenersBeforeCommit.push_back(heard.load());
            return net::StoreDecision{};
        });
        std::vector<std::string> heardPaths;
        scp.addListener([&](const net::ReceivedInstance& instance) {
            heardPaths.push_back(instance.filePath);
            ++heard;
        });
        scp.start();
        const test::Run stored = storescu(scp, {m_cr, m_dx});
        QVERIFY2(stored.exitCode == 0, said(stored).constData());
        QVERIFY2(!said(stored).contains("Refused: OutOfResources"), said(stored).constData());
        QCOMPARE(admitted, (std::vector<std::string>{m_sopOf[m_cr], m_sopOf[m_dx]}));
        QCOMPARE(committedPaths, heardPaths);
        QCOMPARE(listenersBeforeCommit, (std::vector<int>{0, 1}));  // a listener hears only what was committed
        for (const std::string& path : committedPaths) {
            QVERIFY(QFileInfo::exists(QString::fromStdString(path)));
            QVERIFY(QString::fromStdString(path).startsWith(folder));
        }
        QCOMPARE(filesUnder(folder).size(), 2);  // no partial file beside them
        QCOMPARE(scp.storedCount(), uint64_t(2));
        QCOMPARE(scp.refusedCount(), uint64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestNodeScp)
#include "tst_nodescp.moc"
