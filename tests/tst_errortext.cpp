// Errors in the user's language: real failures of the lower layers (a truncated DICOM file, a
// refused connection, a missing model, a read-only feedback database) carry the right kind and
// parameters, and ErrorText words them in German with the German translation installed, naming
// the file or peer and without the English text; every kind of every layer, and every reason a
// model card is refused, has a German and a French wording that keeps its parameters.

#include "ErrorText.h"
#include "FeedbackDatabase.h"
#include "InferenceWorker.h"
#include "dicom/DicomError.h"
#include "dicom/DicomFile.h"
#include "dicom/DicomWriter.h"
#include "index/IndexError.h"
#include "index/SkipReason.h"
#include "index/SqliteStatement.h"
#include "index/StudyIndex.h"
#include "net/NetworkError.h"
#include "net/PacsQuery.h"
#include "support/PeerProcess.h"
#include "support/WebPort.h"

#include <QtTest>

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTranslator>

#include <linux/capability.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <thread>

using namespace pulmo;
using app::ErrorText;

namespace {

dicom::GrayImageSpec smallImage()
{
    dicom::GrayImageSpec spec;
    spec.rows = 64;
    spec.columns = 64;
    spec.bitsAllocated = 16;
    spec.bitsStored = 12;
    spec.highBit = 11;
    for (int i = 0; i < 64 * 64; ++i) spec.storedValues.push_back(uint16_t((i * 37) % 4096));
    return spec;
}

/// Parameters for every argument a wording may use: distinct, so that a wording that drops one shows.
const QStringList kArguments = {QStringLiteral("A1"), QStringLiteral("B2"), QStringLiteral("C3"), QStringLiteral("D4"),
                                QStringLiteral("E5")};

/// Drops the calling thread's right to bypass file permissions (root's CAP_DAC_OVERRIDE), so that
/// a read-only folder is read-only for this thread even when the tests run as root. Other threads
/// keep theirs: Linux capabilities are per thread.
bool dropFilePermissionOverride()
{
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (::syscall(SYS_capget, &header, data) != 0) return false;
    const unsigned mask = ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH) | (1u << CAP_FOWNER));
    data[0].effective &= mask;
    data[0].permitted &= mask;
    return ::syscall(SYS_capset, &header, data) == 0;
}

}  // namespace

class TestErrorText : public QObject {
    Q_OBJECT

    QTemporaryDir m_work;
    QTranslator m_german;
    QTranslator m_french;

    /// `sentence` with the German translation, and without (English).
    void expectGerman(const QString& german, const QString& english, const QString& mustName)
    {
        QVERIFY2(!german.isEmpty(), qPrintable(english));
        QVERIFY2(german != english, qPrintable(QStringLiteral("not translated: ") + english));
        QVERIFY2(german.contains(mustName), qPrintable(german + QStringLiteral(" does not name ") + mustName));
    }

    /// `words()` with `translator` installed (German unless told), and without (English).
    template <typename Words>
    QPair<QString, QString> bothLanguages(Words words, QTranslator* translator = nullptr)
    {
        if (!translator) translator = &m_german;
        QCoreApplication::removeTranslator(translator);
        const QString english = words();
        QCoreApplication::installTranslator(translator);
        const QString translated = words();
        QCoreApplication::removeTranslator(translator);
        return {translated, english};
    }

