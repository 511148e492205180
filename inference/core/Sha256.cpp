#include "Sha256.h"

#include <openssl/evp.h>

#include <fstream>
#include <stdexcept>
#include <vector>

namespace pulmo::inference {

struct Sha256::Context {
    EVP_MD_CTX* digest = nullptr;
    ~Context() { EVP_MD_CTX_free(digest); }
};

Sha256::Sha256() : m_context(std::make_unique<Context>())
{
    m_context->digest = EVP_MD_CTX_new();
    if (!m_context->digest || EVP_DigestInit_ex(m_context->digest, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256: OpenSSL could not start a digest");
}

Sha256::~Sha256() = default;

void Sha256::update(const uint8_t* data, size_t size)
{
    if (size > 0 && EVP_DigestUpdate(m_context->digest, data, size) != 1)
        throw std::runtime_error("SHA-256: OpenSSL could not digest the data");
}

std::string Sha256::finish()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m_context->digest, digest, &length) != 1)
        throw std::runtime_error("SHA-256: OpenSSL could not finish the digest");
    static const char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(size_t(length) * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 0x0f];
    }
    return hex;
}

std::string Sha256::ofFile(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file) throw std::runtime_error(path + ": cannot read");
    Sha256 hash;
    std::vector<char> buffer(size_t(1) << 20);
    while (file) {
        file.read(buffer.data(), std::streamsize(buffer.size()));
        hash.update(reinterpret_cast<const uint8_t*>(buffer.data()), size_t(file.gcount()));
    }
    if (file.bad()) throw std::runtime_error(path + ": cannot read");
    return hash.finish();
}

}  // namespace pulmo::inference
