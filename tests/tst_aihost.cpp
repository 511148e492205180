// pulmo-ai-host, the inference plugin in its own process (RemoteBackend.h): the same answers as the
// plugin loaded in this process, bit for bit; errors keep their kind across the socket; a host that
// is killed, missing or closed gives a reason and never a hang or a crash of this process.
#include "HostSocket.h"
#include "PluginLoader.h"
#include "RemoteBackend.h"

#include <QtTest>

#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

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

/// Runs: some thread of it has not ended (a leader that has exited while its other threads are still
/// ending keeps its descriptors, its listening socket among them). Reaps it when it is this process's
/// child and has ended.
bool running(pid_t pid)
{
    const pid_t waited = ::waitpid(pid, nullptr, WNOHANG);
    if (waited == pid) return false;  // ended, every thread, and reaped here
    if (waited == 0) return true;     // this process's child, not ended
    // Another's (a window's, which has gone): any thread not a zombie yet.
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString& task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(tasks.filePath(task) + QStringLiteral("/stat"));
        if (!stat.open(QIODevice::ReadOnly)) continue;
        const QByteArray line = stat.readAll();
        const int close = line.lastIndexOf(')');
        if (close > 0 && close + 2 < line.size() && line.at(close + 2) != 'Z' && line.at(close + 2) != 'X') return true;
    }
    return false;
}

/// A host kept loaded, in a runtime folder of the test's own.
HostSettings keptSettings(const QTemporaryDir& runtime, int seconds = 120)
{
    HostSettings settings = hostSettings();
    settings.keepLoadedSeconds = seconds;
    settings.runtimeDirectory = runtime.path().toStdString();
    return settings;
}

std::string keptSocket(const QTemporaryDir& runtime)
{
    return host::socketPath(runtime.path().toStdString(), PULMO_AI_HOST_PATH, PULMO_PLUGIN_PATH);
}

