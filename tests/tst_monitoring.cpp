// Model monitoring's records (issue 20 item 1): `pulmo-cli infer --record DB --at TIME` stores, per
// image and model, the answer, the image's metadata and a summary of the 8-bit model input, and adds
// it to its day. Checked by Python against independent readings: pydicom for the metadata, numpy on
// `pulmo-cli render`'s PNG (the same display pipeline, tested against DCMTK's dcm2pnm by tst_cli)
// for the input summary, SQLite for the daily sums; the verdict of `feedback add` joins the same
// prediction; under de_DE the numbers keep their points.

#include "support/ProcessRun.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString cli()
{
    return QStringLiteral(PULMO_CLI_PATH);
}

QString python()
{
    return QStringLiteral(PULMO_SYSTEM_PYTHON);
}

}  // namespace

class TestMonitoring : public QObject {
    Q_OBJECT

    QTemporaryDir m_work;
    QStringList m_images;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        const QString phantoms = m_work.filePath(QStringLiteral("phantoms"));
        const pulmo::test::Run made =
            pulmo::test::run(cli(), {"phantom", "--out", phantoms, "--patients", "3", "--size", "256"});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        for (const QFileInfo& file : QDir(phantoms).entryInfoList({"*.dcm"}, QDir::Files, QDir::Name))
            m_images << file.filePath();
        QCOMPARE(m_images.size(), 3);
    }

    void infer_record_storesWhatMonitoringNeeds_asPydicomAndNumpyRead()
    {
        const QString db = m_work.filePath(QStringLiteral("feedback.sqlite"));
        // Two images on 1 March (one given in CET: stored in UTC), one on 2 March; under de_DE.
        QProcessEnvironment german = QProcessEnvironment::systemEnvironment();
        german.insert(QStringLiteral("LC_ALL"), QStringLiteral("de_DE.UTF-8"));
        const QList<QPair<QStringList, QString>> runs = {
            {{m_images[0]}, QStringLiteral("2026-03-01T09:30:00+01:00")},
            {{m_images[1]}, QStringLiteral("2026-03-01T23:59:59.500Z")},
            {{m_images[2]}, QStringLiteral("2026-03-02T00:00:00Z")},
        };
        QByteArray answers;
        for (const auto& [files, at] : runs) {
            const pulmo::test::Run inferred =
                pulmo::test::run(cli(), QStringList{"infer", "--record", db, "--at", at, "--json"} + files, german);
            QVERIFY2(inferred.exitCode == 0, inferred.err.constData());
            QVERIFY(QJsonDocument::fromJson(inferred.out).object()["recorded"].toBool());
            answers += inferred.out;
        }
        // The same image again: not recorded twice, its day unchanged.
        const pulmo::test::Run again =
            pulmo::test::run(cli(), {"infer", "--record", db, "--at", "2026-03-05T10:00:00Z", "--json", m_images[0]});
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QVERIFY(!QJsonDocument::fromJson(again.out).object()["recorded"].toBool());

        const QString rendered = m_work.filePath(QStringLiteral("rendered"));
        QDir().mkpath(rendered);
        for (const QString& image : m_images) {
            const pulmo::test::Run render = pulmo::test::run(
                cli(), {"render", image, "-o", QDir(rendered).filePath(QFileInfo(image).completeBaseName() + ".png")});
            QVERIFY2(render.exitCode == 0, render.err.constData());
        }
        const QString answersFile = m_work.filePath(QStringLiteral("answers.jsonl"));
        QFile out(answersFile);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(answers);
        out.close();

        const pulmo::test::Run checked = pulmo::test::run(python(), {"-c", R"PY(
import json, os, sqlite3, struct, sys
import numpy, pydicom
from PIL import Image
db, rendered, answers = sys.argv[1], sys.argv[2], sys.argv[3]
answer = {}
for line in open(answers):
    o = json.loads(line)
    answer[o["sop_instance_uid"]] = o
c = sqlite3.connect(db)
rows = c.execute("SELECT o.sop_instance_uid, o.observed_utc, o.day, o.source, o.label, o.probability, "
                 "o.manufacturer, o.manufacturer_model, o.modality, o.view_position, o.body_part, o.pixel_spacing, "
                 "o.bits_stored, o.photometric, o.input_mean, o.input_sd, o.input_p01, o.input_p50, o.input_p99, "
                 "o.input_histogram, p.sop_instance_uid, o.model_sha256 FROM monitoring_observations o "
                 "JOIN predictions p ON p.id = o.prediction_id ORDER BY o.observed_utc").fetchall()
problems = []
def expect(what, ours, theirs):
    if ours != theirs: problems.append("%s: %r, expected %r" % (what, ours, theirs))
expect("rows", len(rows), 3)
expect("times", [r[1] for r in rows], ["2026-03-01T08:30:00.000Z", "2026-03-01T23:59:59.500Z", "2026-03-02T00:00:00.000Z"])
expect("days", [r[2] for r in rows], ["2026-03-01", "2026-03-01", "2026-03-02"])
days = {}
for r in rows:
    sop = r[0]
    expect("prediction of " + sop, r[20], sop)
    expect("source", r[3], "cli")
    a = answer[sop]
    expect("label", r[4], a["label"])
    expect("probability", r[5], a["probabilities"]["PNEUMONIA"])
    expect("model", r[21], a["model"]["sha256"])
    path = a["input"]
    d = pydicom.dcmread(path)
    expect("manufacturer", r[6], str(d.get("Manufacturer", "")))
    expect("model name", r[7], str(d.get("ManufacturerModelName", "")))
    expect("modality", r[8], d.Modality)
    expect("view", r[9], str(d.get("ViewPosition", "")))
    expect("body part", r[10], str(d.get("BodyPartExamined", "")))
    spacing = d.get("PixelSpacing") or d.get("ImagerPixelSpacing")
    expect("spacing", r[11], "%.3f" % float(spacing[0]) if spacing else "")
    expect("bits stored", r[12], int(d.BitsStored))
    expect("photometric", r[13], d.PhotometricInterpretation)
    x = numpy.asarray(Image.open(os.path.join(rendered, os.path.splitext(os.path.basename(path))[0] + ".png")).convert("L")).ravel()
    if abs(r[14] - x.mean()) > 1e-9: problems.append("mean %r vs %r" % (r[14], x.mean()))
    if abs(r[15] - x.std()) > 1e-9: problems.append("sd %r vs %r" % (r[15], x.std()))
    for value, q in ((r[16], 1), (r[17], 50), (r[18], 99)):
        expect("p%d" % q, value, float(numpy.percentile(x, q, method="inverted_cdf")))
    hist = list(struct.unpack("<64I", r[19]))
    expect("histogram", hist, numpy.histogram(x, bins=64, range=(0, 256))[0].tolist())
    day = days.setdefault(r[2], [0, 0, 0.0, numpy.zeros(64, dtype=numpy.int64)])
    day[0] += 1; day[1] += r[4] == "PNEUMONIA"; day[2] += r[5]; day[3] += numpy.array(hist)
stored = c.execute("SELECT day, images, positive, indeterminate, probability_sum, input_histogram FROM monitoring_days ORDER BY day").fetchall()
expect("days stored", [s[0] for s in stored], sorted(days))
for s in stored:
    want = days[s[0]]
    expect("images " + s[0], s[1], want[0])
    expect("positive " + s[0], s[2], want[1])
    expect("indeterminate " + s[0], s[3], 0)
    if abs(s[4] - want[2]) > 1e-12: problems.append("probability sum %r vs %r" % (s[4], want[2]))
    expect("histogram " + s[0], list(struct.unpack("<64Q", s[5])), want[3].tolist())
print("\n".join(problems) if problems else "ok")
)PY",
                                                                     db, rendered, answersFile});
        QVERIFY2(checked.exitCode == 0, checked.err.constData());
        QCOMPARE(checked.out.trimmed(), QByteArray("ok"));

        // A reader's verdict on one of them joins the same prediction.
        const pulmo::test::Run verdict = pulmo::test::run(cli(), {"feedback", "--db", db, "add", "--file", m_images[1],
                                                                  "--verdict", "disagree", "--label", "PNEUMONIA"});
        QVERIFY2(verdict.exitCode == 0, verdict.err.constData());
        const pulmo::test::Run joined = pulmo::test::run(
            python(),
            {"-c",
             "import sqlite3, sys\n"
             "c = sqlite3.connect(sys.argv[1])\n"
             "print(c.execute('SELECT count(*) FROM monitoring_observations o JOIN verdicts v ON "
             "v.prediction_id = o.prediction_id WHERE v.corrected_label = ?', ('PNEUMONIA',)).fetchone()[0])\n",
             db});
        QCOMPARE(joined.out.trimmed(), QByteArray("1"));
    }

    void feedbackAdd_andResults_recordTheirPredictionsToo()
    {
        // `feedback add` analyses an image it has no prediction of: that prediction is recorded
        // once, joined to its verdict; `results --audit-db` records its predictions there.
        const QString db = m_work.filePath(QStringLiteral("add.sqlite"));
        const pulmo::test::Run added = pulmo::test::run(
            cli(), {"feedback", "--db", db, "add", "--file", m_images[1], "--verdict", "agree", "--reader", "dr.m"});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        const QString audit = m_work.filePath(QStringLiteral("results-audit.sqlite"));
        const pulmo::test::Run results =
            pulmo::test::run(cli(), {"results", m_images[0], m_images[2], "--out",
                                     m_work.filePath(QStringLiteral("results")), "--audit-db", audit});
        QVERIFY2(results.exitCode == 0, results.err.constData());
        const pulmo::test::Run counted = pulmo::test::run(
            python(), {"-c",
                       "import sqlite3, sys\n"
                       "a = sqlite3.connect(sys.argv[1])\n"
                       "print(a.execute('SELECT count(*) FROM monitoring_observations o JOIN verdicts v ON "
                       "v.prediction_id = o.prediction_id WHERE o.source = \"cli\"').fetchone()[0])\n"
                       "b = sqlite3.connect(sys.argv[2])\n"
                       "print(b.execute('SELECT count(*) FROM monitoring_observations').fetchone()[0])",
                       db, audit});
        QVERIFY2(counted.exitCode == 0, counted.err.constData());
        QCOMPARE(counted.out.trimmed(), QByteArray("1\n2"));
    }

    void infer_record_badTimes_areRefusedNamingTheValue()
    {
        const QString db = m_work.filePath(QStringLiteral("bad.sqlite"));
        const pulmo::test::Run local =
            pulmo::test::run(cli(), {"infer", "--record", db, "--at", "2026-03-01T09:30:00", m_images[0]});
        QCOMPARE(local.exitCode, 2);
        QVERIFY2(local.err.contains("--at: \"2026-03-01T09:30:00\" is not an ISO 8601 time with its zone"),
                 local.err.constData());
        const pulmo::test::Run junk =
            pulmo::test::run(cli(), {"infer", "--record", db, "--at", "yesterday", m_images[0]});
        QCOMPARE(junk.exitCode, 2);
        QVERIFY2(junk.err.contains("\"yesterday\""), junk.err.constData());
        const pulmo::test::Run alone = pulmo::test::run(cli(), {"infer", "--at", "2026-03-01T09:30:00Z", m_images[0]});
        QCOMPARE(alone.exitCode, 2);
        QVERIFY2(alone.err.contains("--at needs --record"), alone.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestMonitoring)
#include "tst_monitoring.moc"