    /// Every kind from 0 to `last` has, in German and in French, a non-empty wording that differs
    /// from the English one and keeps each argument it has in English.
    template <typename Kind, typename Words>
    void everyKindTranslated(Kind last, Words words, const char* layer)
    {
        for (QTranslator* translator : {&m_german, &m_french}) {
            const QString language = translator == &m_german ? QStringLiteral("German") : QStringLiteral("French");
            for (int value = 0; value <= int(last); ++value) {
                const auto [translated, english] = bothLanguages([&] { return words(Kind(value)); }, translator);
                const QString where = QStringLiteral("%1 kind %2 in %3: '%4' / '%5'")
                                          .arg(QLatin1String(layer))
                                          .arg(value)
                                          .arg(language, english, translated);
                QVERIFY2(!english.isEmpty() && !translated.isEmpty(), qPrintable(where));
                QVERIFY2(translated != english, qPrintable(QStringLiteral("untranslated ") + where));
                for (const QString& argument : kArguments)
                    QVERIFY2(english.contains(argument) == translated.contains(argument),
                             qPrintable(QStringLiteral("a parameter is lost or added in ") + where));
                QVERIFY2(!translated.contains(QLatin1Char('%')),
                         qPrintable(QStringLiteral("placeholder left in ") + where));
            }
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        QVERIFY2(m_german.load(QStringLiteral(":/i18n/pulmo_de.qm")),
                 "the German translation embedded in pulmo_gui is missing");
        QVERIFY2(m_french.load(QStringLiteral(":/i18n/pulmo_fr.qm")),
                 "the French translation embedded in pulmo_gui is missing");
    }

    void truncatedDicom_isTruncatedPixelData_namingTheFile_inGerman()
    {
        // A valid image whose Rows (0028,0010) then says 4000: the header promises more pixels than
        // the file holds.
        const QString file = m_work.filePath(QStringLiteral("Thorax-abgeschnitten.dcm"));
        dicom::writeGrayImage(file.toStdString(), smallImage());
        QFile patch(file);
        QVERIFY(patch.open(QIODevice::ReadWrite));
        QByteArray bytes = patch.readAll();
        const QByteArray rows("\x28\x00\x10\x00US\x02\x00", 8);
        const qsizetype at = bytes.indexOf(rows);
        QVERIFY(at > 0);
        bytes[at + 8] = char(4000 & 0xFF);
        bytes[at + 9] = char(4000 >> 8);
        QVERIFY(patch.seek(0));
        QCOMPARE(patch.write(bytes), bytes.size());
        patch.close();
        try {
            dicom::loadImage(file.toStdString());
            QFAIL("a truncated file was decoded");
        } catch (const dicom::DicomError& error) {
            QCOMPARE(int(error.kind()), int(dicom::DicomError::Kind::TruncatedPixelData));
            QCOMPARE(QString::fromStdString(error.filePath()), file);
            QCOMPARE(int(error.arguments().size()), 2);
            QCOMPARE(QString::fromStdString(error.arguments().at(0)), QString::number(64 * 64 * 2));    // bytes present
            QCOMPARE(QString::fromStdString(error.arguments().at(1)), QString::number(4000 * 64 * 2));  // bytes needed
            QVERIFY2(QString::fromUtf8(error.what()).startsWith(file + QStringLiteral(": Pixel Data is truncated")),
                     error.what());  // the CLI's English line, unchanged
            const auto [german, english] = bothLanguages([&] { return ErrorText::dicom(error); });
            expectGerman(german, english, QStringLiteral("Thorax-abgeschnitten.dcm"));
            QVERIFY2(german.contains(QLatin1String("Pixeldaten")), qPrintable(german));
            QVERIFY2(!german.contains(QString::fromStdString(error.reason())), qPrintable(german));
            QVERIFY2(!german.contains(QLatin1String("truncated")), qPrintable(german));
        }
    }

    void cutDemoFile_isTruncated_andAReadme_isNotDicom_inWordsWithoutDcmtkJargon()
    {
        // A demo radiograph cut in half (an interrupted copy), and the README beside the demo images.
        QFile demo(QStringLiteral(PULMO_SOURCE_DIR "/resources/demo/SYN1-0001.dcm"));
        QVERIFY(demo.open(QIODevice::ReadOnly));
        const QString cut = m_work.filePath(QStringLiteral("Thorax-halb.dcm"));
        QFile half(cut);
        QVERIFY(half.open(QIODevice::WriteOnly));
        half.write(demo.readAll().left(demo.size() / 2));
        half.close();
        const QString readme = QStringLiteral(PULMO_SOURCE_DIR "/resources/demo/README.md");
        const QList<QPair<QString, dicom::DicomError::Kind>> cases = {{cut, dicom::DicomError::Kind::Truncated},
                                                                      {readme, dicom::DicomError::Kind::NotDicom}};
        for (const auto& [file, kind] : cases) {
            try {
                dicom::loadImage(file.toStdString());
                QFAIL("a broken file was decoded");
            } catch (const dicom::DicomError& error) {
                QCOMPARE(int(error.kind()), int(kind));
                const auto [german, english] = bothLanguages([&] { return ErrorText::dicom(error); });
                expectGerman(german, english, file);
                for (const QString& words : {german, english})
                    for (const char* jargon : {"DCMTK", "stream", "Stream", "I/O", "suspension"})
                        QVERIFY2(!words.contains(QLatin1String(jargon)), qPrintable(words));
                if (kind == dicom::DicomError::Kind::Truncated) {
                    QCOMPARE(english, cut + QStringLiteral(": The file ends before its data does (truncated, as "
                                                           "by an interrupted copy)."));
                    QVERIFY2(german.contains(QLatin1String("abgeschnitten")), qPrintable(german));
                } else {
                    QCOMPARE(english, readme + QStringLiteral(": Not a DICOM file."));
                    QVERIFY2(german.contains(QLatin1String("Keine DICOM-Datei")), qPrintable(german));
                }
                // Stored by the study index and read back, the kind stays (Details lists it so).
                const index::SkipReason reason = index::SkipReason::of(error);
                const index::SkipReason stored =
                    index::SkipReason::fromStored(reason.code(), reason.storedArguments(), reason.text);
                QCOMPARE(int(stored.dicomKind), int(kind));
                QCOMPARE(stored.isOtherFile(), kind == dicom::DicomError::Kind::NotDicom);
            }
        }
    }

    void webPort_isNotDicomPeer_namingThePeer_inGerman()
    {
        const test::WebPort web;
        QVERIFY(web.port() != 0);
        net::PacsPeer peer;
        peer.aeTitle = "ARCHIV";
        peer.host = "127.0.0.1";
        peer.port = web.port();
        try {
            net::PacsQuery(peer, "PULMO", {5, 5, 5}).echo();
            QFAIL("a web server answered C-ECHO");
        } catch (const net::NetworkError& error) {
            QCOMPARE(QLatin1String(net::toString(error.problem())), QLatin1String("not_dicom_peer"));
            const QString address = QStringLiteral("ARCHIV@127.0.0.1:%1").arg(peer.port);
            const auto [german, english] = bothLanguages([&] { return ErrorText::network(error); });
            QVERIFY2(english.startsWith(address + QStringLiteral(": The peer answered, but not in DICOM \u2014 is "
                                                                 "this a web port?")),
                     qPrintable(english));
            expectGerman(german, english, address);
            for (const QString& words : {german, english})
                QVERIFY2(!words.contains(QLatin1String("PDU")), qPrintable(words));
        }
        // The CLI's one English line says the same, with DCMTK's words for the log after it.
        QProcess cli;
        cli.start(QStringLiteral(PULMO_CLI_PATH), {QStringLiteral("echo"), QStringLiteral("--peer"),
                                                   QStringLiteral("ARCHIV@127.0.0.1:%1").arg(peer.port),
                                                   QStringLiteral("--timeout"), QStringLiteral("5")});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 1);
        const QString line = QString::fromUtf8(cli.readAllStandardError());
        QCOMPARE(line.count(QLatin1Char('\n')), 1);
        QVERIFY2(line.contains(QLatin1String("the peer answered, but not in DICOM")), qPrintable(line));
    }