/// Ends a host kept loaded (SIGTERM) and waits until it has gone.
bool endKept(pid_t pid)
{
    if (pid <= 0) return false;
    ::kill(pid, SIGTERM);
    QElapsedTimer clock;
    clock.start();
    while (running(pid) && clock.elapsed() < 10000) QThread::msleep(20);
    return !running(pid);
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

    void keptLoaded_theNextProgramFindsItsHost_andTheSameAnswers()
    {
        QTemporaryDir runtime;
        QVERIFY(runtime.isValid());
        const std::vector<GrayImage> images{testImage(400, 360, 4)};
        std::vector<Prediction> first;
        pid_t pid = -1;
        std::string error;
        {
            const auto host = RemoteHost::start(keptSettings(runtime));
            const BackendHandle remote = host->backend(&error);
            QVERIFY2(remote, error.c_str());
            QVERIFY(!host->connectedToKeptHost());
            first = remote->loadModel(kModel, "cpu")->predict(images, {});
            pid = host->pid();
        }
        // Its window gone, the host stays, listening in the user's private folder.
        QVERIFY(running(pid));
        const std::string socket = keptSocket(runtime);
        QVERIFY(!socket.empty());
        struct stat status {};
        QVERIFY(::stat(socket.c_str(), &status) == 0 && S_ISSOCK(status.st_mode));
        QCOMPARE(int(status.st_mode & 0777), 0600);
        QVERIFY(::stat((runtime.path() + QStringLiteral("/pulmo")).toUtf8().constData(), &status) == 0);
        QCOMPARE(int(status.st_mode & 0777), 0700);

        const auto next = RemoteHost::start(keptSettings(runtime));
        QVERIFY(next->connectedToKeptHost());
        QCOMPARE(next->pid(), pid);
        const BackendHandle remote = next->backend(&error);
        QVERIFY2(remote, error.c_str());
        const std::unique_ptr<Classifier> classifier = remote->loadModel(kModel, "cpu");
        const std::vector<Prediction> again = classifier->predict(images, {});
        QCOMPARE(again.size(), size_t(1));
        QVERIFY(sameBits(again[0].probabilities, first[0].probabilities));
        QVERIFY(sameBits(again[0].camRaw, first[0].camRaw));
        QVERIFY(endKept(pid));
        // Its socket was left behind (SIGTERM): the next program starts a host of its own.
        const auto after = RemoteHost::start(keptSettings(runtime));
        QVERIFY(!after->connectedToKeptHost());
        QVERIFY2(after->backend(&error), error.c_str());
        QVERIFY(after->pid() != pid);
        QVERIFY(endKept(after->pid()));
    }

    void keptLoaded_aChangedCard_isReadAgain()
    {
        // A kept model is the same files: a card edited meanwhile (its threshold) is what the next
        // window gets, not the card as it was.
        QTemporaryDir runtime;
        QTemporaryDir models;
        const QString model = models.filePath(QStringLiteral("model.pt"));
        const QString card = models.filePath(QStringLiteral("model.json"));
        QVERIFY(QFile::copy(QString::fromStdString(kModel), model));
        QVERIFY(QFile::copy(PULMO_SOURCE_DIR "/resources/models/pulmo-demo-resnet18.json", card));
        std::string error;
        pid_t pid = -1;
        {
            const auto host = RemoteHost::start(keptSettings(runtime));
            const BackendHandle remote = host->backend(&error);
            QVERIFY2(remote, error.c_str());
            QCOMPARE(remote->loadModel(model.toStdString(), "cpu")->identity().card.threshold, 0.7);
            pid = host->pid();
        }
        QFile file(card);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        object[QStringLiteral("threshold")] = 0.8;
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(object).toJson());
        file.close();
        {
            const auto host = RemoteHost::start(keptSettings(runtime));
            QVERIFY(host->connectedToKeptHost());
            const BackendHandle remote = host->backend(&error);
            QVERIFY2(remote, error.c_str());
            QCOMPARE(remote->loadModel(model.toStdString(), "cpu")->identity().card.threshold, 0.8);
        }
        QVERIFY(endKept(pid));
    }

    void keptLoaded_endsOnItsOwn_andTakesItsSocketAway()
    {
        QTemporaryDir runtime;
        pid_t pid = -1;
        {
            const auto host = RemoteHost::start(keptSettings(runtime, 1));
            std::string error;
            QVERIFY2(host->backend(&error), error.c_str());
            pid = host->pid();
        }
        QVERIFY(running(pid));
        QTRY_VERIFY_WITH_TIMEOUT(!running(pid), 15000);
        QVERIFY(!QFileInfo::exists(QString::fromStdString(keptSocket(runtime))));
    }

    void keptLoaded_aSocketLeftBehind_isTakenOver()
    {
        QTemporaryDir runtime;
        const std::string path = keptSocket(runtime);
        QVERIFY(!path.empty());
        // A socket file nobody listens at, as a killed host leaves it.
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
        QVERIFY(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
        ::close(fd);
        pid_t pid = -1;
        {
            const auto host = RemoteHost::start(keptSettings(runtime));
            QVERIFY(!host->connectedToKeptHost());
            std::string error;
            QVERIFY2(host->backend(&error), error.c_str());
            pid = host->pid();
        }
        const auto next = RemoteHost::start(keptSettings(runtime));
        QVERIFY(next->connectedToKeptHost());
        QCOMPARE(next->pid(), pid);
        QVERIFY(endKept(pid));
    }

    void keptLoaded_aHostEndingAsItIsReached_isReplaced()
    {
        // A listener that goes before it answers (a kept host whose time ran out just then): the
        // program starts a host of its own, and the AI works, instead of "AI process stopped".
        QTemporaryDir runtime;
        const std::string path = keptSocket(runtime);
        const int listening = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
        QVERIFY(::bind(listening, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
        QVERIFY(::listen(listening, 4) == 0);
        const auto host = RemoteHost::start(keptSettings(runtime));
        QVERIFY(host->connectedToKeptHost());
        ::close(listening);  // the queued connection is reset, unanswered
        std::string error;
        const BackendHandle remote = host->backend(&error);
        QVERIFY2(remote, error.c_str());
        QVERIFY(!host->connectedToKeptHost());
        QCOMPARE(remote->loadModel(kModel, "cpu")->predict({testImage(200, 200, 5)}, {}).size(), size_t(1));
        const pid_t pid = host->pid();
        QVERIFY(running(pid));
        QVERIFY(endKept(pid));
    }

    void keptLoaded_twoProgramsAtOnce_leaveOneHost()
    {
        // Both start before either host listens: the second host to load finds the first listening
        // and ends with its own program.
        QTemporaryDir runtime;
        pid_t first = -1;
        pid_t second = -1;
        {
            const auto a = RemoteHost::start(keptSettings(runtime));
            const auto b = RemoteHost::start(keptSettings(runtime));
            QVERIFY(!a->connectedToKeptHost() && !b->connectedToKeptHost());
            std::string error;
            QVERIFY2(a->backend(&error) && b->backend(&error), error.c_str());
            first = a->pid();
            second = b->pid();
        }
        QTRY_VERIFY_WITH_TIMEOUT(running(first) != running(second), 10000);
        const auto next = RemoteHost::start(keptSettings(runtime));
        QVERIFY(next->connectedToKeptHost());
        QVERIFY(next->pid() == first || next->pid() == second);
        QVERIFY(endKept(next->pid()));
    }

    void keptLoaded_notInAFolderOthersCanOpen()
    {
        QTemporaryDir runtime;
        QVERIFY(QDir(runtime.path()).mkdir(QStringLiteral("pulmo")));
        QVERIFY(::chmod((runtime.path() + QStringLiteral("/pulmo")).toUtf8().constData(), 0755) == 0);
        std::string error;
        QVERIFY(host::socketPath(runtime.path().toStdString(), PULMO_AI_HOST_PATH, PULMO_PLUGIN_PATH, &error).empty());
        QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("open to other users")), error.c_str());
        // The AI still works; its host is this program's alone and ends with it.
        pid_t pid = -1;
        {
            const auto host = RemoteHost::start(keptSettings(runtime));
            QVERIFY2(host->backend(&error), error.c_str());
            pid = host->pid();
        }
        QVERIFY(!processExists(pid));
    }

    void window_afterAWindow_hasTheAiLoaded()
    {
        // The workstation as the RIS starts it, study after study: the second window's AI process is
        // the first one's, kept loaded (AiController::keepLoadedSeconds()).
        QTemporaryDir runtime;
        const QStringList outputs{runWindow(runtime), runWindow(runtime)};
        for (const QString& output : outputs) QVERIFY2(answered(output), qPrintable(output));
        QVERIFY2(!outputs[0].contains(QStringLiteral("(AI process kept loaded)")), qPrintable(outputs[0]));
        QVERIFY2(outputs[1].contains(QStringLiteral("(AI process kept loaded)")), qPrintable(outputs[1]));
        QVERIFY(endKept(keptPid(runtime)));
    }

    void preload_thenTheFirstWindow_hasTheAiLoaded()
    {
        // pulmo --preload-ai at login: the day's first window finds LibTorch and its model loaded.
        QTemporaryDir runtime;
        QProcess preload;
        preload.setProcessEnvironment(windowEnvironment(runtime));
        preload.start(QStringLiteral(PULMO_GUI_PATH), {QStringLiteral("--preload-ai")});
        QVERIFY(preload.waitForFinished(120000));
        QVERIFY2(preload.exitCode() == 0, preload.readAllStandardError().constData());
        const pid_t pid = keptPid(runtime);
        QVERIFY(pid > 0);
        const QString output = runWindow(runtime);
        QVERIFY2(answered(output), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("(AI process kept loaded)")), qPrintable(output));
        QCOMPARE(keptPid(runtime), pid);
        QVERIFY(endKept(pid));

        // Kept for no time: refused, with the reason.
        QProcessEnvironment environment = windowEnvironment(runtime);
        environment.insert(QStringLiteral("PULMO_AI_KEEP_LOADED_S"), QStringLiteral("0"));
        preload.setProcessEnvironment(environment);
        preload.start(QStringLiteral(PULMO_GUI_PATH), {QStringLiteral("--preload-ai")});
        QVERIFY(preload.waitForFinished(120000));
        QCOMPARE(preload.exitCode(), 1);
        QVERIFY(QString::fromUtf8(preload.readAllStandardError()).contains(QStringLiteral("not kept loaded")));
    }

