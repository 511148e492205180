#include "deid/DeidRules.h"

#include <cstring>
#include <unordered_map>
#include <vector>

namespace pulmo::deid {

namespace {

// Generated at build time from ps3.15-table-e.1-1.csv (generate_rules.py).
const DeidRuleRow kRows[] = {
#include "DeidRuleTable.inc"
};

struct Index {
    std::unordered_map<uint32_t, const DeidRuleRow*> exact;
    std::vector<const DeidRuleRow*> ranges;  // (50xx,xxxx), (60xx,3000), (60xx,4000)
};

const Index& index()
{
    static const Index built = [] {
        Index index;
        for (const DeidRuleRow& row : kRows) {
            if (row.privateRange) continue;
            if (row.mask == 0xFFFFFFFFu)
                index.exact.emplace(row.value, &row);
            else
                index.ranges.push_back(&row);
        }
        return index;
    }();
    return built;
}

bool optionOn(const DeidOptions& options, int column)
{
    switch (column) {
        case 0:
            return options.retainSafePrivate;
        case 1:
            return options.retainUids;
        case 2:
            return options.retainDeviceIdentity;
        case 3:
            return options.retainInstitutionIdentity;
        case 4:
            return options.retainPatientCharacteristics;
        case 5:
            return options.retainDates;
        case 6:
            return options.shiftDates;
        case 7:
            return options.cleanDescriptors;
        case 8:
            return options.cleanStructuredContent;
        case 9:
            return options.cleanGraphics;
        default:
            return false;
    }
}

}  // namespace

const DeidRuleRow* findRule(uint16_t group, uint16_t element)
{
    const uint32_t tag = (uint32_t(group) << 16) | element;
    const Index& rules = index();
    if (const auto found = rules.exact.find(tag); found != rules.exact.end()) return found->second;
    // Ranges only for even groups: (50xx,xxxx) and (60xx,eeee) name the repeating groups 5000-501E
    // and 6000-601E, never a private group that happens to share the high digits.
    if (group & 1u) return nullptr;
    for (const DeidRuleRow* row : rules.ranges)
        if ((tag & row->mask) == row->value && (group & 0x00FFu) <= 0x1Eu) return row;
    return nullptr;
}

int ruleCount()
{
    return int(sizeof(kRows) / sizeof(kRows[0]));
}

const DeidRuleRow& ruleAt(int index)
{
    return kRows[index];
}

Action resolve(const DeidRuleRow& row, const DeidOptions& options, IodType type, bool presentWithValue)
{
    bool keep = false;
    bool clean = false;
    for (int column = 0; column < 10; ++column) {
        if (!optionOn(options, column)) continue;
        keep = keep || std::strcmp(row.options[column], "K") == 0;
        clean = clean || std::strcmp(row.options[column], "C") == 0;
    }
    if (keep) return Action::Keep;
    if (clean) return Action::Clean;

    const std::string basic = row.basic;
    if (basic == "X") return Action::Remove;
    if (basic == "Z") return Action::Empty;
    if (basic == "D") return Action::Dummy;
    if (basic == "U") return Action::ReplaceUid;
    if (basic == "K") return Action::Keep;
    if (basic == "C") return Action::Clean;

    // Combined actions (PS3.15 Table E.1-1's legend): the weakest action the IOD allows. Without
    // the IOD's word, the attribute keeps its presence, which removes no less identity: a value
    // becomes a dummy (or mapped UIDs), an empty attribute stays empty.
    if (type == IodType::Unknown) type = presentWithValue ? IodType::Type1 : IodType::Type2;
    const bool canRemove = type == IodType::Type3;
    if (basic == "X/Z") return canRemove ? Action::Remove : Action::Empty;
    if (basic == "X/D") return canRemove ? Action::Remove : (type == IodType::Type1 ? Action::Dummy : Action::Empty);
    if (basic == "Z/D") return type == IodType::Type1 ? Action::Dummy : Action::Empty;
    if (basic == "X/Z/D") return canRemove ? Action::Remove : (type == IodType::Type1 ? Action::Dummy : Action::Empty);
    if (basic == "X/Z/U*")
        return canRemove ? Action::Remove : (type == IodType::Type1 ? Action::ReplaceUid : Action::Empty);
    return Action::Remove;  // an action the generator did not know never reaches here; remove to be safe
}

bool isLongitudinalDate(const DeidRuleRow& row)
{
    return std::strcmp(row.options[6], "C") == 0 || std::strcmp(row.options[5], "K") == 0;
}

}  // namespace pulmo::deid
