#include "InferenceWorker.h"

#include "PluginLoader.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <exception>

namespace pulmo::inference {

InferenceWorker::InferenceWorker(WorkerSettings settings, ResultCallback onResult, ReadyCallback onReady)
    : m_settings(std::move(settings)),
      m_onResult(std::move(onResult)),
      m_onReady(std::move(onReady)),
      m_thread([this] { run(); })
{
}

InferenceWorker::~InferenceWorker()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
        m_queue.clear();
    }
    m_wake.notify_all();
    m_thread.join();
}

uint64_t InferenceWorker::submit(std::string key, GrayImage image)
{
    uint64_t id;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        id = m_nextId++;
        m_queue.push_back(Job{id, std::move(key), std::move(image)});
    }
    m_wake.notify_one();
    return id;
}

uint64_t InferenceWorker::submitModelInput(std::string key, GrayImage image)
{
    uint64_t id;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        id = m_nextId++;
        m_queue.push_back(Job{id, std::move(key), std::move(image), true});
    }
    m_wake.notify_one();
    return id;
}

size_t InferenceWorker::cancelPending()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    const size_t dropped = m_queue.size();
    m_queue.clear();
    return dropped;
}

size_t InferenceWorker::pendingCount() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_queue.size();
}

std::string InferenceWorker::waitUntilReady()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_readyChanged.wait(lock, [this] { return m_ready; });
    return m_loadError;
}

std::shared_ptr<const ModelIdentity> InferenceWorker::model() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_model;
}

std::optional<BackendInfo> InferenceWorker::backendInfo() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_backendInfo;
}

namespace {

/// Seconds since `start`, "0.123": std::to_chars, so no locale is consulted.
std::string secondsSince(std::chrono::steady_clock::time_point start)
{
    char buffer[32];
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, seconds, std::chars_format::fixed, 3);
    return std::string(buffer, written.ptr) + " s";
}

}  // namespace

