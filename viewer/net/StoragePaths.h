#pragma once
// Where received instances live on disk. No path is ever built from a received value as it is
// (DCMTK CVE-2022-2119/2120 came from exactly that): folders and files are named by a hash of the
// UID, so "..", "/", NUL or 300 characters in a UID cannot leave the storage folder or collide.
//
//   <root>/<study key>/<instance key>.dcm      key = first 32 hex digits of SHA-256(UID)
//
// The same UID always gives the same path, which lets a retrieve see what is already here.

#include <string>

namespace pulmo::net {

/// True for a UID as PS3.5 9.1 allows it: 1..64 characters, digits and dots, no empty component.
bool isValidUid(const std::string& uid);

/// The hashed name of a UID (32 lower-case hex digits).
std::string uidKey(const std::string& uid);

/// <root>/<study key>
std::string studyFolder(const std::string& root, const std::string& studyInstanceUid);

/// <root>/<study key>/<instance key>.dcm
std::string instancePath(const std::string& root, const std::string& studyInstanceUid,
                         const std::string& sopInstanceUid);

/// The suffix of files still being written; they are renamed to their final name when complete.
inline constexpr const char* kPartialSuffix = ".part";

}  // namespace pulmo::net
