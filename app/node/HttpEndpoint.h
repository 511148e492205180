#pragma once
// pulmo-node's operations endpoint (issue 17 item 5): GET /livez, /readyz and /metrics over plain
// HTTP on its own thread (cpp-httplib, private to HttpEndpoint.cpp). Meant for loopback or the
// monitoring network: it serves nothing but these three read-only answers.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace pulmo::node {

struct HealthAnswer {
    bool ok = true;      ///< 200 when true, 503 when false
    std::string reason;  ///< one line in the body ("ok", or why not)
};

/// Called on the endpoint's threads (two, so possibly two at once); what one throws is answered 500
/// ("internal error: WHAT"). A reason with line feeds is sent as one line; an empty one as "ok" or
/// "unavailable".
struct HttpHandlers {
    std::function<HealthAnswer()> live;    ///< /livez: the process' threads still turn
    std::function<HealthAnswer()> ready;   ///< /readyz: new images are accepted
    std::function<std::string()> metrics;  ///< /metrics: the Prometheus text (0.0.4)
};

class HttpEndpoint {
public:
    /// `address`: where to listen ("127.0.0.1", "0.0.0.0", "::"); `port` 0: the system chooses.
    /// Every handler must be set (std::invalid_argument otherwise). Other paths answer 404, other
    /// methods than GET and HEAD 405. A client gets 1 s for each read of its request and 2 s for each
    /// write, and an idle kept-alive connection is closed after 1 s.
    HttpEndpoint(std::string address, uint16_t port, HttpHandlers handlers);
    /// Stops and joins. Never throws.
    ~HttpEndpoint();
    HttpEndpoint(const HttpEndpoint&) = delete;
    HttpEndpoint& operator=(const HttpEndpoint&) = delete;

    /// Binds and starts serving; throws std::runtime_error naming the address and port when it
    /// cannot bind (the port in use, also by another endpoint: no SO_REUSEPORT), std::logic_error
    /// when already started. Started again after stop(), it binds anew.
    void start();
    /// Stops serving and joins the threads, within about a second even while clients hold
    /// connections; does nothing when not started. start() and stop() may be called from any thread.
    void stop() noexcept;
    /// The port bound (the chosen one for port 0), after start(); 0 before.
    uint16_t port() const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace pulmo::node
