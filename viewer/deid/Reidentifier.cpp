#include "deid/Reidentifier.h"

#include "deid/DeidText.h"
#include "deid/Deidentifier.h"
#include "dicom/DcmtkFile.h"
#include "dicom/DcmtkLogging.h"
#include "dicom/DicomError.h"
#include "dicom/DicomText.h"
#include "dicom/ParserGuard.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcvr.h>

#include <filesystem>
#include <memory>
#include <vector>

#include <unistd.h>

namespace pulmo::deid {

namespace {

using detail::textOf;
using dicom::DicomError;

/// The original's identity an answer gets back: the Patient module and the General Study module
/// (PS3.3 C.7.1.1, C.7.2.1) as far as a radiograph's derived objects carry them.
const DcmTagKey kIdentity[] = {
    DCM_PatientName,
    DCM_PatientID,
    DCM_IssuerOfPatientID,
    DCM_IssuerOfPatientIDQualifiersSequence,
    DCM_PatientBirthDate,
    DCM_PatientBirthTime,
    DCM_PatientSex,
    DCM_OtherPatientIDsSequence,
    DCM_PatientAge,
    DCM_PatientSize,
    DCM_PatientWeight,
    DCM_EthnicGroup,
    DCM_PatientComments,
    DCM_StudyDate,
    DCM_StudyTime,
    DCM_ReferringPhysicianName,
    DCM_StudyID,
    DCM_AccessionNumber,
    DCM_IssuerOfAccessionNumberSequence,
    DCM_StudyDescription,
    DCM_TimezoneOffsetFromUTC,
};

/// The marks of a de-identified object (PS3.15 E.1-1's own), which a re-identified one must not carry.
const DcmTagKey kMarks[] = {
    DCM_PatientIdentityRemoved,
    DCM_DeidentificationMethod,
    DCM_DeidentificationMethodCodeSequence,
    DCM_LongitudinalTemporalInformationModified,
};

std::string stringOf(DcmElement& element)
{
    OFString value;
    if (element.getOFStringArray(value).bad()) return {};
    return std::string(value.c_str(), value.length());
}

void check(const OFCondition& condition, const std::string& path, const std::string& what)
{
    if (condition.bad())
        throw DicomError(DicomError::Kind::CannotWrite, path, "cannot write " + what + ": " + condition.text(),
                         {what + ": " + condition.text()});
}

/// A copy of `element` into `item`, replacing its namesake.
void insertCopy(DcmItem& item, DcmElement& element, const std::string& path)
{
    auto* copy = static_cast<DcmElement*>(element.clone());
    const OFCondition inserted = item.insert(copy, OFTrue);
    if (inserted.bad()) delete copy;
    check(inserted, path, DcmTag(element.getTag()).getTagName());
}

/// Saves `dataset` as `outputPath` with a new meta header and a zero preamble: beside it, then renamed.
/// `withMeta` false: the dataset alone (no preamble, no meta header: the identity record).
void saveAs(std::unique_ptr<DcmDataset> dataset, E_TransferSyntax transferSyntax, const std::string& outputPath,
            bool withMeta = true)
{
    std::error_code error;
    std::filesystem::create_directories(std::filesystem::path(outputPath).parent_path(), error);
    const std::string partial = outputPath + ".part-" + std::to_string(::getpid());
    // Odd-length values still in the input file would be padded only as the save loads them, after
    // the item lengths around them are computed (see deidentifyOnThisThread).
    dataset->loadAllDataIntoMemory();
    OFCondition saved;
    if (withMeta) {
        DcmFileFormat output(dataset.release(), /*deepCopy=*/OFFalse);
        saved = output.saveFile(OFFilename(partial.c_str()), transferSyntax, EET_ExplicitLength, EGL_recalcGL,
                                EPD_noChange, 0, 0, EWM_createNewMeta);
    } else {
        saved = dataset->saveFile(OFFilename(partial.c_str()), transferSyntax, EET_ExplicitLength);
    }
    if (saved.bad()) {
        std::filesystem::remove(partial, error);
        throw DicomError(DicomError::Kind::CannotWrite, outputPath, std::string("cannot write: ") + saved.text(),
                         {saved.text()});
    }
    std::filesystem::rename(partial, outputPath, error);
    if (error) {
        std::filesystem::remove(partial, error);
        throw DicomError(DicomError::Kind::CannotWrite, outputPath, "cannot write: " + error.message(),
                         {error.message()});
    }
}

/// Puts the original's UIDs and values back, at any depth.
class Restorer {
public:
    Restorer(const UidLookup& lookup, std::string pseudonymId, std::string pseudonymName, std::string originalId,
             std::string originalName)
        : m_lookup(lookup),
          m_pseudonymId(std::move(pseudonymId)),
          m_pseudonymName(std::move(pseudonymName)),
          m_originalId(std::move(originalId)),
          m_originalName(std::move(originalName))
    {
    }

