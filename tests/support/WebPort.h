#pragma once
// A web server's port where a PACS's DICOM port was expected: a thread on 127.0.0.1 that accepts
// each connection, reads what the client sends (a DICOM A-ASSOCIATE-RQ), answers as an HTTP server
// answers bytes it does not understand ("HTTP/1.1 400 Bad Request") and closes. Stopped and joined
// by the destructor.

#include <atomic>
#include <cstdint>
#include <cstring>
#include <thread>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace pulmo::test {

class WebPort {
public:
    WebPort()
    {
        m_descriptor = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (::bind(m_descriptor, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            ::listen(m_descriptor, 8) != 0 ||
            ::getsockname(m_descriptor, reinterpret_cast<sockaddr*>(&address), &length) != 0)
            return;
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~WebPort()
    {
        m_stop = true;
        if (m_thread.joinable()) m_thread.join();
        ::close(m_descriptor);
    }
    WebPort(const WebPort&) = delete;
    WebPort& operator=(const WebPort&) = delete;

    /// 0 when the socket could not be set up.
    uint16_t port() const { return m_port; }
    /// Connections answered so far.
    int answered() const { return m_answered; }

private:
    void serve()
    {
        while (!m_stop) {
            pollfd waiting{m_descriptor, POLLIN, 0};
            if (::poll(&waiting, 1, 100) <= 0) continue;
            const int client = ::accept(m_descriptor, nullptr, nullptr);
            if (client < 0) continue;
            pollfd readable{client, POLLIN, 0};
            char request[1024];
            if (::poll(&readable, 1, 2000) > 0) (void)::recv(client, request, sizeof request, 0);
            static const char kAnswer[] =
                "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n"
                "Connection: close\r\n\r\nBad Request";
            // Counted before the answer goes out: the caller, once it has read the answer, sees the count.
            ++m_answered;
            (void)::send(client, kAnswer, std::strlen(kAnswer), MSG_NOSIGNAL);
            ::shutdown(client, SHUT_WR);
            ::close(client);
        }
    }

    int m_descriptor = -1;
    uint16_t m_port = 0;
    std::atomic_bool m_stop{false};
    std::atomic_int m_answered{0};
    std::thread m_thread;
};

}  // namespace pulmo::test
