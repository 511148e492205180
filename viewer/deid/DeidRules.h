#pragma once
// PS3.15 Table E.1-1 as the build generated it from the standard's CSV, and the one place that turns
// a row and the chosen options into the action to take. Private to the de-identifier.

#include "deid/DeidOptions.h"

#include <cstdint>
#include <string>

namespace pulmo::deid {

/// One row of Table E.1-1, spelled as the table spells it.
struct DeidRuleRow {
    uint32_t value;     ///< (group << 16) | element, wildcard digits zero
    uint32_t mask;      ///< the digits that must match ((50xx,xxxx) → 0xFF000000)
    bool privateRange;  ///< the row "(gggg,eeee) where gggg is odd"
    const char* name;
    const char* basic;  ///< "X", "Z", "D", "U", "X/Z", "X/D", "Z/D", "X/Z/D", "X/Z/U*"
    bool inStandardIod;
    const char* options[10];  ///< "", "K" or "C", in DeidOptions' order
};

/// What to do to one attribute once the options and the IOD have been taken into account.
enum class Action {
    Keep,        ///< K
    Clean,       ///< C: keep, with the identifiers the object itself carries scrubbed (dates: shifted)
    Remove,      ///< X
    Empty,       ///< Z
    Dummy,       ///< D
    ReplaceUid,  ///< U (and the U of X/Z/U*: the sequence kept, its UIDs mapped)
};

/// An attribute's Type in the IOD of the object, as far as Pulmo knows it.
enum class IodType { Unknown, Type1, Type2, Type3 };

/// The table's row for a standard attribute (nullptr when the table does not list it: kept).
/// Private attributes are not looked up here.
const DeidRuleRow* findRule(uint16_t group, uint16_t element);
/// The number of rows generated from the table (621 for the 2025 edition).
int ruleCount();
/// Row `index` (0 … ruleCount() - 1) in the table's order.
const DeidRuleRow& ruleAt(int index);

/// The action for `row` under `options`: an option's K wins over its C, and either over the Basic
/// Profile; combined actions are resolved by `type` (Type 1 → D or U, Type 2 → Z, Type 3 → X). With
/// the type unknown (a nested attribute, an IOD Pulmo has no table for) the attribute keeps its
/// presence: `present` non-empty → D (or U), present but empty → Z, absent → X.
Action resolve(const DeidRuleRow& row, const DeidOptions& options, IodType type, bool presentWithValue);

/// True when the row belongs to the dates of the Retain Longitudinal Temporal Information options.
bool isLongitudinalDate(const DeidRuleRow& row);

}  // namespace pulmo::deid
