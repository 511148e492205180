// The inference engine against Python PyTorch as the oracle: real TorchScript models (torchvision's
// resnet18 with fixed random weights, made by tests/oracle/make_model.py), the tensor the model saw
// dumped by pulmo-cli and re-run in Python, Grad-CAM against a hook-and-full-backward reference,
// the preprocessing against torchvision's PIL recipe, every refused-model case, the decision
// threshold, and the background worker's cancellation and non-blocking submit.
#include "InferenceBackend.h"
#include "InferenceWorker.h"
#include "ModelCard.h"
#include "PluginLoader.h"
#include "TorchClassifier.h"
#include "Trainer.h"
#include "dicom/DicomWriter.h"

#include <QtTest>

#include "support/ProcessRun.h"
#include "support/TestLocales.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <atomic>
#include <cmath>
#include <future>
#include <mutex>

using namespace pulmo;
using namespace pulmo::inference;

namespace {

using pulmo::test::Run;
using pulmo::test::run;

Run python(const QString& script, const QStringList& arguments)
{
    return run(QStringLiteral(PULMO_SYSTEM_PYTHON),
               QStringList{QStringLiteral(PULMO_SOURCE_DIR "/tests/oracle/") + script} + arguments);
}

std::vector<float> loadNpyFloats(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    const QByteArray bytes = file.readAll();
    const quint16 headerLength = qFromLittleEndian<quint16>(bytes.constData() + 8);
    const int offset = 10 + headerLength;
    std::vector<float> values(size_t(bytes.size() - offset) / sizeof(float));
    std::memcpy(values.data(), bytes.constData() + offset, values.size() * sizeof(float));
    return values;
}

double correlation(const std::vector<double>& a, const std::vector<double>& b)
{
    const size_t n = a.size();
    double meanA = 0, meanB = 0;
    for (size_t i = 0; i < n; ++i) {
        meanA += a[i];
        meanB += b[i];
    }
    meanA /= double(n);
    meanB /= double(n);
    double covariance = 0, varianceA = 0, varianceB = 0;
    for (size_t i = 0; i < n; ++i) {
        covariance += (a[i] - meanA) * (b[i] - meanB);
        varianceA += (a[i] - meanA) * (a[i] - meanA);
        varianceB += (b[i] - meanB) * (b[i] - meanB);
    }
    return covariance / std::sqrt(varianceA * varianceB);
}

GrayImage syntheticGray(int width, int height, unsigned seed)
{
    GrayImage image;
    image.width = width;
    image.height = height;
    image.pixels.resize(size_t(width) * size_t(height));
    std::mt19937 random(seed);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const double value = 128 + 90 * std::sin(x / 17.0) * std::cos(y / 23.0) + int(random() % 21) - 10;
            image.pixels[size_t(y) * size_t(width) + size_t(x)] = uint8_t(std::clamp(value, 0.0, 255.0));
        }
    return image;
}

}  // namespace

