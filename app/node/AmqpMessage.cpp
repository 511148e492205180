#include "AmqpMessage.h"

#include "net/StoragePaths.h"

#include <algorithm>

namespace pulmo::node {

std::string text(amqp_bytes_t bytes)
{
    return bytes.bytes ? std::string(static_cast<const char*>(bytes.bytes), bytes.len) : std::string();
}

amqp_bytes_t bytesOf(const std::string& value)
{
    amqp_bytes_t bytes;
    bytes.len = value.size();
    bytes.bytes = const_cast<char*>(value.data());
    return bytes;
}

Headers& Headers::add(const std::string& key, const std::string& value)
{
    m_strings.push_back(key);
    m_strings.push_back(value);
    m_kinds.push_back(Kind::Text);
    m_integers.push_back(0);
    return *this;
}

Headers& Headers::add(const std::string& key, int64_t value)
{
    m_strings.push_back(key);
    m_strings.emplace_back();
    m_kinds.push_back(Kind::Integer);
    m_integers.push_back(value);
    return *this;
}

amqp_table_t Headers::table()
{
    m_entries.assign(m_kinds.size(), amqp_table_entry_t{});
    for (size_t i = 0; i < m_kinds.size(); ++i) {
        amqp_table_entry_t& entry = m_entries[i];
        entry.key = bytesOf(m_strings[2 * i]);
        if (m_kinds[i] == Kind::Text) {
            entry.value.kind = AMQP_FIELD_KIND_UTF8;
            entry.value.value.bytes = bytesOf(m_strings[2 * i + 1]);
        } else {
            entry.value.kind = AMQP_FIELD_KIND_I64;
            entry.value.value.i64 = m_integers[i];
        }
    }
    amqp_table_t table;
    table.num_entries = int(m_entries.size());
    table.entries = m_entries.empty() ? nullptr : m_entries.data();
    return table;
}

std::optional<std::string> headerText(const amqp_table_t& table, const char* key)
{
    for (int i = 0; i < table.num_entries; ++i) {
        const amqp_table_entry_t& entry = table.entries[i];
        if (text(entry.key) != key) continue;
        if (entry.value.kind == AMQP_FIELD_KIND_UTF8 || entry.value.kind == AMQP_FIELD_KIND_BYTES)
            return text(entry.value.value.bytes);
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<int64_t> headerInteger(const amqp_table_t& table, const char* key)
{
    for (int i = 0; i < table.num_entries; ++i) {
        const amqp_table_entry_t& entry = table.entries[i];
        if (text(entry.key) != key) continue;
        switch (entry.value.kind) {
            case AMQP_FIELD_KIND_I8:
                return entry.value.value.i8;
            case AMQP_FIELD_KIND_U8:
                return entry.value.value.u8;
            case AMQP_FIELD_KIND_I16:
                return entry.value.value.i16;
            case AMQP_FIELD_KIND_U16:
                return entry.value.value.u16;
            case AMQP_FIELD_KIND_I32:
                return entry.value.value.i32;
            case AMQP_FIELD_KIND_U32:
                return entry.value.value.u32;
            case AMQP_FIELD_KIND_I64:
                return entry.value.value.i64;
            case AMQP_FIELD_KIND_U64:
                return int64_t(entry.value.value.u64);
            default:
                return std::nullopt;
        }
    }
    return std::nullopt;
}

void addJobHeaders(Headers& headers, const Job& job, const std::string& error)
{
    headers.add("x-pulmo-sop-instance-uid", job.sopInstanceUid)
        .add("x-pulmo-study-instance-uid", job.studyInstanceUid)
        .add("x-pulmo-sop-class-uid", job.sopClassUid)
        .add("x-pulmo-model-sha256", job.modelSha256)
        .add("x-pulmo-calling-ae", job.callingAeTitle)
        .add("x-pulmo-received-ms", job.receivedMs)
        .add("x-pulmo-attempts", int64_t(job.attempts));
    if (!error.empty()) headers.add("x-pulmo-error", error);
}

namespace {

constexpr size_t kMaximumHeaderText = 1024;

std::string limited(std::optional<std::string> value)
{
    std::string out = value.value_or(std::string());
    if (out.size() > kMaximumHeaderText) out.resize(kMaximumHeaderText);
    return out;
}

bool isSha256(const std::string& value)
{
    return value.size() == 64 && std::all_of(value.begin(), value.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
           });
}

}  // namespace

std::optional<Job> jobFromHeaders(const amqp_table_t& headers)
{
    Job job;
    job.sopInstanceUid = limited(headerText(headers, "x-pulmo-sop-instance-uid"));
    job.studyInstanceUid = limited(headerText(headers, "x-pulmo-study-instance-uid"));
    job.sopClassUid = limited(headerText(headers, "x-pulmo-sop-class-uid"));
    job.modelSha256 = limited(headerText(headers, "x-pulmo-model-sha256"));
    job.callingAeTitle = limited(headerText(headers, "x-pulmo-calling-ae"));
    job.receivedMs = headerInteger(headers, "x-pulmo-received-ms").value_or(0);
    job.attempts = int(std::clamp<int64_t>(headerInteger(headers, "x-pulmo-attempts").value_or(0), 0, 1000000));
    job.lastError = limited(headerText(headers, "x-pulmo-error"));
    job.state = Job::State::Leased;
    if (!net::isValidUid(job.sopInstanceUid) || !isSha256(job.modelSha256)) return std::nullopt;
    if (!job.studyInstanceUid.empty() && !net::isValidUid(job.studyInstanceUid)) return std::nullopt;
    if (!job.sopClassUid.empty() && !net::isValidUid(job.sopClassUid)) return std::nullopt;
    return job;
}

}  // namespace pulmo::node
