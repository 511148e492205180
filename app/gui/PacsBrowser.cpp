#include "PacsBrowser.h"

#include "ErrorText.h"
#include "PacsController.h"
#include "net/Cancellation.h"
#include "net/PacsQuery.h"
#include "widgets/PersonName.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace pulmo::app {
namespace {

enum Column {
    PatientName,
    PatientId,
    BirthDate,
    StudyDate,
    Accession,
    Description,
    Modalities,
    Size,
    Transfer,
    ColumnCount
};
constexpr int kUidRole = Qt::UserRole;  // Study or Series Instance UID
constexpr int kSeriesListedRole = Qt::UserRole + 1;

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

QString dicomDate(const std::string& value)
{
    const QDate date = QDate::fromString(text(value), QStringLiteral("yyyyMMdd"));
    return date.isValid() ? date.toString(Qt::ISODate) : text(value);
}

}  // namespace

PacsBrowser::PacsBrowser(PacsController* controller, QWidget* parent)
    : QWidget(parent, Qt::Window), m_controller(controller)
{
    setWindowTitle(tr("Query PACS"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_peer = new QComboBox(this);
    m_peer->setToolTip(tr("The PACS to ask (File > Preferences > PACS lists them)"));
    form->addRow(tr("PACS"), m_peer);
    m_patientName = new QLineEdit(this);
    m_patientName->setPlaceholderText(tr("e.g. DOE* (wildcards * and ?)"));
    m_patientId = new QLineEdit(this);
    m_accession = new QLineEdit(this);
    m_studyDate = new QLineEdit(this);
    m_studyDate->setPlaceholderText(tr("YYYYMMDD, YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD"));
    m_modality = new QComboBox(this);
    m_modality->setEditable(true);
    m_modality->addItems({QStringLiteral("CR\\DX"), QStringLiteral("CR"), QStringLiteral("DX"), QString()});
    m_modality->setItemText(3, QString());
    m_modality->setToolTip(tr("Modalities in the study; chest radiographs (CR\\DX) by default, empty for any"));
    m_description = new QLineEdit(this);
    m_description->setPlaceholderText(tr("e.g. *CHEST*"));
    auto* row1 = new QHBoxLayout;
    row1->addWidget(m_patientName, 2);
    row1->addWidget(new QLabel(tr("Patient ID"), this));
    row1->addWidget(m_patientId, 1);
    row1->addWidget(new QLabel(tr("Accession"), this));
    row1->addWidget(m_accession, 1);
    form->addRow(tr("Patient name"), row1);
    auto* row2 = new QHBoxLayout;
    row2->addWidget(m_studyDate, 2);
    row2->addWidget(new QLabel(tr("Modality"), this));
    row2->addWidget(m_modality, 1);
    row2->addWidget(new QLabel(tr("Description"), this));
    row2->addWidget(m_description, 1);
    form->addRow(tr("Study date"), row2);
    layout->addLayout(form);

    auto* searchRow = new QHBoxLayout;
    m_search = new QPushButton(tr("Search"), this);
    m_search->setDefault(true);
    m_cancelSearch = new QPushButton(tr("Cancel search"), this);
    searchRow->addWidget(m_search);
    searchRow->addWidget(m_cancelSearch);
    searchRow->addStretch();
    layout->addLayout(searchRow);

    m_results = new QTreeWidget(this);
    m_results->setColumnCount(ColumnCount);
    m_results->setHeaderLabels({tr("Patient"), tr("Patient ID"), tr("Birth date"), tr("Study date"), tr("Accession"),
                                tr("Description"), tr("Modalities"), tr("Series / images"), tr("Transfer")});
    m_results->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_results->setSortingEnabled(true);
    m_results->header()->setStretchLastSection(true);
    layout->addWidget(m_results, 1);

    auto* retrieveRow = new QHBoxLayout;
    m_method = new QComboBox(this);
    m_method->addItem(tr("the PACS's preferred method"), QString());
    m_method->addItem(tr("C-MOVE"), QStringLiteral("move"));
    m_method->addItem(tr("C-GET"), QStringLiteral("get"));
    m_retrieve = new QPushButton(tr("Retrieve"), this);
    m_retrieve->setToolTip(
        tr("Fetch the selected studies into this workstation; the first image opens as soon as it arrives"));
    m_cancelRetrieve = new QPushButton(tr("Cancel retrieves"), this);
    m_retry = new QPushButton(tr("Retry failed"), this);
    retrieveRow->addWidget(m_retrieve);
    retrieveRow->addWidget(new QLabel(tr("by"), this));
    retrieveRow->addWidget(m_method);
    retrieveRow->addWidget(m_cancelRetrieve);
    retrieveRow->addWidget(m_retry);
    retrieveRow->addStretch();
    layout->addLayout(retrieveRow);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    for (QLineEdit* edit : {m_patientName, m_patientId, m_accession, m_studyDate, m_description})
        connect(edit, &QLineEdit::returnPressed, this, &PacsBrowser::search);
    connect(m_search, &QPushButton::clicked, this, &PacsBrowser::search);
    connect(m_cancelSearch, &QPushButton::clicked, this, &PacsBrowser::cancelSearch);
    connect(m_retrieve, &QPushButton::clicked, this, [this] { retrieveSelected(m_method->currentData().toString()); });
    connect(m_cancelRetrieve, &QPushButton::clicked, this, &PacsBrowser::cancelRetrieves);
    connect(m_retry, &QPushButton::clicked, this, &PacsBrowser::retryFailed);
    connect(m_results, &QTreeWidget::itemExpanded, this, &PacsBrowser::listSeries);
    connect(m_results, &QTreeWidget::itemSelectionChanged, this, &PacsBrowser::updateButtons);
    connect(&m_searchWatcher, &QFutureWatcher<SearchOutcome>::finished, this, &PacsBrowser::searchDone);
    connect(m_controller, &PacsController::retrieveProgress, this, &PacsBrowser::retrieveProgress);
    connect(m_controller, &PacsController::retrieveFinished, this, &PacsBrowser::retrieveFinished);
    reloadPeers();
    resize(1100, 640);
}

PacsBrowser::~PacsBrowser()
{
    cancelSearch();
    m_searchWatcher.waitForFinished();  // the query holds no pointer to this window, but end it cleanly
}

void PacsBrowser::reloadPeers()
{
    const QString previous = m_peer->currentText();
    m_peers = m_controller->settings().peers;
    m_peer->clear();
    for (const net::PacsPeer& peer : m_peers)
        m_peer->addItem(tr("%1 (%2)").arg(peer.description.empty() ? text(peer.aeTitle) : text(peer.description),
                                          text(net::peerAddress(peer))));
    if (const int index = m_peer->findText(previous); index >= 0) m_peer->setCurrentIndex(index);
    if (m_peers.empty()) setStatus(tr("No PACS is configured: add one in File > Preferences > PACS."), true);
    updateButtons();
}

void PacsBrowser::setPeer(int index)
{
    m_peer->setCurrentIndex(index);
}

const net::PacsPeer* PacsBrowser::currentPeer() const
{
    const int index = m_peer->currentIndex();
    return index >= 0 && index < int(m_peers.size()) ? &m_peers[size_t(index)] : nullptr;
}

net::StudyQuery PacsBrowser::query() const
{
    net::StudyQuery query;
    query.patientName = m_patientName->text().trimmed().toStdString();
    query.patientId = m_patientId->text().trimmed().toStdString();
    query.accessionNumber = m_accession->text().trimmed().toStdString();
    query.studyDate = m_studyDate->text().remove(QLatin1Char(' ')).toStdString();
    query.modalities = m_modality->currentText().trimmed().toStdString();
    query.studyDescription = m_description->text().trimmed().toStdString();
    return query;
}

void PacsBrowser::setQuery(const net::StudyQuery& query)
{
    m_patientName->setText(text(query.patientName));
    m_patientId->setText(text(query.patientId));
    m_accession->setText(text(query.accessionNumber));
    m_studyDate->setText(text(query.studyDate));
    m_modality->setCurrentText(text(query.modalities));
    m_description->setText(text(query.studyDescription));
}

QString PacsBrowser::statusText() const
{
    return m_status->text();
}

void PacsBrowser::setStatus(const QString& message, bool error)
{
    m_status->setText(message);
    m_status->setStyleSheet(error ? QStringLiteral("color:#c62828") : QString());
}

void PacsBrowser::updateButtons()
{
    m_search->setEnabled(!m_peers.empty() && !m_searchWatcher.isRunning());
    m_cancelSearch->setEnabled(m_searchWatcher.isRunning());
    m_retrieve->setEnabled(m_results->topLevelItemCount() > 0);
    m_cancelRetrieve->setEnabled(!m_studyJob.isEmpty());
    bool failed = false;
    for (auto it = m_studyComplete.cbegin(); it != m_studyComplete.cend(); ++it) failed = failed || !it.value();
    m_retry->setEnabled(failed);
}

void PacsBrowser::search()
{
    const net::PacsPeer* peer = currentPeer();
    if (!peer || m_searchWatcher.isRunning()) return;
    m_searchedPeer = *peer;
    const net::StudyQuery keys = query();
    m_searchedKeys = keys;
    const std::string callingAe = m_controller->settings().local.aeTitle;
    m_searchCancellation = std::make_shared<net::Cancellation>();
    const auto cancellation = m_searchCancellation;
    const net::PacsPeer target = *peer;
    setStatus(tr("Searching %1...").arg(text(net::peerAddress(target))));
    m_searchWatcher.setFuture(QtConcurrent::run([target, callingAe, keys, cancellation]() -> SearchOutcome {
        SearchOutcome outcome;
        try {
            outcome.studies = net::PacsQuery(target, callingAe).findStudies(keys, cancellation.get());
        } catch (const std::exception& error) {
            outcome.error = QString::fromUtf8(error.what());
            outcome.errorText = ErrorText::of(error);
        }
        return outcome;
    }));
    updateButtons();
}

void PacsBrowser::cancelSearch()
{
    if (m_searchCancellation) m_searchCancellation->cancel();
}

void PacsBrowser::searchDone()
{
    const SearchOutcome outcome = m_searchWatcher.result();
    const net::StudyQuery& keys = m_searchedKeys;
    // The audit trail is a record for other systems and auditors: English, whatever the window's language.
    QString detail =
        QStringLiteral("patient name '%1', patient ID '%2', accession '%3', date '%4', modality '%5', description '%6'")
            .arg(text(keys.patientName), text(keys.patientId), text(keys.accessionNumber), text(keys.studyDate),
                 text(keys.modalities), text(keys.studyDescription));
    m_controller->audit(QStringLiteral("pacs.find"), text(net::peerAddress(m_searchedPeer)),
                        outcome.error.isEmpty() ? QStringLiteral("ok") : outcome.error,
                        detail + QStringLiteral("; %1 studies").arg(outcome.studies.size()));
    if (!outcome.error.isEmpty()) {
        setStatus(outcome.errorText, true);
        updateButtons();
        Q_EMIT searchFinished(0, outcome.errorText);
        return;
    }
    m_results->setSortingEnabled(false);
    m_results->clear();
    m_studyComplete.clear();
    for (const net::StudyRecord& study : outcome.studies) {
        auto* item = new QTreeWidgetItem(m_results);
        item->setText(PatientName, viewer::displayPersonName(text(study.patientName)));
        item->setText(PatientId, text(study.patientId));
        item->setText(BirthDate, dicomDate(study.patientBirthDate));
        item->setText(StudyDate, dicomDate(study.studyDate));
        item->setText(Accession, text(study.accessionNumber));
        item->setText(Description, text(study.studyDescription));
        item->setText(Modalities, text(study.modalitiesInStudy));
        item->setText(Size, tr("%1 / %2").arg(study.numberOfSeries >= 0 ? QLocale().toString(study.numberOfSeries)
                                                                        : QStringLiteral("?"),
                                              study.numberOfInstances >= 0 ? QLocale().toString(study.numberOfInstances)
                                                                           : QStringLiteral("?")));
        item->setData(0, kUidRole, text(study.studyInstanceUid));
        item->setChildIndicatorPolicy(QTreeWidgetItem::ShowIndicator);
        if (m_studyJob.contains(text(study.studyInstanceUid))) item->setText(Transfer, tr("retrieving..."));
    }
    m_results->setSortingEnabled(true);
    m_results->sortByColumn(StudyDate, Qt::DescendingOrder);
    for (int column = 0; column < ColumnCount - 1; ++column) m_results->resizeColumnToContents(column);
    setStatus(
        tr("%Ln study(s) on %1", nullptr, int(outcome.studies.size())).arg(text(net::peerAddress(m_searchedPeer))));
    updateButtons();
    Q_EMIT searchFinished(int(outcome.studies.size()), QString());
}

void PacsBrowser::listSeries(QTreeWidgetItem* study)
{
    if (!study || study->parent() || study->data(0, kSeriesListedRole).toBool()) return;
    study->setData(0, kSeriesListedRole, true);
    const QString studyUid = study->data(0, kUidRole).toString();
    const net::PacsPeer peer = m_searchedPeer;
    const std::string callingAe = m_controller->settings().local.aeTitle;
    using Outcome = std::pair<std::vector<net::SeriesRecord>, QString>;
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, studyUid] {
        const auto [series, error] = watcher->result();
        watcher->deleteLater();
        QTreeWidgetItem* parent = studyItem(studyUid);
        if (!parent) return;  // a new search replaced the results
        if (!error.isEmpty()) {
            parent->setData(0, kSeriesListedRole, false);
            setStatus(error, true);
        }
        for (const net::SeriesRecord& record : series) {
            auto* item = new QTreeWidgetItem(parent);
            item->setText(PatientName, tr("Series %1").arg(text(record.seriesNumber)));
            item->setText(Description, text(record.seriesDescription));
            item->setText(Modalities,
                          text(record.modality) + (record.bodyPartExamined.empty()
                                                       ? QString()
                                                       : QStringLiteral(" ") + text(record.bodyPartExamined)));
            item->setText(Size, record.numberOfInstances >= 0 ? QLocale().toString(record.numberOfInstances)
                                                              : QStringLiteral("?"));
            item->setData(0, kUidRole, text(record.seriesInstanceUid));
        }
        if (series.empty() && error.isEmpty()) parent->setChildIndicatorPolicy(QTreeWidgetItem::DontShowIndicator);
        Q_EMIT seriesListed(studyUid, int(series.size()), error);
    });
    watcher->setFuture(QtConcurrent::run([peer, callingAe, studyUid]() -> Outcome {
        try {
            return {net::PacsQuery(peer, callingAe).findSeries(studyUid.toStdString()), QString()};
        } catch (const std::exception& error) {
            return {{}, ErrorText::of(error)};
        }
    }));
}

