#pragma once
// Private to the de-identifier: the Type (PS3.3) of the attributes whose Table E.1-1 action depends
// on it (X/Z, X/D, Z/D, X/Z/D, X/Z/U*), at the top level of the IODs of chest radiography and of
// Pulmo's own results.

#include "deid/DeidRules.h"

#include <cstdint>
#include <string>

namespace pulmo::deid {

/// The attribute's Type at the top level of the IOD of `sopClassUid`; Unknown for an IOD not in
/// the table (the caller then keeps the attribute's presence).
IodType topLevelType(const std::string& sopClassUid, uint16_t group, uint16_t element);

}  // namespace pulmo::deid
