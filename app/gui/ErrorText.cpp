#include "ErrorText.h"

#include <QLocale>

namespace pulmo::app {
namespace {

/// Argument `index`, or empty when the error carries fewer.
QString argument(const QStringList& arguments, int index)
{
    return index < arguments.size() ? arguments.at(index) : QString();
}

/// A count written by a lower layer without a locale ("15000000"), in the user's locale
/// ("15.000.000" in German); anything else as it is.
QString number(const QStringList& arguments, int index)
{
    const QString text = argument(arguments, index);
    bool ok = false;
    const qlonglong value = QLocale::c().toLongLong(text, &ok);
    return ok ? QLocale().toString(value) : text;
}

/// A count written by a lower layer without a locale, for a plural form; 0 when it is none.
int count(const QStringList& arguments, int index)
{
    bool ok = false;
    const int value = QLocale::c().toInt(argument(arguments, index), &ok);
    return ok ? value : 0;
}

/// The card problem argument `index` names; false when it names none.
bool cardProblem(const QStringList& arguments, int index, inference::CardProblem* problem)
{
    return inference::cardProblemFromString(argument(arguments, index).toStdString(), problem);
}

}  // namespace

QString ErrorText::cardReason(inference::CardProblem problem, const QString& field, const QStringList& parameters)
{
    using Problem = inference::CardProblem;
    switch (problem) {
        case Problem::NotJson:
            return tr("The text is not valid JSON.");
        case Problem::NotAnObject:
            return tr("The text is valid JSON, but not a JSON object (fields in braces).");
        case Problem::MustBeString:
            return tr("The field \"%1\" must be text.").arg(field);
        case Problem::MustBeLabelList:
            return tr("The field \"%1\" must be a list of at least %2 class names.").arg(field, number(parameters, 0));
        case Problem::MustBeNonEmptyStrings:
            return tr("The field \"%1\" must hold the class names as non-empty text.").arg(field);
        case Problem::NotALabel:
            return tr("The field \"%1\" names \"%2\", which is not one of the labels.")
                .arg(field, argument(parameters, 0));
        case Problem::MustBeWholeNumberInRange:
            return tr("The field \"%1\" must be a whole number from %2 to %3.")
                .arg(field, number(parameters, 0), number(parameters, 1));
        case Problem::MustBeThreeNumbers:
            return tr("The field \"%1\" must be a list of 3 numbers.").arg(field);
        case Problem::MustBeThreeFiniteNumbers:
            return tr("The field \"%1\" must hold 3 finite numbers; item %2 is not one.")
                .arg(field, number(parameters, 0));
        case Problem::MustBeThreePositiveNumbers:
            return tr("The field \"%1\" must hold 3 finite numbers above 0; item %2 is not one.")
                .arg(field, number(parameters, 0));
        case Problem::UnsupportedValue:
            return tr("The value \"%2\" of the field \"%1\" is not supported (supported: %3).")
                .arg(field, argument(parameters, 0), argument(parameters, 1));
        case Problem::MustBeNumberInRange:
            return tr("The field \"%1\" must be a number above %2 and at most %3.")
                .arg(field, number(parameters, 0), number(parameters, 1));
        case Problem::MustBeBoolean:
            return tr("The field \"%1\" must be true or false.").arg(field);
    }
    return tr("The field \"%1\" has an invalid value.").arg(field);
}

QStringList ErrorText::toStringList(const std::vector<std::string>& arguments)
{
    QStringList list;
    for (const std::string& each : arguments) list << QString::fromStdString(each);
    return list;
}

QString ErrorText::dicomReason(dicom::DicomError::Kind kind, const QStringList& arguments)
{
    using Kind = dicom::DicomError::Kind;
    switch (kind) {
        case Kind::FileNotFound:
            return tr("The file does not exist.");
        case Kind::PermissionDenied:
            return tr("No permission to read the file.");
        case Kind::CannotOpen:
            return tr("The file cannot be opened.");
        case Kind::IsFolder:
            return tr("This is a folder, not a file.");
        case Kind::EmptyFile:
            return tr("The file is empty.");
        case Kind::NotDicom:
            return tr("Not a DICOM file.");
        case Kind::Truncated:
            return tr("The file ends before its data does (truncated, as by an interrupted copy).");
        case Kind::DamagedDicom:
            return tr("A DICOM file, but damaged: its contents cannot be read.");
        case Kind::UnsupportedTransferSyntax: {
            const QString name = argument(arguments, 1);
            if (name.isEmpty() || name == QLatin1String("unknown"))
                return tr("The transfer syntax %1 is not supported.").arg(argument(arguments, 0));
            return tr("The transfer syntax %1 (%2) is not supported.").arg(name, argument(arguments, 0));
        }
        case Kind::TruncatedPixelData:
            return tr("The pixel data is incomplete: %1 of %2 bytes are present.")
                .arg(number(arguments, 0), number(arguments, 1));
        case Kind::InvalidHeaderValue:
            return tr("The header value %1 = %2 is invalid.").arg(argument(arguments, 0), argument(arguments, 1));
        case Kind::UnsupportedHeaderValue:
            return tr("The header value %1 = %2 is not supported.").arg(argument(arguments, 0), argument(arguments, 1));
        case Kind::ImageTooLarge:
            return tr("The image is too large to open: %1 x %2 pixels, %3 frame(s), needs %4 MiB of memory (limit %5 "
                      "MiB).")
                .arg(number(arguments, 0), number(arguments, 1), number(arguments, 2), number(arguments, 3),
                     number(arguments, 4));
        case Kind::NoPixelData:
            if (argument(arguments, 0).isEmpty()) return tr("The file holds no image (no pixel data).");
            return tr("The file holds no image (no pixel data; SOP Class %1).").arg(argument(arguments, 0));
        case Kind::FloatPixelData:
            return tr("Floating-point pixel data is not supported.");
        case Kind::CorruptPixelData:
            return tr("The pixel data is damaged and cannot be decoded.");
        case Kind::OutOfMemory:
            return tr("Not enough memory to decode the image.");
        case Kind::TooManySequenceItems:
            return tr("The file is nested too deeply to be read safely (%1 sequence items).").arg(number(arguments, 0));
        case Kind::NotDicomDir:
            return tr("Not a DICOMDIR (no directory records).");
        case Kind::CannotWrite:
            return tr("The file cannot be written.");
        case Kind::FrameOutOfRange:
            return tr("The image has %1 frame(s); frame %2 does not exist.")
                .arg(number(arguments, 0), number(arguments, 1));
        case Kind::CannotDecode:
            return tr("The compressed image was decoded but cannot be prepared for display.");
        case Kind::PixelCountMismatch:
            return tr("The image cannot be written: %1 pixel values were given for %2 pixels.")
                .arg(number(arguments, 0), number(arguments, 1));
        case Kind::Other:
            break;
    }
    return tr("Internal error while reading the file: %1").arg(argument(arguments, 0));
}

QString ErrorText::dicom(dicom::DicomError::Kind kind, const QString& filePath, const QStringList& arguments)
{
    return tr("%1: %2", "file or peer: what went wrong").arg(filePath, dicomReason(kind, arguments));
}

QString ErrorText::dicom(const dicom::DicomError& error)
{
    return dicom(error.kind(), QString::fromStdString(error.filePath()), toStringList(error.arguments()));
}

QString ErrorText::skipReason(const index::SkipReason& reason)
{
    using Kind = index::SkipReason::Kind;
    switch (reason.kind) {
        case Kind::Dicom:
            return dicomReason(reason.dicomKind, reason.arguments);
        case Kind::NotAnImage:
            if (argument(reason.arguments, 0).isEmpty()) return tr("Not an image (no pixel data).");
            return tr("Not an image (no pixel data; SOP Class %1).").arg(argument(reason.arguments, 0));
        case Kind::NoStudyUid:
            return tr("The Study Instance UID is missing.");
        case Kind::NoSeriesUid:
            return tr("The Series Instance UID is missing.");
        case Kind::NoSuchFile:
            return tr("The file does not exist.");
        case Kind::NoSuchFolder:
            return tr("The folder does not exist.");
        case Kind::UnreadableFolder:
            return tr("The folder cannot be read.");
        case Kind::IsFolder:
            return tr("This is a folder, not a file.");
        case Kind::Other:
            break;
    }
    return tr("Internal error while reading the file: %1").arg(argument(reason.arguments, 0));
}

QString ErrorText::skippedFile(const QString& filePath, const index::SkipReason& reason)
{
    return tr("%1: %2", "file or peer: what went wrong").arg(filePath, skipReason(reason));
}

QString ErrorText::studyIndex(index::IndexError::Kind kind, const QString& path)
{
    switch (kind) {
        case index::IndexError::Kind::CannotOpen:
            return tr("The study index %1 cannot be opened.").arg(path);
        case index::IndexError::Kind::Damaged:
            return tr("The study index %1 is damaged and cannot be replaced.").arg(path);
        case index::IndexError::Kind::Corrupt:
            return tr("The study index %1 is damaged; it is rebuilt the next time Pulmo starts.").arg(path);
        case index::IndexError::Kind::Failed:
            break;
    }
    return tr("The study index %1 cannot be read or updated.").arg(path);
}

QString ErrorText::studyIndex(const index::IndexError& error)
{
    return studyIndex(error.kind(), QString::fromStdString(error.path()));
}

QString ErrorText::network(net::NetworkError::Problem problem, const QString& peer, const QStringList& arguments)
{
    using Problem = net::NetworkError::Problem;
    QString sentence;
    switch (problem) {
        case Problem::ConnectionRefused:
            sentence = tr("Connection refused: no DICOM service is listening on this host and port.");
            break;
        case Problem::HostUnreachable:
            sentence = tr("The host cannot be reached (no route to it).");
            break;
        case Problem::HostNotFound:
            sentence = tr("The host name is unknown.");
            break;
        case Problem::CannotConnect:
            sentence = tr("The connection could not be established.");
            break;
        case Problem::Timeout:
            sentence = tr("Timeout: no answer within %1 s.").arg(number(arguments, 0));
            break;
        case Problem::AssociationRejected: {
            const QString why = argument(arguments, 0);
            if (why == QLatin1String("calling_ae_title"))
                sentence = tr("Association rejected: our AE title %1 is not known to the peer (register this "
                              "workstation there).")
                               .arg(argument(arguments, 2));
            else if (why == QLatin1String("called_ae_title"))
                sentence = tr("Association rejected: the peer does not answer to the AE title %1 (check the AE title "
                              "in the settings).")
                               .arg(argument(arguments, 3));
            else if (why == QLatin1String("application_context"))
                sentence = tr("Association rejected: application context not supported.");
            else if (why == QLatin1String("protocol_version"))
                sentence = tr("Association rejected: protocol version not supported.");
            else if (why == QLatin1String("congestion"))
                sentence = tr("Association rejected: the peer is busy for the moment; try again later.");
            else if (why == QLatin1String("limit_exceeded"))
                sentence =
                    tr("Association rejected: the peer's limit of simultaneous connections is reached; try "
                       "again later.");
            else
                sentence = tr("Association rejected by the peer (no reason given).");
            break;
        }
        case Problem::NoPresentationContext:
            sentence = tr("The peer does not offer the service %1 to this AE title.").arg(argument(arguments, 0));
            break;
        case Problem::PeerAborted:
            sentence = tr("The connection was lost or aborted by the peer.");
            break;
        case Problem::FailureStatus:
            if (argument(arguments, 2).isEmpty())
                sentence = tr("%1 failed with status %2.").arg(argument(arguments, 0), argument(arguments, 1));
            else
                sentence = tr("%1 failed with status %2; the peer says: %3")
                               .arg(argument(arguments, 0), argument(arguments, 1), argument(arguments, 2));
            break;
        case Problem::NothingReceived:
            sentence = tr("The peer sent nothing for this study (unknown Study Instance UID?).");
            break;
        case Problem::InstancesMissing:
            sentence = tr("%1 of %Ln image(s) did not arrive.", nullptr, count(arguments, 1)).arg(number(arguments, 0));
            break;
        case Problem::Cancelled:
            sentence = tr("Cancelled.");
            break;
        case Problem::TlsHandshake:
            sentence = tr("The TLS handshake failed (certificate not trusted, expired, or for another host?).");
            break;
        case Problem::TlsCertificateUnreadable:
            sentence = tr("The certificate %1 cannot be read (PEM expected).").arg(argument(arguments, 0));
            break;
        case Problem::TlsPrivateKeyUnreadable:
            sentence = tr("The private key %1 cannot be read (PEM expected).").arg(argument(arguments, 0));
            break;
        case Problem::TlsCaCertificateUnreadable:
            sentence = tr("The CA certificate %1 cannot be read (PEM expected).").arg(argument(arguments, 0));
            break;
        case Problem::TlsKeyMismatch:
            sentence = tr("The private key does not match the certificate.");
            break;
        case Problem::TlsNoCaCertificate:
            sentence = tr("No CA certificate is configured: the peer cannot be verified.");
            break;
        case Problem::TlsServerNeedsCertificate:
            sentence = tr("Receiving over TLS needs a certificate and its private key.");
            break;
        case Problem::TlsCertificateWithoutKey:
            sentence = tr("Give both a certificate and its private key, or neither.");
            break;
        case Problem::CannotListen:
            sentence = tr("Cannot listen on port %1 (in use by another program, or a privileged port).")
                           .arg(argument(arguments, 0));
            break;
        case Problem::ReceiverNotRunning:
            sentence =
                tr("C-MOVE needs this workstation's DICOM receiver (Storage SCP), which is not running; "
                   "retrieve by C-GET instead.");
            break;
        case Problem::NoStorageFolder:
            sentence = tr("No storage folder is configured.");
            break;
        case Problem::StorageFolderUnwritable:
            sentence = tr("The storage folder %1 cannot be created or written.").arg(argument(arguments, 0));
            break;
        case Problem::CannotStoreInstance:
            sentence = tr("The received image cannot be saved as %1.").arg(argument(arguments, 0));
            break;
        case Problem::InvalidUid:
            sentence = tr("%1 \"%2\" is not a valid UID.").arg(argument(arguments, 0), argument(arguments, 1));
            break;
        case Problem::NoDatasetReceived:
            sentence = tr("An image arrived without its content (no data set).");
            break;
        case Problem::ReceivedWithoutUids:
            sentence = tr("A received image lacks its SOP Class UID or SOP Instance UID and is not saved.");
            break;
        case Problem::ReceiverAlreadyRunning:
            sentence = tr("The DICOM receiver (Storage SCP) is already running.");
            break;
        case Problem::OperationFailed:
            // The service by its DICOM name ("C-FIND"); the other steps ("network set-up") are English.
            if (argument(arguments, 0).startsWith(QLatin1String("C-")))
                sentence = tr("%1 failed (network or protocol error).").arg(argument(arguments, 0));
            else
                sentence = tr("The DICOM connection failed (network or protocol error).");
            break;
        case Problem::TlsSetupFailed:
            sentence = tr("TLS cannot be set up (security profile or cipher suites not available).");
            break;
        case Problem::NotDicomPeer:
            sentence =
                tr("The peer answered, but not in DICOM — is this a web port? Enter the PACS's DICOM port "
                   "(often 104, 4242 or 11112).");
            break;
        case Problem::Other:
            sentence = tr("Network error: %1").arg(argument(arguments, 0));
            break;
    }
    return peer.isEmpty() ? sentence : tr("%1: %2", "file or peer: what went wrong").arg(peer, sentence);
}

QString ErrorText::network(const net::NetworkError& error)
{
    return network(error.problem(), QString::fromStdString(error.peer()), toStringList(error.arguments()));
}

QString ErrorText::retrieve(const net::RetrieveResult& result)
{
    if (result.error.empty()) return {};
    return network(result.errorProblem, QString::fromStdString(result.errorPeer), toStringList(result.errorArguments));
}

QString ErrorText::database(feedback::DatabaseError::Kind kind, const QString& path, const QStringList& arguments)
{
    using Kind = feedback::DatabaseError::Kind;
    switch (kind) {
        case Kind::CannotOpen:
            return tr("The feedback database %1 cannot be opened.").arg(path);
        case Kind::ReadOnly:
            return tr("The feedback database %1 is read-only (read-only drive or share, or no permission).").arg(path);
        case Kind::DiskFull:
            return tr("The disk that holds the feedback database %1 is full.").arg(path);
        case Kind::Locked:
            return tr("The feedback database %1 is locked by another program (waited %2 s).")
                .arg(path, number(arguments, 0));
        case Kind::SchemaTooNew:
            return tr("The feedback database %1 was written by a newer Pulmo (schema %2; this version knows up to "
                      "%3).")
                .arg(path, number(arguments, 0), number(arguments, 1));
        case Kind::Corrupt:
            return tr("The feedback database %1 is damaged.").arg(path);
        case Kind::Other:
            break;
    }
    return tr("Feedback database error: %1").arg(argument(arguments, 0));
}

QString ErrorText::database(const feedback::DatabaseError& error)
{
    return database(error.kind(), QString::fromStdString(error.path()), toStringList(error.arguments()));
}

QString ErrorText::inference(inference::InferenceError::Kind kind, const QStringList& arguments)
{
    using Kind = inference::InferenceError::Kind;
    switch (kind) {
        case Kind::PluginMissing:
            return tr("The inference plugin %1 is missing.").arg(argument(arguments, 0));
        case Kind::PluginUnloadable:
            return tr("The inference plugin %1 cannot be loaded.").arg(argument(arguments, 0));
        case Kind::PluginAbiMismatch:
            return tr("The inference plugin %1 was built for another version of Pulmo (interface %2 expected).")
                .arg(argument(arguments, 0), argument(arguments, 1));
        case Kind::NoModelConfigured:
            return tr("No model is configured.");
        case Kind::ModelMissing:
            return tr("The model file %1 does not exist or cannot be read.").arg(argument(arguments, 0));
        case Kind::NotAModel:
            return tr("%1 is not a usable model (neither TorchScript nor a ResNet18 state_dict), or it is damaged.")
                .arg(argument(arguments, 0));
        case Kind::CardUnreadable: {
            inference::CardProblem problem = inference::CardProblem::NotJson;
            if (cardProblem(arguments, 2, &problem) && problem == inference::CardProblem::NotAnObject)
                return tr("The model card %1 is JSON, but not a JSON object (fields in braces).")
                    .arg(argument(arguments, 0));
            return tr("The model card %1 is not valid JSON.").arg(argument(arguments, 0));
        }
        case Kind::CardInvalid: {
            inference::CardProblem problem = inference::CardProblem::NotJson;
            if (!cardProblem(arguments, 3, &problem))
                return tr("The model card %1 has an invalid value in the field \"%2\".")
                    .arg(argument(arguments, 0), argument(arguments, 1));
            return tr("The model card %1 is refused: %2")
                .arg(argument(arguments, 0), cardReason(problem, argument(arguments, 1), arguments.mid(4)));
        }
        case Kind::ModelCardMismatch:
            return tr("The model %1 has %2 outputs, but its card names %3 classes.")
                .arg(argument(arguments, 0), number(arguments, 1), number(arguments, 2));
        case Kind::DeviceUnavailable:
            return tr("The device %1 is not available (no CUDA GPU, or no such device).").arg(argument(arguments, 0));
        case Kind::InferenceFailed:
            return tr("The model %1 failed on this image.").arg(argument(arguments, 0));
        case Kind::AiProcessFailed:
            return tr("The AI process %1 stopped or could not be started; viewing is not affected. OK in the "
                      "Preferences starts it again.")
                .arg(argument(arguments, 0));
        case Kind::Other:
            break;
    }
    return tr("AI error: %1").arg(argument(arguments, 0));
}

QString ErrorText::inference(const inference::ErrorInfo& error)
{
    return inference(error.kind, toStringList(error.arguments));
}

QString ErrorText::aiUnavailable(const inference::ErrorInfo& error)
{
    return tr("AI unavailable: %1").arg(inference(error));
}

QString ErrorText::of(const std::exception& error)
{
    if (const auto* typed = dynamic_cast<const dicom::DicomError*>(&error)) return dicom(*typed);
    if (const auto* typed = dynamic_cast<const net::NetworkError*>(&error)) return network(*typed);
    if (const auto* typed = dynamic_cast<const feedback::DatabaseError*>(&error)) return database(*typed);
    if (const auto* typed = dynamic_cast<const index::IndexError*>(&error)) return studyIndex(*typed);
    if (const auto* typed = dynamic_cast<const inference::InferenceError*>(&error))
        return inference(inference::ErrorInfo::of(*typed));
    return tr("Internal error: %1").arg(QString::fromUtf8(error.what()));
}

}  // namespace pulmo::app
