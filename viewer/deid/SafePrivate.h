#pragma once
// Private to the de-identifier: the private attributes the Retain Safe Private Option may keep.

#include <cstdint>
#include <string>

namespace pulmo::deid {

/// Whether the private attribute `element` (its low byte: xx in (gggg,bbxx)) of the block reserved by
/// `creator` in `group` is in the safe set (PS3.15 Table E.3.10-1, safe-private.csv).
bool isSafePrivate(const std::string& creator, uint16_t group, uint8_t element);

}  // namespace pulmo::deid
