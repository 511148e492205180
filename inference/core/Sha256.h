#pragma once
// SHA-256 of a file, so that every result names the exact model that made it: OpenSSL's EVP
// digest (Debian libssl-dev, which the rest of Pulmo links for TLS and HMAC too).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace pulmo::inference {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const uint8_t* data, size_t size);
    /// Lower-case hex digest; the object is spent afterwards.
    std::string finish();

    /// The digest of a whole file; throws std::runtime_error if it cannot be read.
    static std::string ofFile(const std::string& path);

private:
    struct Context;
    std::unique_ptr<Context> m_context;
};

}  // namespace pulmo::inference
