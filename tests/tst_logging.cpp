// Logging: one category per module, quiet by default; QT_LOGGING_RULES="pulmo.net.debug=true" shows what a
// PACS exchange did (against Orthanc, started here on 127.0.0.1), and DCMTK's own log follows the same
// rules, set once, and stays set when a file is decoded afterwards.
#include "Logging.h"
#include "dicom/DcmtkLogging.h"
#include "dicom/DicomFile.h"
#include "dicom/DicomLogging.h"
#include "dicom/DicomWriter.h"
#include "net/NetworkLogging.h"
#include "net/PacsQuery.h"
#include "support/OrthancServer.h"
#include "support/ProcessRun.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <utility>
#include <vector>

using namespace pulmo;

namespace {

/// What reached Qt's message handler while a Capture lived: (category, message). Any thread.
class Capture {
public:
    Capture()
    {
        s_current = this;
        m_previous = qInstallMessageHandler(&Capture::handle);
    }
    ~Capture()
    {
        qInstallMessageHandler(m_previous);
        s_current = nullptr;
    }
    Capture(const Capture&) = delete;
    Capture& operator=(const Capture&) = delete;

    /// Whether a message of `category` contains `text`.
    bool has(const char* category, const QString& text) const
    {
        QMutexLocker lock(&m_mutex);
        for (const auto& [name, message] : m_messages)
            if (name == category && message.contains(text)) return true;
        return false;
    }

private:
    static void handle(QtMsgType, const QMessageLogContext& context, const QString& message)
    {
        Capture* self = s_current;
        if (!self) return;
        QMutexLocker lock(&self->m_mutex);
        self->m_messages.emplace_back(QByteArray(context.category ? context.category : ""), message);
    }

    static inline Capture* s_current = nullptr;
    QtMessageHandler m_previous = nullptr;
    mutable QMutex m_mutex;
    std::vector<std::pair<QByteArray, QString>> m_messages;
};

/// The environment of a pulmo-cli run: the given logging rules (none when empty), and Qt's default
/// message pattern spelled out, "category: message", whatever the developer's shell sets.
QProcessEnvironment cliEnvironment(const QString& rules)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("QT_LOGGING_RULES"));
    environment.remove(QStringLiteral("QT_LOGGING_CONF"));
    environment.remove(QStringLiteral("QT_LOGGING_TO_CONSOLE"));
    environment.insert(QStringLiteral("QT_MESSAGE_PATTERN"),
                       QStringLiteral("%{if-category}%{category}: %{endif}%{message}"));
    if (!rules.isEmpty()) environment.insert(QStringLiteral("QT_LOGGING_RULES"), rules);
    return environment;
}

test::Run cli(const QStringList& arguments, const QString& rules)
{
    return test::run(QStringLiteral(PULMO_CLI_PATH), arguments, cliEnvironment(rules), 120000);
}

QStringList linesOf(const QByteArray& text, const QString& prefix)
{
    QStringList lines;
    for (const QString& line : QString::fromUtf8(text).split(QLatin1Char('\n')))
        if (line.startsWith(prefix)) lines << line;
    return lines;
}

}  // namespace

class LoggingTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void eachModuleHasAQuietCategory();
    void netDebugRuleShowsTheAssociationAndTheEcho();
    void netDebugRuleShowsTheFindAndItsStatus();
    void netDebugRuleShowsARejectedAssociation();
    void withoutRulesAnExchangePrintsNoLogLines();
    void withoutRulesInfoOfAGoodFilePrintsNothing();
    void dicomDebugRuleShowsTheHeaderReadAndDcmtk();
    void dcmtkDebugLevelSurvivesADecode();
    void dcmtkIsQuietWithoutRules();

private:
    QString m_folder;
    QString m_image;
    std::unique_ptr<QTemporaryDir> m_temporary;
    std::unique_ptr<test::OrthancServer> m_orthanc;
    QString m_peer;  // AE@host:port of Orthanc
};

void LoggingTest::initTestCase()
{
    m_temporary = std::make_unique<QTemporaryDir>();
    QVERIFY(m_temporary->isValid());
    m_folder = m_temporary->path();

    // One small image, written by our writer; Orthanc holds it, and the decode tests read it.
    QDir().mkpath(m_folder + QStringLiteral("/study"));
    m_image = m_folder + QStringLiteral("/study/image.dcm");
    dicom::GrayImageSpec spec;
    spec.rows = 64;
    spec.columns = 48;
    spec.modality = "CR";
    spec.patientName = "LOGGING^PATIENT";
    spec.storedValues.resize(size_t(spec.rows) * size_t(spec.columns));
    for (size_t i = 0; i < spec.storedValues.size(); ++i) spec.storedValues[i] = int32_t(i % 4096);
    dicom::writeGrayImage(m_image.toStdString(), spec, dicom::TransferSyntax::ExplicitLittle);

    QVERIFY2(!test::program(QStringLiteral("Orthanc")).isEmpty(), "Orthanc (Debian package orthanc) is needed");
    m_orthanc = std::make_unique<test::OrthancServer>(m_folder + QStringLiteral("/orthanc"),
                                                      test::OrthancServer::Receivers{{"PULMO", test::freePort()}});
    QVERIFY2(m_orthanc->start(), "Orthanc did not answer C-ECHO within 30 s");
    const QString stored = m_orthanc->store(m_folder + QStringLiteral("/study"));
    QVERIFY2(stored.isEmpty(), qPrintable(stored));
    m_peer = QStringLiteral("ORTHANC@127.0.0.1:%1").arg(m_orthanc->peer().port);
}

