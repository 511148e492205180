#pragma once
// The inference plugin in its own process: pulmo-ai-host loads the plugin (and so LibTorch) and runs
// the models; the application talks to it over a socket (HostProtocol.h) through an InferenceBackend
// that looks like the plugin's own. Why a process: dlopen() of LibTorch holds the dynamic loader's
// lock for most of a second, and in the viewer's process every thread that needs that lock meanwhile
// (a Qt plugin at the first paint, a pool thread's first thread_local) waits; in another process it
// loads beside the window's start instead of after it. A crash of the AI leaves viewing going on.
//
// startHost() returns at once: the host loads the plugin while the caller goes on; the first call that
// needs it (backend()) waits for it. Training is not offered remotely (pulmo-cli trains in-process).

#include "InferenceBackend.h"
#include "InferenceError.h"
#include "PluginLoader.h"

#include <nlohmann/json_fwd.hpp>

#include <sys/types.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

namespace pulmo::inference {

/// pulmo-ai-host beside the running program (or $PULMO_AI_HOST).
std::string defaultHostPath();

struct HostSettings {
    std::string hostPath;    ///< empty: defaultHostPath()
    std::string pluginPath;  ///< empty: the host's defaultPluginPath()
    /// Above 0: the host outlives this program by that many seconds after its last window closed,
    /// LibTorch and the last models loaded, and start() first connects to such a host when one runs
    /// (HostSocket.h). 0: the host is this program's alone and ends with it.
    int keepLoadedSeconds = 0;
    std::string runtimeDirectory;  ///< where its socket lives; empty: $XDG_RUNTIME_DIR (none: not kept)
};

class RemoteHost : public std::enable_shared_from_this<RemoteHost> {
public:
    /// Connects to a host kept loaded (keepLoadedSeconds), or starts the process (posix_spawn), and
    /// returns at once; a failure to start is reported by backend().
    static std::shared_ptr<RemoteHost> start(const HostSettings& settings = {});
    ~RemoteHost();
    RemoteHost(const RemoteHost&) = delete;
    RemoteHost& operator=(const RemoteHost&) = delete;

    /// Waits until the host has loaded the plugin: the backend, or nullptr with the reason as
    /// loadBackend() gives it (the plugin's own errors, or Kind::AiProcessFailed).
    BackendHandle backend(std::string* error, ErrorInfo* info = nullptr);
    /// False once the process has stopped or the socket broke.
    bool alive() const;
    pid_t pid() const { return m_pid; }
    /// True when start() found a host kept loaded by an earlier program and connected to it.
    bool connectedToKeptHost() const { return !m_child && m_pid > 0; }
    /// True when the host outlives this program (found kept loaded, or started to be).
    bool keptLoaded() const { return connectedToKeptHost() || m_keptLoaded; }
    const std::string& hostPath() const { return m_hostPath; }

private:
    friend class RemoteBackend;
    friend class RemoteClassifier;
    /// One request and its reply ({ok: true, ...}), serialised between callers. Throws the host's
    /// error as it was thrown there, or InferenceError(AiProcessFailed) when the process is gone.
    nlohmann::json request(const nlohmann::json& message);
    /// A request without a reply (unload); ignored when the process is gone.
    void tell(const nlohmann::json& message);
    RemoteHost() = default;
    /// Starts the process for m_settings (listening at m_keptSocket unless empty): empty, or why not.
    std::string spawn();
    void waitForHello();
    [[noreturn]] void lost(const std::string& detail);
    std::string exitDescription();

    std::string m_hostPath;
    HostSettings m_settings;
    std::string m_keptSocket;  // where a host kept loaded listens (empty: not kept)
    pid_t m_pid = -1;
    int m_fd = -1;
    bool m_child = true;        // started by this process (else found listening)
    bool m_keptLoaded = false;  // started to outlive this process
    std::string m_startError;
    mutable std::mutex m_mutex;  // one exchange at a time on the socket
    bool m_helloDone = false;
    // Read without the mutex by alive(), so that the UI thread never waits for a running inference.
    std::atomic<bool> m_dead{false};
    std::string m_deathDetail;
    BackendInfo m_info;
    ErrorInfo m_pluginError;
    bool m_reaped = false;
};

}  // namespace pulmo::inference
