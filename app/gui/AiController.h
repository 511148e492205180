#pragma once
// The viewer's side of the AI: one background InferenceWorker (model loaded once, off the UI
// thread), results cached per SOP Instance UID and model SHA-256 (paging back is instant, a new
// model never shows an old model's answer), and a fail-safe: without a model, every request is
// answered "AI unavailable: <reason>", never with a made-up NORMAL.
//
// UI thread only; results and status arrive as queued signals.

#include "AiOutcome.h"
#include "AiResultCache.h"
#include "InferenceBackend.h"
#include "MonitoringRecord.h"
#include "dicom/DecodedImage.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace pulmo::inference {
class RemoteHost;
}

namespace pulmo::inference {
class InferenceWorker;
}

namespace pulmo::app {

struct AiSettings {
    QString modelPath;
    QString device = QStringLiteral("auto");
    std::optional<double> thresholdOverride;  ///< the reader's threshold instead of the card's
    int delayForTestsMs = 0;
};

class AiController : public QObject {
    Q_OBJECT
public:
    /// The worker starts at once; the plugin and the model load in pulmo-ai-host (aiHost()).
    explicit AiController(AiSettings settings, QObject* parent = nullptr);
    /// Joins the worker and every retired worker (their running batches finish first).
    ~AiController() override;

    const AiSettings& settings() const { return m_settings; }
    /// Starts pulmo-ai-host (inference/api/RemoteBackend.h) unless it runs: the process where the
    /// plugin, LibTorch and the models load, beside this one. main() calls it first thing, so that
    /// LibTorch's second of loading overlaps the window's start instead of following the first image.
    /// In this process, dlopen() of LibTorch would hold the dynamic loader's lock for that second, and
    /// every other thread needing it (a Qt plugin at the first paint, the first thread_local of a pool
    /// thread) would wait: started with the window, it delayed the first image from 0.5 s to 1.3 s
    /// (README, "From pulmo FILE to the first AI result"). Workers started later use the same host, and
    /// a new one if it stopped. UI thread only.
    /// The host outlives the window by keepLoadedSeconds(), LibTorch and the model loaded: a window
    /// opened meanwhile (the next study sent by the RIS, a reader back from a break) connects to it
    /// and has its first result right after its first image.
    static std::shared_ptr<inference::RemoteHost> aiHost();
    /// How long the AI process stays loaded after the last window closed: "ai/keepLoadedMinutes"
    /// (default kKeepLoadedMinutes, 0 = it ends with the window), or $PULMO_AI_KEEP_LOADED_S (seconds).
    static int keepLoadedSeconds();
    /// "ai/keepLoadedMinutes" alone (0 to 24 hours), as Preferences shows it.
    static int savedKeepLoadedMinutes();
    static constexpr int kKeepLoadedMinutes = 15;
    /// Replaces the model (or device, threshold): a new worker starts at once; the old one is
    /// destroyed on a background thread (its running batch finishes there, its answers are dropped),
    /// so the UI thread never waits for it. Cached results stay keyed by the model that made them.
    void setSettings(const AiSettings& settings);
    /// The current worker's pulmo-ai-host stopped (killed, crashed): setSettings() starts a new one.
    bool aiProcessStopped() const;
    /// Old workers still finishing their last batch (for tests).
    int retiringCount() const { return m_retiring.activeThreadCount(); }

    /// Queues an image for analysis unless its result for the current model is cached (then
    /// resultReady is emitted at once, queued). Never blocks.
    void analyse(const QString& sopInstanceUid, std::shared_ptr<const dicom::DecodedImage> image);
    /// Asks again for "what the model saw" (the model's input, 1x3xSxS) of an image whose cached result
    /// no longer holds it (the cache keeps results small): modelInputReady follows, queued. Never blocks.
    void requestModelInput(const QString& sopInstanceUid, std::shared_ptr<const dicom::DecodedImage> image);
    /// Drops queued requests (the reader moved on).
    void cancelPending();
    /// The cached result for this image and the current model.
    std::optional<AiOutcome> cached(const QString& sopInstanceUid) const;

    bool isReady() const { return m_ready; }
    QString unavailableReason() const { return m_unavailable; }
    std::shared_ptr<const inference::ModelIdentity> model() const { return m_model; }
    /// The inference plugin's library and version once the worker has loaded it; empty before (the
    /// plugin is never loaded to answer this) or when it could not be loaded.
    std::optional<inference::BackendInfo> backendInfo() const;

Q_SIGNALS:
    void resultReady(const QString& sopInstanceUid, const pulmo::app::AiOutcome& outcome);
    /// The answer to requestModelInput(): `outcome.prediction.modelInput` holds the input (empty when
    /// it could not be made; `outcome.ok` says which). Nothing is cached.
    void modelInputReady(const QString& sopInstanceUid, const pulmo::app::AiOutcome& outcome);
    void statusChanged();
    /// A fresh analysis (not a cached one) of an image analyse() was given, with what model
    /// monitoring records of it (issue 20): its source "workstation", its time now.
    void analysed(const QString& sopInstanceUid, const pulmo::feedback::MonitoringObservation& observation);

private:
    void startWorker();
    AiOutcome decide(AiOutcome outcome) const;

    AiSettings m_settings;
    std::unique_ptr<inference::InferenceWorker> m_worker;
    std::shared_ptr<inference::RemoteHost> m_host;  // the current worker's
    QThreadPool m_retiring;  // destroys replaced workers off the UI thread; waited for in the destructor
    quint64 m_workerGeneration = 0;
    bool m_ready = false;
    QString m_unavailable;
    std::shared_ptr<const inference::ModelIdentity> m_model;
    mutable AiResultCache m_cache;    // looking up makes an entry the most recently used
    QHash<QString, bool> m_inFlight;  // SOP UIDs queued for the current worker
    struct Submitted {
        dicom::ImageInfo info;
        InputSummary input;
    };
    QHash<QString, Submitted> m_submitted;  // what monitoring needs of each image in flight
};

}  // namespace pulmo::app
