#pragma once
// pulmo-node as the tests' child process (issue 17, 18): started and waited for until /livez
// answers, SIGTERMed or SIGKILLed, its log kept in a file; its HTTP endpoint and metrics read back.

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTest>

#include <csignal>
#include <memory>

#include <sys/prctl.h>
#include <unistd.h>

#include "net/PacsPeer.h"
#include "net/PacsQuery.h"

#include <map>

namespace pulmo::test {

/// The SOP classes of the node's results: the TID 1500 SR and the heatmap Secondary Capture.
inline const QString kComprehensive3dSr = QStringLiteral("1.2.840.10008.5.1.4.1.1.88.34");
inline const QString kSecondaryCapture = QStringLiteral("1.2.840.10008.5.1.4.1.1.7");

/// The SOP classes a PACS holds in `study`, by SOP Instance UID (C-FIND; empty when it fails).
inline std::map<QString, QString> instancesIn(const net::PacsPeer& pacs, const QString& study)
{
    std::map<QString, QString> classes;
    try {
        for (const net::InstanceRecord& instance : net::PacsQuery(pacs, "PULMO").findInstances(study.toStdString()))
            classes[QString::fromStdString(instance.sopInstanceUid)] = QString::fromStdString(instance.sopClassUid);
    } catch (const std::exception& error) {
        qWarning("C-FIND: %s", error.what());
    }
    return classes;
}

inline int countOf(const std::map<QString, QString>& classes, const QString& sopClass)
{
    int count = 0;
    for (const auto& [sop, cls] : classes) count += cls == sopClass ? 1 : 0;
    return count;
}

inline QString nodeProgram()
{
    return QStringLiteral(PULMO_NODE_PATH);
}

struct HttpAnswer {
    int status = 0;
    QByteArray body;
};

inline HttpAnswer httpGet(uint16_t port, const QString& path)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
    request.setTransferTimeout(10000);
    QNetworkReply* reply = manager.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpAnswer answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
    reply->deleteLater();
    return answer;
}

/// How many of storescu's responses in `said` were Out of Resources (0xA700).
inline int outOfResources(const QByteArray& said)
{
    const QByteArray lower = said.toLower();
    return int(lower.count("refused: outofresources") + lower.count("refused: out of resources"));
}

/// A metric's value from the Prometheus text (the sum over its series when `series` is empty).
inline double metric(const QByteArray& text, const QByteArray& name, const QByteArray& series = {})
{
    double sum = 0;
    for (const QByteArray& line : text.split('\n')) {
        if (line.startsWith('#') || !line.startsWith(name)) continue;
        const int space = int(line.lastIndexOf(' '));
        const QByteArray key = line.left(space);
        if (key != name && !key.startsWith(name + "{")) continue;
        if (!series.isEmpty() && key != name + series) continue;
        sum += line.mid(space + 1).toDouble();
    }
    return sum;
}

/// pulmo-node's arguments for a test node whose files are under `base`: its store, its queue
/// (`queueUrl`; empty: an SQLite file under `base`), one destination, the HTTP endpoint, and a 1 MB
/// free-disk floor. The callers add their own.
inline QStringList testNodeArguments(const QString& base, const QString& ae, uint16_t port, uint16_t http,
                                     const net::PacsPeer& destination, const QString& queueUrl = {})
{
    return {"--ae",
            ae,
            "--port",
            QString::number(port),
            "--store",
            QDir(base).filePath("store"),
            "--queue",
            queueUrl.isEmpty() ? "sqlite:" + QDir(base).filePath("queue.sqlite") : queueUrl,
            "--send-to",
            QString::fromStdString(net::peerAddress(destination)),
            "--http",
            QString::number(http),
            "--min-free-disk",
            "1"};
}

/// pulmo-node as a child process; its log (stderr) kept in a file.
class NodeProcess {
public:
    NodeProcess(QString folder, QStringList arguments) : m_folder(std::move(folder)), m_arguments(std::move(arguments))
    {
    }
    ~NodeProcess() { kill(); }

    bool start(uint16_t httpPort, const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
    {
        m_process = std::make_unique<QProcess>();
        m_process->setProcessEnvironment(environment);
        m_process->setProgram(nodeProgram());
        m_process->setArguments(m_arguments);
        m_process->setWorkingDirectory(m_folder);
        m_process->setStandardOutputFile(QDir(m_folder).filePath(QStringLiteral("node.out")), QIODevice::Append);
        m_process->setStandardErrorFile(logFile(), QIODevice::Append);
        m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        m_process->start();
        if (!m_process->waitForStarted(10000)) return false;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 60000 && m_process->state() == QProcess::Running) {
            if (httpGet(httpPort, QStringLiteral("/livez")).status == 200) return true;
            QTest::qWait(200);
        }
        return false;
    }
    /// SIGTERM; the exit code, -1 when it did not end within `ms`.
    int terminate(int ms = 60000)
    {
        if (!m_process) return -1;
        ::kill(pid_t(m_process->processId()), SIGTERM);
        if (!m_process->waitForFinished(ms)) return -1;
        return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
    }
    void kill()
    {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(10000);
        }
        m_process.reset();
    }
    bool running() const { return m_process && m_process->state() == QProcess::Running; }
    qint64 pid() const { return m_process ? m_process->processId() : 0; }
    /// Waits for the process to end by itself (a crash); true when it has.
    bool waitForExit(int ms) { return !m_process || m_process->waitForFinished(ms); }
    QString logFile() const { return QDir(m_folder).filePath(QStringLiteral("node.log")); }
    QByteArray log() const
    {
        QFile file(logFile());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private:
    QString m_folder;
    QStringList m_arguments;
    std::unique_ptr<QProcess> m_process;
};

}  // namespace pulmo::test
