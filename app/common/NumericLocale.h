#pragma once
// LC_NUMERIC back to "C" once the application object exists (Qt's documentation advises it).

namespace pulmo::app {

/// Call right after Q(Core)Application is made: its constructor has called setlocale(LC_ALL, ""), so
/// with a German or French LC_NUMERIC the C library would now read and write "0,5". This is the
/// second safety net only: every number in a file, protocol or command line is parsed and written
/// without the C library's locale (std::from_chars/std::to_chars, QLocale::c()), and people see
/// numbers in their own QLocale; scripts/check-locale-free.sh and tst_locale hold the code to that.
/// With PULMO_TEST_KEEP_USER_NUMERIC_LOCALE=1 in the environment the user's LC_NUMERIC is kept, so
/// that the locale tests can prove the first guarantee through the programs without the second.
void useCNumericLocale();

}  // namespace pulmo::app
