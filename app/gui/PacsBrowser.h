#pragma once
// File > Query PACS: find studies on a configured peer (Study Root C-FIND at study level, each
// study expandable to its series), then retrieve the chosen ones by C-MOVE or C-GET through the
// PacsController, with progress per study, cancel and retry. Queries run in the background and
// can be cancelled; the peer's errors are shown as it said them.
//
// UI thread only.

#include "PacsSettings.h"
#include "PacsMetaTypes.h"
#include "net/StudyQuery.h"

#include <QFutureWatcher>
#include <QHash>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace pulmo::net {
class Cancellation;
}

namespace pulmo::app {

class PacsController;

class PacsBrowser : public QWidget {
    Q_OBJECT
public:
    /// `controller` (not owned) must outlive this window.
    explicit PacsBrowser(PacsController* controller, QWidget* parent = nullptr);
    ~PacsBrowser() override;

    /// Re-reads the peers from the controller's settings.
    void reloadPeers();
    void setPeer(int index);
    /// The form's keys (as they go out), and filling the form (tests, "same patient" searches).
    net::StudyQuery query() const;
    void setQuery(const net::StudyQuery& query);

    QTreeWidget* results() const { return m_results; }
    QString statusText() const;
    bool isSearching() const { return m_searchWatcher.isRunning(); }

public Q_SLOTS:
    void search();
    void cancelSearch();
    /// Retrieves the selected studies (all studies when none is selected) by `method`, or the
    /// peer's preferred method when `method` is empty ("move" / "get").
    void retrieveSelected(const QString& method = {});
    void cancelRetrieves();
    /// Retrieves again the studies whose last retrieve did not complete.
    void retryFailed();

Q_SIGNALS:
    /// `error` empty on success.
    void searchFinished(int studies, const QString& error);
    void seriesListed(const QString& studyInstanceUid, int series, const QString& error);
    void studyRetrieved(const QString& studyInstanceUid, const pulmo::net::RetrieveResult& result);

private:
    struct SearchOutcome {
        std::vector<net::StudyRecord> studies;
        QString error;      ///< English, for the audit trail
        QString errorText;  ///< the same for the user (ErrorText)
    };
    void searchDone();
    void listSeries(QTreeWidgetItem* study);
    void retrieveProgress(int job, const net::RetrieveProgress& progress);
    void retrieveFinished(int job, const net::RetrieveResult& result);
    QTreeWidgetItem* studyItem(const QString& studyInstanceUid) const;
    const net::PacsPeer* currentPeer() const;
    void setStatus(const QString& text, bool error = false);
    void updateButtons();

    PacsController* m_controller;
    std::vector<net::PacsPeer> m_peers;
    QComboBox* m_peer = nullptr;
    QLineEdit* m_patientName = nullptr;
    QLineEdit* m_patientId = nullptr;
    QLineEdit* m_accession = nullptr;
    QLineEdit* m_studyDate = nullptr;
    QComboBox* m_modality = nullptr;
    QLineEdit* m_description = nullptr;
    QPushButton* m_search = nullptr;
    QPushButton* m_cancelSearch = nullptr;
    QComboBox* m_method = nullptr;
    QPushButton* m_retrieve = nullptr;
    QPushButton* m_cancelRetrieve = nullptr;
    QPushButton* m_retry = nullptr;
    QTreeWidget* m_results = nullptr;
    QLabel* m_status = nullptr;

    QFutureWatcher<SearchOutcome> m_searchWatcher;
    std::shared_ptr<net::Cancellation> m_searchCancellation;
    net::PacsPeer m_searchedPeer;          // the peer the results came from
    net::StudyQuery m_searchedKeys;        // and the keys they answer
    QHash<int, QString> m_jobStudy;        // retrieve job -> Study Instance UID
    QHash<QString, int> m_studyJob;        // Study Instance UID -> its running job
    QHash<QString, bool> m_studyComplete;  // last outcome per study
    QHash<QString, QString> m_studyName;   // Study Instance UID -> "patient · date · description", while retrieving
};

}  // namespace pulmo::app
