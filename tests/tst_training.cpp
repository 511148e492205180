// `pulmo-cli train` and `pulmo-cli evaluate` end to end, on small phantoms (24 images of 256x256):
// a short run lowers the training loss and writes a state_dict that the engine loads and that
// Python PyTorch (torch.load + torchvision's resnet18.load_state_dict) reproduces logit for logit;
// the split keeps each patient on one side; the same seed gives the same file byte for byte; the
// ImageFolder layout of a feedback export is read and --init fine-tunes; evaluate's figures agree
// with its own per-image rows. This test links no LibTorch: it uses the plugin like the CLI does.
#include "InferenceBackend.h"
#include "PluginLoader.h"

#include "support/CsvOracle.h"
#include "support/ProcessRun.h"
#include "support/TestLocales.h"

#include <QtTest>

#include <QCryptographicHash>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <cmath>

using namespace pulmo::inference;

namespace {

using pulmo::test::Run;
using pulmo::test::run;

Run cli(const QStringList& arguments)
{
    return run(QStringLiteral(PULMO_CLI_PATH), arguments);
}

QList<QJsonObject> jsonLines(const QByteArray& out)
{
    QList<QJsonObject> lines;
    for (const QByteArray& line : out.trimmed().split('\n'))
        if (!line.isEmpty()) lines << QJsonDocument::fromJson(line).object();
    return lines;
}

QJsonObject readJson(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

bool writeJson(const QString& path, const QJsonObject& object)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(QJsonDocument(object).toJson()) > 0;
}

QByteArray sha256(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
}

/// Rows of a CSV file with a header, as Python's csv module reads them.
QList<QMap<QString, QString>> readCsv(const QString& path)
{
    QString error;
    const QList<QMap<QString, QString>> rows = pulmo::test::csvRowsWithPython(path, &error);
    if (!error.isEmpty()) qWarning("%s: %s", qPrintable(path), qPrintable(error));
    return rows;
}

QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

class TestTraining : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    QString m_phantoms;  // 24 DICOM phantoms with sidecars: 12 patients, two studies each
    QString m_model;     // trained by the first run
    Run m_training;
    BackendHandle m_backend;

    QString path(const QString& name) const { return m_work.filePath(name); }

    QStringList trainArguments(const QString& out, int epochs) const
    {
        return {QStringLiteral("train"),
                QStringLiteral("--data"),
                m_phantoms,
                QStringLiteral("--out"),
                out,
                QStringLiteral("--epochs"),
                QString::number(epochs),
                QStringLiteral("--batch"),
                QStringLiteral("8"),
                QStringLiteral("--seed"),
                QStringLiteral("5"),
                QStringLiteral("--device"),
                QStringLiteral("cpu"),
                QStringLiteral("--json")};
    }

