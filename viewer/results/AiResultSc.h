#pragma once
// The AI result as a heatmap Secondary Capture (issue 16 item 2): an RGB image of the radiograph
// as the display pipeline renders it with the heatmap over it and a burned-in banner, Burned In
// Annotation YES, Conversion Type WSD, Source Image Sequence to the radiograph (DCM 121322), in the
// radiograph's study and its own series (UIDs from resultObjectUids). DCMTK stays in the .cpp.

#include "results/AiResult.h"

#include <cstdint>
#include <string>
#include <vector>

namespace pulmo::results {

/// 8-bit RGB, interleaved, row by row (rows x columns x 3 bytes).
struct RgbPixels {
    int rows = 0;
    int columns = 0;
    std::vector<uint8_t> rgb;
};

/// Writes the SC about the radiograph `sourcePath` with the pixels `pixels` (already rendered:
/// app/common/ResultCapture) to `outputPath`. Throws dicom::DicomError naming the file and reason.
void writeHeatmapSc(const std::string& sourcePath, const AiResult& result, const RgbPixels& pixels,
                    const std::string& outputPath);

}  // namespace pulmo::results
