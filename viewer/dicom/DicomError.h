#pragma once

#include <stdexcept>
#include <string>

namespace pulmo::dicom {

/// The one error type of the DICOM layer: which file, and why, in words a user can act on.
/// what() reads "FILE: reason" so that it can be printed as the CLI's one-line error.
class DicomError : public std::runtime_error {
public:
    DicomError(std::string filePath, std::string reason)
        : std::runtime_error(filePath + ": " + reason), m_filePath(std::move(filePath)), m_reason(std::move(reason))
    {
    }

    const std::string& filePath() const noexcept { return m_filePath; }
    const std::string& reason() const noexcept { return m_reason; }

private:
    std::string m_filePath;
    std::string m_reason;
};

}  // namespace pulmo::dicom
