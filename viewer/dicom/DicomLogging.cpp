#include "dicom/DicomLogging.h"

namespace pulmo::dicom {

Q_LOGGING_CATEGORY(lcDicom, "pulmo.dicom", QtWarningMsg)

}  // namespace pulmo::dicom
