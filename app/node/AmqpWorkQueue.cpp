#include "AmqpWorkQueue.h"

#include "AmqpMessage.h"

#include <amqp.h>
#include <amqp_ssl_socket.h>
#include <amqp_tcp_socket.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <sstream>
#include <vector>

#include <sys/socket.h>
#include <unistd.h>

namespace pulmo::node {

namespace {

int64_t steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

std::string maskCredentials(const std::string& url)
{
    // amqp://user:SECRET@host -> amqp://user:***@host
    const size_t scheme = url.find("://");
    const size_t at = url.rfind('@');
    if (scheme == std::string::npos || at == std::string::npos || at < scheme) return url;
    const size_t colon = url.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon + 1) + "***" + url.substr(at);
}

namespace {

/// The reason of a failed librabbitmq call, in words.
std::string replyText(const amqp_rpc_reply_t& reply)
{
    switch (reply.reply_type) {
        case AMQP_RESPONSE_NORMAL:
            return "ok";
        case AMQP_RESPONSE_NONE:
            return "no reply from the broker";
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            return amqp_error_string2(reply.library_error);
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
                const auto* close = static_cast<const amqp_connection_close_t*>(reply.reply.decoded);
                return "the broker closed the connection: " + std::to_string(close->reply_code) + " " +
                       text(close->reply_text);
            }
            if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
                const auto* close = static_cast<const amqp_channel_close_t*>(reply.reply.decoded);
                return "the broker closed the channel: " + std::to_string(close->reply_code) + " " +
                       text(close->reply_text);
            }
            return "the broker answered an unexpected method";
    }
    return "unknown error";
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw QueueError(path + ": cannot read the instance");
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw QueueError(path + ": cannot read the instance");
    return content;
}

void writeFile(const std::string& path, const amqp_bytes_t& body)
{
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) throw QueueError(path + ": cannot write the delivered instance");
    const bool written = std::fwrite(body.bytes, 1, body.len, file) == body.len;
    const bool closed = std::fclose(file) == 0;
    if (!written || !closed) {
        std::remove(path.c_str());
        throw QueueError(path + ": cannot write the delivered instance (disk full?)");
    }
}

int64_t wallMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

std::string BrokerAddress::display() const
{
    std::string vhostText;
    for (const char c : vhost) {
        if (c == '/' || c == '%') {
            char encoded[4];
            std::snprintf(encoded, sizeof encoded, "%%%02X", unsigned(c));
            vhostText += encoded;
        } else {
            vhostText += c;
        }
    }
    return std::string(tls ? "amqps://" : "amqp://") + user + "@" + host + ":" + std::to_string(port) + "/" + vhostText;
}

BrokerAddress parseBrokerUrl(const std::string& url)
{
    const std::string shown = maskCredentials(url);
    const bool tls = url.rfind("amqps://", 0) == 0;
    if (!tls && url.rfind("amqp://", 0) != 0)
        throw QueueError("the broker URL '" + shown + "' is not amqp://USER:PASS@HOST:PORT/VHOST or amqps://...");
    std::vector<char> buffer(url.begin(), url.end());
    buffer.push_back('\0');
    amqp_connection_info info;
    amqp_default_connection_info(&info);
    if (amqp_parse_url(buffer.data(), &info) != AMQP_STATUS_OK)
        throw QueueError("the broker URL '" + shown +
                         "' cannot be read (RabbitMQ URI: amqp://USER:PASS@HOST:PORT/VHOST, "
                         "the vhost URL-encoded, %2F for /)");
    BrokerAddress address;
    address.tls = info.ssl != 0;
    address.user = info.user ? info.user : "guest";
    address.password = info.password ? info.password : "guest";
    address.host = info.host ? info.host : "localhost";
    address.port = info.port;
    address.vhost = info.vhost ? info.vhost : "/";
    if (address.host.empty()) throw QueueError("the broker URL '" + shown + "' names no host");
    if (address.port <= 0 || address.port > 65535) throw QueueError("the broker URL '" + shown + "' has no valid port");
    return address;
}

