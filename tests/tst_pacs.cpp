// PACS query/retrieve against real peers on 127.0.0.1: Orthanc (started here with its own
// configuration, storage and free ports) and DCMTK's dcmqrscp. Studies are written by DicomWriter,
// loaded with DCMTK's storescu, and what comes back is compared pixel for pixel with the originals.
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"
#include "AuditLog.h"
#include "FeedbackDatabase.h"
#include "net/NetworkError.h"
#include "net/PacsQuery.h"
#include "net/StoragePaths.h"
#include "net/StorageScp.h"
#include "net/StudyRetriever.h"

#include <QtTest>

#include "support/CharsetCorpus.h"
#include "support/OrthancServer.h"
#include "support/WebPort.h"
#include "support/ProcessRun.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <atomic>
#include <map>
#include <set>
#include <thread>

using namespace pulmo;
using pulmo::test::freePort;
using pulmo::test::PeerProcess;
using pulmo::test::program;
using pulmo::test::waitForEcho;

namespace {

struct TestStudy {
    QString key;  ///< the test's name for it
    std::string studyUid;
    std::string patientName;
    std::string patientId;
    std::string studyDate;
    std::string modality;
    std::string description;
    std::string accession;
    std::vector<std::string> seriesUids;
    std::vector<QString> files;  ///< original files, one per instance
};

std::string sopClassFor(const std::string& modality)
{
    if (modality == "CR") return "1.2.840.10008.5.1.4.1.1.1";
    if (modality == "DX") return "1.2.840.10008.5.1.4.1.1.1.1";
    if (modality == "CT") return "1.2.840.10008.5.1.4.1.1.2";
    if (modality == "MR") return "1.2.840.10008.5.1.4.1.1.4";
    return "1.2.840.10008.5.1.4.1.1.7";
}

std::set<std::string> studyUids(const std::vector<net::StudyRecord>& studies)
{
    std::set<std::string> uids;
    for (const auto& study : studies) uids.insert(study.studyInstanceUid);
    return uids;
}

/// Every file under `root`: (relative path).
QStringList filesUnder(const QString& root)
{
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) files << QDir(root).relativeFilePath(it.next());
    files.sort();
    return files;
}

}  // namespace

