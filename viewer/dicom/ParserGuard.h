#pragma once
// Private to the DICOM bridge. DCMTK parses, copies and destroys nested sequences recursively,
// about 1 KB of stack per level: a file of 100,000 nested empty sequences (2 MB) overflows an
// 8 MB stack. Every DCMTK session on a file therefore runs on a thread whose stack is sized from
// an upper bound of the nesting depth: the number of Item tags in the file.

#include <cstddef>
#include <functional>
#include <string>

namespace pulmo::dicom::detail {

struct NestingBound {
    size_t itemTags = 0;         ///< (FFFE,E000) tags seen in either byte order: nesting <= this
    bool mayBeDeflated = false;  ///< the deflated transfer syntax UID appears in the header
};

/// Scans the file's bytes (no parsing) for Item tags and the deflated transfer syntax UID.
NestingBound scanNestingBound(const std::string& filePath);

/// Whether a file with that bound can be parsed on the calling thread (few items, not deflated):
/// most image files, which then pay for no extra thread.
bool fitsAnyStack(const NestingBound& bound);

/// Stack needed to parse a file with that bound; 0 when no stack we are willing to reserve suffices.
size_t parserStackBytes(const NestingBound& bound);

/// Runs `work` on a new thread with a stack of `stackBytes` (reserved, committed only as used),
/// waits for it, and rethrows whatever it threw.
void runWithStack(size_t stackBytes, const std::function<void()>& work);

}  // namespace pulmo::dicom::detail
