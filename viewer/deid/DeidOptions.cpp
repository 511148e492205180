#include "deid/DeidOptions.h"

namespace pulmo::deid {

namespace {

/// Each option with its name, in Table E.1-1's column order (allow-burned-in last: Pulmo's own).
struct NamedOption {
    bool DeidOptions::*member;
    const char* name;
};
const NamedOption kNamed[] = {
    {&DeidOptions::retainSafePrivate, "retain-safe-private"},
    {&DeidOptions::retainUids, "retain-uids"},
    {&DeidOptions::retainDeviceIdentity, "retain-device-identity"},
    {&DeidOptions::retainInstitutionIdentity, "retain-institution-identity"},
    {&DeidOptions::retainPatientCharacteristics, "retain-patient-characteristics"},
    {&DeidOptions::retainDates, "retain-dates"},
    {&DeidOptions::shiftDates, "shift-dates"},
    {&DeidOptions::cleanDescriptors, "clean-descriptors"},
    {&DeidOptions::cleanStructuredContent, "clean-structured-content"},
    {&DeidOptions::cleanGraphics, "clean-graphics"},
    {&DeidOptions::allowBurnedIn, "allow-burned-in"},
};

}  // namespace

std::vector<std::string> DeidOptions::names() const
{
    std::vector<std::string> out;
    for (const NamedOption& option : kNamed)
        if (this->*option.member) out.emplace_back(option.name);
    return out;
}

bool DeidOptions::set(const std::string& name)
{
    for (const NamedOption& option : kNamed) {
        if (name != option.name) continue;
        this->*option.member = true;
        return true;
    }
    return false;
}

std::string DeidOptions::conflict() const
{
    if (retainDates && shiftDates) return "--retain-dates keeps the dates and --shift-dates moves them: choose one";
    return {};
}

}  // namespace pulmo::deid
