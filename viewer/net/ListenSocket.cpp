#include "net/ListenSocket.h"

#include "net/NetworkError.h"
#include "net/NetworkLogging.h"

#include <cerrno>
#include <chrono>
#include <charconv>
#include <cstring>
#include <filesystem>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <unistd.h>

namespace pulmo::net::detail {
namespace {

/// DCMTK's own backlog for its listening socket (PRV_LISTENBACKLOG in dul.cc).
constexpr int kListenBacklog = 50;

std::optional<IpAddress> fromSockaddr(const sockaddr* address)
{
    IpAddress ip;
    if (address->sa_family == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
        ip.family = AF_INET;
        std::memcpy(ip.bytes.data(), &v4->sin_addr, 4);
        return ip;
    }
    if (address->sa_family == AF_INET6) {
        const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
        if (IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr)) {
            ip.family = AF_INET;
            std::memcpy(ip.bytes.data(), v6->sin6_addr.s6_addr + 12, 4);
        } else {
            ip.family = AF_INET6;
            std::memcpy(ip.bytes.data(), v6->sin6_addr.s6_addr, 16);
        }
        return ip;
    }
    return std::nullopt;
}

/// The socket's local port and whether it is bound to the wildcard address; nullopt when it is not
/// a listening TCP socket.
struct Listening {
    uint16_t port = 0;
    bool wildcard = false;
};

std::optional<Listening> listeningSocket(int descriptor)
{
    int accepting = 0;
    socklen_t length = sizeof accepting;
    if (::getsockopt(descriptor, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) != 0 || accepting == 0)
        return std::nullopt;
    sockaddr_storage local{};
    length = sizeof local;
    if (::getsockname(descriptor, reinterpret_cast<sockaddr*>(&local), &length) != 0) return std::nullopt;
    if (local.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(local);
        return Listening{ntohs(v4.sin_port), v4.sin_addr.s_addr == htonl(INADDR_ANY)};
    }
    if (local.ss_family == AF_INET6) {
        const auto& v6 = reinterpret_cast<const sockaddr_in6&>(local);
        return Listening{ntohs(v6.sin6_port), IN6_IS_ADDR_UNSPECIFIED(&v6.sin6_addr) != 0};
    }
    return std::nullopt;
}

/// This process's open descriptors.
std::vector<int> openDescriptors()
{
    std::vector<int> found;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
        const std::string name = entry.path().filename().string();
        int descriptor = -1;
        const auto [end, parsed] = std::from_chars(name.data(), name.data() + name.size(), descriptor);
        if (parsed == std::errc() && end == name.data() + name.size()) found.push_back(descriptor);
    }
    return found;
}

/// The descriptors of this process that listen on every interface on `port`.
std::vector<int> wildcardListeners(uint16_t port)
{
    std::vector<int> found;
    for (const int descriptor : openDescriptors()) {
        const std::optional<Listening> listening = listeningSocket(descriptor);
        if (listening && listening->port == port && listening->wildcard) found.push_back(descriptor);
    }
    return found;
}

uint16_t localPort(const sockaddr_storage& address)
{
    if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
    if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
    return 0;
}

std::string systemReason()
{
    return std::strerror(errno);
}

}  // namespace

std::string IpAddress::toString() const
{
    char text[INET6_ADDRSTRLEN] = {};
    if (family != AF_INET && family != AF_INET6) return {};
    ::inet_ntop(family, bytes.data(), text, sizeof text);
    return text;
}

std::optional<IpAddress> parseIpAddress(const std::string& text)
{
    std::string address = trimmed(text);
    if (address.size() > 2 && address.front() == '[' && address.back() == ']')
        address = address.substr(1, address.size() - 2);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_flags = AI_NUMERICHOST;
    addrinfo* results = nullptr;
    if (address.empty() || ::getaddrinfo(address.c_str(), nullptr, &hints, &results) != 0 || !results)
        return std::nullopt;
    const std::optional<IpAddress> ip = fromSockaddr(results->ai_addr);
    ::freeaddrinfo(results);
    return ip;
}

