#include "PreferencesDialog.h"

#include "AuditForwarder.h"

#include "DeviceName.h"
#include "ErrorText.h"
#include "ModelLoading.h"
#include "Translations.h"
#include "net/NetworkError.h"
#include "net/PacsQuery.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

namespace pulmo::app {
namespace {

enum PeerColumn {
    Description,
    AeTitle,
    Host,
    Port,
    Retrieve,
    Results,
    Tls,
    TlsProfile,
    Certificate,
    PrivateKey,
    TrustedCa,
    ColumnCount
};

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

}  // namespace

AiSettings savedAiSettings()
{
    QSettings settings;
    AiSettings ai;
    ai.modelPath = settings.value(QStringLiteral("ai/model")).toString();
    if (ai.modelPath.isEmpty()) ai.modelPath = demoModelPath();
    ai.device = settings.value(QStringLiteral("ai/device"), QStringLiteral("auto")).toString();
    bool ok = false;
    const double threshold = settings.value(QStringLiteral("ai/threshold")).toDouble(&ok);
    if (ok && threshold > 0.0 && threshold <= 1.0) ai.thresholdOverride = threshold;
    return ai;
}

int savedCacheMegabytes()
{
    return QSettings().value(QStringLiteral("cacheMegabytes"), Preferences{}.cacheMegabytes).toInt();
}

void savePreferences(const Preferences& preferences)
{
    QSettings settings;
    saveLanguage(preferences.language);
    settings.setValue(QStringLiteral("cacheMegabytes"), preferences.cacheMegabytes);
    if (preferences.reader.isEmpty())
        settings.remove(QStringLiteral("feedback/reader"));
    else
        settings.setValue(QStringLiteral("feedback/reader"), preferences.reader);
    preferences.pacs.save();
    preferences.reading.save();
    preferences.results.save();
    const AiSettings& ai = preferences.ai;
    settings.setValue(QStringLiteral("ai/model"), ai.modelPath);
    settings.setValue(QStringLiteral("ai/device"), ai.device);
    settings.setValue(QStringLiteral("ai/threshold"),
                      ai.thresholdOverride ? QVariant(*ai.thresholdOverride) : QVariant());
    settings.setValue(QStringLiteral("ai/keepLoadedMinutes"), preferences.keepAiLoadedMinutes);
}

PreferencesDialog::PreferencesDialog(const Preferences& current, std::shared_ptr<const inference::ModelIdentity> model,
                                     QWidget* parent)
    : QDialog(parent), m_ai(current.ai)
{
    setWindowTitle(tr("Preferences"));
    auto* tabs = new QTabWidget(this);
    tabs->addTab(createGeneralPage(current, model.get()), tr("General"));
    tabs->addTab(createPacsPage(current.pacs), tr("PACS"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(buttons);
    resize(820, 520);
}

PreferencesDialog::~PreferencesDialog() = default;

QWidget* PreferencesDialog::createGeneralPage(const Preferences& current, const inference::ModelIdentity* model)
{
    auto* page = new QWidget(this);
    auto* layout = new QFormLayout(page);
    // Every window is built with its words once, so a new language needs a new start: said plainly.
    m_language = new QComboBox(page);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("System default (%1)").arg(languageName(resolveLanguage(QString()))), QString());
    for (const QString& code : availableLanguages()) m_language->addItem(languageName(code), code);
    m_language->setCurrentIndex(std::max(0, m_language->findData(current.language)));
    m_language->setToolTip(tr("The language of the window; the system default follows LANGUAGE and LANG"));
    auto* languageRow = new QHBoxLayout;
    languageRow->addWidget(m_language);
    languageRow->addWidget(new QLabel(tr("Applies the next time Pulmo starts."), page), 1);
    layout->addRow(tr("Language"), languageRow);
    m_cache = new QSpinBox(page);
    m_cache->setRange(64, 65536);
    m_cache->setSuffix(tr(" MB"));
    m_cache->setValue(current.cacheMegabytes);
    m_cache->setToolTip(tr("Memory for decoded images; the least recently viewed are dropped beyond it"));
    layout->addRow(tr("Image cache"), m_cache);

    m_model = new QLineEdit(current.ai.modelPath, page);
    m_model->setToolTip(tr("TorchScript model or resnet18 state_dict; its card (.json) beside it"));
    auto* browse = new QPushButton(tr("Choose..."), page);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("AI model"), QFileInfo(m_model->text()).absolutePath(), tr("Models (*.pt *.pth *.ts)"));
        if (!file.isEmpty()) m_model->setText(file);
    });
    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(m_model);
    modelRow->addWidget(browse);
    layout->addRow(tr("AI model"), modelRow);
    if (model) {
        auto* card =
            new QLabel(tr("%1 %2, threshold %3 in its card; %4")
                           .arg(text(model->card.name), text(model->card.version))
                           .arg(QLocale().toString(model->card.threshold))
                           .arg(model->card.clinicalUse ? tr("cleared for clinical use") : tr("not for clinical use")),
                       page);
        card->setWordWrap(true);
        layout->addRow(QString(), card);
    }
    m_device = new QComboBox(page);
    m_device->addItem(tr("Automatic"), QStringLiteral("auto"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    m_device->addItem(tr("GPU (CUDA)"), QStringLiteral("cuda"));
    // A setting naming one GPU of several ("cuda:1") is kept as it is; one that is no device name by
    // the one parser (DeviceName.h), which the worker would refuse, shows as Automatic.
    if (m_device->findData(current.ai.device) < 0 && inference::parseDeviceName(current.ai.device.toStdString()))
        m_device->addItem(current.ai.device, current.ai.device);
    m_device->setCurrentIndex(std::max(0, m_device->findData(current.ai.device)));
    m_device->setToolTip(tr("Where the model runs: Automatic takes a GPU when there is one"));
    layout->addRow(tr("Device"), m_device);
    m_overrideThreshold = new QCheckBox(tr("Use my own threshold"), page);
    m_threshold = new QDoubleSpinBox(page);
    m_threshold->setRange(0.5, 1.0);
    m_threshold->setSingleStep(0.01);
    m_threshold->setValue(current.ai.thresholdOverride.value_or(model ? model->card.threshold : 0.70));
    m_overrideThreshold->setChecked(current.ai.thresholdOverride.has_value());
    m_threshold->setToolTip(tr("Below this top probability the answer is INDETERMINATE"));
    layout->addRow(m_overrideThreshold, m_threshold);
    m_keepAiLoaded = new QSpinBox(page);
    m_keepAiLoaded->setObjectName(QStringLiteral("keepAiLoadedMinutes"));
    m_keepAiLoaded->setRange(0, 24 * 60);
    m_keepAiLoaded->setSuffix(tr(" min"));
    m_keepAiLoaded->setSpecialValueText(tr("No, it ends with the window"));
    m_keepAiLoaded->setValue(current.keepAiLoadedMinutes);
    m_keepAiLoaded->setToolTip(
        tr("After the last window closes, the AI and its model stay loaded this long "
           "(about 260 MB), so that the next window's first result follows its first image. "
           "Applies from the next start of the AI."));
    layout->addRow(tr("Keep the AI loaded"), m_keepAiLoaded);

    m_reader = new QLineEdit(current.reader, page);
    m_reader->setPlaceholderText(tr("the operating-system user"));
    m_reader->setToolTip(tr("The name your verdicts and the audit log are signed with"));
    layout->addRow(tr("Reader name"), m_reader);

    // Reading: when a verdict counts, and whether the AI waits for the reader's own look.
    m_minimumView = new QSpinBox(page);
    m_minimumView->setObjectName(QStringLiteral("minimumViewMs"));
    m_minimumView->setRange(0, ReadingSettings::kMaximumViewMs);
    m_minimumView->setSingleStep(100);
    m_minimumView->setSuffix(tr(" ms"));
    m_minimumView->setValue(current.reading.minimumViewMs);
    m_minimumView->setToolTip(
        tr("A (agree) and D (disagree) count only after the image and its AI result were on screen this long"));
    layout->addRow(tr("Minimum viewing time"), m_minimumView);
    m_revealAfterLook = new QCheckBox(tr("Show the AI after my first look"), page);
    m_revealAfterLook->setObjectName(QStringLiteral("revealAfterLook"));
    m_revealAfterLook->setChecked(current.reading.revealAfterLook);
    m_revealAfterLook->setToolTip(
        tr("The AI's label, probabilities and heatmap stay hidden until you press Space; the verdict records it"));
    layout->addRow(QString(), m_revealAfterLook);

    // AI results into the PACS (issue 16): where to is the PACS page's "AI results" column.
    m_sendAutomatically = new QCheckBox(tr("Send every AI result to the PACS"), page);
    m_sendAutomatically->setObjectName(QStringLiteral("sendResultsAutomatically"));
    m_sendAutomatically->setChecked(current.results.sendAutomatically);
    m_sendAutomatically->setToolTip(
        tr("Each result is stored as a structured report and a heatmap capture on the "
           "PACS nodes marked \"AI results\" on the PACS page"));
    layout->addRow(tr("AI results"), m_sendAutomatically);
    m_verifiedReports = new QCheckBox(tr("Send a report I signed with each verdict"), page);
    m_verifiedReports->setObjectName(QStringLiteral("sendVerifiedReports"));
    m_verifiedReports->setChecked(current.results.verifiedReports);
    m_verifiedReports->setToolTip(
        tr("Agree or Disagree also sends a verified structured report with your finding, "
           "you as its verifying observer, beside the AI's own"));
    layout->addRow(QString(), m_verifiedReports);
    return page;
}

QWidget* PreferencesDialog::createPacsPage(const PacsSettings& pacs)
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    auto* local = new QFormLayout;
    m_localAe = new QLineEdit(text(pacs.local.aeTitle), page);
    m_localAe->setMaxLength(16);
    m_localAe->setToolTip(
        tr("This workstation's AE title: the calling AE title, and the C-MOVE destination the PACS "
           "must know with this host and the storage port"));
    local->addRow(tr("This workstation's AE title"), m_localAe);
    m_storagePort = new QSpinBox(page);
    m_storagePort->setRange(1, 65535);
    m_storagePort->setValue(pacs.local.storagePort);
    m_storagePort->setToolTip(
        tr("Where the built-in Storage SCP receives C-MOVE transfers (C-GET needs no open port)"));
    m_receiverEnabled = new QCheckBox(tr("Receive on this port while Pulmo runs"), page);
    m_receiverEnabled->setChecked(pacs.receiverEnabled);
    auto* portRow = new QHBoxLayout;
    portRow->addWidget(m_storagePort);
    portRow->addWidget(m_receiverEnabled);
    portRow->addStretch();
    local->addRow(tr("Storage port"), portRow);
    m_receiverTls = new QCheckBox(tr("TLS only"), page);
    m_receiverTls->setChecked(pacs.receiverTls.enabled);
    m_receiverTls->setToolTip(tr("Receive over DICOM TLS only, for PACS that send C-MOVE transfers over TLS"));
    m_receiverCertificate = new QLineEdit(text(pacs.receiverTls.certificateFile), page);
    m_receiverCertificate->setPlaceholderText(tr("certificate (PEM)"));
    m_receiverPrivateKey = new QLineEdit(text(pacs.receiverTls.privateKeyFile), page);
    m_receiverPrivateKey->setPlaceholderText(tr("private key (PEM)"));
    m_receiverTrustedCa = new QLineEdit(text(pacs.receiverTls.trustedCaFile), page);
    m_receiverTrustedCa->setPlaceholderText(tr("CA certificates of the peers (PEM)"));
    auto* tlsRow = new QHBoxLayout;
    tlsRow->addWidget(m_receiverTls);
    tlsRow->addWidget(m_receiverCertificate, 1);
    tlsRow->addWidget(m_receiverPrivateKey, 1);
    tlsRow->addWidget(m_receiverTrustedCa, 1);
    local->addRow(tr("Receiver TLS"), tlsRow);
    m_listenAddress = new QLineEdit(text(pacs.listenAddress), page);
    m_listenAddress->setPlaceholderText(tr("every interface"));
    m_listenAddress->setToolTip(
        tr("The address of this machine the Storage SCP listens on (IPv4 or IPv6), "
           "e.g. the one facing the PACS; empty: every interface"));
    m_listenAddress->setMaximumWidth(320);
    local->addRow(tr("Listen on"), m_listenAddress);
    m_acceptAnyCaller = new QCheckBox(tr("Accept images from any caller (labs only)"), page);
    m_acceptAnyCaller->setChecked(pacs.acceptAnyCaller);
    m_acceptAnyCaller->setToolTip(
        tr("Otherwise only the PACS listed below may send images here (their AE title "
           "from their host); anyone else is refused, and the refusal is audited"));
    local->addRow(tr("Callers"), m_acceptAnyCaller);
    m_minimumFreeDisk = new QSpinBox(page);
    m_minimumFreeDisk->setRange(0, 1 << 20);
    m_minimumFreeDisk->setSingleStep(256);
    m_minimumFreeDisk->setSuffix(tr(" MiB"));
    m_minimumFreeDisk->setSpecialValueText(tr("no limit"));
    m_minimumFreeDisk->setValue(pacs.minimumFreeDiskMb);
    m_minimumFreeDisk->setToolTip(
        tr("Below this much free disk space, images sent here are refused (Out of "
           "Resources) rather than half written"));
    m_minimumFreeDisk->setMaximumWidth(160);
    local->addRow(tr("Keep free on disk"), m_minimumFreeDisk);
    m_auditRepository = new QLineEdit(pacs.auditRepository, page);
    m_auditRepository->setPlaceholderText(tr("none (e.g. tls://audit.hospital.org:6514)"));
    m_auditRepository->setToolTip(
        tr("The hospital's audit record repository (IHE ATNA): every audit row also goes "
           "there as a syslog message, udp://, tcp:// or tls://HOST:PORT (TLS with the "
           "receiver's certificate, key and CA). Rows it cannot take wait and go later."));
    m_auditRepository->setMaximumWidth(480);
    local->addRow(tr("Audit repository"), m_auditRepository);
    layout->addLayout(local);

    m_peers = new QTableWidget(0, ColumnCount, page);
    m_peers->setHorizontalHeaderLabels({tr("Description"), tr("AE title"), tr("Host"), tr("Port"), tr("Retrieve"),
                                        tr("AI results"), tr("TLS"), tr("TLS profile"), tr("Certificate"),
                                        tr("Private key"), tr("CA certificates")});
    m_peers->horizontalHeader()->setStretchLastSection(true);
    m_peers->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_peers->setSelectionMode(QAbstractItemView::SingleSelection);
    layout->addWidget(m_peers, 1);
    for (const net::PacsPeer& peer : pacs.peers) addPeer(peer);

    auto* buttons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add"), page);
    auto* remove = new QPushButton(tr("Remove"), page);
    auto* test = new QPushButton(tr("Test (C-ECHO)"), page);
    test->setToolTip(tr("Open an association with the selected peer and send C-ECHO"));
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addWidget(test);
    buttons->addStretch();
    layout->addLayout(buttons);
    m_echo = new QLabel(page);
    m_echo->setWordWrap(true);
    m_echo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_echo);
    connect(add, &QPushButton::clicked, this, [this] {
        net::PacsPeer peer;
        peer.description = tr("New PACS").toStdString();
        peer.aeTitle = "PACS";
        peer.host = "localhost";
        peer.port = 104;
        m_peers->selectRow(addPeer(peer));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_peers->currentRow() >= 0) m_peers->removeRow(m_peers->currentRow());
    });
    connect(test, &QPushButton::clicked, this, [this] {
        if (m_peers->currentRow() >= 0)
            testPeer(m_peers->currentRow());
        else
            m_echo->setText(tr("Select a peer to test."));
    });
    return page;
}

