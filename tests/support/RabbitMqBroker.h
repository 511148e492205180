#pragma once
// A real RabbitMQ broker for the tests (Debian's rabbitmq-server): a node of its own name, its own
// AMQP, distribution and epmd ports on 127.0.0.1, its data, logs and Erlang cookie in the test's
// folder, no plugins. Started, SIGKILLed and restarted on the same data by the tests; the broker's
// own rabbitmqctl counts the queues; killed (with its epmd) when the object goes and by the kernel
// when the test dies.

#include "PeerProcess.h"
#include "ProcessRun.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpSocket>
#include <QThread>

#include <csignal>
#include <map>

#include <sys/prctl.h>
#include <unistd.h>

namespace pulmo::test {

class RabbitMqBroker {
public:
    static QString serverProgram() { return QStringLiteral("/usr/lib/rabbitmq/bin/rabbitmq-server"); }
    static QString ctlProgram() { return QStringLiteral("/usr/lib/rabbitmq/bin/rabbitmqctl"); }

    /// `extraConfig`: lines added to rabbitmq.conf (a TLS listener, say).
    explicit RabbitMqBroker(const QString& folder, const QString& extraConfig = {})
        : m_folder(folder), m_port(freePort()), m_distPort(freePort()), m_epmdPort(freePort())
    {
        static int serial = 0;
        m_node = QStringLiteral("pulmo-test-%1-%2@localhost").arg(::getpid()).arg(++serial);
        QDir().mkpath(folder);
        QFile config(QDir(folder).filePath(QStringLiteral("rabbitmq.conf")));
        if (config.open(QIODevice::WriteOnly | QIODevice::Truncate))
            config.write(QStringLiteral("listeners.tcp.default = 127.0.0.1:%1\n"
                                        "loopback_users.guest = true\n"
                                        "log.console = true\nlog.console.level = warning\nlog.file = false\n"
                                        "vm_memory_high_watermark.relative = 0.2\n"
                                        "disk_free_limit.absolute = 50MB\n%2\n")
                             .arg(m_port)
                             .arg(extraConfig)
                             .toUtf8());
        QFile plugins(QDir(folder).filePath(QStringLiteral("enabled_plugins")));
        if (plugins.open(QIODevice::WriteOnly | QIODevice::Truncate)) plugins.write("[].\n");
    }
    ~RabbitMqBroker()
    {
        kill();
        // epmd is the Erlang VM's daemon; this one serves only this broker's port.
        run(QStringLiteral("/usr/bin/epmd"), {QStringLiteral("-port"), QString::number(m_epmdPort), "-kill"},
            environment());
    }
    RabbitMqBroker(const RabbitMqBroker&) = delete;
    RabbitMqBroker& operator=(const RabbitMqBroker&) = delete;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const QDir dir(m_folder);
        env.insert(QStringLiteral("HOME"), m_folder);  // the Erlang cookie
        env.insert(QStringLiteral("RABBITMQ_NODENAME"), m_node);
        env.insert(QStringLiteral("RABBITMQ_NODE_IP_ADDRESS"), QStringLiteral("127.0.0.1"));
        env.insert(QStringLiteral("RABBITMQ_NODE_PORT"), QString::number(m_port));
        env.insert(QStringLiteral("RABBITMQ_DIST_PORT"), QString::number(m_distPort));
        env.insert(QStringLiteral("ERL_EPMD_PORT"), QString::number(m_epmdPort));
        env.insert(QStringLiteral("ERL_EPMD_ADDRESS"), QStringLiteral("127.0.0.1"));
        env.insert(QStringLiteral("RABBITMQ_MNESIA_BASE"), dir.filePath(QStringLiteral("mnesia")));
        env.insert(QStringLiteral("RABBITMQ_LOG_BASE"), dir.filePath(QStringLiteral("log")));
        env.insert(QStringLiteral("RABBITMQ_CONFIG_FILE"), dir.filePath(QStringLiteral("rabbitmq.conf")));
        env.insert(QStringLiteral("RABBITMQ_ENABLED_PLUGINS_FILE"), dir.filePath(QStringLiteral("enabled_plugins")));
        env.insert(QStringLiteral("RABBITMQ_PID_FILE"), dir.filePath(QStringLiteral("rabbitmq.pid")));
        env.insert(QStringLiteral("RABBITMQ_ADVANCED_CONFIG_FILE"), dir.filePath(QStringLiteral("advanced.config")));
        env.insert(QStringLiteral("RABBITMQ_CONF_ENV_FILE"), dir.filePath(QStringLiteral("rabbitmq-env.conf")));
        env.insert(QStringLiteral("RUNNING_UNDER_SYSTEMD"), QStringLiteral("1"));  // exec erl: our child is the VM
        return env;
    }

    /// Starts the broker and waits (at most `seconds`) until its AMQP port accepts connections and
    /// rabbitmqctl says it has booted.
    bool start(int seconds = 120)
    {
        m_process = std::make_unique<QProcess>();
        m_process->setProcessEnvironment(environment());
        m_process->setProgram(serverProgram());
        m_process->setStandardOutputFile(QDir(m_folder).filePath(QStringLiteral("broker.log")), QIODevice::Append);
        m_process->setStandardErrorFile(QDir(m_folder).filePath(QStringLiteral("broker.log")), QIODevice::Append);
        m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        m_process->start();
        if (!m_process->waitForStarted(10000)) return false;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < seconds * 1000 && m_process->state() == QProcess::Running) {
            QTcpSocket socket;
            socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
            if (socket.waitForConnected(500)) {
                socket.abort();
                const Run booted = ctl({QStringLiteral("await_startup"), QStringLiteral("--timeout"),
                                        QString::number(std::max<qint64>(10, seconds - timer.elapsed() / 1000))});
                return booted.exitCode == 0;
            }
            QThread::msleep(200);
        }
        return false;
    }
    /// SIGKILL: no clean shutdown, what was confirmed must survive it.
    void kill()
    {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(20000);
        }
        m_process.reset();
    }
    bool running() const { return m_process && m_process->state() == QProcess::Running; }

    /// rabbitmqctl against this node.
    Run ctl(const QStringList& arguments) const
    {
        return run(ctlProgram(), QStringList{QStringLiteral("-n"), m_node} + arguments, environment());
    }
    /// Ready messages per queue, as the broker counts them; empty when it does not answer.
    std::map<QString, long long> messages() const
    {
        std::map<QString, long long> counts;
        const Run listed = ctl({QStringLiteral("-q"), QStringLiteral("list_queues"), QStringLiteral("name"),
                                QStringLiteral("messages"), QStringLiteral("--no-table-headers")});
        for (const QByteArray& line : listed.out.split('\n')) {
            const QList<QByteArray> fields = line.simplified().split(' ');
            if (fields.size() == 2) counts[QString::fromUtf8(fields[0])] = fields[1].toLongLong();
        }
        return counts;
    }

    uint16_t port() const { return m_port; }
    QString url() const { return QStringLiteral("amqp://guest:guest@127.0.0.1:%1/%2F").arg(m_port); }
    QString log() const
    {
        QFile file(QDir(m_folder).filePath(QStringLiteral("broker.log")));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll().right(4000)) : QString();
    }

private:
    QString m_folder;
    uint16_t m_port;
    uint16_t m_distPort;
    uint16_t m_epmdPort;
    QString m_node;
    std::unique_ptr<QProcess> m_process;
};

}  // namespace pulmo::test
