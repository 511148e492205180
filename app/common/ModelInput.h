#pragma once
// The model's input image, from the same display pipeline the reader's view uses: the file's own
// VOI (its first window, else VOI LUT, else full range), MONOCHROME1 inverted, 8-bit. The reader's
// interactive window/level does not change what the model is given (it was trained on the file's
// default rendering); colour images are reduced to luma (ITU-R BT.601).

#include "InferenceBackend.h"
#include "dicom/DecodedImage.h"

#include <QImage>
#include <QString>

#include <memory>

namespace pulmo::app {

inference::GrayImage modelInputImage(std::shared_ptr<const dicom::DecodedImage> image, int frame = 0);

/// The same image read from a file, as a Grayscale8 QImage (the retraining export's pictures); a
/// null image and the reason in `error` when the file cannot be decoded.
QImage modelInputImage(const QString& filePath, QString* error);
/// The same, throwing the decoder's error (dicom::DicomError) instead of saying it in English.
QImage modelInputImage(const QString& filePath);

}  // namespace pulmo::app
