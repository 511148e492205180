#include "deid/SafePrivate.h"

#include <cstring>

namespace pulmo::deid {

namespace {

struct SafePrivateRow {
    const char* creator;
    uint16_t group;
    uint8_t element;
    const char* name;
};

// Generated at build time from safe-private.csv (generate_rules.py).
const SafePrivateRow kSafe[] = {
#include "SafePrivateTable.inc"
    {nullptr, 0, 0, nullptr},  // the list may be empty: this row ends it
};

}  // namespace

bool isSafePrivate(const std::string& creator, uint16_t group, uint8_t element)
{
    for (const SafePrivateRow& row : kSafe)
        if (row.creator != nullptr && row.group == group && row.element == element && creator == row.creator)
            return true;
    return false;
}

}  // namespace pulmo::deid
