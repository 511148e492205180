#include "PluginLoader.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <sys/stat.h>
#include <vector>

namespace pulmo::inference {
namespace {

constexpr const char* kPluginFileName = "libpulmo_inference_torch.so";

bool fileExists(const std::string& path)
{
    struct stat status {};
    return ::stat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode);
}

}  // namespace

std::string executableDirectory()
{
    std::vector<char> buffer(4096);
    const ssize_t length = ::readlink("/proc/self/exe", buffer.data(), buffer.size() - 1);
    if (length <= 0) return ".";
    std::string path(buffer.data(), size_t(length));
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

namespace {

/// The prefix the running program is installed under: the folder above its bin/, or above lib/pulmo/
/// for pulmo-ai-host, which lives there.
std::string installPrefix()
{
    const std::string directory = executableDirectory();
    const std::string privateSuffix = "/lib/pulmo";
    if (directory.size() > privateSuffix.size() &&
        directory.compare(directory.size() - privateSuffix.size(), privateSuffix.size(), privateSuffix) == 0)
        return directory.substr(0, directory.size() - privateSuffix.size());
    const auto slash = directory.rfind('/');
    return slash == std::string::npos ? std::string(".") : directory.substr(0, slash);
}

}  // namespace

std::string privateLibraryDirectory()
{
    return installPrefix() + "/lib/pulmo";
}

std::string dataDirectory()
{
    if (const char* overridePath = std::getenv("PULMO_DATA_DIR"); overridePath && *overridePath) return overridePath;
    return installPrefix() + "/share/pulmo";
}

std::string defaultPluginPath()
{
    if (const char* overridePath = std::getenv("PULMO_INFERENCE_PLUGIN"); overridePath && *overridePath)
        return overridePath;
    return privateLibraryDirectory() + "/" + kPluginFileName;
}

BackendHandle loadBackend(const std::string& path, std::string* error, ErrorInfo* info)
{
    const auto fail = [&](const std::string& reason, InferenceError::Kind kind = InferenceError::Kind::PluginUnloadable,
                          std::vector<std::string> arguments = {}) {
        if (error) *error = path + ": " + reason;
        if (info)
            *info = {kind, arguments.empty() ? std::vector<std::string>{path, reason} : arguments,
                     path + ": " + reason};
        return BackendHandle();
    };
    if (!fileExists(path)) return fail("inference plugin not found", InferenceError::Kind::PluginMissing, {path});
    void* library = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
        const char* reason = ::dlerror();
        return fail(std::string("cannot load inference plugin: ") + (reason ? reason : "unknown error"));
    }
    using Factory = InferenceBackend* (*)(int);
    auto factory = reinterpret_cast<Factory>(::dlsym(library, "pulmo_inference_create_backend"));
    if (factory == nullptr) {
        ::dlclose(library);
        return fail("not a Pulmo inference plugin (no pulmo_inference_create_backend)");
    }
    InferenceBackend* backend = nullptr;
    try {
        backend = factory(kPluginAbiVersion);
    } catch (const std::exception& exception) {
        ::dlclose(library);
        return fail(std::string("inference plugin failed to start: ") + exception.what());
    }
    if (backend == nullptr) {
        ::dlclose(library);
        return fail("inference plugin was built for another interface version (expected " +
                        std::to_string(kPluginAbiVersion) + ")",
                    InferenceError::Kind::PluginAbiMismatch, {path, std::to_string(kPluginAbiVersion)});
    }
    // The deleter destroys the backend before the code that implements it is unloaded.
    return BackendHandle(backend, [library](InferenceBackend* object) {
        delete object;
        ::dlclose(library);
    });
}

}  // namespace pulmo::inference
