#pragma once
// The window presets on keys 1-5: from the file, Lung, Mediastinum, Bone, Full range.
//
// CT images carry Hounsfield units, so their presets are the usual HU windows. Projection images
// (CR, DX) have no calibrated unit: their Lung, Mediastinum and Bone presets are taken from the
// image's own histogram, in display order (dark to bright as shown), so that they work for
// MONOCHROME1 and MONOCHROME2 alike and for any detector's value range.

#include "dicom/DecodedImage.h"
#include "dicom/LutStages.h"

#include <QString>

#include <vector>

namespace pulmo::viewer {

struct WindowPreset {
    QString name;  ///< translated, for menus and the toolbar
    dicom::VoiPreset voi;
};

/// The five presets for a frame of a grayscale image, in key order 1..5.
std::vector<WindowPreset> windowPresets(const dicom::DecodedImage& image, int frame);

}  // namespace pulmo::viewer
