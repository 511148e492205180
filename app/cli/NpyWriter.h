#pragma once
// Writes float32 arrays as NumPy .npy files (format 1.0), which numpy.load reads.

#include <QString>

#include <cstdint>
#include <vector>

namespace pulmo::cli {

/// Writes `values` with `shape` (C order, little-endian float32). Throws std::runtime_error naming
/// the file on failure.
void writeNpy(const QString& path, const std::vector<float>& values, const std::vector<int64_t>& shape);

}  // namespace pulmo::cli
