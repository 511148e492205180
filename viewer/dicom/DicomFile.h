#pragma once
// The DICOM file bridge: everything that touches DCMTK lives behind these two functions
// (DicomFile.cpp). Both throw DicomError naming the file and the reason; neither crashes or
// allocates without bound on malformed input.

#include "dicom/DecodedImage.h"
#include "dicom/ImageInfo.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pulmo::dicom {

struct LoadLimits {
    /// The most memory the decoded pixels of one file may take. Larger images are refused before
    /// anything is allocated (a 3000x3000 16-bit radiograph takes 18 MB).
    uint64_t maximumDecodedBytes = uint64_t(2) << 30;
};

/// Reads the header of a DICOM file (Part 10 or a bare dataset): identification, pixel module,
/// modality and VOI settings. Pixel data is not decoded. Any thread.
ImageInfo readImageInfo(const std::string& filePath);

/// Reads and decodes every frame of an image file, whatever its transfer syntax: native little and
/// big endian, deflated, JPEG (baseline, extended, lossless), JPEG-LS and RLE through DCMTK's
/// codecs, JPEG 2000 through OpenJPEG. Any thread; the result is immutable.
std::shared_ptr<const DecodedImage> loadImage(const std::string& filePath, const LoadLimits& limits = {});

/// The files a DICOMDIR refers to (IMAGE and other instance records), as paths beside it. Referenced
/// File IDs that would leave the DICOMDIR's folder ("..", absolute) are ignored. Throws DicomError.
std::vector<std::string> dicomDirectoryFiles(const std::string& dicomDirPath);

/// The DCMTK version the bridge was built with ("3.6.7"), for the About box.
std::string dcmtkVersion();

}  // namespace pulmo::dicom