ListenAddress parseListenAddress(const std::string& text, uint16_t port)
{
    std::string address = trimmed(text);
    if (address.size() > 2 && address.front() == '[' && address.back() == ']')
        address = address.substr(1, address.size() - 2);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    addrinfo* results = nullptr;
    const std::string service = std::to_string(port);
    const int status = address.empty() ? EAI_NONAME : ::getaddrinfo(address.c_str(), service.c_str(), &hints, &results);
    if (status != 0 || !results)
        throw NetworkError(NetworkError::Kind::Local, {},
                           "listen address '" + text + "' is not an IPv4 or IPv6 address" +
                               (status != 0 && !address.empty() ? std::string(": ") + ::gai_strerror(status) : ""));
    ListenAddress listen;
    std::memcpy(&listen.address, results->ai_addr, results->ai_addrlen);
    listen.length = results->ai_addrlen;
    listen.text = address;
    ::freeaddrinfo(results);
    return listen;
}

void restrictListeningSocket(const ListenAddress& address, uint16_t port)
{
    using Kind = NetworkError::Kind;
    using Problem = NetworkError::Problem;
    const std::string where = address.text + " port " + std::to_string(port);
    const std::vector<int> candidates = wildcardListeners(port);
    if (candidates.size() != 1)
        throw NetworkError(Kind::Local, {},
                           "cannot listen on " + where + " only: " + std::to_string(candidates.size()) +
                               " sockets of this process listen on every interface on that port",
                           Problem::CannotListen, {std::to_string(port)});
    const int dcmtkDescriptor = candidates.front();
    // DCMTK polls this descriptor and then accepts on it: keep its blocking mode and exec flag.
    const int statusFlags = ::fcntl(dcmtkDescriptor, F_GETFL);
    const int descriptorFlags = ::fcntl(dcmtkDescriptor, F_GETFD);

    const int ours = ::socket(address.address.ss_family, SOCK_STREAM, 0);
    if (ours < 0)
        throw NetworkError(Kind::Local, {}, "cannot listen on " + where + ": " + systemReason(), Problem::CannotListen,
                           {std::to_string(port)});
    const int reuse = 1;
    ::setsockopt(ours, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);  // as DCMTK does

    // Free the port: the descriptor keeps its number but now holds a socket that is bound nowhere,
    // so that DCMTK never sees a closed descriptor (nor one reused by another thread meanwhile).
    const int placeholder = ::socket(AF_INET, SOCK_STREAM, 0);
    if (placeholder < 0 || ::dup2(placeholder, dcmtkDescriptor) < 0) {
        const std::string reason = systemReason();
        if (placeholder >= 0) ::close(placeholder);
        ::close(ours);
        throw NetworkError(Kind::Local, {}, "cannot listen on " + where + ": " + reason, Problem::CannotListen,
                           {std::to_string(port)});
    }
    ::close(placeholder);

    if (::bind(ours, reinterpret_cast<const sockaddr*>(&address.address), address.length) != 0 ||
        ::listen(ours, kListenBacklog) != 0) {
        const std::string reason = systemReason();
        ::close(ours);
        throw NetworkError(Kind::Local, {},
                           "cannot listen on " + where + " (not an address of this machine, or in use): " + reason,
                           Problem::CannotListen, {std::to_string(port)});
    }
    if (statusFlags >= 0) ::fcntl(ours, F_SETFL, statusFlags);
    const bool swapped = ::dup2(ours, dcmtkDescriptor) >= 0;
    const std::string reason = swapped ? std::string() : systemReason();
    ::close(ours);
    if (!swapped)
        throw NetworkError(Kind::Local, {}, "cannot listen on " + where + ": " + reason, Problem::CannotListen,
                           {std::to_string(port)});
    if (descriptorFlags >= 0) ::fcntl(dcmtkDescriptor, F_SETFD, descriptorFlags);
}

std::optional<std::string> connectedPeerAddress(uint16_t port)
{
    std::vector<std::string> peers;
    for (const int descriptor : openDescriptors()) {
        int type = 0;
        int accepting = 0;
        socklen_t length = sizeof type;
        if (::getsockopt(descriptor, SOL_SOCKET, SO_TYPE, &type, &length) != 0 || type != SOCK_STREAM) continue;
        length = sizeof accepting;
        if (::getsockopt(descriptor, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) != 0 || accepting != 0) continue;
        sockaddr_storage local{};
        sockaddr_storage peer{};
        length = sizeof local;
        if (::getsockname(descriptor, reinterpret_cast<sockaddr*>(&local), &length) != 0 || localPort(local) != port)
            continue;
        length = sizeof peer;
        if (::getpeername(descriptor, reinterpret_cast<sockaddr*>(&peer), &length) != 0) continue;
        if (const std::optional<IpAddress> ip = fromSockaddr(reinterpret_cast<const sockaddr*>(&peer)))
            peers.push_back(ip->toString());
    }
    if (peers.size() != 1) return std::nullopt;
    return peers.front();
}