    /// infer --dump-dir on one image, then the Python oracle on the dumped input: logits within 1e-4.
    void verifyPyTorchReproduces(const QString& model, const QString& image)
    {
        const QString dump = path(QFileInfo(model).completeBaseName() + QStringLiteral("_dump"));
        const Run inferred =
            cli({QStringLiteral("infer"), QStringLiteral("--model"), model, QStringLiteral("--device"),
                 QStringLiteral("cpu"), QStringLiteral("--dump-dir"), dump, QStringLiteral("--json"), image});
        QVERIFY2(inferred.exitCode == 0, inferred.err.constData());
        const QJsonObject result = QJsonDocument::fromJson(inferred.out).object();
        QCOMPARE(result.value("model").toObject().value("format").toString(), QStringLiteral("state_dict"));
        const Run oracle =
            run(QStringLiteral(PULMO_SYSTEM_PYTHON),
                {QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/torch_oracle.py"), model, QStringLiteral("state_dict"),
                 result.value("model_input").toString(), QStringLiteral("1")});
        QVERIFY2(oracle.exitCode == 0, oracle.err.constData());
        const QJsonArray expected = QJsonDocument::fromJson(oracle.out).object().value("logits").toArray();
        const QJsonObject logits = result.value("logits").toObject();
        const double delta = std::max(std::abs(logits.value("NORMAL").toDouble() - expected[0].toDouble()),
                                      std::abs(logits.value("PNEUMONIA").toDouble() - expected[1].toDouble()));
        qInfo("%s: max |delta logit| against Python PyTorch = %.3g", qPrintable(QFileInfo(model).fileName()), delta);
        QVERIFY(delta <= 1e-4);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        std::string error;
        m_backend = loadBackend(PULMO_PLUGIN_PATH, &error);
        QVERIFY2(m_backend, error.c_str());

        m_phantoms = path(QStringLiteral("phantoms"));
        // Twelve patients with two studies each (the phantom's follow-up studies: one patient ID,
        // a study UID each), so that the split has whole patients to keep together.
        const Run made =
            cli({QStringLiteral("phantom"), QStringLiteral("--out"), m_phantoms, QStringLiteral("--patients"),
                 QStringLiteral("12"), QStringLiteral("--seed"), QStringLiteral("11"), QStringLiteral("--size"),
                 QStringLiteral("256"), QStringLiteral("--follow-up-fraction"), QStringLiteral("1"),
                 QStringLiteral("--max-studies"), QStringLiteral("2")});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        const QStringList sidecars = QDir(m_phantoms).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QCOMPARE(sidecars.size(), 24);
        QSet<QString> patientIds, studyUids;
        for (int i = 0; i < sidecars.size(); ++i) {
            const QJsonObject sidecar = readJson(QDir(m_phantoms).filePath(sidecars[i]));
            // In name order the two studies of a patient are neighbours (SYN11-0001-S2, SYN11-0001).
            QCOMPARE(sidecar.value("patient_id").toString(),
                     QStringLiteral("SYN11-%1").arg(i / 2 + 1, 4, 10, QLatin1Char('0')));
            patientIds << sidecar.value("patient_id").toString();
            studyUids << sidecar.value("study_instance_uid").toString();
        }
        QCOMPARE(patientIds.size(), 12);
        QCOMPARE(studyUids.size(), 24);

        // Without augmentation the loss shows the optimisation alone: on 16 training images a few
        // Adam steps must lower it (the other runs below augment).
        m_model = path(QStringLiteral("first/model.pt"));
        QStringList arguments = trainArguments(m_model, 4);
        arguments << QStringLiteral("--no-augment") << QStringLiteral("--split-csv")
                  << path(QStringLiteral("first/split.csv"));
        m_training = cli(arguments);
        QVERIFY2(m_training.exitCode == 0, m_training.err.constData());
    }

    void train_reportsEveryEpochAndLowersTheTrainingLoss()
    {
        const QList<QJsonObject> lines = jsonLines(m_training.out);
        QCOMPARE(lines.size(), 4 + 1);  // four epochs, then the result
        for (int epoch = 0; epoch < 4; ++epoch) {
            const QJsonObject line = lines[epoch];
            QCOMPARE(line.value("event").toString(), QStringLiteral("epoch"));
            QCOMPARE(line.value("epoch").toInt(), epoch + 1);
            for (const char* key : {"train_loss", "train_accuracy", "val_loss", "val_accuracy", "images_per_s", "best"})
                QVERIFY2(line.contains(QLatin1String(key)), key);
            QVERIFY(line.value("images_per_s").toDouble() > 0.0);
        }
        const double first = lines.first().value("train_loss").toDouble();
        const double last = lines[3].value("train_loss").toDouble();
        qInfo("training loss: epoch 1 %.4f -> epoch 4 %.4f", first, last);
        QVERIFY(last < first);
        QVERIFY(lines.first().value("best").toBool());  // the first epoch is always the best so far
        const QJsonObject done = lines.last();
        QCOMPARE(done.value("event").toString(), QStringLiteral("done"));
        QCOMPARE(done.value("cpu_threads").toInt(), QThread::idealThreadCount());
        QVERIFY(done.value("best_epoch").toInt() >= 1);
    }

    void train_writesAModelTheEngineLoadsAndPyTorchReproduces()
    {
        const std::unique_ptr<Classifier> classifier = m_backend->loadModel(m_model.toStdString(), "cpu");
        QCOMPARE(QString::fromStdString(classifier->identity().format), QStringLiteral("state_dict"));
        QVERIFY(classifier->identity().card.hasCard);
        // The trainer's cards ask for Grad-CAM on layer3 (14x14): a partial backward pass, not the head's rows.
        QCOMPARE(QString::fromStdString(classifier->identity().camMethod), QStringLiteral("autograd"));
        verifyPyTorchReproduces(m_model, QDir(m_phantoms).filePath(QStringLiteral("SYN11-0001.dcm")));
    }

