// Audit rows as IHE ATNA messages (issue 21 items 3 and 5): every row of the audit chain as a DICOM
// audit message inside one RFC 5424 syslog message on one line, read back by an independent parser
// (tests/oracle/atna_oracle.py: the RFC's grammar and Python's XML parser), with the right DCM event
// code for an image opened, a verdict saved, an export and a retrieve; sent by pulmo-cli's
// --audit-repository to rsyslog on loopback over UDP, TCP and TLS (tests/support/RsyslogServer.h);
// rows written while the repository is down wait, never slow the command, and arrive in order once
// it is back; and `pulmo-cli audit verify --against LOG`, which shows a deleted tail, a row the
// repository never got and a changed row, where the chain alone sees nothing wrong with the tail cut.

#include "AtnaMessage.h"
#include "AuditLog.h"
#include "FeedbackDatabase.h"
#include "FeedbackSession.h"
#include "support/ProcessRun.h"
#include "support/RsyslogServer.h"
#include "support/TestCertificates.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace pulmo;

namespace {

/// PS3.15 A.5.1.1's audit message schema, for jing (tests/oracle/atna_oracle.py --schema).
const QString kSchema = QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/dicom-audit-message.rnc");

QString cli()
{
    return QStringLiteral(PULMO_CLI_PATH);
}

int execSql(const QString& path, const char* sql)
{
    sqlite3* db = nullptr;
    if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK) return -1;
    const int status = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return status;
}

}  // namespace

class TestAtna : public QObject {
    Q_OBJECT

    QTemporaryDir m_work;
    QString m_db;
    std::vector<feedback::AuditEntry> m_rows;
    int m_runs = 0;

    /// `pulmo-cli audit export --format syslog` of `db` into `log`.
    bool exportSyslog(const QString& db, const QString& log)
    {
        const test::Run exported = test::run(cli(), {"audit", "export", "--db", db, "--format", "syslog", "-o", log});
        if (exported.exitCode != 0) qWarning("%s", exported.err.constData());
        return exported.exitCode == 0;
    }

    QJsonObject verify(const QString& db, const QString& log, int* exitCode)
    {
        const test::Run verified = test::run(cli(), {"audit", "verify", "--db", db, "--against", log, "--json"});
        *exitCode = verified.exitCode;
        return QJsonDocument::fromJson(verified.out).object();
    }

    static QList<qint64> ids(const QJsonValue& array)
    {
        QList<qint64> out;
        for (const QJsonValue& v : array.toArray()) out << qint64(v.toDouble());
        return out;
    }

    /// What the oracle reads in `file`; fails the test on any grammar or XML error.
    QJsonArray parsedMessages(const QString& file)
    {
        const test::Run parsed = test::run(QStringLiteral(PULMO_SYSTEM_PYTHON),
                                           {QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/atna_oracle.py"), file,
                                            QStringLiteral("--schema"), kSchema});
        const QJsonObject report = QJsonDocument::fromJson(parsed.out).object();
        if (parsed.exitCode != 0 || !report["errors"].toArray().isEmpty())
            qWarning("atna_oracle: %s %s", parsed.err.constData(),
                     QJsonDocument(report["errors"].toArray()).toJson().constData());
        return report["errors"].toArray().isEmpty() ? report["messages"].toArray() : QJsonArray();
    }

    /// pulmo-cli deidentify of `count` phantom images (one audit row each) with `extra` options.
    test::Run deidentify(const QString& db, int count, const QStringList& extra)
    {
        const QString images = m_work.filePath(QStringLiteral("phantoms-%1").arg(count));
        if (!QDir(images).exists())
            test::run(cli(), {"phantom", "--out", images, "--patients", QString::number(count), "--size", "256"});
        const QString out = m_work.filePath(QStringLiteral("deid-%1").arg(++m_runs));  // a fresh folder each time
        return test::run(cli(), QStringList{"deidentify", "--db", db, "--out", out, images} + extra);
    }

