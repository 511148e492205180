#include "index/HeaderReader.h"

#include "dicom/DicomError.h"
#include "dicom/DicomFile.h"

#include <QFile>

#include <algorithm>
#include <system_error>
#include <thread>

namespace pulmo::index::detail {
namespace {

// Header reads run on up to this many threads; DCMTK parsing is CPU-bound once files are cached.
constexpr unsigned kMaximumReaderThreads = 8;
// Media Storage Directory Storage (a DICOMDIR): never a document of a study.
constexpr const char* kMediaStorageDirectory = "1.2.840.10008.1.3.10";

}  // namespace

// ImageInfo's text is UTF-8: the DICOM bridge (dicom::readImageInfo) decoded it by the file's
// Specific Character Set, and never hands out invalid UTF-8.
QString fromDicom(const std::string& text)
{
    return QString::fromUtf8(QByteArrayView(text.data(), qsizetype(text.size())));
}

HeaderRead readHeader(const QString& path)
{
    HeaderRead result;
    try {
        result.info = dicom::readImageInfo(QFile::encodeName(path).toStdString());
    } catch (const dicom::DicomError& error) {
        result.outcome = HeaderRead::Outcome::Skipped;
        result.reason = fromDicom(error.reason());
        result.cause = SkipReason::of(error);
        result.cause.text = result.reason;
        return result;
    } catch (const std::exception& error) {
        result.outcome = HeaderRead::Outcome::Skipped;
        result.reason = fromDicom(error.what());
        result.cause = SkipReason::of(SkipReason::Kind::Other, result.reason);
        return result;
    }
    const dicom::ImageInfo& info = result.info;
    result.outcome = HeaderRead::Outcome::Skipped;
    // No pixels but a SOP Class and a place in a study: a structured report, a key object
    // selection, a presentation state. A DICOMDIR (Media Storage Directory) names no study.
    const bool document = !info.hasPixelData && !info.sopClassUid.empty() && !info.studyInstanceUid.empty() &&
                          !info.seriesInstanceUid.empty() && info.sopClassUid != kMediaStorageDirectory;
    if (document) {
        result.outcome = HeaderRead::Outcome::Document;
    } else if (!info.hasPixelData || info.rows <= 0 || info.columns <= 0) {
        result.reason = QStringLiteral("not an image: no Pixel Data (SOP Class %1)")
                            .arg(info.sopClassUid.empty() ? QStringLiteral("unknown") : fromDicom(info.sopClassUid));
        result.cause = SkipReason::of(SkipReason::Kind::NotAnImage, result.reason, {fromDicom(info.sopClassUid)});
    } else if (info.studyInstanceUid.empty()) {
        result.reason = QStringLiteral("no Study Instance UID");
        result.cause = SkipReason::of(SkipReason::Kind::NoStudyUid, result.reason);
    } else if (info.seriesInstanceUid.empty()) {
        result.reason = QStringLiteral("no Series Instance UID");
        result.cause = SkipReason::of(SkipReason::Kind::NoSeriesUid, result.reason);
    } else {
        result.outcome = HeaderRead::Outcome::Image;
    }
    return result;
}

void readHeaders(const std::vector<QString>& paths, std::vector<HeaderRead>& results, const std::atomic_bool* cancel,
                 const std::function<void(size_t, const QString&)>& onCallingThread)
{
    results.assign(paths.size(), HeaderRead());
    std::atomic<size_t> next{0};
    std::atomic<size_t> finished{0};
    const auto work = [&](bool callingThread) {
        for (;;) {
            if (cancel && cancel->load()) return;
            const size_t i = next.fetch_add(1);
            if (i >= paths.size()) return;
            results[i] = readHeader(paths[i]);
            const size_t count = finished.fetch_add(1) + 1;
            if (callingThread && onCallingThread) onCallingThread(count, paths[i]);
        }
    };
    // Threads only pay off for more than a handful of files.
    const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
    const size_t wanted = std::min<size_t>({hardware, kMaximumReaderThreads, paths.size() / 8 + 1});
    std::vector<std::thread> helpers;
    for (size_t t = 1; t < wanted; ++t) {
        try {
            helpers.emplace_back(work, false);
        } catch (const std::system_error&) {
            break;  // fewer threads, same result
        }
    }
    work(true);
    for (std::thread& helper : helpers) helper.join();
}

}  // namespace pulmo::index::detail
