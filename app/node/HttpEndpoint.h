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

struct HttpHandlers {
    std::function<HealthAnswer()> live;    ///< /livez: the process' threads still turn
    std::function<HealthAnswer()> ready;   ///< /readyz: new images are accepted
    std::function<std::string()> metrics;  ///< /metrics: the Prometheus text (0.0.4)
};

class HttpEndpoint {
public:
    /// `address`: where to listen ("127.0.0.1", "0.0.0.0", "::"); `port` 0: the system chooses.
    HttpEndpoint(std::string address, uint16_t port, HttpHandlers handlers);
    /// Stops and joins. Never throws.
    ~HttpEndpoint();
    HttpEndpoint(const HttpEndpoint&) = delete;
    HttpEndpoint& operator=(const HttpEndpoint&) = delete;

    /// Binds and starts serving; throws std::runtime_error naming the address and port when it
    /// cannot bind.
    void start();
    void stop() noexcept;
    /// The port bound (the chosen one for port 0), after start().
    uint16_t port() const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace pulmo::node
