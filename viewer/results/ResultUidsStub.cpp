// TEMPORARY STUB (issue 16, branch i16-sc): resultObjectUids() so that the heatmap SC builds and
// is tested before the UID part (item 4, another branch) is merged. DROP THIS FILE AT MERGE, with
// its line in viewer/CMakeLists.txt: the real resultUid()/resultObjectUids() replace it. Its UIDs
// are deterministic like the real ones ("2.25." + the decimal value of the first 16 bytes of a
// SHA-1 over the inputs, OpenSSL's hash and big numbers) but are not the real ones' values.

#include "results/AiResultSr.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <memory>
#include <stdexcept>

namespace pulmo::results {
namespace {

std::string stubUid(const std::string& source, const std::string& sha256, const char* kind)
{
    const std::string name = source + '\n' + sha256 + '\n' + kind;
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(name.data()), name.size(), digest);
    const std::unique_ptr<BIGNUM, decltype(&BN_free)> number(BN_bin2bn(digest, 16, nullptr), &BN_free);
    if (!number) throw std::runtime_error("cannot derive a UID");
    char* decimal = BN_bn2dec(number.get());
    if (decimal == nullptr) throw std::runtime_error("cannot derive a UID");
    std::string uid = std::string("2.25.") + decimal;
    OPENSSL_free(decimal);
    return uid;
}

}  // namespace

ResultObjectUids resultObjectUids(const std::string& sourceSopInstanceUid, const std::string& modelSha256)
{
    ResultObjectUids uids;
    uids.reportSeries = stubUid(sourceSopInstanceUid, modelSha256, "report-series");
    uids.report = stubUid(sourceSopInstanceUid, modelSha256, "report");
    uids.captureSeries = stubUid(sourceSopInstanceUid, modelSha256, "capture-series");
    uids.capture = stubUid(sourceSopInstanceUid, modelSha256, "capture");
    return uids;
}

}  // namespace pulmo::results