    QString copyOf(const QString& name)
    {
        const QString path = m_work.filePath(name);
        QFile::remove(path);
        if (!QFile::copy(m_db, path)) return {};
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        QVERIFY2(!test::program(QStringLiteral("jing")).isEmpty(),
                 "jing is missing: run scripts/install-deps.sh --tests");
        m_db = m_work.filePath(QStringLiteral("feedback.sqlite"));
        feedback::FeedbackDatabase database(m_db.toStdString());
        feedback::AuditLog audit(database);
        m_rows.push_back(audit.append(QStringLiteral("dr.müller"), QStringLiteral("image.open"),
                                      QStringLiteral("1.2.826.0.1.3680043.8.498.11"), QStringLiteral("ok"),
                                      QStringLiteral("/data/studies/a.dcm")));
        m_rows.push_back(audit.append(QStringLiteral("dr.müller"), QStringLiteral("verdict.saved"),
                                      QStringLiteral("1.2.826.0.1.3680043.8.498.11"), QStringLiteral("ok"),
                                      QStringLiteral("verdict=agree")));
        m_rows.push_back(audit.append(QStringLiteral("dr.müller"), QStringLiteral("export.retraining"),
                                      QStringLiteral("/data/export"), QStringLiteral("ok"),
                                      QStringLiteral("12 images")));
        m_rows.push_back(audit.append(QStringLiteral("dr.müller"), QStringLiteral("pacs.retrieve"),
                                      QStringLiteral("1.2.826.0.1.3680043.8.498.1"), QStringLiteral("failed"),
                                      QStringLiteral("from ORTHANC@10.0.0.5:4242\nby C-MOVE: <refused> \"]\"")));
        m_rows.push_back(audit.append(QStringLiteral("dr.müller"), QStringLiteral("pacs.store-refused"),
                                      QStringLiteral("STRANGER@10.0.0.9"), QStringLiteral("refused"),
                                      QStringLiteral("not an accepted caller")));
        for (int i = 0; i < 5; ++i)
            m_rows.push_back(audit.append(QStringLiteral("dr.b"), QStringLiteral("image.open"),
                                          QStringLiteral("1.2.826.0.1.3680043.8.498.%1").arg(100 + i),
                                          QStringLiteral("ok")));
    }

