#include "HttpEndpoint.h"

#include <httplib.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

namespace pulmo::node {

namespace {

/// Two threads: a scrape and a probe at once, without a slow client stopping either for long.
constexpr std::size_t kThreads = 2;
/// A client gets this long for each read of its request and each write of the answer, and an idle
/// kept-alive connection is closed after kKeepAliveSeconds: a slow or silent client holds a thread at
/// most that long, and stop() waits at most that long for the thread.
constexpr time_t kReadTimeoutSeconds = 1;
constexpr time_t kWriteTimeoutSeconds = 2;
constexpr time_t kKeepAliveSeconds = 1;
/// The endpoint reads no bodies; a request with a large one is refused without being kept.
constexpr std::size_t kMaxPayload = 64 * 1024;

constexpr const char* kPlainText = "text/plain; charset=utf-8";
constexpr const char* kPrometheusText = "text/plain; version=0.0.4; charset=utf-8";

std::string oneLine(std::string text)
{
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return text;
}

std::string hostAndPort(const std::string& address, uint16_t port)
{
    const bool ipv6 = address.find(':') != std::string::npos;
    return (ipv6 ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

void answerText(httplib::Response& response, int status, const std::string& line)
{
    response.status = status;
    response.set_header("Cache-Control", "no-store");
    response.set_content(oneLine(line) + "\n", kPlainText);
}

void answerHealth(httplib::Response& response, const HealthAnswer& answer)
{
    std::string reason = answer.reason;
    if (reason.empty()) reason = answer.ok ? "ok" : "unavailable";
    answerText(response, answer.ok ? 200 : 503, reason);
}

/// A handler that throws answers 500 with what it said; the server thread goes on.
httplib::Server::Handler guarded(std::function<void(httplib::Response&)> answer)
{
    return [answer = std::move(answer)](const httplib::Request&, httplib::Response& response) {
        try {
            answer(response);
        } catch (const std::exception& error) {
            answerText(response, 500, std::string("internal error: ") + error.what());
        } catch (...) {
            answerText(response, 500, "internal error");
        }
    };
}

/// SO_REUSEADDR only: a restarted node binds its port again at once, but a second process cannot
/// share it (cpp-httplib's default, SO_REUSEPORT, would let two nodes listen on one port unnoticed).
void socketOptions(socket_t socket)
{
    const int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

}  // namespace

class HttpEndpoint::Impl {
public:
    std::string address;
    uint16_t requestedPort = 0;
    HttpHandlers handlers;

    std::mutex control;  ///< start() and stop()
    std::unique_ptr<httplib::Server> server;
    std::thread thread;
    std::atomic<bool> listenReturned{false};
    std::atomic<uint16_t> boundPort{0};

    void configure(httplib::Server& httpServer)
    {
        httpServer.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
        httpServer.set_socket_options(socketOptions);
        httpServer.set_read_timeout(kReadTimeoutSeconds, 0);
        httpServer.set_write_timeout(kWriteTimeoutSeconds, 0);
        httpServer.set_keep_alive_timeout(kKeepAliveSeconds);
        httpServer.set_payload_max_length(kMaxPayload);

        httpServer.Get("/livez",
                       guarded([this](httplib::Response& response) { answerHealth(response, handlers.live()); }));
        httpServer.Get("/readyz",
                       guarded([this](httplib::Response& response) { answerHealth(response, handlers.ready()); }));
        httpServer.Get("/metrics", guarded([this](httplib::Response& response) {
                           std::string text = handlers.metrics();
                           response.status = 200;
                           response.set_header("Cache-Control", "no-store");
                           response.set_content(std::move(text), kPrometheusText);
                       }));

        // Read-only: every other method on any path is not allowed (HEAD is answered as GET, without the body).
        const auto notAllowed = [](const httplib::Request&, httplib::Response& response) {
            answerText(response, 405, "method not allowed");
            response.set_header("Allow", "GET, HEAD");
        };
        httpServer.Post(".*", notAllowed);
        httpServer.Put(".*", notAllowed);
        httpServer.Patch(".*", notAllowed);
        httpServer.Delete(".*", notAllowed);
        httpServer.Options(".*", notAllowed);

        // An answer without a body yet (404 for a path not served, 400 for a request that cannot be read) gets a line.
        httpServer.set_error_handler(
            httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& response) {
                if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
                const int status = response.status;
                answerText(response, status,
                           status == 404   ? "not found"
                           : status == 400 ? "bad request"
                                           : "error " + std::to_string(status));
                return httplib::Server::HandlerResponse::Handled;
            }));
        // What escapes a handler anyway is a 500, not cpp-httplib's header with the exception's text.
        httpServer.set_exception_handler([](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
            answerText(response, 500, "internal error");
        });
    }

    void stopLocked() noexcept
    {
        if (!thread.joinable()) return;
        server->stop();
        thread.join();
        server.reset();
    }
};

HttpEndpoint::HttpEndpoint(std::string address, uint16_t port, HttpHandlers handlers) : m_impl(std::make_unique<Impl>())
{
    if (!handlers.live || !handlers.ready || !handlers.metrics)
        throw std::invalid_argument("HttpEndpoint needs the live, ready and metrics handlers");
    m_impl->address = std::move(address);
    m_impl->requestedPort = port;
    m_impl->handlers = std::move(handlers);
}

HttpEndpoint::~HttpEndpoint()
{
    stop();
}

void HttpEndpoint::start()
{
    Impl& impl = *m_impl;
    const std::lock_guard<std::mutex> lock(impl.control);
    if (impl.thread.joinable()) throw std::logic_error("the HTTP endpoint is already started");

    auto server = std::make_unique<httplib::Server>();
    impl.configure(*server);
    errno = 0;
    int bound = -1;
    if (impl.requestedPort == 0)
        bound = server->bind_to_any_port(impl.address, AI_PASSIVE);
    else if (server->bind_to_port(impl.address, impl.requestedPort, AI_PASSIVE))
        bound = impl.requestedPort;
    if (bound <= 0 || bound > 65535) {
        const int error = errno;
        // In words of its own: strerror's would follow the user's LC_MESSAGES in a log for IT.
        const char* why = error == EADDRINUSE      ? "the port is in use"
                          : error == EADDRNOTAVAIL ? "not an address of this machine"
                          : error == EACCES        ? "permission denied (a port below 1024 needs privileges)"
                                                   : "not an address of this machine, or the port is in use";
        throw std::runtime_error("cannot listen for HTTP on " + hostAndPort(impl.address, impl.requestedPort) + ": " +
                                 why);
    }
    impl.boundPort = static_cast<uint16_t>(bound);
    impl.listenReturned = false;
    impl.server = std::move(server);
    impl.thread = std::thread([&impl] {
        // Debian's cpp-httplib sends without MSG_NOSIGNAL: a client that goes away while it is answered
        // would raise SIGPIPE and end the node. Blocked in this thread, and so in the pool's threads that
        // it starts, the signal stays pending there and the send fails with EPIPE instead; the rest of
        // the process keeps its own signal handling.
        sigset_t pipe;
        sigemptyset(&pipe);
        sigaddset(&pipe, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
        impl.server->listen_after_bind();
        impl.listenReturned = true;
    });
    // cpp-httplib's stop() does nothing before its loop runs: wait for it, so that a stop() right after
    // start() is not lost (the connections that come meanwhile wait in the socket's backlog).
    while (!impl.server->is_running() && !impl.listenReturned)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (impl.listenReturned) {
        impl.thread.join();
        impl.server.reset();
        throw std::runtime_error("the HTTP endpoint on " + hostAndPort(impl.address, impl.boundPort) +
                                 " stopped as soon as it started");
    }
}

void HttpEndpoint::stop() noexcept
{
    const std::lock_guard<std::mutex> lock(m_impl->control);
    m_impl->stopLocked();
}

uint16_t HttpEndpoint::port() const
{
    return m_impl->boundPort;
}

}  // namespace pulmo::node
