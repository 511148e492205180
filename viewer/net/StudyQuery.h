#pragma once
// Query keys and answers of Study Root C-FIND, as plain values (no DCMTK types).

#include <string>
#include <vector>

namespace pulmo::net {

/// STUDY-level matching keys. Empty means "any" (universal matching). Values go out as DICOM
/// matching expressions: '*' and '?' wildcards in names and descriptions, date ranges as
/// "YYYYMMDD-YYYYMMDD", "YYYYMMDD-" or "-YYYYMMDD".
struct StudyQuery {
    std::string patientName;  ///< e.g. "DOE*"
    std::string patientId;
    std::string accessionNumber;
    std::string studyDate;  ///< single date or range
    /// Modalities In Study, matched by the peer against each study's list. The viewer's default is
    /// "CR\\DX" (chest radiographs); empty asks for every modality.
    std::string modalities;
    std::string studyDescription;
};

/// One study as the peer described it.
struct StudyRecord {
    std::string studyInstanceUid;
    std::string patientName;
    std::string patientId;
    std::string patientBirthDate;
    std::string patientSex;
    std::string studyDate;
    std::string studyTime;
    std::string accessionNumber;
    std::string studyDescription;
    std::string modalitiesInStudy;  ///< backslash-separated, as the peer sent it
    std::string studyId;
    int numberOfSeries = -1;     ///< -1: the peer did not say
    int numberOfInstances = -1;  ///< -1: the peer did not say
};

/// One series of a study.
struct SeriesRecord {
    std::string studyInstanceUid;
    std::string seriesInstanceUid;
    std::string modality;
    std::string seriesNumber;
    std::string seriesDescription;
    std::string bodyPartExamined;
    int numberOfInstances = -1;  ///< -1: the peer did not say
};

/// One instance of a study (IMAGE level), what a retrieve needs to ask for it again.
struct InstanceRecord {
    std::string studyInstanceUid;
    std::string seriesInstanceUid;
    std::string sopInstanceUid;
    std::string sopClassUid;
};

}  // namespace pulmo::net