class TestInference : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    QString m_image;  // a non-square DX, 12-bit, with structure
    BackendHandle m_backend;

    QString model(const QString& name) const { return m_work.filePath(name); }

    void makeModel(const QString& name, const QString& kind, const QString& card = {})
    {
        QStringList arguments{model(name), kind};
        if (!card.isEmpty()) arguments << QStringLiteral("--card") << card;
        const Run made = python(QStringLiteral("make_model.py"), arguments);
        QVERIFY2(made.exitCode == 0, made.err.constData());
    }

    QString loadError(const QString& path)
    {
        try {
            m_backend->loadModel(path.toStdString(), "cpu");
        } catch (const std::exception& error) {
            return QString::fromUtf8(error.what());
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        std::string error;
        m_backend = loadBackend(PULMO_PLUGIN_PATH, &error);
        QVERIFY2(m_backend, error.c_str());

        makeModel(QStringLiteral("linear.pt"), QStringLiteral("linear"),
                  QStringLiteral(R"({"name":"test-linear","version":"1.0","intended_use":"tests"})"));
        makeModel(QStringLiteral("mlp.pt"), QStringLiteral("mlp"));
        makeModel(QStringLiteral("three_class.pt"), QStringLiteral("three_class"));
        makeModel(QStringLiteral("fixed_bias.pt"), QStringLiteral("fixed_bias"));
        makeModel(QStringLiteral("tiny_cnn.pt"), QStringLiteral("tiny_cnn"));
        makeModel(QStringLiteral("plain.pth"), QStringLiteral("state_dict"));
        makeModel(QStringLiteral("ordered.pth"), QStringLiteral("ordered_state_dict"));
        // Grad-CAM on layer3 (14x14, as the demo model's card asks): a partial backward pass.
        makeModel(QStringLiteral("plain_layer3.pth"), QStringLiteral("state_dict"),
                  QStringLiteral(R"({"cam_layer":"layer3"})"));
        makeModel(QStringLiteral("linear_layer3.pt"), QStringLiteral("linear"),
                  QStringLiteral(R"({"cam_layer":"layer3"})"));

        dicom::GrayImageSpec spec;
        spec.rows = 400;
        spec.columns = 300;
        spec.bitsStored = 12;
        spec.highBit = 11;
        spec.modality = "DX";
        spec.voiPresets = {dicom::VoiPreset::window(2048, 3500)};
        for (int y = 0; y < spec.rows; ++y)
            for (int x = 0; x < spec.columns; ++x) {
                const double dx = (x - 150) / 150.0, dy = (y - 200) / 200.0;
                const double value =
                    3000 - 2200 * (dx * dx + dy * dy) + 400 * std::sin(y / 9.0) + (x > 180 && y > 220 ? 600 : 0);
                spec.storedValues.push_back(int32_t(std::clamp(value, 0.0, 4095.0)));
            }
        m_image = m_work.filePath(QStringLiteral("dx_300x400.dcm"));
        dicom::writeGrayImage(m_image.toStdString(), spec);
    }

    void infer_logitsAndGradCamMatchPyTorch_data()
    {
        QTest::addColumn<QString>("modelFile");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("camMethod");
        QTest::addColumn<QString>("camLayer");
        QTest::addColumn<int>("camSide");
        QTest::newRow("torchscript linear head") << "linear.pt"
                                                 << "linear"
                                                 << "linear-head"
                                                 << "layer4" << 7;
        QTest::newRow("torchscript mlp head") << "mlp.pt"
                                              << "mlp"
                                              << "autograd"
                                              << "layer4" << 7;
        QTest::newRow("plain state_dict") << "plain.pth"
                                          << "state_dict"
                                          << "linear-head"
                                          << "layer4" << 7;
        QTest::newRow("plain state_dict, layer3") << "plain_layer3.pth"
                                                  << "state_dict"
                                                  << "autograd"
                                                  << "layer3" << 14;
        QTest::newRow("torchscript, layer3") << "linear_layer3.pt"
                                             << "linear"
                                             << "autograd"
                                             << "layer3" << 14;
    }

    void infer_logitsAndGradCamMatchPyTorch()
    {
        QFETCH(QString, modelFile);
        QFETCH(QString, kind);
        QFETCH(QString, camMethod);
        QFETCH(QString, camLayer);
        QFETCH(int, camSide);
        const QString dump = m_work.filePath(QStringLiteral("dump_") + QFileInfo(modelFile).baseName());
        const Run inferred =
            run(QStringLiteral(PULMO_CLI_PATH),
                {QStringLiteral("infer"), QStringLiteral("--model"), model(modelFile), QStringLiteral("--device"),
                 QStringLiteral("cpu"), QStringLiteral("--dump-dir"), dump, QStringLiteral("--json"), m_image});
        QVERIFY2(inferred.exitCode == 0, inferred.err.constData());
        const QJsonObject result = QJsonDocument::fromJson(inferred.out).object();
        QCOMPARE(result.value("model").toObject().value("cam_method").toString(), camMethod);
        for (const char* key : {"input", "sop_instance_uid", "label", "probabilities", "indeterminate", "model",
                                "device", "timing_ms", "model_input", "cam"})
            QVERIFY2(result.contains(QLatin1String(key)), key);

        const Run oracle =
            python(QStringLiteral("torch_oracle.py"),
                   {model(modelFile), kind, result.value("model_input").toString(), QStringLiteral("1"), camLayer});
        QVERIFY2(oracle.exitCode == 0, oracle.err.constData());
        const QJsonObject expected = QJsonDocument::fromJson(oracle.out).object();
        const QJsonArray expectedLogits = expected.value("logits").toArray();
        const QJsonObject logits = result.value("logits").toObject();
        const double maxDelta = std::max(std::abs(logits.value("NORMAL").toDouble() - expectedLogits[0].toDouble()),
                                         std::abs(logits.value("PNEUMONIA").toDouble() - expectedLogits[1].toDouble()));
        qInfo("max |delta logit| = %.3g", maxDelta);
        QVERIFY(maxDelta <= 1e-4);

        const std::vector<float> ours = loadNpyFloats(result.value("cam").toString());
        const QJsonArray theirs = expected.value("cam").toArray();
        QCOMPARE(ours.size(), size_t(theirs.size()));
        QCOMPARE(expected.value("cam_shape").toArray(), (QJsonArray{camSide, camSide}));
        std::vector<double> a(ours.begin(), ours.end());
        std::vector<double> b;
        for (const QJsonValue& value : theirs) b.push_back(value.toDouble());
        const double r = correlation(a, b);
        qInfo("Grad-CAM correlation with the hook-based full-backward reference: %.6f", r);
        QVERIFY(r >= 0.999);
        QCOMPARE(std::max_element(a.begin(), a.end()) - a.begin(), std::max_element(b.begin(), b.end()) - b.begin());
    }

    void preprocessing_matchesTorchvisionOnPil()
    {
        const QString png = m_work.filePath(QStringLiteral("rendered.png"));
        QCOMPARE(run(QStringLiteral(PULMO_CLI_PATH), {QStringLiteral("render"), m_image, QStringLiteral("-o"), png})
                     .exitCode,
                 0);
        const QString pil = m_work.filePath(QStringLiteral("pil.npy"));
        const Run recipe = python(QStringLiteral("pil_preprocess.py"), {png, pil});
        QVERIFY2(recipe.exitCode == 0, recipe.err.constData());
        const std::vector<float> expected = loadNpyFloats(pil);
        QCOMPARE(expected.size(), size_t(3 * 224 * 224));

        QImage image(png);
        image = image.convertToFormat(QImage::Format_Grayscale8);
        GrayImage gray;
        gray.width = image.width();
        gray.height = image.height();
        for (int y = 0; y < image.height(); ++y)
            gray.pixels.insert(gray.pixels.end(), image.constScanLine(y), image.constScanLine(y) + image.width());

        TorchClassifier antialiased(model(QStringLiteral("linear.pt")).toStdString(), "cpu");
        const torch::Tensor ours = antialiased.prepareInput(gray).contiguous();
        // The same, without antialiasing, to show what it would cost.
        QFile::copy(model(QStringLiteral("linear.pt")), model(QStringLiteral("aliased.pt")));
        QFile card(model(QStringLiteral("aliased.json")));
        QVERIFY(card.open(QIODevice::WriteOnly));
        card.write(R"({"interpolation": "bilinear"})");
        card.close();
        TorchClassifier aliased(model(QStringLiteral("aliased.pt")).toStdString(), "cpu");
        const torch::Tensor plain = aliased.prepareInput(gray).contiguous();

        // Differences in 8-bit grey levels of the resized image (undo each channel's Normalize std).
        const double stdev[3] = {0.229, 0.224, 0.225};
        const auto levels = [&](const torch::Tensor& tensor, double& worst, double& mean) {
            const float* values = tensor.data_ptr<float>();
            worst = 0;
            mean = 0;
            for (size_t i = 0; i < expected.size(); ++i) {
                const double difference = std::abs(values[i] - expected[i]) * stdev[i / (224 * 224)] * 255.0;
                worst = std::max(worst, difference);
                mean += difference;
            }
            mean /= double(expected.size());
        };
        double worstAa, meanAa, worstPlain, meanPlain;
        levels(ours, worstAa, meanAa);
        levels(plain, worstPlain, meanPlain);
        qInfo("vs PIL: antialiased bilinear worst %.3f mean %.4f grey levels; plain bilinear worst %.3f mean %.4f",
              worstAa, meanAa, worstPlain, meanPlain);
        // PIL resamples in fixed point, LibTorch in float: a grey level apart at most, rarely.
        QVERIFY(worstAa <= 1.001);
        QVERIFY(meanAa <= 0.2);
        QVERIFY(meanPlain > meanAa);
        QVERIFY(worstPlain > 3.0 * worstAa);
    }

    void linearHeadCam_equalsAutogradCam()
    {
        TorchClassifier classifier(model(QStringLiteral("linear.pt")).toStdString(), "cpu");
        QCOMPARE(QString::fromStdString(classifier.identity().camMethod), QStringLiteral("linear-head"));
        const torch::Tensor input = classifier.prepareInput(syntheticGray(320, 256, 3));
        for (int64_t c = 0; c < 2; ++c) {
            const torch::Tensor fast = classifier.camByLinearHead(input, c);
            const torch::Tensor general = classifier.camByAutograd(input, c);
            const double scale = general.abs().max().item<double>();
            QVERIFY(scale > 0);
            QVERIFY2(((fast - general).abs().max().item<double>() <= 1e-5 * scale), "fast and general Grad-CAM differ");
        }
    }

    void decision_isIndeterminateBelowTheThreshold()
    {
        // fixed_bias: probabilities are exactly 0.25 / 0.75 whatever the image.
        const GrayImage image = syntheticGray(100, 120, 1);
        auto confident = m_backend->loadModel(model(QStringLiteral("fixed_bias.pt")).toStdString(), "cpu");
        const Prediction above = confident->predict({image}, {}).front();
        QVERIFY(std::abs(above.probabilities[1] - 0.75f) < 1e-6f);
        QCOMPARE(QString::fromStdString(above.label), QStringLiteral("PNEUMONIA"));
        QVERIFY(!above.indeterminate);

        QFile card(model(QStringLiteral("fixed_bias.json")));
        QVERIFY(card.open(QIODevice::WriteOnly));
        card.write(R"({"name":"strict","threshold":0.8})");
        card.close();
        auto strict = m_backend->loadModel(model(QStringLiteral("fixed_bias.pt")).toStdString(), "cpu");
        const Prediction below = strict->predict({image}, {}).front();
        QCOMPARE(QString::fromStdString(below.label), QStringLiteral("INDETERMINATE"));
        QVERIFY(below.indeterminate);
        QCOMPARE(below.predictedIndex, 1);  // the leaning is kept, the label is not NORMAL
        QFile::remove(model(QStringLiteral("fixed_bias.json")));
    }

    void refusedModels_sayWhy_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("reason");
        QTest::newRow("missing file") << "does_not_exist.pt"
                                      << "not found";
        QTest::newRow("corrupt file") << "corrupt.pt"
                                      << "not a TorchScript model";
        QTest::newRow("wrong architecture") << "tiny_cnn.pt"
                                            << "not a resnet18 layout";
        QTest::newRow("three classes, default card") << "three_class.pt"
                                                     << "3 outputs";
        QTest::newRow("OrderedDict state_dict") << "ordered.pth"
                                                << "convert_state_dict.py";
        QTest::newRow("malformed card") << "bad_card.pt"
                                        << "bad_card.json";
        QTest::newRow("card with three labels for two outputs") << "mismatch.pt"
                                                                << "names 3 classes";
    }

    void refusedModels_sayWhy()
    {
        QFETCH(QString, file);
        QFETCH(QString, reason);
        if (file == QLatin1String("corrupt.pt")) {
            QFile corrupt(model(file));
            QVERIFY(corrupt.open(QIODevice::WriteOnly));
            corrupt.write(QByteArray(5000, '\x42'));
        }
        if (file == QLatin1String("bad_card.pt")) {
            QFile::copy(model(QStringLiteral("linear.pt")), model(file));
            QFile card(model(QStringLiteral("bad_card.json")));
            QVERIFY(card.open(QIODevice::WriteOnly));
            card.write(R"({"threshold": "high"})");
        }
        if (file == QLatin1String("mismatch.pt")) {
            QFile::copy(model(QStringLiteral("linear.pt")), model(file));
            QFile card(model(QStringLiteral("mismatch.json")));
            QVERIFY(card.open(QIODevice::WriteOnly));
            card.write(R"({"labels": ["NORMAL", "PNEUMONIA", "OTHER"]})");
        }
        const QString error = loadError(model(file));
        qInfo("%s", qPrintable(error));
        QVERIFY2(!error.isEmpty(), "the model was accepted");
        QVERIFY2(error.contains(reason), qPrintable(error));

        // The CLI says the same in one line and exits 1.
        const Run cli = run(QStringLiteral(PULMO_CLI_PATH),
                            {QStringLiteral("infer"), QStringLiteral("--model"), model(file), m_image});
        QCOMPARE(cli.exitCode, 1);
        QCOMPARE(cli.err.count('\n'), 1);
    }

    void card_withANonFiniteOrOutOfRangeNumber_isRefusedNamingTheFileAndTheField_data()
    {
        QTest::addColumn<QByteArray>("card");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("problem");  // the card problem the application words
        // JSON has no NaN or Infinity: nlohmann refuses them, and numbers past a double's range, as it parses.
        QTest::newRow("threshold NaN") << QByteArray(R"({"name": "x",
  "threshold": NaN})") << "threshold"
                                       << "invalid literal"
                                       << "not_json";
        QTest::newRow("threshold Infinity") << QByteArray(R"({"threshold": Infinity})") << "threshold"
                                            << "invalid literal"
                                            << "not_json";
        QTest::newRow("threshold -Infinity") << QByteArray(R"({"threshold": -Infinity})") << "threshold"
                                             << "parse error"
                                             << "not_json";
        QTest::newRow("threshold 1e999") << QByteArray(R"({"threshold": 1e999})") << "threshold"
                                         << "number overflow parsing '1e999'"
                                         << "not_json";
        QTest::newRow("threshold -1e999") << QByteArray(R"({"threshold": -1e999})") << "threshold"
                                          << "number overflow parsing '-1e999'"
                                          << "not_json";
        QTest::newRow("mean NaN") << QByteArray(R"({"mean": [0.485, NaN, 0.406]})") << "mean"
                                  << "invalid literal"
                                  << "not_json";
        QTest::newRow("std 1e999") << QByteArray(R"({"std": [0.229, 1e999, 0.225]})") << "std"
                                   << "number overflow"
                                   << "not_json";
        QTest::newRow("std -1e999") << QByteArray(R"({"std": [-1e999, 0.224, 0.225]})") << "std"
                                    << "number overflow"
                                    << "not_json";
        QTest::newRow("metrics NaN, nested")
            << QByteArray(R"({"metrics": {"test": {"loss": NaN}}})") << "metrics.test.loss"
            << "invalid literal"
            << "not_json";
        // Well-formed JSON, out of range.
        QTest::newRow("threshold 0") << QByteArray(R"({"threshold": 0})") << "threshold"
                                     << "must be a number in (0, 1], not 0"
                                     << "must_be_number_in_range";
        QTest::newRow("threshold 1.5") << QByteArray(R"({"threshold": 1.5})") << "threshold"
                                       << "must be a number in (0, 1], not 1.5"
                                       << "must_be_number_in_range";
        QTest::newRow("threshold -0.1") << QByteArray(R"({"threshold": -0.1})") << "threshold"
                                        << "must be a number in (0, 1], not -0.1"
                                        << "must_be_number_in_range";
        QTest::newRow("threshold \"0.7\"") << QByteArray(R"({"threshold": "0.7"})") << "threshold"
                                           << "must be a number in (0, 1]"
                                           << "must_be_number_in_range";
        QTest::newRow("std 0") << QByteArray(R"({"std": [0.229, 0, 0.225]})") << "std"
                               << "item 2 is 0"
                               << "must_be_three_positive_numbers";
        QTest::newRow("std -0.2") << QByteArray(R"({"std": [0.229, 0.224, -0.2]})") << "std"
                                  << "item 3 is -0.2"
                                  << "must_be_three_positive_numbers";
        QTest::newRow("std 1e39, past a float") << QByteArray(R"({"std": [1e39, 0.224, 0.225]})") << "std"
                                                << "finite"
                                                << "must_be_three_positive_numbers";
        QTest::newRow("mean \"x\"") << QByteArray(R"({"mean": [0.485, "x", 0.406]})") << "mean"
                                    << "item 2 is \"x\""
                                    << "must_be_three_finite_numbers";
        QTest::newRow("mean of two") << QByteArray(R"({"mean": [0.485, 0.456]})") << "mean"
                                     << "must be an array of 3 numbers"
                                     << "must_be_three_numbers";
        QTest::newRow("input_size 224.5") << QByteArray(R"({"input_size": 224.5})") << "input_size"
                                          << "whole number from 32 to 2048"
                                          << "must_be_whole_number_in_range";
        QTest::newRow("input_size 16") << QByteArray(R"({"input_size": 16})") << "input_size"
                                       << "whole number from 32 to 2048"
                                       << "must_be_whole_number_in_range";
        QTest::newRow("input_size 1e999") << QByteArray(R"({"input_size": 1e999})") << "input_size"
                                          << "number overflow"
                                          << "not_json";
    }

    void card_withANonFiniteOrOutOfRangeNumber_isRefusedNamingTheFileAndTheField()
    {
        QFETCH(QByteArray, card);
        QFETCH(QString, field);
        QFETCH(QString, reason);
        QFETCH(QString, problem);
        const QString path = m_work.filePath(QStringLiteral("refused card.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(card) == card.size());
        file.close();
        QString error;
        QStringList arguments;
        QString kind;
        try {
            readModelCard(m_work.filePath(QStringLiteral("refused card.pt")).toStdString());
        } catch (const InferenceError& refused) {
            error = QString::fromUtf8(refused.what());
            kind = QLatin1String(toString(refused.kind()));
            for (const std::string& each : refused.arguments()) arguments << QString::fromStdString(each);
        }
        qInfo("%s", qPrintable(error));
        QVERIFY2(!error.isEmpty(), "the card was accepted");
        QVERIFY2(error.startsWith(path + QLatin1Char(':')), qPrintable(error));
        QVERIFY2(error.contains(QLatin1Char('\'') + field + QLatin1Char('\'')), qPrintable(error));
        QVERIFY2(error.contains(reason), qPrintable(error));
        // The same as a kind and parameters, for the application's own words.
        QCOMPARE(arguments.value(0), path);
        if (problem == QLatin1String("not_json")) {
            QCOMPARE(kind, QStringLiteral("card_unreadable"));
            QCOMPARE(arguments.value(2), problem);
        } else {
            QCOMPARE(kind, QStringLiteral("card_invalid"));
            QCOMPARE(arguments.value(1), field);
            QCOMPARE(arguments.value(3), problem);
            if (problem.contains(QLatin1String("in_range")))
                QCOMPARE(arguments.mid(4), field == QLatin1String("threshold")
                                               ? QStringList({QStringLiteral("0"), QStringLiteral("1")})
                                               : QStringList({QStringLiteral("32"), QStringLiteral("2048")}));
            if (problem.contains(QLatin1String("three_positive")) || problem.contains(QLatin1String("three_finite")))
                QCOMPARE(arguments.size(), 5);  // the item that is not
        }
    }

    /// The demo card as shipped reads as Python's json module reads it, in C, German and French locales
    /// alike (the C library's decimal comma must not matter to the parser).
    void card_bundledDemoCard_readsAsPythonReadsIt_inEveryLocale()
    {
        const QString path = QStringLiteral(PULMO_SOURCE_DIR "/resources/models/pulmo-demo-resnet18.json");
        const Run oracle = run(QStringLiteral(PULMO_SYSTEM_PYTHON),
                               {QStringLiteral("-c"),
                                QStringLiteral("import json, sys\n"
                                               "card = json.load(open(sys.argv[1], encoding='utf-8'))\n"
                                               "card['metrics'] = json.dumps(card['metrics'], separators=(',', ':'), "
                                               "ensure_ascii=False)\n"
                                               "print(json.dumps(card))\n"),
                                path});
        QVERIFY2(oracle.exitCode == 0, oracle.err.constData());
        const QJsonObject expected = QJsonDocument::fromJson(oracle.out).object();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const std::string text = file.readAll().toStdString();
        for (const char* name : test::kTestLocales) {
            const QString problem = test::localeProblem(name);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            const test::ScopedLocale locale(name);
            QVERIFY(locale.ok());
            if (QByteArray(name) != "C") QCOMPARE(std::strtod("0.7", nullptr), 0.0);  // strtod would stop at '.'
            const ModelCard card = parseModelCard(text, path.toStdString());
            QCOMPARE(QString::fromStdString(card.name), expected.value("name").toString());
            QCOMPARE(QString::fromStdString(card.version), expected.value("version").toString());
            QCOMPARE(card.labels.size(), size_t(expected.value("labels").toArray().size()));
            for (size_t i = 0; i < card.labels.size(); ++i)
                QCOMPARE(QString::fromStdString(card.labels[i]),
                         expected.value("labels").toArray()[qsizetype(i)].toString());
            QCOMPARE(QString::fromStdString(card.positiveLabel), expected.value("positive_label").toString());
            QCOMPARE(card.inputSize, expected.value("input_size").toInt());
            for (size_t i = 0; i < 3; ++i) {
                QCOMPARE(card.mean[i], float(expected.value("mean").toArray()[qsizetype(i)].toDouble()));
                QCOMPARE(card.std[i], float(expected.value("std").toArray()[qsizetype(i)].toDouble()));
            }
            QCOMPARE(QString::fromStdString(card.interpolation), expected.value("interpolation").toString());
            QCOMPARE(QString::fromStdString(card.camLayer), expected.value("cam_layer").toString());
            QCOMPARE(card.threshold, expected.value("threshold").toDouble());
            QCOMPARE(card.threshold, 0.7);
            QCOMPARE(QString::fromStdString(card.intendedUse), expected.value("intended_use").toString());
            QCOMPARE(QString::fromStdString(card.trainingData), expected.value("training_data").toString());
            QCOMPARE(card.clinicalUse, expected.value("clinical_use").toBool(true));
            QCOMPARE(QString::fromStdString(card.metricsJson), expected.value("metrics").toString());
        }
    }

    /// The trainer's card, written in-process under each locale: the same text but for the date and
    /// the timings, every number with a decimal point (the sentences too: "[-7.5, 7.5] degrees",
    /// "62.5/25/12.5"), the float triples as their shortest text, and it reads back as trained.
    void train_cardIsTheSameInEveryLocale_andReadsBack()
    {
        std::vector<TrainingSample> samples;
        for (int i = 0; i < 12; ++i)
            samples.push_back({"image" + std::to_string(i), "patient" + std::to_string(i / 2),
                               i % 2 ? "PNEUMONIA" : "NORMAL", DataSplit::Unassigned});
        const ImageLoader loader = [](size_t index) { return syntheticGray(40, 48, unsigned(index)); };
        TrainingOptions options;
        options.device = "cpu";
        options.epochs = 1;
        options.batchSize = 4;
        options.learningRate = 0.0005;
        options.seed = 3;
        options.maxRotationDegrees = 7.5;
        options.validationShare = 0.25;
        options.testShare = 0.125;
        options.card.name = "locale test, \"quoted\"";
        options.card.version = "0.1";
        options.card.inputSize = 32;
        options.card.mean = {0.485f, 0.456f, 0.406f};
        options.card.std = {0.229f, 0.224f, 0.225f};
        options.card.threshold = 0.65;
        options.trainingDataJson = R"({"share": 0.125, "images": 12})";
        QStringList cards;
        QByteArray firstModel;
        for (const char* name : test::kTestLocales) {
            const QString problem = test::localeProblem(name);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            const test::ScopedLocale locale(name);
            QVERIFY(locale.ok());
            options.outputPath =
                m_work.filePath(QStringLiteral("locale-%1/model.pt").arg(QLatin1String(name))).toStdString();
            QVERIFY(QDir().mkpath(QFileInfo(QString::fromStdString(options.outputPath)).path()));
            const TrainingReport report = trainClassifier(samples, loader, options, {});
            QFile written(QString::fromStdString(report.cardPath));
            QVERIFY(written.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(written.readAll());
            QCOMPARE(text, QString::fromStdString(report.cardJson));
            QVERIFY2(QJsonDocument::fromJson(text.toUtf8()).isObject(), qPrintable(text));
            QVERIFY2(text.contains(QLatin1String("random rotation uniform in [-7.5, 7.5] degrees")), qPrintable(text));
            QVERIFY2(text.contains(QLatin1String("by patient, 62.5/25/12.5 (train/val/test)")), qPrintable(text));
            QVERIFY2(text.contains(QLatin1String("\"threshold\": 0.65,")), qPrintable(text));
            QVERIFY2(text.contains(QLatin1String("\"learning_rate\": 0.0005,")), qPrintable(text));
            QVERIFY2(text.contains(QLatin1String("0.485,")) && !text.contains(QLatin1String("0.48500")),
                     qPrintable(text));
            QVERIFY2(text.contains(QLatin1String("\"share\": 0.125,")), qPrintable(text));
            QVERIFY2(!QRegularExpression(QStringLiteral("\\d,\\d")).match(text).hasMatch(), qPrintable(text));
            const ModelCard back = parseModelCard(report.cardJson, report.cardPath);
            QCOMPARE(back.threshold, 0.65);
            QCOMPARE(back.inputSize, 32);
            QCOMPARE(back.mean, options.card.mean);
            QCOMPARE(back.std, options.card.std);
            QCOMPARE(QString::fromStdString(back.name), QStringLiteral("locale test, \"quoted\""));
            // The date and the timings are the run's own; the rest must not depend on the locale.
            static const QRegularExpression volatileLine(
                QStringLiteral("^ *\"(date|train_seconds|images_per_s)\": .*\\n"), QRegularExpression::MultilineOption);
            cards << QString(text).remove(volatileLine);
            QFile model(QString::fromStdString(report.modelPath));
            QVERIFY(model.open(QIODevice::ReadOnly));
            const QByteArray weights = model.readAll();
            if (firstModel.isEmpty()) firstModel = weights;
            QVERIFY2(weights == firstModel, "training is not reproducible across the runs");
        }
        for (qsizetype i = 1; i < cards.size(); ++i) QCOMPARE(cards[i], cards[0]);
    }

    void infer_onAFolder_reportsEveryImageAndNamesTheBadOnes()
    {
        const QString folder = m_work.filePath(QStringLiteral("folder/sub"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::copy(m_image, folder + QStringLiteral("/a.dcm")));
        QVERIFY(QFile::copy(QStringLiteral(PULMO_PYDICOM_TEST_FILES "/CT_small.dcm"),
                            m_work.filePath(QStringLiteral("folder/b.dcm"))));
        QFile junk(m_work.filePath(QStringLiteral("folder/notes.txt")));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not an image");
        junk.close();
        const Run inferred =
            run(QStringLiteral(PULMO_CLI_PATH),
                {QStringLiteral("infer"), QStringLiteral("--model"), model(QStringLiteral("linear.pt")),
                 QStringLiteral("--json"), m_work.filePath(QStringLiteral("folder"))});
        QCOMPARE(inferred.exitCode, 1);  // one input was not an image
        const QList<QByteArray> lines = inferred.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        for (const QByteArray& line : lines) {
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            QVERIFY(object.value("label").toString() == QLatin1String("NORMAL") ||
                    object.value("label").toString() == QLatin1String("PNEUMONIA") ||
                    object.value("label").toString() == QLatin1String("INDETERMINATE"));
        }
        QCOMPARE(inferred.err.count('\n'), 1);
        QVERIFY(inferred.err.contains("notes.txt"));
    }

    void orderedDictStateDict_convertedWithTheShippedScript_givesTheSameModel()
    {
        const QString converted = model(QStringLiteral("converted.pt"));
        const Run conversion = run(QStringLiteral(PULMO_SYSTEM_PYTHON),
                                   {QStringLiteral(PULMO_SOURCE_DIR "/inference/tools/convert_state_dict.py"),
                                    model(QStringLiteral("ordered.pth")), converted});
        QVERIFY2(conversion.exitCode == 0, conversion.err.constData());
        // ordered.pth and plain.pth hold the same weights (same seed), saved two ways.
        auto fromConverted = m_backend->loadModel(converted.toStdString(), "cpu");
        auto fromPlain = m_backend->loadModel(model(QStringLiteral("plain.pth")).toStdString(), "cpu");
        const GrayImage image = syntheticGray(256, 256, 9);
        const Prediction a = fromConverted->predict({image}, {}).front();
        const Prediction b = fromPlain->predict({image}, {}).front();
        for (size_t c = 0; c < 2; ++c) QVERIFY(std::abs(a.logits[c] - b.logits[c]) < 1e-4f);
    }

    void modelWithoutCard_runsWithDefaultsAndSaysSo()
    {
        auto classifier = m_backend->loadModel(model(QStringLiteral("mlp.pt")).toStdString(), "cpu");
        QVERIFY(!classifier->identity().card.hasCard);
        QCOMPARE(classifier->identity().card.threshold, 0.70);
        QCOMPARE(QString::fromStdString(classifier->identity().sha256).size(), 64);
        // The SHA-256 agrees with coreutils.
        const Run sum = run(QStringLiteral("sha256sum"), {model(QStringLiteral("mlp.pt"))});
        QCOMPARE(QString::fromUtf8(sum.out).section(QLatin1Char(' '), 0, 0),
                 QString::fromStdString(classifier->identity().sha256));
    }

    void heatmap_coversTheImageAndExplainsThePositiveLabel()
    {
        auto classifier = m_backend->loadModel(model(QStringLiteral("linear.pt")).toStdString(), "cpu");
        const GrayImage image = syntheticGray(300, 200, 5);  // not square
        PredictOptions atImageSize;
        atImageSize.heatmapAtImageSize = true;
        const Prediction prediction = classifier->predict({image}, atImageSize).front();
        QCOMPARE(prediction.camClass, 1);  // PNEUMONIA, the card's positive label
        QCOMPARE(prediction.heatmapWidth, 300);
        QCOMPARE(prediction.heatmapHeight, 200);
        QCOMPARE(prediction.heatmap.size(), size_t(300 * 200));
        QCOMPARE(*std::max_element(prediction.heatmap.begin(), prediction.heatmap.end()), uint8_t(255));
        QCOMPARE(prediction.camWidth, 7);
        QCOMPARE(prediction.camHeight, 7);
    }

    void result_byDefault_holdsTheSmallMapAndNeitherTheHeatmapNorTheInput()
    {
        auto classifier = m_backend->loadModel(model(QStringLiteral("linear_layer3.pt")).toStdString(), "cpu");
        const Prediction prediction = classifier->predict({syntheticGray(300, 200, 5)}, {}).front();
        QCOMPARE(prediction.camWidth, 14);
        QCOMPARE(prediction.camHeight, 14);
        QCOMPARE(prediction.camRaw.size(), size_t(14 * 14));
        QVERIFY(*std::max_element(prediction.camRaw.begin(), prediction.camRaw.end()) > 0.0f);
        QVERIFY(prediction.heatmap.empty());
        QCOMPARE(prediction.heatmapWidth, 0);
        QVERIFY(prediction.modelInput.empty());
    }

    void modelInput_isWhatPredictFedTheModel()
    {
        auto classifier = m_backend->loadModel(model(QStringLiteral("linear_layer3.pt")).toStdString(), "cpu");
        const GrayImage image = syntheticGray(310, 240, 4);
        PredictOptions keep;
        keep.keepModelInput = true;
        const Prediction prediction = classifier->predict({image}, keep).front();
        const std::vector<float> input = classifier->modelInput(image);
        QCOMPARE(input.size(), size_t(3 * 224 * 224));
        QVERIFY(input == prediction.modelInput);  // bit for bit: the same preprocessing
        QVERIFY(input != classifier->modelInput(syntheticGray(310, 240, 5)));
    }

    void layer3Batch_givesEachImageItsOwnLogitsAndMap_data()
    {
        QTest::addColumn<QString>("modelFile");
        QTest::newRow("torchscript") << "linear_layer3.pt";
        QTest::newRow("state_dict") << "plain_layer3.pth";
    }

    void layer3Batch_givesEachImageItsOwnLogitsAndMap()
    {
        // One backward pass for the whole batch: the sum of the batch's scores, whose gradient is each
        // image's own because the images do not interact in eval mode.
        QFETCH(QString, modelFile);
        auto classifier = m_backend->loadModel(model(modelFile).toStdString(), "cpu");
        QCOMPARE(QString::fromStdString(classifier->identity().camMethod), QStringLiteral("autograd"));
        const std::vector<GrayImage> images = {syntheticGray(200, 260, 1), syntheticGray(310, 240, 2),
                                               syntheticGray(224, 224, 3)};
        const std::vector<Prediction> together = classifier->predict(images, {});
        QCOMPARE(together.size(), images.size());
        for (size_t i = 0; i < images.size(); ++i) {
            const Prediction alone = classifier->predict({images[i]}, {}).front();
            for (size_t c = 0; c < 2; ++c) QVERIFY(std::abs(alone.logits[c] - together[i].logits[c]) < 1e-4f);
            QCOMPARE(together[i].camRaw.size(), size_t(14 * 14));
            const float peak = *std::max_element(alone.camRaw.begin(), alone.camRaw.end());
            QVERIFY(peak > 0.0f);
            for (size_t cell = 0; cell < alone.camRaw.size(); ++cell)
                QVERIFY2(std::abs(alone.camRaw[cell] - together[i].camRaw[cell]) <= 1e-4f * peak,
                         qPrintable(QStringLiteral("image %1 cell %2").arg(i).arg(cell)));
        }
        QVERIFY(together[0].camRaw != together[1].camRaw);
    }

    void batch_givesTheSameAnswersAsOneByOne()
    {
        auto classifier = m_backend->loadModel(model(QStringLiteral("linear.pt")).toStdString(), "cpu");
        const std::vector<GrayImage> images = {syntheticGray(200, 260, 1), syntheticGray(310, 240, 2),
                                               syntheticGray(224, 224, 3)};
        const std::vector<Prediction> together = classifier->predict(images, {});
        for (size_t i = 0; i < images.size(); ++i) {
            const Prediction alone = classifier->predict({images[i]}, {}).front();
            for (size_t c = 0; c < 2; ++c) QVERIFY(std::abs(alone.logits[c] - together[i].logits[c]) < 1e-4f);
        }
    }

    void worker_neverBlocksItsCallerAndCancelsQueuedWork()
    {
        std::promise<void> release;
        std::shared_future<void> gate = release.get_future().share();
        std::atomic<int> delivered{0};
        std::atomic<int> failed{0};
        WorkerSettings settings;
        settings.pluginPath = PULMO_PLUGIN_PATH;
        settings.modelPath = model(QStringLiteral("linear.pt")).toStdString();
        settings.device = "cpu";
        settings.maxBatch = 1;
        settings.options.heatmapAtImageSize = false;
        InferenceWorker worker(settings, [&](InferenceResult result) {
            gate.wait();  // hold the worker inside its first delivery
            ++delivered;
            if (!result.ok) ++failed;
        });
        QCOMPARE(QString::fromStdString(worker.waitUntilReady()), QString());
        worker.submit("first", syntheticGray(64, 64, 1));
        // The worker is now (or soon) stuck in the callback; submitting must still return at once.
        for (int i = 0; i < 20; ++i) worker.submit("queued-" + std::to_string(i), syntheticGray(64, 64, unsigned(i)));
        QVERIFY(worker.pendingCount() >= 19);
        const size_t dropped = worker.cancelPending();
        QVERIFY(dropped >= 19);
        QCOMPARE(worker.pendingCount(), size_t(0));
        release.set_value();
        QTRY_COMPARE(delivered.load(), int(21 - dropped));
        QCOMPARE(failed.load(), 0);
    }

    void worker_modelInputJob_deliversTheModelInputAlone()
    {
        std::mutex mutex;
        std::vector<InferenceResult> results;
        WorkerSettings settings;
        settings.pluginPath = PULMO_PLUGIN_PATH;
        settings.modelPath = model(QStringLiteral("linear_layer3.pt")).toStdString();
        settings.device = "cpu";
        InferenceWorker worker(settings, [&](InferenceResult result) {
            std::lock_guard<std::mutex> lock(mutex);
            results.push_back(std::move(result));
        });
        QCOMPARE(QString::fromStdString(worker.waitUntilReady()), QString());
        const GrayImage image = syntheticGray(300, 200, 6);
        const uint64_t classified = worker.submit("classify", image);
        const uint64_t input = worker.submitModelInput("input", image);
        const auto delivered = [&] {
            std::lock_guard<std::mutex> lock(mutex);
            return results.size();
        };
        QTRY_COMPARE_WITH_TIMEOUT(delivered(), size_t(2), 60000);
        std::lock_guard<std::mutex> lock(mutex);
        // In queue order, each its own kind.
        QCOMPARE(results[0].jobId, classified);
        QVERIFY(results[0].ok);
        QVERIFY(!results[0].modelInputOnly);
        QCOMPARE(results[0].prediction.probabilities.size(), size_t(2));
        QCOMPARE(results[1].jobId, input);
        QCOMPARE(results[1].key, std::string("input"));
        QVERIFY2(results[1].ok, results[1].error.c_str());
        QVERIFY(results[1].modelInputOnly);
        QVERIFY(results[1].model);
        QVERIFY(results[1].prediction.probabilities.empty());
        QVERIFY(results[1].prediction.camRaw.empty());
        auto classifier = m_backend->loadModel(settings.modelPath, "cpu");
        QVERIFY(results[1].prediction.modelInput == classifier->modelInput(image));
    }

    void worker_withoutAModel_reportsAiUnavailable()
    {
        std::atomic<int> results{0};
        std::string lastError;
        std::mutex mutex;
        WorkerSettings settings;
        settings.pluginPath = PULMO_PLUGIN_PATH;
        settings.modelPath = model(QStringLiteral("does_not_exist.pt")).toStdString();
        InferenceWorker worker(settings, [&](InferenceResult result) {
            std::lock_guard<std::mutex> lock(mutex);
            QVERIFY(!result.ok);
            lastError = result.error;
            ++results;
        });
        QVERIFY(QString::fromStdString(worker.waitUntilReady()).startsWith(QStringLiteral("AI unavailable: ")));
        QVERIFY(!worker.model());
        worker.submit("x", syntheticGray(32, 32, 1));
        worker.submitModelInput("y", syntheticGray(32, 32, 1));  // no model, no preprocessing either
        QTRY_COMPARE(results.load(), 2);
        std::lock_guard<std::mutex> lock(mutex);
        QVERIFY(QString::fromStdString(lastError).contains(QStringLiteral("not found")));
    }
};

QTEST_GUILESS_MAIN(TestInference)
#include "tst_inference.moc"
