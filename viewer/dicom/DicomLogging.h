#pragma once
// The DICOM bridge's log: files opened and decoded (transfer syntax, size, time), refusals, files written.

#include <QLoggingCategory>

namespace pulmo::dicom {

/// "pulmo.dicom": warnings and above by default; QT_LOGGING_RULES="pulmo.dicom.debug=true" shows the rest.
Q_DECLARE_LOGGING_CATEGORY(lcDicom)

}  // namespace pulmo::dicom
