#include "results/ResultUids.h"

#include "dicom/Uuid225.h"

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <stdexcept>

namespace pulmo::results {

namespace {

// Pulmo's namespace UUID for its name-based result UIDs (RFC 4122 4.3), fixed once: changing it
// changes every UID Pulmo has ever written. Itself a version-5 UUID of "pulmo.results" under the
// RFC's URL namespace, so that it is not a value somebody else picked too.
// 5ab6edd4-ea38-5917-aada-365ec8b1c51f.
constexpr std::array<uint8_t, 16> kPulmoNamespace = {0x5a, 0xb6, 0xed, 0xd4, 0xea, 0x38, 0x59, 0x17,
                                                     0xaa, 0xda, 0x36, 0x5e, 0xc8, 0xb1, 0xc5, 0x1f};

const char* kindName(UidKind kind)
{
    switch (kind) {
        case UidKind::ReportSeries:
            return "report-series";
        case UidKind::Report:
            return "report";
        case UidKind::CaptureSeries:
            return "capture-series";
        case UidKind::Capture:
            return "capture";
        case UidKind::VerifiedReportSeries:
            return "verified-report-series";
        case UidKind::VerifiedReport:
            return "verified-report";
    }
    return "unknown";
}

// Each field as "LENGTH:BYTES;": a length prefix, so that no choice of values can make two
// different field lists the same name (a plain separator could appear inside a value).
void appendField(std::string& name, const std::string& field)
{
    name += std::to_string(field.size());
    name += ':';
    name += field;
    name += ';';
}

std::array<uint8_t, 16> uuid5(const std::string& name)
{
    std::array<uint8_t, EVP_MAX_MD_SIZE> digest{};
    unsigned int digestLength = 0;
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    const bool ok = context && EVP_DigestInit_ex(context, EVP_sha1(), nullptr) == 1 &&
                    EVP_DigestUpdate(context, kPulmoNamespace.data(), kPulmoNamespace.size()) == 1 &&
                    EVP_DigestUpdate(context, name.data(), name.size()) == 1 &&
                    EVP_DigestFinal_ex(context, digest.data(), &digestLength) == 1;
    EVP_MD_CTX_free(context);
    if (!ok || digestLength < 16) throw std::runtime_error("OpenSSL could not compute SHA-1 for a result UID");
    std::array<uint8_t, 16> uuid{};
    for (size_t i = 0; i < uuid.size(); ++i) uuid[i] = digest[i];
    uuid[6] = uint8_t((uuid[6] & 0x0f) | 0x50);  // version 5
    uuid[8] = uint8_t((uuid[8] & 0x3f) | 0x80);  // RFC 4122 variant
    return uuid;
}

}  // namespace

std::string resultUidNamespace()
{
    static const char* const hex = "0123456789abcdef";
    std::string text;
    for (size_t i = 0; i < kPulmoNamespace.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
        text += hex[kPulmoNamespace[i] >> 4];
        text += hex[kPulmoNamespace[i] & 0x0f];
    }
    return text;
}

std::string resultUid(const std::string& sourceSopInstanceUid, const std::string& modelSha256, UidKind kind,
                      const std::string& discriminator)
{
    return dicom::uidFromUuid(uuid5(resultUidName(sourceSopInstanceUid, modelSha256, kind, discriminator)));
}

std::string deviceUid(const std::string& modelSha256)
{
    std::string name = "pulmo-device/1;";
    appendField(name, modelSha256);
    return dicom::uidFromUuid(uuid5(name));
}

std::string resultUidName(const std::string& sourceSopInstanceUid, const std::string& modelSha256, UidKind kind,
                          const std::string& discriminator)
{
    std::string name = "pulmo-result/1;";
    appendField(name, sourceSopInstanceUid);
    appendField(name, modelSha256);
    appendField(name, kindName(kind));
    appendField(name, discriminator);
    return name;
}

}  // namespace pulmo::results