int PreferencesDialog::addPeer(const net::PacsPeer& peer)
{
    const int row = m_peers->rowCount();
    m_peers->insertRow(row);
    m_peers->setItem(row, Description, new QTableWidgetItem(text(peer.description)));
    m_peers->setItem(row, AeTitle, new QTableWidgetItem(text(peer.aeTitle)));
    m_peers->setItem(row, Host, new QTableWidgetItem(text(peer.host)));
    auto* port = new QSpinBox(m_peers);
    port->setRange(1, 65535);
    port->setValue(peer.port == 0 ? 104 : peer.port);
    m_peers->setCellWidget(row, Port, port);
    auto* retrieve = new QComboBox(m_peers);
    retrieve->addItem(tr("C-MOVE"), QStringLiteral("move"));
    retrieve->addItem(tr("C-GET"), QStringLiteral("get"));
    retrieve->setCurrentIndex(peer.preferredRetrieve == net::RetrieveMethod::Get ? 1 : 0);
    m_peers->setCellWidget(row, Retrieve, retrieve);
    auto* results = new QTableWidgetItem;
    results->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    results->setCheckState(peer.receivesResults ? Qt::Checked : Qt::Unchecked);
    results->setToolTip(tr("AI > Send Result to PACS (and automatic sending) stores the AI's report and heatmap here"));
    m_peers->setItem(row, Results, results);
    auto* tls = new QTableWidgetItem;
    tls->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    tls->setCheckState(peer.tls.enabled ? Qt::Checked : Qt::Unchecked);
    m_peers->setItem(row, Tls, tls);
    auto* profile = new QComboBox(m_peers);
    profile->addItem(tr("BCP 195"), QStringLiteral("bcp195"));
    profile->addItem(tr("AES (older PACS)"), QStringLiteral("aes"));
    profile->setCurrentIndex(peer.tls.profile == net::TlsProfile::Aes ? 1 : 0);
    m_peers->setCellWidget(row, TlsProfile, profile);
    m_peers->setItem(row, Certificate, new QTableWidgetItem(text(peer.tls.certificateFile)));
    m_peers->setItem(row, PrivateKey, new QTableWidgetItem(text(peer.tls.privateKeyFile)));
    m_peers->setItem(row, TrustedCa, new QTableWidgetItem(text(peer.tls.trustedCaFile)));
    return row;
}

