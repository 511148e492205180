#include "HostSocket.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>

namespace pulmo::inference::host {
std::string fileStamp(const std::string& path)
{
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) return path + ":none";
    return path + ":" + std::to_string(status.st_size) + ":" + std::to_string(status.st_mtim.tv_sec) + "." +
           std::to_string(status.st_mtim.tv_nsec) + ":" + std::to_string(status.st_ino);
}

namespace {

std::string environmentValue(const char* name)
{
    const char* value = std::getenv(name);
    return std::string(name) + "=" + (value ? value : "(unset)");
}

bool fillAddress(const std::string& path, sockaddr_un& address)
{
    address = {};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) return false;
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    return true;
}

bool peerIsThisUser(int fd, pid_t* peer)
{
    ucred credentials{};
    socklen_t length = sizeof credentials;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) return false;
    if (credentials.uid != ::getuid()) return false;
    if (peer) *peer = credentials.pid;
    return true;
}

}  // namespace

std::string socketPath(const std::string& runtimeDirectory, const std::string& hostPath, const std::string& pluginPath,
                       std::string* error)
{
    const auto fail = [&](const std::string& reason) {
        if (error) *error = reason;
        return std::string();
    };
    if (runtimeDirectory.empty()) return fail("no runtime folder (XDG_RUNTIME_DIR is not set)");
    const std::string folder = runtimeDirectory + "/pulmo";
    if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
        return fail(folder + ": cannot be made: " + std::strerror(errno));
    struct stat status {};
    if (::lstat(folder.c_str(), &status) != 0) return fail(folder + ": " + std::strerror(errno));
    if (!S_ISDIR(status.st_mode)) return fail(folder + ": not a folder");
    if (status.st_uid != ::getuid()) return fail(folder + ": belongs to another user");
    if ((status.st_mode & 077) != 0) return fail(folder + ": open to other users");

    const std::string identity = fileStamp(hostPath) + "|" + fileStamp(pluginPath) + "|" +
                                 environmentValue("PULMO_INFERENCE_PLUGIN") + "|" +
                                 environmentValue("CUDA_VISIBLE_DEVICES");
    char key[17];
    std::snprintf(key, sizeof key, "%016zx", std::hash<std::string>{}(identity));
    const std::string path = folder + "/ai-host-" + key + ".sock";
    sockaddr_un address{};
    if (!fillAddress(path, address)) return fail(path + ": too long for a socket");
    return path;
}

int connectTo(const std::string& path, pid_t* peer)
{
    sockaddr_un address{};
    if (path.empty() || !fillAddress(path, address)) return -1;
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 || !peerIsThisUser(fd, peer)) {
        ::close(fd);
        return -1;
    }
    return fd;
}

int listenAt(const std::string& path, std::string* error)
{
    const auto fail = [&](const std::string& reason, int fd = -1) {
        if (error) *error = path + ": " + reason;
        if (fd >= 0) ::close(fd);
        return -1;
    };
    sockaddr_un address{};
    if (!fillAddress(path, address)) return fail("too long for a socket");
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return fail(std::strerror(errno));
    const mode_t previous = ::umask(0177);
    int bound = ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    if (bound != 0 && errno == EADDRINUSE) {
        // Somebody's socket file: a live host keeps it, a killed one left it behind.
        const int other = connectTo(path);
        if (other >= 0) {
            ::close(other);
            ::umask(previous);
            return fail("another host listens there", fd);
        }
        ::unlink(path.c_str());
        bound = ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    }
    const int bindError = errno;
    ::umask(previous);
    if (bound != 0) return fail(std::strerror(bindError), fd);
    if (::listen(fd, 8) != 0) return fail(std::strerror(errno), fd);
    return fd;
}

int acceptFrom(int listening)
{
    const int fd = ::accept4(listening, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return -1;
    if (!peerIsThisUser(fd, nullptr)) {
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace pulmo::inference::host