    void skippedFile_keepsItsKindThroughTheIndexRecord()
    {
        const dicom::DicomError error(dicom::DicomError::Kind::UnsupportedTransferSyntax, "/x/y.dcm",
                                      "unsupported transfer syntax '1.2.3'", {"1.2.3", "unknown"});
        const index::SkipReason reason = index::SkipReason::of(error);
        const index::SkipReason stored =
            index::SkipReason::fromStored(reason.code(), reason.storedArguments(), reason.text);
        QCOMPARE(int(stored.kind), int(index::SkipReason::Kind::Dicom));
        QCOMPARE(int(stored.dicomKind), int(dicom::DicomError::Kind::UnsupportedTransferSyntax));
        QCOMPARE(stored.arguments, QStringList({QStringLiteral("1.2.3"), QStringLiteral("unknown")}));
        const auto [german, english] =
            bothLanguages([&] { return ErrorText::skippedFile(QStringLiteral("/x/y.dcm"), stored); });
        expectGerman(german, english, QStringLiteral("1.2.3"));
        QVERIFY2(german.contains(QStringLiteral("Übertragungssyntax")), qPrintable(german));
        QVERIFY2(german.startsWith(QLatin1String("/x/y.dcm")), qPrintable(german));
    }

    void refusedConnection_isConnectionRefused_namingThePeer_inGerman()
    {
        net::PacsPeer peer;
        peer.aeTitle = "ARCHIV";
        peer.host = "127.0.0.1";
        peer.port = test::freePort();  // nothing listens there
        QVERIFY(peer.port != 0);
        net::NetworkTimeouts timeouts;
        timeouts.connectSeconds = 5;
        try {
            net::PacsQuery(peer, "PULMO", timeouts).echo();
            QFAIL("an echo to a closed port succeeded");
        } catch (const net::NetworkError& error) {
            QCOMPARE(int(error.problem()), int(net::NetworkError::Problem::ConnectionRefused));
            QCOMPARE(int(error.kind()), int(net::NetworkError::Kind::Unreachable));
            const QString address = QStringLiteral("ARCHIV@127.0.0.1:%1").arg(peer.port);
            QCOMPARE(QString::fromStdString(error.peer()), address);
            const auto [german, english] = bothLanguages([&] { return ErrorText::network(error); });
            expectGerman(german, english, address);
            QVERIFY2(german.contains(QLatin1String("Verbindung abgelehnt")), qPrintable(german));
            QVERIFY2(!german.contains(QLatin1String("refused")), qPrintable(german));
        }
    }