net::PacsPeer PreferencesDialog::peerAt(int row) const
{
    const auto cell = [this, row](int column) {
        const QTableWidgetItem* item = m_peers->item(row, column);
        return item ? item->text().trimmed().toStdString() : std::string();
    };
    net::PacsPeer peer;
    peer.description = cell(Description);
    peer.aeTitle = cell(AeTitle);
    peer.host = cell(Host);
    peer.port = quint16(qobject_cast<QSpinBox*>(m_peers->cellWidget(row, Port))->value());
    peer.preferredRetrieve =
        qobject_cast<QComboBox*>(m_peers->cellWidget(row, Retrieve))->currentData().toString() == QLatin1String("get")
            ? net::RetrieveMethod::Get
            : net::RetrieveMethod::Move;
    peer.receivesResults = m_peers->item(row, Results)->checkState() == Qt::Checked;
    peer.tls.enabled = m_peers->item(row, Tls)->checkState() == Qt::Checked;
    peer.tls.profile =
        qobject_cast<QComboBox*>(m_peers->cellWidget(row, TlsProfile))->currentData().toString() == QLatin1String("aes")
            ? net::TlsProfile::Aes
            : net::TlsProfile::Bcp195;
    peer.tls.certificateFile = cell(Certificate);
    peer.tls.privateKeyFile = cell(PrivateKey);
    peer.tls.trustedCaFile = cell(TrustedCa);
    return peer;
}