    int uids = 0;
    int values = 0;

    void walk(DcmItem& item)
    {
        for (unsigned long index = 0; index < item.card(); ++index) {
            DcmElement* element = item.getElement(index);
            if (element == nullptr) continue;
            const DcmEVR vr = element->getTag().getEVR();
            if (vr == EVR_SQ) {
                auto* sequence = static_cast<DcmSequenceOfItems*>(element);
                for (unsigned long i = 0; i < sequence->card(); ++i) walk(*sequence->getItem(i));
            } else if (vr == EVR_UI) {
                restoreUids(*element);
            } else if (vr == EVR_PN) {
                restoreValue(*element, m_pseudonymName, m_originalName);
            } else if (vr == EVR_LO || vr == EVR_SH || vr == EVR_UC || vr == EVR_ST || vr == EVR_LT || vr == EVR_UT) {
                restoreValue(*element, m_pseudonymId, m_originalId);
            }
        }
    }

private:
    void restoreUids(DcmElement& element)
    {
        const std::string text = stringOf(element);
        if (text.empty()) return;
        std::vector<std::string> parts = detail::splitValues(text);
        bool changed = false;
        for (std::string& value : parts) {
            const std::optional<std::string> original = m_lookup(value);
            if (!original || *original == value) continue;
            value = *original;
            changed = true;
            ++uids;
        }
        if (!changed) return;
        std::string joined;
        for (size_t i = 0; i < parts.size(); ++i) joined += (i ? "\\" : "") + parts[i];
        element.putString(joined.c_str());
    }
    /// A value that is the pseudonym as a whole (the server copied it into its content) becomes the
    /// original's; a value merely containing it is left as the server wrote it.
    void restoreValue(DcmElement& element, const std::string& pseudonym, const std::string& original)
    {
        if (pseudonym.empty() || stringOf(element) != pseudonym) return;
        element.putString(original.c_str());
        ++values;
    }

