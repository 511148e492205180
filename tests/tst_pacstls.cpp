// DICOM TLS against a real peer: Orthanc on 127.0.0.1 with TLS on and client certificates
// required, certificates made here by openssl (a test CA, one certificate each for Orthanc and
// Pulmo). C-ECHO, C-FIND, C-GET and C-MOVE (Orthanc connecting back to Pulmo's Storage SCP over
// TLS) work with both profiles' settings; a plain association, a client without a certificate and
// a peer whose certificate Pulmo does not trust are refused with a clear error.
#include "dicom/DecodedImage.h"
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"
#include "net/NetworkError.h"
#include "net/PacsQuery.h"
#include "net/StoreScu.h"
#include "net/StorageScp.h"
#include "net/StudyRetriever.h"
#include "support/OrthancServer.h"
#include "support/TestCertificates.h"
#include "support/ProcessRun.h"

#include <QtTest>

#include <QDirIterator>
#include <QTemporaryDir>

using namespace pulmo;

class TestPacsTls : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    std::unique_ptr<test::OrthancServer> m_orthanc;
    uint16_t m_receiverPort = 0;
    std::string m_study;
    std::map<std::string, QString> m_originalBySop;

    QString file(const QString& name) const { return m_work.filePath(name); }

    void makeAuthority(const QString& name)
    {
        const QString error = test::makeAuthority(m_work.path(), name);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    void makeCertificate(const QString& ca, const QString& name)
    {
        const QString error = test::makeCertificate(m_work.path(), ca, name);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    net::PacsPeer tlsPeer(net::TlsProfile profile = net::TlsProfile::Bcp195) const
    {
        net::PacsPeer peer = m_orthanc->peer();
        peer.tls.enabled = true;
        peer.tls.profile = profile;
        peer.tls.certificateFile = file(QStringLiteral("pulmo.pem")).toStdString();
        peer.tls.privateKeyFile = file(QStringLiteral("pulmo.key")).toStdString();
        peer.tls.trustedCaFile = file(QStringLiteral("ca.pem")).toStdString();
        return peer;
    }

    /// Every file under `root` decodes to the pixels of its original.
    int verifyAgainstOriginals(const QString& root)
    {
        int count = 0;
        for (QDirIterator it(root, {QStringLiteral("*.dcm")}, QDir::Files, QDirIterator::Subdirectories);
             it.hasNext();) {
            const QString path = it.next();
            const auto received = dicom::loadImage(path.toStdString());
            const auto original = dicom::loadImage(m_originalBySop.at(received->info().sopInstanceUid).toStdString());
            if (const_cast<dicom::DecodedImage&>(*received).narrowBuffer() !=
                const_cast<dicom::DecodedImage&>(*original).narrowBuffer())
                return -1;
            ++count;
        }
        return count;
    }

    /// A message that says TLS went wrong, and where.
    static bool mentionsTls(const std::string& message)
    {
        return QString::fromStdString(message).contains(QLatin1String("TLS"), Qt::CaseInsensitive) ||
               QString::fromStdString(message).contains(QLatin1String("certificate"), Qt::CaseInsensitive);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        for (const char* tool : {"Orthanc", "storescu", "openssl"})
            QVERIFY2(!test::program(QString::fromLatin1(tool)).isEmpty(),
                     qPrintable(QStringLiteral("%1 is missing: run scripts/install-deps.sh --tests").arg(tool)));
        makeAuthority(QStringLiteral("ca"));
        makeAuthority(QStringLiteral("stranger-ca"));  // trusted by nobody here
        makeCertificate(QStringLiteral("ca"), QStringLiteral("orthanc"));
        makeCertificate(QStringLiteral("ca"), QStringLiteral("pulmo"));

        // A study, stored into Orthanc over plain DICOM before TLS is switched on.
        QDir().mkpath(file(QStringLiteral("originals")));
        m_study = "1.2.826.0.1.3680043.10.1138.77";
        for (int i = 0; i < 3; ++i) {
            dicom::GrayImageSpec spec;
            spec.rows = 64;
            spec.columns = 80;
            spec.modality = "DX";
            spec.sopClassUid = "1.2.840.10008.5.1.4.1.1.1.1";
            spec.patientName = "TLS^PATIENT";
            spec.patientId = "PID-TLS";
            spec.studyInstanceUid = m_study;
            spec.seriesInstanceUid = m_study + ".1";
            spec.sopInstanceUid = m_study + ".1." + std::to_string(i + 1);
            for (int p = 0; p < spec.rows * spec.columns; ++p) spec.storedValues.push_back((p * (7 + i)) % 4096);
            const QString path = file(QStringLiteral("originals/%1.dcm").arg(i));
            dicom::writeGrayImage(path.toStdString(), spec);
            m_originalBySop[spec.sopInstanceUid] = path;
        }
        m_receiverPort = test::freePort();
        {
            test::OrthancServer plain(file(QStringLiteral("orthanc")), {});
            QVERIFY(plain.start());
            const QString stored = plain.store(file(QStringLiteral("originals")));
            QVERIFY2(stored.isEmpty(), qPrintable(stored));
        }
        QJsonObject modalities;
        modalities["pulmo"] =
            QJsonObject{{"AET", "PULMO"}, {"Host", "127.0.0.1"}, {"Port", m_receiverPort}, {"UseDicomTls", true}};
        QJsonObject tls;
        tls["DicomTlsEnabled"] = true;
        tls["DicomTlsCertificate"] = file(QStringLiteral("orthanc.pem"));
        tls["DicomTlsPrivateKey"] = file(QStringLiteral("orthanc.key"));
        tls["DicomTlsTrustedCertificates"] = file(QStringLiteral("ca.pem"));
        tls["DicomTlsRemoteCertificateRequired"] = true;
        tls["DicomModalities"] = modalities;
        m_orthanc = std::make_unique<test::OrthancServer>(file(QStringLiteral("orthanc")),
                                                          test::OrthancServer::Receivers{}, tls);
        QVERIFY2(m_orthanc->start(tlsPeer()), "Orthanc did not answer C-ECHO over TLS");
    }

    void cleanupTestCase()
    {
        if (m_orthanc) m_orthanc->stop();
    }

    void echoAndFind_overTls_withBothProfiles()
    {
        for (const net::TlsProfile profile : {net::TlsProfile::Bcp195, net::TlsProfile::Aes}) {
            const net::PacsQuery query(tlsPeer(profile), "PULMO", {5, 5, 10});
            query.echo();
            net::StudyQuery keys;
            keys.patientName = "TLS*";
            const auto studies = query.findStudies(keys);
            QCOMPARE(int(studies.size()), 1);
            QCOMPARE(studies.front().studyInstanceUid, m_study);
        }
    }

    void plainAssociation_toATlsPeer_isRefused()
    {
        try {
            net::PacsQuery(m_orthanc->peer(), "PULMO", {5, 5, 10}).echo();
            QFAIL("a plain association to a TLS-only peer succeeded");
        } catch (const net::NetworkError& error) {
            QVERIFY2(
                QString::fromUtf8(error.what()).contains(QString::fromStdString(net::peerAddress(m_orthanc->peer()))),
                error.what());
        }
    }

    void clientWithoutCertificate_isRefused()
    {
        net::PacsPeer peer = tlsPeer();
        peer.tls.certificateFile.clear();
        peer.tls.privateKeyFile.clear();
        QVERIFY_THROWS_EXCEPTION(net::NetworkError, net::PacsQuery(peer, "PULMO", {5, 5, 10}).echo());
    }

    void peerWithAnUntrustedCertificate_isRefusedNamingTls()
    {
        net::PacsPeer peer = tlsPeer();
        peer.tls.trustedCaFile = file(QStringLiteral("stranger-ca.pem")).toStdString();
        try {
            net::PacsQuery(peer, "PULMO", {5, 5, 10}).echo();
            QFAIL("a peer whose certificate nobody vouches for was accepted");
        } catch (const net::NetworkError& error) {
            QVERIFY2(error.kind() == net::NetworkError::Kind::Tls || mentionsTls(error.what()), error.what());
        }
    }

    void missingCertificateFile_isNamed()
    {
        net::PacsPeer peer = tlsPeer();
        peer.tls.certificateFile = file(QStringLiteral("no-such.pem")).toStdString();
        try {
            net::PacsQuery(peer, "PULMO", {5, 5, 10}).echo();
            QFAIL("a missing certificate file went unnoticed");
        } catch (const net::NetworkError& error) {
            QVERIFY2(QString::fromUtf8(error.what()).contains(QLatin1String("no-such.pem")), error.what());
        }
    }

    void store_overTls_storesTheInstance_fromTheLibraryAndFromPulmoCliSend()
    {
        const std::string study = "1.2.826.0.1.3680043.10.1138.78";
        std::vector<std::string> files;
        for (int i = 0; i < 2; ++i) {
            dicom::GrayImageSpec spec;
            spec.rows = 32;
            spec.columns = 40;
            spec.studyInstanceUid = study;
            spec.sopInstanceUid = study + ".9." + std::to_string(i + 1);
            spec.storedValues.assign(size_t(spec.rows * spec.columns), 100 + i);
            files.push_back(file(QStringLiteral("tls-store-%1.dcm").arg(i)).toStdString());
            dicom::writeGrayImage(files.back(), spec);
        }
        const auto outcomes = net::storeFiles(tlsPeer(), "PULMO", {5, 5, 10}, {files[0]});
        QVERIFY2(outcomes.size() == 1 && outcomes[0].stored(), outcomes.empty() ? "" : outcomes[0].reason.c_str());
        const test::Run sent = test::run(
            QStringLiteral(PULMO_CLI_PATH),
            {QStringLiteral("send"), QStringLiteral("--peer"), QString::fromStdString(net::peerAddress(tlsPeer())),
             QStringLiteral("--tls"), QStringLiteral("--cert"), file(QStringLiteral("pulmo.pem")),
             QStringLiteral("--key"), file(QStringLiteral("pulmo.key")), QStringLiteral("--ca"),
             file(QStringLiteral("ca.pem")), QStringLiteral("--json"), QString::fromStdString(files[1])});
        QVERIFY2(sent.exitCode == 0, sent.err.constData());
        QVERIFY2(sent.out.contains("\"status\":\"0x0000\""), sent.out.constData());
        QCOMPARE(int(net::PacsQuery(tlsPeer(), "PULMO", {5, 5, 10}).findInstances(study).size()), 2);
        // Plain C-STORE to the TLS-only port: refused, nothing claimed.
        QVERIFY_THROWS_EXCEPTION(net::NetworkError,
                                 net::storeFiles(m_orthanc->peer(), "PULMO", {5, 5, 10}, {files[0]}));
    }

    void get_overTls_bringsTheStudyPixelForPixel()
    {
        const QString out = file(QStringLiteral("get"));
        net::RetrieveRequest request;
        request.peer = tlsPeer();
        request.callingAeTitle = "PULMO";
        request.timeouts = {5, 5, 20};
        request.studyInstanceUid = m_study;
        request.method = net::RetrieveMethod::Get;
        request.storageFolder = out.toStdString();
        request.syncToDisk = false;
        const net::RetrieveResult result = net::StudyRetriever().retrieve(request);
        QVERIFY2(result.outcome == net::RetrieveOutcome::Success, result.error.c_str());
        QCOMPARE(result.stored, 3);
        QCOMPARE(verifyAgainstOriginals(out), 3);
    }

    void move_overTls_toOurTlsStorageScp()
    {
        const QString out = file(QStringLiteral("move"));
        net::StorageScpOptions options;
        options.aeTitle = "PULMO";
        options.port = m_receiverPort;
        options.storageFolder = out.toStdString();
        options.syncToDisk = false;
        options.tls = tlsPeer().tls;  // our certificate; Orthanc's is checked against the CA
        net::StorageScp receiver(options);
        receiver.start();
        net::RetrieveRequest request;
        request.peer = tlsPeer();
        request.callingAeTitle = "PULMO";
        request.timeouts = {5, 5, 20};
        request.studyInstanceUid = m_study;
        request.method = net::RetrieveMethod::Move;
        request.storageFolder = out.toStdString();
        const net::RetrieveResult result = net::StudyRetriever(&receiver).retrieve(request);
        receiver.stop();
        QVERIFY2(result.outcome == net::RetrieveOutcome::Success, result.error.c_str());
        QCOMPARE(verifyAgainstOriginals(out), 3);
    }
};

QTEST_MAIN(TestPacsTls)
#include "tst_pacstls.moc"