    void train_keepsTheHeadCentredOverTheClasses()
    {
        // The part of the head that both classes share changes no probability and gets no gradient:
        // started at zero it stays there, so the PNEUMONIA heatmap is evidence against NORMAL only.
        const Run sums = run(QStringLiteral(PULMO_SYSTEM_PYTHON),
                             {QStringLiteral("-c"),
                              QStringLiteral("import sys, torch\n"
                                             "sd = torch.load(sys.argv[1], map_location='cpu')\n"
                                             "w = sd['fc.weight'].double()\n"
                                             "print(float(w.sum(0).abs().max() / w.abs().max()))"),
                              m_model});
        QVERIFY2(sums.exitCode == 0, sums.err.constData());
        const double shared = sums.out.trimmed().toDouble();
        qInfo("largest |w_NORMAL + w_PNEUMONIA| / largest |w| = %.3g", shared);
        QVERIFY(shared < 1e-4);
    }

    void train_cardSaysWhatTheModelIsAndThatItIsNotForClinicalUse()
    {
        const QJsonObject card = readJson(path(QStringLiteral("first/model.json")));
        QCOMPARE(card.value("labels").toArray(), (QJsonArray{"NORMAL", "PNEUMONIA"}));
        QCOMPARE(card.value("positive_label").toString(), QStringLiteral("PNEUMONIA"));
        QCOMPARE(card.value("input_size").toInt(), 224);
        QCOMPARE(card.value("mean").toArray().size(), 3);
        QCOMPARE(card.value("std").toArray().size(), 3);
        QCOMPARE(card.value("interpolation").toString(), QStringLiteral("bilinear_antialias"));
        QCOMPARE(card.value("cam_layer").toString(), QStringLiteral("layer3"));  // the trainer's default
        QCOMPARE(card.value("threshold").toDouble(), 0.7);
        QCOMPARE(card.value("clinical_use").toBool(true), false);
        const QString trainingData = card.value("training_data").toString();
        QVERIFY2(trainingData.contains(QLatin1String("synthetic phantom images")), qPrintable(trainingData));
        QVERIFY2(trainingData.contains(QLatin1String("not a medical device")), qPrintable(trainingData));
        QVERIFY2(trainingData.contains(QLatin1String("not for clinical use")), qPrintable(trainingData));
        QVERIFY(trainingData.contains(QLatin1String("24 images of 12 patients")));
        QVERIFY(card.value("intended_use").toString().contains(QLatin1String("not for clinical use")));
        QVERIFY(!card.value("date").toString().isEmpty());
        const QJsonObject metrics = card.value("metrics").toObject();
        QVERIFY(metrics.value("validation").toObject().value("n").toInt() > 0);
        QVERIFY(metrics.value("test").toObject().value("n").toInt() > 0);
        const QJsonObject training = card.value("training").toObject();
        QVERIFY(training.value("completed").toBool());
        QCOMPARE(training.value("augmentation").toString(), QStringLiteral("none"));
        QCOMPARE(training.value("seed").toInt(), 5);
        QCOMPARE(training.value("learning_rate").toDouble(), 0.001);
        QCOMPARE(training.value("batch_size").toInt(), 8);
        QCOMPARE(training.value("history").toArray().size(), 4);
        QCOMPARE(training.value("weights_dtype").toString(), QStringLiteral("float32"));
        QCOMPARE(training.value("data").toObject().value("phantom_seeds").toArray(), QJsonArray{11});
        // Written for people too: whole numbers as such ("24", not "2.4e+01").
        QFile text(path(QStringLiteral("first/model.json")));
        QVERIFY(text.open(QIODevice::ReadOnly));
        const QByteArray written = text.readAll();
        QVERIFY2(!written.contains("e+"), written.constData());
        QVERIFY(written.contains("\"images\": 24"));
    }

