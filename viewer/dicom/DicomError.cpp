#include "dicom/DicomError.h"

#include <array>
#include <utility>

namespace pulmo::dicom {
namespace {

constexpr std::array<std::pair<DicomError::Kind, const char*>, size_t(DicomError::kLastKind) + 1> kNames = {{
    {DicomError::Kind::FileNotFound, "file_not_found"},
    {DicomError::Kind::PermissionDenied, "permission_denied"},
    {DicomError::Kind::CannotOpen, "cannot_open"},
    {DicomError::Kind::IsFolder, "is_folder"},
    {DicomError::Kind::EmptyFile, "empty_file"},
    {DicomError::Kind::NotDicom, "not_dicom"},
    {DicomError::Kind::UnsupportedTransferSyntax, "unsupported_transfer_syntax"},
    {DicomError::Kind::TruncatedPixelData, "truncated_pixel_data"},
    {DicomError::Kind::InvalidHeaderValue, "invalid_header_value"},
    {DicomError::Kind::UnsupportedHeaderValue, "unsupported_header_value"},
    {DicomError::Kind::ImageTooLarge, "image_too_large"},
    {DicomError::Kind::NoPixelData, "no_pixel_data"},
    {DicomError::Kind::FloatPixelData, "float_pixel_data"},
    {DicomError::Kind::CorruptPixelData, "corrupt_pixel_data"},
    {DicomError::Kind::OutOfMemory, "out_of_memory"},
    {DicomError::Kind::TooManySequenceItems, "too_many_sequence_items"},
    {DicomError::Kind::NotDicomDir, "not_dicomdir"},
    {DicomError::Kind::CannotWrite, "cannot_write"},
    {DicomError::Kind::FrameOutOfRange, "frame_out_of_range"},
    {DicomError::Kind::CannotDecode, "cannot_decode"},
    {DicomError::Kind::PixelCountMismatch, "pixel_count_mismatch"},
    {DicomError::Kind::Truncated, "truncated"},
    {DicomError::Kind::DamagedDicom, "damaged_dicom"},
    {DicomError::Kind::Other, "other"},
}};

}  // namespace

const char* toString(DicomError::Kind kind)
{
    for (const auto& [each, name] : kNames)
        if (each == kind) return name;
    return "other";
}

DicomError::Kind dicomErrorKindFromString(const std::string& name)
{
    for (const auto& [each, known] : kNames)
        if (name == known) return each;
    return DicomError::Kind::Other;
}

}  // namespace pulmo::dicom