Preferences PreferencesDialog::preferences() const
{
    Preferences values;
    values.cacheMegabytes = m_cache->value();
    values.ai = m_ai;
    values.ai.modelPath = m_model->text();
    values.ai.device = m_device->currentData().toString();
    values.ai.thresholdOverride =
        m_overrideThreshold->isChecked() ? std::optional<double>(m_threshold->value()) : std::nullopt;
    values.keepAiLoadedMinutes = m_keepAiLoaded->value();
    values.reader = m_reader->text().trimmed();
    values.reading.minimumViewMs = m_minimumView->value();
    values.reading.revealAfterLook = m_revealAfterLook->isChecked();
    values.results.sendAutomatically = m_sendAutomatically->isChecked();
    values.results.verifiedReports = m_verifiedReports->isChecked();
    values.language = m_language->currentData().toString();
    values.pacs.local.aeTitle = m_localAe->text().trimmed().toStdString();
    values.pacs.local.storagePort = quint16(m_storagePort->value());
    values.pacs.receiverEnabled = m_receiverEnabled->isChecked();
    values.pacs.receiverTls.enabled = m_receiverTls->isChecked();
    values.pacs.receiverTls.certificateFile = m_receiverCertificate->text().trimmed().toStdString();
    values.pacs.receiverTls.privateKeyFile = m_receiverPrivateKey->text().trimmed().toStdString();
    values.pacs.receiverTls.trustedCaFile = m_receiverTrustedCa->text().trimmed().toStdString();
    values.pacs.listenAddress = m_listenAddress->text().trimmed().toStdString();
    values.pacs.acceptAnyCaller = m_acceptAnyCaller->isChecked();
    values.pacs.minimumFreeDiskMb = m_minimumFreeDisk->value();
    values.pacs.auditRepository = m_auditRepository->text().trimmed();
    for (int row = 0; row < m_peers->rowCount(); ++row) values.pacs.peers.push_back(peerAt(row));
    return values;
}

