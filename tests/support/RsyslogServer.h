#pragma once
// rsyslog (Debian's rsyslogd) as the audit record repository a test sends to: its own configuration,
// work folder and loopback ports, in the foreground, writing every message it receives exactly as
// received (%rawmsg%) on one line of received.log, as a collector's file would hold it. UDP and TCP,
// or TCP with TLS (rsyslog's OpenSSL driver) when given a certificate.

#include "PeerProcess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>
#include <QThread>

namespace pulmo::test {

class RsyslogServer {
public:
    struct Tls {
        QString caFile;
        QString certificateFile;
        QString privateKeyFile;
    };

    /// Writes the configuration under `folder`; start() starts it. Without `tls`, UDP and TCP on
    /// udpPort() and tcpPort(); with it, TLS on tcpPort() only.
    explicit RsyslogServer(const QString& folder, const Tls* tls = nullptr) : m_folder(folder)
    {
        QDir().mkpath(folder);
        m_udpPort = freePort();
        m_tcpPort = freePort();
        const QDir dir(folder);
        QString config;
        if (tls) {
            config += QStringLiteral(
                          "global(workDirectory=\"%1\" DefaultNetstreamDriver=\"ossl\" "
                          "DefaultNetstreamDriverCAFile=\"%2\" DefaultNetstreamDriverCertFile=\"%3\" "
                          "DefaultNetstreamDriverKeyFile=\"%4\")\n")
                          .arg(folder, tls->caFile, tls->certificateFile, tls->privateKeyFile);
            config += QStringLiteral(
                "module(load=\"imtcp\" StreamDriver.Name=\"ossl\" StreamDriver.Mode=\"1\" "
                "StreamDriver.AuthMode=\"anon\")\n");
        } else {
            config += QStringLiteral("global(workDirectory=\"%1\")\nmodule(load=\"imudp\")\nmodule(load=\"imtcp\")\n")
                          .arg(folder);
            config += QStringLiteral("input(type=\"imudp\" port=\"%1\" address=\"127.0.0.1\")\n").arg(m_udpPort);
        }
        config += QStringLiteral("input(type=\"imtcp\" port=\"%1\" address=\"127.0.0.1\")\n").arg(m_tcpPort);
        config += QStringLiteral("template(name=\"raw\" type=\"string\" string=\"%rawmsg%\\n\")\n");
        config += QStringLiteral("*.* action(type=\"omfile\" file=\"%1\" template=\"raw\")\n").arg(receivedFile());
        m_config = dir.filePath(QStringLiteral("rsyslog.conf"));
        QFile file(m_config);
        if (file.open(QIODevice::WriteOnly)) file.write(config.toUtf8());
    }

    /// Starts rsyslogd and waits until its TCP port takes connections (10 s at most).
    bool start()
    {
        const QDir dir(m_folder);
        if (!m_process.start(program(QStringLiteral("rsyslogd")),
                             {QStringLiteral("-n"), QStringLiteral("-f"), m_config, QStringLiteral("-i"),
                              dir.filePath(QStringLiteral("rsyslogd.pid"))},
                             m_folder, dir.filePath(QStringLiteral("rsyslogd.log"))))
            return false;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 10000) {
            QTcpSocket probe;
            probe.connectToHost(QStringLiteral("127.0.0.1"), m_tcpPort);
            if (probe.waitForConnected(200)) return true;
            QThread::msleep(100);
        }
        return false;
    }
    void stop() { m_process.kill(); }

    /// The lines received so far, waiting up to `seconds` until there are at least `count`.
    QList<QByteArray> waitForLines(int count, int seconds) const
    {
        QElapsedTimer clock;
        clock.start();
        QList<QByteArray> lines;
        do {
            QFile file(receivedFile());
            lines.clear();
            if (file.open(QIODevice::ReadOnly))
                for (const QByteArray& line : file.readAll().split('\n'))
                    if (!line.isEmpty()) lines << line;
            if (lines.size() >= count) break;
            QThread::msleep(100);
        } while (clock.elapsed() < seconds * 1000);
        return lines;
    }

    QString receivedFile() const { return QDir(m_folder).filePath(QStringLiteral("received.log")); }
    uint16_t udpPort() const { return m_udpPort; }
    uint16_t tcpPort() const { return m_tcpPort; }

private:
    QString m_folder;
    QString m_config;
    uint16_t m_udpPort = 0;
    uint16_t m_tcpPort = 0;
    PeerProcess m_process;
};

}  // namespace pulmo::test
