#include "net/StorageScp.h"

#include "net/DcmtkNetwork.h"
#include "net/InstanceWriter.h"
#include "net/ListenSocket.h"
#include "net/NetworkLogging.h"
#include "net/StorageProvider.h"

#include <dcmtk/dcmnet/cond.h>

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace pulmo::net {

class StorageScp::Impl {
public:
    explicit Impl(StorageScpOptions options) : options(std::move(options)) {}

    void deliver(const ReceivedInstance& instance)
    {
        stored.fetch_add(1);
        std::lock_guard<std::mutex> lock(listenersMutex);
        for (const auto& [id, callback] : listeners) callback(instance);
    }

    StorageScpOptions options;
    std::atomic<bool> stopRequested{false};
    std::atomic<bool> running{false};
    std::atomic<uint64_t> stored{0};
    std::atomic<uint64_t> refused{0};
    std::unique_ptr<detail::InstanceWriter> writer;
    std::unique_ptr<DcmTransportLayer> tls;  // outlives the provider that uses it
    std::unique_ptr<detail::StorageProvider> provider;
    std::thread thread;
    // Listeners are called under this mutex, so that removeListener() returning means "no more calls".
    std::mutex listenersMutex;
    std::map<int, InstanceCallback> listeners;
    int nextListener = 1;
    AdmitCallback admit;
    CommitCallback commit;
    RefusalCallback refusal;
};

bool isListenAddress(const std::string& text)
{
    try {
        detail::parseListenAddress(text, 104);
        return true;
    } catch (const NetworkError&) {
        return false;
    }
}

StorageScp::StorageScp(StorageScpOptions options) : m_impl(std::make_unique<Impl>(std::move(options))) {}

StorageScp::~StorageScp()
{
    stop();
}

void StorageScp::start()
{
    using Kind = NetworkError::Kind;
    if (m_impl->running.load())
        throw NetworkError(Kind::Local, {}, "the Storage SCP is already running",
                           NetworkError::Problem::ReceiverAlreadyRunning);
    detail::initialiseDcmtkNetworking();
    const std::string self =
        m_impl->options.aeTitle + " (Storage SCP, port " + std::to_string(m_impl->options.port) + ")";
    if (m_impl->options.storageFolder.empty())
        throw NetworkError(Kind::Local, self, "no storage folder configured", NetworkError::Problem::NoStorageFolder);
    // Everything that can be wrong with the options is found before a port is opened.
    std::optional<detail::ListenAddress> listenAddress;
    if (!m_impl->options.listenAddress.empty()) {
        try {
            listenAddress = detail::parseListenAddress(m_impl->options.listenAddress, m_impl->options.port);
        } catch (const NetworkError& error) {
            throw NetworkError(error.kind(), self, error.reason(), error.problem(), error.arguments());
        }
    }
    detail::CallerFilter callers(m_impl->options.acceptFrom, m_impl->options.acceptAnyCaller,
                                 m_impl->options.skipUnresolvedCallers);
    m_impl->writer =
        std::make_unique<detail::InstanceWriter>(m_impl->options.storageFolder, m_impl->options.syncToDisk);
    m_impl->stopRequested.store(false);
    Impl* impl = m_impl.get();
    detail::StorageHooks hooks;
    hooks.admit = m_impl->admit;
    hooks.commit = m_impl->commit;
    hooks.stored = [impl](const ReceivedInstance& instance) { impl->deliver(instance); };
    hooks.refused = [impl] { impl->refused.fetch_add(1); };
    hooks.refusal = m_impl->refusal;
    m_impl->provider = std::make_unique<detail::StorageProvider>(m_impl->options, *m_impl->writer, std::move(callers),
                                                                 std::move(hooks), m_impl->stopRequested);
    if (m_impl->options.tls.enabled) {
        m_impl->tls = detail::makeTlsLayer(m_impl->options.tls, NET_ACCEPTOR, self);
        m_impl->provider->getConfig().setTransportLayer(m_impl->tls.get());
    }
    // Opened here, on the caller's thread, so that "port in use" is the caller's exception.
    const OFCondition opened = m_impl->provider->openListenPort();
    if (opened.bad()) {
        m_impl->provider.reset();
        throw NetworkError(Kind::Local, self,
                           std::string("cannot listen on port ") + std::to_string(m_impl->options.port) +
                               " (in use, or a privileged port): " + opened.text(),
                           NetworkError::Problem::CannotListen, {std::to_string(m_impl->options.port)});
    }
    if (listenAddress) {
        try {
            detail::restrictListeningSocket(*listenAddress, m_impl->provider->getConfig().getPort());
        } catch (const NetworkError& error) {
            m_impl->provider.reset();  // drops DCMTK's network and the descriptor with it
            throw NetworkError(error.kind(), self, error.reason(), error.problem(), error.arguments());
        }
    }
    m_impl->running.store(true);
    qCInfo(lcNet, "Storage SCP %s listening on %s port %d%s", m_impl->options.aeTitle.c_str(),
           listenAddress ? listenAddress->text.c_str() : "every interface", int(m_impl->options.port),
           m_impl->options.tls.enabled ? " (TLS)" : "");
    qCDebug(lcNet, "Storage SCP %s stores into %s", m_impl->options.aeTitle.c_str(),
            m_impl->options.storageFolder.c_str());
    m_impl->thread = std::thread([impl] {
        impl->provider->acceptAssociations();
        impl->running.store(false);
    });
}

void StorageScp::stop() noexcept
{
    if (!m_impl->thread.joinable()) return;
    m_impl->stopRequested.store(true);
    m_impl->thread.join();
    m_impl->provider.reset();  // closes the listening socket
    m_impl->running.store(false);
    qCInfo(lcNet, "Storage SCP %s stopped: %llu instance(s) stored, %llu refused", m_impl->options.aeTitle.c_str(),
           static_cast<unsigned long long>(m_impl->stored.load()),
           static_cast<unsigned long long>(m_impl->refused.load()));
}

bool StorageScp::isRunning() const
{
    return m_impl->running.load();
}

int StorageScp::addListener(InstanceCallback callback)
{
    std::lock_guard<std::mutex> lock(m_impl->listenersMutex);
    const int id = m_impl->nextListener++;
    m_impl->listeners.emplace(id, std::move(callback));
    return id;
}

void StorageScp::removeListener(int id)
{
    std::lock_guard<std::mutex> lock(m_impl->listenersMutex);
    m_impl->listeners.erase(id);
}

void StorageScp::setAdmit(AdmitCallback admit)
{
    m_impl->admit = std::move(admit);
}

void StorageScp::setCommit(CommitCallback commit)
{
    m_impl->commit = std::move(commit);
}

void StorageScp::setRefusalListener(RefusalCallback listener)
{
    m_impl->refusal = std::move(listener);
}

const StorageScpOptions& StorageScp::options() const
{
    return m_impl->options;
}

uint64_t StorageScp::storedCount() const
{
    return m_impl->stored.load();
}

uint64_t StorageScp::refusedCount() const
{
    return m_impl->refused.load();
}

}  // namespace pulmo::net
