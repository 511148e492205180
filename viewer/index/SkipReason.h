#pragma once
// Why a file is not in the study index: a kind and its parameters, for the application to word in
// the user's language, and the English text for logs and the CLI.

#include "dicom/DicomError.h"

#include <QString>
#include <QStringList>

namespace pulmo::index {

struct SkipReason {
    /// The parameters each kind carries (arguments) are listed beside it.
    enum class Kind {
        Dicom,             ///< the DICOM layer refused the file: dicomKind, and its DicomError::arguments()
        NotAnImage,        ///< SOP Class UID (may be empty)
        NoStudyUid,        ///< -
        NoSeriesUid,       ///< -
        NoSuchFile,        ///< -
        NoSuchFolder,      ///< -
        UnreadableFolder,  ///< -
        IsFolder,          ///< -
        Other,             ///< the English text; rare internal failures only
    };
    static constexpr Kind kLastKind = Kind::Other;

    Kind kind = Kind::Other;
    dicom::DicomError::Kind dicomKind = dicom::DicomError::Kind::Other;  ///< for Kind::Dicom
    QStringList arguments;
    QString text;  ///< English, as the CLI and logs show it

    static SkipReason of(Kind kind, QString text, QStringList arguments = {});
    static SkipReason of(const dicom::DicomError& error);

    /// The file is not an image at all: not DICOM (a README or JSON file beside the images), or DICOM
    /// without pixels (a DICOMDIR, a report). Every other reason is an image that cannot be read
    /// (truncated, damaged, unsupported, without its UIDs), which a reader should hear about.
    bool isOtherFile() const;

    /// How the kind is stored in the index: "dicom:truncated_pixel_data", "no_study_uid".
    QString code() const;
    /// The arguments as one stored text (joined by the unit separator, U+001F).
    QString storedArguments() const;
    /// The reason as stored by code() and storedArguments(); an unknown code gives Kind::Other.
    static SkipReason fromStored(const QString& code, const QString& storedArguments, const QString& text);
};

}  // namespace pulmo::index
