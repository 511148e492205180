#include "net/InstanceWriter.h"

#include "net/DcmtkNetwork.h"
#include "net/StoragePaths.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace pulmo::net::detail {
namespace {

void syncPath(const std::string& path)
{
    const int descriptor = ::open(path.c_str(), O_RDONLY);
    if (descriptor < 0) return;
    ::fsync(descriptor);
    ::close(descriptor);
}

/// A name no other writer in this or another process picks at the same time.
std::string temporaryName(const std::string& finalPath)
{
    static std::atomic<unsigned> counter{0};
    return finalPath + "." + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1)) + kPartialSuffix;
}

}  // namespace

InstanceWriter::InstanceWriter(std::string root, bool syncToDisk) : m_root(std::move(root)), m_syncToDisk(syncToDisk)
{
    std::error_code error;
    std::filesystem::create_directories(m_root, error);
    if (error || !std::filesystem::is_directory(m_root))
        throw NetworkError(NetworkError::Kind::Local, {}, m_root + ": cannot create the storage folder",
                           NetworkError::Problem::StorageFolderUnwritable, {m_root});
}

ReceivedInstance InstanceWriter::write(std::unique_ptr<DcmDataset> dataset, E_TransferSyntax transferSyntax) const
{
    using Kind = NetworkError::Kind;
    using Problem = NetworkError::Problem;
    if (!dataset) throw NetworkError(Kind::Local, {}, "no dataset received", Problem::NoDatasetReceived);
    ReceivedInstance instance;
    instance.studyInstanceUid = stringValue(*dataset, 0x0020, 0x000D);
    instance.seriesInstanceUid = stringValue(*dataset, 0x0020, 0x000E);
    instance.sopInstanceUid = stringValue(*dataset, 0x0008, 0x0018);
    instance.sopClassUid = stringValue(*dataset, 0x0008, 0x0016);
    if (instance.sopInstanceUid.empty() || instance.sopClassUid.empty())
        throw NetworkError(Kind::Local, {}, "received dataset lacks its SOP Class or SOP Instance UID",
                           Problem::ReceivedWithoutUids);
    // A missing study UID still gets a folder of its own (the hash of ""), never the root itself.
    const std::string folder = studyFolder(m_root, instance.studyInstanceUid);
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error)
        throw NetworkError(Kind::Local, {}, folder + ": cannot create folder: " + error.message(),
                           NetworkError::Problem::StorageFolderUnwritable, {folder});

    instance.filePath = instancePath(m_root, instance.studyInstanceUid, instance.sopInstanceUid);
    const std::string partial = temporaryName(instance.filePath);
    if (transferSyntax == EXS_Unknown) transferSyntax = dataset->getOriginalXfer();
    instance.transferSyntaxUid = DcmXfer(transferSyntax).getXferID();

    DcmFileFormat file(dataset.release(), OFFalse);  // takes the dataset over, no copy
    // Explicit lengths, as most archives write; a fresh meta header names the transfer syntax kept.
    const OFCondition written = file.saveFile(partial.c_str(), transferSyntax, EET_ExplicitLength, EGL_recalcGL,
                                              EPD_noChange, 0, 0, EWM_createNewMeta);
    if (written.bad()) {
        std::remove(partial.c_str());
        throw NetworkError(Kind::Local, {}, partial + ": cannot write: " + written.text(),
                           NetworkError::Problem::CannotStoreInstance, {partial, written.text()});
    }
    if (m_syncToDisk) syncPath(partial);
    if (std::rename(partial.c_str(), instance.filePath.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        std::remove(partial.c_str());
        throw NetworkError(Kind::Local, {}, instance.filePath + ": cannot rename into place: " + reason,
                           NetworkError::Problem::CannotStoreInstance, {instance.filePath, reason});
    }
    if (m_syncToDisk) syncPath(folder);
    struct stat status {};
    if (::stat(instance.filePath.c_str(), &status) == 0) instance.bytes = uint64_t(status.st_size);
    return instance;
}

}  // namespace pulmo::net::detail
