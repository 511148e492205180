// fuzz_storage_dataset: bytes -> what the Storage SCP does with a C-STORE's dataset once DIMSE has
// it: the dataset read in one of the transfer syntaxes the SCP accepts (the first byte picks it, as
// a peer's proposal would), the values the owner decides on, and the file written under its hashed
// name. A NetworkError is the promised refusal; a finding is anything else escaping, a file outside
// <root>/<32 hex>/<32 hex>.dcm, a partial file left behind, or a file DCMTK cannot read back.

#include "FuzzSupport.h"

#include "net/InstanceWriter.h"
#include "net/NetworkError.h"
#include "net/StoragePaths.h"
#include "net/StorageProvider.h"
#include "net/TransferSyntaxes.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <filesystem>
#include <memory>
#include <regex>
#include <system_error>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace pulmo;
    fuzz::setUp();
    if (size < 1) return 0;
    const std::vector<std::string>& syntaxes = net::detail::acceptedTransferSyntaxes();
    const std::string syntaxUid = syntaxes[data[0] % syntaxes.size()];
    const E_TransferSyntax syntax = DcmXfer(syntaxUid.c_str()).getXfer();

    // Read from a file, not DIMSE's buffer stream: on a buffer DCMTK reserves each element's declared
    // length (up to 4 GiB) before its bytes arrive, which under ASan costs its shadow memory on every
    // input; from a file it refuses a length longer than what is left. The parser is the same.
    const std::string path = fuzz::writeScratch(data + 1, size - 1, "dataset");
    auto dataset = std::make_unique<DcmDataset>();
    if (dataset->loadFile(path.c_str(), syntax).bad()) return 0;

    // A peer announces the instance it sends; the SCP refuses a dataset that is another one.
    OFString announced;
    dataset->findAndGetOFString(DCM_SOPInstanceUID, announced);
    const net::IncomingInstance incoming =
        net::detail::incomingInstance(*dataset, syntax, announced.c_str(), UID_SecondaryCaptureImageStorage);
    (void)incoming;

    const std::string root = fuzz::scratchFolder() + "/store";
    const net::detail::InstanceWriter writer(root, false);
    net::ReceivedInstance instance;
    try {
        instance = writer.write(std::move(dataset), syntax);
    } catch (const net::NetworkError&) {
        std::error_code ignored;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ignored))
            if (entry.path().extension() == net::kPartialSuffix) fuzz::finding("a partial file was left behind");
        std::filesystem::remove_all(root, ignored);
        return 0;
    }
    static const std::regex named(R"([0-9a-f]{32}/[0-9a-f]{32}\.dcm)");
    if (instance.filePath.rfind(root + "/", 0) != 0 ||
        !std::regex_match(instance.filePath.substr(root.size() + 1), named))
        fuzz::finding("a received instance stored as " + instance.filePath);
    if (instance.filePath != net::instancePath(root, instance.studyInstanceUid, instance.sopInstanceUid))
        fuzz::finding("a received instance not under the name of its UIDs");
    DcmFileFormat back;
    if (back.loadFile(instance.filePath.c_str()).bad()) fuzz::finding("a stored instance DCMTK cannot read back");
    std::error_code ignored;
    std::filesystem::remove_all(root, ignored);
    return 0;
}