    void train_splitsByPatientNeverByImage()
    {
        const QList<QMap<QString, QString>> rows = readCsv(path(QStringLiteral("first/split.csv")));
        QCOMPARE(rows.size(), 24);
        QMap<QString, QSet<QString>> splitsOfPatient;
        QMap<QString, int> imagesPerSplit;
        for (const auto& row : rows) {
            splitsOfPatient[row.value(QStringLiteral("patient_id"))].insert(row.value(QStringLiteral("split")));
            ++imagesPerSplit[row.value(QStringLiteral("split"))];
        }
        QCOMPARE(splitsOfPatient.size(), 12);
        for (auto it = splitsOfPatient.cbegin(); it != splitsOfPatient.cend(); ++it)
            QVERIFY2(it.value().size() == 1, qPrintable(it.key() + QStringLiteral(" is in more than one split")));
        QVERIFY(imagesPerSplit.value(QStringLiteral("train")) > 0);
        QVERIFY(imagesPerSplit.value(QStringLiteral("val")) > 0);
        QVERIFY(imagesPerSplit.value(QStringLiteral("test")) > 0);
        const QJsonObject done = jsonLines(m_training.out).last();
        QCOMPARE(done.value("images").toObject().value("train").toInt(), imagesPerSplit.value(QStringLiteral("train")));
        const QJsonObject patients = done.value("patients").toObject();
        QCOMPARE(patients.value("train").toInt() + patients.value("val").toInt() + patients.value("test").toInt(), 12);
    }

    void train_isDeterministicForASeed()
    {
        // With augmentation (random flips, rotations and batch order, all drawn from the seed).
        const QString first = path(QStringLiteral("seeded/a.pt"));
        const QString second = path(QStringLiteral("seeded/b.pt"));
        for (const QString& model : {first, second}) {
            const Run trained = cli(trainArguments(model, 2));
            QVERIFY2(trained.exitCode == 0, trained.err.constData());
        }
        QCOMPARE(sha256(first), sha256(second));
        QVERIFY(sha256(first) != sha256(m_model));  // the augmented run did train differently
    }

    void train_readsAnImageFolderExportAndFineTunesWithInit()
    {
        // A feedback-export layout: train|val|test/NORMAL|PNEUMONIA/*.png, PNGs of the display image.
        // Its manifest.csv names each file's patient (the file names are hashes); here the
        // patients are the study pairs of initTestCase, and pairs 2, 5, 8 and 11 straddle val and test.
        const QString export_ = path(QStringLiteral("export"));
        const QStringList files = QDir(m_phantoms).entryList({QStringLiteral("*.dcm")}, QDir::Files, QDir::Name);
        QByteArray manifest = "file,split,label,patient_key\n";
        QMap<QString, int> expected;
        for (int i = 0; i < files.size(); ++i) {
            const QString split = i % 6 < 4    ? QStringLiteral("train")
                                  : i % 6 == 4 ? QStringLiteral("val")
                                               : QStringLiteral("test");
            const QString label =
                readJson(QDir(m_phantoms).filePath(QFileInfo(files[i]).completeBaseName() + QStringLiteral(".json")))
                    .value("label")
                    .toString();
            const QString folder = export_ + QLatin1Char('/') + split + QLatin1Char('/') + label;
            QVERIFY(QDir().mkpath(folder));
            const QString name = QStringLiteral("img%1.png").arg(i);
            const Run rendered = cli({QStringLiteral("render"), QDir(m_phantoms).filePath(files[i]),
                                      QStringLiteral("-o"), folder + QLatin1Char('/') + name});
            QVERIFY2(rendered.exitCode == 0, rendered.err.constData());
            manifest += QStringLiteral("%1/%2/%3,%1,%2,PAIR-%4\n").arg(split, label, name).arg(i / 2).toUtf8();
            ++expected[split];
        }
        QFile manifestFile(export_ + QStringLiteral("/manifest.csv"));
        QVERIFY(manifestFile.open(QIODevice::WriteOnly) && manifestFile.write(manifest) == manifest.size());
        manifestFile.close();
        const QString tuned = path(QStringLiteral("tuned/model.pt"));
        const Run fineTuning =
            cli({QStringLiteral("train"), QStringLiteral("--data"), export_, QStringLiteral("--out"), tuned,
                 QStringLiteral("--init"), m_model, QStringLiteral("--epochs"), QStringLiteral("1"),
                 QStringLiteral("--lr"), QStringLiteral("0.0001"), QStringLiteral("--half"), QStringLiteral("--device"),
                 QStringLiteral("cpu"), QStringLiteral("--json")});
        QVERIFY2(fineTuning.exitCode == 0, fineTuning.err.constData());
        const QJsonObject done = jsonLines(fineTuning.out).last();
        QCOMPARE(done.value("layout").toString(), QStringLiteral("imagefolder"));
        const QJsonObject images = done.value("images").toObject();
        QCOMPARE(images.value("train").toInt(), expected.value(QStringLiteral("train")));
        QCOMPARE(images.value("val").toInt(), expected.value(QStringLiteral("val")));
        QCOMPARE(images.value("test").toInt(), expected.value(QStringLiteral("test")));
        QCOMPARE(done.value("weights_dtype").toString(), QStringLiteral("float16"));
        // 12 patients from the manifest; the four in val and in test are counted in both, and named.
        const QJsonObject patients = done.value("patients").toObject();
        QCOMPARE(patients.value("train").toInt(), 8);
        QCOMPARE(patients.value("val").toInt(), 4);
        QCOMPARE(patients.value("test").toInt(), 4);
        const QJsonArray warnings = done.value("warnings").toArray();
        QVERIFY2(QJsonDocument(warnings).toJson().contains("PAIR-2"), QJsonDocument(warnings).toJson().constData());
        QVERIFY(fineTuning.err.contains("PAIR-2"));

        const QJsonObject card = readJson(path(QStringLiteral("tuned/model.json")));
        const QJsonObject init = card.value("training").toObject().value("init").toObject();
        QCOMPARE(init.value("sha256").toString().toLatin1(), sha256(m_model));
        QCOMPARE(card.value("training").toObject().value("split").toString().left(5), QStringLiteral("given"));
        // float16 weights: about half the file, still read by the engine and by PyTorch.
        const double ratio = double(QFileInfo(tuned).size()) / double(QFileInfo(m_model).size());
        qInfo("float16 model: %lld bytes, %.3f of the float32 one", QFileInfo(tuned).size(), ratio);
        QVERIFY(ratio < 0.55);
        verifyPyTorchReproduces(tuned, QDir(m_phantoms).filePath(QStringLiteral("SYN11-0002.dcm")));
    }

