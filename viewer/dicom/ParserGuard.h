#pragma once
// Private to the DICOM bridge. DCMTK parses, copies and destroys nested sequences recursively,
// about 1 KB of stack per level: a file of 100,000 nested empty sequences (2 MB) overflows an
// 8 MB stack. Every DCMTK session on a file therefore runs on a thread whose stack is sized from
// an upper bound of the nesting depth: the number of Item tags in the file.

#include "dicom/DicomError.h"

#include <cstddef>
#include <functional>
#include <string>
#include <type_traits>

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

/// Runs a DCMTK session on a file on a stack deep enough for the file's worst-case nesting: on the
/// calling thread when any stack will do, else on a thread of its own; a file too deep for any stack
/// we would reserve is refused (TooManySequenceItems). `Result` may be void.
template <typename Result, typename Work>
Result withParserStack(const std::string& filePath, Work work)
{
    const NestingBound bound = scanNestingBound(filePath);
    if (fitsAnyStack(bound)) return work();
    const size_t stack = parserStackBytes(bound);
    if (stack == 0)
        throw DicomError(DicomError::Kind::TooManySequenceItems, filePath,
                         "too many sequence items (" + std::to_string(bound.itemTags) + ") to parse safely",
                         {std::to_string(bound.itemTags)});
    if constexpr (std::is_void_v<Result>) {
        runWithStack(stack, [&] { work(); });
    } else {
        Result result;
        runWithStack(stack, [&] { result = work(); });
        return result;
    }
}

}  // namespace pulmo::dicom::detail
