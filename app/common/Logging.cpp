#include "Logging.h"

#include "dicom/DcmtkLogging.h"
#include "dicom/DicomLogging.h"
#include "net/NetworkLogging.h"

#include <QLoggingCategory>

#include <cstring>

namespace pulmo::app {
namespace {

QLoggingCategory::CategoryFilter previousFilter = nullptr;

/// Qt's rules first (QT_LOGGING_RULES, qtlogging.ini, setFilterRules), then: a pulmo.* category's
/// levels are thresholds, as in most logging libraries.
void pulmoCategoryFilter(QLoggingCategory* category)
{
    if (previousFilter) previousFilter(category);
    if (std::strncmp(category->categoryName(), "pulmo.", 6) != 0) return;
    if (category->isDebugEnabled()) category->setEnabled(QtInfoMsg, true);
    if (category->isInfoEnabled()) category->setEnabled(QtWarningMsg, true);
    if (category->isWarningEnabled()) category->setEnabled(QtCriticalMsg, true);
}

}  // namespace

void configureLogging()
{
    if (!previousFilter) previousFilter = QLoggingCategory::installFilter(pulmoCategoryFilter);
    dicom::routeDcmtkLog(dicom::lcDicom(), net::lcNet());
}

}  // namespace pulmo::app