/// One connection with its channel 1, in consumer or publisher (confirm) mode.
struct Link {
    amqp_connection_state_t state = nullptr;
    bool broken = false;
    bool consuming = false;
    uint64_t published = 0;  // confirm sequence numbers on channel 1
    int generation = 0;      // counts the connections opened, so that stale delivery tags are never acknowledged
    std::string lastError = "not connected yet";
    int64_t retryAtMs = 0;  // steady clock: no new connection before
    int64_t backoffMs = 1000;

    void close()
    {
        if (!state) return;
        if (!broken) {
            amqp_channel_close(state, 1, AMQP_REPLY_SUCCESS);
            amqp_connection_close(state, AMQP_REPLY_SUCCESS);
        }
        amqp_destroy_connection(state);
        state = nullptr;
        consuming = false;
        published = 0;
    }
};

struct InHand {
    Job job;
    uint64_t deliveryTag = 0;
    int generation = 0;
};

class AmqpWorkQueue::Impl {
public:
    Impl(BrokerOptions options, RetryPolicy policy, std::unique_ptr<SqliteWorkQueue> local)
        : options(std::move(options)),
          policy(policy),
          local(std::move(local)),
          address(parseBrokerUrl(this->options.url))
    {
        if (this->options.queue.empty()) throw QueueError("the broker queue has no name");
        if (this->options.prefetch < 1) this->options.prefetch = 1;
    }

    QueueError error(const std::string& what) const { return QueueError("broker " + address.display() + ": " + what); }

    /// A failed call: the link is dropped and opened again after the back-off.
    [[noreturn]] void lose(Link& link, const std::string& what)
    {
        link.broken = true;
        link.close();
        link.lastError = what;
        link.retryAtMs = steadyMs() + link.backoffMs;
        link.backoffMs = std::min<int64_t>(link.backoffMs * 2, 15000);
        throw error(what);
    }

    void check(Link& link, const amqp_rpc_reply_t& reply, const char* what)
    {
        if (reply.reply_type != AMQP_RESPONSE_NORMAL) lose(link, std::string(what) + ": " + replyText(reply));
    }