    void evaluate_reportsFiguresThatAgreeWithItsOwnRows()
    {
        const QString roc = path(QStringLiteral("roc.png"));
        const QString rows = path(QStringLiteral("predictions.csv"));
        const Run evaluated = cli({QStringLiteral("evaluate"), QStringLiteral("--model"), m_model, m_phantoms,
                                   QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--roc"), roc,
                                   QStringLiteral("--predictions"), rows, QStringLiteral("--json")});
        QVERIFY2(evaluated.exitCode == 0, evaluated.err.constData());
        const QJsonObject result = QJsonDocument::fromJson(evaluated.out).object();
        for (const char* key : {"n", "accuracy", "sensitivity", "specificity", "ppv", "npv", "auc",
                                "indeterminate_rate", "pointing_game", "confusion", "accuracy_ci95", "metrics_over"})
            QVERIFY2(result.contains(QLatin1String(key)), key);
        QCOMPARE(result.value("n").toInt(), 24);

        // Recount from the per-image rows: decided cases, INDETERMINATE rate, pointing game.
        const QList<QMap<QString, QString>> predictions = readCsv(rows);
        QCOMPARE(predictions.size(), 24);
        int decided = 0, correct = 0, indeterminate = 0, hits = 0, pointed = 0, lesioned = 0;
        for (const auto& row : predictions) {
            const QString label = row.value(QStringLiteral("label"));
            if (label == QLatin1String("INDETERMINATE")) {
                ++indeterminate;
            } else {
                ++decided;
                correct += label == row.value(QStringLiteral("truth")) ? 1 : 0;
            }
            if (!row.value(QStringLiteral("pointing_game")).isEmpty()) ++pointed;
            hits += row.value(QStringLiteral("pointing_game")) == QLatin1String("hit") ? 1 : 0;
        }
        for (const QString& sidecar : QDir(m_phantoms).entryList({QStringLiteral("*.json")}, QDir::Files))
            lesioned += readJson(QDir(m_phantoms).filePath(sidecar)).value("lesions").toArray().isEmpty() ? 0 : 1;
        QCOMPARE(result.value("decided").toInt(), decided);
        QCOMPARE(result.value("indeterminate_rate").toDouble(), double(indeterminate) / 24.0);
        if (decided > 0) QCOMPARE(result.value("accuracy").toDouble(), double(correct) / double(decided));
        QCOMPARE(result.value("pointing_game_n").toInt(), lesioned);
        QCOMPARE(pointed, lesioned);
        QCOMPARE(result.value("pointing_game_hits").toInt(), hits);
        const double auc = result.value("auc").toDouble(-1.0);
        QVERIFY(auc >= 0.0 && auc <= 1.0);
        const QImage plot(roc);
        QCOMPARE(plot.size(), QSize(512, 512));
    }

