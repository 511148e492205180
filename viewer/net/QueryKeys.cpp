#include "net/QueryKeys.h"

#include "net/DcmtkNetwork.h"
#include "net/DicomAssociation.h"

#include <dcmtk/dcmdata/dcdeftag.h>

namespace pulmo::net::detail {
namespace {

void put(DcmDataset& keys, const DcmTagKey& tag, const std::string& value)
{
    keys.putAndInsertString(tag, value.c_str());
}

int integerValue(DcmDataset& answer, const DcmTagKey& tag)
{
    const std::string text = stringValue(answer, tag.getGroup(), tag.getElement());
    if (text.empty()) return -1;
    try {
        return std::stoi(text);
    } catch (const std::exception&) {
        return -1;
    }
}

std::string text(DcmDataset& answer, const DcmTagKey& tag)
{
    return stringValue(answer, tag.getGroup(), tag.getElement());
}

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
    auto keys = std::make_unique<DcmDataset>();
    put(*keys, DCM_QueryRetrieveLevel, "STUDY");
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
    StudyRecord record;
    record.studyInstanceUid = text(answer, DCM_StudyInstanceUID);
    record.patientName = text(answer, DCM_PatientName);
    record.patientId = text(answer, DCM_PatientID);
    record.patientBirthDate = text(answer, DCM_PatientBirthDate);
    record.patientSex = text(answer, DCM_PatientSex);
    record.studyDate = text(answer, DCM_StudyDate);
    record.studyTime = text(answer, DCM_StudyTime);
    record.accessionNumber = text(answer, DCM_AccessionNumber);
    record.studyDescription = text(answer, DCM_StudyDescription);
    record.modalitiesInStudy = text(answer, DCM_ModalitiesInStudy);
    record.studyId = text(answer, DCM_StudyID);
    record.numberOfSeries = integerValue(answer, DCM_NumberOfStudyRelatedSeries);
    record.numberOfInstances = integerValue(answer, DCM_NumberOfStudyRelatedInstances);
    return record;
}

std::unique_ptr<DcmDataset> seriesKeys(const std::string& studyInstanceUid)
{
    requireQueryableUid(studyInstanceUid, "Study Instance UID");
    auto keys = std::make_unique<DcmDataset>();
    put(*keys, DCM_QueryRetrieveLevel, "SERIES");
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
    SeriesRecord record;
    record.studyInstanceUid = text(answer, DCM_StudyInstanceUID);
    record.seriesInstanceUid = text(answer, DCM_SeriesInstanceUID);
    record.modality = text(answer, DCM_Modality);
    record.seriesNumber = text(answer, DCM_SeriesNumber);
    record.seriesDescription = text(answer, DCM_SeriesDescription);
    record.bodyPartExamined = text(answer, DCM_BodyPartExamined);
    record.numberOfInstances = integerValue(answer, DCM_NumberOfSeriesRelatedInstances);
    return record;
}

std::unique_ptr<DcmDataset> instanceKeys(const std::string& studyInstanceUid, const std::string& seriesInstanceUid)
{
    auto keys = std::make_unique<DcmDataset>();
    put(*keys, DCM_QueryRetrieveLevel, "IMAGE");
    put(*keys, DCM_StudyInstanceUID, studyInstanceUid);
    put(*keys, DCM_SeriesInstanceUID, seriesInstanceUid);
    put(*keys, DCM_SOPInstanceUID, "");
    put(*keys, DCM_SOPClassUID, "");
    return keys;
}

InstanceRecord toInstanceRecord(DcmDataset& answer)
{
    InstanceRecord record;
    record.studyInstanceUid = text(answer, DCM_StudyInstanceUID);
    record.seriesInstanceUid = text(answer, DCM_SeriesInstanceUID);
    record.sopInstanceUid = text(answer, DCM_SOPInstanceUID);
    record.sopClassUid = text(answer, DCM_SOPClassUID);
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