    void missingModel_isModelMissing_namingThePath_acrossThePlugin_inGerman()
    {
        const std::string model = m_work.filePath(QStringLiteral("kein-modell.pt")).toStdString();
        inference::WorkerSettings settings;
        settings.pluginPath = PULMO_PLUGIN_PATH;
        settings.modelPath = model;
        settings.device = "cpu";
        inference::ErrorInfo info;
        std::string englishLine;
        {
            inference::InferenceWorker worker(
                settings, [](inference::InferenceResult) {},
                [&](std::shared_ptr<const inference::ModelIdentity>, std::string error,
                    const inference::ErrorInfo& reported) {
                    englishLine = error;
                    info = reported;
                });
            QVERIFY(!worker.waitUntilReady().empty());
        }
        QCOMPARE(inference::toString(info.kind), "model_missing");
        QCOMPARE(int(info.arguments.size()), 1);
        QCOMPARE(QString::fromStdString(info.arguments.at(0)), QString::fromStdString(model));
        QVERIFY2(englishLine.rfind("AI unavailable: " + model + ": ", 0) == 0, englishLine.c_str());
        const auto [german, english] = bothLanguages([&] { return ErrorText::aiUnavailable(info); });
        expectGerman(german, english, QString::fromStdString(model));
        QVERIFY2(german.startsWith(QStringLiteral("KI nicht verfügbar")), qPrintable(german));
        QVERIFY2(!german.contains(QLatin1String("not found")), qPrintable(german));
    }

    void readOnlyFeedbackDatabase_isReadOnly_namingTheFile_inGerman()
    {
        const QString folder = m_work.filePath(QStringLiteral("schreibgeschuetzt"));
        QVERIFY(QDir().mkpath(folder));
        QCOMPARE(::chmod(QFile::encodeName(folder).constData(), 0555), 0);
        const std::string path = (folder + QStringLiteral("/feedback.sqlite")).toStdString();
        bool dropped = false;
        std::optional<feedback::DatabaseError> failure;
        // On a thread of its own: that thread alone gives up root's permission override.
        std::thread([&] {
            dropped = dropFilePermissionOverride();
            try {
                feedback::FeedbackDatabase database(path);
            } catch (const feedback::DatabaseError& error) {
                failure = error;
            }
        }).join();
        ::chmod(QFile::encodeName(folder).constData(), 0755);
        QVERIFY(dropped);
        QVERIFY2(failure.has_value(), "a database in a read-only folder was opened for writing");
        QCOMPARE(int(failure->kind()), int(feedback::DatabaseError::Kind::ReadOnly));
        QCOMPARE(QString::fromStdString(failure->path()), QString::fromStdString(path));
        const auto [german, english] = bothLanguages([&] { return ErrorText::database(*failure); });
        expectGerman(german, english, QString::fromStdString(path));
        QVERIFY2(german.contains(QStringLiteral("schreibgeschützt")), qPrintable(german));
        QVERIFY2(!german.contains(QLatin1String("read-only")), qPrintable(german));
    }

    void unopenableStudyIndex_isCannotOpen_namingTheFile_inGerman()
    {
        // Its folder would have to be where a plain file is.
        const QString plain = m_work.filePath(QStringLiteral("eine-datei"));
        QFile file(plain);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const QString path = plain + QStringLiteral("/index.sqlite");
        try {
            index::StudyIndex studyIndex(path);
            QFAIL("a study index was opened under a plain file");
        } catch (const index::IndexError& error) {
            QCOMPARE(int(error.kind()), int(index::IndexError::Kind::CannotOpen));
            QCOMPARE(QString::fromStdString(error.path()), path);
            const auto [german, english] = bothLanguages([&] { return ErrorText::of(error); });
            expectGerman(german, english, path);
            QVERIFY2(german.contains(QStringLiteral("Studienindex")), qPrintable(german));
        }
    }

