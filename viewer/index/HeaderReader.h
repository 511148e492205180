#pragma once
// Private to the study index: the header reads of a batch of files, on several threads, and what
// makes a file worth indexing (an image with study and series UIDs, or a document of a study: a
// structured report or another instance without pixels that names its study and series).

#include "dicom/ImageInfo.h"
#include "index/SkipReason.h"

#include <QString>

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace pulmo::index::detail {

/// One file's header, or why it is not indexed.
struct HeaderRead {
    enum class Outcome { NotRead, Image, Document, Skipped };
    Outcome outcome = Outcome::NotRead;
    dicom::ImageInfo info;
    QString reason;    ///< for Skipped: in words a user can act on (English)
    SkipReason cause;  ///< the same as a kind and parameters
};

/// Text of a header value (UTF-8, as dicom::ImageInfo carries it) as a QString.
QString fromDicom(const std::string& text);

/// Reads one file's header through dicom::readImageInfo. Never throws: a broken file is Skipped.
HeaderRead readHeader(const QString& path);

/// Reads the headers of `paths` into `results` (same order) on up to as many threads as there are
/// cores. The calling thread reads too and is the only one that calls `onCallingThread(readSoFar,
/// path)`. Files not started when `cancel` turns true stay NotRead.
void readHeaders(const std::vector<QString>& paths, std::vector<HeaderRead>& results, const std::atomic_bool* cancel,
                 const std::function<void(size_t, const QString&)>& onCallingThread);

}  // namespace pulmo::index::detail