    /// After the broker closed channel 1 (a declare it refused): close-ok, and the channel again.
    void reopenChannel(Link& link)
    {
        amqp_channel_close_ok_t ok{};
        amqp_send_method(link.state, 1, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
        amqp_channel_open(link.state, 1);
        check(link, amqp_get_rpc_reply(link.state), "cannot open a channel");
    }

    /// Declares the queues (the same on every node) on an open link's channel 1.
    void declare(Link& link)
    {
        const std::string& queue = options.queue;
        const std::string dlx = queue + ".dlx";
        const std::string dead = queue + ".dead";
        const std::string retry = queue + ".retry";
        amqp_exchange_declare(link.state, 1, bytesOf(dlx), amqp_cstring_bytes("direct"), 0, 1, 0, 0, amqp_empty_table);
        check(link, amqp_get_rpc_reply(link.state), ("cannot declare the exchange " + dlx).c_str());
        amqp_queue_declare(link.state, 1, bytesOf(dead), 0, 1, 0, 0, amqp_empty_table);
        check(link, amqp_get_rpc_reply(link.state), ("cannot declare the queue " + dead).c_str());
        amqp_queue_bind(link.state, 1, bytesOf(dead), bytesOf(dlx), bytesOf(queue), amqp_empty_table);
        check(link, amqp_get_rpc_reply(link.state), ("cannot bind the queue " + dead).c_str());
        // The retry queue is a quorum queue too where the broker has them: a job waiting out its
        // back-off was confirmed, and returns to QUEUE at least once (a classic queue's dead
        // letters are at most once).
        Headers retryArguments;
        retryArguments.add("x-queue-type", std::string("quorum"))
            .add("x-dead-letter-exchange", std::string())
            .add("x-dead-letter-routing-key", queue)
            .add("x-dead-letter-strategy", std::string("at-least-once"))
            .add("x-overflow", std::string("reject-publish"));
        amqp_queue_declare(link.state, 1, bytesOf(retry), 0, 1, 0, 0, retryArguments.table());
        const amqp_rpc_reply_t retryReply = amqp_get_rpc_reply(link.state);
        if (retryReply.reply_type != AMQP_RESPONSE_NORMAL) {
            if (retryReply.reply_type != AMQP_RESPONSE_SERVER_EXCEPTION ||
                retryReply.reply.id != AMQP_CHANNEL_CLOSE_METHOD)
                lose(link, "cannot declare the queue " + retry + ": " + replyText(retryReply));
            reopenChannel(link);
            Headers classicRetry;
            classicRetry.add("x-dead-letter-exchange", std::string()).add("x-dead-letter-routing-key", queue);
            amqp_queue_declare(link.state, 1, bytesOf(retry), 0, 1, 0, 0, classicRetry.table());
            check(link, amqp_get_rpc_reply(link.state), ("cannot declare the queue " + retry).c_str());
        }

        // A quorum queue where the broker offers them: replicated, and its delivery limit catches
        // the image that kills whichever node takes it.
        Headers quorumArguments;
        quorumArguments.add("x-queue-type", std::string("quorum"))
            .add("x-dead-letter-exchange", dlx)
            .add("x-dead-letter-routing-key", queue)
            .add("x-delivery-limit", int64_t(std::max(policy.maxAttempts - 1, 0)))
            .add("x-dead-letter-strategy", std::string("at-least-once"))
            .add("x-overflow", std::string("reject-publish"));
        amqp_queue_declare(link.state, 1, bytesOf(queue), 0, 1, 0, 0, quorumArguments.table());
        const amqp_rpc_reply_t reply = amqp_get_rpc_reply(link.state);
        if (reply.reply_type == AMQP_RESPONSE_NORMAL) {
            quorum = true;
            return;
        }
        if (reply.reply_type != AMQP_RESPONSE_SERVER_EXCEPTION || reply.reply.id != AMQP_CHANNEL_CLOSE_METHOD)
            lose(link, "cannot declare the queue " + queue + ": " + replyText(reply));
        // Refused (no quorum queues here, or the queue exists as a classic one): the channel is
        // closed; acknowledge that, open it again and declare a classic queue.
        const std::string why = replyText(reply);
        reopenChannel(link);
        Headers classicArguments;
        classicArguments.add("x-dead-letter-exchange", dlx).add("x-dead-letter-routing-key", queue);
        amqp_queue_declare(link.state, 1, bytesOf(queue), 0, 1, 0, 0, classicArguments.table());
        check(link, amqp_get_rpc_reply(link.state),
              ("cannot declare the queue " + queue + " (as a quorum queue: " + why + ")").c_str());
        quorum = false;
        if (!warnedClassic) {
            warnedClassic = true;
            std::fprintf(stderr,
                         "pulmo-node: %s is a classic queue (%s): an image that kills the node is not "
                         "dead-lettered by the broker\n",
                         queue.c_str(), why.c_str());
        }
    }

    /// The link open, declared and in its mode; throws while the back-off runs.
    Link& open(Link& link, bool consumer)
    {
        if (link.state) return link;
        if (steadyMs() < link.retryAtMs)
            throw error(link.lastError + " (the next try after a back-off of at most 15 s)");
        link.broken = false;
        link.state = amqp_new_connection();
        if (!link.state) lose(link, "out of memory");
        amqp_socket_t* socket = address.tls ? amqp_ssl_socket_new(link.state) : amqp_tcp_socket_new(link.state);
        if (!socket) lose(link, "cannot create a socket");
        if (address.tls) {
            amqp_ssl_socket_set_verify_peer(socket, 1);
            amqp_ssl_socket_set_verify_hostname(socket, 1);
            if (!options.caFile.empty() && amqp_ssl_socket_set_cacert(socket, options.caFile.c_str()) != AMQP_STATUS_OK)
                lose(link, options.caFile + ": cannot read the CA certificate");
            if (!options.certFile.empty() &&
                amqp_ssl_socket_set_key(socket, options.certFile.c_str(), options.keyFile.c_str()) != AMQP_STATUS_OK)
                lose(link, options.certFile + ": cannot read the client certificate or its key");
        }
        struct timeval timeout;
        timeout.tv_sec = options.timeoutSeconds;
        timeout.tv_usec = 0;
        amqp_set_handshake_timeout(link.state, &timeout);
        amqp_set_rpc_timeout(link.state, &timeout);
        const int opened = amqp_socket_open_noblock(socket, address.host.c_str(), address.port, &timeout);
        if (opened != AMQP_STATUS_OK) lose(link, std::string("cannot connect: ") + amqp_error_string2(opened));
        // Heartbeats only where the library is called all the time (the consumer's lease loop); a
        // publisher may sit idle for hours, and a connection the broker dropped meanwhile is
        // noticed at its next publish, which is then tried once more on a new one.
        check(link,
              amqp_login(link.state, address.vhost.c_str(), 0, 131072, consumer ? 30 : 0, AMQP_SASL_METHOD_PLAIN,
                         address.user.c_str(), address.password.c_str()),
              "cannot log in");
        amqp_channel_open(link.state, 1);
        check(link, amqp_get_rpc_reply(link.state), "cannot open a channel");
        declare(link);
        if (consumer) {
            amqp_basic_qos(link.state, 1, 0, uint16_t(std::min(options.prefetch, 65535)), 0);
            check(link, amqp_get_rpc_reply(link.state), "cannot set the prefetch");
            amqp_basic_consume(link.state, 1, bytesOf(options.queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
            check(link, amqp_get_rpc_reply(link.state), ("cannot consume from " + options.queue).c_str());
            link.consuming = true;
        } else {
            amqp_confirm_select(link.state, 1);
            check(link, amqp_get_rpc_reply(link.state), "cannot select publisher confirms");
        }
        link.generation = ++generations;
        link.backoffMs = 1000;
        return link;
    }

    /// Publishes and waits for the broker's confirm (a nack, a return or a time-out throw). A
    /// connection that had been open (the broker may have dropped it while it was idle) that fails
    /// is replaced at once, and the job published once more.
    void publish(const std::string& exchange, const std::string& routingKey, const Job& job, const std::string& body,
                 const std::string& error, int64_t expirationMs)
    {
        const bool wasOpen = publisher.state != nullptr;
        try {
            publishOnce(exchange, routingKey, job, body, error, expirationMs);
        } catch (const QueueError&) {
            if (!wasOpen || publisher.state) throw;  // not a stale connection: a refusal, or the broker is away
            publisher.retryAtMs = 0;
            publisher.backoffMs = 1000;
            publishOnce(exchange, routingKey, job, body, error, expirationMs);
        }
    }

    void publishOnce(const std::string& exchange, const std::string& routingKey, const Job& job,
                     const std::string& body, const std::string& error, int64_t expirationMs)
    {
        Link& link = open(publisher, false);
        struct Release {  // decoded frames go back to the connection's pool after each publish
            Link& link;
            ~Release()
            {
                if (link.state) amqp_maybe_release_buffers(link.state);
            }
        } release{link};
        Headers headers;
        addJobHeaders(headers, job, error);
        const std::string messageId = job.sopInstanceUid + ":" + job.modelSha256;
        const std::string expiration = std::to_string(expirationMs);
        amqp_basic_properties_t properties{};
        properties._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_HEADERS_FLAG |
                            AMQP_BASIC_MESSAGE_ID_FLAG | AMQP_BASIC_TIMESTAMP_FLAG;
        properties.content_type = amqp_cstring_bytes("application/dicom");
        properties.delivery_mode = 2;  // persistent
        properties.headers = headers.table();
        properties.message_id = bytesOf(messageId);
        properties.timestamp = uint64_t(wallMs() / 1000);
        if (expirationMs > 0) {
            properties._flags |= AMQP_BASIC_EXPIRATION_FLAG;
            properties.expiration = bytesOf(expiration);
        }
        const int sent =
            amqp_basic_publish(link.state, 1, bytesOf(exchange), bytesOf(routingKey), 1, 0, &properties, bytesOf(body));
        if (sent != AMQP_STATUS_OK) lose(link, std::string("cannot publish: ") + amqp_error_string2(sent));
        const uint64_t tag = ++link.published;
        std::string returned;
        const int64_t deadline = steadyMs() + int64_t(options.timeoutSeconds) * 1000;
        for (;;) {
            const int64_t left = deadline - steadyMs();
            if (left <= 0) lose(link, "no confirm within " + std::to_string(options.timeoutSeconds) + " s");
            struct timeval wait;
            wait.tv_sec = left / 1000;
            wait.tv_usec = (left % 1000) * 1000;
            amqp_frame_t frame;
            const int status = amqp_simple_wait_frame_noblock(link.state, &frame, &wait);
            if (status == AMQP_STATUS_TIMEOUT) continue;
            if (status != AMQP_STATUS_OK)
                lose(link, std::string("waiting for a confirm: ") + amqp_error_string2(status));
            if (frame.frame_type != AMQP_FRAME_METHOD) continue;  // a returned message's header and body
            const amqp_method_number_t id = frame.payload.method.id;
            if (id == AMQP_BASIC_RETURN_METHOD) {
                const auto* back = static_cast<const amqp_basic_return_t*>(frame.payload.method.decoded);
                returned = std::to_string(back->reply_code) + " " + text(back->reply_text);
            } else if (id == AMQP_BASIC_ACK_METHOD) {
                const auto* ack = static_cast<const amqp_basic_ack_t*>(frame.payload.method.decoded);
                if (ack->delivery_tag < tag && !(ack->multiple && ack->delivery_tag >= tag)) continue;
                if (!returned.empty())
                    throw this->error("the job could not be routed to " + routingKey + ": " + returned);
                return;
            } else if (id == AMQP_BASIC_NACK_METHOD) {
                const auto* nack = static_cast<const amqp_basic_nack_t*>(frame.payload.method.decoded);
                if (nack->delivery_tag < tag && !(nack->multiple && nack->delivery_tag >= tag)) continue;
                throw this->error("the broker refused the job (negative confirm)");
            } else if (id == AMQP_CHANNEL_CLOSE_METHOD || id == AMQP_CONNECTION_CLOSE_METHOD) {
                amqp_rpc_reply_t reply{};
                reply.reply_type = AMQP_RESPONSE_SERVER_EXCEPTION;
                reply.reply = frame.payload.method;
                lose(link, replyText(reply));
            }
        }
    }

    /// A passive declare: the queue's ready messages and consumers.
    std::pair<long long, long long> peek(const std::string& queue)
    {
        Link& link = open(publisher, false);
        amqp_queue_declare_ok_t* ok = amqp_queue_declare(link.state, 1, bytesOf(queue), 1, 0, 0, 0, amqp_empty_table);
        check(link, amqp_get_rpc_reply(link.state), ("cannot count the queue " + queue).c_str());
        const std::pair<long long, long long> counts{ok ? (long long)ok->message_count : 0,
                                                     ok ? (long long)ok->consumer_count : 0};
        amqp_maybe_release_buffers(link.state);
        return counts;
    }

    BrokerOptions options;
    RetryPolicy policy;
    std::unique_ptr<SqliteWorkQueue> local;
    BrokerAddress address;
    Link consumer;
    Link publisher;
    int generations = 0;
    std::map<long long, InHand> inHand;
    long long nextId = 1;
    bool quorum = false;
    bool warnedClassic = false;
    unsigned long long files = 0;
    long long redelivered = 0;
    std::function<void(const Job&, Acknowledge)> deliverer;
    /// Jobs whose results are being delivered, and the ids the deliverer has acknowledged (any thread).
    struct Mailbox {
        std::mutex mutex;
        std::vector<long long> ids;
    };
    std::map<long long, InHand> awaiting;
    std::shared_ptr<Mailbox> mailbox = std::make_shared<Mailbox>();
    BrokerDepth lastDepth;

    /// A job whose results are in the local outbox (`keyId`, its row there): acknowledged now when
    /// none of them waits any more (or there is no deliverer), else once the deliverer is done.
    void acknowledgeWhenDelivered(long long id, const InHand& held, long long keyId)
    {
        bool pending = false;
        if (deliverer && local && keyId > 0) {
            for (const OutboxEntry& entry : local->entriesFor(held.job.sopInstanceUid))
                pending = pending || (entry.jobId == keyId && entry.state == OutboxEntry::State::Pending);
        }
        if (!pending) {
            ack(held);
            return;
        }
        awaiting[id] = held;
        deliverer(held.job, [box = mailbox, id] {
            std::lock_guard<std::mutex> lock(box->mutex);
            box->ids.push_back(id);
        });
    }

    /// Acknowledges the jobs the deliverer is done with (this object's thread).
    void drain()
    {
        std::vector<long long> ids;
        {
            std::lock_guard<std::mutex> lock(mailbox->mutex);
            ids.swap(mailbox->ids);
        }
        for (const long long id : ids) {
            const auto found = awaiting.find(id);
            if (found == awaiting.end()) continue;
            const InHand held = found->second;
            awaiting.erase(found);
            ack(held);
        }
    }
    void ack(const InHand& held)
    {
        Link& link = consumer;
        if (!link.state || link.generation != held.generation) return;  // delivered again, and done here
        const int acked = amqp_basic_ack(link.state, 1, held.deliveryTag, 0);
        if (acked != AMQP_STATUS_OK) {
            try {
                lose(link, std::string("cannot acknowledge: ") + amqp_error_string2(acked));
            } catch (const QueueError&) {
                // The results are recorded: the broker delivers the job again, and that is harmless.
            }
        }
    }
};

AmqpWorkQueue::AmqpWorkQueue(BrokerOptions options, RetryPolicy policy, std::unique_ptr<SqliteWorkQueue> local)
    : m_impl(std::make_unique<Impl>(std::move(options), policy, std::move(local)))
{
}

AmqpWorkQueue::~AmqpWorkQueue()
{
    // What was delivered is acknowledged; the rest goes back to the queue when the connection closes.
    m_impl->drain();
    for (const auto& [id, held] : m_impl->inHand) std::remove(held.job.filePath.c_str());
    m_impl->consumer.close();
    m_impl->publisher.close();
}

EnqueueOutcome AmqpWorkQueue::enqueue(const Job& job, int64_t /*nowMs*/)
{
    Impl& d = *m_impl;
    if (job.sopInstanceUid.empty() || job.modelSha256.empty())
        throw d.error("cannot enqueue a job: it has no SOP Instance UID or model SHA-256");
    const std::string body = readFile(job.filePath);
    d.publish(std::string(), d.options.queue, job, body, std::string(), 0);
    return EnqueueOutcome::Queued;
}

std::vector<Job> AmqpWorkQueue::lease(const std::string& /*worker*/, int max, int64_t nowMs)
{
    Impl& d = *m_impl;
    Link& link = d.open(d.consumer, true);
    d.drain();
    std::vector<Job> jobs;
    // The first job is waited for up to half a second, in slices: between them the jobs the
    // deliverer is done with are acknowledged, which is what lets the broker send the next one
    // when the prefetch is taken by jobs whose results were being sent.
    const int64_t waitUntil = steadyMs() + 500;
    try {
        while (int(jobs.size()) < max && link.state) {
            amqp_maybe_release_buffers(link.state);
            struct timeval wait;
            wait.tv_sec = 0;
            wait.tv_usec = jobs.empty() ? 20000 : 0;
            amqp_envelope_t envelope;
            const amqp_rpc_reply_t reply = amqp_consume_message(link.state, &envelope, &wait, 0);
            if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error == AMQP_STATUS_TIMEOUT) {
                if (!jobs.empty() || steadyMs() >= waitUntil) break;
                d.drain();
                continue;
            }
            if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
                reply.library_error == AMQP_STATUS_UNEXPECTED_STATE) {
                amqp_frame_t frame;
                const int status = amqp_simple_wait_frame(link.state, &frame);
                if (status != AMQP_STATUS_OK)
                    d.lose(link, std::string("waiting for jobs: ") + amqp_error_string2(status));
                if (frame.frame_type == AMQP_FRAME_METHOD &&
                    (frame.payload.method.id == AMQP_CHANNEL_CLOSE_METHOD ||
                     frame.payload.method.id == AMQP_CONNECTION_CLOSE_METHOD)) {
                    amqp_rpc_reply_t closed{};
                    closed.reply_type = AMQP_RESPONSE_SERVER_EXCEPTION;
                    closed.reply = frame.payload.method;
                    d.lose(link, replyText(closed));
                }
                // The broker cancelled the consumer (the queue was deleted or moved): consume again
                // on a new connection, which declares the queues again.
                if (frame.frame_type == AMQP_FRAME_METHOD && frame.payload.method.id == AMQP_BASIC_CANCEL_METHOD)
                    d.lose(link, "the broker cancelled the consumer");
                continue;  // a method of no interest
            }
            if (reply.reply_type != AMQP_RESPONSE_NORMAL) d.lose(link, "waiting for jobs: " + replyText(reply));

            struct Envelope {  // destroyed whatever happens below
                amqp_envelope_t& envelope;
                ~Envelope() { amqp_destroy_envelope(&envelope); }
            } guard{envelope};
            const amqp_basic_properties_t& properties = envelope.message.properties;
            std::optional<Job> received =
                jobFromHeaders((properties._flags & AMQP_BASIC_HEADERS_FLAG) ? properties.headers : amqp_table_t{});
            const uint64_t tag = envelope.delivery_tag;
            if (!received || envelope.message.body.len == 0) {
                // Not a job of ours: to the dead letters at once, never round again.
                amqp_basic_reject(link.state, 1, tag, 0);
                std::fprintf(stderr, "pulmo-node: a message on %s without a job's headers or body was dead-lettered\n",
                             d.options.queue.c_str());
                continue;
            }
            Job job = std::move(*received);
            if (!d.options.modelSha256.empty())
                job.modelSha256 = d.options.modelSha256;  // keyed by the model that runs
            try {
                if (d.local) {
                    const std::optional<Job> known = d.local->jobFor(job.sopInstanceUid, job.modelSha256);
                    if (known && known->state == Job::State::Done) {
                        // Done here before (the acknowledgement was lost, or the node stopped before
                        // its results were sent): nothing to analyse; acknowledged once the results
                        // that wait in the outbox are delivered.
                        ++d.redelivered;
                        const long long id = d.nextId++;
                        d.acknowledgeWhenDelivered(id, InHand{job, tag, link.generation}, known->id);
                        continue;
                    }
                }
                job.id = d.nextId++;
                job.filePath = d.options.jobsFolder + "/amqp-" + std::to_string(::getpid()) + "-" +
                               std::to_string(job.id) + "-" + std::to_string(d.files++) + ".dcm";
                writeFile(job.filePath, envelope.message.body);
            } catch (const std::exception&) {
                // The local file or the disk failed: the job goes back for this node or another,
                // and what was taken so far is worked on.
                amqp_basic_reject(link.state, 1, tag, 1);
                if (!jobs.empty()) return jobs;
                throw;
            }
            if (job.receivedMs <= 0) job.receivedMs = nowMs;
            d.inHand[job.id] = InHand{job, tag, link.generation};
            jobs.push_back(job);
        }
    } catch (const QueueError&) {
        if (!link.state) {
            // The connection is gone: what this call took goes back to the queue with it.
            for (const Job& job : jobs) {
                std::remove(job.filePath.c_str());
                d.inHand.erase(job.id);
            }
        }
        throw;
    }
    return jobs;
}

void AmqpWorkQueue::complete(long long jobId, const std::string& /*worker*/, const std::vector<OutboxEntry>& results,
                             int64_t nowMs)
{
    Impl& d = *m_impl;
    const auto found = d.inHand.find(jobId);
    if (found == d.inHand.end()) throw d.error("job " + std::to_string(jobId) + " is not in this worker's hands");
    const InHand held = found->second;
    if (d.local) d.local->recordCompleted(held.job, results, nowMs, nowMs + 60000);  // throws: no ack
    d.inHand.erase(found);
    const std::optional<Job> key =
        d.local ? d.local->jobFor(held.job.sopInstanceUid, held.job.modelSha256) : std::optional<Job>();
    d.acknowledgeWhenDelivered(jobId, held, key ? key->id : 0);
}

bool AmqpWorkQueue::fail(long long jobId, const std::string& /*worker*/, const std::string& reason, int64_t /*nowMs*/)
{
    Impl& d = *m_impl;
    const auto found = d.inHand.find(jobId);
    if (found == d.inHand.end()) throw d.error("job " + std::to_string(jobId) + " is not in this worker's hands");
    InHand held = found->second;
    d.inHand.erase(found);
    Job next = held.job;
    next.attempts = held.job.attempts + 1;
    const bool dead = next.attempts >= d.policy.maxAttempts;
    std::string body;
    try {
        body = readFile(held.job.filePath);
        if (dead) {
            d.publish(d.options.queue + ".dlx", d.options.queue, next, body, reason, 0);
        } else {
            int64_t delay = d.policy.jobRetryDelayMs;
            for (int i = 1; i < next.attempts && delay < 10 * 60 * 1000; ++i) delay *= 2;
            d.publish(std::string(), d.options.queue + ".retry", next, body, reason, std::max<int64_t>(delay, 1));
        }
    } catch (...) {
        std::remove(held.job.filePath.c_str());
        // Not republished: back to the queue as it was (the broker counts the delivery).
        Link& link = d.consumer;
        if (link.state && link.generation == held.generation) amqp_basic_reject(link.state, 1, held.deliveryTag, 1);
        throw;
    }
    std::remove(held.job.filePath.c_str());
    Link& link = d.consumer;
    if (link.state && link.generation == held.generation) {
        const int acked = amqp_basic_ack(link.state, 1, held.deliveryTag, 0);
        if (acked != AMQP_STATUS_OK) {
            try {
                d.lose(link, std::string("cannot acknowledge: ") + amqp_error_string2(acked));
            } catch (const QueueError&) {
                // The copy is on the broker; the original comes again too: harmless.
            }
        }
    }
    return dead;
}

void AmqpWorkQueue::release(long long jobId, const std::string& /*worker*/)
{
    Impl& d = *m_impl;
    const auto found = d.inHand.find(jobId);
    if (found == d.inHand.end()) return;
    const InHand held = found->second;
    d.inHand.erase(found);
    std::remove(held.job.filePath.c_str());
    Link& link = d.consumer;
    if (link.state && link.generation == held.generation) amqp_basic_reject(link.state, 1, held.deliveryTag, 1);
}

std::optional<Job> AmqpWorkQueue::job(long long id)
{
    const auto found = m_impl->inHand.find(id);
    if (found == m_impl->inHand.end()) return std::nullopt;
    return found->second.job;
}

BrokerDepth AmqpWorkQueue::lastDepth() const
{
    return m_impl->lastDepth;
}

int AmqpWorkQueue::settle(int timeoutMs)
{
    Impl& d = *m_impl;
    const int64_t deadline = steadyMs() + timeoutMs;
    for (;;) {
        d.drain();
        if (d.awaiting.empty() || steadyMs() >= deadline) return int(d.awaiting.size());
        ::usleep(50 * 1000);
    }
}

void AmqpWorkQueue::setDeliverer(std::function<void(const Job&, Acknowledge)> deliverer)
{
    m_impl->deliverer = std::move(deliverer);
}

BrokerDepth AmqpWorkQueue::depth()
{
    Impl& d = *m_impl;
    BrokerDepth depth;
    const auto [ready, consumers] = d.peek(d.options.queue);
    depth.ready = ready;
    depth.consumers = consumers;
    depth.retrying = d.peek(d.options.queue + ".retry").first;
    depth.dead = d.peek(d.options.queue + ".dead").first;
    depth.quorum = d.quorum;
    d.lastDepth = depth;
    return depth;
}

QueueCounts AmqpWorkQueue::counts()
{
    Impl& d = *m_impl;
    QueueCounts counts;
    if (d.local) counts = d.local->counts();
    const BrokerDepth broker = depth();
    counts.queued = broker.ready + broker.retrying;
    counts.leased = (long long)(d.inHand.size() + d.awaiting.size());
    counts.deadLetters = broker.dead;
    return counts;
}

SqliteWorkQueue* AmqpWorkQueue::local()
{
    return m_impl->local.get();
}

long long AmqpWorkQueue::redeliveredDone() const
{
    return m_impl->redelivered;
}

}  // namespace pulmo::node