void InferenceWorker::run()
{
    // The message is only made when someone listens.
    const auto log = [this](LogLevel level, const auto& message) {
        if (m_settings.log) m_settings.log(level, message());
    };
    auto started = std::chrono::steady_clock::now();
    // Below the UI thread: the threads LibTorch starts from here (at the model's load, which runs it)
    // inherit this niceness, so a reader's window stays responsive while the model uses every core.
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 10);
    // Load once, here: LibTorch's thread-local guards and the model live on this thread.
    BackendHandle backend;
    std::unique_ptr<Classifier> classifier;
    std::string loadError;
    std::string pluginError;
    ErrorInfo loadErrorInfo;
    const std::string pluginPath = m_settings.pluginPath.empty() ? defaultPluginPath() : m_settings.pluginPath;
    backend = m_settings.backendSource ? m_settings.backendSource(&pluginError, &loadErrorInfo)
                                       : loadBackend(pluginPath, &pluginError, &loadErrorInfo);
    if (backend) {
        // Asked once, here: for the log and for whoever shows the versions (backendInfo()).
        const BackendInfo info = backend->info();
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_backendInfo = info;
        }
        log(LogLevel::Info, [&] {
            std::string devices;
            for (const std::string& device : info.devices) devices += (devices.empty() ? "" : ", ") + device;
            return "plugin " + (m_settings.backendSource ? "in " + m_settings.backendName : pluginPath) +
                   " loaded: " + info.library + " " + info.libraryVersion + ", devices " + devices + ", " +
                   std::to_string(info.cpuThreads) + " CPU thread(s), " + secondsSince(started);
        });
    }
    started = std::chrono::steady_clock::now();
    if (!backend) {
        loadError = "AI unavailable: " + pluginError;
    } else if (m_settings.modelPath.empty()) {
        loadError = "AI unavailable: no model configured";
        loadErrorInfo = {InferenceError::Kind::NoModelConfigured, {}, "no model configured"};
    } else {
        try {
            classifier = backend->loadModel(m_settings.modelPath, m_settings.device);
        } catch (const std::exception& error) {
            loadError = std::string("AI unavailable: ") + error.what();
            loadErrorInfo = ErrorInfo::of(error);
        }
    }
    std::shared_ptr<const ModelIdentity> identity;
    if (classifier) identity = std::make_shared<ModelIdentity>(classifier->identity());
    if (identity)
        log(LogLevel::Info, [&] {
            return "model " + identity->path + " loaded: sha256 " + identity->sha256 + ", " + identity->format +
                   ", device " + identity->device + ", Grad-CAM " + identity->camMethod + " on " +
                   identity->card.camLayer + ", " + secondsSince(started);
        });
    else  // no model configured is a choice; anything else a failure the AI panel shows as well
        log(loadErrorInfo.kind == InferenceError::Kind::NoModelConfigured ? LogLevel::Info : LogLevel::Warning,
            [&] { return loadError; });
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_ready = true;
        m_loadError = loadError;
        m_model = identity;
    }
    m_readyChanged.notify_all();
    if (m_onReady) m_onReady(identity, loadError, loadErrorInfo);

    const bool onGpu = identity && identity->device.rfind("cuda", 0) == 0;
    const size_t maxBatch = size_t(m_settings.maxBatch > 0 ? m_settings.maxBatch : (onGpu ? 8 : 1));
    while (true) {
        std::vector<Job> batch;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_stopping) break;
            // A batch is one kind of job: images to classify (up to maxBatch), or one model input.
            const bool modelInputOnly = m_queue.front().modelInputOnly;
            const size_t most = modelInputOnly ? 1 : maxBatch;
            while (!m_queue.empty() && batch.size() < most && m_queue.front().modelInputOnly == modelInputOnly) {
                batch.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
        }
        if (batch.front().modelInputOnly) {
            InferenceResult result;
            result.jobId = batch.front().id;
            result.key = batch.front().key;
            result.model = identity;
            result.modelInputOnly = true;
            if (!classifier) {
                result.error = loadError;
                result.errorInfo = loadErrorInfo;
                result.modelUnavailable = true;
            } else {
                try {
                    result.prediction.modelInput = classifier->modelInput(batch.front().image);
                    result.ok = true;
                } catch (const std::exception& error) {
                    result.error = error.what();
                    result.errorInfo = ErrorInfo::of(error);
                }
            }
            m_onResult(std::move(result));
            continue;
        }
        std::vector<InferenceResult> results(batch.size());
        for (size_t i = 0; i < batch.size(); ++i) {
            results[i].jobId = batch[i].id;
            results[i].key = batch[i].key;
            results[i].model = identity;
        }
        if (m_settings.delayForTestsMs > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(m_settings.delayForTestsMs));
        if (!classifier) {
            for (auto& result : results) {
                result.error = loadError;
                result.errorInfo = loadErrorInfo;
                result.modelUnavailable = true;
            }
        } else {
            std::vector<GrayImage> images;
            images.reserve(batch.size());
            for (Job& job : batch) images.push_back(std::move(job.image));
            const auto batchStarted = std::chrono::steady_clock::now();
            try {
                std::vector<Prediction> predictions = classifier->predict(images, m_settings.options);
                log(LogLevel::Debug, [&] {
                    return "batch of " + std::to_string(images.size()) + " image(s) (at most " +
                           std::to_string(maxBatch) + ") in " + secondsSince(batchStarted);
                });
                for (size_t i = 0; i < results.size(); ++i) {
                    results[i].ok = true;
                    results[i].prediction = std::move(predictions[i]);
                }
            } catch (const std::exception& error) {
                log(LogLevel::Warning,
                    [&] { return "batch of " + std::to_string(images.size()) + " image(s) failed: " + error.what(); });
                for (auto& result : results) {
                    result.error = error.what();
                    result.errorInfo = ErrorInfo::of(error);
                }
            }
        }
        for (auto& result : results) m_onResult(std::move(result));
    }
    // The classifier goes before the library that holds its code.
    classifier.reset();
    backend.reset();
}

}  // namespace pulmo::inference
