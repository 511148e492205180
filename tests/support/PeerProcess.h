#pragma once
// A DICOM peer (Orthanc, dcmqrscp) that a test starts on a free loopback port and that never
// outlives the test: killed by the destructor, and by the kernel (PR_SET_PDEATHSIG) if the test
// itself dies.

#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

#include <memory>

#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace pulmo::test {

/// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel's choice).
inline uint16_t freePort()
{
    const int descriptor = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    uint16_t port = 0;
    if (::bind(descriptor, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(descriptor, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(descriptor);
    return port;
}

/// A socket on 127.0.0.1 that listens (the kernel completes the TCP handshake) but never accepts or
/// says a word: a peer that never answers. Closed by the destructor.
class SilentListener {
public:
    SilentListener()
    {
        m_descriptor = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (::bind(m_descriptor, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
            ::listen(m_descriptor, 4) == 0 &&
            ::getsockname(m_descriptor, reinterpret_cast<sockaddr*>(&address), &length) == 0)
            m_port = ntohs(address.sin_port);
    }
    ~SilentListener() { ::close(m_descriptor); }
    SilentListener(const SilentListener&) = delete;
    SilentListener& operator=(const SilentListener&) = delete;
    /// 0 when the socket could not be set up.
    uint16_t port() const { return m_port; }

private:
    int m_descriptor = -1;
    uint16_t m_port = 0;
};

/// A program on the PATH, or in /usr/sbin or /usr/bin; empty when it is not installed.
inline QString program(const QString& name)
{
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
    return path;
}

class PeerProcess {
public:
    PeerProcess() = default;
    ~PeerProcess() { kill(); }
    PeerProcess(const PeerProcess&) = delete;
    PeerProcess& operator=(const PeerProcess&) = delete;

    /// Starts `program`; its output goes to `logFile`. False when it could not start.
    bool start(const QString& program, const QStringList& arguments, const QString& workingDirectory,
               const QString& logFile)
    {
        kill();
        m_process = std::make_unique<QProcess>();
        m_process->setProgram(program);
        m_process->setArguments(arguments);
        m_process->setWorkingDirectory(workingDirectory);
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->setStandardOutputFile(logFile, QIODevice::Append);
        m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        m_process->start();
        return m_process->waitForStarted(10000);
    }

    /// SIGKILL, as a crash or a power cut would; waits until it is gone. Any thread may call
    /// killNow() (no Qt involved); kill() also reaps it and must run on the test's thread.
    void killNow() const
    {
        if (m_pid > 0) ::kill(pid_t(m_pid), SIGKILL);
    }
    void kill()
    {
        if (!m_process) return;
        if (m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(10000);
        }
        m_process.reset();
        m_pid = 0;
    }
    /// Remembers the pid for killNow() from another thread.
    void rememberPid() { m_pid = m_process ? m_process->processId() : 0; }
    bool isRunning() const { return m_process && m_process->state() == QProcess::Running; }

private:
    std::unique_ptr<QProcess> m_process;
    qint64 m_pid = 0;
};

}  // namespace pulmo::test
