// `pulmo-cli golden` (issue 20 item 4): the demo model on a phantom golden set. Its figures against
// SciPy and numpy (tests/oracle/golden_oracle.py, from the per-image CSV); floors that a lower
// bound misses fail the gate (exit 3); runs are stored and audited; the same model on the same
// images must give the same outputs, and a stored output changed by more than the tolerance is an
// alarm of its own, which `pulmo-cli monitor` reports as golden_set.

#include "support/ProcessRun.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using pulmo::test::Run;
using pulmo::test::run;

class TestGolden : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_set;
    QString m_db;

    Run golden(const QStringList& extra, const QString& set = {})
    {
        QProcessEnvironment french = QProcessEnvironment::systemEnvironment();
        french.insert(QStringLiteral("LC_ALL"), QStringLiteral("fr_FR.UTF-8"));
        return run(QStringLiteral(PULMO_CLI_PATH),
                   QStringList{QStringLiteral("golden"), QStringLiteral("--set"), set.isEmpty() ? m_set : set,
                               QStringLiteral("--db"), m_db, QStringLiteral("--json")} +
                       extra,
                   french);
    }

    static QJsonObject object(const Run& result)
    {
        return QJsonDocument::fromJson(result.out.trimmed().split('\n').last()).object();
    }

    int count(const char* sql)
    {
        sqlite3* db = nullptr;
        sqlite3_open_v2(m_db.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
        sqlite3_stmt* statement = nullptr;
        int value = -1;
        if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW)
            value = sqlite3_column_int(statement, 0);
        sqlite3_finalize(statement);
        sqlite3_close(db);
        return value;
    }

    void execute(const char* sql)
    {
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(m_db.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_set = m_dir.filePath(QStringLiteral("set"));
        m_db = m_dir.filePath(QStringLiteral("feedback.sqlite"));
        const Run made = run(QStringLiteral(PULMO_CLI_PATH),
                             {QStringLiteral("phantom"), QStringLiteral("--out"), m_set, QStringLiteral("--patients"),
                              QStringLiteral("30"), QStringLiteral("--seed"), QStringLiteral("11"),
                              QStringLiteral("--size"), QStringLiteral("384")});
        QVERIFY2(made.exitCode == 0, made.err.constData());
    }

    void figures_asScipyAndNumpy_andTheRunIsStored()
    {
        const QString csv = m_dir.filePath(QStringLiteral("first.csv"));
        const Run first =
            golden({QStringLiteral("--min-sensitivity"), QStringLiteral("0.2"), QStringLiteral("--min-specificity"),
                    QStringLiteral("0.2"), QStringLiteral("--predictions"), csv, QStringLiteral("--report"),
                    m_dir.filePath(QStringLiteral("report"))});
        QVERIFY2(first.exitCode == 0, first.err.constData());
        const QJsonObject figures = object(first);
        QCOMPARE(figures["images"].toInt(), 30);
        QVERIFY(figures["passed"].toBool());
        QVERIFY(figures["compared_run_id"].isNull());
        QCOMPARE(figures["interval_method"].toString(), QStringLiteral("Clopper-Pearson"));
        const QString json = m_dir.filePath(QStringLiteral("first.json"));
        QFile out(json);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(first.out);
        out.close();
        const Run oracle = run(QStringLiteral(PULMO_SYSTEM_PYTHON),
                               {QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/golden_oracle.py"), csv, json});
        QVERIFY2(oracle.exitCode == 0, (oracle.out + oracle.err).constData());
        // The reliability diagram was drawn.
        QImage diagram(m_dir.filePath(QStringLiteral("report/reliability.png")));
        QVERIFY(!diagram.isNull());
        QCOMPARE(count("SELECT count(*) FROM golden_runs"), 1);
        QCOMPARE(count("SELECT count(*) FROM golden_outputs"), 30);
        QCOMPARE(count("SELECT count(*) FROM audit_log WHERE action = 'golden' AND outcome = 'passed'"), 1);

        // The same model on the same images, from class folders this time: the same outputs.
        const QString folders = m_dir.filePath(QStringLiteral("folders"));
        for (const char* label : {"NORMAL", "PNEUMONIA"}) QVERIFY(QDir().mkpath(folders + QLatin1Char('/') + label));
        for (const QString& name : QDir(m_set).entryList({QStringLiteral("*.json")})) {
            QFile sidecar(m_set + QLatin1Char('/') + name);
            QVERIFY(sidecar.open(QIODevice::ReadOnly));
            const QString label = QJsonDocument::fromJson(sidecar.readAll()).object()["label"].toString();
            const QString dicom = QString(name).replace(QStringLiteral(".json"), QStringLiteral(".dcm"));
            QVERIFY(QFile::copy(m_set + QLatin1Char('/') + dicom,
                                folders + QLatin1Char('/') + label + QLatin1Char('/') + dicom));
        }
        const Run second = golden({QStringLiteral("--min-sensitivity"), QStringLiteral("0.2"),
                                   QStringLiteral("--min-specificity"), QStringLiteral("0.2")},
                                  folders);
        QVERIFY2(second.exitCode == 0, second.err.constData());
        const QJsonObject again = object(second);
        QCOMPARE(again["layout"].toString(), QStringLiteral("class-folders"));
        QCOMPARE(again["compared_images"].toInt(), 30);
        QVERIFY(again["largest_change"].toDouble() <= 1e-5);
        QCOMPARE(again["set_sha256"], figures["set_sha256"]);
        QCOMPARE(again["sensitivity"], figures["sensitivity"]);
    }

    void aLowerBoundBelowItsFloor_failsTheGate()
    {
        // 30 cases cannot show 99%: the lower bound of even 15/15 is 0.78.
        const Run strict = golden({QStringLiteral("--min-sensitivity"), QStringLiteral("0.99"),
                                   QStringLiteral("--min-specificity"), QStringLiteral("0.2")});
        QCOMPARE(strict.exitCode, 3);
        const QJsonObject figures = object(strict);
        QVERIFY(!figures["passed"].toBool());
        QCOMPARE(figures["failures"].toArray(), QJsonArray{QStringLiteral("sensitivity")});
        QVERIFY(figures["sensitivity_ci95"].toArray()[0].toDouble() < 0.99);
        QCOMPARE(count("SELECT count(*) FROM audit_log WHERE action = 'golden' AND outcome = 'failed'"), 1);
        const Run bad = golden({QStringLiteral("--min-sensitivity"), QStringLiteral("1.5"),
                                QStringLiteral("--min-specificity"), QStringLiteral("0.2")});
        QCOMPARE(bad.exitCode, 2);
    }

    void changedOutputs_areAnAlarmOfTheirOwn()
    {
        // As if the pipeline had changed: the last stored run's outputs moved by 0.001.
        execute(
            "UPDATE golden_outputs SET probability = min(1.0, probability + 0.001) "
            "WHERE run_id = (SELECT max(id) FROM golden_runs)");
        const Run changed = golden({QStringLiteral("--min-sensitivity"), QStringLiteral("0.2"),
                                    QStringLiteral("--min-specificity"), QStringLiteral("0.2")});
        QCOMPARE(changed.exitCode, 3);
        const QJsonObject figures = object(changed);
        QCOMPARE(figures["failures"].toArray(), QJsonArray{QStringLiteral("determinism")});
        QVERIFY(figures["largest_change"].toDouble() > 9e-4);
        QVERIFY(!figures["changed_image_sha256"].toString().isEmpty());

        const Run monitor = run(QStringLiteral(PULMO_CLI_PATH),
                                {QStringLiteral("monitor"), QStringLiteral("--db"), m_db, QStringLiteral("--json")});
        QVERIFY2(monitor.exitCode == 0, monitor.err.constData());
        bool determinism = false;
        for (const QByteArray& line : monitor.out.trimmed().split('\n')) {
            const QJsonObject alarm = QJsonDocument::fromJson(line).object();
            if (alarm["kind"].toString() == QLatin1String("golden_set") &&
                alarm["metric"].toString() == QLatin1String("largest_output_change")) {
                determinism = alarm["open"].toBool() && alarm["value"].toDouble() > 9e-4;
                QCOMPARE(alarm["threshold"].toDouble(), 1e-5);
            }
        }
        QVERIFY2(determinism, monitor.out.constData());

        // The next run compares with that one (the model's true outputs again): no longer changed.
        const Run after = golden({QStringLiteral("--min-sensitivity"), QStringLiteral("0.2"),
                                  QStringLiteral("--min-specificity"), QStringLiteral("0.2")});
        QCOMPARE(after.exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestGolden)
#include "tst_golden.moc"