    const UidLookup& m_lookup;
    std::string m_pseudonymId, m_pseudonymName, m_originalId, m_originalName;
};

void writeRecordOnThisThread(const std::string& originalPath, const std::string& outputPath)
{
    DcmFileFormat file;
    dicom::detail::loadFileOrThrow(file, originalPath);
    DcmDataset& original = *file.getDataset();
    // The bytes as they were, with their character set: the answers are written in it when they can be.
    auto record = std::make_unique<DcmDataset>();
    const auto copy = [&](const DcmTagKey& key) {
        DcmElement* element = nullptr;
        if (original.findAndGetElement(key, element).good() && element != nullptr)
            insertCopy(*record, *element, outputPath);
    };
    copy(DCM_SpecificCharacterSet);
    copy(DCM_StudyInstanceUID);
    for (const DcmTagKey& key : kIdentity) copy(key);
    if (textOf(*record, DCM_StudyInstanceUID).empty())
        throw DicomError(DicomError::Kind::InvalidHeaderValue, originalPath, "no Study Instance UID",
                         {"StudyInstanceUID", ""});
    saveAs(std::move(record), EXS_LittleEndianExplicit, outputPath, /*withMeta=*/false);
}

ReidOutcome reidentifyOnThisThread(const std::string& inputPath, const std::string& identityRecordPath,
                                   const std::string& pseudonymId, const UidLookup& originalUid,
                                   const std::string& outputPath)
{
    DcmFileFormat recordFile;
    dicom::detail::loadFileOrThrow(recordFile, identityRecordPath);
    const std::string originalSet = textOf(*recordFile.getDataset(), DCM_SpecificCharacterSet);
    DcmDataset& record = *recordFile.getDataset();
    dicom::detail::convertToUtf8(record);
    DcmFileFormat file;
    dicom::detail::loadFileOrThrow(file, inputPath);
    DcmDataset& answer = *file.getDataset();
    // One character set: the record is UTF-8 already; the answer may come in any.
    dicom::detail::convertToUtf8(answer);

    const std::string study = textOf(answer, DCM_StudyInstanceUID);
    const std::optional<std::string> originalStudy = originalUid(study);
    if (!originalStudy)
        throw DicomError(DicomError::Kind::InvalidHeaderValue, inputPath,
                         "its Study Instance UID " + study + " is not one of a de-identified copy this node sent",
                         {"StudyInstanceUID", study});

    // The answer's own SOP Instance UID stays (the caller refuses the copy itself coming back).
    const std::string ownUid = textOf(answer, DCM_SOPInstanceUID);
    Restorer restorer(originalUid, pseudonymId, pseudonymName(pseudonymId), textOf(record, DCM_PatientID),
                      textOf(record, DCM_PatientName));
    restorer.walk(answer);
    if (textOf(answer, DCM_SOPInstanceUID) != ownUid) {
        check(answer.putAndInsertString(DCM_SOPInstanceUID, ownUid.c_str()), outputPath, "SOP Instance UID");
        --restorer.uids;
    }
    int restored = restorer.values;
    // The Patient and General Study modules: the original's values; one the original has not is
    // emptied where the answer has it (Type 2 stays present), as the pseudonym or dummy must go.
    for (const DcmTagKey& key : kIdentity) {
        DcmElement* mine = nullptr;
        const bool present = answer.findAndGetElement(key, mine).good() && mine != nullptr;
        DcmElement* theirs = nullptr;
        if (record.findAndGetElement(key, theirs).good() && theirs != nullptr) {
            insertCopy(answer, *theirs, outputPath);
            ++restored;
        } else if (present) {
            answer.findAndDeleteElement(key);
            check(answer.insertEmptyElement(key), outputPath, DcmTag(key).getTagName());
        }
    }
    for (const DcmTagKey& key : kMarks) answer.findAndDeleteElement(key);
    // Both are UTF-8 now; the record declares it when the original's identity is not ASCII.
    if (!textOf(record, DCM_SpecificCharacterSet).empty())
        check(answer.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192"), outputPath, "Specific Character Set");

    ReidOutcome outcome;
    outcome.outputPath = outputPath;
    outcome.sopInstanceUid = textOf(answer, DCM_SOPInstanceUID);
    outcome.sopClassUid = textOf(answer, DCM_SOPClassUID);
    outcome.studyInstanceUid = textOf(answer, DCM_StudyInstanceUID);
    outcome.uidsRestored = restorer.uids;
    outcome.valuesRestored = restored;
    const E_TransferSyntax transferSyntax = answer.getOriginalXfer();
    // In the original's character set when every text fits it (so that the patient's and the study's
    // attributes are the same bytes as in the study's other objects: what dcentvfy and some archives
    // compare), else UTF-8. DCMTK converts from UTF-8 (iconv); the Japanese ISO 2022 sets stay UTF-8.
    std::unique_ptr<DcmDataset> output(file.getAndRemoveDataset());
    if (!originalSet.empty() && originalSet != "ISO_IR 192" &&
        textOf(*output, DCM_SpecificCharacterSet) == "ISO_IR 192") {
        auto converted = std::make_unique<DcmDataset>(*output);
        if (converted->convertCharacterSet(originalSet.c_str(), 0).good()) output = std::move(converted);
    }
    saveAs(std::move(output), transferSyntax, outputPath);
    return outcome;
}

}  // namespace

void writeIdentityRecord(const std::string& originalPath, const std::string& outputPath)
{
    dicom::ensureDcmtkLogQuiet();
    dicom::detail::withParserStack<int>(originalPath, [&] {
        writeRecordOnThisThread(originalPath, outputPath);
        return 0;
    });
}

ReidOutcome reidentifyFile(const std::string& inputPath, const std::string& identityRecordPath,
                           const std::string& pseudonymId, const UidLookup& originalUid, const std::string& outputPath)
{
    dicom::ensureDcmtkLogQuiet();
    return dicom::detail::withParserStack<ReidOutcome>(inputPath, [&] {
        return reidentifyOnThisThread(inputPath, identityRecordPath, pseudonymId, originalUid, outputPath);
    });
}

}  // namespace pulmo::deid
