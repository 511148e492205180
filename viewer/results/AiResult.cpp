#include "results/AiResult.h"

namespace pulmo::results {

const char* toString(Finding finding)
{
    switch (finding) {
        case Finding::Present:
            return "present";
        case Finding::Absent:
            return "absent";
        case Finding::Indeterminate:
            return "indeterminate";
    }
    return "indeterminate";
}

std::optional<Finding> findingFromString(const std::string& text)
{
    for (Finding f : {Finding::Present, Finding::Absent, Finding::Indeterminate})
        if (text == toString(f)) return f;
    return std::nullopt;
}

std::optional<Finding> findingForLabel(const std::string& label, const std::string& positiveLabel)
{
    if (label.empty()) return std::nullopt;
    if (label == "INDETERMINATE") return Finding::Indeterminate;
    return label == positiveLabel ? Finding::Present : Finding::Absent;
}

std::string Algorithm::versionWithHash() const
{
    const std::string hash = "sha256:" + sha256.substr(0, 12);
    return version.empty() ? hash : version + " (" + hash + ")";
}

}  // namespace pulmo::results
