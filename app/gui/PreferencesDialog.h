#pragma once
// File > Preferences: the window's language, the image cache, the AI model and threshold, the reader's name, and the
// PACS nodes (peers, this workstation's AE title and storage port, a C-ECHO "Test" per peer). Edits a copy; the caller
// applies what preferences() returns after the dialog was accepted.

#include "AiController.h"
#include "PacsSettings.h"
#include "ReadingSettings.h"
#include "ResultSettings.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace pulmo::app {

struct Preferences {
    int cacheMegabytes = 1024;
    AiSettings ai;
    /// How long the AI process stays loaded after the last window closed (AiController::keepLoadedSeconds()).
    int keepAiLoadedMinutes = AiController::kKeepLoadedMinutes;
    QString reader;  ///< who signs verdicts; empty: the operating-system user
    PacsSettings pacs;
    QString language;  ///< "en", "de", "fr"; empty: the system's. Applies at the next start.
    ReadingSettings reading;
    ResultSettings results;
};

/// The preferences as stored (QSettings): what the window starts with. The PACS settings and the
/// language are read by PacsSettings::load() and savedLanguage().
/// The AI settings; the bundled demo model when none was chosen.
AiSettings savedAiSettings();
/// The image cache's budget, in MiB.
int savedCacheMegabytes();
/// Stores every preference (the language applies at the next start); the caller applies them to
/// what runs.
void savePreferences(const Preferences& preferences);

class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    /// `model`: the model loaded now, to show its card; may be empty.
    PreferencesDialog(const Preferences& current, std::shared_ptr<const inference::ModelIdentity> model,
                      QWidget* parent = nullptr);
    ~PreferencesDialog() override;

    /// The values as edited.
    Preferences preferences() const;

    // The PACS page, also for tests.
    QTableWidget* peerTable() const { return m_peers; }
    int addPeer(const net::PacsPeer& peer);
    /// C-ECHO to the peer in `row`, in the background; the outcome is shown under the table and
    /// reported by echoFinished().
    void testPeer(int row);
    QString echoText() const;

public Q_SLOTS:
    void accept() override;

Q_SIGNALS:
    void echoFinished(bool ok, const QString& message);

private:
    QWidget* createGeneralPage(const Preferences& current, const inference::ModelIdentity* model);
    QWidget* createPacsPage(const PacsSettings& pacs);
    net::PacsPeer peerAt(int row) const;

    QSpinBox* m_cache = nullptr;
    QLineEdit* m_model = nullptr;
    QComboBox* m_device = nullptr;
    QCheckBox* m_overrideThreshold = nullptr;
    QDoubleSpinBox* m_threshold = nullptr;
    QSpinBox* m_keepAiLoaded = nullptr;
    QLineEdit* m_reader = nullptr;
    QSpinBox* m_minimumView = nullptr;
    QCheckBox* m_sendAutomatically = nullptr;
    QCheckBox* m_verifiedReports = nullptr;
    QCheckBox* m_revealAfterLook = nullptr;
    QComboBox* m_language = nullptr;
    QLineEdit* m_localAe = nullptr;
    QSpinBox* m_storagePort = nullptr;
    QCheckBox* m_receiverEnabled = nullptr;
    QCheckBox* m_receiverTls = nullptr;
    QLineEdit* m_receiverCertificate = nullptr;
    QLineEdit* m_receiverPrivateKey = nullptr;
    QLineEdit* m_receiverTrustedCa = nullptr;
    QLineEdit* m_listenAddress = nullptr;
    QCheckBox* m_acceptAnyCaller = nullptr;
    QSpinBox* m_minimumFreeDisk = nullptr;
    QLineEdit* m_auditRepository = nullptr;
    QTableWidget* m_peers = nullptr;
    QLabel* m_echo = nullptr;
    AiSettings m_ai;  // fields the dialog does not edit are kept
    int m_echoesRunning = 0;
};

}  // namespace pulmo::app
