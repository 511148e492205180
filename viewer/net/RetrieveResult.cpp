#include "net/RetrieveResult.h"

namespace pulmo::net {

const char* toString(RetrieveOutcome outcome)
{
    switch (outcome) {
        case RetrieveOutcome::Success:
            return "success";
        case RetrieveOutcome::PartialFailure:
            return "partial_failure";
        case RetrieveOutcome::Cancelled:
            return "cancelled";
        case RetrieveOutcome::Failed:
            return "failed";
    }
    return "unknown";
}

}  // namespace pulmo::net
