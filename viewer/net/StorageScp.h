#pragma once
// The embedded Storage SCP: receives C-STORE (the sub-operations of our C-MOVEs, or anything a
// router sends) on one configured port and writes each instance under a sanitised name, atomically.
// GUI-free and Qt-free apart from hashing, so that a headless AI node can receive with it too.
// Runs its own thread; associations are served one after another, each taking many stores.

#include "net/PacsPeer.h"
#include "net/RetrieveResult.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace pulmo::net {

struct StorageScpOptions {
    std::string aeTitle = "PULMO";  ///< our AE title; associations calling another one are refused
    uint16_t port = 11112;          ///< the one port it listens on (all interfaces)
    std::string storageFolder;      ///< root of <study key>/<instance key>.dcm
    bool requireCalledAeTitle = true;
    bool syncToDisk = true;  ///< fsync each file before its rename (see InstanceWriter)
    NetworkTimeouts timeouts;
    TlsSettings tls;  ///< enabled: TLS only, with this certificate and key; the CA checks client certificates
};

class StorageScp {
public:
    /// Called on the SCP's thread after an instance is under its final name. Keep it short (hand the
    /// value to another thread): the peer waits for our C-STORE response meanwhile.
    using InstanceCallback = std::function<void(const ReceivedInstance&)>;

    explicit StorageScp(StorageScpOptions options);
    /// Stops and joins. Never throws.
    ~StorageScp();
    StorageScp(const StorageScp&) = delete;
    StorageScp& operator=(const StorageScp&) = delete;

    /// Opens the port and starts serving. Throws NetworkError(Local) when the port cannot be opened
    /// or the folder cannot be created, NetworkError(Tls) for bad TLS files. Not while running.
    void start();
    /// Stops accepting and joins the thread. An association in progress is aborted at its next
    /// command, so an idle peer holding one open delays this by up to the DIMSE timeout. Any
    /// thread but the SCP's own (not from a listener). Never throws.
    void stop() noexcept;
    bool isRunning() const;

    /// Adds a receiver of every instance stored from now on; returns its id for removeListener().
    /// Any thread.
    int addListener(InstanceCallback callback);
    /// Any thread; after it returns the callback is not called any more.
    void removeListener(int id);

    const StorageScpOptions& options() const;
    /// Instances written and refused since start().
    uint64_t storedCount() const;
    uint64_t refusedCount() const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace pulmo::net
