#pragma once
// DCMTK's own log (oflog) set once, from Qt's logging categories, and sent through them. DCMTK stays
// inside DcmtkLogging.cpp; both DCMTK bridges (pulmo_viewer and pulmo_net) link this.

class QLoggingCategory;

namespace pulmo::dicom {

/// DCMTK's oflog follows two Qt categories: DCMTK's networking loggers ("dcmtk.dcmnet", "dcmtk.dcmtls")
/// follow `network`, every other DCMTK logger follows `dicom`. A category with debug enabled puts its
/// loggers at DEBUG, one with info enabled at INFO, otherwise they stay at FATAL: DCMTK's warnings about
/// odd files and failed associations reach callers as DicomError or NetworkError already, and the CLI
/// promises one line per error. DCMTK's lines then go out through the same categories (debug, info,
/// warning; error and fatal as critical), so they land where Qt's messages do, in Qt's message pattern.
/// Call after Qt's logging rules are in force (after QCoreApplication is constructed, which reads
/// QT_LOGGING_RULES); any thread; the last call wins, and no later DCMTK use resets it. Both categories
/// must live until the process ends (those made by Q_LOGGING_CATEGORY do).
void routeDcmtkLog(const QLoggingCategory& dicom, const QLoggingCategory& network);

/// What the bridges call before they first use DCMTK: quiet (FATAL, on stderr, DCMTK's own format)
/// unless routeDcmtkLog ran already, so that a program that sets nothing up hears nothing from DCMTK,
/// and a level set up front survives the first decode. Thread-safe; cheap after the first call.
void ensureDcmtkLogQuiet();

/// Whether DCMTK's logger `name` (e.g. "dcmtk.dcmnet", "dcmtk.dcmdata") now logs debug messages.
bool dcmtkDebugEnabled(const char* name);

}  // namespace pulmo::dicom
