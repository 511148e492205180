#pragma once
// The one place where the errors of the lower layers (DICOM, study index, network, feedback
// database, model loading and inference) become sentences for the user, in the user's language.
// The layers report a kind and its parameters; the sentences are tr()'d here, in the "ErrorText"
// context, and the English what() stays for the CLI and logs. UI thread (a translator installed
// on the application is what picks the language).

#include "InferenceError.h"
#include "dicom/DicomError.h"
#include "FeedbackDatabase.h"
#include "index/IndexError.h"
#include "index/SkipReason.h"
#include "net/NetworkError.h"
#include "net/RetrieveResult.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <exception>

namespace pulmo::app {

class ErrorText {
    Q_DECLARE_TR_FUNCTIONS(ErrorText)

public:
    /// Why a DICOM file was refused, one sentence without the file (for lists that show the file).
    static QString dicomReason(dicom::DicomError::Kind kind, const QStringList& arguments);
    /// The file and why: "FILE: sentence".
    static QString dicom(dicom::DicomError::Kind kind, const QString& filePath, const QStringList& arguments);
    static QString dicom(const dicom::DicomError& error);

    /// Why the study index skipped a file, one sentence without the file.
    static QString skipReason(const index::SkipReason& reason);
    /// The file and why it was skipped: "FILE: sentence".
    static QString skippedFile(const QString& filePath, const index::SkipReason& reason);

    /// A failure of the study index's own database, naming the file.
    static QString studyIndex(index::IndexError::Kind kind, const QString& path);
    static QString studyIndex(const index::IndexError& error);

    /// A network failure, naming the peer when there is one: "PEER: sentence".
    static QString network(net::NetworkError::Problem problem, const QString& peer, const QStringList& arguments);
    static QString network(const net::NetworkError& error);
    /// Why a retrieve failed or is incomplete; empty when it succeeded.
    static QString retrieve(const net::RetrieveResult& result);

    /// A feedback-database failure, naming the database file.
    static QString database(feedback::DatabaseError::Kind kind, const QString& path, const QStringList& arguments);
    static QString database(const feedback::DatabaseError& error);

    /// A model-loading or inference failure.
    static QString inference(inference::InferenceError::Kind kind, const QStringList& arguments);
    static QString inference(const inference::ErrorInfo& error);
    /// Why a model card was refused, one sentence naming the field (`parameters`: the problem's own).
    static QString cardReason(inference::CardProblem problem, const QString& field, const QStringList& parameters);
    /// "AI unavailable: sentence", what the AI panel shows when there is no model.
    static QString aiUnavailable(const inference::ErrorInfo& error);

    /// Any exception: one of the error types above in its own words, anything else framed as an
    /// internal error with its (English) text.
    static QString of(const std::exception& error);

    /// Helpers for the callers' own conversions.
    static QStringList toStringList(const std::vector<std::string>& arguments);
};

}  // namespace pulmo::app
