#include "AiController.h"

#include "ErrorText.h"
#include "InferenceLogging.h"
#include "InferenceWorker.h"
#include "ModelInput.h"
#include "RemoteBackend.h"

#include <QDateTime>
#include <QMetaObject>
#include <QPointer>
#include <QSettings>

#include <algorithm>

namespace pulmo::app {
namespace {

std::shared_ptr<inference::RemoteHost>& runningHost()
{
    static std::shared_ptr<inference::RemoteHost> host;
    return host;
}

}  // namespace

int AiController::savedKeepLoadedMinutes()
{
    // Read before the application object exists (main() calls aiHost() first): named explicitly.
    const QSettings settings(QStringLiteral("Pulmo"), QStringLiteral("Pulmo"));
    bool ok = false;
    const int minutes = settings.value(QStringLiteral("ai/keepLoadedMinutes"), kKeepLoadedMinutes).toInt(&ok);
    return ok ? std::clamp(minutes, 0, 24 * 60) : kKeepLoadedMinutes;
}

int AiController::keepLoadedSeconds()
{
    bool ok = false;
    const int fromEnvironment = qEnvironmentVariableIntValue("PULMO_AI_KEEP_LOADED_S", &ok);
    return ok ? std::max(0, fromEnvironment) : savedKeepLoadedMinutes() * 60;
}

std::shared_ptr<inference::RemoteHost> AiController::aiHost()
{
    std::shared_ptr<inference::RemoteHost>& host = runningHost();
    if (!host || !host->alive()) {
        inference::HostSettings settings;
        settings.keepLoadedSeconds = keepLoadedSeconds();
        host = inference::RemoteHost::start(settings);
        if (host->connectedToKeptHost()) qCInfo(lcInference) << "AI process kept loaded found, pid" << host->pid();
    }
    return host;
}

AiController::AiController(AiSettings settings, QObject* parent)
    : QObject(parent), m_settings(std::move(settings)), m_cache(AiResultCache::entriesFromSettings())
{
    qRegisterMetaType<pulmo::app::AiOutcome>();
    m_retiring.setMaxThreadCount(1);
    m_retiring.setExpiryTimeout(-1);
    startWorker();
}

AiController::~AiController()
{
    // The workers' answers are queued calls to this object, guarded by a QPointer and a generation:
    // they die with it. No thread may outlive the controller (nor the QApplication behind it).
    m_worker.reset();
    m_retiring.waitForDone();
}

bool AiController::aiProcessStopped() const
{
    return m_host && !m_host->alive();
}

void AiController::setSettings(const AiSettings& settings)
{
    m_settings = settings;
    startWorker();
}

void AiController::startWorker()
{
    if (m_worker) {
        // Joining the old thread here would wait for its running batch on the UI thread. Its answers
        // are dropped by the generation check below; its queue goes at once.
        m_worker->cancelPending();
        // A plain pointer, so that no copy of an owner is left here to join it on this thread.
        inference::InferenceWorker* retired = m_worker.release();
        m_retiring.start([retired] { delete retired; });
    }
    m_ready = false;
    m_model.reset();
    m_inFlight.clear();
    m_submitted.clear();
    m_unavailable = tr("loading the model...");
    const quint64 generation = ++m_workerGeneration;
    inference::WorkerSettings worker;
    worker.modelPath = m_settings.modelPath.toStdString();
    worker.device = m_settings.device.toStdString();
    // The view draws the heatmap from the map at its own resolution: no full-size heatmap is made.
    worker.options.heatmapAtImageSize = false;
    // "What the model saw", for the fresh result only: the cache drops it (AiResultCache.h).
    worker.options.keepModelInput = true;
    worker.delayForTestsMs = m_settings.delayForTestsMs;
    worker.log = inferenceLogSink();  // pulmo.inference
    const std::shared_ptr<inference::RemoteHost> host = aiHost();
    m_host = host;
    worker.backendSource = [host](std::string* error, inference::ErrorInfo* info) {
        return host->backend(error, info);
    };
    worker.backendName = "pulmo-ai-host (pid " + std::to_string(host->pid()) + ")";
    QPointer<AiController> self(this);
    m_worker = std::make_unique<inference::InferenceWorker>(
        worker,
        [self, generation](inference::InferenceResult result) {
            // Worker thread: hand the value to the UI thread.
            QMetaObject::invokeMethod(
                self.data(),
                [self, generation, result = std::move(result)]() mutable {
                    if (!self || generation != self->m_workerGeneration) return;
                    const QString sop = QString::fromStdString(result.key);
                    if (result.modelInputOnly) {
                        AiOutcome input;
                        input.ok = result.ok;
                        input.model = result.model;
                        input.prediction.modelInput = std::move(result.prediction.modelInput);
                        Q_EMIT self->modelInputReady(sop, input);
                        return;
                    }
                    self->m_inFlight.remove(sop);
                    const std::optional<Submitted> submitted =
                        self->m_submitted.contains(sop) ? std::optional<Submitted>(self->m_submitted.take(sop))
                                                        : std::nullopt;
                    AiOutcome outcome;
                    outcome.ok = result.ok;
                    if (!result.ok) {
                        outcome.errorForLog = QString::fromStdString(result.error);
                        outcome.error = result.modelUnavailable ? ErrorText::aiUnavailable(result.errorInfo)
                                                                : ErrorText::inference(result.errorInfo);
                    }
                    outcome.model = result.model;
                    outcome.prediction = std::move(result.prediction);
                    outcome = self->decide(std::move(outcome));
                    if (outcome.ok && outcome.model) self->m_cache.insert(sop, outcome.model->sha256, outcome);
                    if (outcome.ok && outcome.model && submitted) {
                        feedback::MonitoringObservation observation = monitoringObservation(
                            submitted->info, submitted->input, outcome.prediction, *outcome.model,
                            QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs), QStringLiteral("workstation"));
                        // The answer as the reader was shown it (the reader's threshold included).
                        observation.label = outcome.label;
                        observation.indeterminate = outcome.indeterminate;
                        observation.positive =
                            outcome.label == QString::fromStdString(outcome.model->card.positiveLabel);
                        Q_EMIT self->analysed(sop, observation);
                    }
                    Q_EMIT self->resultReady(sop, outcome);
                },
                Qt::QueuedConnection);
        },
        [self, generation](std::shared_ptr<const inference::ModelIdentity> model, std::string error,
                           const inference::ErrorInfo& info) {
            QMetaObject::invokeMethod(
                self.data(),
                [self, generation, model, error, info] {
                    if (!self || generation != self->m_workerGeneration) return;
                    self->m_ready = true;
                    self->m_model = model;
                    self->m_unavailable = error.empty() ? QString() : ErrorText::aiUnavailable(info);
                    Q_EMIT self->statusChanged();
                },
                Qt::QueuedConnection);
        });
    Q_EMIT statusChanged();
}