void LoggingTest::cleanupTestCase()
{
    m_orthanc.reset();
}

void LoggingTest::eachModuleHasAQuietCategory()
{
    // Categories seen through Qt's registry by name: warnings on, info and debug off, when no rule says otherwise.
    QLoggingCategory::setFilterRules(QString());
    app::configureLogging();
    for (const char* name :
         {"pulmo.dicom", "pulmo.net", "pulmo.index", "pulmo.inference", "pulmo.feedback", "pulmo.gui", "pulmo.node"}) {
        // A category object of the same name gets the same rules as the module's own.
        const QLoggingCategory category(name, QtWarningMsg);
        QVERIFY2(category.isWarningEnabled(), name);
        QVERIFY2(!category.isInfoEnabled(), name);
        QVERIFY2(!category.isDebugEnabled(), name);
    }
    QVERIFY(net::lcNet().isWarningEnabled());
    QVERIFY(!net::lcNet().isInfoEnabled());
    QVERIFY(!dicom::lcDicom().isDebugEnabled());
}

void LoggingTest::netDebugRuleShowsTheAssociationAndTheEcho()
{
    const test::Run echo = cli({QStringLiteral("echo"), QStringLiteral("--peer"), m_peer}, "pulmo.net.debug=true");
    QCOMPARE(echo.exitCode, 0);
    const QString peer = QStringLiteral("ORTHANC@127.0.0.1:%1").arg(m_orthanc->peer().port);
    const QStringList net = linesOf(echo.err, QStringLiteral("pulmo.net: "));
    const QString all = net.join(QLatin1Char('\n'));
    QVERIFY2(
        all.contains(
            QStringLiteral("requesting an association: PULMO -> ORTHANC at 127.0.0.1:%1").arg(m_orthanc->peer().port)),
        qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("accepted context 1: VerificationSOPClass (1.2.840.10008.1.1)")),
             qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("association accepted by %1 (calling AE PULMO)").arg(peer)), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("C-ECHO response from %1: status 0x0000 (Success)").arg(peer)),
             qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("association with %1 released").arg(peer)), qPrintable(all));
    // DCMTK's own account, at the same rule, through the same category.
    QVERIFY2(all.contains(QStringLiteral("pulmo.net: DCMTK dcmnet: ")), qPrintable(all));
    // Debug of pulmo.net says nothing of pulmo.dicom.
    QVERIFY2(linesOf(echo.err, QStringLiteral("pulmo.dicom: ")).isEmpty(), echo.err.constData());
    QVERIFY(echo.out.contains("C-ECHO ok"));
}

void LoggingTest::netDebugRuleShowsTheFindAndItsStatus()
{
    const test::Run find = cli({QStringLiteral("find"), QStringLiteral("--peer"), m_peer, QStringLiteral("--json")},
                               "pulmo.net.debug=true");
    QCOMPARE(find.exitCode, 0);
    const QString all = linesOf(find.err, QStringLiteral("pulmo.net: ")).join(QLatin1Char('\n'));
    const QString peer = QStringLiteral("ORTHANC@127.0.0.1:%1").arg(m_orthanc->peer().port);
    QVERIFY2(all.contains(QStringLiteral("accepted context 1: FINDStudyRootQueryRetrieveInformationModel")),
             qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("C-FIND request to %1: level STUDY").arg(peer)), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("C-FIND response from %1: status 0x0000, 1 match(es)").arg(peer)),
             qPrintable(all));
    // The query's keys (a patient name among them) and the answers stay out of the log.
    QVERIFY2(!find.err.contains("LOGGING"), find.err.constData());
    // stdout stays one JSON object per study: the log goes to stderr only.
    QCOMPARE(find.out.trimmed().count('\n'), 0);
    QVERIFY(find.out.startsWith('{'));
}

void LoggingTest::netDebugRuleShowsARejectedAssociation()
{
    // Orthanc checks the called AE title: another one is rejected, and the log says by whom and why.
    const QString wrong = QStringLiteral("NOTORTHANC@127.0.0.1:%1").arg(m_orthanc->peer().port);
    const test::Run echo = cli({QStringLiteral("echo"), QStringLiteral("--peer"), wrong}, "pulmo.net.debug=true");
    QVERIFY(echo.exitCode != 0);
    const QString all = linesOf(echo.err, QStringLiteral("pulmo.net: ")).join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("association rejected by %1 (calling AE PULMO): ").arg(wrong)),
             qPrintable(all));
    // The CLI's own one-line error is still there, after the log.
    QVERIFY(linesOf(echo.err, QStringLiteral("pulmo-cli echo: ")).size() == 1);
}

