#include "LabelWords.h"

#include <QLocale>

#include <cmath>

namespace pulmo::app {

QString LabelWords::of(const QString& label)
{
    if (label == QLatin1String("NORMAL")) return tr("Normal");
    if (label == QLatin1String("PNEUMONIA")) return tr("Pneumonia");
    if (label == QLatin1String("NOT_ASSESSABLE")) return tr("Not assessable");
    if (label == QLatin1String("INDETERMINATE")) return tr("Indeterminate");
    return label;
}

QString LabelWords::probability(double probability)
{
    // A softmax output of 0.9996 is not "100.0 %" sure: beyond 99 % (and under 1 %) the model's
    // figures say more about its calibration than about the image.
    if (probability > 0.99) return tr("> %1", "a probability above 99%").arg(percent(0.99));
    if (probability < 0.01) return tr("< %1", "a probability below 1%").arg(percent(0.01));
    return percent(std::round(probability * 100.0) / 100.0);
}

QString LabelWords::percent(double fraction)
{
    const double value = fraction * 100.0;
    const bool whole = std::abs(value - std::round(value)) < 0.05;
    //: A percentage: German and French set a space before the sign ("87 %").
    return tr("%1%").arg(whole ? QLocale().toString(int(std::lround(value))) : QLocale().toString(value, 'f', 1));
}

}  // namespace pulmo::app
