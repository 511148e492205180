#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace pulmo::dicom {

/// The one error type of the DICOM layer: which file, what kind of failure and its parameters, so
/// that the application can word it in the user's language. what() reads "FILE: reason" in English,
/// for the CLI's one-line error and for logs.
class DicomError : public std::runtime_error {
public:
    /// What went wrong. The parameters each kind carries (arguments(), after the file path) are
    /// listed beside it; numbers are written with std::to_string (no locale).
    enum class Kind {
        FileNotFound,               ///< -
        PermissionDenied,           ///< -
        CannotOpen,                 ///< system reason (English, for logs)
        IsFolder,                   ///< -
        EmptyFile,                  ///< -
        NotDicom,                   ///< DCMTK's reason (English, for logs)
        UnsupportedTransferSyntax,  ///< transfer syntax UID, its name (may be "unknown")
        TruncatedPixelData,         ///< bytes present, bytes needed
        InvalidHeaderValue,         ///< attribute keyword, value
        UnsupportedHeaderValue,     ///< attribute keyword, value
        ImageTooLarge,              ///< columns, rows, frames, MiB needed, MiB allowed
        NoPixelData,                ///< SOP Class UID (may be empty)
        FloatPixelData,             ///< -
        CorruptPixelData,           ///< detail (English, for logs)
        OutOfMemory,                ///< -
        TooManySequenceItems,       ///< number of items
        NotDicomDir,                ///< -
        CannotWrite,                ///< detail (English, for logs)
        FrameOutOfRange,            ///< frames in the file, frame asked for
        CannotDecode,               ///< detail (English, for logs): the decoded image cannot be kept
        PixelCountMismatch,         ///< pixel values given, pixels of the image (writing an image)
        Truncated,                  ///< DCMTK's reason (English, for logs): a DICOM file (it says "DICM")
                                    ///< whose data runs past its end, as after an interrupted copy
        DamagedDicom,               ///< DCMTK's reason (English, for logs): a DICOM file that cannot be parsed
        Other,                      ///< the English reason; rare internal failures only
    };
    static constexpr Kind kLastKind = Kind::Other;

    DicomError(Kind kind, std::string filePath, std::string reason, std::vector<std::string> arguments = {})
        : std::runtime_error(filePath + ": " + reason),
          m_kind(kind),
          m_filePath(std::move(filePath)),
          m_reason(std::move(reason)),
          m_arguments(std::move(arguments))
    {
        if (m_kind == Kind::Other && m_arguments.empty()) m_arguments.push_back(m_reason);
    }
    /// A failure without a kind of its own (Kind::Other).
    DicomError(std::string filePath, std::string reason)
        : DicomError(Kind::Other, std::move(filePath), std::move(reason))
    {
    }

    Kind kind() const noexcept { return m_kind; }
    const std::string& filePath() const noexcept { return m_filePath; }
    /// The English reason, without the file.
    const std::string& reason() const noexcept { return m_reason; }
    const std::vector<std::string>& arguments() const noexcept { return m_arguments; }

private:
    Kind m_kind;
    std::string m_filePath;
    std::string m_reason;
    std::vector<std::string> m_arguments;
};

/// A stable lower-case name of the kind ("truncated_pixel_data"), for JSON and stored records.
const char* toString(DicomError::Kind kind);
/// The kind named by toString(); Kind::Other for a name it does not know.
DicomError::Kind dicomErrorKindFromString(const std::string& name);

}  // namespace pulmo::dicom
