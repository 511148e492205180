#include "net/TransferSyntaxes.h"

#include "net/StorageScp.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <algorithm>

namespace pulmo::net::detail {
namespace {

/// Chest radiography and the classes a viewer meets most, in that order.
const std::vector<std::string>& primarySopClasses()
{
    static const std::vector<std::string> classes = chestRadiographySopClasses(true);
    return classes;
}

const std::vector<std::string>& secondarySopClasses()
{
    static const std::vector<std::string> classes = {
        UID_CTImageStorage,
        UID_MRImageStorage,
        UID_DigitalMammographyXRayImageStorageForPresentation,
        UID_UltrasoundImageStorage,
        UID_UltrasoundMultiframeImageStorage,
        UID_XRayAngiographicImageStorage,
        UID_XRayRadiofluoroscopicImageStorage,
        UID_NuclearMedicineImageStorage,
        UID_PositronEmissionTomographyImageStorage,
        UID_EnhancedCTImageStorage,
        UID_EnhancedMRImageStorage,
        UID_MultiframeGrayscaleWordSecondaryCaptureImageStorage,
    };
    return classes;
}

const std::vector<std::string>& uncompressed()
{
    static const std::vector<std::string> syntaxes = {UID_LittleEndianExplicitTransferSyntax,
                                                      UID_LittleEndianImplicitTransferSyntax};
    return syntaxes;
}

/// Each compressed syntax on its own, lossless first.
const std::vector<std::string>& compressedLossless()
{
    static const std::vector<std::string> syntaxes = {
        UID_JPEGLSLosslessTransferSyntax,
        UID_JPEGProcess14SV1TransferSyntax,
        UID_JPEG2000LosslessOnlyTransferSyntax,
        UID_RLELosslessTransferSyntax,
        UID_DeflatedExplicitVRLittleEndianTransferSyntax,
    };
    return syntaxes;
}

const std::vector<std::string>& compressedLossy()
{
    static const std::vector<std::string> syntaxes = {
        UID_JPEGProcess1TransferSyntax, UID_JPEGProcess2_4TransferSyntax, UID_JPEG2000TransferSyntax,
        UID_JPEGLSLossyTransferSyntax,  UID_JPEGProcess14TransferSyntax,
    };
    return syntaxes;
}

}  // namespace

const std::vector<std::string>& acceptedTransferSyntaxes()
{
    static const std::vector<std::string> syntaxes = [] {
        std::vector<std::string> all = uncompressed();
        all.push_back(UID_BigEndianExplicitTransferSyntax);
        for (const auto& syntax : compressedLossless()) all.push_back(syntax);
        for (const auto& syntax : compressedLossy()) all.push_back(syntax);
        return all;
    }();
    return syntaxes;
}

std::vector<std::string> acceptedStorageSopClasses()
{
    std::vector<std::string> classes = primarySopClasses();
    for (const auto& sopClass : secondarySopClasses()) classes.push_back(sopClass);
    for (int i = 0; i < numberOfDcmAllStorageSOPClassUIDs; ++i) {
        const std::string sopClass = dcmAllStorageSOPClassUIDs[i];
        if (std::find(classes.begin(), classes.end(), sopClass) == classes.end()) classes.push_back(sopClass);
    }
    return classes;
}

std::vector<ProposedContext> getStorageContexts(size_t budget)
{
    std::vector<ProposedContext> contexts;
    const auto add = [&](const std::string& sopClass, std::vector<std::string> syntaxes) {
        if (contexts.size() < budget) contexts.push_back({sopClass, std::move(syntaxes)});
    };
    for (const auto& sopClass : primarySopClasses()) {
        add(sopClass, uncompressed());
        for (const auto& syntax : compressedLossless()) add(sopClass, {syntax});
        for (const auto& syntax : compressedLossy()) add(sopClass, {syntax});
    }
    // The reports a chest study holds (Pulmo's AI results among them): right after the radiographs,
    // before the 128 contexts run out, so that a retrieved study brings its reports.
    for (const char* sopClass : {UID_Comprehensive3DSRStorage, UID_ComprehensiveSRStorage, UID_EnhancedSRStorage,
                                 UID_BasicTextSRStorage, UID_KeyObjectSelectionDocumentStorage})
        add(sopClass, uncompressed());
    for (const auto& sopClass : secondarySopClasses()) {
        add(sopClass, uncompressed());
        add(sopClass, {UID_JPEGLSLosslessTransferSyntax});
        add(sopClass, {UID_JPEGProcess14SV1TransferSyntax});
        add(sopClass, {UID_JPEG2000LosslessOnlyTransferSyntax});
        add(sopClass, {UID_RLELosslessTransferSyntax});
    }
    for (int i = 0; i < numberOfDcmLongSCUStorageSOPClassUIDs && contexts.size() < budget; ++i) {
        const std::string sopClass = dcmLongSCUStorageSOPClassUIDs[i];
        const bool known = std::any_of(contexts.begin(), contexts.end(),
                                       [&](const ProposedContext& context) { return context.sopClass == sopClass; });
        if (!known) add(sopClass, uncompressed());
    }
    return contexts;
}

}  // namespace pulmo::net::detail

namespace pulmo::net {

std::vector<std::string> chestRadiographySopClasses(bool withSecondaryCapture)
{
    std::vector<std::string> classes = {
        UID_ComputedRadiographyImageStorage,
        UID_DigitalXRayImageStorageForPresentation,
        UID_DigitalXRayImageStorageForProcessing,
    };
    if (withSecondaryCapture) classes.push_back(UID_SecondaryCaptureImageStorage);
    return classes;
}

}  // namespace pulmo::net
