// fuzz_queue_message: bytes -> a RabbitMQ message's header table (every field kind rabbitmq-c decodes,
// nested tables and arrays too) -> the job the node reads from it. A finding: a job accepted without a
// valid SOP Instance UID or model SHA-256, attempts outside 0..1,000,000, or a job that does not come
// back the same through the headers the node publishes it with.

#include "FuzzSupport.h"

#include "AmqpMessage.h"
#include "net/StoragePaths.h"

#include <deque>
#include <string>
#include <vector>

namespace {

using pulmo::fuzz::ByteReader;

/// Keeps the strings and entries a generated table points into.
struct Storage {
    std::deque<std::string> strings;
    std::deque<std::vector<amqp_table_entry_t>> entries;
    std::deque<std::vector<amqp_field_value_t>> values;

    amqp_bytes_t bytes(std::string text)
    {
        strings.push_back(std::move(text));
        return pulmo::node::bytesOf(strings.back());
    }
};

const char* const kKeys[] = {
    "x-pulmo-sop-instance-uid", "x-pulmo-study-instance-uid", "x-pulmo-sop-class-uid", "x-pulmo-model-sha256",
    "x-pulmo-calling-ae",       "x-pulmo-received-ms",        "x-pulmo-attempts",      "x-pulmo-error"};

amqp_table_t table(ByteReader& in, Storage& storage, int depth);

amqp_field_value_t fieldValue(ByteReader& in, Storage& storage, int depth)
{
    amqp_field_value_t value{};
    static const uint8_t kinds[] = {AMQP_FIELD_KIND_BOOLEAN, AMQP_FIELD_KIND_I8,    AMQP_FIELD_KIND_U8,
                                    AMQP_FIELD_KIND_I16,     AMQP_FIELD_KIND_U16,   AMQP_FIELD_KIND_I32,
                                    AMQP_FIELD_KIND_U32,     AMQP_FIELD_KIND_I64,   AMQP_FIELD_KIND_U64,
                                    AMQP_FIELD_KIND_F32,     AMQP_FIELD_KIND_F64,   AMQP_FIELD_KIND_DECIMAL,
                                    AMQP_FIELD_KIND_UTF8,    AMQP_FIELD_KIND_ARRAY, AMQP_FIELD_KIND_TIMESTAMP,
                                    AMQP_FIELD_KIND_TABLE,   AMQP_FIELD_KIND_VOID,  AMQP_FIELD_KIND_BYTES};
    value.kind = kinds[in.byte() % sizeof(kinds)];
    switch (value.kind) {
        case AMQP_FIELD_KIND_UTF8:
        case AMQP_FIELD_KIND_BYTES:
            value.value.bytes = storage.bytes(in.text(255));
            break;
        case AMQP_FIELD_KIND_TABLE:
            value.value.table = depth < 3 ? table(in, storage, depth + 1) : amqp_table_t{};
            break;
        case AMQP_FIELD_KIND_ARRAY: {
            storage.values.emplace_back();
            std::vector<amqp_field_value_t>& items = storage.values.back();
            const int count = depth < 3 ? in.byte() % 4 : 0;
            for (int i = 0; i < count; ++i) items.push_back(fieldValue(in, storage, depth + 1));
            value.value.array.num_entries = int(items.size());
            value.value.array.entries = items.empty() ? nullptr : items.data();
            break;
        }
        default:
            value.value.u64 = in.integer(8);
            break;
    }
    return value;
}

amqp_table_t table(ByteReader& in, Storage& storage, int depth)
{
    storage.entries.emplace_back();
    std::vector<amqp_table_entry_t>& entries = storage.entries.back();
    const int count = in.byte() % 12;
    for (int i = 0; i < count; ++i) {
        amqp_table_entry_t entry{};
        const uint8_t key = in.byte();
        // Mostly the node's own keys (so that the checks behind them are reached), sometimes any.
        entry.key = storage.bytes(key < 224 ? std::string(kKeys[key % 8]) : in.text(64));
        entry.value = fieldValue(in, storage, depth);
        entries.push_back(entry);
    }
    amqp_table_t out;
    out.num_entries = int(entries.size());
    out.entries = entries.empty() ? nullptr : entries.data();
    return out;
}

bool sameJob(const pulmo::node::Job& a, const pulmo::node::Job& b)
{
    return a.sopInstanceUid == b.sopInstanceUid && a.studyInstanceUid == b.studyInstanceUid &&
           a.sopClassUid == b.sopClassUid && a.modelSha256 == b.modelSha256 && a.callingAeTitle == b.callingAeTitle &&
           a.receivedMs == b.receivedMs && a.attempts == b.attempts && a.lastError == b.lastError;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace pulmo;
    fuzz::setUp();
    ByteReader in(data, size);
    Storage storage;
    const amqp_table_t headers = table(in, storage, 0);
    const std::optional<node::Job> job = node::jobFromHeaders(headers);
    if (!job) return 0;
    if (!net::isValidUid(job->sopInstanceUid)) fuzz::finding("a job without a valid SOP Instance UID");
    if (job->modelSha256.size() != 64) fuzz::finding("a job without a model SHA-256");
    if (job->attempts < 0 || job->attempts > 1000000) fuzz::finding("attempts outside 0..1,000,000");
    node::Headers published;
    node::addJobHeaders(published, *job, job->lastError);
    const std::optional<node::Job> again = node::jobFromHeaders(published.table());
    if (!again || !sameJob(*job, *again)) fuzz::finding("a job that does not come back the same through its headers");
    return 0;
}
