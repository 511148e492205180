#pragma once
// Stable UIDs of the results objects (issue 16 item 4): the Series and SOP Instance UIDs of a
// result's SR and SC are name-based UIDs under 2.25 (PS3.5 B.2: a UUID as one decimal integer)
// derived from the radiograph's SOP Instance UID, the model's SHA-256 and the object's kind, so
// that analysing the same image with the same model again makes the same objects.

#include <string>

namespace pulmo::results {

/// What a derived UID names.
enum class UidKind { ReportSeries, Report, CaptureSeries, Capture, VerifiedReportSeries, VerifiedReport };

/// "2.25." + the decimal value of a name-based (RFC 4122 version 5, SHA-1) UUID of
/// (sourceSopInstanceUid, modelSha256, kind[, discriminator]). `discriminator` tells apart several
/// objects of one kind (a verified report per verdict id); empty for the AI's own objects.
/// Deterministic; at most 64 characters; OpenSSL computes the hash.
std::string resultUid(const std::string& sourceSopInstanceUid, const std::string& modelSha256, UidKind kind,
                      const std::string& discriminator = {});

/// The Device UID of the model with this SHA-256 (the SR's Device Observer UID and its Contributing
/// Equipment's Device UID): "2.25." + a version-5 UUID of the hash alone, so it changes with the model.
std::string deviceUid(const std::string& modelSha256);

/// What resultUid() hashes, and under which namespace UUID ("xxxxxxxx-xxxx-..."): for oracles
/// (Python's uuid.uuid5(namespace, name).int must equal resultUid()'s number).
std::string resultUidName(const std::string& sourceSopInstanceUid, const std::string& modelSha256, UidKind kind,
                          const std::string& discriminator = {});
std::string resultUidNamespace();

}  // namespace pulmo::results