private:
    static QProcessEnvironment windowEnvironment(const QTemporaryDir& runtime)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime.path());
        environment.insert(QStringLiteral("PULMO_AI_KEEP_LOADED_S"), QStringLiteral("120"));
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        environment.insert(QStringLiteral("HOME"), runtime.path());
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), runtime.filePath(QStringLiteral("config")));
        environment.insert(QStringLiteral("XDG_DATA_HOME"), runtime.filePath(QStringLiteral("data")));
        environment.insert(QStringLiteral("XDG_CACHE_HOME"), runtime.filePath(QStringLiteral("cache")));
        return environment;
    }

    /// `pulmo --exit-after-first-result` on a demo image: what it printed. Read through a pipe, as a
    /// script would ($(pulmo ...)): the pipe ends with the window, not with the host it leaves behind.
    static QString runWindow(const QTemporaryDir& runtime)
    {
        QProcess window;
        window.setProcessEnvironment(windowEnvironment(runtime));
        window.start(QStringLiteral("/bin/bash"),
                     {QStringLiteral("-c"), QStringLiteral("set -o pipefail; \"$0\" \"$@\" | cat"),
                      QStringLiteral(PULMO_GUI_PATH), QStringLiteral("--exit-after-first-result"),
                      QStringLiteral(PULMO_SOURCE_DIR "/resources/demo/SYN1-0001.dcm")});
        if (!window.waitForFinished(60000) || window.exitCode() != 0)
            return QStringLiteral("the window failed: ") + QString::fromUtf8(window.readAllStandardError());
        return QString::fromUtf8(window.readAllStandardOutput());
    }

    /// The window printed an AI result (not "AI unavailable").
    static bool answered(const QString& output)
    {
        return output.contains(QStringLiteral("first AI result after")) &&
               !output.contains(QStringLiteral("AI unavailable"));
    }

    /// The pid of the host kept loaded in `runtime` (-1: none listens).
    static pid_t keptPid(const QTemporaryDir& runtime)
    {
        pid_t pid = -1;
        const int fd = host::connectTo(keptSocket(runtime), &pid);
        if (fd < 0) return -1;
        ::close(fd);
        return pid;
    }
};

QTEST_GUILESS_MAIN(TestAiHost)
#include "tst_aihost.moc"