class TestPacs : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    std::map<QString, TestStudy> m_studies;
    std::map<std::string, QString> m_originalBySop;

    std::unique_ptr<test::OrthancServer> m_orthanc;
    net::PacsPeer m_orthancPeer;
    uint16_t m_scpPort = 0;     // the test's StorageScp (AE PULMO), known to both peers
    uint16_t m_cliScpPort = 0;  // pulmo-cli retrieve's Storage SCP (AE PULMOCLI)

    PeerProcess m_dcmqrscp;
    net::PacsPeer m_dcmqrscpPeer;

    QString folder(const QString& name) const { return m_work.filePath(name); }

    void writeStudy(const QString& key, const std::string& name, const std::string& id, const std::string& date,
                    const std::string& modality, const std::string& description, const std::string& accession,
                    const std::vector<std::pair<int, dicom::TransferSyntax>>& series, int size = 96,
                    const std::string& studyUid = {}, const std::string& sopPrefix = {})
    {
        TestStudy study;
        study.key = key;
        study.studyUid = studyUid.empty() ? dicom::newUid() : studyUid;
        study.patientName = name;
        study.patientId = id;
        study.studyDate = date;
        study.modality = modality;
        study.description = description;
        study.accession = accession;
        int instance = 0;
        for (const auto& [count, syntax] : series) {
            // One folder per transfer syntax: storescu proposes one compressed syntax per run.
            const QString group = hostileGroup(studyUid) ? QStringLiteral("hostile") : syntaxGroup(syntax);
            QDir().mkpath(folder(QStringLiteral("originals/%1/%2").arg(group, key)));
            const std::string seriesUid = dicom::newUid();
            study.seriesUids.push_back(seriesUid);
            for (int i = 0; i < count; ++i, ++instance) {
                dicom::GrayImageSpec spec;
                spec.rows = size;
                spec.columns = size + 8;
                spec.storedValues.resize(size_t(spec.rows) * size_t(spec.columns));
                // A pattern that differs per instance, so that a mixed-up file cannot pass.
                for (size_t p = 0; p < spec.storedValues.size(); ++p)
                    spec.storedValues[p] = int32_t((p * 7 + size_t(instance) * 131 + p / 13) % 4096);
                spec.modality = modality;
                spec.sopClassUid = sopClassFor(modality);
                spec.patientName = name;
                spec.patientId = id;
                spec.studyDate = date;
                spec.studyDescription = description;
                spec.seriesDescription = description + " series " + std::to_string(study.seriesUids.size());
                spec.studyInstanceUid = study.studyUid;
                spec.seriesInstanceUid = seriesUid;
                spec.sopInstanceUid = sopPrefix.empty() ? dicom::newUid() : sopPrefix + std::to_string(instance);
                const QString path = folder(QStringLiteral("originals/%1/%2/%3.dcm").arg(group, key).arg(instance));
                dicom::writeGrayImage(path.toStdString(), spec, syntax);
                study.files.push_back(path);
                m_originalBySop[spec.sopInstanceUid] = path;
            }
        }
        if (!accession.empty()) {
            const test::Run modified =
                test::run(program(QStringLiteral("dcmodify")),
                          QStringList{QStringLiteral("-nb"), QStringLiteral("-i"),
                                      QStringLiteral("AccessionNumber=") + QString::fromStdString(accession)} +
                              QStringList(study.files.begin(), study.files.end()));
            QVERIFY2(modified.exitCode == 0, modified.err.constData());
        }
        m_studies[key] = study;
    }

    static bool hostileGroup(const std::string& studyUid) { return studyUid.find('/') != std::string::npos; }
    static QString syntaxGroup(dicom::TransferSyntax syntax)
    {
        switch (syntax) {
            case dicom::TransferSyntax::JpegLsLossless:
                return QStringLiteral("jpeg-ls");
            case dicom::TransferSyntax::Rle:
                return QStringLiteral("rle");
            default:
                return QStringLiteral("explicit");
        }
    }

    /// Loads the originals of `group` into `peer` with storescu, proposing that group's transfer syntax.
    void storeGroup(const net::PacsPeer& peer, const QString& group)
    {
        QStringList arguments{QStringLiteral("-aet"), QStringLiteral("PULMO"),
                              QStringLiteral("-aec"), QString::fromStdString(peer.aeTitle),
                              QStringLiteral("+sd"),  QStringLiteral("+r")};
        if (group == QLatin1String("jpeg-ls")) arguments << QStringLiteral("-xt");
        if (group == QLatin1String("rle")) arguments << QStringLiteral("-xr");
        arguments << QString::fromStdString(peer.host) << QString::number(peer.port)
                  << folder(QStringLiteral("originals/") + group);
        const test::Run stored = test::run(program(QStringLiteral("storescu")), arguments);
        QVERIFY2(stored.exitCode == 0,
                 (QByteArray::fromStdString(net::peerAddress(peer)) + ": " + stored.out + stored.err).constData());
    }

    void startOrthanc() { QVERIFY2(m_orthanc->start(), "Orthanc did not answer C-ECHO within 30 s"); }

    /// Compares every file of a retrieved study folder with its original, pixel for pixel; checks
    /// that names are hashes and that nothing half-written is left.
    void verifyRetrievedStudy(const QString& root, const TestStudy& study, int expectedCount)
    {
        const QString studyDirectory = QString::fromStdString(net::studyFolder(root.toStdString(), study.studyUid));
        const QStringList files = filesUnder(studyDirectory);
        QCOMPARE(files.size(), expectedCount);
        const QRegularExpression hashedName(QStringLiteral("^[0-9a-f]{32}\\.dcm$"));
        std::set<std::string> seen;
        for (const QString& relative : files) {
            QVERIFY2(hashedName.match(relative).hasMatch(), qPrintable(relative));
            const QString path = QDir(studyDirectory).filePath(relative);
            const dicom::ImageInfo info = dicom::readImageInfo(path.toStdString());
            QCOMPARE(info.studyInstanceUid, study.studyUid);
            QCOMPARE(QString::fromStdString(
                         net::instancePath(root.toStdString(), info.studyInstanceUid, info.sopInstanceUid)),
                     path);
            QVERIFY(m_originalBySop.count(info.sopInstanceUid));
            seen.insert(info.sopInstanceUid);
            const auto original = dicom::loadImage(m_originalBySop[info.sopInstanceUid].toStdString());
            const auto received = dicom::loadImage(path.toStdString());
            QCOMPARE(received->width(), original->width());
            QCOMPARE(received->height(), original->height());
            QCOMPARE(received->storage(), original->storage());
            QVERIFY2(const_cast<dicom::DecodedImage&>(*received).narrowBuffer() ==
                         const_cast<dicom::DecodedImage&>(*original).narrowBuffer(),
                     qPrintable(path + QStringLiteral(": pixels differ from the original")));
        }
        QCOMPARE(int(seen.size()), expectedCount);
    }

    void verifyNoPartialFiles(const QString& root)
    {
        for (const QString& relative : filesUnder(root))
            QVERIFY2(!relative.endsWith(QLatin1String(net::kPartialSuffix)), qPrintable(relative));
    }

    net::RetrieveRequest request(const net::PacsPeer& peer, const TestStudy& study, net::RetrieveMethod method,
                                 const QString& out) const
    {
        net::RetrieveRequest value;
        value.peer = peer;
        value.callingAeTitle = "PULMO";
        value.timeouts = {5, 5, 20};
        value.studyInstanceUid = study.studyUid;
        value.method = method;
        value.storageFolder = out.toStdString();
        value.syncToDisk = false;
        return value;
    }

    std::unique_ptr<net::StorageScp> startScp(const QString& out)
    {
        net::StorageScpOptions options;
        options.aeTitle = "PULMO";
        options.port = m_scpPort;
        options.storageFolder = out.toStdString();
        options.syncToDisk = false;
        auto scp = std::make_unique<net::StorageScp>(options);
        scp->start();
        return scp;
    }

    std::vector<net::StudyRecord> findOrthanc(const net::StudyQuery& query)
    {
        return net::PacsQuery(m_orthancPeer, "PULMO", {5, 5, 10}).findStudies(query);
    }

    std::set<std::string> uidsOf(std::initializer_list<const char*> keys)
    {
        std::set<std::string> uids;
        for (const char* key : keys) uids.insert(m_studies[QString::fromLatin1(key)].studyUid);
        return uids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        for (const char* tool : {"Orthanc", "storescu", "dcmodify", "dcmqrscp"})
            QVERIFY2(!program(QString::fromLatin1(tool)).isEmpty(),
                     qPrintable(QStringLiteral("%1 is missing: run scripts/install-deps.sh --tests").arg(tool)));

        using TS = dicom::TransferSyntax;
        writeStudy("doe-john", "DOE^JOHN", "PID001", "20200315", "CR", "CHEST PA", "ACC001", {{3, TS::ExplicitLittle}});
        // Two series, compressed: what comes back must decode to the same pixels.
        writeStudy("doe-jane", "DOE^JANE", "PID002", "20201120", "DX", "CHEST AP", "ACC002",
                   {{2, TS::JpegLsLossless}, {2, TS::Rle}});
        writeStudy("smith", "SMITH^ANNA", "PID003", "20210704", "CT", "CT THORAX", "ACC003", {{4, TS::ExplicitLittle}});
        // Larger, for cancel and kill mid-transfer.
        writeStudy("many", "MANY^IMAGES", "PID004", "20190101", "DX", "FOLLOW-UP", "ACC004", {{30, TS::ExplicitLittle}},
                   256);
        // UIDs a careless receiver would turn into paths outside its folder.
        writeStudy("hostile", "ODD^UIDS", "PID005", "20220202", "DX", "ODD UIDS", "ACC005", {{2, TS::ExplicitLittle}},
                   96, "1.2.3/../../../escape", "1.2.840.0000.00.9/../../../../tmp/pulmo-escape.");

        // Orthanc: DICOM only, its own storage, checks the called AE title, knows our two receivers.
        m_scpPort = freePort();
        m_cliScpPort = freePort();
        m_orthanc = std::make_unique<test::OrthancServer>(
            folder("orthanc"), test::OrthancServer::Receivers{{"PULMO", m_scpPort}, {"PULMOCLI", m_cliScpPort}});
        m_orthancPeer = m_orthanc->peer();
        startOrthanc();
        for (const char* group : {"explicit", "jpeg-ls", "rle", "hostile"}) storeGroup(m_orthancPeer, group);
        QCOMPARE(findOrthanc({}).size(), m_studies.size());

        // dcmqrscp: one AE with its own storage area, our SCP in its host table. Forking (its default):
        // DCMTK 3.6.7's --single-process mode crashes (SIGSEGV) after its first association.
        m_dcmqrscpPeer.aeTitle = "DCMQRSCP";
        m_dcmqrscpPeer.host = "127.0.0.1";
        m_dcmqrscpPeer.port = freePort();
        QDir().mkpath(folder("dcmqrscp/storage"));
        QFile dcmqrscpConfig(folder("dcmqrscp/dcmqrscp.cfg"));
        QVERIFY(dcmqrscpConfig.open(QIODevice::WriteOnly));
        dcmqrscpConfig.write(QStringLiteral("NetworkTCPPort = %1\nMaxPDUSize = 16384\nMaxAssociations = 16\n"
                                            "HostTable BEGIN\npulmo = (PULMO, 127.0.0.1, %2)\nHostTable END\n"
                                            "VendorTable BEGIN\nVendorTable END\n"
                                            "AETable BEGIN\nDCMQRSCP %3 RW (200, 1024mb) ANY\nAETable END\n")
                                 .arg(m_dcmqrscpPeer.port)
                                 .arg(m_scpPort)
                                 .arg(folder("dcmqrscp/storage"))
                                 .toUtf8());
        dcmqrscpConfig.close();
        QVERIFY(m_dcmqrscp.start(program(QStringLiteral("dcmqrscp")), {QStringLiteral("-c"), dcmqrscpConfig.fileName()},
                                 folder("dcmqrscp"), folder("dcmqrscp/dcmqrscp.log")));
        QVERIFY2(waitForEcho(m_dcmqrscpPeer, 30), "dcmqrscp did not answer C-ECHO within 30 s");
        // dcmqrscp takes one compressed syntax at most (+x options); it gets the uncompressed studies.
        storeGroup(m_dcmqrscpPeer, "explicit");
    }

    void cleanupTestCase()
    {
        if (m_orthanc) m_orthanc->stop();
        m_dcmqrscp.kill();
    }

    // --- C-ECHO ---

    void echo_succeeds_against_orthanc_and_dcmqrscp()
    {
        net::PacsQuery(m_orthancPeer, "PULMO").echo();
        net::PacsQuery(m_dcmqrscpPeer, "PULMO").echo();
    }

    void echo_to_an_unknown_called_ae_title_is_rejected_with_the_reason()
    {
        net::PacsPeer wrong = m_orthancPeer;
        wrong.aeTitle = "NOT-ORTHANC";
        try {
            net::PacsQuery(wrong, "PULMO").echo();
            QFAIL("an unknown called AE title was accepted");
        } catch (const net::NetworkError& error) {
            QCOMPARE(error.kind(), net::NetworkError::Kind::Rejected);
            const QString message = QString::fromUtf8(error.what());
            QVERIFY2(message.contains(QLatin1String("called AE title 'NOT-ORTHANC' not recognised")), error.what());
            QVERIFY2(message.startsWith(QLatin1String("NOT-ORTHANC@127.0.0.1:")), error.what());
        }
        // The CLI says the same in one line and fails.
        const test::Run cli = test::run(QStringLiteral(PULMO_CLI_PATH),
                                        {QStringLiteral("echo"), QStringLiteral("--peer"),
                                         QStringLiteral("NOT-ORTHANC@127.0.0.1:%1").arg(m_orthancPeer.port)});
        QCOMPARE(cli.exitCode, 1);
        QCOMPARE(cli.err.count('\n'), 1);
        QVERIFY2(cli.err.contains("association rejected"), cli.err.constData());
    }

    void echo_to_a_closed_port_says_unreachable()
    {
        net::PacsPeer closed = m_orthancPeer;
        closed.port = freePort();
        try {
            net::PacsQuery(closed, "PULMO", {3, 3, 3}).echo();
            QFAIL("a closed port answered");
        } catch (const net::NetworkError& error) {
            QCOMPARE(error.kind(), net::NetworkError::Kind::Unreachable);
            QVERIFY2(QString::fromUtf8(error.what()).contains(QLatin1String("connection refused")), error.what());
        }
    }

    void echo_to_a_web_port_says_the_peer_answered_but_not_in_dicom()
    {
        const test::WebPort web;  // "HTTP/1.1 400 Bad Request", as a web server's port answers
        QVERIFY(web.port() != 0);
        net::PacsPeer http = m_orthancPeer;
        http.port = web.port();
        try {
            net::PacsQuery(http, "PULMO", {3, 3, 3}).echo();
            QFAIL("a web port answered C-ECHO");
        } catch (const net::NetworkError& error) {
            QCOMPARE(int(error.problem()), int(net::NetworkError::Problem::NotDicomPeer));
            QVERIFY2(QString::fromUtf8(error.what()).contains(QLatin1String("the peer answered, but not in DICOM")),
                     error.what());
        }
        QVERIFY(web.answered() >= 1);
    }

    void echo_to_a_peer_that_never_answers_times_out_within_the_timeout()
    {
        const test::SilentListener listener;
        QVERIFY(listener.port() != 0);
        net::PacsPeer silent = m_orthancPeer;
        silent.aeTitle = "SILENT";
        silent.port = listener.port();
        QElapsedTimer timer;
        timer.start();
        try {
            net::PacsQuery(silent, "PULMO", {2, 2, 2}).echo();
            QFAIL("a silent peer answered");
        } catch (const net::NetworkError& error) {
            QCOMPARE(error.kind(), net::NetworkError::Kind::Timeout);
            QVERIFY2(QString::fromUtf8(error.what()).contains(QLatin1String("no answer within 2 s")), error.what());
        }
        QVERIFY2(timer.elapsed() >= 1500 && timer.elapsed() < 4500, qPrintable(QString::number(timer.elapsed())));
    }

    // --- C-FIND ---

    void find_by_patient_name_with_wildcard()
    {
        net::StudyQuery query;
        query.patientName = "DOE*";
        QCOMPARE(studyUids(findOrthanc(query)), uidsOf({"doe-john", "doe-jane"}));
        query.patientName = "DOE^JANE";
        QCOMPARE(studyUids(findOrthanc(query)), uidsOf({"doe-jane"}));
        query.patientName = "?MITH*";
        QCOMPARE(studyUids(findOrthanc(query)), uidsOf({"smith"}));
    }

    void find_by_patient_id_and_accession_number()
    {
        net::StudyQuery query;
        query.patientId = "PID003";
        const auto studies = findOrthanc(query);
        QCOMPARE(studyUids(studies), uidsOf({"smith"}));
        QCOMPARE(studies.front().patientName, std::string("SMITH^ANNA"));
        QCOMPARE(studies.front().accessionNumber, std::string("ACC003"));
        QCOMPARE(studies.front().studyDate, std::string("20210704"));
        QCOMPARE(studies.front().numberOfInstances, 4);
        net::StudyQuery byAccession;
        byAccession.accessionNumber = "ACC002";
        QCOMPARE(studyUids(findOrthanc(byAccession)), uidsOf({"doe-jane"}));
    }

    void find_by_date_ranges_closed_and_open()
    {
        net::StudyQuery query;
        query.studyDate = "20200101-20201231";
        QCOMPARE(studyUids(findOrthanc(query)), uidsOf({"doe-john", "doe-jane"}));
        query.studyDate = "20210101-";
        QCOMPARE(studyUids(findOrthanc(query)), uidsOf({"smith", "hostile"}));
        query.studyDate = "-20191231";
        QCOMPARE(studyUids(findOrthanc(query)), uidsOf({"many"}));
        query.studyDate = "20200315";
        QCOMPARE(studyUids(findOrthanc(query)), uidsOf({"doe-john"}));
    }

    void find_by_modality_and_description()
    {
        net::StudyQuery query;
        query.modalities = "CT";
        QCOMPARE(studyUids(findOrthanc(query)), uidsOf({"smith"}));
        query.modalities = "CR\\DX";  // the viewer's default: chest radiographs
        QCOMPARE(studyUids(findOrthanc(query)), uidsOf({"doe-john", "doe-jane", "many", "hostile"}));
        query.modalities = "";
        QCOMPARE(findOrthanc(query).size(), m_studies.size());
        net::StudyQuery description;
        description.studyDescription = "CHEST*";
        QCOMPARE(studyUids(findOrthanc(description)), uidsOf({"doe-john", "doe-jane"}));
    }

    void find_series_of_one_study()
    {
        const TestStudy& study = m_studies["doe-jane"];
        const auto series = net::PacsQuery(m_orthancPeer, "PULMO").findSeries(study.studyUid);
        QCOMPARE(int(series.size()), 2);
        std::set<std::string> uids;
        for (const auto& record : series) {
            uids.insert(record.seriesInstanceUid);
            QCOMPARE(record.modality, std::string("DX"));
            QCOMPARE(record.numberOfInstances, 2);
        }
        QCOMPARE(uids, std::set<std::string>(study.seriesUids.begin(), study.seriesUids.end()));
        QCOMPARE(int(net::PacsQuery(m_orthancPeer, "PULMO").findInstances(study.studyUid).size()), 4);
    }

    // Names in other character sets, on PACS of their own (the shared one's counts stay as they
    // are), loaded with files of pydicom's character-set corpus. Orthanc answers in its
    // DefaultEncoding whatever the query asked for: Latin-1 by default, UTF-8 when so configured.
    void find_decodesNonAsciiNames_andMatchesANonAsciiKey_data()
    {
        QTest::addColumn<QString>("defaultEncoding");
        QTest::newRow("Orthanc answering in Latin1") << QStringLiteral("Latin1");
        QTest::newRow("Orthanc answering in Utf8") << QStringLiteral("Utf8");
    }

    void find_decodesNonAsciiNames_andMatchesANonAsciiKey()
    {
        QFETCH(QString, defaultEncoding);
        const QString originals = folder("charset-originals-" + defaultEncoding);
        QVERIFY(QDir().mkpath(originals));
        std::map<std::string, QString> expectedNameByStudy;
        // Not chrH32.dcm (ISO 2022 IR 13\IR 87): Orthanc 1.10.1 stores its kanji groups as the bare
        // 7-bit JIS bytes (";3ED^B@O:"), so its answer is wrong before it reaches us.
        for (const char* name : {"chrGerm.dcm", "chrGreek.dcm", "chrH31.dcm", "chrI2.dcm", "chrX2.dcm",
                                 "chrJapMulti.dcm", "chrKoreanMulti.dcm"}) {
            const QString file = QDir(test::charsetCorpusFolder()).filePath(QString::fromLatin1(name));
            const test::PydicomReading reading = test::pydicomReading(file);
            QVERIFY2(reading.reported && reading.readable && reading.hasName, qPrintable(file + reading.error));
            QVERIFY(QFile::copy(file, QDir(originals).filePath(QString::fromLatin1(name))));
            expectedNameByStudy[dicom::readImageInfo(file.toStdString()).studyInstanceUid] = reading.name;
        }
        // Orthanc answers C-FIND only to AE titles it knows: ours, with a port it never calls.
        test::OrthancServer pacs(folder("orthanc-" + defaultEncoding), {{"PULMO", freePort()}},
                                 QJsonObject{{"DefaultEncoding", defaultEncoding}});
        QVERIFY2(pacs.start(), "Orthanc (character sets) did not answer C-ECHO within 30 s");
        const QString stored = pacs.store(originals);
        QVERIFY2(stored.isEmpty(), qPrintable(stored));
        const net::PacsQuery query(pacs.peer(), "PULMO", {5, 5, 10});

        // A non-ASCII key matches only when the query's character set (ISO_IR 192) is on the wire:
        // read as Orthanc's Latin-1 default, its UTF-8 bytes would be "Ã„neas*".
        net::StudyQuery byName;
        byName.patientName = "Äneas*";
        const std::vector<net::StudyRecord> found = query.findStudies(byName);
        QCOMPARE(int(found.size()), 1);
        QCOMPARE(QString::fromStdString(found.front().patientName), QStringLiteral("Äneas^Rüdiger"));
        byName.patientName = "Ärger*";  // another non-ASCII key matches nothing
        QVERIFY(query.findStudies(byName).empty());

        // Every answer decoded by its own Specific Character Set. A Latin-1 Orthanc has already lost
        // what Latin-1 cannot say; a UTF-8 one keeps every name, component groups included.
        const std::vector<net::StudyRecord> all = query.findStudies({});
        QCOMPARE(all.size(), expectedNameByStudy.size());
        QStringList wrong;
        for (const net::StudyRecord& study : all) {
            QVERIFY2(expectedNameByStudy.count(study.studyInstanceUid), study.studyInstanceUid.c_str());
            const QString expected = expectedNameByStudy[study.studyInstanceUid];
            const bool inLatin1 =
                std::all_of(expected.begin(), expected.end(), [](QChar c) { return c.unicode() < 256; });
            const bool representable = defaultEncoding == QLatin1String("Utf8") || inLatin1;
            const QString name = QString::fromStdString(study.patientName);
            if (representable && name != expected) wrong << QStringLiteral("'%1' instead of '%2'").arg(name, expected);
        }
        QVERIFY2(wrong.isEmpty(), qUtf8Printable(wrong.join(QStringLiteral("; "))));
        pacs.stop();
    }

    void find_cli_prints_one_json_object_per_study()
    {
        const test::Run cli =
            test::run(QStringLiteral(PULMO_CLI_PATH),
                      {QStringLiteral("find"), QStringLiteral("--peer"),
                       QStringLiteral("ORTHANC@127.0.0.1:%1").arg(m_orthancPeer.port), QStringLiteral("--patient-name"),
                       QStringLiteral("DOE*"), QStringLiteral("--study-date"), QStringLiteral("20200101-20201231"),
                       QStringLiteral("--json")});
        QCOMPARE(cli.exitCode, 0);
        const QList<QByteArray> lines = cli.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        std::set<std::string> uids;
        for (const QByteArray& line : lines) {
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            uids.insert(object.value("study_instance_uid").toString().toStdString());
            QVERIFY(object.value("patient_name").toString().startsWith(QLatin1String("DOE^")));
        }
        QCOMPARE(uids, uidsOf({"doe-john", "doe-jane"}));
        // Series level: one line per series.
        const test::Run series =
            test::run(QStringLiteral(PULMO_CLI_PATH),
                      {QStringLiteral("find"), QStringLiteral("--peer"),
                       QStringLiteral("ORTHANC@127.0.0.1:%1").arg(m_orthancPeer.port), QStringLiteral("--series"),
                       QString::fromStdString(m_studies["doe-jane"].studyUid), QStringLiteral("--json")});
        QCOMPARE(series.exitCode, 0);
        QCOMPARE(series.out.trimmed().split('\n').size(), 2);
    }

    void series_query_with_a_wildcard_study_uid_is_refused_before_it_goes_out()
    {
        // A wildcard in the unique key would turn "this study's series" into "every series".
        QVERIFY_THROWS_EXCEPTION(net::NetworkError, net::PacsQuery(m_orthancPeer, "PULMO").findSeries("1.2.*"));
    }

    // --- C-MOVE and C-GET ---

    void move_whole_study_through_the_cli_and_compare_pixels()
    {
        const QString out = folder("cli-move");
        const TestStudy& study = m_studies["doe-jane"];
        const test::Run cli =
            test::run(QStringLiteral(PULMO_CLI_PATH),
                      {QStringLiteral("retrieve"), QStringLiteral("--peer"),
                       QStringLiteral("ORTHANC@127.0.0.1:%1").arg(m_orthancPeer.port), QStringLiteral("--study"),
                       QString::fromStdString(study.studyUid), QStringLiteral("--method"), QStringLiteral("move"),
                       QStringLiteral("--port"), QString::number(m_cliScpPort), QStringLiteral("--calling-ae"),
                       QStringLiteral("PULMOCLI"), QStringLiteral("--out"), out, QStringLiteral("--json")});
        QVERIFY2(cli.exitCode == 0, (cli.out + cli.err).constData());
        const QJsonObject summary = QJsonDocument::fromJson(cli.out.trimmed().split('\n').last()).object();
        QCOMPARE(summary.value("outcome").toString(), QStringLiteral("success"));
        QCOMPARE(summary.value("stored").toInt(), 4);
        QCOMPARE(summary.value("completed").toInt(), 4);
        QCOMPARE(summary.value("failed").toInt(), 0);
        QCOMPARE(summary.value("expected").toInt(), 4);
        verifyRetrievedStudy(out, study, 4);
        verifyNoPartialFiles(out);
    }

    void move_whole_study_through_the_library_reports_progress_and_instances()
    {
        const QString out = folder("lib-move");
        auto scp = startScp(out);
        const TestStudy& study = m_studies["smith"];
        std::vector<net::RetrieveProgress> updates;
        std::atomic<int> arrived{0};
        const net::RetrieveResult result = net::StudyRetriever(scp.get()).retrieve(
            request(m_orthancPeer, study, net::RetrieveMethod::Move, out),
            [&](const net::RetrieveProgress& progress) { updates.push_back(progress); },
            [&](const net::ReceivedInstance& instance) {
                if (QFileInfo::exists(QString::fromStdString(instance.filePath))) ++arrived;
            });
        scp->stop();
        QVERIFY2(result.outcome == net::RetrieveOutcome::Success, result.error.c_str());
        QCOMPARE(result.stored, 4);
        QCOMPARE(arrived.load(), 4);
        QVERIFY(!updates.empty());
        QCOMPARE(updates.back().completed, 4);
        QCOMPARE(updates.back().remaining, 0);
        QCOMPARE(result.peerAeTitle, std::string("ORTHANC"));
        QCOMPARE(result.studyInstanceUid, study.studyUid);
        QVERIFY(result.finished >= result.started);
        verifyRetrievedStudy(out, study, 4);
        // Again: everything is here, nothing is fetched.
        auto again = startScp(out);
        const net::RetrieveResult second =
            net::StudyRetriever(again.get()).retrieve(request(m_orthancPeer, study, net::RetrieveMethod::Move, out));
        QVERIFY(second.outcome == net::RetrieveOutcome::Success);
        QCOMPARE(second.alreadyPresent, 4);
        QCOMPARE(second.stored, 0);
    }

    void get_whole_study_and_compare_pixels()
    {
        const QString out = folder("lib-get");
        for (const char* key : {"doe-jane", "doe-john"}) {
            const TestStudy& study = m_studies[key];
            const net::RetrieveResult result =
                net::StudyRetriever().retrieve(request(m_orthancPeer, study, net::RetrieveMethod::Get, out));
            QVERIFY2(result.outcome == net::RetrieveOutcome::Success, result.error.c_str());
            QCOMPARE(result.stored, int(study.files.size()));
            verifyRetrievedStudy(out, study, int(study.files.size()));
        }
        verifyNoPartialFiles(out);
    }

    void get_through_the_cli()
    {
        const QString out = folder("cli-get");
        const TestStudy& study = m_studies["doe-john"];
        const test::Run cli =
            test::run(QStringLiteral(PULMO_CLI_PATH),
                      {QStringLiteral("retrieve"), QStringLiteral("--peer"),
                       QStringLiteral("ORTHANC@127.0.0.1:%1").arg(m_orthancPeer.port), QStringLiteral("--study"),
                       QString::fromStdString(study.studyUid), QStringLiteral("--method"), QStringLiteral("get"),
                       QStringLiteral("--out"), out, QStringLiteral("--audit-db"), folder("cli-audit.sqlite"),
                       QStringLiteral("--reader"), QStringLiteral("dr.cli")});
        QVERIFY2(cli.exitCode == 0, (cli.out + cli.err).constData());
        QVERIFY2(cli.out.startsWith("success:"), cli.out.constData());
        verifyRetrievedStudy(out, study, 3);
        // Who fetched which study from where, with how many instances, in the audit chain.
        feedback::FeedbackDatabase database(folder("cli-audit.sqlite").toStdString());
        const std::vector<feedback::AuditEntry> entries = feedback::AuditLog(database).entries();
        QCOMPARE(int(entries.size()), 1);
        QCOMPARE(entries[0].action, QStringLiteral("pacs.retrieve"));
        QCOMPARE(entries[0].reader, QStringLiteral("dr.cli"));
        QCOMPARE(entries[0].subject, QString::fromStdString(study.studyUid));
        QCOMPARE(entries[0].outcome, QStringLiteral("success"));
        QVERIFY2(
            entries[0].detail.contains(QStringLiteral("ORTHANC@127.0.0.1:%1 by C-GET: 3 of 3").arg(m_orthancPeer.port)),
            qPrintable(entries[0].detail));
    }

    void cancel_mid_transfer_stops_with_complete_files_only_data()
    {
        QTest::addColumn<int>("method");
        QTest::newRow("move") << int(net::RetrieveMethod::Move);
        QTest::newRow("get") << int(net::RetrieveMethod::Get);
    }
    void cancel_mid_transfer_stops_with_complete_files_only()
    {
        QFETCH(int, method);
        const auto retrieveMethod = net::RetrieveMethod(method);
        const QString out = folder(QStringLiteral("cancel-%1").arg(method));
        auto scp = retrieveMethod == net::RetrieveMethod::Move ? startScp(out) : nullptr;
        const TestStudy& study = m_studies["many"];
        net::Cancellation cancellation;
        std::atomic<int> arrived{0};
        QElapsedTimer timer;
        timer.start();
        const net::RetrieveResult result = net::StudyRetriever(scp.get()).retrieve(
            request(m_orthancPeer, study, retrieveMethod, out), {},
            [&](const net::ReceivedInstance&) {
                if (++arrived == 3) cancellation.cancel();
            },
            &cancellation);
        if (scp) scp->stop();
        QVERIFY2(result.outcome == net::RetrieveOutcome::Cancelled,
                 qPrintable(QStringLiteral("%1: %2").arg(net::toString(result.outcome)).arg(result.error.c_str())));
        QVERIFY2(result.stored >= 3 && result.stored < int(study.files.size()),
                 qPrintable(QString::number(result.stored)));
        QVERIFY2(timer.elapsed() < 10000, "cancelling took too long");
        verifyNoPartialFiles(out);
        verifyRetrievedStudy(out, study, int(filesUnder(out).size()));
    }

    void orthanc_killed_mid_transfer_gives_a_clear_error_and_a_retry_completes_the_study()
    {
        const QString out = folder("killed");
        const TestStudy& study = m_studies["many"];
        {
            auto scp = startScp(out);
            std::atomic<int> arrived{0};
            const net::RetrieveResult result = net::StudyRetriever(scp.get()).retrieve(
                request(m_orthancPeer, study, net::RetrieveMethod::Move, out), {}, [&](const net::ReceivedInstance&) {
                    if (++arrived == 5) m_orthanc->killNow();  // on the SCP's thread, mid-association
                });
            scp->stop();
            QVERIFY2(result.outcome == net::RetrieveOutcome::PartialFailure,
                     qPrintable(QStringLiteral("%1: %2").arg(net::toString(result.outcome)).arg(result.error.c_str())));
            QCOMPARE(result.errorKind, net::NetworkError::Kind::Aborted);
            const QString error = QString::fromStdString(result.error);
            QVERIFY2(error.startsWith(QLatin1String("ORTHANC@127.0.0.1:")) && error.contains(QLatin1String("lost")) &&
                         error.contains(QLatin1String("retrieve again")),
                     result.error.c_str());
            QVERIFY(result.stored >= 5 && result.stored < 30);
            QCOMPARE(int(result.failedSopInstanceUids.size()), 30 - result.stored);
            verifyNoPartialFiles(out);
            verifyRetrievedStudy(out, study, result.stored);
        }
        m_orthanc->stop();
        startOrthanc();
        auto scp = startScp(out);
        const int before = filesUnder(out).size();
        const net::RetrieveResult retried =
            net::StudyRetriever(scp.get()).retrieve(request(m_orthancPeer, study, net::RetrieveMethod::Move, out));
        scp->stop();
        QVERIFY2(retried.outcome == net::RetrieveOutcome::Success, retried.error.c_str());
        QCOMPARE(retried.alreadyPresent, before);
        QCOMPARE(retried.stored, 30 - before);
        verifyRetrievedStudy(out, study, 30);
        verifyNoPartialFiles(out);
    }

    void hostile_uids_are_stored_only_under_hashed_names()
    {
        const TestStudy& study = m_studies["hostile"];
        for (const auto method : {net::RetrieveMethod::Get, net::RetrieveMethod::Move}) {
            QTemporaryDir out(m_work.filePath(QStringLiteral("hostile-XXXXXX")));
            auto scp = method == net::RetrieveMethod::Move ? startScp(out.path()) : nullptr;
            const net::RetrieveResult result =
                net::StudyRetriever(scp.get()).retrieve(request(m_orthancPeer, study, method, out.path()));
            if (scp) scp->stop();
            QVERIFY2(result.outcome == net::RetrieveOutcome::Success, result.error.c_str());
            // Exactly <hash>/<hash>.dcm inside the folder, nothing anywhere else.
            const QStringList files = filesUnder(out.path());
            QCOMPARE(files.size(), 2);
            for (const QString& file : files)
                QVERIFY2(QRegularExpression(QStringLiteral("^[0-9a-f]{32}/[0-9a-f]{32}\\.dcm$")).match(file).hasMatch(),
                         qPrintable(file));
            verifyRetrievedStudy(out.path(), study, 2);
        }
        QVERIFY(!QFileInfo::exists(QStringLiteral("/tmp/pulmo-escape.0")));
        QVERIFY(!QFileInfo::exists(m_work.filePath(QStringLiteral("escape"))));
        QVERIFY(!net::isValidUid(study.studyUid));
        QVERIFY(net::isValidUid(m_studies["smith"].studyUid));
    }

    void retrieve_of_an_unknown_study_fails_clearly()
    {
        TestStudy unknown;
        unknown.studyUid = "1.2.826.0.1.3680043.9.7777.1";
        const net::RetrieveResult result = net::StudyRetriever().retrieve(
            request(m_orthancPeer, unknown, net::RetrieveMethod::Get, folder("unknown")));
        QVERIFY(result.outcome == net::RetrieveOutcome::Failed);
        QVERIFY2(QString::fromStdString(result.error).startsWith(QLatin1String("ORTHANC@127.0.0.1:")),
                 result.error.c_str());
        // Orthanc's own failure status, verbatim, after the peer's address.
        QVERIFY2(QString::fromStdString(result.error).contains(QLatin1String("C-GET status 0x")), result.error.c_str());
        QCOMPARE(result.stored, 0);
    }

    // --- the Storage SCP on its own ---

    void storage_scp_takes_many_stores_on_one_association_and_refuses_other_ae_titles()
    {
        const QString out = folder("scp-direct");
        auto scp = startScp(out);
        std::atomic<int> arrived{0};
        const int listener = scp->addListener([&](const net::ReceivedInstance&) { ++arrived; });
        const TestStudy& study = m_studies["many"];
        QStringList arguments{QStringLiteral("-aec"), QStringLiteral("PULMO"), QStringLiteral("127.0.0.1"),
                              QString::number(m_scpPort)};
        for (const QString& file : study.files) arguments << file;
        const test::Run stored = test::run(program(QStringLiteral("storescu")), arguments);  // one association
        QVERIFY2(stored.exitCode == 0, stored.err.constData());
        QCOMPARE(arrived.load(), 30);
        scp->removeListener(listener);
        verifyRetrievedStudy(out, study, 30);
        const test::Run refused =
            test::run(program(QStringLiteral("storescu")),
                      {QStringLiteral("-aec"), QStringLiteral("SOMEONE"), QStringLiteral("127.0.0.1"),
                       QString::number(m_scpPort), study.files.front()});
        QVERIFY(refused.exitCode != 0);
        QCOMPARE(scp->storedCount(), uint64_t(30));
        QElapsedTimer timer;
        timer.start();
        scp->stop();
        QVERIFY(!scp->isRunning());
        QVERIFY2(timer.elapsed() < 3000, "stop() did not join promptly");
    }

    // --- dcmqrscp as a second peer ---

    void dcmqrscp_find_by_name_date_and_id()
    {
        const net::PacsQuery query(m_dcmqrscpPeer, "PULMO", {5, 5, 10});
        net::StudyQuery byName;
        byName.patientName = "*MITH*";
        QCOMPARE(studyUids(query.findStudies(byName)), uidsOf({"smith"}));
        byName.patientName = "DOE*";
        QCOMPARE(studyUids(query.findStudies(byName)), uidsOf({"doe-john"}));
        net::StudyQuery byDate;
        byDate.studyDate = "20200101-20201231";
        QCOMPARE(studyUids(query.findStudies(byDate)), uidsOf({"doe-john"}));
        byDate.studyDate = "20210101-";
        QCOMPARE(studyUids(query.findStudies(byDate)), uidsOf({"smith"}));
        byDate.studyDate = "-20191231";
        QCOMPARE(studyUids(query.findStudies(byDate)), uidsOf({"many"}));
        net::StudyQuery byId;
        byId.patientId = "PID003";
        QCOMPARE(studyUids(query.findStudies(byId)), uidsOf({"smith"}));
        QCOMPARE(int(query.findSeries(m_studies["many"].studyUid).size()), 1);
        QCOMPARE(int(query.findInstances(m_studies["many"].studyUid).size()), 30);
    }

    void dcmqrscp_move_whole_study_and_compare_pixels()
    {
        const QString out = folder("dcmqrscp-move");
        auto scp = startScp(out);
        for (const char* key : {"doe-john", "smith"}) {
            const TestStudy& study = m_studies[key];
            const net::RetrieveResult result =
                net::StudyRetriever(scp.get()).retrieve(request(m_dcmqrscpPeer, study, net::RetrieveMethod::Move, out));
            QVERIFY2(result.outcome == net::RetrieveOutcome::Success, result.error.c_str());
            QCOMPARE(result.stored, int(study.files.size()));
            verifyRetrievedStudy(out, study, int(study.files.size()));
        }
        scp->stop();
        verifyNoPartialFiles(out);
    }
};

QTEST_GUILESS_MAIN(TestPacs)
#include "tst_pacs.moc"