    void otherExceptions_areFramedInGerman()
    {
        const std::runtime_error internal("something internal");
        const auto [german, english] = bothLanguages([&] { return ErrorText::of(internal); });
        expectGerman(german, english, QStringLiteral("something internal"));
    }

    void corruptStudyIndex_foundWhileInUse_isADamagedIndex_inGerman()
    {
        // A file that is not SQLite: the first statement on it fails with SQLITE_NOTADB, as a query on
        // an index damaged behind the study index's back does.
        const QString path = m_work.filePath(QStringLiteral("beschaedigt.sqlite"));
        QFile garbage(path);
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(8192, '\x5A'));
        garbage.close();
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
        try {
            index::detail::Statement statement(db, path, QStringLiteral("SELECT count(*) FROM sqlite_master"));
            statement.next();
            sqlite3_close(db);
            QFAIL("a query on a file that is not SQLite succeeded");
        } catch (const index::IndexError& error) {
            sqlite3_close(db);
            QCOMPARE(int(error.kind()), int(index::IndexError::Kind::Corrupt));
            QCOMPARE(QString::fromStdString(error.path()), path);
            QVERIFY2(QString::fromUtf8(error.what()).startsWith(path + QLatin1Char(':')), error.what());
            const auto [german, english] = bothLanguages([&] { return ErrorText::of(error); });
            expectGerman(german, english, path);
            QVERIFY2(german.contains(QStringLiteral("beschädigt")), qPrintable(german));
            QVERIFY2(!german.contains(QLatin1String("Internal")) && !german.contains(QLatin1String("interner")),
                     qPrintable(german));
            QVERIFY2(!german.contains(QString::fromUtf8(sqlite3_errstr(SQLITE_NOTADB))), qPrintable(german));
        }
    }

    /// Every card problem, in German and French, names the field and keeps the limits.
    void everyCardProblem_namesTheFieldAndItsLimits()
    {
        for (int value = 0; value <= int(inference::kLastCardProblem); ++value) {
            const auto problem = inference::CardProblem(value);
            const bool unreadable =
                problem == inference::CardProblem::NotJson || problem == inference::CardProblem::NotAnObject;
            const QStringList arguments =
                unreadable ? QStringList{QStringLiteral("/m/card.json"), QStringLiteral("English detail"),
                                         QLatin1String(inference::toString(problem))}
                           : QStringList{QStringLiteral("/m/card.json"),
                                         QStringLiteral("the_field"),
                                         QStringLiteral("English requirement"),
                                         QLatin1String(inference::toString(problem)),
                                         QStringLiteral("71"),
                                         QStringLiteral("93")};
            const auto kind = unreadable ? inference::InferenceError::Kind::CardUnreadable
                                         : inference::InferenceError::Kind::CardInvalid;
            for (QTranslator* translator : {&m_german, &m_french}) {
                const auto [translated, english] =
                    bothLanguages([&] { return ErrorText::inference(kind, arguments); }, translator);
                const QString where =
                    QStringLiteral("%1: '%2' / '%3'").arg(arguments.at(unreadable ? 2 : 3), english, translated);
                QVERIFY2(translated != english, qPrintable(QStringLiteral("untranslated ") + where));
                QVERIFY2(translated.contains(QLatin1String("/m/card.json")), qPrintable(where));
                QVERIFY2(!translated.contains(QLatin1String("English")), qPrintable(where));
                QVERIFY2(!translated.contains(QLatin1Char('%')), qPrintable(where));
                if (!unreadable) QVERIFY2(translated.contains(QLatin1String("the_field")), qPrintable(where));
                for (const QString& limit : {QStringLiteral("71"), QStringLiteral("93")})
                    QVERIFY2(english.contains(limit) == translated.contains(limit), qPrintable(where));
            }
        }
        // The limits each problem has are worded: a range names both ends, a value names the value.
        const auto words = [](inference::CardProblem problem) {
            return ErrorText::cardReason(problem, QStringLiteral("f"), {QStringLiteral("71"), QStringLiteral("93")});
        };
        for (const auto problem :
             {inference::CardProblem::MustBeWholeNumberInRange, inference::CardProblem::MustBeNumberInRange,
              inference::CardProblem::UnsupportedValue})
            QVERIFY2(words(problem).contains(QLatin1String("71")) && words(problem).contains(QLatin1String("93")),
                     qPrintable(words(problem)));
        for (const auto problem :
             {inference::CardProblem::MustBeLabelList, inference::CardProblem::NotALabel,
              inference::CardProblem::MustBeThreeFiniteNumbers, inference::CardProblem::MustBeThreePositiveNumbers})
            QVERIFY2(words(problem).contains(QLatin1String("71")), qPrintable(words(problem)));
        // JSON that is not an object is not called invalid JSON.
        const QString notAnObject =
            ErrorText::inference(inference::InferenceError::Kind::CardUnreadable,
                                 {QStringLiteral("/c.json"), QStringLiteral("x"),
                                  QLatin1String(inference::toString(inference::CardProblem::NotAnObject))});
        QVERIFY2(!notAnObject.contains(QLatin1String("not valid JSON")), qPrintable(notAnObject));
    }

    void everyKind_ofEveryLayer_hasAGermanAndAFrenchWording()
    {
        everyKindTranslated(
            dicom::DicomError::kLastKind,
            [](dicom::DicomError::Kind kind) { return ErrorText::dicom(kind, QStringLiteral("/f.dcm"), kArguments); },
            "DICOM");
        // The transfer-syntax wording without a name, and the no-SOP-Class wording, are their own sentences.
        everyKindTranslated(
            dicom::DicomError::kLastKind,
            [](dicom::DicomError::Kind kind) {
                return ErrorText::dicomReason(kind, {QStringLiteral("A1"), QString()});
            },
            "DICOM (short parameters)");
        everyKindTranslated(
            index::SkipReason::kLastKind,
            [](index::SkipReason::Kind kind) {
                index::SkipReason reason = index::SkipReason::of(kind, QStringLiteral("English"), kArguments);
                reason.dicomKind = dicom::DicomError::Kind::EmptyFile;
                return ErrorText::skipReason(reason);
            },
            "index");
        everyKindTranslated(
            index::SkipReason::kLastKind,
            [](index::SkipReason::Kind kind) {
                index::SkipReason reason = index::SkipReason::of(kind, QStringLiteral("English"), {QString()});
                reason.dicomKind = dicom::DicomError::Kind::NoPixelData;
                return ErrorText::skipReason(reason);
            },
            "index (bare)");
        everyKindTranslated(
            index::IndexError::kLastKind,
            [](index::IndexError::Kind kind) { return ErrorText::studyIndex(kind, QStringLiteral("/index.sqlite")); },
            "study index");
        everyKindTranslated(
            net::NetworkError::kLastProblem,
            [](net::NetworkError::Problem problem) {
                return ErrorText::network(problem, QStringLiteral("PEER@host:104"), kArguments);
            },
            "network");
        everyKindTranslated(
            net::NetworkError::kLastProblem,
            [](net::NetworkError::Problem problem) { return ErrorText::network(problem, {}, {}); }, "network (bare)");
        for (const char* reason : {"no_reason", "application_context", "calling_ae_title", "called_ae_title",
                                   "protocol_version", "congestion", "limit_exceeded", "unknown"}) {
            const QStringList arguments{QLatin1String(reason), QStringLiteral("permanent"), QStringLiteral("PULMO"),
                                        QStringLiteral("ARCHIV")};
            const auto [german, english] = bothLanguages(
                [&] { return ErrorText::network(net::NetworkError::Problem::AssociationRejected, {}, arguments); });
            QVERIFY2(!german.isEmpty() && german != english, qPrintable(english));
        }
        everyKindTranslated(
            feedback::DatabaseError::kLastKind,
            [](feedback::DatabaseError::Kind kind) {
                return ErrorText::database(kind, QStringLiteral("/db.sqlite"), kArguments);
            },
            "database");
        everyKindTranslated(
            inference::InferenceError::kLastKind,
            [](inference::InferenceError::Kind kind) { return ErrorText::inference(kind, kArguments); }, "inference");
    }

    void french_isThereToo()
    {
        QTranslator french;
        QVERIFY(french.load(QStringLiteral(":/i18n/pulmo_fr.qm")));
        const QString english =
            ErrorText::network(net::NetworkError::Problem::ConnectionRefused, QStringLiteral("ARCHIV@h:1"), {});
        QCoreApplication::installTranslator(&french);
        const QString text =
            ErrorText::network(net::NetworkError::Problem::ConnectionRefused, QStringLiteral("ARCHIV@h:1"), {});
        QCoreApplication::removeTranslator(&french);
        QVERIFY2(text != english && text.contains(QStringLiteral("Connexion refusée")), qPrintable(text));
    }
};

QTEST_MAIN(TestErrorText)
#include "tst_errortext.moc"