void LoggingTest::withoutRulesAnExchangePrintsNoLogLines()
{
    const test::Run echo = cli({QStringLiteral("echo"), QStringLiteral("--peer"), m_peer}, {});
    QCOMPARE(echo.exitCode, 0);
    QVERIFY2(echo.err.isEmpty(), echo.err.constData());
    QVERIFY(echo.out.contains("C-ECHO ok"));
    const test::Run find =
        cli({QStringLiteral("find"), QStringLiteral("--peer"), m_peer, QStringLiteral("--json")}, {});
    QCOMPARE(find.exitCode, 0);
    QVERIFY2(find.err.isEmpty(), find.err.constData());
    // A failure: the CLI's one line, and no log line (nor DCMTK's) beside it.
    const QString wrong = QStringLiteral("NOTORTHANC@127.0.0.1:%1").arg(m_orthanc->peer().port);
    const test::Run rejected = cli({QStringLiteral("echo"), QStringLiteral("--peer"), wrong}, {});
    QVERIFY(rejected.exitCode != 0);
    QCOMPARE(rejected.err.trimmed().count('\n'), 0);
    QVERIFY2(rejected.err.startsWith("pulmo-cli echo: "), rejected.err.constData());
}

void LoggingTest::withoutRulesInfoOfAGoodFilePrintsNothing()
{
    const test::Run info = cli({QStringLiteral("info"), m_image}, {});
    QCOMPARE(info.exitCode, 0);
    QVERIFY2(info.err.isEmpty(), info.err.constData());
    QVERIFY(!info.out.isEmpty());
}

void LoggingTest::dicomDebugRuleShowsTheHeaderReadAndDcmtk()
{
    const test::Run info = cli({QStringLiteral("info"), m_image}, "pulmo.dicom.debug=true");
    QCOMPARE(info.exitCode, 0);
    const QString all = linesOf(info.err, QStringLiteral("pulmo.dicom: ")).join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("header of %1: Little Endian Explicit").arg(m_image)), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("pulmo.dicom: DCMTK dcmdata: ")), qPrintable(all));
    QVERIFY2(linesOf(info.err, QStringLiteral("pulmo.net: ")).isEmpty(), info.err.constData());
    // No patient name in the log, even at debug.
    QVERIFY2(!info.err.contains("LOGGING^PATIENT"), info.err.constData());
}

void LoggingTest::dcmtkDebugLevelSurvivesADecode()
{
    QLoggingCategory::setFilterRules(QStringLiteral("pulmo.net.debug=true\npulmo.dicom.debug=true"));
    app::configureLogging();
    QVERIFY(net::lcNet().isInfoEnabled());  // a level enabled enables those above it
    QVERIFY(dicom::dcmtkDebugEnabled("dcmtk.dcmnet"));
    QVERIFY(dicom::dcmtkDebugEnabled("dcmtk.dcmdata"));

    Capture capture;
    // Decoding, reading a header and writing each set DCMTK up before: none may reset its level.
    const auto image = dicom::loadImage(m_image.toStdString());
    QVERIFY(image);
    dicom::readImageInfo(m_image.toStdString());
    dicom::GrayImageSpec spec;
    spec.rows = spec.columns = 8;
    spec.storedValues.assign(64, 100);
    dicom::writeGrayImage((m_folder + QStringLiteral("/written.dcm")).toStdString(), spec,
                          dicom::TransferSyntax::JpegLsLossless);
    QVERIFY(dicom::dcmtkDebugEnabled("dcmtk.dcmdata"));
    QVERIFY(dicom::dcmtkDebugEnabled("dcmtk.dcmnet"));
    QVERIFY2(capture.has("pulmo.dicom", QStringLiteral("decoded %1").arg(m_image)), "no decode line");
    QVERIFY2(capture.has("pulmo.dicom", QStringLiteral("DCMTK dcmdata: ")), "DCMTK's decoding lines did not come");

    // And the network after the decode: DCMTK's lines still come, through pulmo.net.
    net::PacsQuery(m_orthanc->peer(), "PULMO", {5, 5, 10}).echo();
    QVERIFY2(capture.has("pulmo.net", QStringLiteral("DCMTK dcmnet: ")), "DCMTK's association lines did not come");
    QVERIFY(capture.has("pulmo.net", QStringLiteral("C-ECHO response from ")));
}

void LoggingTest::dcmtkIsQuietWithoutRules()
{
    QLoggingCategory::setFilterRules(QString());
    app::configureLogging();
    QVERIFY(!dicom::dcmtkDebugEnabled("dcmtk.dcmnet"));
    QVERIFY(!dicom::dcmtkDebugEnabled("dcmtk.dcmdata"));
    Capture capture;
    dicom::loadImage(m_image.toStdString());
    net::PacsQuery(m_orthanc->peer(), "PULMO", {5, 5, 10}).echo();
    QVERIFY(!capture.has("pulmo.dicom", QString()));
    QVERIFY(!capture.has("pulmo.net", QString()));
}

QTEST_GUILESS_MAIN(LoggingTest)
#include "tst_logging.moc"
