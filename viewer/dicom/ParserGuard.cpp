#include "dicom/ParserGuard.h"

#include <pthread.h>

#include <cstring>
#include <exception>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <vector>

namespace pulmo::dicom::detail {
namespace {

constexpr size_t kBaseStack = size_t(16) << 20;
constexpr size_t kStackPerItem = 4096;  // four times what DCMTK 3.6.7 was measured to use per level
constexpr size_t kLargestStack = size_t(1) << 30;
constexpr char kDeflatedUid[] = "1.2.840.10008.1.2.1.99";

size_t countPattern(const char* data, size_t size, const char* pattern, size_t length)
{
    size_t count = 0;
    const char* position = data;
    const char* end = data + size;
    while (position < end) {
        const void* found = memmem(position, size_t(end - position), pattern, length);
        if (!found) break;
        ++count;
        position = static_cast<const char*>(found) + 1;
    }
    return count;
}

struct Job {
    const std::function<void()>* work;
    std::exception_ptr error;
};

void* runJob(void* argument)
{
    auto* job = static_cast<Job*>(argument);
    try {
        (*job->work)();
    } catch (...) {
        job->error = std::current_exception();
    }
    return nullptr;
}

}  // namespace

NestingBound scanNestingBound(const std::string& filePath)
{
    static const char littleEndianItem[] = {'\xFE', '\xFF', '\x00', '\xE0'};
    static const char bigEndianItem[] = {'\xFF', '\xFE', '\xE0', '\x00'};
    NestingBound bound;
    std::ifstream file(filePath, std::ios::binary);
    if (!file) return bound;
    // 64 KiB, not zero-filled: this runs before every header read of the indexer.
    constexpr size_t kChunk = size_t(64) << 10;
    const std::unique_ptr<char[]> storage(new char[kChunk]);
    char* const buffer = storage.get();
    size_t carried = 0;  // bytes kept from the previous chunk so that no pattern is split
    bool first = true;
    while (file) {
        file.read(buffer + carried, std::streamsize(kChunk - carried));
        const size_t size = carried + size_t(file.gcount());
        if (size == carried) break;
        bound.itemTags += countPattern(buffer, size, littleEndianItem, 4);
        bound.itemTags += countPattern(buffer, size, bigEndianItem, 4);
        if (first) {
            bound.mayBeDeflated = countPattern(buffer, size, kDeflatedUid, sizeof(kDeflatedUid) - 1) > 0;
            first = false;
        }
        carried = std::min<size_t>(size, 3);
        std::memmove(buffer, buffer + size - carried, carried);
        // A pattern found inside the carried bytes was counted already and cannot be found again:
        // three bytes are too few to hold one.
    }
    return bound;
}

bool fitsAnyStack(const NestingBound& bound)
{
    // At most ~1 KB of DCMTK recursion per level: 64 levels fit in any thread's stack.
    return !bound.mayBeDeflated && bound.itemTags <= 64;
}

size_t parserStackBytes(const NestingBound& bound)
{
    // A deflated dataset hides its structure until inflated: give it the largest stack.
    if (bound.mayBeDeflated) return kLargestStack;
    if (bound.itemTags > (kLargestStack - kBaseStack) / kStackPerItem) return 0;
    return kBaseStack + bound.itemTags * kStackPerItem;
}

void runWithStack(size_t stackBytes, const std::function<void()>& work)
{
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, stackBytes);
    Job job{&work, nullptr};
    pthread_t thread;
    const int created = pthread_create(&thread, &attributes, runJob, &job);
    pthread_attr_destroy(&attributes);
    if (created != 0)
        throw std::runtime_error(std::string("cannot start the parser thread: ") + std::strerror(created));
    pthread_join(thread, nullptr);
    if (job.error) std::rethrow_exception(job.error);
}

}  // namespace pulmo::dicom::detail
