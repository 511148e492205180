// fuzz_dicom_file: bytes -> the loader (header for the index, then every frame decoded) -> every
// frame through the display pipeline (the file's default VOI, each of its presets, inverted) and the
// model's input path (modelInputImage and the input summary monitoring records), with the product's
// own limits. A DicomError is the promised answer to a bad file; anything else escaping is a finding,
// as is a rendered frame of the wrong size.

#include "FuzzSupport.h"

#include "MonitoringRecord.h"
#include "ModelInput.h"
#include "dicom/DicomError.h"
#include "dicom/DicomFile.h"
#include "dicom/DisplayPipeline.h"
#include "index/HeaderReader.h"

#include <QString>

#include <string>

namespace {

using namespace pulmo;

void renderEveryFrame(const std::shared_ptr<const dicom::DecodedImage>& image)
{
    dicom::DisplayPipeline pipeline(image);
    const size_t expected = size_t(pipeline.width()) * size_t(pipeline.height()) * size_t(pipeline.channels());
    for (int frame = 0; frame < image->frameCount(); ++frame) {
        pipeline.setFrame(frame);
        pipeline.setDefaultVoi();
        if (pipeline.render().size() != expected) fuzz::finding("a rendered frame of the wrong size");
        for (const dicom::VoiPreset& preset : image->info().voiPresets) {
            pipeline.setVoi(preset);
            pipeline.render();
        }
        pipeline.setUserInvert(true);
        pipeline.render();
        pipeline.setUserInvert(false);
        const inference::GrayImage input = app::modelInputImage(image, frame);
        if (input.pixels.size() != size_t(input.width) * size_t(input.height))
            fuzz::finding("a model input of the wrong size");
        app::summariseInput(input);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fuzz::setUp();
    const std::string path = fuzz::writeScratch(data, size, "input.dcm");
    index::detail::readHeader(QString::fromStdString(path));
    try {
        dicom::readImageInfo(path);
    } catch (const dicom::DicomError&) {
    }
    try {
        renderEveryFrame(dicom::loadImage(path));
    } catch (const dicom::DicomError&) {
    }
    return 0;
}
