#include "AuditForwarder.h"

#include "FeedbackDatabase.h"
#include "FeedbackLogging.h"
#include "Statement.h"

#include <QDateTime>
#include <QFile>
#include <QHostAddress>
#include <QHostInfo>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>
#include <QUdpSocket>
#include <QUrl>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>

namespace pulmo::feedback {

std::optional<AuditRepository> parseAuditRepository(const QString& url, QString* error)
{
    const QUrl parsed(url.trimmed(), QUrl::StrictMode);
    AuditRepository repository;
    repository.url = url.trimmed();
    const QString scheme = parsed.scheme().toLower();
    if (scheme == QLatin1String("udp"))
        repository.transport = AuditRepository::Transport::Udp;
    else if (scheme == QLatin1String("tcp"))
        repository.transport = AuditRepository::Transport::Tcp;
    else if (scheme == QLatin1String("tls"))
        repository.transport = AuditRepository::Transport::Tls;
    else {
        if (error)
            *error =
                url + QStringLiteral(": an audit repository is udp://HOST:PORT, tcp://HOST:PORT or tls://HOST:PORT");
        return std::nullopt;
    }
    repository.host = parsed.host();
    const int port = parsed.port(-1);
    if (!parsed.isValid() || repository.host.isEmpty() || port < 1 || port > 65535 ||
        (!parsed.path().isEmpty() && parsed.path() != QLatin1String("/"))) {
        if (error)
            *error = url + QStringLiteral(": an audit repository needs a host and a port 1..65535, nothing else");
        return std::nullopt;
    }
    repository.port = quint16(port);
    return repository;
}

namespace {

QString describe(const AuditRepository& repository)
{
    return repository.url;
}

/// One connection to the repository, used on one thread.
class Transport {
public:
    explicit Transport(const AuditRepository& repository) : m_repository(repository) {}

    /// Sends one message; the reason when it could not.
    std::optional<QString> send(const QByteArray& message)
    {
        constexpr int kTimeoutMs = 3000;
        if (m_repository.transport == AuditRepository::Transport::Udp) {
            if (!m_udp) {
                const QHostInfo info = QHostInfo::fromName(m_repository.host);
                if (info.addresses().isEmpty())
                    return describe(m_repository) + QStringLiteral(": the host does not resolve");
                m_address = info.addresses().front();
                m_udp = std::make_unique<QUdpSocket>();
            }
            if (m_udp->writeDatagram(message, m_address, m_repository.port) != message.size())
                return describe(m_repository) + QStringLiteral(": ") + m_udp->errorString();
            return std::nullopt;
        }
        if (!m_stream || m_stream->state() != QAbstractSocket::ConnectedState) {
            m_stream.reset();
            if (m_repository.transport == AuditRepository::Transport::Tls) {
                auto tls = std::make_unique<QSslSocket>();
                QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
                configuration.setCaCertificates(QSslCertificate::fromPath(m_repository.trustedCaFile));
                configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
                if (!m_repository.certificateFile.isEmpty()) {
                    const QList<QSslCertificate> own = QSslCertificate::fromPath(m_repository.certificateFile);
                    QFile keyFile(m_repository.privateKeyFile);
                    if (own.isEmpty() || !keyFile.open(QIODevice::ReadOnly))
                        return describe(m_repository) + QStringLiteral(": cannot read the certificate or its key");
                    configuration.setLocalCertificate(own.front());
                    configuration.setPrivateKey(QSslKey(&keyFile, QSsl::Rsa));
                }
                tls->setSslConfiguration(configuration);
                tls->connectToHostEncrypted(m_repository.host, m_repository.port);
                if (!tls->waitForEncrypted(kTimeoutMs))
                    return describe(m_repository) + QStringLiteral(": ") + tls->errorString();
                m_stream = std::move(tls);
            } else {
                auto tcp = std::make_unique<QTcpSocket>();
                tcp->connectToHost(m_repository.host, m_repository.port);
                if (!tcp->waitForConnected(kTimeoutMs))
                    return describe(m_repository) + QStringLiteral(": ") + tcp->errorString();
                m_stream = std::move(tcp);
            }
        }
        // RFC 5425 / RFC 6587 octet counting: "LENGTH SP MESSAGE", no line break needed.
        const QByteArray frame = QByteArray::number(message.size()) + ' ' + message;
        if (m_stream->write(frame) != frame.size()) return fail();
        while (m_stream->bytesToWrite() > 0)
            if (!m_stream->waitForBytesWritten(kTimeoutMs)) return fail();
        // A repository that closed the connection is seen on the next message: a closed socket
        // reads as end of stream now.
        m_stream->waitForReadyRead(0);
        if (m_stream->state() != QAbstractSocket::ConnectedState) return fail();
        return std::nullopt;
    }

private:
    QString fail()
    {
        const QString reason = describe(m_repository) + QStringLiteral(": ") + m_stream->errorString();
        m_stream.reset();
        return reason;
    }

    AuditRepository m_repository;
    std::unique_ptr<QUdpSocket> m_udp;
    QHostAddress m_address;
    std::unique_ptr<QTcpSocket> m_stream;
};

AuditEntry entryOf(Statement& row)
{
    AuditEntry entry;
    entry.id = row.integer(0);
    entry.occurredUtc = row.text(1);
    entry.reader = row.text(2);
    entry.action = row.text(3);
    entry.subject = row.text(4);
    entry.outcome = row.text(5);
    entry.detail = row.text(6);
    entry.previousHash = row.text(7);
    entry.rowHash = row.text(8);
    return entry;
}

}  // namespace

class AuditForwarder::Impl {
public:
    Impl(std::string path, AuditRepository repository, AuditSource source)
        : path(std::move(path)), repository(std::move(repository)), source(std::move(source))
    {
    }

