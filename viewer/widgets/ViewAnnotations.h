#pragma once
// The text laid over the image view: orientation labels on the four edges, the "not as acquired"
// indicator, the tool hint, and the four corners' lines. Laid out so that no two pieces overlap
// and none leaves the view: in a small view the corners' lines are elided, and lower-priority
// lines are dropped rather than written over one another. The edge labels and the indicator come
// first (laterality), then the corners line by line in priority order.
//
// Plain functions of plain values, UI thread (fonts).

#include "dicom/ImageInfo.h"

#include <QColor>
#include <QFont>
#include <QRect>
#include <QSize>
#include <QString>
#include <QStringList>

#include <array>
#include <vector>

class QPainter;

namespace pulmo::viewer {

/// What is to be shown; corners in priority order (the first line is nearest its corner).
struct AnnotationContent {
    QString left, right, top, bottom;  ///< orientation labels; empty: none
    QString viewState;                 ///< e.g. "Flipped H · Rotated 90°"; empty when as acquired
    QString hint;                      ///< the active tool's hint; empty for none
    enum Corner { TopLeft, TopRight, BottomLeft, BottomRight };
    std::array<QStringList, 4> corners;
    /// Rectangles already taken by something else drawn over the image (the heatmap's colour bar).
    std::vector<QRect> reserved;
};

/// One placed piece of text; `rect` is where it is drawn (its text already elided to fit).
struct PlacedText {
    enum class Role { Corner, OrientationLabel, ViewState, Hint };
    Role role = Role::Corner;
    QString text;
    QRect rect;
};

/// Lays `content` out in a view of `size`: corner lines in `font`, edge labels in `labelFont`.
std::vector<PlacedText> layoutAnnotations(const QSize& size, const QFont& font, const QFont& labelFont,
                                          const AnnotationContent& content);

/// Draws the layout: light text with a dark shadow, the indicator in amber on a dark backing.
void paintAnnotations(QPainter& painter, const std::vector<PlacedText>& placed, const QFont& font,
                      const QFont& labelFont);

/// The patient's age for the corner: Patient's Age (0010,1010, "045Y", "006M", "010W", "003D") as
/// "45 y", "6 mo", "10 wk", "3 d"; without it, computed from Patient's Birth Date at the study
/// date (years, or months under two years). Empty when neither is known or the dates are invalid.
QString patientAgeText(const dicom::ImageInfo& info);

/// A DICOM date (YYYYMMDD) as YYYY-MM-DD; other text as it is.
QString isoDate(const std::string& dicomDate);

}  // namespace pulmo::viewer
