#pragma once
// Inside pulmo_deid: what the de-identifier and the re-identifier share. DCMTK types:
// include it from the library's own .cpp files only.

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcitem.h>

#include <string>
#include <vector>

namespace pulmo::deid::detail {

/// An attribute's value (every value, backslash-separated); empty when absent.
std::string textOf(DcmItem& item, const DcmTagKey& key);
/// The values of a multi-valued text, split at the backslash (one empty value for "").
std::vector<std::string> splitValues(const std::string& text);

}  // namespace pulmo::deid::detail
