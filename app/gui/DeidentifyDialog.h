#pragma once
// File > Export De-identified Study: what to keep (the profile's options, each said in words), for
// whom, and where; and the export itself, in the background, every file audited, with an outcome in
// the reader's language that lists the images left out because their pixels may show identity.

#include "deid/DeidOptions.h"

#include <QDialog>
#include <QStringList>

#include <functional>

class QCheckBox;
class QLineEdit;
class QRadioButton;

namespace pulmo::app {

class DeidentifyDialog : public QDialog {
    Q_OBJECT

public:
    /// `studyLabel`: what is exported, as the reader knows it ("3 images of the study of 12.03.2024").
    DeidentifyDialog(const QString& studyLabel, QWidget* parent = nullptr);

    QString folder() const;
    QString recipient() const;
    deid::DeidOptions options() const;

private:
    void browse();
    void accept() override;

    QLineEdit* m_folder = nullptr;
    QLineEdit* m_recipient = nullptr;
    QRadioButton* m_removeDates = nullptr;
    QRadioButton* m_keepDates = nullptr;
    QRadioButton* m_shiftDates = nullptr;
    QCheckBox* m_uids = nullptr;
    QCheckBox* m_device = nullptr;
    QCheckBox* m_institution = nullptr;
    QCheckBox* m_characteristics = nullptr;
    QCheckBox* m_safePrivate = nullptr;
    QCheckBox* m_descriptors = nullptr;
    QCheckBox* m_structured = nullptr;
    QCheckBox* m_graphics = nullptr;
    QCheckBox* m_burnedIn = nullptr;
};

/// Runs the export on a pool thread with its own connection to the feedback database (the key and the
/// audit). `done(ok, message)` comes on the UI thread, while `context` lives; `message` is worded for
/// the reader: how many were written, and each image refused or failed with why.
void exportDeidentified(const QStringList& files, const QString& folder, const deid::DeidOptions& options,
                        const QString& recipient, const QString& reader, const QString& databasePath, QObject* context,
                        std::function<void(int done, int total)> progress,
                        std::function<void(bool ok, const QString& message)> done);

}  // namespace pulmo::app
