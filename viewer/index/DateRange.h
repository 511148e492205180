#pragma once
// A study date or date range as a reader types it into the browser's date field, read into the
// DICOM DA bounds a StudyFilter takes. Qt Core only; errors are kinds with the offending text, for
// the application to word in the reader's language.

#include <QString>

namespace pulmo::index {

struct DateRange {
    enum class Error {
        None,
        NotADate,       ///< `offending` is not a date in any accepted form
        EndBeforeStart  ///< both are dates, the second before the first
    };
    Error error = Error::None;
    QString from;       ///< YYYYMMDD, inclusive; empty: open
    QString to;         ///< YYYYMMDD, inclusive; empty: open
    QString offending;  ///< the part that was not understood (Error::NotADate)
    bool ok() const { return error == Error::None; }
};

/// Empty text is no range (both bounds open). A date is YYYY-MM-DD (as the browser shows it),
/// YYYYMMDD (DICOM DA), or with '.' or '/' between its parts; YYYY-MM is that month and YYYY that
/// year. A range is two of them joined by "-" (DICOM's 20240101-20240131; with spaces around it
/// between dashed dates), "..", "–" or "—"; either end may be left out ("2024-03-01 -" is from
/// that day on). Only calendar dates are accepted: 2024-02-30 is NotADate.
DateRange parseDateRange(const QString& text);

}  // namespace pulmo::index
