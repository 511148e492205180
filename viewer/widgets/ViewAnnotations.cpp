#include "widgets/ViewAnnotations.h"

#include <QCoreApplication>
#include <QDate>
#include <QFontMetrics>
#include <QLocale>
#include <QPainter>

#include <algorithm>
#include <charconv>

namespace pulmo::viewer {
namespace {

constexpr int kMargin = 8;
constexpr int kGap = 10;  // between pieces side by side

bool overlapsVertically(const QRect& a, int top, int height)
{
    return a.top() < top + height && top < a.bottom() + 1;
}

}  // namespace

QString isoDate(const std::string& dicomDate)
{
    const QString text = QString::fromStdString(dicomDate);
    return text.size() == 8 ? text.left(4) + QLatin1Char('-') + text.mid(4, 2) + QLatin1Char('-') + text.mid(6, 2)
                            : text;
}

QString patientAgeText(const dicom::ImageInfo& info)
{
    const std::string& age = info.patientAge;
    if (age.size() == 4) {
        int value = 0;
        const auto [end, error] = std::from_chars(age.data(), age.data() + 3, value);
        if (error == std::errc() && end == age.data() + 3) {
            const QString number = QLocale().toString(value);
            switch (age[3]) {
                case 'Y':
                    return QCoreApplication::translate("ViewAnnotations", "%1 y").arg(number);
                case 'M':
                    return QCoreApplication::translate("ViewAnnotations", "%1 mo").arg(number);
                case 'W':
                    return QCoreApplication::translate("ViewAnnotations", "%1 wk").arg(number);
                case 'D':
                    return QCoreApplication::translate("ViewAnnotations", "%1 d").arg(number);
                default:
                    break;
            }
        }
    }
    const QDate born = QDate::fromString(QString::fromStdString(info.patientBirthDate), QStringLiteral("yyyyMMdd"));
    const QDate at = QDate::fromString(QString::fromStdString(info.studyDate), QStringLiteral("yyyyMMdd"));
    if (!born.isValid() || !at.isValid() || at < born) return {};
    int months = (at.year() - born.year()) * 12 + (at.month() - born.month());
    if (at.day() < born.day()) --months;
    if (months >= 24)
        return QCoreApplication::translate("ViewAnnotations", "%1 y").arg(QLocale().toString(months / 12));
    if (months >= 1) return QCoreApplication::translate("ViewAnnotations", "%1 mo").arg(QLocale().toString(months));
    return QCoreApplication::translate("ViewAnnotations", "%1 d").arg(QLocale().toString(born.daysTo(at)));
}

std::vector<PlacedText> layoutAnnotations(const QSize& size, const QFont& font, const QFont& labelFont,
                                          const AnnotationContent& content)
{
    std::vector<PlacedText> placed;
    const QRect view(QPoint(0, 0), size);
    const QRect inner = view.adjusted(kMargin, kMargin, -kMargin, -kMargin);
    if (inner.width() <= 0 || inner.height() <= 0) return placed;
    const QFontMetrics metrics(font);
    const QFontMetrics labelMetrics(labelFont);
    const auto fits = [&](const QRect& rect) {
        if (!view.contains(rect)) return false;
        if (std::any_of(content.reserved.begin(), content.reserved.end(),
                        [&](const QRect& taken) { return taken.intersects(rect); }))
            return false;
        return std::none_of(placed.begin(), placed.end(),
                            [&](const PlacedText& other) { return other.rect.intersects(rect); });
    };
    const auto place = [&](PlacedText::Role role, const QString& text, const QRect& rect) {
        if (text.isEmpty() || !fits(rect)) return false;
        placed.push_back({role, text, rect});
        return true;
    };

    // The orientation labels, centred on their edges.
    const int labelHeight = labelMetrics.height();
    const auto labelSize = [&](const QString& text) {
        return QSize(labelMetrics.horizontalAdvance(text), labelHeight);
    };
    if (!content.top.isEmpty()) {
        const QSize s = labelSize(content.top);
        place(PlacedText::Role::OrientationLabel, content.top,
              QRect(QPoint(view.center().x() - s.width() / 2, inner.top()), s));
    }
    if (!content.bottom.isEmpty()) {
        const QSize s = labelSize(content.bottom);
        place(PlacedText::Role::OrientationLabel, content.bottom,
              QRect(QPoint(view.center().x() - s.width() / 2, inner.bottom() + 1 - s.height()), s));
    }
    if (!content.left.isEmpty()) {
        const QSize s = labelSize(content.left);
        place(PlacedText::Role::OrientationLabel, content.left,
              QRect(QPoint(inner.left(), view.center().y() - s.height() / 2), s));
    }
    if (!content.right.isEmpty()) {
        const QSize s = labelSize(content.right);
        place(PlacedText::Role::OrientationLabel, content.right,
              QRect(QPoint(inner.right() + 1 - s.width(), view.center().y() - s.height() / 2), s));
    }

    // The indicator under the top label, the hint above the bottom label: centred, elided to the view.
    const int line = metrics.height();
    const auto centred = [&](PlacedText::Role role, const QString& text, int top) {
        const QString shown = metrics.elidedText(text, Qt::ElideRight, inner.width() - 2 * kMargin);
        if (shown.isEmpty() || shown == QStringLiteral("\u2026")) return false;
        const int width = metrics.horizontalAdvance(shown) + kMargin;  // room for the backing
        return place(role, shown, QRect(view.center().x() - width / 2, top, width, line));
    };
    const int belowTop = inner.top() + (content.top.isEmpty() ? 0 : labelHeight + 2);
    const int aboveBottom = inner.bottom() + 1 - (content.bottom.isEmpty() ? 0 : labelHeight + 2) - line;
    if (!content.viewState.isEmpty()) centred(PlacedText::Role::ViewState, content.viewState, belowTop);

    // The corners, one line of each at a time, so that a crowded view drops the least important.
    std::array<bool, 4> done{};
    std::array<int, 4> next{};  // the next line of each corner
    std::array<int, 4> rows{};  // lines placed in each corner
    const int minimumWidth = metrics.horizontalAdvance(QStringLiteral("Www"));
    for (bool any = true; any;) {
        any = false;
        for (size_t corner = 0; corner < 4; ++corner) {
            const QStringList& lines = content.corners[corner];
            while (next[corner] < lines.size() && lines[next[corner]].trimmed().isEmpty()) ++next[corner];
            if (done[corner] || next[corner] >= lines.size()) continue;
            any = true;
            const QString text = lines[next[corner]++].trimmed();
            const bool right = corner == AnnotationContent::TopRight || corner == AnnotationContent::BottomRight;
            const bool bottom = corner == AnnotationContent::BottomLeft || corner == AnnotationContent::BottomRight;
            const int top = bottom ? inner.bottom() + 1 - (rows[corner] + 1) * line : inner.top() + rows[corner] * line;
            // The free span from the corner's side towards the middle, up to the first piece in the way.
            int from = inner.left(), to = view.center().x() - kGap / 2;
            if (right) from = view.center().x() + kGap / 2, to = inner.right() + 1;
            std::vector<QRect> obstacles = content.reserved;
            for (const PlacedText& other : placed) obstacles.push_back(other.rect);
            for (const QRect& other : obstacles) {
                if (!overlapsVertically(other, top, line)) continue;
                if (!right) {
                    if (other.right() < from) continue;
                    to = std::min(to, other.left() - kGap);
                } else {
                    if (other.left() >= to) continue;
                    from = std::max(from, other.right() + 1 + kGap);
                }
            }
            const int span = to - from;
            // The bottom-right lines end in their numbers (W/L, zoom): shortened at the front there.
            const Qt::TextElideMode mode = right && bottom ? Qt::ElideLeft : Qt::ElideRight;
            const QString shown = span >= minimumWidth ? metrics.elidedText(text, mode, span) : QString();
            const int width = metrics.horizontalAdvance(shown);
            const QRect rect(right ? to - width : from, top, width, line);
            if (shown.isEmpty() || shown == QStringLiteral("\u2026") || top < inner.top() ||
                top + line > inner.bottom() + 1 || !place(PlacedText::Role::Corner, shown, rect)) {
                done[corner] = true;  // no room: this line and the less important ones are dropped
                continue;
            }
            ++rows[corner];
        }
    }
    // The tool's hint last, so that it never pushes out a corner's numbers (W/L, zoom): above the
    // bottom label between the corners if it fits there, else above the bottom corners' lines, or not at all.
    if (!content.hint.isEmpty() && !centred(PlacedText::Role::Hint, content.hint, aboveBottom)) {
        const int bottomRows = std::max(rows[AnnotationContent::BottomLeft], rows[AnnotationContent::BottomRight]);
        const int top = std::min(aboveBottom, inner.bottom() + 1 - (bottomRows + 1) * line);
        if (top > view.center().y()) centred(PlacedText::Role::Hint, content.hint, top);
    }
    return placed;
}

void paintAnnotations(QPainter& painter, const std::vector<PlacedText>& placed, const QFont& font,
                      const QFont& labelFont)
{
    painter.save();
    for (const PlacedText& item : placed) {
        const bool label = item.role == PlacedText::Role::OrientationLabel;
        painter.setFont(label ? labelFont : font);
        QColor colour(230, 230, 230);
        if (item.role == PlacedText::Role::ViewState || item.role == PlacedText::Role::Hint) {
            // A backing, so that the warning and the hint read over bright bone.
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor(0, 0, 0, 170));
            painter.drawRoundedRect(item.rect, 3, 3);
            colour = item.role == PlacedText::Role::ViewState ? QColor(255, 190, 40) : QColor(200, 220, 255);
        } else if (label) {
            colour = QColor(255, 230, 120);
        }
        const int flags = Qt::AlignVCenter | (item.role == PlacedText::Role::Corner ? Qt::AlignLeft : Qt::AlignHCenter);
        painter.setPen(QColor(0, 0, 0));
        painter.drawText(item.rect.translated(1, 1), flags, item.text);
        painter.setPen(colour);
        painter.drawText(item.rect, flags, item.text);
    }
    painter.restore();
}

}  // namespace pulmo::viewer