AiOutcome AiController::decide(AiOutcome outcome) const
{
    if (!outcome.ok || !outcome.model) return outcome;
    outcome.threshold = m_settings.thresholdOverride.value_or(outcome.model->card.threshold);
    outcome.indeterminate = outcome.prediction.confidence < outcome.threshold;
    outcome.label =
        outcome.indeterminate
            ? QStringLiteral("INDETERMINATE")
            : QString::fromStdString(outcome.prediction.labels.at(size_t(outcome.prediction.predictedIndex)));
    return outcome;
}

std::optional<AiOutcome> AiController::cached(const QString& sopInstanceUid) const
{
    if (!m_model) return std::nullopt;
    const auto found = m_cache.find(sopInstanceUid, m_model->sha256);
    if (!found) return std::nullopt;
    return decide(*found);
}

void AiController::analyse(const QString& sopInstanceUid, std::shared_ptr<const dicom::DecodedImage> image)
{
    if (const auto hit = cached(sopInstanceUid)) {
        QMetaObject::invokeMethod(
            this, [this, sopInstanceUid, outcome = *hit] { Q_EMIT resultReady(sopInstanceUid, outcome); },
            Qt::QueuedConnection);
        return;
    }
    if (m_inFlight.contains(sopInstanceUid) || !image) return;
    m_inFlight.insert(sopInstanceUid, true);
    // Rendering the model's input is one table look-up per pixel (a few ms for a radiograph), and
    // its summary for monitoring one pass more.
    inference::GrayImage input = modelInputImage(image);
    m_submitted.insert(sopInstanceUid, Submitted{image->info(), summariseInput(input)});
    m_worker->submit(sopInstanceUid.toStdString(), std::move(input));
}

void AiController::requestModelInput(const QString& sopInstanceUid, std::shared_ptr<const dicom::DecodedImage> image)
{
    if (!image || !m_model) return;
    m_worker->submitModelInput(sopInstanceUid.toStdString(), modelInputImage(std::move(image)));
}

void AiController::cancelPending()
{
    if (!m_worker) return;
    m_worker->cancelPending();
    m_inFlight.clear();
    m_submitted.clear();
}

std::optional<inference::BackendInfo> AiController::backendInfo() const
{
    return m_worker ? m_worker->backendInfo() : std::nullopt;
}

}  // namespace pulmo::app