QTreeWidgetItem* PacsBrowser::studyItem(const QString& studyInstanceUid) const
{
    for (int i = 0; i < m_results->topLevelItemCount(); ++i)
        if (m_results->topLevelItem(i)->data(0, kUidRole).toString() == studyInstanceUid)
            return m_results->topLevelItem(i);
    return nullptr;
}

void PacsBrowser::retrieveSelected(const QString& method)
{
    QList<QTreeWidgetItem*> chosen;
    for (QTreeWidgetItem* item : m_results->selectedItems()) chosen << (item->parent() ? item->parent() : item);
    if (chosen.isEmpty())
        for (int i = 0; i < m_results->topLevelItemCount(); ++i) chosen << m_results->topLevelItem(i);
    int queued = 0;
    for (QTreeWidgetItem* study : chosen) {
        const QString uid = study->data(0, kUidRole).toString();
        if (m_studyJob.contains(uid)) continue;  // already on its way
        ++queued;
        // Named as the reader knows it, for the messages to come (the results may be replaced by then).
        QStringList name;
        for (const int column : {int(PatientName), int(StudyDate), int(Description)})
            if (!study->text(column).trimmed().isEmpty()) name << study->text(column).trimmed();
        m_studyName.insert(uid, name.isEmpty() ? uid : name.join(QStringLiteral(" \u00b7 ")));
        const net::RetrieveMethod how = method == QLatin1String("get")    ? net::RetrieveMethod::Get
                                        : method == QLatin1String("move") ? net::RetrieveMethod::Move
                                                                          : m_searchedPeer.preferredRetrieve;
        const int job = m_controller->retrieve(m_searchedPeer, uid, how);
        m_jobStudy.insert(job, uid);
        m_studyJob.insert(uid, job);
        m_studyComplete.remove(uid);
        study->setText(Transfer,
                       tr("queued (%1)")
                           .arg(how == net::RetrieveMethod::Get ? QStringLiteral("C-GET") : QStringLiteral("C-MOVE")));
    }
    // What was said before (an earlier failure, a search) is not about these retrieves.
    if (queued > 0)
        setStatus(
            tr("Retrieving %Ln study(s) from %1...", nullptr, queued).arg(text(net::peerAddress(m_searchedPeer))));
    updateButtons();
}

