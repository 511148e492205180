// pulmo-ai-host: the inference plugin in a process of its own, for the workstation (RemoteBackend.h).
//   pulmo-ai-host --fd N [--plugin PATH] [--listen SOCKET --keep-loaded SECONDS]
// Loads the plugin at once, says so on descriptor N (HostProtocol.h), then answers requests one at a
// time until the other end closes the socket. Runs below the workstation's priority (nice 10), and
// ends with its parent.
// With --listen it outlives its window instead: it also answers the windows that connect to SOCKET
// (HostSocket.h), keeps the models it loaded for the next one, and ends once nobody has been connected
// for SECONDS. A window opened meanwhile then finds LibTorch and its model loaded.

#include "HostProtocol.h"
#include "HostSocket.h"
#include "ModelCard.h"
#include "PluginLoader.h"

#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <list>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

using namespace pulmo::inference;
using host::Message;

namespace {

int usage()
{
    std::fprintf(stderr, "usage: pulmo-ai-host --fd N [--plugin PATH] [--listen SOCKET --keep-loaded SECONDS]\n");
    return 2;
}

bool parseNumber(const std::string& value, int& number)
{
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    return error == std::errc() && end == value.data() + value.size() && number >= 0;
}

/// The models the windows loaded, by id; and, kept loaded, the last few for the next window.
class Models {
public:
    explicit Models(InferenceBackend& backend, size_t kept) : m_backend(backend), m_kept(kept) {}
    ~Models()
    {
        // Before the plugin that implements them goes.
        m_byId.clear();
        m_recent.clear();
    }

    int64_t load(const std::string& path, const std::string& device, ModelIdentity* identity)
    {
        // The same files (model and card unchanged: size, time, inode) on the same device: the same model.
        const std::string key = device + "|" + host::fileStamp(path) + "|" + host::fileStamp(modelCardPath(path));
        std::shared_ptr<Classifier> classifier;
        for (auto entry = m_recent.begin(); entry != m_recent.end(); ++entry)
            if (entry->first == key) {
                classifier = entry->second;
                m_recent.splice(m_recent.begin(), m_recent, entry);
                break;
            }
        if (!classifier) {
            classifier = std::shared_ptr<Classifier>(m_backend.loadModel(path, device));
            if (m_kept > 0) {
                m_recent.emplace_front(key, classifier);
                if (m_recent.size() > m_kept) m_recent.pop_back();
            }
        }
        *identity = classifier->identity();
        const int64_t id = m_nextId++;
        m_byId[id] = std::move(classifier);
        return id;
    }
    Classifier& at(int64_t id)
    {
        const auto found = m_byId.find(id);
        if (found == m_byId.end()) throw InferenceError(InferenceError::Kind::Other, "no such model in pulmo-ai-host");
        return *found->second;
    }
    void unload(int64_t id) { m_byId.erase(id); }

private:
    InferenceBackend& m_backend;
    size_t m_kept;
    std::map<int64_t, std::shared_ptr<Classifier>> m_byId;
    std::list<std::pair<std::string, std::shared_ptr<Classifier>>> m_recent;
    int64_t m_nextId = 1;
};

Message answer(Models& models, std::set<int64_t>& mine, const Message& request)
{
    const std::string op = request.at("op").get<std::string>();
    if (op == "load") {
        ModelIdentity identity;
        const int64_t id =
            models.load(request.at("path").get<std::string>(), request.at("device").get<std::string>(), &identity);
        mine.insert(id);
        return {{"ok", true}, {"model", id}, {"identity", host::toMessage(identity)}};
    }
    Classifier& classifier = models.at(request.at("model").get<int64_t>());
    if (op == "predict") {
        std::vector<GrayImage> images;
        for (const Message& image : request.at("images")) images.push_back(host::imageFrom(image));
        const std::vector<Prediction> predictions =
            classifier.predict(images, host::optionsFrom(request.at("options")));
        Message reply{{"ok", true}, {"predictions", Message::array()}};
        for (const Prediction& prediction : predictions) reply["predictions"].push_back(host::toMessage(prediction));
        return reply;
    }
    if (op == "input")
        return {{"ok", true}, {"input", host::floats(classifier.modelInput(host::imageFrom(request.at("image"))))}};
    throw InferenceError(InferenceError::Kind::Other, "pulmo-ai-host does not know the request '" + op + "'");
}

struct Client {
    int fd;
    std::set<int64_t> models;  // loaded by this client, unloaded when it goes
};

/// Answers one request of `client`; false when it has gone (or broke its stream).
bool serve(Models& models, Client& client)
{
    Message request;
    std::string broken;
    if (!host::receive(client.fd, request, &broken)) {
        if (broken != "end of stream") std::fprintf(stderr, "pulmo-ai-host: %s\n", broken.c_str());
        return false;
    }
    if (request.value("op", "") == "unload") {
        if (request.contains("model") && request["model"].is_number_integer()) {
            models.unload(request["model"].get<int64_t>());
            client.models.erase(request["model"].get<int64_t>());
        }
        return true;
    }
    Message reply;
    try {
        reply = answer(models, client.models, request);
    } catch (const std::exception& failure) {
        reply = host::failure(failure);
    }
    return host::send(client.fd, reply);
}

}  // namespace

