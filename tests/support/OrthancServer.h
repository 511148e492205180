#pragma once
// A real PACS for the tests: Orthanc (Debian's package) started on a free loopback port with a
// temporary configuration and storage folder, DICOM only, checking the called AE title, with the
// test's receivers registered for C-MOVE; loaded with DCMTK's storescu; killed when the test ends
// (and by the kernel if the test dies).

#include "PeerProcess.h"
#include "ProcessRun.h"
#include "net/NetworkError.h"
#include "net/PacsPeer.h"
#include "net/PacsQuery.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QThread>

#include <map>

namespace pulmo::test {

/// Waits until `peer` answers C-ECHO, at most `seconds`.
inline bool waitForEcho(const net::PacsPeer& peer, int seconds)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < seconds * 1000) {
        try {
            net::PacsQuery(peer, "PULMO", {1, 2, 2}).echo();
            return true;
        } catch (const net::NetworkError&) {
            QThread::msleep(100);
        }
    }
    return false;
}

class OrthancServer {
public:
    /// Where Orthanc may send C-MOVEs: AE title -> port on 127.0.0.1.
    using Receivers = std::map<std::string, uint16_t>;

    /// Writes the configuration under `folder`; call start() next. `extra` is merged over the
    /// defaults (TLS settings, say).
    OrthancServer(const QString& folder, const Receivers& receivers, const QJsonObject& extra = {}) : m_folder(folder)
    {
        m_peer.description = "Orthanc (test)";
        m_peer.aeTitle = "ORTHANC";
        m_peer.host = "127.0.0.1";
        m_peer.port = freePort();
        QDir().mkpath(QDir(folder).filePath(QStringLiteral("db")));
        QJsonObject modalities;
        for (const auto& [aeTitle, port] : receivers)
            modalities[QString::fromStdString(aeTitle).toLower()] =
                QJsonArray{QString::fromStdString(aeTitle), "127.0.0.1", port};
        QJsonObject config;
        config["Name"] = "pulmo-test";
        config["StorageDirectory"] = QDir(folder).filePath(QStringLiteral("db"));
        config["IndexDirectory"] = QDir(folder).filePath(QStringLiteral("db"));
        config["Plugins"] = QJsonArray{};
        config["HttpServerEnabled"] = false;
        config["HttpPort"] = freePort();
        config["DicomServerEnabled"] = true;
        config["DicomAet"] = "ORTHANC";
        config["DicomPort"] = m_peer.port;
        config["DicomCheckCalledAet"] = true;
        config["DicomModalities"] = modalities;
        config["DicomAlwaysAllowEcho"] = true;
        config["DicomAlwaysAllowStore"] = true;
        config["DicomCheckModalityHost"] = false;
        config["DicomAssociationCloseDelay"] = 0;
        config["StorageCompression"] = false;
        config["UnknownSopClassAccepted"] = true;
        for (auto it = extra.begin(); it != extra.end(); ++it) config[it.key()] = it.value();
        m_config = QDir(folder).filePath(QStringLiteral("orthanc.json"));
        QFile file(m_config);
        if (file.open(QIODevice::WriteOnly)) file.write(QJsonDocument(config).toJson());
    }

    /// Starts it and waits until it answers C-ECHO from `probe` (by default peer(): TLS peers
    /// need their certificates); false when it does not within 30 s.
    bool start() { return start(m_peer); }
    bool start(const net::PacsPeer& probe)
    {
        if (!m_process.start(program(QStringLiteral("Orthanc")), {m_config}, m_folder,
                             QDir(m_folder).filePath(QStringLiteral("orthanc.log"))))
            return false;
        m_process.rememberPid();
        return waitForEcho(probe, 30);
    }
    /// SIGKILL from any thread, as a crash would.
    void killNow() const { m_process.killNow(); }
    void stop() { m_process.kill(); }

    /// Sends every DICOM file under `folder` with storescu, on one association; the error when not.
    QString store(const QString& folder) const
    {
        const Run stored =
            run(program(QStringLiteral("storescu")),
                {QStringLiteral("-aet"), QStringLiteral("PULMO"), QStringLiteral("-aec"),
                 QString::fromStdString(m_peer.aeTitle), QStringLiteral("+sd"), QStringLiteral("+r"),
                 QStringLiteral("-nh"), QString::fromStdString(m_peer.host), QString::number(m_peer.port), folder});
        return stored.exitCode == 0 ? QString() : QString::fromUtf8(stored.out + stored.err);
    }

    const net::PacsPeer& peer() const { return m_peer; }
    QString configFile() const { return m_config; }

private:
    QString m_folder;
    QString m_config;
    net::PacsPeer m_peer;
    PeerProcess m_process;
};

}  // namespace pulmo::test
