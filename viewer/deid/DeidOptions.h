#pragma once
// What a de-identification does beyond the Basic Application Level Confidentiality Profile
// (PS3.15 E.3): the profile's options, each named as PS3.15 names it (and as Table E.1-1's columns).

#include <string>
#include <vector>

namespace pulmo::deid {

struct DeidOptions {
    bool retainSafePrivate = false;             ///< E.3.10, code 113111
    bool retainUids = false;                    ///< E.3.9, code 113110
    bool retainDeviceIdentity = false;          ///< E.3.8, code 113109
    bool retainInstitutionIdentity = false;     ///< E.3.12, code 113112
    bool retainPatientCharacteristics = false;  ///< E.3.7, code 113108
    bool retainDates = false;                   ///< E.3.6 full dates, code 113106
    bool shiftDates = false;                    ///< E.3.6 modified dates, code 113107
    bool cleanDescriptors = false;              ///< E.3.5, code 113105
    bool cleanStructuredContent = false;        ///< E.3.3, code 113104
    bool cleanGraphics = false;                 ///< E.3.2, code 113103
    /// Export images that may carry burned-in identity (Burned In Annotation YES, or absent on a
    /// secondary capture or scanned film). Off: they are refused and listed.
    bool allowBurnedIn = false;

    /// The options' names as the CLI spells them ("retain-uids", …), in the table's column order.
    std::vector<std::string> names() const;
    /// Turns on the option of that name (as names() spells it); false for a name it does not know.
    bool set(const std::string& name);
    /// Empty, or why these options cannot go together (full and modified dates).
    std::string conflict() const;
};

}  // namespace pulmo::deid