void PreferencesDialog::accept()
{
    // Refuse what cannot work rather than fail later in a query.
    const Preferences values = preferences();
    QString problem = validateAeTitle(QString::fromStdString(values.pacs.local.aeTitle));
    if (!problem.isEmpty()) problem = tr("This workstation: %1").arg(problem);
    if (problem.isEmpty() && values.pacs.receiverTls.enabled &&
        (values.pacs.receiverTls.certificateFile.empty() || values.pacs.receiverTls.privateKeyFile.empty()))
        problem = tr("This workstation: receiving over TLS needs a certificate and its private key");
    if (problem.isEmpty())
        if (const QString address = validateListenAddress(QString::fromStdString(values.pacs.listenAddress));
            !address.isEmpty())
            problem = tr("This workstation: %1").arg(address);
    if (problem.isEmpty() && !values.pacs.auditRepository.isEmpty()) {
        const QString url = values.pacs.auditRepository;
        if (!feedback::parseAuditRepository(url, nullptr))
            problem = tr("The audit repository \"%1\" is not udp://, tcp:// or tls://HOST:PORT").arg(url);
        else if (url.startsWith(QLatin1String("tls:"), Qt::CaseInsensitive) &&
                 values.pacs.receiverTls.trustedCaFile.empty())
            problem = tr("The audit repository over TLS needs the CA certificates (Receiver TLS)");
    }
    for (const net::PacsPeer& peer : values.pacs.peers)
        if (problem.isEmpty()) problem = validatePeer(peer);
    if (!problem.isEmpty()) {
        QMessageBox::warning(this, tr("Preferences"), problem);
        return;
    }
    QDialog::accept();
}

