#include "index/SkipReason.h"

#include <array>
#include <utility>

namespace pulmo::index {
namespace {

constexpr QChar kSeparator(0x1F);
const QString kDicomPrefix = QStringLiteral("dicom:");

constexpr std::array<std::pair<SkipReason::Kind, const char*>, size_t(SkipReason::kLastKind) + 1> kCodes = {{
    {SkipReason::Kind::Dicom, "dicom"},
    {SkipReason::Kind::NotAnImage, "not_an_image"},
    {SkipReason::Kind::NoStudyUid, "no_study_uid"},
    {SkipReason::Kind::NoSeriesUid, "no_series_uid"},
    {SkipReason::Kind::NoSuchFile, "no_such_file"},
    {SkipReason::Kind::NoSuchFolder, "no_such_folder"},
    {SkipReason::Kind::UnreadableFolder, "unreadable_folder"},
    {SkipReason::Kind::IsFolder, "is_folder"},
    {SkipReason::Kind::Other, "other"},
}};

}  // namespace

SkipReason SkipReason::of(Kind kind, QString text, QStringList arguments)
{
    SkipReason reason;
    reason.kind = kind;
    reason.text = std::move(text);
    reason.arguments = kind == Kind::Other && arguments.isEmpty() ? QStringList{reason.text} : std::move(arguments);
    return reason;
}

SkipReason SkipReason::of(const dicom::DicomError& error)
{
    SkipReason reason;
    reason.kind = Kind::Dicom;
    reason.dicomKind = error.kind();
    reason.text = QString::fromStdString(error.reason());
    for (const std::string& argument : error.arguments()) reason.arguments << QString::fromStdString(argument);
    return reason;
}

bool SkipReason::isOtherFile() const
{
    if (kind == Kind::NotAnImage) return true;
    if (kind != Kind::Dicom) return false;
    using DicomKind = dicom::DicomError::Kind;
    return dicomKind == DicomKind::NotDicom || dicomKind == DicomKind::NoPixelData ||
           dicomKind == DicomKind::NotDicomDir;
}

QString SkipReason::code() const
{
    if (kind == Kind::Dicom) return kDicomPrefix + QLatin1String(dicom::toString(dicomKind));
    for (const auto& [each, name] : kCodes)
        if (each == kind) return QLatin1String(name);
    return QStringLiteral("other");
}

QString SkipReason::storedArguments() const
{
    return arguments.join(kSeparator);
}

SkipReason SkipReason::fromStored(const QString& code, const QString& storedArguments, const QString& text)
{
    SkipReason reason;
    reason.text = text;
    reason.arguments = storedArguments.isEmpty() ? QStringList() : storedArguments.split(kSeparator);
    if (code.startsWith(kDicomPrefix)) {
        reason.kind = Kind::Dicom;
        reason.dicomKind = dicom::dicomErrorKindFromString(code.mid(kDicomPrefix.size()).toStdString());
        return reason;
    }
    for (const auto& [each, name] : kCodes)
        if (code == QLatin1String(name) && each != Kind::Dicom) reason.kind = each;
    if (reason.kind == Kind::Other && reason.arguments.isEmpty()) reason.arguments = QStringList{text};
    return reason;
}

}  // namespace pulmo::index
