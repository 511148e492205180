// pulmo-ai-host, the inference plugin in its own process (RemoteBackend.h): the same answers as the
// plugin loaded in this process, bit for bit; errors keep their kind across the socket; a host that
// is killed, missing or closed gives a reason and never a hang or a crash of this process.
#include "PluginLoader.h"
#include "RemoteBackend.h"

#include <QtTest>

#include <signal.h>
#include <sys/types.h>

#include <cerrno>
#include <cstring>
#include <random>

using namespace pulmo::inference;

namespace {

const std::string kModel = PULMO_SOURCE_DIR "/resources/models/pulmo-demo-resnet18.pt";

HostSettings hostSettings()
{
    HostSettings settings;
    settings.hostPath = PULMO_AI_HOST_PATH;
    settings.pluginPath = PULMO_PLUGIN_PATH;
    return settings;
}

GrayImage testImage(int width, int height, unsigned seed)
{
    // A bright disc on a gradient with noise: something for the model to look at, different per seed.
    GrayImage image{width, height, std::vector<uint8_t>(size_t(width) * size_t(height))};
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> noise(-20, 20);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const double dx = x - width * 0.4, dy = y - height * 0.6;
            int value = int(60 + 100.0 * y / height + noise(random));
            if (dx * dx + dy * dy < (width * 0.15) * (width * 0.15)) value += 80;
            image.pixels[size_t(y) * size_t(width) + size_t(x)] = uint8_t(std::clamp(value, 0, 255));
        }
    return image;
}

bool sameBits(const std::vector<float>& a, const std::vector<float>& b)
{
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

bool processExists(pid_t pid)
{
    return ::kill(pid, 0) == 0 || errno != ESRCH;
}

}  // namespace