int main(int argc, char* argv[])
{
    int fd = -1;
    int keepLoadedSeconds = 0;
    std::string pluginPath;
    std::string listenPath;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "--fd" && i + 1 < argc) {
            if (!parseNumber(argv[++i], fd)) return usage();
        } else if (argument == "--plugin" && i + 1 < argc) {
            pluginPath = argv[++i];
        } else if (argument == "--listen" && i + 1 < argc) {
            listenPath = argv[++i];
        } else if (argument == "--keep-loaded" && i + 1 < argc) {
            if (!parseNumber(argv[++i], keepLoadedSeconds)) return usage();
        } else {
            return usage();
        }
    }
    if (fd < 0 || (listenPath.empty() != (keepLoadedSeconds == 0))) return usage();
    if (listenPath.empty()) {
        // Its parent gone (even killed), there is nobody to answer: end too.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() == 1) return 1;
    } else {
        // Kept loaded for the next window: not stopped by the terminal's Ctrl+C or hang-up of this one.
        ::setsid();
    }
    // Below the workstation's window; LibTorch's compute threads, started from here, inherit it.
    ::setpriority(PRIO_PROCESS, 0, 10);

    // LibTorch's OpenMP threads wait passively between parallel regions unless told otherwise: spinning
    // (libgomp's default) took 4 times the CPU of an inference on this 2-core machine, CPU the
    // workstation's window then lacks (README, "From pulmo FILE to the first AI result"). Read by
    // libgomp when the plugin loads it, so before that.
    ::setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
    if (pluginPath.empty()) pluginPath = defaultPluginPath();
    std::string error;
    ErrorInfo info;
    const BackendHandle backend = loadBackend(pluginPath, &error, &info);
    if (!backend) {
        host::send(fd, host::failure(InferenceError(info.kind, error, info.arguments)));
        // Keep the socket open until the other end has read it and closed its own.
        Message ignored;
        while (host::receive(fd, ignored)) {
        }
        return 0;
    }
    const Message hello{{"ok", true}, {"info", host::toMessage(backend->info())}};

    // Listening is taken only with the plugin loaded: a window that connects gets answers at once.
    // Another host already there (two windows started together): this one serves its own window only.
    int listening = -1;
    ino_t listeningInode = 0;
    if (!listenPath.empty()) {
        listening = host::listenAt(listenPath, &error);
        struct stat status {};
        if (listening >= 0 && ::stat(listenPath.c_str(), &status) == 0) listeningInode = status.st_ino;
    }

    Models models(*backend, listening >= 0 ? 2 : 0);
    std::list<Client> clients;
    if (host::send(fd, hello))
        clients.push_back({fd, {}});
    else
        ::close(fd);
    using Clock = std::chrono::steady_clock;
    auto idleSince = Clock::now();
    for (;;) {
        int timeoutMs = -1;
        if (clients.empty()) {
            if (listening < 0) break;
            const auto left = std::chrono::seconds(keepLoadedSeconds) -
                              std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - idleSince);
            if (left.count() <= 0) break;
            timeoutMs = int(std::chrono::duration_cast<std::chrono::milliseconds>(left).count()) + 1;
        }
        std::vector<pollfd> waiting;
        for (const Client& client : clients) waiting.push_back({client.fd, POLLIN, 0});
        if (listening >= 0) waiting.push_back({listening, POLLIN, 0});
        if (::poll(waiting.data(), waiting.size(), timeoutMs) < 0) {
            if (errno == EINTR) continue;
            std::fprintf(stderr, "pulmo-ai-host: poll: %s\n", std::strerror(errno));
            break;
        }
        size_t index = 0;
        for (auto client = clients.begin(); client != clients.end(); ++index) {
            if (waiting[index].revents == 0 || serve(models, *client)) {
                ++client;
                continue;
            }
            for (const int64_t id : client->models) models.unload(id);
            ::close(client->fd);
            client = clients.erase(client);
            if (clients.empty()) idleSince = Clock::now();
        }
        if (listening >= 0 && waiting.back().revents != 0) {
            const int accepted = host::acceptFrom(listening);
            if (accepted >= 0) {
                if (host::send(accepted, hello))
                    clients.push_back({accepted, {}});
                else
                    ::close(accepted);
            }
        }
    }
    if (listening >= 0) {
        // The socket file goes with this host, unless another host has taken the name since.
        struct stat status {};
        if (::stat(listenPath.c_str(), &status) == 0 && status.st_ino == listeningInode) ::unlink(listenPath.c_str());
        ::close(listening);
    }
    return 0;
}
