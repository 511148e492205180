#include "net/QueryKeys.h"

#include "dicom/DicomText.h"
#include "net/DcmtkNetwork.h"
#include "net/DicomAssociation.h"

#include <dcmtk/dcmdata/dcdeftag.h>

#include <charconv>

namespace pulmo::net::detail {
namespace {

using dicom::detail::TextDecoder;

void put(DcmDataset& keys, const DcmTagKey& tag, const std::string& value)
{
    keys.putAndInsertString(tag, value.c_str());
}

/// A C-FIND identifier that says its character set. The keys are UTF-8 (what the GUI and the CLI
/// hand down), so every identifier goes out as ISO_IR 192, ASCII keys too: a peer that honours the
/// request's character set (Orthanc does) then answers in UTF-8, which carries every name, whereas
/// its default (often Latin-1) would turn a Japanese or Greek name into '?'. Answers are decoded by
/// their own Specific Character Set whatever the peer chose.
std::unique_ptr<DcmDataset> findIdentifier(const char* level)
{
    auto keys = std::make_unique<DcmDataset>();
    put(*keys, DCM_SpecificCharacterSet, "ISO_IR 192");
    put(*keys, DCM_QueryRetrieveLevel, level);
    return keys;
}

int integerValue(DcmDataset& answer, const DcmTagKey& tag)
{
    const std::string text = stringValue(answer, tag.getGroup(), tag.getElement());
    // IS values (PS3.5): an optional sign, digits; from_chars, not the C library's locale.
    const char* begin = text.data() + (!text.empty() && text.front() == '+' ? 1 : 0);  // often absent: -1
    int value = -1;
    const auto [stop, error] = std::from_chars(begin, text.data() + text.size(), value);
    return error == std::errc() && stop == text.data() + text.size() ? value : -1;
}

/// The values of a C-FIND answer as UTF-8, decoded by the answer's own Specific Character Set
/// (which need not be the one asked for).
class AnswerText {
public:
    explicit AnswerText(DcmDataset& answer) : m_answer(answer), m_decoder(answer) {}
    std::string operator()(const DcmTagKey& tag) const { return m_decoder.value(m_answer, tag, -1); }

private:
    DcmDataset& m_answer;
    TextDecoder m_decoder;
};

/// "CR,DX" and "CR\DX" both mean the list CR, DX.
std::string modalityList(const std::string& modalities)
{
    std::string list = modalities;
    for (char& c : list)
        if (c == ',') c = '\\';
    return list;
}

}  // namespace

void requireQueryableUid(const std::string& uid, const char* what)
{
    const bool wildcard = uid.find_first_of("*?\\") != std::string::npos;
    if (uid.empty() || uid.size() > 64 || wildcard)
        throw NetworkError(NetworkError::Kind::Local, {},
                           std::string(what) + " '" + uid + "' is not a UID (1 to 64 characters, no wildcards)",
                           NetworkError::Problem::InvalidUid, {what, uid});
}

std::unique_ptr<DcmDataset> studyKeys(const StudyQuery& query)
{
    auto keys = findIdentifier("STUDY");
    put(*keys, DCM_StudyInstanceUID, "");
    put(*keys, DCM_PatientName, query.patientName);
    put(*keys, DCM_PatientID, query.patientId);
    put(*keys, DCM_PatientBirthDate, "");
    put(*keys, DCM_PatientSex, "");
    put(*keys, DCM_StudyDate, query.studyDate);
    put(*keys, DCM_StudyTime, "");
    put(*keys, DCM_AccessionNumber, query.accessionNumber);
    put(*keys, DCM_StudyDescription, query.studyDescription);
    put(*keys, DCM_ModalitiesInStudy, modalityList(query.modalities));
    put(*keys, DCM_StudyID, "");
    put(*keys, DCM_NumberOfStudyRelatedSeries, "");
    put(*keys, DCM_NumberOfStudyRelatedInstances, "");
    return keys;
}

StudyRecord toStudyRecord(DcmDataset& answer)
{
    const AnswerText text(answer);
    StudyRecord record;
    record.studyInstanceUid = text(DCM_StudyInstanceUID);
    record.patientName = text(DCM_PatientName);
    record.patientId = text(DCM_PatientID);
    record.patientBirthDate = text(DCM_PatientBirthDate);
    record.patientSex = text(DCM_PatientSex);
    record.studyDate = text(DCM_StudyDate);
    record.studyTime = text(DCM_StudyTime);
    record.accessionNumber = text(DCM_AccessionNumber);
    record.studyDescription = text(DCM_StudyDescription);
    record.modalitiesInStudy = text(DCM_ModalitiesInStudy);
    record.studyId = text(DCM_StudyID);
    record.numberOfSeries = integerValue(answer, DCM_NumberOfStudyRelatedSeries);
    record.numberOfInstances = integerValue(answer, DCM_NumberOfStudyRelatedInstances);
    return record;
}

std::unique_ptr<DcmDataset> seriesKeys(const std::string& studyInstanceUid)
{
    requireQueryableUid(studyInstanceUid, "Study Instance UID");
    auto keys = findIdentifier("SERIES");
    put(*keys, DCM_StudyInstanceUID, studyInstanceUid);
    put(*keys, DCM_SeriesInstanceUID, "");
    put(*keys, DCM_Modality, "");
    put(*keys, DCM_SeriesNumber, "");
    put(*keys, DCM_SeriesDescription, "");
    put(*keys, DCM_BodyPartExamined, "");
    put(*keys, DCM_NumberOfSeriesRelatedInstances, "");
    return keys;
}

SeriesRecord toSeriesRecord(DcmDataset& answer)
{
    const AnswerText text(answer);
    SeriesRecord record;
    record.studyInstanceUid = text(DCM_StudyInstanceUID);
    record.seriesInstanceUid = text(DCM_SeriesInstanceUID);
    record.modality = text(DCM_Modality);
    record.seriesNumber = text(DCM_SeriesNumber);
    record.seriesDescription = text(DCM_SeriesDescription);
    record.bodyPartExamined = text(DCM_BodyPartExamined);
    record.numberOfInstances = integerValue(answer, DCM_NumberOfSeriesRelatedInstances);
    return record;
}

std::unique_ptr<DcmDataset> instanceKeys(const std::string& studyInstanceUid, const std::string& seriesInstanceUid)
{
    auto keys = findIdentifier("IMAGE");
    put(*keys, DCM_StudyInstanceUID, studyInstanceUid);
    put(*keys, DCM_SeriesInstanceUID, seriesInstanceUid);
    put(*keys, DCM_SOPInstanceUID, "");
    put(*keys, DCM_SOPClassUID, "");
    return keys;
}

InstanceRecord toInstanceRecord(DcmDataset& answer)
{
    const AnswerText text(answer);
    InstanceRecord record;
    record.studyInstanceUid = text(DCM_StudyInstanceUID);
    record.seriesInstanceUid = text(DCM_SeriesInstanceUID);
    record.sopInstanceUid = text(DCM_SOPInstanceUID);
    record.sopClassUid = text(DCM_SOPClassUID);
    return record;
}

std::unique_ptr<DcmDataset> studyRetrieveKeys(const std::string& studyInstanceUid)
{
    requireQueryableUid(studyInstanceUid, "Study Instance UID");
    auto keys = std::make_unique<DcmDataset>();
    put(*keys, DCM_QueryRetrieveLevel, "STUDY");
    put(*keys, DCM_StudyInstanceUID, studyInstanceUid);
    return keys;
}

std::unique_ptr<DcmDataset> instanceRetrieveKeys(const InstanceRecord& instance)
{
    auto keys = std::make_unique<DcmDataset>();
    put(*keys, DCM_QueryRetrieveLevel, "IMAGE");
    put(*keys, DCM_StudyInstanceUID, instance.studyInstanceUid);
    put(*keys, DCM_SeriesInstanceUID, instance.seriesInstanceUid);
    put(*keys, DCM_SOPInstanceUID, instance.sopInstanceUid);
    return keys;
}

std::vector<SeriesRecord> findSeries(DicomAssociation& association, const std::string& studyInstanceUid,
                                     const Cancellation* cancellation)
{
    std::vector<SeriesRecord> series;
    auto keys = seriesKeys(studyInstanceUid);
    association.find(
        *keys, [&](DcmDataset& answer) { series.push_back(toSeriesRecord(answer)); }, cancellation);
    for (SeriesRecord& record : series)
        if (record.studyInstanceUid.empty()) record.studyInstanceUid = studyInstanceUid;
    return series;
}

std::vector<InstanceRecord> findInstances(DicomAssociation& association, const std::string& studyInstanceUid,
                                          const Cancellation* cancellation)
{
    std::vector<InstanceRecord> instances;
    for (const SeriesRecord& series : findSeries(association, studyInstanceUid, cancellation)) {
        if (series.seriesInstanceUid.empty()) continue;
        auto keys = instanceKeys(studyInstanceUid, series.seriesInstanceUid);
        association.find(
            *keys,
            [&](DcmDataset& answer) {
                InstanceRecord record = toInstanceRecord(answer);
                if (record.studyInstanceUid.empty()) record.studyInstanceUid = studyInstanceUid;
                if (record.seriesInstanceUid.empty()) record.seriesInstanceUid = series.seriesInstanceUid;
                if (!record.sopInstanceUid.empty()) instances.push_back(std::move(record));
            },
            cancellation);
    }
    return instances;
}

}  // namespace pulmo::net::detail