class TestAiHost : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void remote_givesTheInProcessAnswers_bitForBit()
    {
        std::string error;
        const BackendHandle local = loadBackend(PULMO_PLUGIN_PATH, &error);
        QVERIFY2(local, error.c_str());
        const auto host = RemoteHost::start(hostSettings());
        const BackendHandle remote = host->backend(&error);
        QVERIFY2(remote, error.c_str());
        QCOMPARE(remote->info().libraryVersion, local->info().libraryVersion);
        QCOMPARE(remote->info().devices, local->info().devices);

        const std::unique_ptr<Classifier> here = local->loadModel(kModel, "cpu");
        const std::unique_ptr<Classifier> there = remote->loadModel(kModel, "cpu");
        QCOMPARE(there->identity().sha256, here->identity().sha256);
        QCOMPARE(there->identity().format, here->identity().format);
        QCOMPARE(there->identity().camMethod, here->identity().camMethod);
        QCOMPARE(there->identity().card.name, here->identity().card.name);
        QCOMPARE(there->identity().card.labels, here->identity().card.labels);
        QCOMPARE(there->identity().card.threshold, here->identity().card.threshold);
        QCOMPARE(there->identity().card.metricsJson, here->identity().card.metricsJson);

        const std::vector<GrayImage> images{testImage(512, 400, 1), testImage(300, 333, 2)};
        PredictOptions options;
        options.keepModelInput = true;
        options.heatmapAtImageSize = true;
        const std::vector<Prediction> expected = here->predict(images, options);
        const std::vector<Prediction> got = there->predict(images, options);
        QCOMPARE(got.size(), expected.size());
        for (size_t i = 0; i < got.size(); ++i) {
            QCOMPARE(got[i].label, expected[i].label);
            QCOMPARE(got[i].predictedIndex, expected[i].predictedIndex);
            QVERIFY(sameBits(got[i].logits, expected[i].logits));
            QVERIFY(sameBits(got[i].probabilities, expected[i].probabilities));
            QCOMPARE(got[i].camWidth, expected[i].camWidth);
            QVERIFY(!got[i].camRaw.empty());
            QVERIFY(sameBits(got[i].camRaw, expected[i].camRaw));
            QCOMPARE(got[i].heatmap, expected[i].heatmap);
            QCOMPARE(got[i].heatmapWidth, images[i].width);
            QVERIFY(sameBits(got[i].modelInput, expected[i].modelInput));
        }
        // The two images differ, so equal answers are not an accident of a constant output.
        QVERIFY(!sameBits(got[0].camRaw, got[1].camRaw));
        QVERIFY(sameBits(there->modelInput(images[1]), here->modelInput(images[1])));
    }

    void errors_keepTheirKindAcrossTheSocket()
    {
        const auto host = RemoteHost::start(hostSettings());
        std::string error;
        const BackendHandle remote = host->backend(&error);
        QVERIFY2(remote, error.c_str());
        try {
            remote->loadModel("/nonexistent/model.pt", "cpu");
            QFAIL("a missing model loaded");
        } catch (const InferenceError& failure) {
            QCOMPARE(int(failure.kind()), int(InferenceError::Kind::ModelMissing));
            QCOMPARE(failure.arguments().at(0), std::string("/nonexistent/model.pt"));
        }
        try {
            remote->loadModel(kModel, "cuda:7");
            QFAIL("a device that does not exist was accepted");
        } catch (const InferenceError& failure) {
            QCOMPARE(int(failure.kind()), int(InferenceError::Kind::DeviceUnavailable));
        }
        // The host survives its refusals.
        QVERIFY(remote->loadModel(kModel, "cpu"));
        QVERIFY(host->alive());
    }

    void missingPlugin_isReportedAsThePluginsError()
    {
        HostSettings settings = hostSettings();
        settings.pluginPath = "/nonexistent/libpulmo_inference_torch.so";
        const auto host = RemoteHost::start(settings);
        std::string error;
        ErrorInfo info;
        QVERIFY(!host->backend(&error, &info));
        QCOMPARE(int(info.kind), int(InferenceError::Kind::PluginMissing));
        QCOMPARE(info.arguments.at(0), settings.pluginPath);
        QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("not found")), error.c_str());
    }

    void missingHost_isAClearError()
    {
        HostSettings settings = hostSettings();
        settings.hostPath = "/nonexistent/pulmo-ai-host";
        const auto host = RemoteHost::start(settings);
        std::string error;
        ErrorInfo info;
        QVERIFY(!host->backend(&error, &info));
        QCOMPARE(int(info.kind), int(InferenceError::Kind::AiProcessFailed));
        QCOMPARE(info.arguments.at(0), settings.hostPath);
        QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("not found")), error.c_str());
        QVERIFY(!host->alive());
    }

    void killedHost_givesAReasonAtOnce_notAHang()
    {
        const auto host = RemoteHost::start(hostSettings());
        std::string error;
        const BackendHandle remote = host->backend(&error);
        QVERIFY2(remote, error.c_str());
        const std::unique_ptr<Classifier> classifier = remote->loadModel(kModel, "cpu");
        const std::vector<GrayImage> image{testImage(256, 256, 3)};
        QCOMPARE(classifier->predict(image, {}).size(), size_t(1));
        QVERIFY(::kill(host->pid(), SIGKILL) == 0);
        QElapsedTimer clock;
        clock.start();
        for (int attempt = 0; attempt < 2; ++attempt) {
            try {
                classifier->predict(image, {});
                QFAIL("a killed host answered");
            } catch (const InferenceError& failure) {
                QCOMPARE(int(failure.kind()), int(InferenceError::Kind::AiProcessFailed));
                QVERIFY2(QString::fromStdString(failure.what()).contains(QStringLiteral("SIGKILL")), failure.what());
            }
        }
        QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(!host->alive());
        // A new host starts as if nothing happened.
        const auto again = RemoteHost::start(hostSettings());
        const BackendHandle fresh = again->backend(&error);
        QVERIFY2(fresh, error.c_str());
        QCOMPARE(fresh->loadModel(kModel, "cpu")->predict(image, {}).size(), size_t(1));
    }

    void closingTheHost_endsItsProcess()
    {
        pid_t pid = -1;
        {
            const auto host = RemoteHost::start(hostSettings());
            std::string error;
            QVERIFY2(host->backend(&error), error.c_str());
            pid = host->pid();
            QVERIFY(pid > 0);
            QVERIFY(processExists(pid));
        }
        QVERIFY(!processExists(pid));  // ended and reaped: no zombie left behind
    }

    void closingAHostStillLoading_doesNotWaitForIt()
    {
        pid_t pid = -1;
        QElapsedTimer clock;
        {
            const auto host = RemoteHost::start(hostSettings());
            pid = host->pid();
            clock.start();
        }  // LibTorch is still loading there: killed, not waited for
        QVERIFY2(clock.elapsed() < 400, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(!processExists(pid));
    }
};

QTEST_GUILESS_MAIN(TestAiHost)
#include "tst_aihost.moc"