    void syslogMessages_parseAsRfc5424_withTheDicomAuditMessageOfEachRow()
    {
        const QString log = m_work.filePath(QStringLiteral("repository.log"));
        QVERIFY(exportSyslog(m_db, log));
        QFile file(log);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), int(m_rows.size()) + 1);  // one message per line, a final newline
        const test::Run parsed = test::run(QStringLiteral(PULMO_SYSTEM_PYTHON),
                                           {QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/atna_oracle.py"), log,
                                            QStringLiteral("--schema"), kSchema});
        QVERIFY2(parsed.exitCode == 0, parsed.err.constData());
        const QJsonObject report = QJsonDocument::fromJson(parsed.out).object();
        QVERIFY2(report["errors"].toArray().isEmpty(), QJsonDocument(report["errors"].toArray()).toJson().constData());
        const QJsonArray messages = report["messages"].toArray();
        QCOMPARE(messages.size(), int(m_rows.size()));

        struct Expected {
            const char* code;
            const char* action;
            const char* outcome;
        };
        // An image opened: DICOM Instances Accessed (read); a verdict saved: a Patient Record created;
        // an export: Export; a retrieve: DICOM Instances Transferred (created here), failed seriously;
        // a refused caller: the same event, a minor failure.
        const Expected expected[] = {{"110103", "R", "0"},
                                     {"110110", "C", "0"},
                                     {"110106", "R", "0"},
                                     {"110104", "C", "8"},
                                     {"110104", "C", "4"}};
        for (int i = 0; i < messages.size(); ++i) {
            const QJsonObject m = messages[i].toObject();
            const feedback::AuditEntry& row = m_rows[size_t(i)];
            QCOMPARE(m["pri"].toInt(), 85);  // authpriv.notice
            QCOMPARE(m["version"].toInt(), 1);
            QCOMPARE(m["msgid"].toString(), QStringLiteral("IHE+RFC-3881"));
            QCOMPARE(m["app"].toString(), QStringLiteral("pulmo-cli"));
            QVERIFY(m["bom"].toBool());
            QCOMPARE(m["timestamp"].toString(), row.occurredUtc);
            const QJsonObject anchor = m["sd"].toObject()["pulmo-audit@32473"].toObject();
            QCOMPARE(anchor["row"].toString().toLongLong(), row.id);
            QCOMPARE(anchor["hash"].toString(), row.rowHash);
            QCOMPARE(anchor["previous"].toString(), row.previousHash);
            QCOMPARE(m["event_time"].toString(), row.occurredUtc);
            const QJsonArray participants = m["participants"].toArray();
            QVERIFY(participants.size() >= 2);
            QCOMPARE(participants[0].toObject()["user"].toString(), row.reader);
            QCOMPARE(participants[0].toObject()["requestor"].toString(), QStringLiteral("true"));
            QCOMPARE(participants[1].toObject()["roles"].toArray()[0].toObject()["code"].toString(),
                     QStringLiteral("110150"));
            QVERIFY(m["source_id"].toString().startsWith(QStringLiteral("pulmo-cli@")));
            QCOMPARE(m["event_types"].toArray()[0].toObject()["code"].toString(), row.action);
            if (!row.detail.isEmpty())
                QCOMPARE(m["details"].toObject()["detail"].toString(), row.detail);  // newline, markup and all
            if (i < 5) {
                QCOMPARE(m["event_id"].toObject()["code"].toString(), QString::fromLatin1(expected[i].code));
                QCOMPARE(m["event_id"].toObject()["system"].toString(), QStringLiteral("DCM"));
                QCOMPARE(m["action_code"].toString(), QString::fromLatin1(expected[i].action));
                QCOMPARE(m["outcome"].toString(), QString::fromLatin1(expected[i].outcome));
            }
        }
        // The retrieve names its study as a Study Instance UID; an instance is named by its OID URN.
        const QJsonObject retrieve = messages[3].toObject()["objects"].toArray()[0].toObject();
        QCOMPARE(retrieve["id"].toString(), QStringLiteral("1.2.826.0.1.3680043.8.498.1"));
        QCOMPARE(retrieve["id_type"].toObject()["code"].toString(), QStringLiteral("110180"));
        QCOMPARE(messages[3].toObject()["outcome_description"].toString(), QStringLiteral("failed"));
        const QJsonObject opened = messages[0].toObject()["objects"].toArray()[0].toObject();
        QCOMPARE(opened["id"].toString(), QStringLiteral("urn:oid:1.2.826.0.1.3680043.8.498.11"));
    }

    void verifyAgainst_showsADeletedTail_aRowNeverReceived_andAChangedRow()
    {
        const QString log = m_work.filePath(QStringLiteral("received.log"));
        QVERIFY(exportSyslog(m_db, log));
        int exitCode = -1;
        QJsonObject report = verify(m_db, log, &exitCode);
        QCOMPARE(exitCode, 0);
        QVERIFY(report["intact"].toBool());
        QCOMPARE(report["received_rows"].toInt(), int(m_rows.size()));

        // The newest two rows deleted, the triggers dropped first as an attacker would: the chain
        // itself is still whole (nothing after the cut points back), the repository tells.
        const QString cut = copyOf(QStringLiteral("cut.sqlite"));
        QVERIFY(!cut.isEmpty());
        QCOMPARE(execSql(cut,
                         "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
                         "DELETE FROM audit_log WHERE id > (SELECT MAX(id) - 2 FROM audit_log)"),
                 SQLITE_OK);
        const test::Run plain = test::run(cli(), {"audit", "verify", "--db", cut});
        QCOMPARE(plain.exitCode, 0);
        report = verify(cut, log, &exitCode);
        QCOMPARE(exitCode, 1);
        QVERIFY(!report["intact"].toBool());
        const qint64 last = m_rows.back().id;
        QCOMPARE(ids(report["newest_rows_deleted"]), (QList<qint64>{last - 1, last}));
        const test::Run said = test::run(cli(), {"audit", "verify", "--db", cut, "--against", log});
        QVERIFY2(said.err.contains("the newest rows were deleted: " + QByteArray::number(last - 1) + ", " +
                                   QByteArray::number(last)),
                 said.err.constData());

        // A row that never reached the repository (its line lost).
        QFile full(log);
        QVERIFY(full.open(QIODevice::ReadOnly));
        QList<QByteArray> lines = full.readAll().split('\n');
        lines.removeAt(2);  // row 3
        const QString lossy = m_work.filePath(QStringLiteral("lossy.log"));
        QFile out(lossy);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(lines.join('\n'));
        out.close();
        report = verify(m_db, lossy, &exitCode);
        QCOMPARE(exitCode, 1);
        QCOMPARE(ids(report["missing_from_repository"]), (QList<qint64>{m_rows[2].id}));
        QVERIFY(ids(report["missing_from_database"]).isEmpty());

        // A row changed here after it was sent: it differs from what the repository has.
        const QString changed = copyOf(QStringLiteral("changed.sqlite"));
        QCOMPARE(execSql(changed,
                         "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
                         "UPDATE audit_log SET detail='verdict=disagree', row_hash='x' WHERE id=2"),
                 SQLITE_OK);
        report = verify(changed, log, &exitCode);
        QCOMPARE(exitCode, 1);
        QCOMPARE(ids(report["differing"]), (QList<qint64>{m_rows[1].id}));
        QVERIFY(!report["chain_intact"].toBool());

        // Not a repository's file at all: nothing received, every row missing there.
        const QString empty = m_work.filePath(QStringLiteral("empty.log"));
        QFile none(empty);
        QVERIFY(none.open(QIODevice::WriteOnly));
        none.write("Dec  2 10:00:00 host kernel: nothing of ours\n");
        none.close();
        report = verify(m_db, empty, &exitCode);
        QCOMPARE(exitCode, 1);
        QCOMPARE(ids(report["missing_from_repository"]).size(), int(m_rows.size()));
        const test::Run missing = test::run(cli(), {"audit", "verify", "--db", m_db, "--against", "/nonexistent.log"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("/nonexistent.log: cannot read"), missing.err.constData());
    }

    void rsyslog_receivesEveryRow_overUdpTcpAndTls()
    {
        QVERIFY(!test::program(QStringLiteral("rsyslogd")).isEmpty());
        // The four named actions (and the rest of the chain), from this database, over TCP.
        test::RsyslogServer tcp(m_work.filePath(QStringLiteral("rsyslog-tcp")));
        QVERIFY(tcp.start());
        const QString url = QStringLiteral("tcp://127.0.0.1:%1").arg(tcp.tcpPort());
        const test::Run sent = test::run(cli(), {"audit", "export", "--db", m_db, "--format", "syslog", "-o",
                                                 "/dev/null", "--audit-repository", url});
        QVERIFY2(sent.exitCode == 0 && sent.err.isEmpty(), sent.err.constData());
        QCOMPARE(tcp.waitForLines(int(m_rows.size()), 10).size(), int(m_rows.size()));
        const QJsonArray received = parsedMessages(tcp.receivedFile());
        QCOMPARE(received.size(), int(m_rows.size()));
        const char* codes[] = {"110103", "110110", "110106", "110104"};
        for (int i = 0; i < 4; ++i)
            QCOMPARE(received[i].toObject()["event_id"].toObject()["code"].toString(), QString::fromLatin1(codes[i]));
        int exitCode = -1;
        QVERIFY(verify(m_db, tcp.receivedFile(), &exitCode)["intact"].toBool());

        // A command that audits, over UDP: its rows, as Export events, and the chain anchored.
        test::RsyslogServer udp(m_work.filePath(QStringLiteral("rsyslog-udp")));
        QVERIFY(udp.start());
        const QString udpDb = m_work.filePath(QStringLiteral("udp.sqlite"));
        const test::Run overUdp =
            deidentify(udpDb, 3, {"--audit-repository", QStringLiteral("udp://127.0.0.1:%1").arg(udp.udpPort())});
        QVERIFY2(overUdp.exitCode == 0, overUdp.err.constData());
        QCOMPARE(udp.waitForLines(3, 10).size(), 3);
        const QJsonArray overUdpMessages = parsedMessages(udp.receivedFile());
        QCOMPARE(overUdpMessages.size(), 3);
        for (const QJsonValue& m : overUdpMessages) {
            QCOMPARE(m.toObject()["event_id"].toObject()["code"].toString(), QStringLiteral("110106"));
            QCOMPARE(m.toObject()["app"].toString(), QStringLiteral("pulmo-cli"));
        }
        QVERIFY(verify(udpDb, udp.receivedFile(), &exitCode)["intact"].toBool());

        // TLS (RFC 5425) with the repository's certificate checked against the CA given; a wrong CA
        // sends nothing, says so, and the command still succeeds.
        const QString pki = m_work.filePath(QStringLiteral("pki"));
        QDir().mkpath(pki);
        QCOMPARE(test::makeAuthority(pki, QStringLiteral("ca")), QString());
        QCOMPARE(test::makeCertificate(pki, QStringLiteral("ca"), QStringLiteral("repository")), QString());
        QCOMPARE(test::makeAuthority(pki, QStringLiteral("other-ca")), QString());
        const test::RsyslogServer::Tls tls{QDir(pki).filePath("ca.pem"), QDir(pki).filePath("repository.pem"),
                                           QDir(pki).filePath("repository.key")};
        test::RsyslogServer secure(m_work.filePath(QStringLiteral("rsyslog-tls")), &tls);
        QVERIFY(secure.start());
        const QString tlsUrl = QStringLiteral("tls://127.0.0.1:%1").arg(secure.tcpPort());
        const QString tlsDb = m_work.filePath(QStringLiteral("tls.sqlite"));
        const test::Run untrusted =
            deidentify(tlsDb, 2, {"--audit-repository", tlsUrl, "--audit-tls-ca", QDir(pki).filePath("other-ca.pem")});
        QCOMPARE(untrusted.exitCode, 0);
        QVERIFY2(untrusted.err.contains("2 row(s) wait"), untrusted.err.constData());
        QCOMPARE(secure.waitForLines(1, 2).size(), 0);
        const test::Run trusted =
            deidentify(tlsDb, 2, {"--audit-repository", tlsUrl, "--audit-tls-ca", QDir(pki).filePath("ca.pem")});
        QVERIFY2(trusted.exitCode == 0 && !trusted.err.contains("wait"), trusted.err.constData());
        QCOMPARE(secure.waitForLines(4, 10).size(), 4);  // the two that waited, then the two new ones
        QCOMPARE(parsedMessages(secure.receivedFile()).size(), 4);
        QVERIFY(verify(tlsDb, secure.receivedFile(), &exitCode)["intact"].toBool());
    }

    void repositoryDown_nothingWaitsForIt_andTheRowsArriveInOrderOnceItIsBack()
    {
        test::RsyslogServer repository(m_work.filePath(QStringLiteral("rsyslog-down")));
        const QString url = QStringLiteral("tcp://127.0.0.1:%1").arg(repository.tcpPort());
        const QString db = m_work.filePath(QStringLiteral("down.sqlite"));
        // Three commands while nobody listens: each ends promptly, and says its rows wait.
        for (int i = 0; i < 3; ++i) {
            QElapsedTimer clock;
            clock.start();
            const test::Run run = deidentify(db, 2, {"--audit-repository", url});
            QVERIFY2(run.exitCode == 0, run.err.constData());
            QVERIFY2(run.err.contains(QStringLiteral("%1 row(s) wait").arg(2 * (i + 1)).toUtf8()), run.err.constData());
            QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
        }
        QVERIFY(repository.start());
        const test::Run back = deidentify(db, 2, {"--audit-repository", url});
        QVERIFY2(back.exitCode == 0 && !back.err.contains("wait"), back.err.constData());
        const QList<QByteArray> lines = repository.waitForLines(8, 10);
        QCOMPARE(lines.size(), 8);
        // In the chain's order: rows 1..8, each once.
        qint64 expected = 1;
        for (const QByteArray& line : lines) {
            const std::optional<feedback::AuditAnchor> anchor = feedback::parseAnchor(line);
            QVERIFY(anchor);
            QCOMPARE(anchor->rowId, expected++);
        }
        int exitCode = -1;
        QVERIFY(verify(db, repository.receivedFile(), &exitCode)["intact"].toBool());
    }

    void workstation_neverWaitsForTheRepository_andItsRowsArriveInOrderLater()
    {
        // The workstation's feedback session, as the reader works: each audited action returns at
        // once while the repository is down; the rows wait, and arrive in order once it is back.
        test::RsyslogServer repository(m_work.filePath(QStringLiteral("rsyslog-gui")));
        const QString db = m_work.filePath(QStringLiteral("workstation.sqlite"));
        app::FeedbackSession session(db, QStringLiteral("dr.gui"));
        QVERIFY(session.isAvailable());
        QCOMPARE(session.setAuditRepository(QStringLiteral("tcp://127.0.0.1:%1").arg(repository.tcpPort()), {},
                                            QStringLiteral("PULMO")),
                 QString());
        QVERIFY(
            !session.setAuditRepository(QStringLiteral("syslog.example:514"), {}, QStringLiteral("PULMO")).isEmpty());
        QCOMPARE(session.setAuditRepository(QStringLiteral("tcp://127.0.0.1:%1").arg(repository.tcpPort()), {},
                                            QStringLiteral("PULMO")),
                 QString());
        qint64 slowest = 0;
        for (int i = 0; i < 20; ++i) {
            QElapsedTimer clock;
            clock.start();
            session.audit(QStringLiteral("image.open"), QStringLiteral("1.2.826.0.1.3680043.8.498.%1").arg(500 + i),
                          QStringLiteral("ok"), {});
            slowest = std::max(slowest, clock.elapsed());
        }
        QVERIFY2(slowest < 50, qPrintable(QString::number(slowest)));
        session.waitForWrites();
        QTRY_VERIFY_WITH_TIMEOUT(!session.auditRepositoryProblem().isEmpty(), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(session.auditRowsWaiting(), qint64(20), 15000);

        QVERIFY(repository.start());
        const QList<QByteArray> lines = repository.waitForLines(20, 45);
        QCOMPARE(lines.size(), 20);
        qint64 expected = 1;
        for (const QByteArray& line : lines) {
            QCOMPARE(feedback::parseAnchor(line)->rowId, expected++);
            QVERIFY(line.contains(" pulmo "));
            QVERIFY(line.contains("UserID=\"dr.gui\""));
        }
        QTRY_COMPARE_WITH_TIMEOUT(session.auditRowsWaiting(), qint64(0), 10000);
        int exitCode = -1;
        QVERIFY(verify(db, repository.receivedFile(), &exitCode)["intact"].toBool());
    }
};

QTEST_GUILESS_MAIN(TestAtna)
#include "tst_atna.moc"
