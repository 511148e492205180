// pulmo-ai-host: the inference plugin in a process of its own, for the workstation (RemoteBackend.h).
//   pulmo-ai-host --fd N [--plugin PATH]
// Loads the plugin at once, says so on descriptor N (HostProtocol.h), then answers requests one at a
// time until the other end closes the socket. Runs below the workstation's priority (nice 10), and
// ends with its parent.

#include "HostProtocol.h"
#include "PluginLoader.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>

using namespace pulmo::inference;
using host::Message;

namespace {

int usage()
{
    std::fprintf(stderr, "usage: pulmo-ai-host --fd N [--plugin PATH]\n");
    return 2;
}

Message answer(InferenceBackend& backend, std::map<int64_t, std::unique_ptr<Classifier>>& models, int64_t& nextId,
               const Message& request)
{
    const std::string op = request.at("op").get<std::string>();
    if (op == "load") {
        std::unique_ptr<Classifier> classifier =
            backend.loadModel(request.at("path").get<std::string>(), request.at("device").get<std::string>());
        const int64_t id = nextId++;
        Message reply{{"ok", true}, {"model", id}, {"identity", host::toMessage(classifier->identity())}};
        models[id] = std::move(classifier);
        return reply;
    }
    const auto found = models.find(request.at("model").get<int64_t>());
    if (found == models.end()) throw InferenceError(InferenceError::Kind::Other, "no such model in pulmo-ai-host");
    Classifier& classifier = *found->second;
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

}  // namespace

int main(int argc, char* argv[])
{
    int fd = -1;
    std::string pluginPath;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "--fd" && i + 1 < argc) {
            const std::string value = argv[++i];
            const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), fd);
            if (error != std::errc() || end != value.data() + value.size() || fd < 0) return usage();
        } else if (argument == "--plugin" && i + 1 < argc) {
            pluginPath = argv[++i];
        } else {
            return usage();
        }
    }
    if (fd < 0) return usage();
    // Its parent gone (even killed), there is nobody to answer: end too.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() == 1) return 1;
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
    if (!host::send(fd, {{"ok", true}, {"info", host::toMessage(backend->info())}})) return 0;

    std::map<int64_t, std::unique_ptr<Classifier>> models;
    int64_t nextId = 1;
    Message request;
    std::string broken;
    while (host::receive(fd, request, &broken)) {
        if (request.value("op", "") == "unload") {
            if (request.contains("model") && request["model"].is_number_integer())
                models.erase(request["model"].get<int64_t>());
            continue;
        }
        Message reply;
        try {
            reply = answer(*backend, models, nextId, request);
        } catch (const std::exception& failure) {
            reply = host::failure(failure);
        }
        if (!host::send(fd, reply)) break;
    }
    if (broken != "end of stream") std::fprintf(stderr, "pulmo-ai-host: %s\n", broken.c_str());
    models.clear();  // before the plugin that implements them goes
    return 0;
}
