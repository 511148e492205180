#pragma once
// Orientation labels for the four edges of the view: which way the patient lies on screen, after
// the reader's rotations and flips. A laterality hazard when missing or wrong, so nothing is guessed
// beyond the table in Orientation.cpp: an image whose directions are unknown gets no labels.
//
// Plain functions of plain values (Qt Gui only), any thread.

#include "dicom/ImageInfo.h"

#include <QString>
#include <QTransform>

#include <optional>

namespace pulmo::viewer {

/// The anatomical directions of an image's rows (left to right) and columns (top to bottom), as
/// letters A, P, R, L, H, F, one or more each ("L", "LF"): PS3.3 C.7.6.1.1.1.
struct ImageAxes {
    QString row;
    QString column;
    /// True when taken from View Position by the display convention (no Patient Orientation).
    bool fromViewPosition = false;
};

/// The image's axes from Patient Orientation (0020,0020) when it holds two valid values, else from
/// View Position (0018,5101) for the frontal chest views of the table in Orientation.cpp; nullopt
/// when neither says (a lateral, an oblique, a quadruped's codes, nothing at all).
std::optional<ImageAxes> imageAxes(const dicom::ImageInfo& info);

/// The direction opposite to a (compound) direction: "L" -> "R", "LF" -> "RH"; empty for a string
/// with any letter other than A, P, R, L, H, F.
QString oppositeDirection(const QString& direction);

/// What the four edges of the screen point to.
struct OrientationLabels {
    QString left;
    QString right;
    QString top;
    QString bottom;
};

/// The labels for an image with `axes` shown through `imageToScreen` (any combination of quarter
/// turns and flips; the translation and scale do not matter). The right edge shows the direction
/// that the screen's +x axis points to in the patient, the bottom edge the screen's +y axis, the
/// left and top edges their opposites.
OrientationLabels orientationLabels(const ImageAxes& axes, const QTransform& imageToScreen);

}  // namespace pulmo::viewer
