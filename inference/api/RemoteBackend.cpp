#include "RemoteBackend.h"

#include "HostProtocol.h"
#include "HostSocket.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

extern char** environ;

namespace pulmo::inference {

using host::Message;

namespace {

InferenceError processFailed(const std::string& hostPath, const std::string& detail)
{
    return InferenceError(InferenceError::Kind::AiProcessFailed, hostPath + ": " + detail, {hostPath, detail});
}

/// Hosts this process started to outlive it, no longer in use here: reaped once they end (they end
/// on their own, after their time kept loaded), so that none stays a zombie while this one runs on.
void reapKeptHosts(pid_t add = -1)
{
    // Never destroyed: a RemoteHost held by a static (the window's) may be destroyed after them.
    static auto* mutex = new std::mutex;
    static auto* kept = new std::vector<pid_t>;
    std::lock_guard<std::mutex> lock(*mutex);
    if (add > 0) kept->push_back(add);
    for (auto pid = kept->begin(); pid != kept->end();)
        pid = ::waitpid(*pid, nullptr, WNOHANG) == 0 ? pid + 1 : kept->erase(pid);
}

}  // namespace

std::string defaultHostPath()
{
    if (const char* overridePath = std::getenv("PULMO_AI_HOST"); overridePath && *overridePath) return overridePath;
    return privateLibraryDirectory() + "/pulmo-ai-host";
}

class RemoteClassifier final : public Classifier {
public:
    RemoteClassifier(std::shared_ptr<RemoteHost> host, int64_t id, ModelIdentity identity)
        : m_host(std::move(host)), m_id(id), m_identity(std::move(identity))
    {
    }
    ~RemoteClassifier() override { m_host->tell({{"op", "unload"}, {"model", m_id}}); }

    const ModelIdentity& identity() const override { return m_identity; }

    std::vector<Prediction> predict(const std::vector<GrayImage>& images, const PredictOptions& options) override
    {
        Message request{{"op", "predict"}, {"model", m_id}, {"options", host::toMessage(options)}};
        Message& list = request["images"] = Message::array();
        for (const GrayImage& image : images) list.push_back(host::toMessage(image));
        const Message reply = m_host->request(request);
        std::vector<Prediction> predictions;
        for (const Message& prediction : reply.at("predictions"))
            predictions.push_back(host::predictionFrom(prediction));
        return predictions;
    }

    std::vector<float> modelInput(const GrayImage& image) override
    {
        const Message reply = m_host->request({{"op", "input"}, {"model", m_id}, {"image", host::toMessage(image)}});
        return host::floatsFrom(reply.at("input"));
    }

private:
    std::shared_ptr<RemoteHost> m_host;
    int64_t m_id;
    ModelIdentity m_identity;
};

class RemoteBackend final : public InferenceBackend {
public:
    RemoteBackend(std::shared_ptr<RemoteHost> host, BackendInfo info) : m_host(std::move(host)), m_info(std::move(info))
    {
    }
    BackendInfo info() const override { return m_info; }

    std::unique_ptr<Classifier> loadModel(const std::string& path, const std::string& device) override
    {
        const Message reply = m_host->request({{"op", "load"}, {"path", path}, {"device", device}});
        return std::make_unique<RemoteClassifier>(m_host, reply.at("model").get<int64_t>(),
                                                  host::identityFrom(reply.at("identity")));
    }

