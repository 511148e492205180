#include "widgets/WindowPresets.h"

#include <QCoreApplication>
#include <QSettings>

#include <algorithm>
#include <cmath>

namespace pulmo::viewer {
namespace {

/// A preset's name for menus; the names are marked with QT_TRANSLATE_NOOP where they are written.
QString translated(const char* name)
{
    return QCoreApplication::translate("WindowPresets", name);
}

bool isComputedTomography(const dicom::ImageInfo& info)
{
    return info.modality == "CT" && info.modalityTransform.kind == dicom::ModalityTransform::Kind::Rescale;
}

/// Modality values at the given quantiles of the frame, sampled (a 3000x2500 image need not be sorted whole).
std::vector<double> quantiles(const dicom::DecodedImage& image, int frame, const std::vector<double>& levels)
{
    const std::vector<double> values = image.modalityValues(frame);
    std::vector<double> sample;
    const size_t step = std::max<size_t>(1, values.size() / 200000);
    for (size_t i = 0; i < values.size(); i += step) sample.push_back(values[i]);
    std::sort(sample.begin(), sample.end());
    std::vector<double> result;
    for (const double level : levels) {
        if (sample.empty()) {
            result.push_back(0.0);
            continue;
        }
        const size_t index = std::min(sample.size() - 1, size_t(std::llround(level * double(sample.size() - 1))));
        result.push_back(sample[index]);
    }
    return result;
}

}  // namespace

std::vector<WindowPreset> windowPresets(const dicom::DecodedImage& image, int frame)
{
    const dicom::ImageInfo& info = image.info();
    std::vector<WindowPreset> presets;
    presets.push_back({QCoreApplication::translate("WindowPresets", "From file"),
                       info.voiPresets.empty() ? dicom::VoiPreset{} : info.voiPresets.front()});
    QSettings settings;
    settings.beginGroup(QStringLiteral("presets"));
    // Each preset is editable in the settings: "C,W" in HU for CT, "low,high" display quantiles otherwise.
    const auto pair = [&](const QString& key, double first, double second) {
        const QStringList values =
            settings.value(key, QStringLiteral("%1,%2").arg(first).arg(second)).toString().split(QLatin1Char(','));
        bool okFirst = false, okSecond = false;
        const double a = values.value(0).toDouble(&okFirst);
        const double b = values.value(1).toDouble(&okSecond);
        return (okFirst && okSecond) ? std::make_pair(a, b) : std::make_pair(first, second);
    };
    if (isComputedTomography(info)) {
        const auto hu = [&](const char* name, double center, double width) {
            const auto [c, w] = pair(QStringLiteral("ct/") + QLatin1String(name), center, width);
            return WindowPreset{translated(name),
                                dicom::VoiPreset::window(c, std::max(1.0, w), dicom::VoiFunction::Linear, name)};
        };
        // The English names are also the settings keys and the VOI explanations; menus show translations.
        presets.push_back(hu(QT_TRANSLATE_NOOP("WindowPresets", "Lung"), -600, 1500));
        presets.push_back(hu(QT_TRANSLATE_NOOP("WindowPresets", "Mediastinum"), 40, 400));
        presets.push_back(hu(QT_TRANSLATE_NOOP("WindowPresets", "Bone"), 480, 2500));
    } else {
        // Display order: for MONOCHROME1 the brightest displayed pixels have the lowest values.
        const bool inverted = info.presentationInverts();
        const auto displayQuantiles = [&](std::vector<double> levels) {
            if (inverted)
                for (double& level : levels) level = 1.0 - level;
            return quantiles(image, frame, levels);
        };
        const auto window = [&](const char* name, double defaultLow, double defaultHigh) {
            const auto [low, high] = pair(QStringLiteral("projection/") + QLatin1String(name), defaultLow, defaultHigh);
            const std::vector<double> q = displayQuantiles({std::clamp(low, 0.0, 1.0), std::clamp(high, 0.0, 1.0)});
            const double width = std::max(1.0, std::abs(q[1] - q[0]));
            return WindowPreset{translated(name),
                                dicom::VoiPreset::window((q[0] + q[1]) / 2.0, width, dicom::VoiFunction::Linear, name)};
        };
        presets.push_back(
            window(QT_TRANSLATE_NOOP("WindowPresets", "Lung"), 0.02, 0.70));  // the dark half: lung fields
        presets.push_back(window(QT_TRANSLATE_NOOP("WindowPresets", "Mediastinum"), 0.45, 0.97));  // heart, mediastinum
        // Bone: on a radiograph the ribs lie over the lung, so a window over the brightest quarter
        // alone (0.75..0.999, as before) blacked out the lung and the ribs with it. Wide instead: from
        // the dark end of the lung fields (the 5th percentile, below the lung's own values) to the
        // brightest bone, so that the lung stays grey and the rib cortex stands out against it,
        // while the spine and clavicles are not clipped. Centred in the upper half of the histogram.
        presets.push_back(window(QT_TRANSLATE_NOOP("WindowPresets", "Bone"), 0.05, 0.999));
    }
    presets.push_back({QCoreApplication::translate("WindowPresets", "Full range"), dicom::VoiPreset{}});
    return presets;
}

}  // namespace pulmo::viewer