void PreferencesDialog::testPeer(int row)
{
    const net::PacsPeer peer = peerAt(row);
    const QString name = peer.description.empty() ? text(peer.aeTitle) : text(peer.description);
    if (const QString problem = validatePeer(peer); !problem.isEmpty()) {
        m_echo->setText(problem);
        Q_EMIT echoFinished(false, problem);
        return;
    }
    const std::string callingAe = m_localAe->text().trimmed().toStdString();
    m_echo->setText(tr("%1: testing...").arg(name));
    net::NetworkTimeouts timeouts;
    timeouts.connectSeconds = 5;
    timeouts.acseSeconds = 5;
    timeouts.dimseSeconds = 10;
    using Outcome = std::pair<bool, QString>;
    auto* watcher = new QFutureWatcher<Outcome>(this);
    ++m_echoesRunning;
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher] {
        --m_echoesRunning;
        const auto [ok, message] = watcher->result();
        watcher->deleteLater();
        m_echo->setText(message);
        m_echo->setStyleSheet(ok ? QStringLiteral("color:#2e7d32") : QStringLiteral("color:#c62828"));
        Q_EMIT echoFinished(ok, message);
    });
    watcher->setFuture(QtConcurrent::run([peer, callingAe, timeouts, name]() -> Outcome {
        QElapsedTimer timer;
        timer.start();
        try {
            net::PacsQuery(peer, callingAe, timeouts).echo();
            return {true, tr("%1: C-ECHO answered in %2 ms; the PACS accepts this workstation (%3).")
                              .arg(name)
                              .arg(QLocale().toString(timer.elapsed()))
                              .arg(QString::fromStdString(callingAe))};
        } catch (const std::exception& error) {
            return {false, ErrorText::of(error)};
        }
    }));
}

QString PreferencesDialog::echoText() const
{
    return m_echo->text();
}

}  // namespace pulmo::app