    TrainingReport train(const std::vector<TrainingSample>&, const ImageLoader&, const TrainingOptions&,
                         const TrainingProgressCallback&) override
    {
        throw InferenceError(InferenceError::Kind::Other,
                             "training runs in-process (pulmo-cli train), not in pulmo-ai-host");
    }

private:
    std::shared_ptr<RemoteHost> m_host;
    BackendInfo m_info;
};

std::shared_ptr<RemoteHost> RemoteHost::start(const HostSettings& settings)
{
    reapKeptHosts();
    std::shared_ptr<RemoteHost> host(new RemoteHost());
    host->m_hostPath = settings.hostPath.empty() ? defaultHostPath() : settings.hostPath;
    struct stat status {};
    if (::stat(host->m_hostPath.c_str(), &status) != 0 || !S_ISREG(status.st_mode)) {
        host->m_startError = "not found";
        return host;
    }
    std::string keptSocket;
    if (settings.keepLoadedSeconds > 0) {
        const char* runtime = std::getenv("XDG_RUNTIME_DIR");
        const std::string folder = !settings.runtimeDirectory.empty() ? settings.runtimeDirectory
                                   : runtime                          ? std::string(runtime)
                                                                      : std::string();
        // Not kept when there is no private place for its socket (the reason is not the reader's concern).
        keptSocket = host::socketPath(folder, host->m_hostPath,
                                      settings.pluginPath.empty() ? defaultPluginPath() : settings.pluginPath);
    }
    host->m_settings = settings;
    host->m_keptSocket = keptSocket;
    if (!keptSocket.empty()) {
        pid_t peer = -1;
        const int connected = host::connectTo(keptSocket, &peer);
        if (connected >= 0) {
            host->m_fd = connected;
            host->m_pid = peer;
            host->m_child = false;
            return host;
        }
    }
    host->m_startError = host->spawn();
    return host;
}

std::string RemoteHost::spawn()
{
    int sockets[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0)
        return std::string("no socket: ") + std::strerror(errno);
    // The host's end becomes its descriptor 3 (dup2 clears close-on-exec; 3 itself is moved first).
    int child = sockets[1];
    if (child == 3) child = ::fcntl(sockets[1], F_DUPFD_CLOEXEC, 10);
    std::vector<std::string> arguments{m_hostPath, "--fd", "3"};
    if (!m_settings.pluginPath.empty()) arguments.insert(arguments.end(), {"--plugin", m_settings.pluginPath});
    if (!m_keptSocket.empty())
        arguments.insert(arguments.end(),
                         {"--listen", m_keptSocket, "--keep-loaded", std::to_string(m_settings.keepLoadedSeconds)});
    std::vector<char*> argv;
    for (std::string& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, child, 3);
    if (!m_keptSocket.empty()) {
        // A host that outlives this program must not hold its standard streams: a shell reading this
        // program's output through a pipe ($(pulmo ...), pulmo | tee) would wait for the host's end.
        for (const int stream : {0, 1, 2})
            posix_spawn_file_actions_addopen(&actions, stream, "/dev/null", stream == 0 ? O_RDONLY : O_WRONLY, 0);
    }
    pid_t pid = -1;
    const int spawned = ::posix_spawn(&pid, m_hostPath.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (child != sockets[1]) ::close(child);
    ::close(sockets[1]);
    if (spawned != 0) {
        ::close(sockets[0]);
        return std::string("cannot be started: ") + std::strerror(spawned);
    }
    m_pid = pid;
    m_fd = sockets[0];
    m_child = true;
    m_keptLoaded = !m_keptSocket.empty();
    return {};
}

RemoteHost::~RemoteHost()
{
    if (m_fd >= 0) ::close(m_fd);  // the host reads the end of its stream and exits (or, kept, waits)
    if (!m_child) return;          // another program's host: it ends in its own time
    if (m_keptLoaded && m_helloDone && !m_dead && m_pid > 0 && !m_reaped) {
        reapKeptHosts(m_pid);  // loaded, and kept loaded for the next window
        return;
    }
    if (m_pid > 0 && !m_reaped && !m_helloDone) {
        ::kill(m_pid, SIGKILL);  // still loading the plugin, nothing to finish
        ::waitpid(m_pid, nullptr, 0);
    } else if (m_pid > 0 && !m_reaped) {
        // It finishes what it is running first; a model on a slow device is not waited for long.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
        while (::waitpid(m_pid, nullptr, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                ::kill(m_pid, SIGKILL);
                ::waitpid(m_pid, nullptr, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
}

std::string RemoteHost::exitDescription()
{
    // Called with the mutex held, after the socket broke: the process has ended or is ending.
    if (m_pid <= 0 || m_reaped) return "it stopped";
    if (!m_child) return ::kill(m_pid, 0) == 0 ? "it stopped answering" : "it stopped";
    int status = 0;
    pid_t done = 0;
    for (int i = 0; i < 100 && (done = ::waitpid(m_pid, &status, WNOHANG)) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (done != m_pid) return "it stopped answering";
    m_reaped = true;
    if (WIFSIGNALED(status)) {
        const char* name = ::sigabbrev_np(WTERMSIG(status));
        return std::string("it stopped on signal ") +
               (name ? std::string("SIG") + name : std::to_string(WTERMSIG(status)));
    }
    if (WIFEXITED(status)) return "it exited with status " + std::to_string(WEXITSTATUS(status));
    return "it stopped";
}

void RemoteHost::lost(const std::string& detail)
{
    if (!m_dead) {
        m_dead = true;
        m_deathDetail = detail + " (" + exitDescription() + ")";
    }
    throw processFailed(m_hostPath, m_deathDetail);
}

void RemoteHost::waitForHello()
{
    // With the mutex held. The host's first message: the plugin loaded, or why not.
    if (m_helloDone) return;
    m_helloDone = true;
    if (!m_startError.empty()) {
        m_dead = true;
        m_deathDetail = m_startError;
        return;
    }
    Message hello;
    std::string error;
    bool received = host::receive(m_fd, hello, &error);
    if (!received && !m_child) {
        // The host kept loaded ended just as this program connected (its time was up, or it was
        // stopped): one of this program's own instead.
        ::close(m_fd);
        m_fd = -1;
        m_pid = -1;
        if (const std::string failed = spawn(); !failed.empty()) {
            m_dead = true;
            m_deathDetail = failed;
            return;
        }
        received = host::receive(m_fd, hello, &error);
    }
    if (!received) {
        m_dead = true;
        m_deathDetail = "no answer: " + error + " (" + exitDescription() + ")";
        return;
    }
    try {
        if (hello.value("ok", false)) {
            m_info = host::backendInfoFrom(hello.at("info"));
        } else {
            m_pluginError = ErrorInfo::of(host::errorFrom(hello));
        }
    } catch (const std::exception& broken) {
        m_dead = true;
        m_deathDetail = std::string("an unreadable first message: ") + broken.what();
    }
}

BackendHandle RemoteHost::backend(std::string* error, ErrorInfo* info)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    waitForHello();
    if (m_dead) {
        const InferenceError failed = processFailed(m_hostPath, m_deathDetail);
        if (error) *error = failed.what();
        if (info) *info = ErrorInfo::of(failed);
        return {};
    }
    if (!m_pluginError.empty()) {
        if (error) *error = m_pluginError.message;
        if (info) *info = m_pluginError;
        return {};
    }
    return std::make_shared<RemoteBackend>(shared_from_this(), m_info);
}

bool RemoteHost::alive() const
{
    // No lock: a worker may hold it for a whole inference. m_startError is set before start() returns.
    return !m_dead.load() && m_startError.empty();
}

Message RemoteHost::request(const Message& message)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    waitForHello();
    if (m_dead) throw processFailed(m_hostPath, m_deathDetail);
    if (!host::send(m_fd, message)) lost("the request could not be sent");
    Message reply;
    std::string error;
    if (!host::receive(m_fd, reply, &error)) lost("no reply: " + error);
    if (!reply.value("ok", false)) throw host::errorFrom(reply);
    return reply;
}

void RemoteHost::tell(const Message& message)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_dead || !m_helloDone || m_fd < 0) return;
    if (!host::send(m_fd, message)) {
        m_dead = true;
        m_deathDetail = "it stopped";
    }
}

}  // namespace pulmo::inference
