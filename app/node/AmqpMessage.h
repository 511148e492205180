#pragma once
// Private to the node's RabbitMQ queue (AmqpWorkQueue.cpp): a job as the headers of a message, and
// back. What another node (or anyone who can publish to the queue) sent is checked here, before a
// byte of it reaches the node's store: the fuzz target fuzz_queue_message feeds it arbitrary tables.

#include "WorkQueue.h"

#include <amqp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pulmo::node {

std::string text(amqp_bytes_t bytes);
/// A view of `value`'s bytes: valid while `value` lives unchanged.
amqp_bytes_t bytesOf(const std::string& value);

/// A header table built from strings and integers, kept alive with its storage.
class Headers {
public:
    Headers& add(const std::string& key, const std::string& value);
    Headers& add(const std::string& key, int64_t value);
    /// Valid while this object lives and is not changed.
    amqp_table_t table();

private:
    enum class Kind { Text, Integer };
    std::vector<std::string> m_strings;  // key, value pairs
    std::vector<Kind> m_kinds;
    std::vector<int64_t> m_integers;
    std::vector<amqp_table_entry_t> m_entries;
};

/// The text of header `key` (UTF-8 or bytes); nullopt when missing or of another kind.
std::optional<std::string> headerText(const amqp_table_t& table, const char* key);
/// The integer of header `key` (any integer kind); nullopt when missing or of another kind.
std::optional<int64_t> headerInteger(const amqp_table_t& table, const char* key);

/// The headers a job travels with (and the reason of its last failure, when not empty).
void addJobHeaders(Headers& headers, const Job& job, const std::string& error);
/// The job a message's headers describe, Leased; nullopt when they are not a job of ours: no valid
/// SOP Instance UID, a Study Instance UID or SOP Class UID that is not a UID, or no model SHA-256
/// (64 hexadecimal digits). Attempts are clamped to 0…1,000,000, texts cut at 1,024 bytes.
std::optional<Job> jobFromHeaders(const amqp_table_t& headers);

}  // namespace pulmo::node