void PacsBrowser::cancelRetrieves()
{
    for (auto it = m_jobStudy.cbegin(); it != m_jobStudy.cend(); ++it) m_controller->cancel(it.key());
}

void PacsBrowser::retryFailed()
{
    for (int i = 0; i < m_results->topLevelItemCount(); ++i) {
        QTreeWidgetItem* study = m_results->topLevelItem(i);
        const QString uid = study->data(0, kUidRole).toString();
        study->setSelected(m_studyComplete.contains(uid) && !m_studyComplete.value(uid));
    }
    retrieveSelected(m_method->currentData().toString());
}

void PacsBrowser::retrieveProgress(int job, const net::RetrieveProgress& progress)
{
    if (!m_jobStudy.contains(job)) return;
    QTreeWidgetItem* study = studyItem(m_jobStudy.value(job));
    if (!study) return;
    const int total =
        progress.remaining >= 0 ? progress.completed + progress.failed + progress.warning + progress.remaining : -1;
    study->setText(Transfer, tr("%1 of %2 received, %3 failed")
                                 .arg(QLocale().toString(progress.completed + progress.warning),
                                      total >= 0 ? QLocale().toString(total) : QStringLiteral("?"),
                                      QLocale().toString(progress.failed)));
}

void PacsBrowser::retrieveFinished(int job, const net::RetrieveResult& result)
{
    if (!m_jobStudy.contains(job)) return;
    const QString uid = m_jobStudy.take(job);
    m_studyJob.remove(uid);
    const bool complete = result.outcome == net::RetrieveOutcome::Success;
    m_studyComplete.insert(uid, complete);
    const int here = result.stored + result.alreadyPresent;
    QString summary;
    switch (result.outcome) {
        case net::RetrieveOutcome::Success:
            summary = tr("done: %Ln image(s)", nullptr, here);
            break;
        case net::RetrieveOutcome::PartialFailure:
            summary =
                tr("incomplete: %1 of %Ln image(s), %2 missing", nullptr, result.expected)
                    .arg(QLocale().toString(here), QLocale().toString(qlonglong(result.failedSopInstanceUids.size())));
            break;
        case net::RetrieveOutcome::Cancelled:
            summary = tr("cancelled: %Ln image(s) here", nullptr, here);
            break;
        case net::RetrieveOutcome::Failed:
            summary = tr("failed");
            break;
    }
    if (QTreeWidgetItem* study = studyItem(uid)) {
        study->setText(Transfer, summary);
        study->setToolTip(Transfer, ErrorText::retrieve(result));
    }
    const QString name = m_studyName.take(uid);
    if (!result.error.empty())
        setStatus(tr("%1: %2", "study: what went wrong").arg(name, ErrorText::retrieve(result)), true);
    else
        setStatus(tr("Retrieved %1: %Ln image(s)", nullptr, here).arg(name));
    updateButtons();
    Q_EMIT studyRetrieved(uid, result);
}

}  // namespace pulmo::app
