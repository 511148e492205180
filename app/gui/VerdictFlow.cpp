#include "VerdictFlow.h"

#include "AiPanel.h"
#include "LabelWords.h"
#include "widgets/PersonName.h"

#include <QDateTime>
#include <QLocale>

namespace pulmo::app {
namespace {

constexpr int kMessageMs = 4000;

/// When a verdict was given, as the reader says it: the time today, else the date and time.
QString whenText(const QString& createdUtc)
{
    const QDateTime when = QDateTime::fromString(createdUtc, Qt::ISODateWithMs).toLocalTime();
    if (!when.isValid()) return createdUtc;
    return when.date() == QDate::currentDate() ? QLocale().toString(when.time(), QLocale::ShortFormat)
                                               : QLocale().toString(when, QLocale::ShortFormat);
}

QString patientOf(const dicom::ImageInfo& info)
{
    const QString name = viewer::displayPersonName(QString::fromStdString(info.patientName));
    return name.isEmpty() ? QString::fromStdString(info.patientId) : name;
}

}  // namespace

VerdictFlow::VerdictFlow(FeedbackSession* feedback, AiPanel* panel, const ReadingSettings& settings, QObject* parent)
    : QObject(parent), m_feedback(feedback), m_panel(panel), m_settings(settings)
{
    m_panel->setReader(m_feedback->reader());
    connect(m_feedback, &FeedbackSession::readerChanged, m_panel, &AiPanel::setReader);
    connect(m_panel, &AiPanel::agreeClicked, this, &VerdictFlow::agree);
    connect(m_panel, &AiPanel::disagreeClicked, this, &VerdictFlow::disagree);
    connect(m_panel, &AiPanel::disagreementConfirmed, this, &VerdictFlow::confirmDisagreement);
    connect(m_panel, &AiPanel::changeClicked, this, &VerdictFlow::change);
    connect(m_panel, &AiPanel::revealClicked, this, &VerdictFlow::reveal);
    updateControls();
}

void VerdictFlow::setSettings(const ReadingSettings& settings)
{
    m_settings = settings;
    if (!m_settings.revealAfterLook && isAiHidden()) reveal();  // nothing to wait for any more
}

bool VerdictFlow::isAiHidden() const
{
    return m_panel->isAiHidden();
}

void VerdictFlow::imageShown(const dicom::ImageInfo& info, const QString& filePath)
{
    m_sop = QString::fromStdString(info.sopInstanceUid);
    m_info = info;
    m_filePath = filePath;
    m_outcome.reset();
    m_imageOnScreen.start();
    m_resultOnScreen.invalidate();
    m_changing = false;
    m_hiddenAtStart = m_settings.revealAfterLook;
    m_panel->setAiHidden(m_settings.revealAfterLook);
    // The form is this image's, empty; only the "Saved ..." of the verdict that moved the reader
    // here stays, and it names its patient.
    const QString saved = m_keepMessageOnNextImage ? m_panel->saveText() : QString();
    m_keepMessageOnNextImage = false;
    m_panel->clearVerdictForm();
    if (!saved.isEmpty()) m_panel->showSaveResult(true, saved);
    refreshReviewState();
}

void VerdictFlow::imageCleared()
{
    m_sop.clear();
    m_info = {};
    m_filePath.clear();
    m_outcome.reset();
    m_imageOnScreen.invalidate();
    m_resultOnScreen.invalidate();
    m_changing = false;
    m_keepMessageOnNextImage = false;
    m_panel->clearVerdictForm();
    refreshReviewState();
}

void VerdictFlow::outcomeShown(const QString& sopInstanceUid, const AiOutcome& outcome)
{
    if (sopInstanceUid != m_sop) return;
    if (!outcome.ok || !outcome.model) {
        m_outcome.reset();
        m_resultOnScreen.invalidate();
    } else {
        // The same answer delivered again (a second analysis request, the cache) changes nothing on
        // screen, so the reader's time with it goes on; another model's answer is a new one.
        const bool same = m_outcome && m_outcome->model && m_outcome->model->sha256 == outcome.model->sha256 &&
                          m_outcome->label == outcome.label && m_outcome->threshold == outcome.threshold;
        m_outcome = outcome;
        m_outcome->prediction.modelInput.clear();  // not needed to judge it; large
        // The clock runs from when the reader can see it: now, or at the reveal.
        if (isAiHidden())
            m_resultOnScreen.invalidate();
        else if (!same || !m_resultOnScreen.isValid())
            m_resultOnScreen.start();
    }
    updateControls();
}

QString VerdictFlow::refusal() const
{
    // A picture of a result (issue 16): a reader may look at it, but a verdict is about a radiograph.
    if (m_info.isAiResultCapture())
        return tr("This is Pulmo's heatmap capture, not a radiograph: verdicts are given on the radiograph.");
    if (m_sop.isEmpty() || !m_outcome || !m_panel->showsOutcome())
        return tr("Nothing to judge yet: no AI result for the image on screen.");
    if (m_busy) return tr("Still saving the last verdict; try again in a moment.");
    if (m_reviewed && !m_changing) return tr("Already reviewed: press C (Change) to give a new verdict.");
    if (isAiHidden()) return tr("Reveal the AI result first (Space).");
    const qint64 seen = std::min(m_imageOnScreen.isValid() ? m_imageOnScreen.elapsed() : 0,
                                 m_resultOnScreen.isValid() ? m_resultOnScreen.elapsed() : 0);
    if (seen < m_settings.minimumViewMs)
        return tr("Look at the image first: a verdict counts after %1 s with the image and its AI result on screen.")
            .arg(QLocale().toString(m_settings.minimumViewMs / 1000.0, 'f', 1));
    return {};
}

void VerdictFlow::refuse(const QString& why)
{
    m_panel->showNotice(why);
    Q_EMIT statusMessage(why, kMessageMs);
}

void VerdictFlow::agree()
{
    if (const QString why = refusal(); !why.isEmpty()) return refuse(why);
    save(QStringLiteral("agree"), {}, {});
}

void VerdictFlow::disagree()
{
    if (const QString why = refusal(); !why.isEmpty()) return refuse(why);
    m_panel->beginDisagreement(m_outcome->label);
}

void VerdictFlow::confirmDisagreement()
{
    if (!m_panel->isDisagreeing()) return;
    if (const QString why = refusal(); !why.isEmpty()) return refuse(why);
    save(QStringLiteral("disagree"), m_panel->correctedLabel(), m_panel->comment());
}

void VerdictFlow::cancel()
{
    m_panel->cancelDisagreement();
    if (!m_changing) return;
    m_changing = false;
    refreshReviewState();
}

void VerdictFlow::change()
{
    if (m_busy) return refuse(tr("Still saving the last verdict; try again in a moment."));
    if (!m_reviewed) return refuse(tr("Nothing to change: this image has no verdict yet."));
    m_changing = true;
    m_panel->showReviewState(tr("Changing the verdict: A to agree, D to disagree, Esc to keep it."), true);
    updateControls();
}

void VerdictFlow::reveal()
{
    if (!isAiHidden()) return;
    m_panel->setAiHidden(false);
    if (m_outcome) m_resultOnScreen.start();
    if (!m_sop.isEmpty())
        m_feedback->audit(QStringLiteral("prediction.revealed"), m_sop, QStringLiteral("ok"),
                          QStringLiteral("after %1 ms").arg(m_imageOnScreen.isValid() ? m_imageOnScreen.elapsed() : 0));
    updateControls();
    Q_EMIT aiRevealed();
}

void VerdictFlow::save(const QString& verdict, const QString& correctedLabel, const QString& comment)
{
    m_busy = true;
    m_panel->showSaving();
    feedback::VerdictCircumstances circumstances;
    circumstances.aiRevealedByReader = m_hiddenAtStart;
    circumstances.viewedMs = m_imageOnScreen.elapsed();
    const Saved saving{0, m_sop, QString::fromStdString(m_info.seriesInstanceUid), m_filePath, patientOf(m_info)};
    const AiOutcome outcome = *m_outcome;
    const QString readerLabel = correctedLabel.isEmpty() ? outcome.label : correctedLabel;
    m_feedback->saveVerdict(m_info, m_filePath, *m_outcome, verdict, correctedLabel, comment, circumstances, this,
                            [this, saving, outcome, readerLabel](const FeedbackSession::SaveResult& result) {
                                if (result.saved) {
                                    Saved saved = saving;
                                    saved.verdictId = result.verdictId;
                                    m_undo.push_back(saved);
                                }
                                saveFinished(result);
                                if (result.saved)
                                    Q_EMIT verdictSaved(saving.filePath, outcome, readerLabel, result.verdictId);
                            });
}

void VerdictFlow::saveFinished(const FeedbackSession::SaveResult& result)
{
    m_busy = false;
    updateProgress();
    if (result.sopInstanceUid != m_sop) {  // the reader moved on meanwhile: tell them where they are
        Q_EMIT statusMessage(result.message, result.saved ? 5000 : 0);
        updateControls();
        return;
    }
    showMessage(result.saved, result.message);
    if (!result.saved) {
        updateControls();  // the reader is told; the image stays for another try
        return;
    }
    m_changing = false;
    refreshReviewState();
    // Set before moving: a cached image may be shown before advance() returns.
    m_keepMessageOnNextImage = true;
    if (!m_advance || !m_advance()) m_keepMessageOnNextImage = false;
}

void VerdictFlow::undo()
{
    if (m_busy) return refuse(tr("Still saving the last verdict; try again in a moment."));
    if (m_undo.empty()) return refuse(tr("Nothing to undo: no verdict of this session is left to withdraw."));
    const Saved last = m_undo.back();
    m_undo.pop_back();
    m_busy = true;
    updateControls();
    m_feedback->withdrawVerdict(last.verdictId, last.sopInstanceUid, last.patient, this,
                                [this, last](const FeedbackSession::SaveResult& result) {
                                    if (!result.saved) m_undo.push_back(last);  // still there to undo
                                    withdrawFinished(result, last.seriesInstanceUid, last.filePath);
                                });
}

void VerdictFlow::withdrawFinished(const FeedbackSession::SaveResult& result, const QString& seriesInstanceUid,
                                   const QString& filePath)
{
    m_busy = false;
    updateProgress();
    Q_EMIT statusMessage(result.message, result.saved ? kMessageMs : 0);
    if (result.sopInstanceUid == m_sop) {
        showMessage(result.saved, result.message);
        refreshReviewState();
        return;
    }
    updateControls();
    if (!result.saved) return;
    // Back to the image whose verdict was taken back, so that it can be judged again.
    m_panel->showSaveResult(true, result.message);
    m_keepMessageOnNextImage = true;
    Q_EMIT returnRequested(seriesInstanceUid, filePath);
}

void VerdictFlow::showMessage(bool ok, const QString& message)
{
    m_panel->showSaveResult(ok, message);
}

void VerdictFlow::refreshReviewState()
{
    const auto current = m_sop.isEmpty() ? std::nullopt : m_feedback->currentVerdict(m_sop);
    m_reviewed = current.has_value();
    if (!current) {
        m_changing = false;
        m_panel->showReviewState({}, false);
    } else if (!m_changing) {
        const feedback::VerdictRecord& verdict = current->verdict;
        const QString aiLabel = LabelWords::of(current->prediction.label);
        const QString when = whenText(verdict.createdUtc);
        const bool mine = verdict.reader == m_feedback->reader();
        QString text;
        if (verdict.verdict == QLatin1String("agree"))
            text = mine ? tr("You agreed: %1 · %2 · %3").arg(aiLabel, when, verdict.reader)
                        : tr("%3 agreed: %1 · %2").arg(aiLabel, when, verdict.reader);
        else
            text = mine ? tr("You disagreed: %1 → %2 · %3 · %4")
                              .arg(aiLabel, LabelWords::of(verdict.correctedLabel), when, verdict.reader)
                        : tr("%4 disagreed: %1 → %2 · %3")
                              .arg(aiLabel, LabelWords::of(verdict.correctedLabel), when, verdict.reader);
        m_panel->showReviewState(text, true);
    }
    updateControls();
}

void VerdictFlow::updateControls()
{
    m_panel->setVerdictEnabled(!m_sop.isEmpty() && m_outcome.has_value() && !m_busy && (!m_reviewed || m_changing) &&
                               !isAiHidden());
}

void VerdictFlow::updateProgress()
{
    m_panel->setProgress(m_feedback->progressText());
}

}  // namespace pulmo::app
