#pragma once
// Private to viewer/net: Study Root C-FIND identifiers built from the project's query values, and
// answers turned back into plain records.

#include "net/Cancellation.h"
#include "net/StudyQuery.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>

#include <memory>
#include <string>
#include <vector>

namespace pulmo::net::detail {

class DicomAssociation;

std::unique_ptr<DcmDataset> studyKeys(const StudyQuery& query);
StudyRecord toStudyRecord(DcmDataset& answer);

std::unique_ptr<DcmDataset> seriesKeys(const std::string& studyInstanceUid);
SeriesRecord toSeriesRecord(DcmDataset& answer);

std::unique_ptr<DcmDataset> instanceKeys(const std::string& studyInstanceUid, const std::string& seriesInstanceUid);
InstanceRecord toInstanceRecord(DcmDataset& answer);

/// Retrieve identifiers: a whole study, or one instance (IMAGE level, with its series).
std::unique_ptr<DcmDataset> studyRetrieveKeys(const std::string& studyInstanceUid);
std::unique_ptr<DcmDataset> instanceRetrieveKeys(const InstanceRecord& instance);

/// Series then instances of a study on an open association with C-FIND. Hierarchical peers
/// (dcmqrscp) want the series UID at IMAGE level, hence one query per series.
std::vector<SeriesRecord> findSeries(DicomAssociation& association, const std::string& studyInstanceUid,
                                     const Cancellation* cancellation);
std::vector<InstanceRecord> findInstances(DicomAssociation& association, const std::string& studyInstanceUid,
                                          const Cancellation* cancellation);

/// Throws NetworkError(Local) when `uid` could not be a UID to ask for (empty, too long, wildcards).
void requireQueryableUid(const std::string& uid, const char* what);

}  // namespace pulmo::net::detail
