#include "index/DateRange.h"

#include <QDate>
#include <QLocale>
#include <QRegularExpression>

namespace pulmo::index {
namespace {

/// One end of a range: a day, a month or a year, as its first and last day. False when the text is
/// not a calendar date in one of the accepted forms.
bool readDate(const QString& text, QDate& first, QDate& last)
{
    static const QRegularExpression day(QStringLiteral("^(\\d{4})[-./]?(\\d{2})[-./]?(\\d{2})$"));
    static const QRegularExpression dayShort(QStringLiteral("^(\\d{4})[-./](\\d{1,2})[-./](\\d{1,2})$"));
    static const QRegularExpression month(QStringLiteral("^(\\d{4})[-./]?(\\d{1,2})$"));
    static const QRegularExpression year(QStringLiteral("^(\\d{4})$"));
    const auto number = [](const QRegularExpressionMatch& match, int group) {
        return QLocale::c().toInt(match.captured(group));
    };
    QRegularExpressionMatch match = day.match(text);
    if (!match.hasMatch()) match = dayShort.match(text);
    if (match.hasMatch()) {
        first = QDate(number(match, 1), number(match, 2), number(match, 3));
        last = first;
        return first.isValid();
    }
    match = year.match(text);
    if (match.hasMatch()) {
        first = QDate(number(match, 1), 1, 1);
        last = QDate(number(match, 1), 12, 31);
        return first.isValid();
    }
    match = month.match(text);
    if (match.hasMatch()) {
        first = QDate(number(match, 1), number(match, 2), 1);
        if (!first.isValid()) return false;
        last = first.addMonths(1).addDays(-1);
        return true;
    }
    return false;
}

QString dicom(const QDate& date)
{
    return date.toString(QStringLiteral("yyyyMMdd"));
}

}  // namespace

DateRange parseDateRange(const QString& text)
{
    DateRange range;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) return range;
    // Where the range splits: "..", a dash between spaces, an en or em dash, or one '-' between two
    // undashed DICOM dates (or at either end of one, as DICOM's open ranges are written).
    static const QRegularExpression spaced(QStringLiteral("\\s*(?:\\.\\.|\\s-\\s|\\x{2013}|\\x{2014})\\s*"));
    static const QRegularExpression dicomRange(QStringLiteral("^(\\d{8})?-(\\d{8})?$"));
    static const QRegularExpression openEnd(QStringLiteral("^(.*\\S)\\s+-$|^-\\s+(\\S.*)$"));
    QString start = trimmed;
    QString end;
    bool isRange = false;
    const QRegularExpressionMatch spacedMatch = spaced.match(trimmed);
    if (spacedMatch.hasMatch()) {
        start = trimmed.left(spacedMatch.capturedStart()).trimmed();
        end = trimmed.mid(spacedMatch.capturedEnd()).trimmed();
        isRange = true;
    } else if (const QRegularExpressionMatch match = dicomRange.match(trimmed); match.hasMatch()) {
        start = match.captured(1);
        end = match.captured(2);
        isRange = true;
    } else if (const QRegularExpressionMatch match = openEnd.match(trimmed); match.hasMatch()) {
        start = match.captured(1);
        end = match.captured(2);
        isRange = true;
    }
    QDate startFirst, startLast, endFirst, endLast;
    if (!start.isEmpty() && !readDate(start, startFirst, startLast)) {
        range.error = DateRange::Error::NotADate;
        range.offending = start;
        return range;
    }
    if (!end.isEmpty() && !readDate(end, endFirst, endLast)) {
        range.error = DateRange::Error::NotADate;
        range.offending = end;
        return range;
    }
    if (isRange && start.isEmpty() && end.isEmpty()) {
        range.error = DateRange::Error::NotADate;
        range.offending = trimmed;
        return range;
    }
    if (!isRange) {
        range.from = dicom(startFirst);
        range.to = dicom(startLast);
        return range;
    }
    if (!start.isEmpty() && !end.isEmpty() && endLast < startFirst) {
        range.error = DateRange::Error::EndBeforeStart;
        return range;
    }
    if (!start.isEmpty()) range.from = dicom(startFirst);
    if (!end.isEmpty()) range.to = dicom(endLast);
    return range;
}

}  // namespace pulmo::index
