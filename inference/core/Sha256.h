#pragma once
// SHA-256 (FIPS 180-4) of a file, so that every result names the exact model that made it. Written
// here because the core builds with LibTorch alone.

#include <cstddef>
#include <cstdint>
#include <string>

namespace pulmo::inference {

class Sha256 {
public:
    Sha256();
    void update(const uint8_t* data, size_t size);
    /// Lower-case hex digest; the object is spent afterwards.
    std::string finish();

    /// The digest of a whole file; throws std::runtime_error if it cannot be read.
    static std::string ofFile(const std::string& path);

private:
    void compress(const uint8_t* block);
    uint32_t m_state[8];
    uint8_t m_buffer[64];
    size_t m_buffered = 0;
    uint64_t m_length = 0;
};

}  // namespace pulmo::inference