    /// train and evaluate under C, de_DE.UTF-8 and fr_FR.UTF-8 (LC_ALL in pulmo-cli's environment) on
    /// a folder whose name holds a comma, a double quote and a newline: the weights, the card (but
    /// its date and timings), the split CSV, the predictions CSV and evaluate's figures are the same
    /// bytes in every locale, and Python's csv module reads the odd paths back as they are.
    void trainAndEvaluate_writeTheSameFilesInEveryLocale_andOddPathsRoundTrip()
    {
        const QString odd = path(QStringLiteral("odd, \"quoted\"\nfolder"));
        QVERIFY(QDir().mkpath(odd));
        QStringList expectedFiles;
        const QStringList files = QDir(m_phantoms).entryList({QStringLiteral("*.dcm")}, QDir::Files, QDir::Name);
        for (const QString& file : files.mid(0, 8)) {
            const QString sidecar = QFileInfo(file).completeBaseName() + QStringLiteral(".json");
            QVERIFY(QFile::copy(QDir(m_phantoms).filePath(file), QDir(odd).filePath(file)));
            QVERIFY(QFile::copy(QDir(m_phantoms).filePath(sidecar), QDir(odd).filePath(sidecar)));
            expectedFiles << QDir(odd).filePath(file);
        }
        const QString demo = QStringLiteral(PULMO_SOURCE_DIR "/resources/models/pulmo-demo-resnet18.pt");
        static const QRegularExpression volatileLine(QStringLiteral("^ *\"(date|train_seconds|images_per_s)\": .*\\n"),
                                                     QRegularExpression::MultilineOption);
        QMap<QString, QByteArray> first;  // what the C locale wrote
        for (const char* name : pulmo::test::kTestLocales) {
            const QString problem = pulmo::test::localeProblem(name);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            const QProcessEnvironment environment = pulmo::test::environmentWithLocale(name);
            const QString out = path(QStringLiteral("locale-%1").arg(QLatin1String(name)));
            const Run trained = run(QStringLiteral(PULMO_CLI_PATH),
                                    {QStringLiteral("train"), QStringLiteral("--data"), odd, QStringLiteral("--out"),
                                     out + QStringLiteral("/model.pt"), QStringLiteral("--epochs"), QStringLiteral("1"),
                                     QStringLiteral("--batch"), QStringLiteral("8"), QStringLiteral("--seed"),
                                     QStringLiteral("3"), QStringLiteral("--device"), QStringLiteral("cpu"),
                                     QStringLiteral("--split-csv"), out + QStringLiteral("/split.csv")},
                                    environment);
            QVERIFY2(trained.exitCode == 0, trained.err.constData());
            const Run evaluated =
                run(QStringLiteral(PULMO_CLI_PATH),
                    {QStringLiteral("evaluate"), QStringLiteral("--model"), demo, odd, QStringLiteral("--device"),
                     QStringLiteral("cpu"), QStringLiteral("--predictions"), out + QStringLiteral("/predictions.csv"),
                     QStringLiteral("--json")},
                    environment);
            QVERIFY2(evaluated.exitCode == 0, evaluated.err.constData());
            QJsonObject figures = QJsonDocument::fromJson(evaluated.out).object();
            QCOMPARE(figures.value("threshold").toDouble(), 0.7);  // the demo card, read under this locale
            figures.remove(QStringLiteral("seconds"));
            figures.remove(QStringLiteral("images_per_s"));

            const QByteArray card = fileBytes(out + QStringLiteral("/model.json"));
            QVERIFY2(QJsonDocument::fromJson(card).isObject(), card.constData());
            QVERIFY2(!QRegularExpression(QStringLiteral("\\d,\\d")).match(QString::fromUtf8(card)).hasMatch(),
                     card.constData());
            const QMap<QString, QByteArray> written{
                {QStringLiteral("model.pt"), fileBytes(out + QStringLiteral("/model.pt"))},
                {QStringLiteral("model.json without date and timings"),
                 QString::fromUtf8(card).remove(volatileLine).toUtf8()},
                {QStringLiteral("split.csv"), fileBytes(out + QStringLiteral("/split.csv"))},
                {QStringLiteral("predictions.csv"), fileBytes(out + QStringLiteral("/predictions.csv"))},
                {QStringLiteral("evaluate --json without timings"), QJsonDocument(figures).toJson()}};
            for (auto it = written.cbegin(); it != written.cend(); ++it) {
                QVERIFY2(!it.value().isEmpty(), qPrintable(it.key()));
                if (!first.contains(it.key())) first[it.key()] = it.value();
                QVERIFY2(it.value() == first[it.key()],
                         qPrintable(QStringLiteral("%1 differs under %2:\n%3\nin the C locale:\n%4")
                                        .arg(it.key(), QLatin1String(name), QString::fromUtf8(it.value()).left(2000),
                                             QString::fromUtf8(first[it.key()]).left(2000))));
            }
        }
        const QString out = path(QStringLiteral("locale-C"));
        QStringList splitFiles, predictionFiles;
        for (const auto& row : readCsv(out + QStringLiteral("/split.csv"))) splitFiles << row.value("file");
        QCOMPARE(splitFiles.size(), 8);
        for (const auto& row : readCsv(out + QStringLiteral("/predictions.csv"))) {
            predictionFiles << row.value("file");
            bool ok = false;
            const double probability = row.value("probability_positive").toDouble(&ok);  // C locale
            QVERIFY2(ok && probability >= 0.0 && probability <= 1.0, qPrintable(row.value("probability_positive")));
        }
        splitFiles.sort();
        predictionFiles.sort();
        expectedFiles.sort();
        QCOMPARE(splitFiles, expectedFiles);
        QCOMPARE(predictionFiles, expectedFiles);
    }

