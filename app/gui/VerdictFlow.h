#pragma once
// The reader's verdict on the image on screen: when A / D count, what the verdict box shows for
// this image, saving, Undo and Change, and the reader-first reveal of the AI's answer.
//
// A verdict is a clinical act and becomes a training label, so one is taken only for an image the
// reader saw: the image and its AI result on screen for ReadingSettings::minimumViewMs (the A / D
// actions also ignore key auto-repeat, MainWindowLayout.cpp), one save at a time, never over a
// verdict the image already has unless the reader asked to Change it, never while the AI's answer
// is still hidden. Every refusal is said in the verdict box and the status bar. Undo (Ctrl+Z)
// withdraws the session's last verdict by a new row (FeedbackStore::withdrawVerdict): history stays.
//
// The window tells it what is on screen (imageShown, outcomeShown, imageCleared) and gives it the
// way to move on (setAdvance); it owns no widget. UI thread only.

#include "AiOutcome.h"
#include "FeedbackSession.h"
#include "ReadingSettings.h"
#include "dicom/ImageInfo.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace pulmo::app {

class AiPanel;

class VerdictFlow : public QObject {
    Q_OBJECT
public:
    /// `feedback` and `panel` must outlive this object (the window owns all three).
    VerdictFlow(FeedbackSession* feedback, AiPanel* panel, const ReadingSettings& settings, QObject* parent = nullptr);

    const ReadingSettings& settings() const { return m_settings; }
    /// Applies at once, except that a newly chosen reveal-after-look starts with the next image.
    void setSettings(const ReadingSettings& settings);
    /// How to go on after a saved verdict (the window's next image); returns whether it moved.
    void setAdvance(std::function<bool()> advance) { m_advance = std::move(advance); }

    // What is on screen, told by the window.
    /// A new image is on screen: the form is cleared and the image's own verdict is read.
    void imageShown(const dicom::ImageInfo& info, const QString& filePath);
    /// No image (a decode failed): nothing may be judged.
    void imageCleared();
    /// The AI panel shows `outcome` for image `sopInstanceUid` (ignored for another image).
    void outcomeShown(const QString& sopInstanceUid, const AiOutcome& outcome);

    /// The AI's answer is hidden from the reader now (reveal-after-look, before Space).
    bool isAiHidden() const;
    QString currentSopInstanceUid() const { return m_sop; }
    /// The session's verdicts that Undo can still withdraw, newest last.
    int undoDepth() const { return int(m_undo.size()); }
    void updateProgress();

public Q_SLOTS:
    /// A: agree with the AI's answer; saved, then the next image.
    void agree();
    /// D: choose the label that disagrees, then Enter (confirmDisagreement).
    void disagree();
    void confirmDisagreement();
    /// Esc: back out of a disagreement or a change.
    void cancel();
    /// Change: a new verdict for an image that has one.
    void change();
    /// Ctrl+Z: withdraw the last verdict of this session (again: the one before).
    void undo();
    /// Space: show the AI's answer after the reader's first look.
    void reveal();

Q_SIGNALS:
    /// A short message for the status bar (what the verdict box says, or where the reader is not).
    void statusMessage(const QString& message, int timeoutMs);
    /// The AI's answer was revealed for the image on screen: the heatmap may be drawn now.
    void aiRevealed();
    /// A verdict on `outcome` was saved (verdict row `verdictId`): the reader's label is `readerLabel`
    /// (the AI's on agreement, the corrected one on disagreement). For the verified report (issue 16).
    void verdictSaved(const QString& filePath, const pulmo::app::AiOutcome& outcome, const QString& readerLabel,
                      qint64 verdictId);
    /// An Undo withdrew the verdict of an image that is not on screen: go back to it.
    void returnRequested(const QString& seriesInstanceUid, const QString& filePath);

private:
    enum class Kind { Agree, Disagree };
    /// Why a verdict cannot be given now, or empty when it can.
    QString refusal() const;
    void refuse(const QString& why);
    void save(const QString& verdict, const QString& correctedLabel, const QString& comment);
    void saveFinished(const FeedbackSession::SaveResult& result);
    void withdrawFinished(const FeedbackSession::SaveResult& result, const QString& seriesInstanceUid,
                          const QString& filePath);
    /// The verdict box's line for this image, from the database, and which controls are live.
    void refreshReviewState();
    void updateControls();
    void showMessage(bool ok, const QString& message);

    FeedbackSession* m_feedback;
    AiPanel* m_panel;
    ReadingSettings m_settings;
    std::function<bool()> m_advance;

    // The image on screen.
    QString m_sop;
    dicom::ImageInfo m_info;
    QString m_filePath;
    std::optional<AiOutcome> m_outcome;  ///< its AI result as shown, when one is
    QElapsedTimer m_imageOnScreen;
    QElapsedTimer m_resultOnScreen;  ///< since the result became visible (shown, or revealed)
    bool m_hiddenAtStart = false;    ///< the AI's answer was hidden when the image came
    bool m_reviewed = false;         ///< it has a current verdict
    bool m_changing = false;         ///< the reader asked to Change it

    bool m_busy = false;                    ///< a save or a withdrawal is being written
    bool m_keepMessageOnNextImage = false;  ///< the "Saved ..." of the advance it caused stays

    struct Saved {
        qint64 verdictId = 0;
        QString sopInstanceUid;
        QString seriesInstanceUid;
        QString filePath;
        QString patient;
    };
    std::vector<Saved> m_undo;  ///< this session's verdicts, newest last
};

}  // namespace pulmo::app
