#include "NumericLocale.h"

#include <QtGlobal>

#include <clocale>

namespace pulmo::app {

void useCNumericLocale()
{
    if (qEnvironmentVariableIntValue("PULMO_TEST_KEEP_USER_NUMERIC_LOCALE") == 1) return;
    std::setlocale(LC_NUMERIC, "C");
}

}  // namespace pulmo::app
