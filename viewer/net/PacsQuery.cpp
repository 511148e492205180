#include "net/PacsQuery.h"

#include "net/DicomAssociation.h"
#include "net/QueryKeys.h"

namespace pulmo::net {

PacsQuery::PacsQuery(PacsPeer peer, std::string callingAeTitle, NetworkTimeouts timeouts)
    : m_peer(std::move(peer)), m_callingAe(std::move(callingAeTitle)), m_timeouts(timeouts)
{
}

void PacsQuery::echo() const
{
    detail::DicomAssociation association(m_peer, m_callingAe, m_timeouts);
    association.proposeVerification();
    association.open();
    association.echo();
    association.close();
}

std::vector<StudyRecord> PacsQuery::findStudies(const StudyQuery& query, const Cancellation* cancellation) const
{
    detail::DicomAssociation association(m_peer, m_callingAe, m_timeouts);
    association.proposeStudyRootFind();
    association.open();
    std::vector<StudyRecord> studies;
    auto keys = detail::studyKeys(query);
    association.find(
        *keys, [&](DcmDataset& answer) { studies.push_back(detail::toStudyRecord(answer)); }, cancellation);
    association.close();
    return studies;
}

std::vector<SeriesRecord> PacsQuery::findSeries(const std::string& studyInstanceUid,
                                                const Cancellation* cancellation) const
{
    detail::requireQueryableUid(studyInstanceUid, "Study Instance UID");
    detail::DicomAssociation association(m_peer, m_callingAe, m_timeouts);
    association.proposeStudyRootFind();
    association.open();
    std::vector<SeriesRecord> series = detail::findSeries(association, studyInstanceUid, cancellation);
    association.close();
    return series;
}

std::vector<InstanceRecord> PacsQuery::findInstances(const std::string& studyInstanceUid,
                                                     const Cancellation* cancellation) const
{
    detail::requireQueryableUid(studyInstanceUid, "Study Instance UID");
    detail::DicomAssociation association(m_peer, m_callingAe, m_timeouts);
    association.proposeStudyRootFind();
    association.open();
    std::vector<InstanceRecord> instances = detail::findInstances(association, studyInstanceUid, cancellation);
    association.close();
    return instances;
}

}  // namespace pulmo::net
