#pragma once
// Where a pulmo-ai-host kept loaded after its window closed listens (RemoteBackend.h), and the two
// ends of that Unix socket. One socket per user and per host configuration, in the user's runtime
// folder ($XDG_RUNTIME_DIR/pulmo, mode 0700, the user's own); both ends check that the peer runs as
// the same user (SO_PEERCRED). Qt-free and LibTorch-free, like the rest of inference/api.

#include <sys/types.h>

#include <string>

namespace pulmo::inference::host {

/// The socket for this host and plugin: "<runtimeDirectory>/pulmo/ai-host-<key>.sock", the key a
/// digest of the host's and the plugin's paths, sizes and times and of the environment the host reads
/// (PULMO_INFERENCE_PLUGIN, CUDA_VISIBLE_DEVICES), so that an upgraded or other host is never reached.
/// Creates the folder (0700). Empty, with `error` saying why, when the folder is not usable: not
/// ours, open to others, a link, or a path too long for a socket.
std::string socketPath(const std::string& runtimeDirectory, const std::string& hostPath, const std::string& pluginPath,
                       std::string* error = nullptr);

/// Connects to a host listening at `path`: the descriptor (close-on-exec) and the host's pid, or -1
/// when none listens there or its peer is another user.
int connectTo(const std::string& path, pid_t* peer = nullptr);

/// Listens at `path` (mode 0600). Takes over a socket file that nobody answers any more (a host that
/// was killed); -1 when another host already listens there, or on an error (`error`).
int listenAt(const std::string& path, std::string* error = nullptr);

/// "path:size:mtime:inode" of a file, or "path:none": changes when the file is replaced or rewritten.
std::string fileStamp(const std::string& path);

/// Accepts one connection on `listening`: -1 when it failed or its peer is another user.
int acceptFrom(int listening);

}  // namespace pulmo::inference::host
