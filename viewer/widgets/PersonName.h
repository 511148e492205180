#pragma once
// A DICOM person name (PN, UTF-8 from the bridge) as readers say it, for every place that shows one.

#include <QString>

namespace pulmo::viewer {

/// "Family^Given^Middle^Prefix^Suffix" as "Family, Given Middle". A name with component groups
/// (alphabetic=ideographic=phonetic, as Japanese and Korean names have) keeps every group, each
/// said the same way, joined by " = ": "Yamada^Tarou=山田^太郎=やまだ^たろう" is
/// "Yamada, Tarou = 山田, 太郎 = やまだ, たろう". Empty groups are left out.
QString displayPersonName(const QString& dicomName);

}  // namespace pulmo::viewer
