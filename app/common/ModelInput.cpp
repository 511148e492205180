#include "ModelInput.h"

#include "dicom/DicomFile.h"
#include "dicom/DisplayPipeline.h"

#include <algorithm>

namespace pulmo::app {

inference::GrayImage modelInputImage(std::shared_ptr<const dicom::DecodedImage> image, int frame)
{
    dicom::DisplayPipeline pipeline(std::move(image));  // default VOI, no user invert
    pipeline.setFrame(frame);
    inference::GrayImage gray;
    gray.width = pipeline.width();
    gray.height = pipeline.height();
    const std::vector<uint8_t> rendered = pipeline.render();
    if (pipeline.channels() == 1) {
        gray.pixels = rendered;
        return gray;
    }
    gray.pixels.resize(size_t(gray.width) * size_t(gray.height));
    for (size_t i = 0; i < gray.pixels.size(); ++i) {
        const double luma = 0.299 * rendered[3 * i] + 0.587 * rendered[3 * i + 1] + 0.114 * rendered[3 * i + 2];
        gray.pixels[i] = uint8_t(std::min(255.0, luma + 0.5));
    }
    return gray;
}

QImage modelInputImage(const QString& filePath)
{
    const inference::GrayImage gray = modelInputImage(dicom::loadImage(filePath.toStdString()));
    QImage image(gray.width, gray.height, QImage::Format_Grayscale8);
    for (int y = 0; y < gray.height; ++y)
        std::copy_n(gray.pixels.data() + size_t(y) * size_t(gray.width), size_t(gray.width), image.scanLine(y));
    return image;
}

QImage modelInputImage(const QString& filePath, QString* error)
{
    try {
        return modelInputImage(filePath);
    } catch (const std::exception& exception) {
        if (error) *error = QString::fromUtf8(exception.what());
        return QImage();
    }
}

}  // namespace pulmo::app