    /// The bundled demo model, with its card as shipped, on phantoms of a generator seed never used in
    /// training or in choosing the card's Grad-CAM layer: the demo-model issue's targets (accuracy >= 95%,
    /// pointing game >= 80%). A card back on layer4 scores about 0.5 here and fails.
    void demoModel_meetsItsTargetsOnFreshHeldOutPhantoms()
    {
        const QString heldOut = path(QStringLiteral("demo-heldout"));
        const Run made =
            cli({QStringLiteral("phantom"), QStringLiteral("--out"), heldOut, QStringLiteral("--patients"),
                 QStringLiteral("60"), QStringLiteral("--seed"), QStringLiteral("6000"), QStringLiteral("--size"),
                 QStringLiteral("512"), QStringLiteral("--pneumonia-fraction"), QStringLiteral("0.5")});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        const Run evaluated = cli({QStringLiteral("evaluate"), QStringLiteral("--model"),
                                   QStringLiteral(PULMO_SOURCE_DIR "/resources/models/pulmo-demo-resnet18.pt"), heldOut,
                                   QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--json")});
        QVERIFY2(evaluated.exitCode == 0, evaluated.err.constData());
        const QJsonObject result = QJsonDocument::fromJson(evaluated.out).object();
        qInfo("demo model on 60 fresh phantoms: accuracy %.3f over %d decided, pointing game %d / %d",
              result.value("accuracy").toDouble(), result.value("decided").toInt(),
              result.value("pointing_game_hits").toInt(), result.value("pointing_game_n").toInt());
        QCOMPARE(result.value("n").toInt(), 60);
        QVERIFY(result.value("decided").toInt() >= 55);
        QVERIFY(result.value("accuracy").toDouble() >= 0.95);
        QCOMPARE(result.value("pointing_game_n").toInt(), 30);
        QVERIFY(result.value("pointing_game").toDouble() >= 0.80);
    }

    void train_refusesLabelsTheModelDoesNotHave()
    {
        const QString folder = path(QStringLiteral("odd"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::copy(QDir(m_phantoms).filePath(QStringLiteral("SYN11-0001.dcm")),
                            folder + QStringLiteral("/x.dcm")));
        QVERIFY(writeJson(folder + QStringLiteral("/x.json"), QJsonObject{{"label", "COVID"}, {"patient_id", "X"}}));
        const Run refused = cli({QStringLiteral("train"), QStringLiteral("--data"), folder, QStringLiteral("--out"),
                                 path(QStringLiteral("odd.pt"))});
        QCOMPARE(refused.exitCode, 1);
        QCOMPARE(refused.err.count('\n'), 1);
        QVERIFY(refused.err.contains("COVID"));
        QCOMPARE(cli({QStringLiteral("train"), QStringLiteral("--out"), path(QStringLiteral("x.pt"))}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestTraining)
#include "tst_training.moc"
