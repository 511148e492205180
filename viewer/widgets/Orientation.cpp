#include "widgets/Orientation.h"

#include <cmath>

namespace pulmo::viewer {
namespace {

bool isDirection(const QString& direction)
{
    if (direction.isEmpty()) return false;
    for (const QChar letter : direction)
        if (!QStringLiteral("APRLHF").contains(letter)) return false;
    return true;
}

}  // namespace

QString oppositeDirection(const QString& direction)
{
    if (!isDirection(direction)) return {};
    QString opposite;
    for (const QChar letter : direction) {
        switch (letter.unicode()) {
            case 'A':
                opposite += QLatin1Char('P');
                break;
            case 'P':
                opposite += QLatin1Char('A');
                break;
            case 'R':
                opposite += QLatin1Char('L');
                break;
            case 'L':
                opposite += QLatin1Char('R');
                break;
            case 'H':
                opposite += QLatin1Char('F');
                break;
            default:
                opposite += QLatin1Char('H');
                break;  // 'F'
        }
    }
    return opposite;
}

std::optional<ImageAxes> imageAxes(const dicom::ImageInfo& info)
{
    // Patient Orientation (PS3.3 C.7.6.1.1.1): "the anatomical direction of the positive row axis
    // (left to right) and the positive column axis (top to bottom)", letters A, P, R, L, H, F for a
    // biped. Required (Type 1) in the DX Image Module for every DX image, so it is what counts.
    const QString orientation = QString::fromStdString(info.patientOrientation).trimmed().toUpper();
    const QStringList values = orientation.split(QLatin1Char('\\'));
    if (values.size() == 2 && isDirection(values[0].trimmed()) && isDirection(values[1].trimmed()))
        return ImageAxes{values[0].trimmed(), values[1].trimmed(), false};

    // Without it (CR often has none): View Position (0018,5101, DX Positioning Module, PS3.3
    // C.8.11.5) names the projection, not the display. By the radiographic convention for frontal
    // chest films, both PA and AP are hung as if the viewer faced the patient: the patient's right
    // on the viewer's left and the head up, so the rows run towards the patient's left (L) and the
    // columns towards the feet (F). This is what a correctly hung CR plate shows; the phantom
    // generator writes the same "L\F" for its PA images. Laterals (LL, RL), obliques and
    // decubitus views are hung by local habit, so they get no labels rather than a guess.
    const QString view = QString::fromStdString(info.viewPosition).trimmed().toUpper();
    if (view == QLatin1String("PA") || view == QLatin1String("AP"))
        return ImageAxes{QStringLiteral("L"), QStringLiteral("F"), true};
    return std::nullopt;
}

OrientationLabels orientationLabels(const ImageAxes& axes, const QTransform& imageToScreen)
{
    // The image's +x axis goes to (m11, m12) on screen, its +y axis to (m21, m22).
    const double xx = imageToScreen.m11(), xy = imageToScreen.m12();
    const double yx = imageToScreen.m21(), yy = imageToScreen.m22();
    const auto along = [&](double component, const QString& direction) {
        return component > 0.0 ? direction : oppositeDirection(direction);
    };
    OrientationLabels labels;
    // Screen +x: the image axis with the larger horizontal component.
    labels.right = std::abs(xx) >= std::abs(yx) ? along(xx, axes.row) : along(yx, axes.column);
    labels.bottom = std::abs(yy) >= std::abs(xy) ? along(yy, axes.column) : along(xy, axes.row);
    labels.left = oppositeDirection(labels.right);
    labels.top = oppositeDirection(labels.bottom);
    return labels;
}

}  // namespace pulmo::viewer
