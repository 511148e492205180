#include "DeidentifyDialog.h"

#include "DeidentifyRun.h"
#include "ErrorText.h"
#include "FeedbackDatabase.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace pulmo::app {

DeidentifyDialog::DeidentifyDialog(const QString& studyLabel, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Export De-identified Study"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(
        tr("%1 will be written as DICOM files without the patient's identity (DICOM PS3.15 Basic Application "
           "Level Confidentiality Profile): names, IDs, addresses, physicians, accession numbers and free text "
           "removed, UIDs and the patient replaced by keyed pseudonyms, private data removed. Choose what else "
           "to keep.")
            .arg(studyLabel),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* form = new QFormLayout;
    auto* folderRow = new QHBoxLayout;
    m_folder = new QLineEdit(this);
    auto* browseButton = new QPushButton(tr("&Browse..."), this);
    connect(browseButton, &QPushButton::clicked, this, &DeidentifyDialog::browse);
    folderRow->addWidget(m_folder);
    folderRow->addWidget(browseButton);
    auto* folderLabel = new QLabel(tr("Into &folder:"), this);
    folderLabel->setBuddy(m_folder);  // a row of a layout has no buddy of its own: the accelerator needs one
    form->addRow(folderLabel, folderRow);
    m_recipient = new QLineEdit(this);
    m_recipient->setPlaceholderText(tr("e.g. the lung study group (recorded in the audit trail)"));
    form->addRow(tr("&For:"), m_recipient);
    layout->addLayout(form);

    auto* dates = new QGroupBox(tr("Dates"), this);
    auto* datesLayout = new QVBoxLayout(dates);
    m_removeDates = new QRadioButton(tr("&Remove"), dates);
    m_shiftDates = new QRadioButton(tr("&Shift each patient's dates by a secret offset (intervals kept)"), dates);
    m_keepDates = new QRadioButton(tr("&Keep as they are"), dates);
    m_removeDates->setChecked(true);
    datesLayout->addWidget(m_removeDates);
    datesLayout->addWidget(m_shiftDates);
    datesLayout->addWidget(m_keepDates);
    layout->addWidget(dates);

    auto* keep = new QGroupBox(tr("Also keep"), this);
    auto* keepLayout = new QVBoxLayout(keep);
    const auto box = [&](const QString& text) {
        auto* check = new QCheckBox(text, keep);
        keepLayout->addWidget(check);
        return check;
    };
    m_characteristics = box(tr("Patient characteristics (sex, age, size, weight)"));
    m_device = box(tr("Device identity (station, serial numbers)"));
    m_institution = box(tr("Institution identity (name, address, department)"));
    m_descriptors = box(tr("Descriptions and comments, with the patient's identifiers scrubbed out"));
    m_structured = box(tr("Structured report content, with names replaced and identifiers scrubbed out"));
    m_graphics = box(tr("Graphic annotations, with their text scrubbed (overlays are always removed)"));
    m_safePrivate = box(tr("Private attributes known to be safe"));
    m_uids = box(tr("The original UIDs (they can link the copy back to the hospital's records)"));
    layout->addWidget(keep);

    m_burnedIn = new QCheckBox(tr("Export images whose pixels may show identity (burned-in text) as well"), this);
    layout->addWidget(m_burnedIn);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Export"));
    connect(buttons, &QDialogButtonBox::accepted, this, &DeidentifyDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

void DeidentifyDialog::browse()
{
    const QString chosen = QFileDialog::getExistingDirectory(this, tr("Export into a folder"), m_folder->text());
    if (!chosen.isEmpty()) m_folder->setText(chosen);
}

void DeidentifyDialog::accept()
{
    if (folder().isEmpty()) {
        QMessageBox::warning(this, windowTitle(), tr("Choose the folder to export into."));
        return;
    }
    QDialog::accept();
}

QString DeidentifyDialog::folder() const
{
    return m_folder->text().trimmed();
}

QString DeidentifyDialog::recipient() const
{
    return m_recipient->text().trimmed();
}

deid::DeidOptions DeidentifyDialog::options() const
{
    deid::DeidOptions options;
    options.retainDates = m_keepDates->isChecked();
    options.shiftDates = m_shiftDates->isChecked();
    options.retainPatientCharacteristics = m_characteristics->isChecked();
    options.retainDeviceIdentity = m_device->isChecked();
    options.retainInstitutionIdentity = m_institution->isChecked();
    options.cleanDescriptors = m_descriptors->isChecked();
    options.cleanStructuredContent = m_structured->isChecked();
    options.cleanGraphics = m_graphics->isChecked();
    options.retainSafePrivate = m_safePrivate->isChecked();
    options.retainUids = m_uids->isChecked();
    options.allowBurnedIn = m_burnedIn->isChecked();
    return options;
}

namespace {

QString refusalText(const deid::DeidOutcome& outcome)
{
    switch (outcome.refusal) {
        case deid::BurnedInRisk::SaysYes:
            return DeidentifyDialog::tr("its Burned In Annotation says YES: the pixels may show identity");
        case deid::BurnedInRisk::SecondaryCapture:
            return DeidentifyDialog::tr("a secondary capture that does not say whether its pixels show identity");
        case deid::BurnedInRisk::ScannedFilm:
            return DeidentifyDialog::tr(
                "a scanned film or document that does not say whether its pixels show identity");
        case deid::BurnedInRisk::None:
            break;
    }
    return QString::fromStdString(outcome.reason);
}

}  // namespace

void exportDeidentified(const QStringList& files, const QString& folder, const deid::DeidOptions& options,
                        const QString& recipient, const QString& reader, const QString& databasePath, QObject* context,
                        std::function<void(int, int)> progress, std::function<void(bool, const QString&)> done)
{
    Q_ASSERT(context);  // owns the watcher, and with it the call of `done`
    QPointer<QObject> receiver(context);
    using Outcome = std::pair<bool, QString>;
    auto* watcher = new QFutureWatcher<Outcome>(context);
    QObject::connect(watcher, &QFutureWatcher<Outcome>::finished, context, [watcher, done = std::move(done)] {
        const auto [ok, message] = watcher->result();
        watcher->deleteLater();
        done(ok, message);
    });
    watcher->setFuture(QtConcurrent::run([=]() -> Outcome {
        try {
            feedback::FeedbackDatabase connection(databasePath.toStdString());  // this thread's own
            std::vector<DeidInput> inputs;
            for (const QString& file : files) inputs.push_back({file, false});
            const int total = int(inputs.size());
            int count = 0;
            QStringList problems;
            const auto each = [&](const DeidItem& item) {
                ++count;
                const deid::DeidOutcome& outcome = item.outcome;
                const QString name = QDir::toNativeSeparators(QString::fromStdString(outcome.inputPath));
                if (outcome.status == deid::DeidOutcome::Status::Refused)
                    problems << DeidentifyDialog::tr("Not exported: %1: %2").arg(name, refusalText(outcome));
                else if (outcome.status == deid::DeidOutcome::Status::Failed)
                    problems << (outcome.error ? ErrorText::of(*outcome.error)
                                               : DeidentifyDialog::tr("%1: %2").arg(
                                                     name, QString::fromStdString(outcome.reason)));
                QMetaObject::invokeMethod(
                    qApp,
                    [receiver, progress, count, total] {
                        if (receiver && progress) progress(count, total);
                    },
                    Qt::QueuedConnection);
            };
            const DeidSummary summary =
                deidentifyAndAudit(connection, inputs, folder, options, recipient, reader, each);
            QString text = DeidentifyDialog::tr("De-identified %Ln file(s) into %1.", nullptr, summary.written)
                               .arg(QDir::toNativeSeparators(folder));
            if (summary.refused > 0)
                text += QLatin1Char(' ') + DeidentifyDialog::tr(
                                               "%Ln image(s) left out: their pixels may show "
                                               "identity.",
                                               nullptr, summary.refused);
            if (summary.failed > 0)
                text +=
                    QLatin1Char(' ') + DeidentifyDialog::tr("%Ln file(s) could not be read.", nullptr, summary.failed);
            for (const QString& problem : problems) text += QLatin1Char('\n') + problem;
            return {summary.failed == 0, text};
        } catch (const std::exception& error) {
            return {false, DeidentifyDialog::tr("Export failed: %1").arg(ErrorText::of(error))};
        }
    }));
}

}  // namespace pulmo::app
