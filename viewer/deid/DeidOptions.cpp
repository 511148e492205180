#include "deid/DeidOptions.h"

namespace pulmo::deid {

std::vector<std::string> DeidOptions::names() const
{
    std::vector<std::string> out;
    const std::pair<bool, const char*> all[] = {
        {retainSafePrivate, "retain-safe-private"},
        {retainUids, "retain-uids"},
        {retainDeviceIdentity, "retain-device-identity"},
        {retainInstitutionIdentity, "retain-institution-identity"},
        {retainPatientCharacteristics, "retain-patient-characteristics"},
        {retainDates, "retain-dates"},
        {shiftDates, "shift-dates"},
        {cleanDescriptors, "clean-descriptors"},
        {cleanStructuredContent, "clean-structured-content"},
        {cleanGraphics, "clean-graphics"},
        {allowBurnedIn, "allow-burned-in"},
    };
    for (const auto& [on, name] : all)
        if (on) out.emplace_back(name);
    return out;
}

std::string DeidOptions::conflict() const
{
    if (retainDates && shiftDates) return "--retain-dates keeps the dates and --shift-dates moves them: choose one";
    return {};
}

}  // namespace pulmo::deid
