#pragma once
// Private to the DICOM bridges (pulmo_viewer and the libraries built on it): a file opened with
// DCMTK the way the loader opens it, with the loader's errors (missing, a folder, empty, truncated,
// damaged, not DICOM). Includes no DCMTK header itself.

#include <string>

class DcmFileFormat;

namespace pulmo::dicom::detail {

/// Loads `path` into `file` (element values above 4 KiB stay in the file until used). Throws
/// DicomError naming the file and the reason. Call inside withParserStack() (ParserGuard.h).
void loadFileOrThrow(DcmFileFormat& file, const std::string& path);

}  // namespace pulmo::dicom::detail