namespace {

/// The addresses `host` resolves to; empty and the reason in `error` when it does not.
std::vector<IpAddress> resolve(const std::string& host, std::string& error)
{
    std::vector<IpAddress> addresses;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* results = nullptr;
    const int status = ::getaddrinfo(host.c_str(), nullptr, &hints, &results);
    if (status != 0 || !results) {
        if (results) ::freeaddrinfo(results);
        error = ::gai_strerror(status);
        return addresses;
    }
    for (const addrinfo* result = results; result; result = result->ai_next)
        if (const std::optional<IpAddress> ip = fromSockaddr(result->ai_addr)) addresses.push_back(*ip);
    ::freeaddrinfo(results);
    return addresses;
}

/// How long a host name's addresses are trusted before a caller that does not match them makes
/// the filter ask again (a PACS that moved, a DNS that was down when the receiver started).
constexpr std::chrono::seconds kResolveAgainAfter{60};

}  // namespace

CallerFilter::CallerFilter(const std::vector<AllowedCaller>& callers, bool anyone, bool skipUnresolved)
    : m_anyone(anyone)
{
    for (const AllowedCaller& caller : callers) {
        Entry entry;
        entry.aeTitle = trimmed(caller.aeTitle);
        entry.host = trimmed(caller.host);
        entry.anyHost = entry.host.empty();
        if (!entry.anyHost) {
            if (const std::optional<IpAddress> literal = parseIpAddress(entry.host)) {
                entry.addresses.push_back(*literal);
                entry.literal = true;
            } else if (!skipUnresolved) {
                // pulmo-node: a name that does not resolve is a configuration error, said at start.
                std::string error;
                entry.addresses = resolve(entry.host, error);
                if (entry.addresses.empty())
                    throw NetworkError(NetworkError::Kind::Local, entry.aeTitle + "@" + entry.host,
                                       "accept-from host does not resolve: " + error,
                                       NetworkError::Problem::HostNotFound);
                entry.resolvedAt = std::chrono::steady_clock::now();
            }
            // The workstation (skipUnresolved): names are resolved when a caller first needs them, on
            // the receiver's thread, never on the thread that starts the receiver.
        }
        m_entries.push_back(std::move(entry));
    }
}

bool CallerFilter::accepts(const std::string& aeTitle, const std::string& peerAddress) const
{
    if (m_entries.empty()) return m_anyone;
    const std::string caller = trimmed(aeTitle);
    const std::optional<IpAddress> peer = parseIpAddress(peerAddress);
    const auto matches = [&](const Entry& entry) {
        for (const IpAddress& address : entry.addresses)
            if (peer && address == *peer) return true;
        return false;
    };
    const auto now = std::chrono::steady_clock::now();
    for (Entry& entry : m_entries) {
        if (entry.aeTitle != caller) continue;
        if (entry.anyHost) return true;
        if (!peer) continue;
        if (matches(entry)) return true;
        // A name: asked again when never asked, or not in the last minute.
        if (entry.literal || (entry.resolvedAt && now - *entry.resolvedAt < kResolveAgainAfter)) continue;
        std::string error;
        entry.addresses = resolve(entry.host, error);
        entry.resolvedAt = now;
        if (entry.addresses.empty())
            qCWarning(lcNet, "Storage SCP: the caller %s@%s is not accepted: its host does not resolve (%s)",
                      entry.aeTitle.c_str(), entry.host.c_str(), error.c_str());
        if (matches(entry)) return true;
    }
    return false;
}

std::string trimmed(const std::string& text)
{
    const size_t first = text.find_first_not_of(' ');
    if (first == std::string::npos) return {};
    const size_t last = text.find_last_not_of(' ');
    return text.substr(first, last - first + 1);
}

}  // namespace pulmo::net::detail