    /// Sends the rows after the cursor until none is left, a send fails or `deadline` passes;
    /// true when none is left.
    bool sendPending(FeedbackDatabase& database, Transport& transport, std::chrono::steady_clock::time_point deadline)
    {
        const auto cursor = [&] {
            Statement read(database, "SELECT last_row_id FROM audit_delivery WHERE repository = ?");
            read.bind(1, repository.url);
            return read.step() ? read.integer(0) : qint64(0);
        };
        const auto save = [&](qint64 last, const QString& error) {
            Statement write(database,
                            "INSERT INTO audit_delivery(repository, last_row_id, updated_utc, last_error) "
                            "VALUES(?, ?, ?, ?) ON CONFLICT(repository) DO UPDATE SET "
                            "last_row_id = excluded.last_row_id, updated_utc = excluded.updated_utc, "
                            "last_error = excluded.last_error");
            write.bind(1, repository.url)
                .bind(2, last)
                .bind(3, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs))
                .bind(4, error);
            write.run();
        };
        qint64 last = cursor();
        while (!stopping.load()) {
            std::vector<AuditEntry> batch;
            {
                Statement rows(database,
                               "SELECT id, occurred_utc, reader, action, subject, outcome, detail, previous_hash, "
                               "row_hash FROM audit_log WHERE id > ? ORDER BY id LIMIT 100");
                rows.bind(1, last);
                while (rows.step()) batch.push_back(entryOf(rows));
            }
            if (batch.empty()) {
                countPending(database, last);
                setError({});
                return true;
            }
            qint64 sent = last;
            std::optional<QString> failure;
            for (const AuditEntry& entry : batch) {
                failure = transport.send(syslogMessage(entry, source));
                if (failure) break;
                sent = entry.id;
                if (std::chrono::steady_clock::now() > deadline) break;
            }
            if (sent != last) {
                save(sent, failure.value_or(QString()));
                last = sent;
            }
            countPending(database, last);
            if (failure) {
                setError(*failure);
                return false;
            }
            if (std::chrono::steady_clock::now() > deadline) return false;
        }
        return false;
    }

    void countPending(FeedbackDatabase& database, qint64 last)
    {
        Statement count(database, "SELECT count(*) FROM audit_log WHERE id > ?");
        count.bind(1, last);
        pendingRows.store(count.step() ? count.integer(0) : 0);
    }

    void setError(const QString& error)
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (error != lastError && !error.isEmpty())
            qCWarning(lcFeedback, "audit repository: %s (the rows wait and are sent later)", qUtf8Printable(error));
        lastError = error;
    }

    void run()
    {
        std::optional<FeedbackDatabase> database;
        Transport transport(repository);
        int backoffMs = 1000;
        while (!stopping.load()) {
            bool done = false;
            try {
                if (!database) database.emplace(path);
                done = sendPending(*database, transport, std::chrono::steady_clock::now() + std::chrono::seconds(30));
            } catch (const std::exception& error) {
                setError(QString::fromStdString(path) + QStringLiteral(": ") + QString::fromUtf8(error.what()));
                database.reset();
            }
            std::unique_lock<std::mutex> lock(mutex);
            const auto wait = done ? std::chrono::milliseconds(5000) : std::chrono::milliseconds(backoffMs);
            backoffMs = done ? 1000 : std::min(backoffMs * 2, 30000);
            wake.wait_for(lock, wait, [&] { return stopping.load() || (done && woken); });
            woken = false;
        }
    }

    std::string path;
    AuditRepository repository;
    AuditSource source;
    std::thread thread;
    mutable std::mutex mutex;
    std::condition_variable wake;
    bool woken = false;
    std::atomic<bool> stopping{false};
    std::atomic<qint64> pendingRows{0};
    QString lastError;
};

AuditForwarder::AuditForwarder(std::string databasePath, AuditRepository repository, AuditSource source)
    : m_impl(std::make_unique<Impl>(std::move(databasePath), std::move(repository), std::move(source)))
{
}

AuditForwarder::~AuditForwarder()
{
    m_impl->stopping.store(true);
    m_impl->wake.notify_all();
    if (!m_impl->thread.joinable()) return;
    m_impl->thread.join();
    // The rows of the last moments (a node stopping): one more short try; what is left waits for
    // the next start.
    m_impl->stopping.store(false);
    flush(2000);
}

void AuditForwarder::start()
{
    if (m_impl->thread.joinable()) return;
    Impl* impl = m_impl.get();
    m_impl->thread = std::thread([impl] { impl->run(); });
}

void AuditForwarder::notify()
{
    {
        std::lock_guard<std::mutex> lock(m_impl->mutex);
        m_impl->woken = true;
    }
    m_impl->wake.notify_all();
}

bool AuditForwarder::flush(int timeoutMs)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    Transport transport(m_impl->repository);
    try {
        FeedbackDatabase database(m_impl->path);
        // Twice at most: a repository that refused the connection is not waited for (the rows stay
        // pending for the next run), a short hiccup is.
        for (int attempt = 0; attempt < 2 && std::chrono::steady_clock::now() < deadline; ++attempt) {
            if (m_impl->sendPending(database, transport, deadline)) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
        }
    } catch (const std::exception& error) {
        m_impl->setError(QString::fromStdString(m_impl->path) + QStringLiteral(": ") + QString::fromUtf8(error.what()));
    }
    return false;
}

qint64 AuditForwarder::pending() const
{
    return m_impl->pendingRows.load();
}

QString AuditForwarder::lastError() const
{
    std::lock_guard<std::mutex> lock(m_impl->mutex);
    return m_impl->lastError;
}

const AuditRepository& AuditForwarder::repository() const
{
    return m_impl->repository;
}

}  // namespace pulmo::feedback
