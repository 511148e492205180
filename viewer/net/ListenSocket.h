#pragma once
// Private to viewer/net: the Storage SCP's listening address and who may call it, at the socket
// level. DCMTK 3.6.7 (DcmSCP, ASC_initializeNetwork) always listens on every IPv4 interface and has
// no bind-address option, so a node told to listen on one address swaps DCMTK's listening socket for
// one bound to that address; and DCMTK reports a caller's address as text, which is compared here
// as an address (so "::ffff:10.0.0.5" is 10.0.0.5).

#include "net/StorageScp.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <sys/socket.h>

namespace pulmo::net::detail {

/// One IPv4 or IPv6 address, IPv4-mapped IPv6 addresses folded to IPv4, so that equal addresses
/// compare equal however they were written.
struct IpAddress {
    int family = 0;                         ///< AF_INET or AF_INET6
    std::array<unsigned char, 16> bytes{};  ///< 4 used for AF_INET

    bool operator==(const IpAddress& other) const { return family == other.family && bytes == other.bytes; }
    /// The numeric form ("10.0.0.5", "fe80::1").
    std::string toString() const;
};

/// `text` as a numeric IPv4 or IPv6 address; nullopt when it is not one.
std::optional<IpAddress> parseIpAddress(const std::string& text);

/// A local address to listen on, numeric, with its port.
struct ListenAddress {
    sockaddr_storage address{};
    socklen_t length = 0;
    std::string text;  ///< as configured
};

/// Parses `text` (an IPv4 or IPv6 literal, IPv6 optionally in brackets or with a zone "%eth0") for
/// `port`. Throws NetworkError(Local) naming the address when it is not one.
ListenAddress parseListenAddress(const std::string& text, uint16_t port);

/// Puts a socket bound to `address` only in place of the socket DCMTK listens on for `port` in this
/// process (same descriptor, same blocking mode and close-on-exec flag, so DCMTK's accept loop does
/// not notice), so that a connection to any other local address is refused by the kernel. Throws
/// NetworkError(Local) naming the address when DCMTK's socket cannot be found or the address cannot
/// be bound (not an address of this machine, in use); DCMTK's descriptor then holds an unbound
/// socket, to be dropped with the network. Call right after DcmSCP::openListenPort().
void restrictListeningSocket(const ListenAddress& address, uint16_t port);

/// The peer of the one connected TCP socket of this process whose local port is `localPort` (the
/// association the Storage SCP is serving: it serves one at a time); nullopt when there is not
/// exactly one.
std::optional<std::string> connectedPeerAddress(uint16_t localPort);

/// pulmo-node's --accept-from: calling AE titles, each from any host or from the addresses its host
/// had when the filter was made (names resolved once, with getaddrinfo).
class CallerFilter {
public:
    /// Accepts everybody.
    CallerFilter() = default;
    /// Resolves every entry's host. Throws NetworkError(Local) naming a host that does not resolve,
    /// unless `skipUnresolved`: then names are resolved only when a caller needs them (from
    /// accepts(), on the receiver's thread), and one that does not resolve matches nobody (logged).
    /// A name is asked again when a caller does not match its addresses and they are a minute old.
    /// `anyone`: an empty list accepts everybody; otherwise an empty list accepts nobody.
    explicit CallerFilter(const std::vector<AllowedCaller>& callers, bool anyone = true, bool skipUnresolved = false);

    bool acceptsEveryone() const { return m_anyone && m_entries.empty(); }
    /// Whether `aeTitle` (trailing and leading spaces aside) calling from `peerAddress` (numeric) matches
    /// an entry.
    bool accepts(const std::string& aeTitle, const std::string& peerAddress) const;

private:
    struct Entry {
        std::string aeTitle;
        std::string host;
        bool anyHost = true;
        bool literal = false;  ///< the host is an address, never resolved
        std::vector<IpAddress> addresses;
        std::optional<std::chrono::steady_clock::time_point> resolvedAt;  ///< a name: when last asked
    };
    // Names are resolved again from accepts() (the receiver's thread only).
    mutable std::vector<Entry> m_entries;
    bool m_anyone = true;
};

/// `text` without leading and trailing spaces.
std::string trimmed(const std::string& text);

}  // namespace pulmo::net::detail
