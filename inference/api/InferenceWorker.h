#pragma once
// The background worker the application talks to: a queue, one model loaded once (on the worker
// thread, through the plugin), batches of queued images, results handed out as values. LibTorch-free
// and Qt-free: the viewer marshals results to its UI thread itself.

#include "InferenceBackend.h"
#include "InferenceError.h"
#include "InferenceLog.h"
#include "PluginLoader.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace pulmo::inference {

struct InferenceResult {
    uint64_t jobId = 0;
    std::string key;  ///< what the caller named the job (e.g. the SOP Instance UID)
    bool ok = false;
    std::string error;              ///< why there is no prediction ("AI unavailable: ..." if no model), English
    ErrorInfo errorInfo;            ///< the same as a kind and parameters, for the user's language
    bool modelUnavailable = false;  ///< no model could be loaded: errorInfo says why ("AI unavailable")
    /// A submitModelInput() job: when ok, only prediction.modelInput is filled (no classification).
    bool modelInputOnly = false;
    Prediction prediction;
    std::shared_ptr<const ModelIdentity> model;
};

struct WorkerSettings {
    std::string pluginPath;  ///< empty: defaultPluginPath()
    /// Where the backend comes from instead, if set: e.g. a RemoteHost's backend() (the plugin in
    /// pulmo-ai-host). Called once, on the worker thread; nullptr and the reason when there is none.
    /// `backendName` names it in the log ("pulmo-ai-host (pid 4242)").
    std::function<BackendHandle(std::string* error, ErrorInfo* info)> backendSource;
    std::string backendName;
    std::string modelPath;
    std::string device = "auto";
    /// Most images classified together. 0: automatic, 8 on a GPU and 1 on the CPU, for layer3 and
    /// layer4 alike. On the CPU a batch does not pay here (2 cores, Debian's LibTorch 1.13): per image,
    /// layer4 gave 51.8 img/s at batch 1, 33.2 at 8, 20.0 at 32 (bench_inference, 512 px, idle
    /// machine); with one thread, best of 6 to 30 runs, batch 8 cost 219 ms an image beside 61 ms at
    /// batch 1 for the forward, 40 beside 17 for layer4's forward and 43 beside 17 for its backward.
    /// The cause is memory: glibc gives a batch's freed activations back to the kernel and the next
    /// batch faults them in again (12,500 minor faults, 50 MB, per batch of 8 at 224; none at batch
    /// 1). The layer3 path used to look faster batched (48.6 vs 28.5 img/s) because its second head
    /// pass kept the heap from being trimmed; with one head pass that is gone. Avoiding the faults
    /// takes process-wide malloc settings (MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_: 64 beside
    /// 88 ms an image, batch 8 against 1, one thread), which would hold the peak memory for good;
    /// not done. Batch 1 also gives the reader the image on screen first.
    int maxBatch = 0;
    PredictOptions options;
    /// Extra wait before each batch: only for tests of the caller's responsiveness to a slow model.
    int delayForTestsMs = 0;
    /// Where the worker says what it loaded and how long batches took (on its thread); empty: silent.
    LogSink log;
};

class InferenceWorker {
public:
    /// Called on the worker thread, once per job, in submission order within a batch. It must not
    /// call back into the worker's destructor.
    using ResultCallback = std::function<void(InferenceResult)>;
    /// Called once on the worker thread when loading ended: the model, or nullptr and the reason.
    /// `error` is English ("AI unavailable: ..."); `info` the same as a kind and parameters.
    using ReadyCallback =
        std::function<void(std::shared_ptr<const ModelIdentity>, std::string error, const ErrorInfo& info)>;

    /// Starts the thread; the model is loaded there, before the first job.
    InferenceWorker(WorkerSettings settings, ResultCallback onResult, ReadyCallback onReady = {});
    /// Drops queued jobs, lets the running batch finish, joins the thread.
    ~InferenceWorker();
    InferenceWorker(const InferenceWorker&) = delete;
    InferenceWorker& operator=(const InferenceWorker&) = delete;

    /// Queues an image and returns at once with the job's id. Any thread.
    uint64_t submit(std::string key, GrayImage image);
    /// Queues a "model input only" job: the worker runs the model's preprocessing alone on `image`
    /// (Classifier::modelInput(), about a millisecond, no network) and delivers, through the same
    /// ResultCallback and in queue order, an InferenceResult with `modelInputOnly` true and, when ok,
    /// prediction.modelInput (1x3xSxS floats) and nothing else in the prediction. For showing "what the
    /// model saw" again for a cached result, so that results need not keep the input. Dropped by
    /// cancelPending() like any job. Any thread; returns the job's id at once.
    uint64_t submitModelInput(std::string key, GrayImage image);
    /// Drops every job not yet started (the user moved on); returns how many. Any thread.
    size_t cancelPending();
    size_t pendingCount() const;

    /// Blocks until the model is loaded or has failed; returns the reason it failed, or empty.
    /// For the CLI and tests: the viewer never calls this from its UI thread.
    std::string waitUntilReady();
    /// The loaded model, or nullptr before loading finished or when it failed.
    std::shared_ptr<const ModelIdentity> model() const;
    /// The plugin's library and version ("LibTorch", "1.13.0"), once the plugin is loaded; empty
    /// before, or when it could not be loaded. Asks nothing of the plugin. Any thread.
    std::optional<BackendInfo> backendInfo() const;

private:
    struct Job {
        uint64_t id;
        std::string key;
        GrayImage image;
        bool modelInputOnly = false;
    };
    void run();

    WorkerSettings m_settings;
    ResultCallback m_onResult;
    ReadyCallback m_onReady;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_readyChanged;
    std::deque<Job> m_queue;
    uint64_t m_nextId = 1;
    bool m_stopping = false;
    bool m_ready = false;
    std::string m_loadError;
    std::shared_ptr<const ModelIdentity> m_model;
    std::optional<BackendInfo> m_backendInfo;
    std::thread m_thread;  // last: starts after every member above exists
};

}  // namespace pulmo::inference
